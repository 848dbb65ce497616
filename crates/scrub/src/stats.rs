//! Counters for the report: what the scrub did per table and column.
//!
//! [`TableStats`] is the cheap per-table tally a caller keeps while a table
//! streams by (one slot per needed column, no lookups per row);
//! [`ScrubStats`] gathers tables by name for rendering.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// What happened to the values of one column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ColumnStats {
    /// Values replaced (including those set to NULL).
    pub changed: u64,
    /// Of those, values set to NULL.
    pub nulled: u64,
    /// Serialized or JSON values whose entries were scrubbed in place.
    pub scrubbed_inside: u64,
    /// Values that looked serialized but did not parse, handled as plain
    /// text instead (which `keep` leaves alone).
    pub broken_serialized: u64,
}

impl ColumnStats {
    fn add(&mut self, other: &ColumnStats) {
        self.changed += other.changed;
        self.nulled += other.nulled;
        self.scrubbed_inside += other.scrubbed_inside;
        self.broken_serialized += other.broken_serialized;
    }

    fn is_zero(&self) -> bool {
        *self == ColumnStats::default()
    }
}

/// The tally of one table, made by [`crate::TablePlan::new_stats`] and
/// filled by [`crate::TablePlan::scrub_row_counted`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableStats {
    /// Rows decided on.
    pub rows: u64,
    /// Rows left out (`delete_row`, `truncate`).
    pub rows_deleted: u64,
    /// Rows left intact because they belong to a kept account.
    pub rows_kept_accounts: u64,
    pub(crate) columns: Vec<(String, ColumnStats)>,
}

impl TableStats {
    pub(crate) fn for_columns(names: &[String]) -> Self {
        TableStats {
            columns: names
                .iter()
                .map(|n| (n.clone(), ColumnStats::default()))
                .collect(),
            ..TableStats::default()
        }
    }

    pub(crate) fn slot(&mut self, slot: usize) -> Option<&mut ColumnStats> {
        self.columns.get_mut(slot).map(|(_, stats)| stats)
    }

    /// The columns with anything to report, by name.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &ColumnStats)> {
        self.columns
            .iter()
            .filter(|(_, s)| !s.is_zero())
            .map(|(name, s)| (name.as_str(), s))
    }
}

/// The scrub's effect on one table, as reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    /// Rows decided on.
    pub rows: u64,
    /// Rows left out.
    pub rows_deleted: u64,
    /// Rows left intact for kept accounts.
    pub rows_kept_accounts: u64,
    /// Columns with anything to report.
    pub columns: BTreeMap<String, ColumnStats>,
}

/// The scrub's effect on a whole dump, by table name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScrubStats {
    /// Tables the scrub planned for, by full name.
    pub tables: BTreeMap<String, TableSummary>,
}

impl ScrubStats {
    /// Adds a table's tally (a table may come in several parts).
    pub fn add(&mut self, table: &str, stats: &TableStats) {
        let summary = self.tables.entry(table.to_owned()).or_default();
        summary.rows += stats.rows;
        summary.rows_deleted += stats.rows_deleted;
        summary.rows_kept_accounts += stats.rows_kept_accounts;
        for (name, column) in stats.columns() {
            summary
                .columns
                .entry(name.to_owned())
                .or_default()
                .add(column);
        }
    }

    /// Adds another run's totals (from a parallel worker).
    pub fn merge(&mut self, other: &ScrubStats) {
        for (table, theirs) in &other.tables {
            let ours = self.tables.entry(table.clone()).or_default();
            ours.rows += theirs.rows;
            ours.rows_deleted += theirs.rows_deleted;
            ours.rows_kept_accounts += theirs.rows_kept_accounts;
            for (name, column) in &theirs.columns {
                ours.columns.entry(name.clone()).or_default().add(column);
            }
        }
    }

    /// Every column's counts added up.
    pub fn totals(&self) -> ColumnStats {
        let mut total = ColumnStats::default();
        for column in self.tables.values().flat_map(|t| t.columns.values()) {
            total.add(column);
        }
        total
    }
}

impl fmt::Display for ScrubStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (table, t) in &self.tables {
            write!(f, "{table}: {} rows", t.rows)?;
            if t.rows_deleted > 0 {
                write!(f, ", {} deleted", t.rows_deleted)?;
            }
            if t.rows_kept_accounts > 0 {
                write!(f, ", {} kept for kept accounts", t.rows_kept_accounts)?;
            }
            writeln!(f)?;
            for (column, c) in &t.columns {
                write!(f, "  {column}: {} changed", c.changed)?;
                if c.nulled > 0 {
                    write!(f, " ({} to NULL)", c.nulled)?;
                }
                if c.scrubbed_inside > 0 {
                    write!(f, ", {} scrubbed inside", c.scrubbed_inside)?;
                }
                if c.broken_serialized > 0 {
                    write!(
                        f,
                        ", {} broken serialized values handled as text",
                        c.broken_serialized
                    )?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_add_up_by_table_and_column() {
        let mut part = TableStats::for_columns(&["meta_key".into(), "meta_value".into()]);
        part.rows = 3;
        part.rows_deleted = 1;
        if let Some(s) = part.slot(1) {
            s.changed = 2;
            s.scrubbed_inside = 1;
        }
        assert_eq!(
            part.columns().map(|(n, _)| n).collect::<Vec<_>>(),
            ["meta_value"]
        );
        let mut stats = ScrubStats::default();
        stats.add("wp_usermeta", &part);
        stats.add("wp_usermeta", &part);
        let t = &stats.tables["wp_usermeta"];
        assert_eq!(
            (t.rows, t.rows_deleted, t.columns["meta_value"].changed),
            (6, 2, 4)
        );
        let mut other = ScrubStats::default();
        other.merge(&stats);
        assert_eq!(other.totals().changed, 4);
        let text = stats.to_string();
        assert!(text.contains("wp_usermeta: 6 rows, 2 deleted"), "{text}");
        assert!(
            text.contains("meta_value: 4 changed, 2 scrubbed inside"),
            "{text}"
        );
    }
}
