//! The streaming dump lexer: a pull parser over any `Read`.
//!
//! Every input byte belongs to exactly one event, so writing the raw bytes of
//! all events back (see [`Event::write_raw`]) reproduces the input exactly.
//! Memory stays bounded: a token larger than [`Options::max_token`] is either
//! streamed in pieces (string values) or passed through as verbatim text.

use std::io::{self, Read, Write};
use std::ops::Range;

use crate::scan::{identifier, is_bare_identifier_byte, is_comment_dash_end};
use crate::schema::{parse_create_table, TableDef};

/// Tuning of the lexer's memory use.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many bytes one read from the source asks for.
    pub read_size: usize,
    /// The largest token held whole in memory. String values beyond it are
    /// delivered in pieces ([`Event::LargeValueStart`] and following); other
    /// statements beyond it pass through as verbatim text.
    pub max_token: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read_size: 256 * 1024,
            max_token: 8 * 1024 * 1024,
        }
    }
}

/// A lexing failure, with where it happened in the dump.
#[derive(Debug, thiserror::Error)]
pub enum LexError {
    /// Reading the source failed.
    #[error("reading the dump failed: {0}")]
    Io(#[from] io::Error),
    /// The dump is not well-formed at this point.
    #[error("line {line}{}: {message}", table.as_ref().map(|t| format!(" (INSERT INTO `{t}`)")).unwrap_or_default())]
    Syntax {
        /// 1-based line of the dump.
        line: u64,
        /// Byte offset from the start of the dump.
        offset: u64,
        /// The table whose INSERT was being read, if any.
        table: Option<String>,
        /// What was expected or wrong.
        message: String,
    },
}

/// How a value is written in the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind<'a> {
    /// A quoted string, possibly with a character-set introducer
    /// (`_binary '…'`, `_utf8mb4'…'`).
    Str {
        /// The introducer and the opening quote.
        prefix: &'a [u8],
        /// The quote character, `'` or `"`.
        quote: u8,
        /// The escaped bytes between the quotes.
        body: &'a [u8],
    },
    /// `NULL`.
    Null,
    /// A number (`12`, `-1.5e3`).
    Number,
    /// A hexadecimal literal (`0x4A`, `X'4A'`), possibly with an introducer.
    Hex,
    /// A bit-value literal (`0b101`, `b'101'`).
    Bit,
    /// Anything else the dump puts in a value position (a function call, an
    /// expression); passed through untouched.
    Expr,
}

/// One value of a row.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    /// Position of the value in its row, from 0.
    pub column: usize,
    /// What separates it from what came before (`,` and white space).
    pub sep: &'a [u8],
    /// The literal as written.
    pub raw: &'a [u8],
    /// `sep` and `raw` together, as one slice: what a consumer that leaves
    /// the value alone writes.
    pub whole: &'a [u8],
    /// What kind of literal it is.
    pub kind: ValueKind<'a>,
}

/// The header of an `INSERT … VALUES` statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsertHead {
    /// The table the rows go into, unquoted.
    pub table: String,
    /// The explicit column list, when the statement has one.
    pub columns: Option<Vec<String>>,
}

/// Where, in bytes the lexer has not delivered yet, something a consumer
/// cares about may be. With one, the lexer passes rows in which nothing of
/// interest starts as one [`Event::Rows`] span instead of an event per value.
///
/// A filter may say yes wrongly, never no wrongly: a row in which it finds
/// nothing must be one the consumer would have written unchanged.
pub trait RowFilter {
    /// The offset in `bytes` of the first byte at which something of
    /// interest may start, if any.
    fn first_interest(&self, bytes: &[u8]) -> Option<usize>;
    /// The most bytes something of interest spans: what starts within this
    /// many bytes of the end of `bytes` may not be recognisable yet.
    fn reach(&self) -> usize;
}

/// A filter that finds nothing: every whole row passes as a span.
#[derive(Debug, Clone, Copy, Default)]
pub struct NothingOfInterest;

impl RowFilter for NothingOfInterest {
    fn first_interest(&self, _: &[u8]) -> Option<usize> {
        None
    }

    fn reach(&self) -> usize {
        1
    }
}

/// What the lexer delivers, in input order.
#[derive(Debug)]
pub enum Event<'a> {
    /// Bytes outside INSERT row lists: other statements, comments, space.
    Verbatim(&'a [u8]),
    /// A `CREATE TABLE` was read; its bytes follow as [`Event::Verbatim`].
    Table(&'a TableDef),
    /// `INSERT [IGNORE] INTO t [(cols)] VALUES`; `raw` is exactly those bytes.
    InsertStart {
        /// The statement's bytes up to and including `VALUES` and the space after.
        raw: &'a [u8],
        /// What the header says.
        head: &'a InsertHead,
    },
    /// The opening of a row: an optional `,` and white space, then `(`.
    RowStart(&'a [u8]),
    /// A value that is whole in memory.
    Value(Value<'a>),
    /// A string value too large to hold: its separator and prefix (the
    /// introducer and opening quote); its body follows in
    /// [`Event::LargeValueChunk`]s and its closing quote in
    /// [`Event::LargeValueEnd`].
    LargeValueStart {
        /// Position of the value in its row.
        column: usize,
        /// What separates it from what came before.
        sep: &'a [u8],
        /// The introducer and the opening quote.
        prefix: &'a [u8],
        /// The quote character.
        quote: u8,
    },
    /// A piece of a large value's escaped body; never splits an escape.
    LargeValueChunk(&'a [u8]),
    /// The closing quote of a large value.
    LargeValueEnd(&'a [u8]),
    /// White space and the `)` that closes a row.
    RowEnd(&'a [u8]),
    /// Whole rows, with the separators before them, in which the
    /// [`RowFilter`] passed to [`DumpReader::next_event_filtered`] saw nothing
    /// of interest: passed as one span, without an event per value. Never
    /// delivered by [`DumpReader::next_event`].
    Rows {
        /// The rows' bytes, from the separator before the first to the `)`
        /// that closes the last.
        raw: &'a [u8],
        /// How many rows `raw` holds.
        rows: u64,
    },
    /// White space and the delimiter that end an INSERT (empty when the
    /// statement goes on with something else, e.g. `ON DUPLICATE KEY
    /// UPDATE`, which then follows as [`Event::Verbatim`]).
    InsertEnd(&'a [u8]),
}

impl Event<'_> {
    /// Writes the event's bytes exactly as they were in the input.
    pub fn write_raw<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        match self {
            Event::Table(_) => Ok(()),
            Event::Verbatim(raw)
            | Event::InsertStart { raw, .. }
            | Event::RowStart(raw)
            | Event::LargeValueChunk(raw)
            | Event::LargeValueEnd(raw)
            | Event::RowEnd(raw)
            | Event::Rows { raw, .. }
            | Event::InsertEnd(raw) => out.write_all(raw),
            Event::Value(value) => {
                out.write_all(value.sep)?;
                out.write_all(value.raw)
            }
            Event::LargeValueStart { sep, prefix, .. } => {
                out.write_all(sep)?;
                out.write_all(prefix)
            }
        }
    }
}

/// What a lexing step produced, as ranges into the buffer (turned into
/// borrowed [`Event`]s only once no more reading can happen).
#[derive(Debug)]
enum Step {
    Verbatim(Range<usize>),
    Table,
    InsertStart(Range<usize>),
    RowStart(Range<usize>),
    Value {
        column: usize,
        sep: Range<usize>,
        raw: Range<usize>,
        kind: ValueShape,
    },
    LargeStart {
        column: usize,
        sep: Range<usize>,
        prefix: Range<usize>,
        quote: u8,
    },
    LargeChunk(Range<usize>),
    LargeEnd(Range<usize>),
    RowEnd(Range<usize>),
    Rows(Range<usize>, u64),
    InsertEnd(Range<usize>),
}

/// The kind of a value without its bytes: what a consumer that keeps a
/// value's raw bytes elsewhere stores to get its [`ValueKind`] back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    /// A quoted string whose introducer and opening quote take `prefix_len`
    /// bytes.
    Str {
        /// Length of the introducer and opening quote.
        prefix_len: usize,
        /// The quote character.
        quote: u8,
    },
    /// `NULL`.
    Null,
    /// A number.
    Number,
    /// A hexadecimal literal.
    Hex,
    /// A bit-value literal.
    Bit,
    /// Anything else.
    Expr,
}

impl ValueShape {
    /// The kind of the literal `raw` of this shape. `raw` must be the bytes
    /// the shape was taken from (a string ends with its quote).
    pub fn kind(self, raw: &[u8]) -> ValueKind<'_> {
        match self {
            ValueShape::Str { prefix_len, quote } => {
                let prefix_len = prefix_len.min(raw.len());
                ValueKind::Str {
                    prefix: &raw[..prefix_len],
                    quote,
                    body: &raw[prefix_len..raw.len().saturating_sub(1).max(prefix_len)],
                }
            }
            ValueShape::Null => ValueKind::Null,
            ValueShape::Number => ValueKind::Number,
            ValueShape::Hex => ValueKind::Hex,
            ValueShape::Bit => ValueKind::Bit,
            ValueShape::Expr => ValueKind::Expr,
        }
    }
}

impl ValueKind<'_> {
    /// This kind without its bytes.
    pub fn shape(&self) -> ValueShape {
        match *self {
            ValueKind::Str { prefix, quote, .. } => ValueShape::Str {
                prefix_len: prefix.len(),
                quote,
            },
            ValueKind::Null => ValueShape::Null,
            ValueKind::Number => ValueShape::Number,
            ValueKind::Hex => ValueShape::Hex,
            ValueKind::Bit => ValueShape::Bit,
            ValueKind::Expr => ValueShape::Expr,
        }
    }
}

/// Where the lexer is in the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between statements.
    Top,
    /// Inside a statement or comment passed through verbatim.
    Verbatim(Scan),
    /// A `CREATE TABLE` was announced; its bytes up to `end` follow.
    TableBytes { end: usize },
    /// After `VALUES` or after a row: expecting a row (or the end).
    BetweenRows { first: bool },
    /// Inside a row, before value number `column`.
    InRow { column: usize },
    /// Inside the body of a large string value.
    LargeString { column: usize, quote: u8 },
    /// The input is exhausted.
    Done,
}

/// A resumable scanner for text passed through verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Until the statement delimiter, outside quotes and comments.
    Statement(Lex),
    /// Until the end of the line (a `--` or `#` comment, or a DELIMITER line).
    Line,
    /// Until `*/`; `opened` once the `/*` itself has been passed on.
    BlockComment {
        /// Whether the opening `/*` lies in an earlier piece.
        opened: bool,
    },
}

/// Where a statement scan is, so it can resume after a refill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    Quoted(u8),
    LineComment,
    BlockComment,
}

/// Result of trying to make progress on the bytes at hand.
enum Progress {
    Step(Step),
    NeedMore,
    Done,
}

/// A streaming lexer of mysqldump and mariadb-dump output.
pub struct DumpReader<R> {
    source: R,
    options: Options,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Absolute offset of `buf[0]` in the dump.
    base: u64,
    /// Line number of `buf[counted]`; lines are counted lazily, in bulk,
    /// when asked for or before the buffer moves.
    line: std::cell::Cell<u64>,
    counted: std::cell::Cell<usize>,
    state: State,
    delimiter: Vec<u8>,
    /// Where a scan of the token at `pos` may resume after a refill, as an
    /// offset from `pos`.
    resume: usize,
    table: TableDef,
    insert: InsertHead,
    /// What a row filter was last found to say: no interest starts in
    /// `buf[from..to]`. Valid only for the current buffer and INSERT.
    clear: Option<Range<usize>>,
}

impl<R: Read> DumpReader<R> {
    /// A lexer with default options.
    pub fn new(source: R) -> Self {
        Self::with_options(source, Options::default())
    }

    /// A lexer with the given options.
    pub fn with_options(source: R, options: Options) -> Self {
        let options = Options {
            read_size: options.read_size.max(64),
            max_token: options.max_token.max(1024),
        };
        DumpReader {
            source,
            options,
            buf: vec![0; options.read_size * 2],
            pos: 0,
            end: 0,
            eof: false,
            base: 0,
            line: std::cell::Cell::new(1),
            counted: std::cell::Cell::new(0),
            state: State::Top,
            delimiter: b";".to_vec(),
            resume: 0,
            table: TableDef::default(),
            insert: InsertHead::default(),
            clear: None,
        }
    }

    /// How many bytes of the dump have been delivered as events so far.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The line the next event starts on.
    pub fn line(&self) -> u64 {
        self.line_at(self.pos)
    }

    /// The line of `buf[at]`, for `at` at or after the last counted position.
    fn line_at(&self, at: usize) -> u64 {
        let counted = self.counted.get();
        if at > counted {
            let newlines = memchr::memchr_iter(b'\n', &self.buf[counted..at]).count() as u64;
            self.line.set(self.line.get() + newlines);
            self.counted.set(at);
        }
        self.line.get()
    }

    /// The INSERT being read, if any (its table and column list).
    pub fn current_insert(&self) -> Option<&InsertHead> {
        match self.state {
            State::BetweenRows { .. } | State::InRow { .. } | State::LargeString { .. } => {
                Some(&self.insert)
            }
            _ => None,
        }
    }

    /// The next event, or `None` at the end of a well-formed dump.
    #[inline(always)]
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, LexError> {
        self.next_event_filtered(None)
    }

    /// [`Self::next_event`], passing whole rows in which `filter` finds
    /// nothing of interest as [`Event::Rows`]. Rows it flags, and rows that
    /// do not fit in the buffer, come value by value as usual. Pass the same
    /// filter (or none) for the whole of an INSERT.
    // Inlined so that the caller receives the event in registers: returned
    // through memory, the wide event cost more than lexing a short value.
    #[inline(always)]
    pub fn next_event_filtered(
        &mut self,
        filter: Option<&dyn RowFilter>,
    ) -> Result<Option<Event<'_>>, LexError> {
        let step = loop {
            let progress = match (filter, self.state) {
                (Some(filter), State::BetweenRows { first }) => match self.pass_rows(first, filter)
                {
                    Some(step) => Progress::Step(step),
                    None => self.try_step()?,
                },
                _ => self.try_step()?,
            };
            match progress {
                Progress::Step(step) => break step,
                Progress::Done => return Ok(None),
                Progress::NeedMore => {
                    if !self.fill()? {
                        // try_step sees `eof` and finishes or fails.
                        continue;
                    }
                }
            }
        };
        let buf = &self.buf;
        Ok(Some(match step {
            Step::Verbatim(r) => Event::Verbatim(&buf[r]),
            Step::Table => Event::Table(&self.table),
            Step::InsertStart(r) => Event::InsertStart {
                raw: &buf[r],
                head: &self.insert,
            },
            Step::RowStart(r) => Event::RowStart(&buf[r]),
            Step::Value {
                column,
                sep,
                raw,
                kind,
            } => {
                let raw_bytes = &buf[raw.clone()];
                let kind = kind.kind(raw_bytes);
                Event::Value(Value {
                    column,
                    whole: &buf[sep.start..raw.end],
                    sep: &buf[sep],
                    raw: raw_bytes,
                    kind,
                })
            }
            Step::LargeStart {
                column,
                sep,
                prefix,
                quote,
            } => Event::LargeValueStart {
                column,
                sep: &buf[sep],
                prefix: &buf[prefix],
                quote,
            },
            Step::LargeChunk(r) => Event::LargeValueChunk(&buf[r]),
            Step::LargeEnd(r) => Event::LargeValueEnd(&buf[r]),
            Step::RowEnd(r) => Event::RowEnd(&buf[r]),
            Step::Rows(r, rows) => Event::Rows { raw: &buf[r], rows },
            Step::InsertEnd(r) => Event::InsertEnd(&buf[r]),
        }))
    }

    /// Reads more input. Returns false at the end of the source.
    fn fill(&mut self) -> Result<bool, LexError> {
        if self.eof {
            return Ok(false);
        }
        // What a filter checked ended at the old end, or moves now.
        self.clear = None;
        if self.pos > 0 {
            // Count what is delivered before it leaves the buffer.
            self.line_at(self.pos);
            self.counted.set(0);
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.base += self.pos as u64;
            self.pos = 0;
        }
        let wanted = self.end + self.options.read_size;
        if self.buf.len() < wanted {
            self.buf.resize(wanted, 0);
        }
        loop {
            match self.source.read(&mut self.buf[self.end..wanted]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// True when the token at `pos` fills all the memory it may have.
    fn token_too_large(&self) -> bool {
        self.end - self.pos >= self.options.max_token
    }

    /// Marks `buf[pos..to]` as delivered.
    fn consume(&mut self, to: usize) {
        self.pos = to;
        self.resume = 0;
    }

    fn error(&self, at: usize, message: impl Into<String>) -> LexError {
        let line = self.line_at(at.max(self.pos));
        let table = self.current_insert().map(|head| head.table.clone());
        LexError::Syntax {
            line,
            offset: self.base + at as u64,
            table,
            message: message.into(),
        }
    }

    fn try_step(&mut self) -> Result<Progress, LexError> {
        match self.state {
            State::Done => Ok(Progress::Done),
            State::Top => self.top(),
            State::Verbatim(scan) => Ok(self.verbatim(scan)),
            State::TableBytes { end } => {
                let start = self.pos;
                self.consume(end);
                self.state = State::Top;
                Ok(Progress::Step(Step::Verbatim(start..end)))
            }
            State::BetweenRows { first } => self.between_rows(first),
            State::InRow { column } => self.in_row(column),
            State::LargeString { column, quote } => self.large_string(column, quote),
        }
    }

    /// At a statement boundary: passes space and comments, then decides what
    /// the next statement is.
    fn top(&mut self) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        let start = self.pos;
        let mut at = start;
        while at < buf.len() && buf[at].is_ascii_whitespace() {
            at += 1;
        }
        if at == buf.len() {
            if self.eof {
                if at > start {
                    self.consume(at);
                    return Ok(Progress::Step(Step::Verbatim(start..at)));
                }
                self.state = State::Done;
                return Ok(Progress::Done);
            }
            if at > start {
                self.consume(at);
                return Ok(Progress::Step(Step::Verbatim(start..at)));
            }
            return Ok(Progress::NeedMore);
        }
        // Comments are passed on their own so that what follows them is
        // recognised as a statement.
        let rest = &buf[at..];
        let comment = match rest {
            [b'#', ..] => Some(Scan::Line),
            [b'-'] | [b'/'] | [b'-', b'-'] if !self.eof => return Ok(Progress::NeedMore),
            [b'-', b'-', ..] => is_comment_dash_end(rest.get(2)).then_some(Scan::Line),
            // `/*!` holds code, which is passed as a statement below.
            [b'/', b'*', b'!', ..] => None,
            [b'/', b'*'] if !self.eof => return Ok(Progress::NeedMore),
            [b'/', b'*', ..] => Some(Scan::BlockComment { opened: false }),
            _ => None,
        };
        if let Some(scan) = comment {
            if at > start {
                self.consume(at);
                return Ok(Progress::Step(Step::Verbatim(start..at)));
            }
            self.state = State::Verbatim(scan);
            return Ok(self.verbatim(scan));
        }

        let word_end = at
            + buf[at..]
                .iter()
                .take_while(|&&b| is_bare_identifier_byte(b))
                .count();
        if word_end == buf.len() && !self.eof && !self.token_too_large() {
            return Ok(Progress::NeedMore);
        }
        let word = &buf[at..word_end];
        let plain_delimiter = self.delimiter == b";";
        if word.eq_ignore_ascii_case(b"DELIMITER") {
            return self.delimiter_line(start, word_end);
        }
        if plain_delimiter
            && (word.eq_ignore_ascii_case(b"INSERT") || word.eq_ignore_ascii_case(b"REPLACE"))
        {
            return self.insert_head(start, at);
        }
        if plain_delimiter && word.eq_ignore_ascii_case(b"CREATE") {
            return Ok(self.create_statement(start, at));
        }
        let scan = Scan::Statement(Lex::Code);
        self.state = State::Verbatim(scan);
        Ok(self.verbatim(scan))
    }

    /// `DELIMITER x` runs to the end of its line and changes the delimiter.
    fn delimiter_line(&mut self, start: usize, word_end: usize) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        let Some(nl) = memchr::memchr(b'\n', &buf[word_end..]).map(|i| word_end + i) else {
            if !self.eof {
                return Ok(Progress::NeedMore);
            }
            let at = self.end;
            return self.finish_delimiter(start, word_end, at);
        };
        self.finish_delimiter(start, word_end, nl + 1)
    }

    fn finish_delimiter(
        &mut self,
        start: usize,
        word_end: usize,
        line_end: usize,
    ) -> Result<Progress, LexError> {
        let new: Vec<u8> = self.buf[word_end..line_end]
            .trim_ascii()
            .split(|b| b.is_ascii_whitespace())
            .next()
            .unwrap_or_default()
            .to_vec();
        if new.is_empty() {
            return Err(self.error(word_end, "DELIMITER without a delimiter"));
        }
        self.delimiter = new;
        self.consume(line_end);
        Ok(Progress::Step(Step::Verbatim(start..line_end)))
    }

    /// A `CREATE …` statement: a `CREATE TABLE` is held whole to read its
    /// columns, anything else passes through.
    fn create_statement(&mut self, start: usize, at: usize) -> Progress {
        let buf = &self.buf[..self.end];
        let mut lex = Lex::Code;
        let found = scan_statement(buf, at, &mut lex, &self.delimiter, self.eof);
        let stmt_end = match found {
            ScanEnd::Found(end) => end,
            ScanEnd::Exhausted(_) if self.eof => buf.len(),
            ScanEnd::Exhausted(_) if !self.token_too_large() => return Progress::NeedMore,
            ScanEnd::Exhausted(_) => {
                let scan = Scan::Statement(Lex::Code);
                self.state = State::Verbatim(scan);
                return self.verbatim(scan);
            }
        };
        let body_end = stmt_end.saturating_sub(self.delimiter.len()).max(at);
        match parse_create_table(&buf[at..body_end]) {
            Some(def) => {
                self.table = def;
                self.state = State::TableBytes { end: stmt_end };
                Progress::Step(Step::Table)
            }
            None => {
                self.consume(stmt_end);
                Progress::Step(Step::Verbatim(start..stmt_end))
            }
        }
    }

    /// Reads `INSERT [modifiers] [INTO] t [(cols)] VALUES`. Statements of
    /// another shape (`INSERT … SELECT`, `… SET`) pass through verbatim.
    fn insert_head(&mut self, start: usize, at: usize) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        match parse_insert_head(buf, at) {
            HeadParse::Incomplete if !self.eof && !self.token_too_large() => Ok(Progress::NeedMore),
            HeadParse::Head { end, head } => {
                self.insert = head;
                self.clear = None;
                self.consume(end);
                self.state = State::BetweenRows { first: true };
                Ok(Progress::Step(Step::InsertStart(start..end)))
            }
            HeadParse::Incomplete | HeadParse::NotValues => {
                let scan = Scan::Statement(Lex::Code);
                self.state = State::Verbatim(scan);
                Ok(self.verbatim(scan))
            }
        }
    }

    /// Passes verbatim text until the end of what `scan` scans for, in
    /// pieces when it is long.
    fn verbatim(&mut self, scan: Scan) -> Progress {
        let buf = &self.buf[..self.end];
        let start = self.pos;
        let (end, done, next_scan) = match scan {
            Scan::Line => match memchr::memchr(b'\n', &buf[start..]) {
                Some(i) => (start + i + 1, true, scan),
                None => (buf.len(), self.eof, scan),
            },
            Scan::BlockComment { opened } => {
                // Search from after `/*` so that `/*/` does not close it.
                let from = if opened {
                    start
                } else {
                    (start + 2).min(buf.len())
                };
                let rest = Scan::BlockComment { opened: true };
                match memchr::memmem::find(&buf[from..], b"*/") {
                    Some(i) => (from + i + 2, true, rest),
                    // Keep a trailing `*` for the next piece.
                    None if !self.eof => (buf.len().saturating_sub(1).max(from), false, rest),
                    None => (buf.len(), true, rest),
                }
            }
            Scan::Statement(mut lex) => {
                match scan_statement(buf, start, &mut lex, &self.delimiter, self.eof) {
                    ScanEnd::Found(end) => (end, true, Scan::Statement(lex)),
                    // At the end of the input an unfinished statement ends there.
                    ScanEnd::Exhausted(_) if self.eof => (buf.len(), true, Scan::Statement(lex)),
                    ScanEnd::Exhausted(end) => (end, false, Scan::Statement(lex)),
                }
            }
        };
        if done {
            self.state = State::Top;
        } else {
            self.state = State::Verbatim(next_scan);
            if end == start {
                return Progress::NeedMore;
            }
        }
        if end == start {
            return if self.eof {
                self.state = State::Done;
                Progress::Done
            } else {
                Progress::NeedMore
            };
        }
        self.consume(end);
        Progress::Step(Step::Verbatim(start..end))
    }

    /// Expects a row, or the end of the INSERT.
    fn between_rows(&mut self, first: bool) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        let start = self.pos;
        let mut at = skip_space(buf, start);
        if !first {
            match buf.get(at) {
                None => return self.need_more_in_insert(at, "the dump ends inside an INSERT"),
                Some(b',') => at = skip_space(buf, at + 1),
                Some(_) => {
                    // The end of the row list: the delimiter, or a tail such as
                    // `ON DUPLICATE KEY UPDATE …` passed through verbatim.
                    let delimiter = &self.delimiter;
                    if buf.len() - at < delimiter.len() && !self.eof {
                        return Ok(Progress::NeedMore);
                    }
                    if buf[at..].starts_with(delimiter) {
                        let end = at + delimiter.len();
                        self.consume(end);
                        self.state = State::Top;
                        return Ok(Progress::Step(Step::InsertEnd(start..end)));
                    }
                    self.state = State::Verbatim(Scan::Statement(Lex::Code));
                    return Ok(Progress::Step(Step::InsertEnd(start..start)));
                }
            }
        }
        match buf.get(at) {
            None => self.need_more_in_insert(at, "the dump ends inside an INSERT"),
            Some(b'(') => {
                self.consume(at + 1);
                self.state = State::InRow { column: 0 };
                Ok(Progress::Step(Step::RowStart(start..at + 1)))
            }
            Some(_) => Err(self.error(at, "expected `(` to open a row")),
        }
    }

    /// Expects value number `column`, or the `)` that closes the row.
    fn in_row(&mut self, column: usize) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        let start = self.pos;
        let mut at = skip_space(buf, start);
        match buf.get(at) {
            None => return self.need_more_in_insert(at, "the dump ends inside a row"),
            Some(b')') => {
                self.consume(at + 1);
                self.state = State::BetweenRows { first: false };
                return Ok(Progress::Step(Step::RowEnd(start..at + 1)));
            }
            Some(b',') if column > 0 => at = skip_space(buf, at + 1),
            Some(_) if column > 0 => {
                return Err(self.error(
                    at,
                    format!("expected `,` or `)` after value {column} of a row"),
                ))
            }
            Some(_) => {}
        }
        let value_start = at;
        let Some(&first) = buf.get(at) else {
            return self.need_more_in_insert(at, "the dump ends inside a row");
        };
        // A character-set introducer: `_binary '…'`, `_utf8mb4 0x…`.
        let mut literal_at = at;
        if first == b'_' {
            let word_end = at
                + buf[at..]
                    .iter()
                    .take_while(|&&b| is_bare_identifier_byte(b))
                    .count();
            let after = skip_space(buf, word_end);
            if after == buf.len() && !self.eof {
                return self.need_more_in_insert(after, "the dump ends inside a row");
            }
            literal_at = after;
        }
        let Some(&lead) = buf.get(literal_at) else {
            return self.need_more_in_insert(literal_at, "the dump ends inside a row");
        };
        let next = buf.get(literal_at + 1).copied();
        let (kind, end) = match lead {
            b'\'' | b'"' => {
                let body_start = literal_at + 1;
                let from = (start + self.resume).max(body_start);
                match scan_string(buf, from, lead, self.eof) {
                    StrScan::Closed(close) => (
                        ValueShape::Str {
                            prefix_len: body_start - value_start,
                            quote: lead,
                        },
                        close + 1,
                    ),
                    StrScan::Open(_) if self.eof => {
                        return Err(self.error(value_start, "unterminated string value"));
                    }
                    StrScan::Open(_) if self.token_too_large() => {
                        // Too large to hold: stream its body.
                        self.consume(body_start);
                        self.state = State::LargeString {
                            column,
                            quote: lead,
                        };
                        return Ok(Progress::Step(Step::LargeStart {
                            column,
                            sep: start..value_start,
                            prefix: value_start..body_start,
                            quote: lead,
                        }));
                    }
                    StrScan::Open(resume_at) => {
                        self.resume = resume_at - start;
                        return Ok(Progress::NeedMore);
                    }
                }
            }
            b'x' | b'X' | b'b' | b'B' if next == Some(b'\'') => {
                let kind = if lead.eq_ignore_ascii_case(&b'x') {
                    ValueShape::Hex
                } else {
                    ValueShape::Bit
                };
                match memchr::memchr(b'\'', &buf[literal_at + 2..]) {
                    Some(i) => (kind, literal_at + 2 + i + 1),
                    None => (kind, 0),
                }
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let end = literal_at
                    + buf[literal_at..]
                        .iter()
                        .take_while(|&&b| {
                            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')
                        })
                        .count();
                let kind = match (lead, next) {
                    (b'0', Some(b'x' | b'X')) => ValueShape::Hex,
                    (b'0', Some(b'b')) => ValueShape::Bit,
                    _ => ValueShape::Number,
                };
                (
                    kind,
                    if end == buf.len() && !self.eof {
                        0
                    } else {
                        end
                    },
                )
            }
            _ => {
                let end = scan_expression(buf, literal_at);
                let kind = if buf[literal_at..end].eq_ignore_ascii_case(b"NULL") {
                    ValueShape::Null
                } else {
                    ValueShape::Expr
                };
                (
                    kind,
                    if end == buf.len() && !self.eof {
                        0
                    } else {
                        end
                    },
                )
            }
        };
        if end == 0 {
            if self.token_too_large() {
                return Err(self.error(
                    value_start,
                    "a value that is not a string is larger than the lexer's token limit",
                ));
            }
            return Ok(Progress::NeedMore);
        }
        if end == value_start {
            return Err(self.error(value_start, "expected a value"));
        }
        self.consume(end);
        self.state = State::InRow { column: column + 1 };
        Ok(Progress::Step(Step::Value {
            column,
            sep: start..value_start,
            raw: value_start..end,
            kind,
        }))
    }

    fn need_more_in_insert(&self, at: usize, message: &str) -> Result<Progress, LexError> {
        if self.eof {
            Err(self.error(at, format!("{message} (is the dump truncated?)")))
        } else {
            Ok(Progress::NeedMore)
        }
    }

    /// Lexes whole rows from `pos` for as long as `filter` sees nothing of
    /// interest in them and they lie whole in the buffer; returns them as
    /// one step, or `None` (with nothing consumed) when the next row must
    /// come value by value. Errors are left for that value-by-value pass to
    /// report where they are.
    fn pass_rows(&mut self, first: bool, filter: &dyn RowFilter) -> Option<Step> {
        let start = self.pos;
        let (line, counted) = (self.line.get(), self.counted.get());
        let mut rows = 0;
        let mut first = first;
        loop {
            let row_start = self.pos;
            let limit = self.interest_limit(filter, row_start);
            let end = match fast_row_end(&self.buf[..self.end], row_start, first, self.eof) {
                Some(end) => {
                    self.pos = end;
                    Some(end)
                }
                None => self.skip_row(first),
            };
            let passed = limit > row_start && end.is_some_and(|end| end <= limit);
            if !passed {
                // Back to the start of the row, as if it had not been read.
                self.pos = row_start;
                self.resume = 0;
                self.state = State::BetweenRows { first };
                self.line.set(line);
                self.counted.set(counted);
                break;
            }
            rows += 1;
            first = false;
        }
        (rows > 0).then_some(Step::Rows(start..self.pos, rows))
    }

    /// Reads one whole row from `pos`; its end, or `None` when it is not
    /// whole in the buffer, is not a plain row, or is malformed.
    fn skip_row(&mut self, first: bool) -> Option<usize> {
        match self.between_rows(first) {
            Ok(Progress::Step(Step::RowStart(_))) => {}
            _ => return None,
        }
        loop {
            let State::InRow { column } = self.state else {
                return None;
            };
            match self.in_row(column) {
                Ok(Progress::Step(Step::Value { .. })) => {}
                Ok(Progress::Step(Step::RowEnd(r))) => return Some(r.end),
                _ => return None,
            }
        }
    }

    /// The first position at or after `from` where `filter` says something
    /// of interest may start, or the end of what it could check.
    fn interest_limit(&mut self, filter: &dyn RowFilter, from: usize) -> usize {
        if let Some(clear) = &self.clear {
            if clear.contains(&from) || clear.end == from {
                return clear.end;
            }
        }
        let edge = if self.eof {
            self.end
        } else {
            self.end.saturating_sub(filter.reach().saturating_sub(1))
        };
        // Everything at hand is searched; only starts before `edge` are sure
        // to be seen whole.
        let to = match self.buf.get(from..self.end) {
            Some(bytes) if edge > from => filter
                .first_interest(bytes)
                .map_or(edge, |at| (from + at).min(edge)),
            _ => from,
        };
        self.clear = Some(from..to);
        to
    }

    /// Streams the body of a large string in pieces that never split an
    /// escape, then its closing quote.
    fn large_string(&mut self, column: usize, quote: u8) -> Result<Progress, LexError> {
        let buf = &self.buf[..self.end];
        let start = self.pos;
        let from = start + self.resume;
        let (piece_end, closed) = match scan_string(buf, from, quote, self.eof) {
            StrScan::Closed(close) => (close, true),
            StrScan::Open(resume_at) => (resume_at, false),
        };
        if piece_end > start {
            self.consume(piece_end);
            return Ok(Progress::Step(Step::LargeChunk(start..piece_end)));
        }
        if closed {
            self.consume(start + 1);
            self.state = State::InRow { column: column + 1 };
            return Ok(Progress::Step(Step::LargeEnd(start..start + 1)));
        }
        if self.eof {
            return Err(self.error(start, "unterminated string value (is the dump truncated?)"));
        }
        Ok(Progress::NeedMore)
    }
}

/// Where the row that `buf[from..]` opens ends (after its `)`), for rows
/// of plain quoted strings, numbers and `NULL` only; `None` for anything
/// else, which the full lexer then reads (and reports when malformed). It
/// accepts nothing the full lexer refuses and finds the same end.
fn fast_row_end(buf: &[u8], from: usize, first: bool, eof: bool) -> Option<usize> {
    let mut at = skip_space(buf, from);
    if !first {
        if *buf.get(at)? != b',' {
            return None;
        }
        at = skip_space(buf, at + 1);
    }
    if *buf.get(at)? != b'(' {
        return None;
    }
    at = skip_space(buf, at + 1);
    if *buf.get(at)? == b')' {
        return Some(at + 1);
    }
    loop {
        at = match *buf.get(at)? {
            quote @ (b'\'' | b'"') => match scan_string(buf, at + 1, quote, eof) {
                StrScan::Closed(close) => close + 1,
                StrScan::Open(_) => return None,
            },
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let len = buf[at..]
                    .iter()
                    .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
                    .count();
                at + len
            }
            b'N' | b'n' if buf.get(at..at + 4)?.eq_ignore_ascii_case(b"NULL") => at + 4,
            _ => return None,
        };
        at = skip_space(buf, at);
        match *buf.get(at)? {
            b',' => at = skip_space(buf, at + 1),
            b')' => return Some(at + 1),
            _ => return None,
        }
    }
}

enum StrScan {
    /// The closing quote is at this position.
    Closed(usize),
    /// Not closed within the buffer; everything before this position is
    /// complete (no escape or doubled quote is split there).
    Open(usize),
}

/// Scans a string body from `from` (a position not inside an escape) for
/// its closing quote, skipping escapes and doubled quotes.
///
/// It jumps from quote to quote and looks back at the run of backslashes
/// before each: an odd run escapes the quote. Text full of `\n` and `\"`
/// escapes is then scanned at the speed of `memchr` for the quote alone.
fn scan_string(buf: &[u8], mut from: usize, quote: u8, eof: bool) -> StrScan {
    let odd_backslashes_before = |at: usize, from: usize| {
        buf[from..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count()
            % 2
            == 1
    };
    let start = from;
    loop {
        let Some(i) = memchr::memchr(quote, &buf[from..]) else {
            // Keep an unfinished escape for the next piece.
            let end = buf.len();
            return StrScan::Open(if odd_backslashes_before(end, start) {
                end - 1
            } else {
                end
            });
        };
        let at = from + i;
        if odd_backslashes_before(at, start) {
            from = at + 1;
            continue;
        }
        match buf.get(at + 1) {
            Some(&b) if b == quote => from = at + 2,
            Some(_) => return StrScan::Closed(at),
            None if eof => return StrScan::Closed(at),
            None => return StrScan::Open(at),
        }
    }
}

/// The end of an expression value: the next `,` or `)` outside parentheses
/// and quotes.
fn scan_expression(buf: &[u8], mut at: usize) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = buf.get(at) {
        match b {
            b'\'' | b'"' | b'`' => at = crate::scan::skip_quoted(buf, at),
            b'(' => {
                depth += 1;
                at += 1;
            }
            b')' if depth == 0 => return at,
            b')' => {
                depth -= 1;
                at += 1;
            }
            b',' if depth == 0 => return at,
            _ => at += 1,
        }
    }
    buf.len()
}

fn skip_space(buf: &[u8], mut at: usize) -> usize {
    while at < buf.len() && buf[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

enum ScanEnd {
    /// The statement ends just after its delimiter, here.
    Found(usize),
    /// No delimiter before this position; the scan state says where it is.
    Exhausted(usize),
}

/// Scans statement text for the delimiter, outside quotes and comments.
fn scan_statement(
    buf: &[u8],
    mut at: usize,
    lex: &mut Lex,
    delimiter: &[u8],
    eof: bool,
) -> ScanEnd {
    let first = delimiter.first().copied().unwrap_or(b';');
    while at < buf.len() {
        match *lex {
            Lex::Code => {
                let b = buf[at];
                if b == first {
                    if buf.len() - at < delimiter.len() && !eof {
                        return ScanEnd::Exhausted(at);
                    }
                    if buf[at..].starts_with(delimiter) {
                        return ScanEnd::Found(at + delimiter.len());
                    }
                }
                match b {
                    b'\'' | b'"' | b'`' => *lex = Lex::Quoted(b),
                    b'#' => *lex = Lex::LineComment,
                    b'-' | b'/' => {
                        let Some(&next) = buf.get(at + 1) else {
                            if eof {
                                return ScanEnd::Exhausted(buf.len());
                            }
                            return ScanEnd::Exhausted(at);
                        };
                        if b == b'-' && next == b'-' {
                            match buf.get(at + 2) {
                                None if !eof => return ScanEnd::Exhausted(at),
                                third if is_comment_dash_end(third) => *lex = Lex::LineComment,
                                _ => {}
                            }
                        } else if b == b'/' && next == b'*' {
                            *lex = Lex::BlockComment;
                            at += 2;
                            continue;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            Lex::Quoted(quote) => match memchr::memchr2(quote, b'\\', &buf[at..]) {
                None => return ScanEnd::Exhausted(buf.len()),
                Some(i) => {
                    let hit = at + i;
                    if buf[hit] == b'\\' && quote != b'`' {
                        if hit + 1 >= buf.len() {
                            return ScanEnd::Exhausted(hit);
                        }
                        at = hit + 2;
                    } else if buf[hit] == b'\\' {
                        at = hit + 1;
                    } else {
                        // A doubled quote reopens at once, which this handles.
                        *lex = Lex::Code;
                        at = hit + 1;
                    }
                }
            },
            Lex::LineComment => match memchr::memchr(b'\n', &buf[at..]) {
                None => return ScanEnd::Exhausted(buf.len()),
                Some(i) => {
                    *lex = Lex::Code;
                    at += i + 1;
                }
            },
            Lex::BlockComment => match memchr::memmem::find(&buf[at..], b"*/") {
                None => return ScanEnd::Exhausted(buf.len().saturating_sub(1).max(at)),
                Some(i) => {
                    *lex = Lex::Code;
                    at += i + 2;
                }
            },
        }
    }
    ScanEnd::Exhausted(buf.len())
}

enum HeadParse {
    Head { end: usize, head: InsertHead },
    NotValues,
    Incomplete,
}

/// Parses an INSERT or REPLACE header starting at its first keyword.
fn parse_insert_head(buf: &[u8], at: usize) -> HeadParse {
    use crate::scan::skip_space_and_comments as skip;
    const MODIFIERS: &[&str] = &["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"];
    let Some((_, mut at)) = identifier(buf, at) else {
        return HeadParse::Incomplete;
    };
    let mut table = loop {
        at = skip(buf, at);
        let Some((word, next)) = identifier(buf, at) else {
            return incomplete_or_not(buf, at);
        };
        if next == buf.len() {
            return HeadParse::Incomplete;
        }
        let quoted = matches!(buf[at], b'`' | b'"');
        at = next;
        if quoted || !MODIFIERS.iter().any(|m| word.eq_ignore_ascii_case(m)) {
            break word;
        }
    };
    while buf.get(at) == Some(&b'.') {
        let Some((word, next)) = identifier(buf, at + 1) else {
            return incomplete_or_not(buf, at + 1);
        };
        table = word;
        at = next;
    }
    at = skip(buf, at);
    let mut columns = None;
    if buf.get(at) == Some(&b'(') {
        let mut names = Vec::new();
        at += 1;
        loop {
            at = skip(buf, at);
            let Some((name, next)) = identifier(buf, at) else {
                return incomplete_or_not(buf, at);
            };
            names.push(name);
            at = skip(buf, next);
            match buf.get(at) {
                Some(b',') => at += 1,
                Some(b')') => {
                    at += 1;
                    break;
                }
                Some(_) => return HeadParse::NotValues,
                None => return HeadParse::Incomplete,
            }
        }
        columns = Some(names);
        at = skip(buf, at);
    }
    let Some((word, next)) = identifier(buf, at) else {
        return incomplete_or_not(buf, at);
    };
    if next == buf.len() {
        return HeadParse::Incomplete;
    }
    if !(word.eq_ignore_ascii_case("VALUES") || word.eq_ignore_ascii_case("VALUE")) {
        return HeadParse::NotValues;
    }
    HeadParse::Head {
        end: next,
        head: InsertHead { table, columns },
    }
}

fn incomplete_or_not(buf: &[u8], at: usize) -> HeadParse {
    let unterminated_quote =
        matches!(buf.get(at), Some(b'`' | b'"')) && crate::scan::skip_quoted(buf, at) == buf.len();
    if at >= buf.len() || unterminated_quote {
        HeadParse::Incomplete
    } else {
        HeadParse::NotValues
    }
}
