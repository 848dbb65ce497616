//! Which tables of a database changed between two positions of the server's
//! binary log, read from `SHOW BINLOG EVENTS` as the `mariadb` client prints
//! it in batch mode (tab-separated, special characters escaped).
//!
//! The server logs rows (`binlog_format=ROW`), so every change of a table's
//! rows comes with a `Table_map` event naming `database.table`. A statement
//! logged as such (a schema change, or anything else the server logs as a
//! `Query`) that mentions the database makes the answer "everything".
//!
//! Pure: text in, a set out.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A position in the binary log: a file and an offset in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BinlogPos {
    /// The log file's name (`binlog.000003`).
    pub file: String,
    /// The offset of the next event in it.
    pub pos: u64,
}

impl fmt::Display for BinlogPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.pos)
    }
}

/// A position that is not `FILE:OFFSET`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a binary log position (FILE:OFFSET)")]
pub struct BadPosition(String);

impl FromStr for BinlogPos {
    type Err = BadPosition;

    fn from_str(text: &str) -> Result<BinlogPos, BadPosition> {
        let (file, pos) = text
            .rsplit_once(':')
            .ok_or_else(|| BadPosition(text.to_string()))?;
        let pos = pos.parse().map_err(|_| BadPosition(text.to_string()))?;
        if file.is_empty() || file.contains(['\'', '\\', '/']) {
            return Err(BadPosition(text.to_string()));
        }
        Ok(BinlogPos {
            file: file.to_string(),
            pos,
        })
    }
}

/// What the events of a stretch of the log say about one database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Tables whose rows changed.
    pub tables: BTreeSet<String>,
    /// A statement touched the database in a way rows do not show (its
    /// schema, say): treat every table as changed.
    pub everything: bool,
}

impl Changes {
    /// Reads `SHOW BINLOG EVENTS` output (columns `Log_name`, `Pos`,
    /// `Event_type`, `Server_id`, `End_log_pos`, `Info`) and adds what it says
    /// about `database`, counting only events that end at or before
    /// `until` (`None`: all of them).
    pub fn read_events(&mut self, output: &str, database: &str, until: Option<u64>) {
        let table_prefix = format!("({database}.");
        let quoted_db = format!("`{database}`");
        for line in output.lines() {
            let mut fields = line.splitn(6, '\t');
            let (Some(_log), Some(_pos), Some(kind), Some(_server), Some(end), info) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next().unwrap_or(""),
            ) else {
                continue;
            };
            if let (Some(until), Ok(end)) = (until, end.parse::<u64>()) {
                if end > until {
                    continue;
                }
            }
            match kind {
                "Table_map" => {
                    if let Some(start) = info.find(&table_prefix) {
                        let rest = &info[start + table_prefix.len()..];
                        if let Some(table) = rest.strip_suffix(')') {
                            self.tables.insert(table.to_string());
                        }
                    }
                }
                "Query" => {
                    let statement = info.trim();
                    let plain = matches!(statement, "BEGIN" | "COMMIT")
                        || statement.starts_with("COMMIT /*");
                    if !plain
                        && (statement.contains(&quoted_db) || mentions_word(statement, database))
                    {
                        self.everything = true;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether `name` appears in `text` as a whole identifier.
fn mentions_word(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Reads `SHOW BINARY LOGS` output into the names of the log files, oldest
/// first.
pub fn log_files(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| line.split('\t').next())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: &str = "binlog.000001\t330\tGtid\t1\t372\tBEGIN GTID 0-1-3
binlog.000001\t372\tAnnotate_rows\t1\t440\tINSERT INTO wp_comments VALUES (1)
binlog.000001\t440\tTable_map\t1\t500\ttable_id: 33 (shop_production_1.wp_comments)
binlog.000001\t500\tWrite_rows_v1\t1\t560\ttable_id: 33 flags: STMT_END_F
binlog.000001\t560\tXid\t1\t591\tCOMMIT /* xid=12 */
binlog.000001\t591\tTable_map\t1\t650\ttable_id: 34 (other_site.wp_posts)
binlog.000001\t650\tTable_map\t1\t710\ttable_id: 35 (shop_production_1.wp_options)
";

    #[test]
    fn row_events_name_the_changed_tables() {
        let mut changes = Changes::default();
        changes.read_events(EVENTS, "shop_production_1", None);
        assert_eq!(
            changes.tables.iter().collect::<Vec<_>>(),
            ["wp_comments", "wp_options"]
        );
        assert!(!changes.everything);
    }

    #[test]
    fn events_past_the_end_are_not_counted() {
        let mut changes = Changes::default();
        changes.read_events(EVENTS, "shop_production_1", Some(600));
        assert_eq!(changes.tables.iter().collect::<Vec<_>>(), ["wp_comments"]);
    }

    #[test]
    fn a_schema_change_means_everything() {
        let mut changes = Changes::default();
        changes.read_events(
            "binlog.000002\t4\tQuery\t1\t90\tuse `shop_production_1`; ALTER TABLE wp_posts ADD x int\n",
            "shop_production_1",
            None,
        );
        assert!(changes.everything);
        let mut other = Changes::default();
        other.read_events(
            "binlog.000002\t4\tQuery\t1\t90\tuse `shop_production_10`; ALTER TABLE wp_posts ADD x int\n",
            "shop_production_1",
            None,
        );
        assert!(!other.everything, "another database with a longer name");
    }

    #[test]
    fn positions_read_back() {
        let pos: BinlogPos = "binlog.000012:4567".parse().unwrap();
        assert_eq!(pos.to_string(), "binlog.000012:4567");
        assert!("binlog".parse::<BinlogPos>().is_err());
        assert!("x':1".parse::<BinlogPos>().is_err());
    }
}
