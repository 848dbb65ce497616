//! What an imported dump says about its site: the table prefix and the
//! address (`home`/`siteurl` options) it was served at. A pure pass over the
//! dump, reading only the options table's rows.

use std::io::Read;

use slipway_sqldump::escape::unescape;
use slipway_sqldump::{DumpReader, Event, LexError, ValueKind};

/// What [`inspect`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DumpFacts {
    /// The WordPress table prefix, if the tables have a recognisable one.
    pub table_prefix: Option<String>,
    /// The `home` option.
    pub home: Option<String>,
    /// The `siteurl` option.
    pub siteurl: Option<String>,
    /// Whether the dump holds a multisite network (`blogs` table).
    pub multisite: bool,
}

/// Reads a dump and reports its [`DumpFacts`].
pub fn inspect<R: Read>(input: R) -> Result<DumpFacts, LexError> {
    let mut reader = DumpReader::new(input);
    let mut tables: Vec<String> = Vec::new();
    let mut facts = DumpFacts::default();
    // Column positions of option_name and option_value while inside an
    // options table's INSERT.
    let mut options_columns: Option<(usize, usize)> = None;
    let mut columns_by_table: Vec<(String, Vec<String>)> = Vec::new();
    let mut name: Option<Vec<u8>> = None;
    let mut value: Option<Vec<u8>> = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Table(def) => {
                tables.push(def.name.clone());
                columns_by_table.push((def.name.clone(), def.columns.clone()));
            }
            Event::InsertStart { head, .. } => {
                options_columns = None;
                if head.table.ends_with("options") && !head.table.ends_with("sitemeta") {
                    let columns = head.columns.clone().or_else(|| {
                        columns_by_table
                            .iter()
                            .rev()
                            .find(|(t, _)| *t == head.table)
                            .map(|(_, c)| c.clone())
                    });
                    if let Some(columns) = columns {
                        let find = |wanted: &str| columns.iter().position(|c| c == wanted);
                        if let (Some(n), Some(v)) = (find("option_name"), find("option_value")) {
                            options_columns = Some((n, v));
                        }
                    }
                }
            }
            Event::RowStart(_) => {
                name = None;
                value = None;
            }
            Event::Value(v) => {
                if let (Some((n, val)), ValueKind::Str { quote, body, .. }) =
                    (options_columns, v.kind)
                {
                    if v.column == n || v.column == val {
                        let mut text = Vec::new();
                        unescape(body, quote, &mut text);
                        if v.column == n {
                            name = Some(text);
                        } else {
                            value = Some(text);
                        }
                    }
                }
            }
            Event::RowEnd(_) => {
                if let (Some(n), Some(v)) = (&name, &value) {
                    let v = String::from_utf8_lossy(v).trim_end_matches('/').to_string();
                    // The first options table wins: in a network it is the
                    // main site's.
                    match n.as_slice() {
                        b"home" if facts.home.is_none() => facts.home = Some(v),
                        b"siteurl" if facts.siteurl.is_none() => facts.siteurl = Some(v),
                        _ => {}
                    }
                }
            }
            Event::InsertEnd(_) => options_columns = None,
            _ => {}
        }
    }
    facts.table_prefix = slipway_scrub::detect_prefix(tables.iter().map(String::as_str));
    if let Some(prefix) = &facts.table_prefix {
        facts.multisite = tables.iter().any(|t| *t == format!("{prefix}blogs"));
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "CREATE TABLE `shop_options` (\n  `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `option_name` varchar(191) NOT NULL DEFAULT '',\n  `option_value` longtext NOT NULL,\n  `autoload` varchar(20) NOT NULL DEFAULT 'yes',\n  PRIMARY KEY (`option_id`)\n);\nCREATE TABLE `shop_posts` (\n  `ID` bigint(20) NOT NULL,\n  PRIMARY KEY (`ID`)\n);\nCREATE TABLE `shop_users` (\n  `ID` bigint(20) NOT NULL,\n  PRIMARY KEY (`ID`)\n);\nCREATE TABLE `shop_postmeta` (\n  `meta_id` bigint(20) NOT NULL,\n  PRIMARY KEY (`meta_id`)\n);\nINSERT INTO `shop_options` VALUES (1,'siteurl','https://old.example.com/','yes'),(2,'blogname','It\\'s mine','yes'),(3,'home','https://old.example.com','yes');\n";

    #[test]
    fn the_prefix_and_address_are_found() {
        let facts = inspect(DUMP.as_bytes()).unwrap();
        assert_eq!(facts.table_prefix.as_deref(), Some("shop_"));
        assert_eq!(facts.home.as_deref(), Some("https://old.example.com"));
        assert_eq!(facts.siteurl.as_deref(), Some("https://old.example.com"));
        assert!(!facts.multisite);
    }

    #[test]
    fn a_truncated_dump_is_an_error() {
        let cut = &DUMP[..DUMP.len() - 30];
        assert!(inspect(cut.as_bytes()).is_err());
    }
}
