//! The rows that differ between two table files of one table, found from
//! the content-defined chunks the files are stored as, and the SQL that
//! brings a table holding the first file's rows to the second's.
//!
//! A release loads production's checkpoint into its new instance, and
//! under the write freeze needs only what production wrote since. Loading a
//! changed table whole costs as long as the table is big; reading the two
//! files whole costs nearly as much. But the version repository keeps each
//! file as a list of chunks, and a chunk both files hold has the same
//! bytes in both, so only the rows near chunks of one file alone can
//! differ.
//!
//! Why that is exact: chunks that occur once in each file (never the first,
//! which holds the definition) and follow each other in both are linked
//! into *runs*, the same runs in both files. A '\n' only ever ends a row
//! (values escape theirs), so every row that starts after a run's first
//! '\n' and ends by its last is the same row in both files. Every other
//! row (in a chunk of one file alone, or crossing the edge of a run) is
//! read from both files and compared by primary key: a key read from the
//! old file only was deleted (had it stayed, it would be inside the same
//! run of the new file, hence inside that run of the old one, and not
//! read), a row read from the new file and not equal to the old one is
//! written. Rows are written with `REPLACE`, after the deletes, so a key
//! whose case changed and a secondary unique key taken by the instance
//! itself both end as the new file says.
//!
//! Pure: chunk ids and a way to fetch a chunk's bytes in, SQL out.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::io;

use slipway_sqldump::parse_create_table;

/// The most bytes of rows a delta reads before it gives up: past this the
/// table has changed so much that loading it whole is as quick.
pub const DEFAULT_MAX_ROW_BYTES: usize = 256 << 20;

/// What to do to a table holding an old file's rows so that it holds a
/// new file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    /// Run these statements (the session settings first).
    Apply(AppliedDelta),
    /// Load the new file whole, for the reason given.
    Reload(String),
}

/// The statements of a delta and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedDelta {
    /// SQL: session settings, deletes, then replaced rows.
    pub sql: Vec<u8>,
    /// Rows deleted.
    pub deleted: u64,
    /// Rows written (added or changed).
    pub written: u64,
    /// Bytes of both files read to find them.
    pub bytes_read: u64,
}

/// The session settings of a delta: as a table file's, except that unique
/// checks stay on, since `REPLACE` relies on them.
const SESSION: &str = "/*!40101 SET NAMES utf8mb4 */;\n\
/*!40103 SET TIME_ZONE='+00:00' */;\n\
/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n\
/*!40014 SET UNIQUE_CHECKS=1 */;\n\
/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n";

/// A statement of the delta ends after this many bytes of values.
const STATEMENT_BYTES: usize = 1 << 20;

/// Where a file's chunks lie: `runs[i]` is the run chunk `i` belongs to
/// (`None` for a chunk of this file alone, or one holding part of either
/// file's definition).
fn runs<K: Eq + Hash + Copy>(
    this: &[K],
    other: &[K],
    definition: &HashSet<K>,
) -> Vec<Option<usize>> {
    fn positions<K: Eq + Hash + Copy>(chunks: &[K]) -> HashMap<K, Option<usize>> {
        let mut at: HashMap<K, Option<usize>> = HashMap::new();
        for (i, k) in chunks.iter().enumerate() {
            at.entry(*k).and_modify(|p| *p = None).or_insert(Some(i));
        }
        at
    }
    let here = positions(this);
    let there = positions(other);
    // A chunk's place in the other file, when it is once in each and holds
    // no definition.
    let place = |k: &K| -> Option<usize> {
        if definition.contains(k) {
            return None;
        }
        here.get(k).copied().flatten()?;
        there.get(k).copied().flatten()
    };
    let mut out = Vec::with_capacity(this.len());
    let mut run = 0usize;
    for (i, k) in this.iter().enumerate() {
        match place(k) {
            None => out.push(None),
            Some(p) => {
                let linked = i > 0
                    && out[i - 1].is_some()
                    && place(&this[i - 1]).is_some_and(|q| q + 1 == p);
                if !linked {
                    run += 1;
                }
                out.push(Some(run));
            }
        }
    }
    out
}

/// The bytes of one file that must be read, as pieces that each start at
/// the start of a row (or the file) and end after a '\n' (or at the end).
struct Pieces<'a, K, F> {
    chunks: &'a [K],
    runs: Vec<Option<usize>>,
    fetch: F,
    /// The first chunks, fetched already to find the definition.
    fetched: Vec<Vec<u8>>,
    bytes_read: u64,
    max_bytes: usize,
}

impl<'a, K: Copy, F: FnMut(K) -> io::Result<Vec<u8>>> Pieces<'a, K, F> {
    /// A file's pieces, its first chunks (those holding its definition)
    /// fetched at once.
    fn new(chunks: &'a [K], mut fetch: F, max_bytes: usize) -> io::Result<Pieces<'a, K, F>> {
        let mut fetched = Vec::new();
        let mut head = Vec::new();
        let mut bytes_read = 0;
        for k in chunks {
            let bytes = fetch(*k)?;
            bytes_read += bytes.len() as u64;
            head.extend_from_slice(&bytes);
            fetched.push(bytes);
            if header_end(&head).is_some() {
                break;
            }
        }
        Ok(Pieces {
            chunks,
            runs: Vec::new(),
            fetch,
            fetched,
            bytes_read,
            max_bytes,
        })
    }

    /// The chunks holding the definition.
    fn definition(&self) -> &[K] {
        &self.chunks[..self.fetched.len()]
    }

    fn fetch(&mut self, i: usize) -> Result<Vec<u8>, Stop> {
        if let Some(bytes) = self.fetched.get_mut(i).filter(|b| !b.is_empty()) {
            return Ok(std::mem::take(bytes));
        }
        let bytes = (self.fetch)(self.chunks[i])?;
        self.bytes_read += bytes.len() as u64;
        if self.bytes_read > self.max_bytes as u64 {
            return Err(fallback(format!(
                "more than {} MiB of it would be read",
                self.max_bytes >> 20
            )));
        }
        Ok(bytes)
    }

    /// Calls `piece` with each piece in file order.
    fn each(&mut self, piece: &mut dyn FnMut(&[u8]) -> Result<(), Stop>) -> Result<(), Stop> {
        let mut current: Vec<u8> = Vec::new();
        let mut i = 0;
        let n = self.chunks.len();
        while i < n {
            let Some(run) = self.runs[i] else {
                let bytes = self.fetch(i)?;
                current.extend_from_slice(&bytes);
                i += 1;
                continue;
            };
            let mut end = i;
            while end + 1 < n && self.runs[end + 1] == Some(run) {
                end += 1;
            }
            // The run's head, to its first '\n'.
            let mut head: Vec<Vec<u8>> = Vec::new();
            let mut first = None;
            for j in i..=end {
                let bytes = self.fetch(j)?;
                let found = memchr::memchr(b'\n', &bytes);
                head.push(bytes);
                if let Some(at) = found {
                    first = Some((j, at));
                    break;
                }
            }
            // The run's tail, from its last '\n' (which must be another).
            let mut last = None;
            let mut tail: Vec<Vec<u8>> = Vec::new();
            if let Some((fj, fat)) = first {
                for j in (fj..=end).rev() {
                    let bytes = if j == fj {
                        head[j - i].clone()
                    } else {
                        self.fetch(j)?
                    };
                    let found = memchr::memrchr(b'\n', &bytes);
                    tail.push(bytes);
                    if let Some(at) = found {
                        if (j, at) != (fj, fat) {
                            last = Some((j, at));
                        }
                        break;
                    }
                }
            }
            match (first, last) {
                (Some((fj, fat)), Some((_, lat))) => {
                    for (k, bytes) in head.iter().enumerate() {
                        if i + k == fj {
                            current.extend_from_slice(&bytes[..=fat]);
                        } else {
                            current.extend_from_slice(bytes);
                        }
                    }
                    piece(&current)?;
                    current.clear();
                    tail.reverse();
                    for (k, bytes) in tail.iter().enumerate() {
                        if k == 0 {
                            current.extend_from_slice(&bytes[lat + 1..]);
                        } else {
                            current.extend_from_slice(bytes);
                        }
                    }
                }
                _ => {
                    // Fewer than two '\n': no row lies inside the run.
                    for j in i..=end {
                        let bytes = if j - i < head.len() {
                            std::mem::take(&mut head[j - i])
                        } else {
                            self.fetch(j)?
                        };
                        current.extend_from_slice(&bytes);
                    }
                }
            }
            i = end + 1;
        }
        if !current.is_empty() {
            piece(&current)?;
        }
        Ok(())
    }
}

/// A table file's definition and how its rows read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    /// The definition with its `AUTO_INCREMENT=` counter left out.
    definition: Vec<u8>,
    /// The counter, if the definition has one.
    auto_increment: Option<u64>,
    /// The table's name as the file quotes it.
    quoted_name: String,
    /// The primary key's columns as a `DELETE` names them: `a` or `(a,b)`.
    key_columns: String,
    /// The line that opens each `INSERT`, if the file has rows.
    insert_head: Option<Vec<u8>>,
}

/// The definition of a table file: what comes before its first `INSERT`.
fn header_end(piece: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < piece.len() {
        let end = memchr::memchr(b'\n', &piece[at..]).map_or(piece.len(), |e| at + e + 1);
        if piece[at..].starts_with(b"INSERT INTO ") {
            return Some(at);
        }
        at = end;
    }
    None
}

/// Splits `AUTO_INCREMENT=N` out of the table options of a definition.
fn without_counter(definition: &[u8]) -> (Vec<u8>, Option<u64>) {
    const KEY: &[u8] = b" AUTO_INCREMENT=";
    let Some(close) = memchr::memrchr(b')', definition) else {
        return (definition.to_vec(), None);
    };
    if let Some(at) = memchr::memmem::find(&definition[close..], KEY).map(|a| close + a) {
        let digits = definition[at + KEY.len()..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &definition[at + KEY.len()..at + KEY.len() + digits];
        let value = std::str::from_utf8(text).ok().and_then(|t| t.parse().ok());
        let mut out = definition[..at].to_vec();
        out.extend_from_slice(&definition[at + KEY.len() + digits..]);
        return (out, value);
    }
    (definition.to_vec(), None)
}

/// The `CREATE TABLE` statement of a definition.
fn create_statement(definition: &[u8]) -> Option<&[u8]> {
    let start = memchr::memmem::find(definition, b"\nCREATE ")? + 1;
    let rest = &definition[start..];
    let end = memchr::memrchr(b';', rest)?;
    Some(&rest[..end])
}

/// The quoted name after `INSERT INTO ` and the column list of an insert
/// head, if it has one.
fn head_columns(head: &[u8]) -> Option<(String, Option<Vec<String>>)> {
    let rest = head.strip_prefix(b"INSERT INTO ")?;
    let (name, after) = quoted_identifier(rest)?;
    let after = &rest[after..];
    if after.starts_with(b" VALUES") {
        return Some((name, None));
    }
    let mut list = after.strip_prefix(b" (")?;
    let mut columns = Vec::new();
    loop {
        let (column, next) = quoted_identifier(list)?;
        columns.push(unquote(&column));
        list = &list[next..];
        if let Some(more) = list.strip_prefix(b", ") {
            list = more;
        } else if list.starts_with(b") VALUES") {
            return Some((name, Some(columns)));
        } else {
            return None;
        }
    }
}

/// A backquoted identifier at the start of `text`, as written, and where
/// it ends.
fn quoted_identifier(text: &[u8]) -> Option<(String, usize)> {
    if text.first() != Some(&b'`') {
        return None;
    }
    let mut at = 1;
    loop {
        match text.get(at)? {
            b'`' if text.get(at + 1) == Some(&b'`') => at += 2,
            b'`' => {
                let written = std::str::from_utf8(&text[..=at]).ok()?;
                return Some((written.to_string(), at + 1));
            }
            _ => at += 1,
        }
    }
}

fn unquote(quoted: &str) -> String {
    quoted[1..quoted.len() - 1].replace("``", "`")
}

/// The rows of one file that were read, by key.
struct Rows {
    layout: Option<Layout>,
    /// Which values of a row make its primary key.
    key: Option<Vec<usize>>,
    by_key: HashMap<Vec<u8>, Vec<u8>>,
    order: Vec<Vec<u8>>,
    bytes: usize,
}

/// Why reading pieces stopped early.
enum Stop {
    /// A chunk could not be fetched.
    Io(io::Error),
    /// The delta falls back to loading the table whole, for this reason.
    Fallback(String),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Io(e)
    }
}

fn fallback(reason: impl Into<String>) -> Stop {
    Stop::Fallback(reason.into())
}

impl Rows {
    fn new() -> Rows {
        Rows {
            layout: None,
            key: None,
            by_key: HashMap::new(),
            order: Vec::new(),
            bytes: 0,
        }
    }

    /// Takes in one piece; the first holds the definition.
    fn piece(&mut self, piece: &[u8], max_bytes: usize) -> Result<(), Stop> {
        let mut at = 0;
        if self.layout.is_none() {
            let end = header_end(piece).unwrap_or(piece.len());
            let (definition, auto_increment) = without_counter(&piece[..end]);
            let create = create_statement(&definition)
                .ok_or_else(|| fallback("the table file has no CREATE TABLE"))?;
            let table = parse_create_table(create)
                .ok_or_else(|| fallback("its CREATE TABLE does not parse"))?;
            let quoted_name = crate::format::quote_identifier(&table.name);
            let insert_head = (end < piece.len()).then(|| {
                let line_end =
                    memchr::memchr(b'\n', &piece[end..]).map_or(piece.len(), |e| end + e + 1);
                piece[end..line_end].to_vec()
            });
            if table.primary_key.is_empty() {
                return Err(fallback("it has no primary key"));
            }
            let key_names: Vec<&String> = table
                .primary_key
                .iter()
                .map(|i| &table.columns[*i])
                .collect();
            let columns = match &insert_head {
                Some(head) => match head_columns(head) {
                    Some((_, Some(list))) => list,
                    Some((_, None)) => table.columns.clone(),
                    None => return Err(fallback("an INSERT line it does not expect")),
                },
                None => table.columns.clone(),
            };
            let key = key_names
                .iter()
                .map(|name| columns.iter().position(|c| c == *name))
                .collect::<Option<Vec<usize>>>()
                .ok_or_else(|| fallback("its primary key takes no values"))?;
            self.key = Some(key);
            let quoted_keys: Vec<String> = key_names
                .iter()
                .map(|n| crate::format::quote_identifier(n))
                .collect();
            let key_columns = match quoted_keys.as_slice() {
                [one] => one.clone(),
                many => format!("({})", many.join(",")),
            };
            self.layout = Some(Layout {
                key_columns,
                definition,
                auto_increment,
                quoted_name,
                insert_head,
            });
            at = end;
        }
        while at < piece.len() {
            let end = memchr::memchr(b'\n', &piece[at..]).map_or(piece.len(), |e| at + e + 1);
            let line = &piece[at..end];
            at = end;
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            if line.starts_with(b"INSERT INTO ") {
                let layout = self.layout.as_mut().ok_or_else(|| fallback("no layout"))?;
                match &layout.insert_head {
                    Some(head) if head.strip_suffix(b"\n") == Some(line) => {}
                    None => {
                        let mut head = line.to_vec();
                        head.push(b'\n');
                        layout.insert_head = Some(head);
                    }
                    Some(_) => return Err(fallback("its INSERT lines differ")),
                }
                continue;
            }
            let row = line
                .strip_suffix(b",")
                .or_else(|| line.strip_suffix(b";"))
                .ok_or_else(|| fallback("a line that is not a row"))?;
            let spans = crate::format::value_spans(row)
                .ok_or_else(|| fallback("a row that does not parse"))?;
            let key_of = self.key.as_ref().ok_or_else(|| fallback("no key"))?;
            let mut key = Vec::new();
            for (n, i) in key_of.iter().enumerate() {
                let (s, e) = *spans
                    .get(*i)
                    .ok_or_else(|| fallback("a row with fewer values than its key"))?;
                if n > 0 {
                    key.push(b',');
                }
                key.extend_from_slice(&row[s..e]);
            }
            self.bytes += row.len() + key.len();
            if self.bytes > max_bytes {
                return Err(fallback(format!(
                    "more than {} MiB of its rows changed",
                    max_bytes >> 20
                )));
            }
            if self.by_key.insert(key.clone(), row.to_vec()).is_some() {
                return Err(fallback("a key read twice"));
            }
            self.order.push(key);
        }
        Ok(())
    }
}

/// What differs between the table file made of `old` chunks and the one
/// made of `new` chunks, each chunk's bytes fetched by `fetch_old` or
/// `fetch_new`. `now` is the `CREATE TABLE` the table has where the rows
/// go, when it may no longer be the old file's (a schema upgrade ran
/// there). An error is one of fetching; a file the delta cannot read (no
/// primary key, another definition, too much changed) gives
/// [`Delta::Reload`].
pub fn table_delta<K, F, G>(
    old: &[K],
    new: &[K],
    fetch_old: F,
    fetch_new: G,
    max_bytes: usize,
    now: Option<&str>,
) -> io::Result<Delta>
where
    K: Eq + Hash + Copy,
    F: FnMut(K) -> io::Result<Vec<u8>>,
    G: FnMut(K) -> io::Result<Vec<u8>>,
{
    let mut old_pieces = Pieces::new(old, fetch_old, max_bytes)?;
    let mut new_pieces = Pieces::new(new, fetch_new, max_bytes)?;
    let definition: HashSet<K> = old_pieces
        .definition()
        .iter()
        .chain(new_pieces.definition())
        .copied()
        .collect();
    old_pieces.runs = runs(old, new, &definition);
    new_pieces.runs = runs(new, old, &definition);
    let mut before = Rows::new();
    let mut after = Rows::new();
    let read = read_rows(&mut old_pieces, &mut before, max_bytes)
        .and_then(|()| read_rows(&mut new_pieces, &mut after, max_bytes));
    match read {
        Ok(()) => {}
        Err(Stop::Io(e)) => return Err(e),
        Err(Stop::Fallback(reason)) => return Ok(Delta::Reload(reason)),
    }
    let bytes_read = old_pieces.bytes_read + new_pieces.bytes_read;
    let (Some(old_layout), Some(new_layout)) = (&before.layout, &after.layout) else {
        return Ok(Delta::Reload("a file without a definition".into()));
    };
    if old_layout.definition != new_layout.definition {
        return Ok(Delta::Reload("its definition changed".into()));
    }
    if let Some(now) = now {
        let old_create = create_statement(&old_layout.definition).map(without_counter);
        if old_create.map(|(c, _)| c)
            != Some(without_counter(now.trim_end().trim_end_matches(';').as_bytes()).0)
        {
            return Ok(Delta::Reload(
                "its definition changed where the rows go".into(),
            ));
        }
    }
    let name = &new_layout.quoted_name;
    let mut written = Vec::new();
    for key in &after.order {
        let row = &after.by_key[key];
        match before.by_key.remove(key) {
            Some(old_row) if &old_row == row => {}
            _ => written.push(row.as_slice()),
        }
    }
    let deleted: Vec<&Vec<u8>> = before
        .order
        .iter()
        .filter(|k| before.by_key.contains_key(*k))
        .collect();
    let mut sql = SESSION.as_bytes().to_vec();
    let key_columns = &new_layout.key_columns;
    let single = !key_columns.contains(',');
    for batch in batches(&deleted) {
        sql.extend_from_slice(format!("DELETE FROM {name} WHERE {key_columns} IN (").as_bytes());
        for (i, key) in batch.iter().enumerate() {
            if i > 0 {
                sql.push(b',');
            }
            if single {
                sql.extend_from_slice(key);
            } else {
                sql.push(b'(');
                sql.extend_from_slice(key);
                sql.push(b')');
            }
        }
        sql.extend_from_slice(b");\n");
    }
    if !written.is_empty() {
        let head = new_layout
            .insert_head
            .as_ref()
            .ok_or_else(|| io::Error::other("rows without an INSERT line"))?;
        let replace_head = [b"REPLACE".as_slice(), &head[b"INSERT".len()..]].concat();
        for batch in batches(&written) {
            sql.extend_from_slice(&replace_head);
            for (i, row) in batch.iter().enumerate() {
                if i > 0 {
                    sql.extend_from_slice(b",\n");
                }
                sql.extend_from_slice(row);
            }
            sql.extend_from_slice(b";\n");
        }
    }
    if let Some(counter) = new_layout.auto_increment {
        if old_layout.auto_increment != Some(counter) {
            sql.extend_from_slice(
                format!("ALTER TABLE {name} AUTO_INCREMENT={counter};\n").as_bytes(),
            );
        }
    }
    Ok(Delta::Apply(AppliedDelta {
        sql,
        deleted: deleted.len() as u64,
        written: written.len() as u64,
        bytes_read,
    }))
}

/// Items in groups of about [`STATEMENT_BYTES`].
fn batches<T: AsRef<[u8]>>(items: &[T]) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, item) in items.iter().enumerate() {
        bytes += item.as_ref().len() + 2;
        if bytes >= STATEMENT_BYTES {
            out.push(&items[start..=i]);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// Reads the pieces of one file into `rows`.
fn read_rows<K: Copy, F: FnMut(K) -> io::Result<Vec<u8>>>(
    pieces: &mut Pieces<'_, K, F>,
    rows: &mut Rows,
    max_bytes: usize,
) -> Result<(), Stop> {
    pieces.each(&mut |piece| rows.piece(piece, max_bytes))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::format::{ColumnFormat, TableWriter};

    fn create(counter: u64) -> String {
        format!(
            "CREATE TABLE `t` (\n  `id` bigint(20) NOT NULL AUTO_INCREMENT,\n  `v` text,\n  \
             PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT={counter} DEFAULT CHARSET=utf8mb4"
        )
    }

    fn file(rows: &BTreeMap<u64, String>, create: &str) -> Vec<u8> {
        let columns = [
            ("id".to_string(), ColumnFormat::Number),
            ("v".to_string(), ColumnFormat::Text),
        ];
        let mut w = TableWriter::new(Vec::new(), "t", create, &columns, false).unwrap();
        for (id, v) in rows {
            let id = id.to_string();
            w.row(&[Some(id.as_bytes()), Some(v.as_bytes())]).unwrap();
        }
        w.finish().unwrap().0
    }

    /// Content-defined chunks (cut where a hash of the last bytes says),
    /// interned so that equal chunks get equal ids.
    fn chunk(bytes: &[u8], min: usize, mask: u64, store: &mut Vec<Vec<u8>>) -> Vec<usize> {
        let mut ids = Vec::new();
        let mut start = 0;
        for i in 0..bytes.len() {
            let window = &bytes[i.saturating_sub(7)..=i];
            let hash = window.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
            });
            if (i + 1 - start >= min && hash & mask == 0) || i + 1 == bytes.len() {
                let piece = bytes[start..=i].to_vec();
                let id = store.iter().position(|c| *c == piece).unwrap_or_else(|| {
                    store.push(piece);
                    store.len() - 1
                });
                ids.push(id);
                start = i + 1;
            }
        }
        ids
    }

    /// The delta of two files, how many chunks it fetched, and how many
    /// chunks the two files have.
    fn delta(old: &[u8], new: &[u8], min: usize, mask: u64) -> (Delta, u64, usize) {
        delta_into(old, new, min, mask, None)
    }

    fn delta_into(
        old: &[u8],
        new: &[u8],
        min: usize,
        mask: u64,
        now: Option<&str>,
    ) -> (Delta, u64, usize) {
        let mut store = Vec::new();
        let a = chunk(old, min, mask, &mut store);
        let b = chunk(new, min, mask, &mut store);
        let fetched = std::cell::Cell::new(0u64);
        let fetch = |id: usize| {
            fetched.set(fetched.get() + 1);
            Ok(store[id].clone())
        };
        let d = table_delta(&a, &b, fetch, fetch, DEFAULT_MAX_ROW_BYTES, now).unwrap();
        (d, fetched.get(), a.len() + b.len())
    }

    /// Runs a delta's statements against rows held in a map, as MariaDB
    /// would (rows of this test's table only).
    fn apply(sql: &[u8], rows: &mut BTreeMap<u64, String>) {
        let text = std::str::from_utf8(sql).unwrap();
        let mut replacing = false;
        for line in text.lines() {
            if let Some(keys) = line.strip_prefix("DELETE FROM `t` WHERE `id` IN (") {
                for key in keys.trim_end_matches(");").split(',') {
                    rows.remove(&key.parse().unwrap());
                }
            } else if line.starts_with("REPLACE INTO `t` VALUES") {
                replacing = true;
            } else if replacing && line.starts_with('(') {
                let row = line.trim_end_matches([',', ';']);
                let spans = crate::format::value_spans(row.as_bytes()).unwrap();
                let id = row[spans[0].0..spans[0].1].parse().unwrap();
                let quoted = &row.as_bytes()[spans[1].0 + 1..spans[1].1 - 1];
                let mut value = Vec::new();
                slipway_sqldump::escape::unescape(quoted, b'\'', &mut value);
                rows.insert(id, String::from_utf8(value).unwrap());
                replacing = !line.ends_with(';');
            }
        }
    }

    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("[a-c'\\\\,()\n;]{0,40}").unwrap()
    }

    proptest::proptest! {
        #[test]
        fn a_delta_brings_the_old_rows_to_the_new_ones(
            old in proptest::collection::btree_map(0u64..400, value(), 0..300),
            edits in proptest::collection::vec((0u64..450, proptest::option::of(value())), 0..40),
            min in 1usize..300,
            mask in proptest::sample::select(vec![3u64, 31, 255]),
        ) {
            let mut new = old.clone();
            for (id, v) in &edits {
                match v {
                    Some(v) => { new.insert(*id, v.clone()); }
                    None => { new.remove(id); }
                }
            }
            let (d, _, _) = delta(&file(&old, &create(1)), &file(&new, &create(2)), min, mask);
            let Delta::Apply(applied) = d else { panic!("no delta: {d:?}") };
            let mut rows = old.clone();
            apply(&applied.sql, &mut rows);
            proptest::prop_assert_eq!(&rows, &new);
            let deleted = old.keys().filter(|k| !new.contains_key(k)).count() as u64;
            let written = new.iter().filter(|(k, v)| old.get(k) != Some(v)).count() as u64;
            proptest::prop_assert_eq!(applied.deleted, deleted);
            proptest::prop_assert_eq!(applied.written, written);
        }
    }

    #[test]
    fn a_small_change_in_a_large_file_reads_only_chunks_near_it() {
        let old: BTreeMap<u64, String> = (0..20_000)
            .map(|i| (i, format!("row {i} {}", (i * 2_654_435_761) % 1_000_003)))
            .collect();
        let mut new = old.clone();
        new.insert(10_000, "changed".into());
        new.remove(&15_000);
        new.insert(20_000, "added".into());
        let (old_file, new_file) = (file(&old, &create(20_000)), file(&new, &create(20_001)));
        let (d, fetched, chunks) = delta(&old_file, &new_file, 512, 1023);
        let Delta::Apply(applied) = d else {
            panic!("no delta: {d:?}")
        };
        assert_eq!((applied.deleted, applied.written), (1, 2));
        let text = String::from_utf8(applied.sql).unwrap();
        assert!(
            text.contains("ALTER TABLE `t` AUTO_INCREMENT=20001;"),
            "{text}"
        );
        // Three edits: the definitions' chunks and a few around each edit.
        assert!(chunks > 300, "{chunks} chunks");
        assert!(fetched <= 24, "fetched {fetched} of {chunks} chunks");
        assert!(applied.bytes_read < (old_file.len() / 4) as u64);
    }

    #[test]
    fn a_changed_definition_or_a_missing_key_loads_the_table_whole() {
        let rows: BTreeMap<u64, String> = (0..50).map(|i| (i, i.to_string())).collect();
        let other = create(1).replace("`v` text", "`v` mediumtext");
        let (d, _, _) = delta(&file(&rows, &create(1)), &file(&rows, &other), 64, 31);
        assert_eq!(d, Delta::Reload("its definition changed".into()));
        // A table an upgrade altered where the rows go is loaded whole; a
        // counter alone is no change.
        let (d, _, _) = delta_into(
            &file(&rows, &create(1)),
            &file(&rows, &create(1)),
            64,
            31,
            Some(&other),
        );
        assert_eq!(
            d,
            Delta::Reload("its definition changed where the rows go".into())
        );
        let (d, _, _) = delta_into(
            &file(&rows, &create(1)),
            &file(&rows, &create(1)),
            64,
            31,
            Some(&create(77)),
        );
        assert!(matches!(d, Delta::Apply(_)), "{d:?}");
        let keyless = create(1).replace(",\n  PRIMARY KEY (`id`)", "");
        let (d, _, _) = delta(&file(&rows, &keyless), &file(&rows, &keyless), 64, 31);
        assert_eq!(d, Delta::Reload("it has no primary key".into()));
    }

    #[test]
    fn composite_keys_are_deleted_as_tuples() {
        let create =
            "CREATE TABLE `r` (\n  `a` bigint(20) NOT NULL,\n  `b` varchar(10) NOT NULL,\n  \
                      PRIMARY KEY (`a`,`b`)\n) ENGINE=InnoDB";
        let columns = [
            ("a".to_string(), ColumnFormat::Number),
            ("b".to_string(), ColumnFormat::Text),
        ];
        let write = |rows: &[(&str, &str)]| {
            let mut w = TableWriter::new(Vec::new(), "r", create, &columns, false).unwrap();
            for (a, b) in rows {
                w.row(&[Some(a.as_bytes()), Some(b.as_bytes())]).unwrap();
            }
            w.finish().unwrap().0
        };
        let (d, _, _) = delta(
            &write(&[("1", "x"), ("2", "y'z")]),
            &write(&[("1", "x")]),
            8,
            7,
        );
        let Delta::Apply(applied) = d else {
            panic!("no delta: {d:?}")
        };
        let text = String::from_utf8(applied.sql).unwrap();
        assert!(
            text.contains("DELETE FROM `r` WHERE (`a`,`b`) IN ((2,'y\\'z'));"),
            "{text}"
        );
    }
}
