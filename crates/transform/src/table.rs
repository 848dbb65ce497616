//! Per-table decisions (which columns to rewrite, how to scrub) and the
//! buffer that holds a row whole while the scrub decides about it.

use std::ops::Range;

use slipway_scrub::{Cell, RowVerdict, Scrubber, TablePlan};
use slipway_sqldump::escape::unescape;
use slipway_sqldump::{InsertHead, TableDef, Value, ValueKind, ValueShape};

use crate::report::{ColumnReport, Report};
use crate::Options;

/// Column names that key the rows of WordPress key-value tables.
const KEY_COLUMNS: &[&str] = &["meta_key", "option_name", "meta_name"];

/// What is decided once per table (and INSERT column list).
pub(crate) struct TableState {
    pub(crate) name: String,
    columns: Vec<String>,
    /// Whether the rewrite may touch each column.
    rewrite: Vec<bool>,
    /// Whether the rewrite may touch columns the dump did not name.
    rewrite_unnamed: bool,
    pub(crate) primary_key: Vec<usize>,
    /// The key column of a key-value table, for reports.
    pub(crate) key_column: Option<usize>,
    pub(crate) scrub: Option<TablePlan>,
    counters: Vec<ColumnReport>,
    pub(crate) rows: u64,
    pub(crate) rows_deleted: u64,
}

impl TableState {
    pub(crate) fn new(
        head: &InsertHead,
        def: Option<&TableDef>,
        options: &Options,
        rewriting: bool,
        scrubber: Option<&Scrubber>,
    ) -> Self {
        let columns: Vec<String> = match (&head.columns, def) {
            (Some(columns), _) => columns.clone(),
            (None, Some(def)) => def.columns.clone(),
            (None, None) => Vec::new(),
        };
        let table = head.table.as_str();
        let table_rewrites = rewriting
            && (options.only_tables.is_empty()
                || options.only_tables.iter().any(|p| glob_match(p, table)))
            && !options.skip_tables.iter().any(|p| glob_match(p, table));
        let rewrite = columns
            .iter()
            .map(|column| table_rewrites && column_rewrites(options, table, column))
            .collect();
        let primary_key = match def {
            Some(def) => def
                .primary_key
                .iter()
                .filter_map(|&i| def.columns.get(i))
                .filter_map(|name| columns.iter().position(|c| c == name))
                .collect(),
            None => Vec::new(),
        };
        let key_column = columns
            .iter()
            .position(|c| KEY_COLUMNS.iter().any(|k| c.eq_ignore_ascii_case(k)));
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let scrub = scrubber.and_then(|s| s.plan_table(table, &column_refs));
        TableState {
            name: head.table.clone(),
            counters: vec![ColumnReport::default(); columns.len()],
            columns,
            rewrite,
            rewrite_unnamed: table_rewrites,
            primary_key,
            key_column,
            scrub,
            rows: 0,
            rows_deleted: 0,
        }
    }

    /// Whether the rewrite may touch `column`.
    #[inline]
    pub(crate) fn rewrites(&self, column: usize) -> bool {
        self.rewrite
            .get(column)
            .copied()
            .unwrap_or(self.rewrite_unnamed)
    }

    /// Whether the rewrite may touch any column of this table.
    pub(crate) fn rewrites_any(&self) -> bool {
        self.rewrite_unnamed || self.rewrite.iter().any(|&r| r)
    }

    /// The name of `column`, or `#N` when the dump does not name it.
    pub(crate) fn column_name(&self, column: usize) -> &str {
        match self.columns.get(column) {
            Some(name) => name,
            None => "#",
        }
    }

    pub(crate) fn counter(&mut self, column: usize) -> &mut ColumnReport {
        if column >= self.counters.len() {
            self.counters.resize(column + 1, ColumnReport::default());
        }
        &mut self.counters[column]
    }

    pub(crate) fn merge_into(self, report: &mut Report) {
        let names = self.columns;
        let counters = self.counters.into_iter().enumerate().map(|(i, counts)| {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("#{}", i + 1));
            (name, counts)
        });
        report.merge_table(&self.name, self.rows, self.rows_deleted, counters);
    }

    /// Asks the scrub about a held row: true when the row is to be left
    /// out. The values it changed are then [`RowBuffer::replacement`]s.
    pub(crate) fn scrub_row(&mut self, row: &mut RowBuffer, scrubber: Option<&Scrubber>) -> bool {
        row.cell_columns.clear();
        let (Some(plan), Some(scrubber)) = (self.scrub.as_ref(), scrubber) else {
            return false;
        };
        row.scrub(plan, scrubber)
    }
}

fn column_rewrites(options: &Options, table: &str, column: &str) -> bool {
    if column.eq_ignore_ascii_case("guid") && !options.include_guid {
        return false;
    }
    !options
        .skip_columns
        .iter()
        .any(|pattern| match pattern.split_once('.') {
            Some((t, c)) => glob_match(t, table) && glob_match(c, column),
            None => glob_match(pattern, column),
        })
}

/// Matches `name` against a pattern in which `*` stands for any run of
/// characters.
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return pattern == name;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[derive(Debug, Clone)]
struct HeldValue {
    column: usize,
    sep: Range<usize>,
    raw: Range<usize>,
    kind: ValueShape,
}

/// One held value, borrowed back from the buffer.
pub(crate) struct HeldCell<'a> {
    pub(crate) column: usize,
    /// Where its separator starts in [`RowBuffer::bytes`].
    pub(crate) at: usize,
    pub(crate) sep: &'a [u8],
    pub(crate) raw: &'a [u8],
    pub(crate) kind: ValueKind<'a>,
}

/// A row held whole: its bytes and where each value is.
#[derive(Debug, Default)]
pub(crate) struct RowBuffer {
    bytes: Vec<u8>,
    start: Range<usize>,
    end: Range<usize>,
    values: Vec<HeldValue>,
    /// The primary key of the row being read, as written.
    pub(crate) primary_key: Vec<u8>,
    /// The cells handed to the scrub, kept for the next row's memory.
    cells: Vec<Cell>,
    /// The column of each cell; empty when the row was not scrubbed.
    cell_columns: Vec<usize>,
}

impl RowBuffer {
    pub(crate) fn start(&mut self, raw: &[u8]) {
        self.bytes.clear();
        self.values.clear();
        self.primary_key.clear();
        self.bytes.extend_from_slice(raw);
        self.start = 0..raw.len();
        self.end = 0..0;
    }

    pub(crate) fn push(&mut self, value: Value<'_>) {
        // Separator and literal are one slice: one copy.
        let sep_start = self.bytes.len();
        self.bytes.extend_from_slice(value.whole);
        let raw_start = sep_start + value.sep.len();
        let kind = value.kind.shape();
        self.values.push(HeldValue {
            column: value.column,
            sep: sep_start..raw_start,
            raw: raw_start..self.bytes.len(),
            kind,
        });
    }

    pub(crate) fn end(&mut self, raw: &[u8]) {
        let at = self.bytes.len();
        self.bytes.extend_from_slice(raw);
        self.end = at..self.bytes.len();
    }

    pub(crate) fn start_bytes(&self) -> &[u8] {
        &self.bytes[self.start.clone()]
    }

    pub(crate) fn end_bytes(&self) -> &[u8] {
        &self.bytes[self.end.clone()]
    }

    pub(crate) fn cells(&self) -> impl Iterator<Item = HeldCell<'_>> {
        self.values.iter().map(|held| self.cell(held))
    }

    fn cell(&self, held: &HeldValue) -> HeldCell<'_> {
        let raw = &self.bytes[held.raw.clone()];
        let kind = held.kind.kind(raw);
        HeldCell {
            column: held.column,
            at: held.sep.start,
            sep: &self.bytes[held.sep.clone()],
            raw,
            kind,
        }
    }

    /// All the row's bytes, from its opening to its closing.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The unescaped value of a string (or number) in `column` into `value`
    /// (cleared first), reusing its memory; false when the row has no
    /// string or number there.
    pub(crate) fn string_value_into(&self, column: usize, value: &mut Vec<u8>) -> bool {
        value.clear();
        let Some(held) = self.values.iter().find(|v| v.column == column) else {
            return false;
        };
        match self.cell(held).kind {
            ValueKind::Str { quote, body, .. } => {
                unescape(body, quote, value);
                true
            }
            ValueKind::Number => {
                value.extend_from_slice(&self.bytes[held.raw.clone()]);
                true
            }
            _ => false,
        }
    }

    /// The value the scrub wrote for `column` (`None` is SQL NULL), or
    /// `None` when it left the column as it was.
    pub(crate) fn replacement(&self, column: usize) -> Option<Option<&[u8]>> {
        let cell = self.cell_of(column)?.1.filter(|cell| cell.changed)?;
        Some(cell.value.as_deref())
    }

    /// The decoded value of `column` if the scrub read it and left it as
    /// it was: what [`Self::string_value_into`] would give, without
    /// decoding it again.
    pub(crate) fn decoded(&self, column: usize, plan: &TablePlan) -> Option<&[u8]> {
        let (slot, cell) = self.cell_of(column)?;
        let cell = cell.filter(|cell| plan.decides_on(slot) && !cell.changed)?;
        cell.value.as_deref()
    }

    /// The scrub's slot for `column`, and its cell.
    fn cell_of(&self, column: usize) -> Option<(usize, Option<&Cell>)> {
        let slot = self.cell_columns.iter().position(|&c| c == column)?;
        Some((slot, self.cells.get(slot)))
    }

    /// True when the scrub leaves the row out.
    fn scrub(&mut self, plan: &TablePlan, scrubber: &Scrubber) -> bool {
        let needed = plan.needed_columns();
        self.cell_columns.extend_from_slice(needed);
        // Only what the decision reads is decoded now; a value is decoded
        // when a rule is about to change it. Every cell keeps its memory
        // from row to row: the others hold a buffer the scrub loads into.
        let mut cells = std::mem::take(&mut self.cells);
        cells.resize_with(needed.len(), Cell::default);
        cells.truncate(needed.len());
        for (slot, (&column, cell)) in needed.iter().zip(cells.iter_mut()).enumerate() {
            cell.changed = false;
            let mut value = cell.value.take().unwrap_or_default();
            if plan.decides_on(slot) {
                if self.string_value_into(column, &mut value) {
                    cell.value = Some(value);
                }
            } else {
                cell.value = Some(value);
            }
        }
        let mut load = |slot: usize, value: &mut Vec<u8>| {
            needed
                .get(slot)
                .is_some_and(|&column| self.string_value_into(column, value))
        };
        let verdict = plan.scrub_row_loading(scrubber, &mut cells, &mut load);
        self.cells = cells;
        if verdict == RowVerdict::Delete {
            self.cell_columns.clear();
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs_match_prefixes_suffixes_and_infixes() {
        assert!(glob_match("wp_options", "wp_options"));
        assert!(!glob_match("wp_options", "wp_2_options"));
        assert!(glob_match("wp_*options", "wp_2_options"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("*_posts", "wp_posts"));
        assert!(glob_match("wp_*_*meta", "wp_2_postmeta"));
        assert!(!glob_match("wp_*_*meta", "wp_postmeta"));
    }
}
