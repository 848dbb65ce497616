//! What a transform run did, per table and column.

use std::collections::BTreeMap;

use serde::Serialize;

/// The most problems listed one by one; beyond it they are only counted.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// The outcome of one run over a dump.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    /// Bytes read from the input.
    pub bytes_in: u64,
    /// Bytes written to the output.
    pub bytes_out: u64,
    /// Per table, by name.
    pub tables: BTreeMap<String, TableReport>,
    /// Values that could not be transformed as asked, listed up to
    /// [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<Problem>,
    /// How many problems there were in all.
    pub problem_count: u64,
}

/// What happened in one table.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TableReport {
    /// Rows read.
    pub rows: u64,
    /// Rows left out of the output by a scrub rule (delete row, truncate).
    pub rows_deleted: u64,
    /// Per column, by name (or `#N` when the dump gives no column names).
    pub columns: BTreeMap<String, ColumnReport>,
}

/// What happened in one column.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct ColumnReport {
    /// Values the rewrite changed.
    pub rewritten: u64,
    /// Occurrences replaced within those values.
    pub replacements: u64,
    /// Rewritten values that were PHP-serialized, with their lengths recomputed.
    pub serialized_fixed: u64,
    /// Values the scrub changed (including set to NULL).
    pub scrubbed: u64,
    /// Values left unchanged although they needed a change; see the problems.
    pub skipped: u64,
}

impl ColumnReport {
    fn add(&mut self, other: &ColumnReport) {
        self.rewritten += other.rewritten;
        self.replacements += other.replacements;
        self.serialized_fixed += other.serialized_fixed;
        self.scrubbed += other.scrubbed;
        self.skipped += other.skipped;
    }
}

/// A value left as it was, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The row's primary key, as written in the dump (empty when unknown).
    pub primary_key: String,
    /// The dump line the row is on.
    pub line: u64,
    /// Why the value was left unchanged.
    pub reason: String,
}

impl Report {
    /// Adds what one run of INSERTs into `table` did.
    pub(crate) fn merge_table(
        &mut self,
        table: &str,
        rows: u64,
        rows_deleted: u64,
        columns: impl Iterator<Item = (String, ColumnReport)>,
    ) {
        if !self.tables.contains_key(table) {
            self.tables.insert(table.to_owned(), TableReport::default());
        }
        let Some(report) = self.tables.get_mut(table) else {
            return;
        };
        report.rows += rows;
        report.rows_deleted += rows_deleted;
        for (name, counts) in columns {
            if counts == ColumnReport::default() {
                continue;
            }
            let column = report.columns.entry(name).or_default();
            column.add(&counts);
        }
    }

    pub(crate) fn problem(&mut self, problem: Problem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(problem);
        }
    }

    /// Totals over all tables and columns.
    pub fn totals(&self) -> ColumnReport {
        let mut total = ColumnReport::default();
        for column in self.tables.values().flat_map(|t| t.columns.values()) {
            total.add(column);
        }
        total
    }

    /// Rows deleted over all tables.
    pub fn rows_deleted(&self) -> u64 {
        self.tables.values().map(|t| t.rows_deleted).sum()
    }
}
