//! A database's views, stored routines, triggers and events as one file
//! that loads after its tables: functions, then procedures, then views (each
//! after the views it names), then triggers, so that no trigger fires while
//! the rows load, then events, which may call any of them.
//!
//! A definer is an account of the database's own server; another server has
//! other accounts. The file therefore says `DEFINER=CURRENT_USER` (stock
//! `mariadb DB < objects.sql` makes the loading account the definer), and
//! [`with_definer`] names the account a slipway instance runs as instead.

use crate::format::quote_identifier;

/// What kind of object a definition creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjectKind {
    /// `CREATE FUNCTION`.
    Function,
    /// `CREATE PROCEDURE`.
    Procedure,
    /// `CREATE VIEW`.
    View,
    /// `CREATE TRIGGER`.
    Trigger,
    /// `CREATE EVENT`: a statement the server's event scheduler runs on a
    /// schedule.
    Event,
}

impl ObjectKind {
    /// The word SQL uses for it.
    pub fn keyword(self) -> &'static str {
        match self {
            ObjectKind::Function => "FUNCTION",
            ObjectKind::Procedure => "PROCEDURE",
            ObjectKind::View => "VIEW",
            ObjectKind::Trigger => "TRIGGER",
            ObjectKind::Event => "EVENT",
        }
    }

    fn parse(word: &str) -> Option<ObjectKind> {
        [
            ObjectKind::Function,
            ObjectKind::Procedure,
            ObjectKind::View,
            ObjectKind::Trigger,
            ObjectKind::Event,
        ]
        .into_iter()
        .find(|k| k.keyword() == word)
    }
}

/// One view, routine or trigger, as the server describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaObject {
    /// What it is.
    pub kind: ObjectKind,
    /// Its name.
    pub name: String,
    /// Its `CREATE` statement, as `SHOW CREATE …` gives it.
    pub create: String,
    /// The SQL mode it was created under (routines, triggers and events).
    pub sql_mode: Option<String>,
    /// The time zone an event's schedule is read in.
    pub time_zone: Option<String>,
    /// `character_set_client` and `collation_connection` it was created
    /// with.
    pub charset: Option<(String, String)>,
}

/// Why a definition or an objects file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectsError {
    /// A `CREATE` statement whose head is not `CREATE [OR REPLACE]
    /// [ALGORITHM=…] [DEFINER=…] [SQL SECURITY …] <kind>`.
    #[error("the definition of {kind} {name} does not start as a CREATE statement does: {head:?}")]
    Head {
        /// The object's kind.
        kind: &'static str,
        /// Its name.
        name: String,
        /// The start of its definition.
        head: String,
    },
    /// A line of an objects file that should start an object does not.
    #[error("line {line} of the objects file: {reason}")]
    File {
        /// The line, counted from 1.
        line: usize,
        /// What is wrong there.
        reason: String,
    },
}

/// The marker line before each object of the file.
const MARKER: &str = "-- slipway object: ";

/// The delimiter between statements in the file: bodies of routines and
/// triggers hold `;`.
const DELIMITER: &str = ";;";

/// Splits a `CREATE` statement around its definer: `(head, tail)` where the
/// statement is `head + DEFINER=… + tail`, or `head + tail` when it names
/// none (then `head` ends where a definer would go).
fn split_definer(create: &str) -> Option<(&str, &str)> {
    let rest = strip_word(create, "CREATE")?;
    let rest = strip_words(rest, &["OR", "REPLACE"]).unwrap_or(rest);
    let rest = match strip_word(rest, "ALGORITHM") {
        Some(after) => {
            let after = after.trim_start().strip_prefix('=')?.trim_start();
            let end = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            &after[end..]
        }
        None => rest,
    };
    let head_end = create.len() - rest.len();
    let Some(after) = strip_word(rest, "DEFINER") else {
        return Some((&create[..head_end], rest));
    };
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let after = if let Some(tail) = strip_word(after, "CURRENT_USER") {
        tail.strip_prefix("()").unwrap_or(tail)
    } else {
        let after = skip_quoted_name(after)?;
        match after.strip_prefix('@') {
            Some(host) => skip_quoted_name(host)?,
            None => after,
        }
    };
    Some((&create[..head_end], after))
}

/// `text` after `word` (case-insensitive) and the spaces before it, when
/// it starts with the whole word.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let text = text.trim_start();
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    match rest.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => None,
        _ => Some(rest),
    }
}

fn strip_words<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    words
        .iter()
        .try_fold(text, |rest, word| strip_word(rest, word))
}

/// Skips a name quoted with backticks or single quotes (doubled to escape),
/// or a bare word.
fn skip_quoted_name(text: &str) -> Option<&str> {
    let mut chars = text.char_indices();
    match chars.next()? {
        (_, quote @ ('`' | '\'' | '"')) => {
            let bytes = text.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == quote as u8 {
                    if bytes.get(i + 1) == Some(&(quote as u8)) {
                        i += 2;
                        continue;
                    }
                    return Some(&text[i + 1..]);
                }
                // In a string literal a backslash escapes the next byte.
                i += if quote != '`' && bytes[i] == b'\\' {
                    2
                } else {
                    1
                };
            }
            None
        }
        _ => {
            let end = text
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_$.%-".contains(c)))
                .unwrap_or(text.len());
            (end > 0).then(|| &text[end..])
        }
    }
}

/// The statement with its definer replaced by `definer` (`CURRENT_USER`,
/// or `` `user`@`host` ``), or given one where it named none.
pub fn replace_definer(object: &SchemaObject, definer: &str) -> Result<String, ObjectsError> {
    splice_definer(&object.create, definer).ok_or_else(|| ObjectsError::Head {
        kind: object.kind.keyword(),
        name: object.name.clone(),
        head: object.create.chars().take(80).collect(),
    })
}

/// `create` with `definer` in its definer's place (given one where it
/// named none).
fn splice_definer(create: &str, definer: &str) -> Option<String> {
    let (head, tail) = split_definer(create)?;
    Some(format!(
        "{} DEFINER={definer} {}",
        head.trim_end(),
        tail.trim_start()
    ))
}

/// Orders objects for loading: functions, procedures (by name), views (a
/// view after every view its definition names), triggers (in the order
/// given: the server's, which decides which of a table's triggers fires
/// first), events (by name).
pub fn load_order(objects: Vec<SchemaObject>) -> Vec<SchemaObject> {
    let (triggers, mut objects): (Vec<_>, Vec<_>) = objects
        .into_iter()
        .partition(|o| o.kind == ObjectKind::Trigger);
    objects.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    let (events, objects): (Vec<_>, Vec<_>) = objects
        .into_iter()
        .partition(|o| o.kind == ObjectKind::Event);
    let (mut views, routines): (Vec<_>, Vec<_>) = objects
        .into_iter()
        .partition(|o| o.kind == ObjectKind::View);
    let mut ordered: Vec<SchemaObject> = Vec::new();
    let mut placed: Vec<String> = Vec::new();
    while !views.is_empty() {
        let names: Vec<String> = views.iter().map(|v| v.name.clone()).collect();
        let ready = views.iter().position(|view| {
            names
                .iter()
                .filter(|other| **other != view.name && !placed.contains(other))
                .all(|other| !view.create.contains(&quote_identifier(other)))
        });
        // A cycle cannot be created; should the text suggest one (a name
        // inside a string), the rest keep their order.
        let index = ready.unwrap_or(0);
        let view = views.remove(index);
        placed.push(view.name.clone());
        ordered.push(view);
    }
    let mut result = routines;
    result.extend(ordered);
    result.extend(triggers);
    result.extend(events);
    result
}

/// Writes the objects file: each object after a marker line, under its own
/// SQL mode and character set (and an event under its time zone), its
/// definer `CURRENT_USER`.
pub fn write_objects(objects: Vec<SchemaObject>) -> Result<Vec<u8>, ObjectsError> {
    let mut out = String::from(
        "-- Views, stored routines, triggers and events; load after the tables.\n\
         -- The definer is the loading account.\n\
         SET @slipway_saved_sql_mode = @@SESSION.sql_mode;\n\
         SET @slipway_saved_time_zone = @@SESSION.time_zone;\n\
         DELIMITER ;;\n",
    );
    for object in load_order(objects) {
        let create = replace_definer(&object, "CURRENT_USER")?;
        out.push_str(&format!(
            "{MARKER}{} {}\n",
            object.kind.keyword(),
            quote_identifier(&object.name)
        ));
        match &object.sql_mode {
            Some(mode) => out.push_str(&format!(
                "SET SESSION sql_mode = {}{DELIMITER}\n",
                quote_string(mode)
            )),
            None => out.push_str(&format!(
                "SET SESSION sql_mode = @slipway_saved_sql_mode{DELIMITER}\n"
            )),
        }
        let (client, collation) = object
            .charset
            .clone()
            .unwrap_or_else(|| ("utf8mb4".to_string(), "utf8mb4_general_ci".to_string()));
        out.push_str(&format!(
            "SET SESSION character_set_client = {}, collation_connection = {}{DELIMITER}\n",
            quote_string(&client),
            quote_string(&collation)
        ));
        if let Some(zone) = &object.time_zone {
            out.push_str(&format!(
                "SET SESSION time_zone = {}{DELIMITER}\n",
                quote_string(zone)
            ));
        }
        out.push_str(&format!(
            "DROP {} IF EXISTS {}{DELIMITER}\n",
            object.kind.keyword(),
            quote_identifier(&object.name)
        ));
        out.push_str(&create);
        out.push_str(DELIMITER);
        out.push('\n');
    }
    out.push_str(
        "DELIMITER ;\n\
         SET SESSION sql_mode = @slipway_saved_sql_mode;\n\
         SET SESSION time_zone = @slipway_saved_time_zone;\n\
         SET NAMES utf8mb4;\n",
    );
    Ok(out.into_bytes())
}

/// A string literal.
fn quote_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// Statements that drop the triggers an objects file creates: rows
/// changed in place under them would fire them again, on rows already
/// holding their effects.
pub fn drop_triggers(file: &[u8]) -> String {
    let mut out = String::new();
    for line in file.split(|b| *b == b'\n') {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        if let Some(name) = line
            .strip_prefix(MARKER)
            .and_then(|rest| rest.strip_prefix("TRIGGER "))
        {
            out.push_str(&format!("DROP TRIGGER IF EXISTS {name};\n"));
        }
    }
    out
}

/// The objects file with `DEFINER=CURRENT_USER` of each object's statement
/// replaced by `definer`: what a load by another account than the
/// objects' own (an administrator's) writes.
pub fn with_definer(file: &[u8], definer: &str) -> Result<Vec<u8>, ObjectsError> {
    let text = std::str::from_utf8(file).map_err(|e| ObjectsError::File {
        line: file[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
        reason: "it is not UTF-8".to_string(),
    })?;
    let mut out = String::with_capacity(text.len());
    // The line of the marker whose CREATE statement is still to come.
    let mut pending: Option<usize> = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line.strip_prefix(MARKER) {
            if rest.split(' ').next().and_then(ObjectKind::parse).is_none() {
                return Err(ObjectsError::File {
                    line: index + 1,
                    reason: format!("unknown object kind in {:?}", line.trim_end()),
                });
            }
            pending = Some(index + 1);
            out.push_str(line);
            continue;
        }
        match pending {
            Some(_) if strip_word(line, "CREATE").is_some() => {
                out.push_str(
                    &splice_definer(line, definer).ok_or_else(|| ObjectsError::File {
                        line: index + 1,
                        reason: "a CREATE statement without a head slipway wrote".to_string(),
                    })?,
                );
                pending = None;
            }
            _ => out.push_str(line),
        }
    }
    if let Some(line) = pending {
        return Err(ObjectsError::File {
            line,
            reason: "an object marker with no CREATE statement after it".to_string(),
        });
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(kind: ObjectKind, name: &str, create: &str) -> SchemaObject {
        SchemaObject {
            kind,
            name: name.into(),
            create: create.into(),
            sql_mode: None,
            time_zone: None,
            charset: None,
        }
    }

    #[test]
    fn only_triggers_are_dropped_before_rows_change_in_place() {
        let file = write_objects(vec![
            object(
                ObjectKind::Trigger,
                "count`s",
                "CREATE DEFINER=`a`@`%` TRIGGER `count``s` AFTER INSERT ON c FOR EACH ROW SET @n = 1",
            ),
            object(ObjectKind::View, "v", "CREATE VIEW `v` AS select 1 AS `1`"),
        ])
        .unwrap();
        assert_eq!(drop_triggers(&file), "DROP TRIGGER IF EXISTS `count``s`;\n");
    }

    #[test]
    fn definers_are_replaced_in_every_form_the_server_writes() {
        for (kind, create, expected) in [
            (
                ObjectKind::View,
                "CREATE ALGORITHM=UNDEFINED DEFINER=`wp_shop`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1 AS `1`",
                "CREATE ALGORITHM=UNDEFINED DEFINER=CURRENT_USER SQL SECURITY DEFINER VIEW `v` AS select 1 AS `1`",
            ),
            (
                ObjectKind::Trigger,
                "CREATE DEFINER=`o``brien`@`%` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1",
                "CREATE DEFINER=CURRENT_USER TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1",
            ),
            (
                ObjectKind::Procedure,
                "CREATE PROCEDURE `p`()\nBEGIN SELECT 1; END",
                "CREATE DEFINER=CURRENT_USER PROCEDURE `p`()\nBEGIN SELECT 1; END",
            ),
            (
                ObjectKind::Function,
                "create or replace definer = 'app'@'10.0.0.%' function f() returns int return 1",
                "create or replace DEFINER=CURRENT_USER function f() returns int return 1",
            ),
            (
                ObjectKind::Event,
                "CREATE DEFINER=`wp_shop`@`localhost` EVENT `purge` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t",
                "CREATE DEFINER=CURRENT_USER EVENT `purge` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t",
            ),
        ] {
            assert_eq!(
                replace_definer(&object(kind, "o", create), "CURRENT_USER").unwrap(),
                expected
            );
        }
        let bad = replace_definer(&object(ObjectKind::View, "v", "SELECT 1"), "x").unwrap_err();
        assert!(bad.to_string().contains("VIEW v"), "{bad}");
    }

    #[test]
    fn views_load_after_the_views_they_name_then_triggers_then_events() {
        let objects = vec![
            object(
                ObjectKind::Event,
                "an_event",
                "CREATE EVENT an_event ON SCHEDULE EVERY 1 HOUR DO CALL p()",
            ),
            object(
                ObjectKind::Trigger,
                "a_trigger",
                "CREATE TRIGGER a_trigger BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1",
            ),
            object(
                ObjectKind::View,
                "a_top",
                "CREATE VIEW `a_top` AS select * from `b_middle`",
            ),
            object(
                ObjectKind::View,
                "b_middle",
                "CREATE VIEW `b_middle` AS select * from `c_base`",
            ),
            object(
                ObjectKind::View,
                "c_base",
                "CREATE VIEW `c_base` AS select 1",
            ),
            object(ObjectKind::Procedure, "p", "CREATE PROCEDURE p() SELECT 1"),
            object(
                ObjectKind::Function,
                "f",
                "CREATE FUNCTION f() RETURNS INT RETURN 1",
            ),
        ];
        let mut objects = objects;
        objects.push(object(ObjectKind::Trigger, "0_second", "CREATE TRIGGER 0_second BEFORE INSERT ON t FOR EACH ROW FOLLOWS a_trigger SET NEW.x = 2"));
        let names: Vec<String> = load_order(objects).into_iter().map(|o| o.name).collect();
        assert_eq!(
            names,
            [
                "f",
                "p",
                "c_base",
                "b_middle",
                "a_top",
                "a_trigger",
                "0_second",
                "an_event"
            ]
        );
    }

    #[test]
    fn the_file_names_the_loading_account_or_a_given_one() {
        let mut trigger = object(
            ObjectKind::Trigger,
            "stamp",
            "CREATE DEFINER=`prod`@`localhost` TRIGGER stamp BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 'x;y'; END",
        );
        trigger.sql_mode = Some("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION".into());
        trigger.charset = Some(("utf8mb4".into(), "utf8mb4_general_ci".into()));
        let file = write_objects(vec![trigger]).unwrap();
        let text = String::from_utf8(file.clone()).unwrap();
        assert!(
            text.contains("CREATE DEFINER=CURRENT_USER TRIGGER stamp"),
            "{text}"
        );
        assert!(!text.contains("prod"), "{text}");
        assert!(
            text.contains("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION';;"),
            "{text}"
        );
        let named =
            String::from_utf8(with_definer(&file, "`wp_dev`@`localhost`").unwrap()).unwrap();
        assert!(
            named.contains("CREATE DEFINER=`wp_dev`@`localhost` TRIGGER stamp"),
            "{named}"
        );
        assert_eq!(named.replace("`wp_dev`@`localhost`", "CURRENT_USER"), text);
    }

    #[test]
    fn an_event_is_created_in_its_own_time_zone_and_the_session_gets_its_own_back() {
        let mut event = object(
            ObjectKind::Event,
            "nightly",
            "CREATE DEFINER=`prod`@`localhost` EVENT `nightly` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 03:00:00' DO DELETE FROM t",
        );
        event.time_zone = Some("Europe/Paris".into());
        let text = String::from_utf8(write_objects(vec![event]).unwrap()).unwrap();
        let zone = text
            .find("SET SESSION time_zone = 'Europe/Paris';;")
            .expect(&text);
        let create = text
            .find("CREATE DEFINER=CURRENT_USER EVENT `nightly`")
            .expect(&text);
        assert!(zone < create, "{text}");
        assert!(
            text.trim_end()
                .contains("SET SESSION time_zone = @slipway_saved_time_zone;"),
            "{text}"
        );
        let named =
            String::from_utf8(with_definer(text.as_bytes(), "`wp_dev`@`localhost`").unwrap())
                .unwrap();
        assert!(
            named.contains("CREATE DEFINER=`wp_dev`@`localhost` EVENT `nightly`"),
            "{named}"
        );
    }

    #[test]
    fn a_damaged_file_names_its_line() {
        let error = with_definer(b"DELIMITER ;;\n-- slipway object: VIEW `v`\n", "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2 of the objects file: an object marker with no CREATE statement after it"
        );
        let error = with_definer(b"-- slipway object: TABLE `t`\n", "x").unwrap_err();
        assert!(error.to_string().starts_with("line 1 "), "{error}");
    }

    proptest::proptest! {
        #[test]
        fn any_account_is_replaced_whole(
            user in "[a-z`'%@ ._-]{0,12}",
            host in "[a-z0-9`'%._-]{0,12}",
        ) {
            let create = format!(
                "CREATE DEFINER={}@{} PROCEDURE `p`() SELECT 1",
                quote_identifier(&user),
                quote_identifier(&host)
            );
            let replaced = replace_definer(&object(ObjectKind::Procedure, "p", &create), "CURRENT_USER").unwrap();
            proptest::prop_assert_eq!(replaced, "CREATE DEFINER=CURRENT_USER PROCEDURE `p`() SELECT 1");
        }

        #[test]
        fn any_text_as_a_file_is_changed_or_refused_without_panic(text in "[ -~\n]{0,200}") {
            let _ = with_definer(text.as_bytes(), "`u`@`h`");
        }
    }
}
