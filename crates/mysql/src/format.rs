//! The canonical table file: one table's definition and rows as SQL that
//! loads on its own, written the same way every time for the same rows.
//!
//! Versions store one such file per table, and the version repository
//! deduplicates by content-defined chunks. Two choices make unchanged rows
//! deduplicate across versions:
//! - rows come in primary-key order, one per line, with values written
//!   exactly as mysqldump writes them;
//! - an `INSERT` statement ends after a row whose bytes hash to a chosen
//!   pattern (about one row in 64), not after a fixed count or size, so
//!   adding a row changes the statement it lands in and no other.
//!
//! Pure: values in, bytes out.

use std::io::{self, Write};

use slipway_sqldump::escape::escape;

/// About one row in `GROUP_MASK + 1` ends its statement.
const GROUP_MASK: u64 = 63;

/// A statement never grows past this many bytes (then it ends at the next
/// row), so the file loads within a server's default `max_allowed_packet`
/// of 16 MiB unless a single row is larger.
const MAX_STATEMENT: usize = 4 << 20;

/// The session settings every table file starts with: the character set of
/// the values, no foreign-key or unique checks while loading (rows arrive
/// table by table), zero kept as a value of an auto-increment column, and
/// timestamps read in UTC, as they were written.
pub const PREAMBLE: &str = "/*!40101 SET NAMES utf8mb4 */;\n\
/*!40103 SET TIME_ZONE='+00:00' */;\n\
/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n\
/*!40014 SET UNIQUE_CHECKS=0 */;\n\
/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n";

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFormat {
    /// Numbers, written as the server sends them.
    Number,
    /// Text, dates and times: quoted and escaped as mysqldump does.
    Text,
    /// Binary strings, bit values and geometry: a hexadecimal literal.
    Binary,
}

/// Writes one table file: the preamble, the definition, then rows.
#[derive(Debug)]
pub struct TableWriter<W: Write> {
    out: W,
    insert_head: Vec<u8>,
    formats: Vec<ColumnFormat>,
    row: Vec<u8>,
    statement_bytes: usize,
    in_statement: bool,
    rows: u64,
    bytes: u64,
}

impl<W: Write> TableWriter<W> {
    /// Starts the file of table `table` created by `create` (as `SHOW CREATE
    /// TABLE` gives it). `columns` names the columns the rows hold, with how
    /// each is written; `explicit_columns` asks for a column list in each
    /// `INSERT` (needed when the table has generated columns, which take no
    /// values).
    pub fn new(
        mut out: W,
        table: &str,
        create: &str,
        columns: &[(String, ColumnFormat)],
        explicit_columns: bool,
    ) -> io::Result<TableWriter<W>> {
        let quoted = quote_identifier(table);
        let header = format!(
            "-- slipway table file: {table}\n{PREAMBLE}DROP TABLE IF EXISTS {quoted};\n{};\n",
            create.trim_end().trim_end_matches(';')
        );
        out.write_all(header.as_bytes())?;
        let mut insert_head = format!("INSERT INTO {quoted} ");
        if explicit_columns {
            insert_head.push('(');
            for (i, (name, _)) in columns.iter().enumerate() {
                if i > 0 {
                    insert_head.push_str(", ");
                }
                insert_head.push_str(&quote_identifier(name));
            }
            insert_head.push_str(") ");
        }
        insert_head.push_str("VALUES\n");
        Ok(TableWriter {
            out,
            insert_head: insert_head.into_bytes(),
            formats: columns.iter().map(|(_, f)| *f).collect(),
            row: Vec::new(),
            statement_bytes: 0,
            in_statement: false,
            rows: 0,
            bytes: header.len() as u64,
        })
    }

    /// The number of columns each row must have.
    pub fn width(&self) -> usize {
        self.formats.len()
    }

    /// Writes one row; `values[i]` is column `i`'s value as the server sent
    /// it in the text protocol, `None` for NULL.
    pub fn row(&mut self, values: &[Option<&[u8]>]) -> io::Result<()> {
        if values.len() != self.formats.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a row has {} values where the table has {} columns",
                    values.len(),
                    self.formats.len()
                ),
            ));
        }
        self.row.clear();
        self.row.push(b'(');
        for (i, (value, format)) in values.iter().zip(&self.formats).enumerate() {
            if i > 0 {
                self.row.push(b',');
            }
            write_value(&mut self.row, *value, *format);
        }
        self.row.push(b')');
        if self.in_statement {
            self.out.write_all(b",\n")?;
            self.bytes += 2;
        } else {
            self.out.write_all(&self.insert_head)?;
            self.bytes += self.insert_head.len() as u64;
            self.in_statement = true;
            self.statement_bytes = self.insert_head.len();
        }
        self.out.write_all(&self.row)?;
        self.bytes += self.row.len() as u64;
        self.statement_bytes += self.row.len() + 2;
        self.rows += 1;
        if fnv1a(&self.row) & GROUP_MASK == 0 || self.statement_bytes >= MAX_STATEMENT {
            self.end_statement()?;
        }
        Ok(())
    }

    fn end_statement(&mut self) -> io::Result<()> {
        if self.in_statement {
            self.out.write_all(b";\n")?;
            self.bytes += 2;
            self.in_statement = false;
        }
        Ok(())
    }

    /// Ends the file and gives back the writer with the number of rows and
    /// bytes written.
    pub fn finish(mut self) -> io::Result<(W, u64, u64)> {
        self.end_statement()?;
        self.out.flush()?;
        Ok((self.out, self.rows, self.bytes))
    }
}

/// Appends one value as mysqldump would write it.
pub fn write_value(out: &mut Vec<u8>, value: Option<&[u8]>, format: ColumnFormat) {
    match (value, format) {
        (None, _) => out.extend_from_slice(b"NULL"),
        (Some(v), ColumnFormat::Number) if !v.is_empty() => out.extend_from_slice(v),
        (Some(v), ColumnFormat::Binary) if !v.is_empty() => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(b"0x");
            for byte in v {
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 15)]);
            }
        }
        (Some(v), _) => {
            out.push(b'\'');
            escape(v, out);
            out.push(b'\'');
        }
    }
}

/// Where each value of a row `(v,v,…)` of a table file lies (start and
/// end), or `None` if it is not one row as [`TableWriter`] writes them.
pub fn value_spans(row: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    if row.first() != Some(&b'(') || row.last() != Some(&b')') {
        return None;
    }
    let end = row.len() - 1;
    let mut at = 1;
    loop {
        let start = at;
        if row.get(at) == Some(&b'\'') {
            at += 1;
            loop {
                match row.get(at)? {
                    b'\\' => at += 2,
                    b'\'' if row.get(at + 1) == Some(&b'\'') => at += 2,
                    b'\'' => {
                        at += 1;
                        break;
                    }
                    _ => at += 1,
                }
            }
        } else {
            while at < end && row[at] != b',' {
                at += 1;
            }
        }
        if at > end {
            return None;
        }
        spans.push((start, at));
        if at == end {
            return Some(spans);
        }
        if row[at] != b',' {
            return None;
        }
        at += 1;
    }
}

/// `name` as a quoted identifier.
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// 64-bit FNV-1a: a fixed, fast hash, so that statement boundaries are the
/// same in every build and on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_sqldump::{DumpReader, Event, ValueKind};

    fn file(rows: &[Vec<Option<&[u8]>>]) -> Vec<u8> {
        let columns = vec![
            ("id".to_string(), ColumnFormat::Number),
            ("name".to_string(), ColumnFormat::Text),
            ("data".to_string(), ColumnFormat::Binary),
        ];
        let mut w = TableWriter::new(
            Vec::new(),
            "wp_t",
            "CREATE TABLE `wp_t` (`id` int, `name` text, `data` blob, PRIMARY KEY (`id`))",
            &columns,
            false,
        )
        .unwrap();
        for row in rows {
            w.row(row).unwrap();
        }
        w.finish().unwrap().0
    }

    #[test]
    fn values_are_written_as_mysqldump_writes_them() {
        let out = file(&[vec![
            Some(b"7"),
            Some(b"it's\n\\ \0 \x1a"),
            Some(b"\x00\xff"),
        ]]);
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains("(7,'it\\'s\\n\\\\ \\0 \\Z',0x00FF);\n"),
            "{text}"
        );
        assert!(text.contains("DROP TABLE IF EXISTS `wp_t`;\nCREATE TABLE `wp_t`"));
        let out = file(&[vec![None, Some(b""), Some(b"")]]);
        assert!(String::from_utf8_lossy(&out).contains("(NULL,'','');"));
    }

    #[test]
    fn a_row_added_changes_one_statement_only() {
        let names: Vec<String> = (0..2000).map(|i| format!("name {i}")).collect();
        let ids: Vec<String> = (0..2000).map(|i| i.to_string()).collect();
        let rows = |skip: Option<usize>| -> Vec<Vec<Option<&[u8]>>> {
            (0..2000)
                .filter(|i| Some(*i) != skip)
                .map(|i| vec![Some(ids[i].as_bytes()), Some(names[i].as_bytes()), None])
                .collect()
        };
        let full = String::from_utf8(file(&rows(None))).unwrap();
        let less = String::from_utf8(file(&rows(Some(1000)))).unwrap();
        let statements = |text: &str| -> Vec<String> {
            text.split(";\n").map(str::to_string).collect::<Vec<_>>()
        };
        let (a, b) = (statements(&full), statements(&less));
        assert!(a.len() > 10, "rows are grouped into many statements");
        let differing = a.iter().filter(|s| !b.contains(s)).count();
        assert_eq!(
            differing, 1,
            "only the statement that held row 1000 differs"
        );
    }

    #[test]
    fn the_lexer_reads_back_every_value() {
        let out = file(&[
            vec![Some(b"1"), Some(b"a'b"), Some(b"\x01")],
            vec![Some(b"2"), None, None],
        ]);
        let mut reader = DumpReader::new(&out[..]);
        let mut values = Vec::new();
        while let Some(event) = reader.next_event().unwrap() {
            if let Event::Value(v) = event {
                values.push(match v.kind {
                    ValueKind::Str { body, .. } => String::from_utf8_lossy(body).into_owned(),
                    _ => String::from_utf8_lossy(v.raw).into_owned(),
                });
            }
        }
        assert_eq!(values, ["1", "a\\'b", "0x01", "2", "NULL", "NULL"]);
    }

    proptest::proptest! {
        #[test]
        fn text_values_unescape_to_themselves(value in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut out = Vec::new();
            write_value(&mut out, Some(&value), ColumnFormat::Text);
            let mut back = Vec::new();
            slipway_sqldump::escape::unescape(&out[1..out.len() - 1], b'\'', &mut back);
            proptest::prop_assert_eq!(back, value);
        }

        #[test]
        fn every_value_of_a_written_row_is_found_where_it_was_written(
            values in proptest::collection::vec(
                (proptest::option::of(proptest::collection::vec(proptest::num::u8::ANY, 0..40)),
                 proptest::sample::select(vec![ColumnFormat::Text, ColumnFormat::Binary])),
                1..8,
            )
        ) {
            let mut row = vec![b'('];
            let mut written = Vec::new();
            for (i, (value, format)) in values.iter().enumerate() {
                if i > 0 {
                    row.push(b',');
                }
                let start = row.len();
                write_value(&mut row, value.as_deref(), *format);
                written.push(row[start..].to_vec());
            }
            row.push(b')');
            let spans = value_spans(&row).expect("a written row parses");
            let found: Vec<Vec<u8>> = spans.iter().map(|(s, e)| row[*s..*e].to_vec()).collect();
            proptest::prop_assert_eq!(found, written);
        }

        #[test]
        fn any_bytes_as_a_row_never_panic(row in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = value_spans(&row);
        }
    }
}
