//! Column names and primary keys from `CREATE TABLE` statements.

use crate::scan::{identifier, skip_space_and_comments};

/// What a dump says about one table: its name and columns in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableDef {
    /// The table name, unquoted.
    pub name: String,
    /// Column names in table order.
    pub columns: Vec<String>,
    /// Positions (into `columns`) of the primary key's columns, in key order.
    pub primary_key: Vec<usize>,
}

/// Words that open a table element that is not a column definition.
const NON_COLUMN_WORDS: &[&str] = &[
    "PRIMARY",
    "KEY",
    "INDEX",
    "UNIQUE",
    "CONSTRAINT",
    "FULLTEXT",
    "SPATIAL",
    "FOREIGN",
    "CHECK",
    "PERIOD",
];

/// Parses a complete `CREATE TABLE` statement (without its delimiter).
///
/// Returns `None` when the statement has no column list (`CREATE TABLE … LIKE`
/// or `… SELECT`), which callers treat as "columns unknown".
pub fn parse_create_table(stmt: &[u8]) -> Option<TableDef> {
    let mut at = 0;
    let mut words = 0;
    // CREATE [OR REPLACE] [TEMPORARY] TABLE [IF NOT EXISTS] name
    loop {
        at = skip_space_and_comments(stmt, at);
        let (word, next) = identifier(stmt, at)?;
        at = next;
        words += 1;
        if word.eq_ignore_ascii_case("TABLE") {
            break;
        }
        if words > 5 {
            return None;
        }
    }
    at = skip_space_and_comments(stmt, at);
    let (mut name, mut next) = identifier(stmt, at)?;
    if name.eq_ignore_ascii_case("IF") {
        // IF NOT EXISTS
        for _ in 0..2 {
            next = skip_space_and_comments(stmt, next);
            next = identifier(stmt, next)?.1;
        }
        next = skip_space_and_comments(stmt, next);
        (name, next) = identifier(stmt, next)?;
    }
    // A qualified `db`.`table` names the table last.
    while stmt.get(next) == Some(&b'.') {
        (name, next) = identifier(stmt, next + 1)?;
    }
    at = skip_space_and_comments(stmt, next);
    if stmt.get(at) != Some(&b'(') {
        return None;
    }
    let mut def = TableDef {
        name,
        ..TableDef::default()
    };
    let mut primary_key_names = Vec::new();
    for element in split_elements(stmt, at + 1) {
        let start = skip_space_and_comments(element, 0);
        let Some((word, after)) = identifier(element, start) else {
            continue;
        };
        let quoted = matches!(element.get(start), Some(b'`' | b'"'));
        if !quoted
            && NON_COLUMN_WORDS
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w))
        {
            if word.eq_ignore_ascii_case("PRIMARY") {
                primary_key_names = key_part_names(element, after);
            } else if word.eq_ignore_ascii_case("CONSTRAINT") {
                if let Some(pos) = find_word(element, after, "PRIMARY") {
                    primary_key_names = key_part_names(element, pos);
                }
            }
            continue;
        }
        def.columns.push(word);
    }
    def.primary_key = primary_key_names
        .iter()
        .filter_map(|key| def.columns.iter().position(|c| c == key))
        .collect();
    Some(def)
}

/// Splits the body of a parenthesised list at top-level commas, stopping at
/// the closing parenthesis. Quotes, comments and nested parentheses are
/// respected.
fn split_elements(stmt: &[u8], mut at: usize) -> Vec<&[u8]> {
    let mut elements = Vec::new();
    let mut depth = 0usize;
    let mut start = at;
    while let Some(&byte) = stmt.get(at) {
        match byte {
            b'\'' | b'"' | b'`' => at = crate::scan::skip_quoted(stmt, at),
            b'(' => {
                depth += 1;
                at += 1;
            }
            b')' if depth == 0 => {
                elements.push(&stmt[start..at]);
                return elements;
            }
            b')' => {
                depth -= 1;
                at += 1;
            }
            b',' if depth == 0 => {
                elements.push(&stmt[start..at]);
                at += 1;
                start = at;
            }
            _ => at += 1,
        }
    }
    elements.push(&stmt[start..]);
    elements
}

/// The column names of the first parenthesised key-part list at or after `at`,
/// without prefix lengths (`meta_key`(191) → `meta_key`).
fn key_part_names(element: &[u8], at: usize) -> Vec<String> {
    let Some(open) = memchr::memchr(b'(', &element[at.min(element.len())..]) else {
        return Vec::new();
    };
    split_elements(element, at + open + 1)
        .into_iter()
        .filter_map(|part| {
            let start = skip_space_and_comments(part, 0);
            identifier(part, start).map(|(name, _)| name)
        })
        .collect()
}

fn find_word(element: &[u8], mut at: usize, word: &str) -> Option<usize> {
    loop {
        at = skip_space_and_comments(element, at);
        let (found, next) = identifier(element, at)?;
        if found.eq_ignore_ascii_case(word) {
            return Some(at);
        }
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_and_primary_key_of_a_mariadb_dump_table() {
        let stmt = b"CREATE TABLE `wp_postmeta` (
  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `post_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`meta_id`),
  KEY `post_id` (`post_id`),
  KEY `meta_key` (`meta_key`(191))
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci";
        let def = parse_create_table(stmt).expect("parses");
        assert_eq!(def.name, "wp_postmeta");
        assert_eq!(
            def.columns,
            ["meta_id", "post_id", "meta_key", "meta_value"]
        );
        assert_eq!(def.primary_key, [0]);
    }

    #[test]
    fn handles_if_not_exists_composite_keys_and_enum_commas() {
        let stmt = b"CREATE TABLE IF NOT EXISTS shop.`t` (
  a int, `b c` enum('x,y','z') DEFAULT 'x,y', `key` int,
  CONSTRAINT pk PRIMARY KEY (`b c`, a), UNIQUE KEY u (a)
)";
        let def = parse_create_table(stmt).expect("parses");
        assert_eq!(def.name, "t");
        assert_eq!(def.columns, ["a", "b c", "key"]);
        assert_eq!(def.primary_key, [1, 0]);
    }

    #[test]
    fn create_like_has_no_columns() {
        assert_eq!(parse_create_table(b"CREATE TABLE a LIKE b"), None);
    }
}
