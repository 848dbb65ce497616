//! One streaming pass of a MySQL dump through the URL rewrite and the
//! personal-data scrub, with a report of what changed and what could not.
//!
//! The dump lexer hands over values one at a time. A value is only unescaped
//! when a transform needs it: the rewrite's pre-filter must see one of its
//! hosts in the raw bytes, or a scrub rule must cover the column. Everything
//! else goes out as it came in, byte for byte. Rows of tables that a scrub
//! rule covers are held whole, because a rule may depend on another column of
//! the row (the key of a key-value table) or delete the row.
#![deny(missing_docs)]

mod report;
mod table;

use std::collections::HashMap;
use std::io::{self, Read, Write};

use slipway_rewrite::{Outcome, Rewriter};
use slipway_scrub::{LeakScanner, Scrubber};
use slipway_sqldump::escape::{escape, unescape, BodyCursor, Unescaper};
use slipway_sqldump::{
    DumpReader, Event, LexError, NothingOfInterest, RowFilter, TableDef, ValueKind,
};

pub use report::{ColumnReport, Problem, Report, TableReport, MAX_LISTED_PROBLEMS};
use table::{RowBuffer, TableState};

/// Which tables and columns the rewrite may touch, and memory limits.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rewrite `guid` columns too. WordPress asks that a post's GUID never
    /// changes, so they are left alone by default.
    pub include_guid: bool,
    /// When not empty, the rewrite touches only these tables (`*` matches any
    /// run of characters, so `wp_*options` works).
    pub only_tables: Vec<String>,
    /// Tables the rewrite leaves alone (same patterns).
    pub skip_tables: Vec<String>,
    /// Columns the rewrite leaves alone, as `table.column` patterns.
    pub skip_columns: Vec<String>,
    /// Memory limits of the lexer.
    pub lexer: slipway_sqldump::Options,
}

/// Why a run stopped. Nothing written before the error may be taken as a
/// complete output.
#[derive(Debug, thiserror::Error)]
pub enum TransformError {
    /// The input is not a well-formed dump.
    #[error(transparent)]
    Lex(#[from] LexError),
    /// Writing the output failed.
    #[error("writing the output failed: {0}")]
    Write(#[source] io::Error),
    /// A row cannot be handled within the memory limits or as asked.
    #[error("line {line}, table `{table}`: {message}")]
    Row {
        /// The dump line.
        line: u64,
        /// The table.
        table: String,
        /// What went wrong and what to do about it.
        message: String,
    },
}

/// Reads the users tables of a dump and registers with `scrubber` the IDs
/// of the accounts it keeps by login or email. Dumps write `usermeta` before
/// `users`, so a single pass would meet an account's meta before learning
/// that it is kept.
pub fn learn_kept_users<R: Read>(input: R, scrubber: &mut Scrubber) -> Result<(), TransformError> {
    let mut reader = DumpReader::new(input);
    let mut tables: HashMap<String, TableDef> = HashMap::new();
    // Positions of ID, user_login and user_email in the current INSERT.
    let mut columns: Option<[Option<usize>; 3]> = None;
    let mut id: Option<u64> = None;
    let mut kept = false;
    let mut found = Vec::new();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Table(def) => {
                tables.insert(def.name.clone(), def.clone());
            }
            Event::InsertStart { head, .. } => {
                columns = None;
                if scrubber.base_name(&head.table) == Some("users") {
                    let names = head
                        .columns
                        .clone()
                        .or_else(|| tables.get(&head.table).map(|d| d.columns.clone()))
                        .unwrap_or_default();
                    let at = |n: &str| names.iter().position(|c| c.eq_ignore_ascii_case(n));
                    columns = Some([at("ID"), at("user_login"), at("user_email")]);
                }
            }
            Event::RowStart(_) => {
                id = None;
                kept = false;
            }
            Event::Value(value) => {
                let Some([id_col, login_col, email_col]) = columns else {
                    continue;
                };
                let mut text = Vec::new();
                match value.kind {
                    ValueKind::Str { quote, body, .. } => unescape(body, quote, &mut text),
                    _ => text.extend_from_slice(value.raw),
                }
                if Some(value.column) == id_col {
                    id = std::str::from_utf8(&text)
                        .ok()
                        .and_then(|t| t.trim().parse().ok());
                } else if Some(value.column) == login_col || Some(value.column) == email_col {
                    kept |= scrubber.keeps_user_name(&text);
                }
            }
            Event::RowEnd(_) => {
                if let (true, Some(id)) = (kept, id) {
                    found.push(id);
                }
            }
            _ => {}
        }
    }
    for id in found {
        scrubber.keep_user_id(id);
    }
    Ok(())
}

impl TransformError {
    fn at_line(self, line: u64) -> Self {
        match self {
            TransformError::Row { table, message, .. } => TransformError::Row {
                line,
                table,
                message,
            },
            other => other,
        }
    }
}

/// A configured pass: rewrite, scrub, or both.
pub struct Transform {
    rewriter: Option<Rewriter>,
    scrubber: Option<Scrubber>,
    options: Options,
}

impl Transform {
    /// A pass applying the given rewrite and scrub (either may be absent).
    pub fn new(rewriter: Option<Rewriter>, scrubber: Option<Scrubber>, options: Options) -> Self {
        Transform {
            rewriter,
            scrubber,
            options,
        }
    }

    /// The scrubber, to register accounts to keep before a run.
    pub fn scrubber_mut(&mut self) -> Option<&mut Scrubber> {
        self.scrubber.as_mut()
    }

    /// Streams `input` to `output`, transformed. `progress` is called with
    /// the number of input bytes consumed so far, now and then.
    pub fn run<R: Read, W: Write>(
        &self,
        input: R,
        output: W,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(Report, Option<LeakScanner>), TransformError> {
        let mut run = Run {
            transform: self,
            out: Output(io::BufWriter::with_capacity(
                OUTPUT_BUFFER,
                Counted {
                    inner: output,
                    written: 0,
                },
            )),
            report: Report::default(),
            tables: HashMap::new(),
            current: None,
            row: RowBuffer::default(),
            statement: Statement::default(),
            scratch: Scratch::default(),
            large: None,
            leaks: self.scrubber.as_ref().map(|_| LeakScanner::new()),
            wants_line: false,
            matches: Vec::new(),
        };
        let mut reader = DumpReader::with_options(input, self.options.lexer);
        let hosts = self.rewriter.as_ref().map(HostFilter);
        let mut events: u32 = 0;
        loop {
            let filter: Option<&dyn RowFilter> = match run.rows_passing() {
                Passing::None => None,
                Passing::WithoutHosts => hosts.as_ref().map(|h| h as &dyn RowFilter),
                Passing::All => Some(&NothingOfInterest),
            };
            let Some(event) = reader.next_event_filtered(filter)? else {
                break;
            };
            let result = run.event(event);
            // Lines are counted only when a report or an error needs one;
            // the line an event ends on is the line of its row.
            if run.wants_line || result.is_err() {
                let line = reader.line();
                run.set_pending_lines(line);
                result.map_err(|e| e.at_line(line))?;
            }
            events = events.wrapping_add(1);
            if events % 4096 == 0 {
                progress(reader.offset());
            }
        }
        run.finish_table();
        run.out.0.flush().map_err(TransformError::Write)?;
        run.report.bytes_in = reader.offset();
        run.report.bytes_out = run.out.0.get_ref().written;
        progress(reader.offset());
        Ok((run.report, run.leaks))
    }
}

/// Which rows of the current INSERT the lexer may pass as one span.
enum Passing {
    /// None: every value is looked at (held rows, the leak scan).
    None,
    /// Rows in which none of the rewrite's hosts occurs.
    WithoutHosts,
    /// All: nothing in this table is rewritten or scrubbed.
    All,
}

/// The rewrite's hosts as a row filter: a row without any of them goes out
/// unchanged when nothing else looks at it.
struct HostFilter<'t>(&'t Rewriter);

impl RowFilter for HostFilter<'_> {
    fn first_interest(&self, bytes: &[u8]) -> Option<usize> {
        self.0.first_possible_match(bytes)
    }

    fn reach(&self) -> usize {
        self.0.host_reach()
    }
}

/// How much output is gathered before it goes to the writer.
const OUTPUT_BUFFER: usize = 1 << 20;

/// The output, buffered here so callers can hand over a plain file or pipe.
struct Output<W: Write>(io::BufWriter<Counted<W>>);

impl<W: Write> Output<W> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), TransformError> {
        self.0.write_all(bytes).map_err(TransformError::Write)
    }
}

/// Counts what goes through, below the buffer: once per buffer, not per
/// value.
struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Reused buffers, so the hot path does not allocate.
#[derive(Default)]
struct Scratch {
    value: Vec<u8>,
    /// The key of the held row being written.
    key: Vec<u8>,
    rewritten: Vec<u8>,
    escaped: Vec<u8>,
}

/// The INSERT statement being written, for rows that may be dropped.
#[derive(Default)]
struct Statement {
    /// The statement's head, held until its first row is written.
    pending_head: Vec<u8>,
    head_written: bool,
    rows_written: u64,
}

/// A large value being streamed.
struct Large<'t> {
    column: usize,
    mode: LargeMode<'t>,
}

enum LargeMode<'t> {
    /// Passed through untouched.
    Raw,
    /// Unescaped, rewritten as text, escaped again.
    Rewrite {
        unescaper: Unescaper,
        stream: slipway_rewrite::StreamRewriter<'t>,
        replacements: usize,
        /// Whether the first piece, which tells a serialized value, went by.
        started: bool,
    },
}

struct Run<'t, W: Write> {
    transform: &'t Transform,
    out: Output<W>,
    report: Report,
    tables: HashMap<String, TableDef>,
    current: Option<TableState>,
    row: RowBuffer,
    statement: Statement,
    scratch: Scratch,
    large: Option<Large<'t>>,
    leaks: Option<LeakScanner>,
    /// A problem recorded for the current event waits for its line.
    wants_line: bool,
    /// Reused list of the replacements in one text value.
    matches: Vec<(std::ops::Range<usize>, &'t [u8])>,
}

impl<'t, W: Write> Run<'t, W> {
    fn event(&mut self, event: Event<'_>) -> Result<(), TransformError> {
        match event {
            Event::Verbatim(bytes) => self.out.put(bytes),
            Event::Table(def) => {
                self.tables.insert(def.name.clone(), def.clone());
                Ok(())
            }
            Event::InsertStart { raw, head } => {
                let same_table = self
                    .current
                    .as_ref()
                    .is_some_and(|t| t.name == head.table && head.columns.is_none());
                if !same_table {
                    self.finish_table();
                    let def = self.tables.get(&head.table);
                    self.current = Some(TableState::new(
                        head,
                        def,
                        &self.transform.options,
                        self.transform.rewriter.is_some(),
                        self.transform.scrubber.as_ref(),
                    ));
                }
                self.statement = Statement::default();
                if self.holds_rows() {
                    self.statement.pending_head.clear();
                    self.statement.pending_head.extend_from_slice(raw);
                    Ok(())
                } else {
                    self.statement.head_written = true;
                    self.out.put(raw)
                }
            }
            Event::RowStart(raw) => {
                if let Some(table) = self.current.as_mut() {
                    table.rows += 1;
                }
                if self.holds_rows() {
                    self.row.start(raw);
                    Ok(())
                } else {
                    self.row.primary_key.clear();
                    self.out.put(raw)
                }
            }
            Event::Value(value) => {
                if self.holds_rows() {
                    self.row.push(value);
                    return Ok(());
                }
                self.note_primary_key(value.column, value.raw);
                if let Some(rewriter) = self.rewrite_candidate(value.column, value.kind) {
                    self.out.put(value.sep)?;
                    self.rewrite_literal(rewriter, value.column, value.raw, value.kind)?;
                } else {
                    // Most values: one copy, separator and literal together.
                    self.out.put(value.whole)?;
                }
                // With a scrub, the leak scan covers every table, not only
                // those a rule names. (Escapes do not hide addresses.)
                if let (Some(leaks), Some(table), ValueKind::Str { body, .. }) =
                    (self.leaks.as_mut(), self.current.as_ref(), value.kind)
                {
                    leaks.scan(&table.name, table.column_name(value.column), None, body);
                }
                Ok(())
            }
            Event::LargeValueStart {
                column,
                sep,
                prefix,
                quote,
            } => self.large_start(column, sep, prefix, quote),
            Event::LargeValueChunk(piece) => self.large_chunk(piece),
            Event::LargeValueEnd(raw) => self.large_end(raw),
            Event::Rows { raw, rows } => {
                if let Some(table) = self.current.as_mut() {
                    table.rows += rows;
                }
                self.out.put(raw)
            }
            Event::RowEnd(raw) => {
                if self.holds_rows() {
                    self.row.end(raw);
                    self.finish_row()
                } else {
                    self.out.put(raw)
                }
            }
            Event::InsertEnd(raw) => {
                if self.statement.head_written {
                    return self.out.put(raw);
                }
                if raw.is_empty() {
                    return Err(self.row_error(
                        "every row of an INSERT with a trailing clause was dropped; \
                         the statement cannot be written without rows",
                    ));
                }
                // Every row was dropped: the statement goes with them.
                Ok(())
            }
        }
    }

    /// The rewriter, when it may change this value: a string of a column
    /// it covers whose raw bytes hold one of its hosts.
    #[inline]
    fn rewrite_candidate(&self, column: usize, kind: ValueKind<'_>) -> Option<&'t Rewriter> {
        let ValueKind::Str { body, .. } = kind else {
            return None;
        };
        let transform: &'t Transform = self.transform;
        let rewriter = transform.rewriter.as_ref()?;
        let covered = self.current.as_ref().is_some_and(|t| t.rewrites(column));
        (covered && rewriter.may_match(body)).then_some(rewriter)
    }

    /// Writes a string literal the rewrite may change (see
    /// [`Self::rewrite_candidate`]).
    fn rewrite_literal(
        &mut self,
        rewriter: &'t Rewriter,
        column: usize,
        raw: &[u8],
        kind: ValueKind<'_>,
    ) -> Result<(), TransformError> {
        let ValueKind::Str {
            prefix,
            quote,
            body,
        } = kind
        else {
            return self.out.put(raw);
        };
        self.scratch.value.clear();
        unescape(body, quote, &mut self.scratch.value);
        self.rewrite_string(rewriter, column, prefix, quote, raw)
    }

    /// Which rows the lexer may pass without an event per value: only
    /// where no value would be looked at, so only without a scrub (whose
    /// leak scan reads every value).
    fn rows_passing(&self) -> Passing {
        let Some(table) = self.current.as_ref() else {
            return Passing::None;
        };
        if self.transform.scrubber.is_some() || table.scrub.is_some() {
            return Passing::None;
        }
        if table.rewrites_any() {
            Passing::WithoutHosts
        } else {
            Passing::All
        }
    }

    /// Whether rows of the current table are held whole before writing.
    fn holds_rows(&self) -> bool {
        self.current.as_ref().is_some_and(|t| t.scrub.is_some())
    }

    fn note_primary_key(&mut self, column: usize, raw: &[u8]) {
        if let Some(table) = self.current.as_ref() {
            if table.primary_key.contains(&column) {
                if !self.row.primary_key.is_empty() {
                    self.row.primary_key.push(b',');
                }
                self.row.primary_key.extend_from_slice(raw);
            }
        }
    }

    /// Writes one value, rewritten where it needs to be. `replacement` is a
    /// value the scrub already decided on (`Some(None)` for NULL).
    fn write_value(
        &mut self,
        column: usize,
        raw: &[u8],
        kind: ValueKind<'_>,
        replacement: Option<Option<&[u8]>>,
    ) -> Result<(), TransformError> {
        let ValueKind::Str { prefix, quote, .. } = kind else {
            return match replacement {
                Some(Some(bytes)) => {
                    write_string(&mut self.out, b"'", b'\'', bytes, &mut self.scratch.escaped)
                }
                Some(None) => self.out.put(b"NULL"),
                None => self.out.put(raw),
            };
        };
        let transform: &'t Transform = self.transform;
        let rewriter = transform
            .rewriter
            .as_ref()
            .filter(|_| self.current.as_ref().is_some_and(|t| t.rewrites(column)));
        match replacement {
            Some(None) => self.out.put(b"NULL"),
            // A scrubbed value is rewritten too: a fake URL may still name
            // the old site.
            Some(Some(bytes)) => {
                let scratch = &mut self.scratch;
                scratch.rewritten.clear();
                let value = match rewriter {
                    Some(r)
                        if r.rewrite_value(bytes, &mut scratch.rewritten) != Outcome::Unchanged =>
                    {
                        &scratch.rewritten[..]
                    }
                    _ => bytes,
                };
                write_string(&mut self.out, prefix, quote, value, &mut scratch.escaped)
            }
            None => match self.rewrite_candidate(column, kind) {
                Some(rewriter) => self.rewrite_literal(rewriter, column, raw, kind),
                None => self.out.put(raw),
            },
        }
    }

    /// Writes a string the rewrite may change, held unescaped in
    /// `scratch.value`; `raw` is the literal as written.
    fn rewrite_string(
        &mut self,
        rewriter: &'t Rewriter,
        column: usize,
        prefix: &[u8],
        quote: u8,
        raw: &[u8],
    ) -> Result<(), TransformError> {
        if !slipway_phpser::looks_serialized(&self.scratch.value) {
            return self.splice_text(rewriter, column, prefix, quote, raw);
        }
        self.scratch.rewritten.clear();
        match rewriter.rewrite_value(&self.scratch.value, &mut self.scratch.rewritten) {
            Outcome::Unchanged => self.out.put(raw),
            Outcome::Changed {
                replacements,
                serialized,
            } => {
                self.count_rewrite(column, replacements, serialized);
                let scratch = &mut self.scratch;
                write_string(
                    &mut self.out,
                    prefix,
                    quote,
                    &scratch.rewritten,
                    &mut scratch.escaped,
                )
            }
            Outcome::BrokenSerialized(error) => {
                self.leave_alone(
                    column,
                    format!(
                        "looks PHP-serialized but does not parse ({error}); left unchanged \
                         although it contains a URL to rewrite"
                    ),
                );
                self.out.put(raw)
            }
        }
    }

    /// Rewrites a text value by splicing the replacements into its literal
    /// as written: bytes around them keep their original escaping, and the
    /// cost of re-escaping a long post is avoided.
    fn splice_text(
        &mut self,
        rewriter: &'t Rewriter,
        column: usize,
        prefix: &[u8],
        quote: u8,
        raw: &[u8],
    ) -> Result<(), TransformError> {
        let mut matches = std::mem::take(&mut self.matches);
        matches.clear();
        rewriter.text_matches(&self.scratch.value, &mut matches);
        if matches.is_empty() {
            self.matches = matches;
            return self.out.put(raw);
        }
        self.count_rewrite(column, matches.len(), false);
        let body = &raw[prefix.len()..raw.len() - 1];
        let mut cursor = BodyCursor::new(body, quote);
        let spliced = &mut self.scratch.escaped;
        spliced.clear();
        spliced.extend_from_slice(prefix);
        let mut copied = 0;
        for (range, replacement) in matches.drain(..) {
            let start = cursor.seek(range.start);
            let end = cursor.seek(range.end);
            spliced.extend_from_slice(&body[copied..start]);
            escape(replacement, spliced);
            copied = end;
        }
        spliced.extend_from_slice(&body[copied..]);
        spliced.push(quote);
        self.matches = matches;
        self.out.put(&self.scratch.escaped)
    }

    fn count_rewrite(&mut self, column: usize, replacements: usize, serialized: bool) {
        if let Some(table) = self.current.as_mut() {
            let counter = table.counter(column);
            counter.rewritten += 1;
            counter.replacements += replacements as u64;
            counter.serialized_fixed += u64::from(serialized);
        }
    }

    /// Counts a value left unchanged although it needed a change, and lists
    /// it with its row's key; its line is filled in after the event.
    fn leave_alone(&mut self, column: usize, reason: String) {
        let Some(table) = self.current.as_mut() else {
            return;
        };
        table.counter(column).skipped += 1;
        let problem = Problem {
            table: table.name.clone(),
            column: table.column_name(column).to_owned(),
            primary_key: String::from_utf8_lossy(&self.row.primary_key).into_owned(),
            line: 0,
            reason,
        };
        self.report.problem(problem);
        self.wants_line = true;
    }

    fn finish_row(&mut self) -> Result<(), TransformError> {
        let Some(table) = self.current.as_mut() else {
            return Ok(());
        };
        if table.scrub_row(&mut self.row, self.transform.scrubber.as_ref()) {
            table.rows_deleted += 1;
            return Ok(());
        }
        if !self.statement.head_written {
            self.out.put(&self.statement.pending_head)?;
            self.statement.head_written = true;
        }
        let row = std::mem::take(&mut self.row);
        let result = self
            .write_row_start(row.start_bytes())
            .and_then(|()| self.write_held_row(&row));
        self.row = row;
        result
    }

    /// Writes the opening of a held row: the first row written must not
    /// start with a comma, whatever position it had, and a later one must.
    fn write_row_start(&mut self, start: &[u8]) -> Result<(), TransformError> {
        let comma = start
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .filter(|&i| start[i] == b',');
        if self.statement.rows_written == 0 {
            match comma {
                Some(i) => {
                    self.out.put(&start[..i])?;
                    self.out.put(&start[i + 1..])?;
                }
                None => self.out.put(start)?,
            }
        } else if comma.is_some() {
            self.out.put(start)?;
        } else {
            self.out.put(b",")?;
            self.out.put(start)?;
        }
        self.statement.rows_written += 1;
        Ok(())
    }

    fn write_held_row(&mut self, row: &RowBuffer) -> Result<(), TransformError> {
        // The key of a key-value row names where a leak is, once per row;
        // the scrub has most often decoded it already.
        let mut buffer = std::mem::take(&mut self.scratch.key);
        let key = match (&self.leaks, &self.current) {
            (Some(_), Some(table)) => table.key_column.and_then(|k| {
                table
                    .scrub
                    .as_ref()
                    .and_then(|plan| row.decoded(k, plan))
                    .or_else(|| row.string_value_into(k, &mut buffer).then_some(&buffer[..]))
            }),
            _ => None,
        };
        let result = self.write_held_cells(row, key);
        self.scratch.key = buffer;
        result
    }

    fn write_held_cells(
        &mut self,
        row: &RowBuffer,
        key: Option<&[u8]>,
    ) -> Result<(), TransformError> {
        // One search over the whole row rules the rewrite out for all of
        // its values at once, as it does for most rows.
        let transform: &'t Transform = self.transform;
        let may_rewrite = transform
            .rewriter
            .as_ref()
            .is_some_and(|r| r.may_match(row.bytes()));
        // Values that go out as they came are written in runs, from where
        // the run starts in the row's bytes to the next value that changes
        // (or the row's end): one copy for most rows instead of two per
        // value.
        let bytes = row.bytes();
        let mut run_from = None;
        for cell in row.cells() {
            let replacement = row.replacement(cell.column);
            if replacement.is_some() {
                if let Some(table) = self.current.as_mut() {
                    table.counter(cell.column).scrubbed += 1;
                }
            }
            if replacement.is_none() && !may_rewrite {
                run_from.get_or_insert(cell.at);
            } else {
                if let Some(from) = run_from.take() {
                    self.out.put(&bytes[from..cell.at])?;
                }
                self.out.put(cell.sep)?;
                self.write_value(cell.column, cell.raw, cell.kind, replacement)?;
            }
            if let (Some(leaks), Some(table)) = (self.leaks.as_mut(), self.current.as_ref()) {
                if let ValueKind::Str { body, .. } = cell.kind {
                    // Values the scrub wrote are fakes by construction; the
                    // scan looks for what it left.
                    let value = match replacement {
                        Some(_) => continue,
                        None => body,
                    };
                    leaks.scan(&table.name, table.column_name(cell.column), key, value);
                }
            }
        }
        match run_from {
            Some(from) => self.out.put(&bytes[from..]),
            None => self.out.put(row.end_bytes()),
        }
    }

    fn large_start(
        &mut self,
        column: usize,
        sep: &[u8],
        prefix: &[u8],
        quote: u8,
    ) -> Result<(), TransformError> {
        if self.holds_rows() {
            return Err(self.row_error(&format!(
                "a value in column {} is larger than the {} MiB held in memory, and this table's \
                 rows are scrubbed whole; raise --max-value-size",
                self.current
                    .as_ref()
                    .map_or("?".into(), |t| t.column_name(column).to_owned()),
                self.transform.options.lexer.max_token >> 20
            )));
        }
        self.out.put(sep)?;
        self.out.put(prefix)?;
        let rewrites = self.current.as_ref().is_some_and(|t| t.rewrites(column));
        let transform: &'t Transform = self.transform;
        let mode = match &transform.rewriter {
            Some(rewriter) if rewrites => LargeMode::Rewrite {
                unescaper: Unescaper::new(quote),
                stream: rewriter.stream(),
                replacements: 0,
                started: false,
            },
            _ => LargeMode::Raw,
        };
        self.large = Some(Large { column, mode });
        Ok(())
    }

    fn large_chunk(&mut self, piece: &[u8]) -> Result<(), TransformError> {
        let Some(large) = self.large.as_mut() else {
            return self.out.put(piece);
        };
        match &mut large.mode {
            LargeMode::Raw => self.out.put(piece),
            LargeMode::Rewrite {
                unescaper,
                stream,
                replacements,
                started,
            } => {
                let scratch = &mut self.scratch;
                scratch.value.clear();
                unescaper.feed(piece, &mut scratch.value);
                if !std::mem::replace(started, true)
                    && slipway_phpser::looks_serialized(&scratch.value)
                {
                    // Rewritten piece by piece, a serialized value would keep
                    // stale lengths: it is left alone and reported instead.
                    let column = large.column;
                    large.mode = LargeMode::Raw;
                    let reason = format!(
                        "a PHP-serialized value larger than --max-value-size ({} MiB) is left \
                         unchanged; raise the limit to rewrite it",
                        self.transform.options.lexer.max_token >> 20
                    );
                    self.leave_alone(column, reason);
                    return self.out.put(piece);
                }
                scratch.rewritten.clear();
                *replacements += stream.feed(&scratch.value, &mut scratch.rewritten);
                scratch.escaped.clear();
                escape(&scratch.rewritten, &mut scratch.escaped);
                let escaped = std::mem::take(&mut scratch.escaped);
                let result = self.out.put(&escaped);
                self.scratch.escaped = escaped;
                result
            }
        }
    }

    fn large_end(&mut self, raw: &[u8]) -> Result<(), TransformError> {
        if let Some(Large {
            column,
            mode:
                LargeMode::Rewrite {
                    unescaper,
                    mut stream,
                    mut replacements,
                    ..
                },
        }) = self.large.take()
        {
            let scratch = &mut self.scratch;
            scratch.value.clear();
            unescaper.finish(&mut scratch.value);
            scratch.rewritten.clear();
            replacements += stream.feed(&scratch.value, &mut scratch.rewritten);
            replacements += stream.finish(&mut scratch.rewritten);
            scratch.escaped.clear();
            escape(&scratch.rewritten, &mut scratch.escaped);
            let escaped = std::mem::take(&mut scratch.escaped);
            self.out.put(&escaped)?;
            self.scratch.escaped = escaped;
            if replacements > 0 {
                if let Some(table) = self.current.as_mut() {
                    let counter = table.counter(column);
                    counter.rewritten += 1;
                    counter.replacements += replacements as u64;
                }
            }
        }
        self.out.put(raw)
    }

    /// Gives the problems of the last event their line.
    fn set_pending_lines(&mut self, line: u64) {
        for problem in self
            .report
            .problems
            .iter_mut()
            .rev()
            .take_while(|p| p.line == 0)
        {
            problem.line = line;
        }
        self.wants_line = false;
    }

    fn row_error(&self, message: &str) -> TransformError {
        TransformError::Row {
            line: 0,
            table: self
                .current
                .as_ref()
                .map_or_else(String::new, |t| t.name.clone()),
            message: message.to_owned(),
        }
    }

    /// Adds the current table's counts to the report.
    fn finish_table(&mut self) {
        if let Some(table) = self.current.take() {
            table.merge_into(&mut self.report);
        }
    }
}

/// Writes `value` as a quoted literal with the given prefix.
fn write_string<W: Write>(
    out: &mut Output<W>,
    prefix: &[u8],
    quote: u8,
    value: &[u8],
    escaped: &mut Vec<u8>,
) -> Result<(), TransformError> {
    escaped.clear();
    escaped.extend_from_slice(prefix);
    escape(value, escaped);
    escaped.push(quote);
    out.put(escaped)
}
