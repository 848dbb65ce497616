//! Lexer behaviour over whole dumps, through small and default buffers.

use proptest::prelude::*;
use slipway_sqldump::escape::unescape;
use slipway_sqldump::{
    DumpReader, Event, LexError, NothingOfInterest, Options, RowFilter, ValueKind,
};

/// Options that force every token across buffer boundaries.
fn tiny() -> Options {
    Options {
        read_size: 64,
        max_token: 1024,
    }
}

/// What a consumer sees, reduced to comparable values.
#[derive(Debug, PartialEq, Eq, Clone)]
enum Seen {
    Table(String, Vec<String>, Vec<usize>),
    Insert(String, Option<Vec<String>>),
    Row,
    /// Column, kind and the unescaped value (for strings).
    Value(usize, &'static str, Vec<u8>),
    RowEnd,
    InsertEnd,
}

/// Lexes `dump` and returns the events and the bytes written back.
fn lex(dump: &[u8], options: Options) -> Result<(Vec<Seen>, Vec<u8>), LexError> {
    let mut reader = DumpReader::with_options(dump, options);
    let mut seen = Vec::new();
    let mut out = Vec::new();
    let mut large: Option<(usize, u8, Vec<u8>)> = None;
    while let Some(event) = reader.next_event()? {
        event.write_raw(&mut out).expect("writing to a Vec");
        match event {
            Event::Verbatim(_) => {}
            Event::Table(def) => seen.push(Seen::Table(
                def.name.clone(),
                def.columns.clone(),
                def.primary_key.clone(),
            )),
            Event::InsertStart { head, .. } => {
                seen.push(Seen::Insert(head.table.clone(), head.columns.clone()))
            }
            Event::RowStart(_) => seen.push(Seen::Row),
            Event::Value(v) => {
                let (kind, bytes) = match v.kind {
                    ValueKind::Str { quote, body, .. } => {
                        let mut value = Vec::new();
                        unescape(body, quote, &mut value);
                        ("str", value)
                    }
                    ValueKind::Null => ("null", Vec::new()),
                    ValueKind::Number => ("number", v.raw.to_vec()),
                    ValueKind::Hex => ("hex", v.raw.to_vec()),
                    ValueKind::Bit => ("bit", v.raw.to_vec()),
                    ValueKind::Expr => ("expr", v.raw.to_vec()),
                };
                seen.push(Seen::Value(v.column, kind, bytes));
            }
            Event::LargeValueStart { column, quote, .. } => {
                large = Some((column, quote, Vec::new()))
            }
            Event::LargeValueChunk(piece) => {
                if let Some((_, _, body)) = large.as_mut() {
                    body.extend_from_slice(piece);
                }
            }
            Event::LargeValueEnd(_) => {
                let (column, quote, body) = large.take().expect("a large value was open");
                let mut value = Vec::new();
                unescape(&body, quote, &mut value);
                seen.push(Seen::Value(column, "str", value));
            }
            Event::RowEnd(_) => seen.push(Seen::RowEnd),
            Event::InsertEnd(_) => seen.push(Seen::InsertEnd),
            Event::Rows { .. } => panic!("rows passed without a filter"),
        }
    }
    Ok((seen, out))
}

/// A filter interested in one byte string.
struct Needle(&'static [u8]);

impl RowFilter for Needle {
    fn first_interest(&self, bytes: &[u8]) -> Option<usize> {
        bytes.windows(self.0.len()).position(|w| w == self.0)
    }

    fn reach(&self) -> usize {
        self.0.len()
    }
}

/// A dump as rows: each row whole (its bytes and values), or a span of rows
/// the filter let pass.
#[derive(Debug, PartialEq, Eq)]
enum Item {
    Other(String),
    Row(Vec<u8>, Vec<String>),
    Passed(Vec<u8>, u64),
}

fn items(
    dump: &[u8],
    options: Options,
    filter: Option<&dyn RowFilter>,
) -> Result<(Vec<Item>, Vec<u8>), LexError> {
    let mut reader = DumpReader::with_options(dump, options);
    let mut items = Vec::new();
    let mut out = Vec::new();
    let mut row: Option<(Vec<u8>, Vec<String>)> = None;
    while let Some(event) = reader.next_event_filtered(filter)? {
        let at = out.len();
        event.write_raw(&mut out).expect("writing to a Vec");
        let raw = out[at..].to_vec();
        match event {
            Event::RowStart(_) => row = Some((raw, Vec::new())),
            Event::Value(v) => {
                let (bytes, values) = row.as_mut().expect("in a row");
                bytes.extend_from_slice(&raw);
                values.push(String::from_utf8_lossy(v.raw).into_owned());
            }
            Event::LargeValueStart { .. } | Event::LargeValueChunk(_) | Event::LargeValueEnd(_) => {
                let (bytes, values) = row.as_mut().expect("in a row");
                bytes.extend_from_slice(&raw);
                values.push("large".into());
            }
            Event::RowEnd(_) => {
                let (mut bytes, values) = row.take().expect("in a row");
                bytes.extend_from_slice(&raw);
                items.push(Item::Row(bytes, values));
            }
            Event::Rows { rows, .. } => {
                assert!(row.is_none(), "rows passed inside a row");
                assert!(rows > 0, "an empty span of rows");
                items.push(Item::Passed(raw, rows));
            }
            Event::Verbatim(_) => {}
            other => items.push(Item::Other(format!("{other:?}"))),
        }
    }
    Ok((items, out))
}

/// Checks a filtered lexing against the unfiltered one: the same rows in
/// the same order, passed rows exactly those without the needle.
fn check_filtered(dump: &[u8], options: Options, needle: Option<&'static [u8]>) {
    let filter: Box<dyn RowFilter> = match needle {
        Some(needle) => Box::new(Needle(needle)),
        None => Box::new(NothingOfInterest),
    };
    let (reference, _) = items(dump, options, None).expect("lexes");
    let (filtered, out) = items(dump, options, Some(&*filter)).expect("lexes filtered");
    assert_eq!(out, dump, "a filtered lexing must give every byte back");
    let mut expected = reference.into_iter();
    for item in filtered {
        match item {
            Item::Passed(raw, rows) => {
                let mut joined = Vec::new();
                for _ in 0..rows {
                    let Some(Item::Row(bytes, _)) = expected.next() else {
                        panic!("passed more rows than there are");
                    };
                    if let Some(needle) = needle {
                        assert!(
                            !bytes.windows(needle.len()).any(|w| w == needle),
                            "a row with the needle was passed: {}",
                            String::from_utf8_lossy(&bytes)
                        );
                    }
                    joined.extend_from_slice(&bytes);
                }
                assert_eq!(joined, raw);
            }
            item => assert_eq!(Some(item), expected.next()),
        }
    }
    assert_eq!(expected.next(), None);
}

#[test]
fn rows_without_interest_pass_as_one_span() {
    let dump =
        b"INSERT INTO t VALUES (1,'a'),(2,'b'),\n(3,'see example.com'),\n(4,NULL),(5,'x');\n";
    let filter = Needle(b"example.com");
    let (found, out) = items(dump, Options::default(), Some(&filter)).expect("lexes");
    assert_eq!(out, dump);
    let shape: Vec<String> = found
        .iter()
        .map(|item| match item {
            Item::Passed(raw, rows) => format!("{rows}:{}", String::from_utf8_lossy(raw)),
            Item::Row(_, values) => values.join("|"),
            Item::Other(_) => "other".into(),
        })
        .collect();
    // The last row ends within the needle's reach of the end of what was
    // read, before the lexer knows that nothing follows: it comes value by
    // value.
    assert_eq!(
        shape,
        [
            "other",
            "2: (1,'a'),(2,'b')",
            "3|'see example.com'",
            "1:,\n(4,NULL)",
            "5|'x'",
            "other"
        ]
    );
    check_filtered(dump, Options::default(), Some(b"example.com"));
    check_filtered(dump, tiny(), Some(b"example.com"));
    check_filtered(MARIADB_DUMP, tiny(), Some(b"example.com"));
    check_filtered(MARIADB_DUMP, Options::default(), None);
}

#[test]
fn rows_of_every_literal_form_pass_as_the_full_lexer_reads_them() {
    let dump = b"INSERT INTO t VALUES (1,'a''b','c\\'d',NULL,-1.5e3,0x4A),\n( 2 , \"q\" , null ),(),(3,_binary 'x',X'4A',b'101',NOW(),'(,)'),(4,NULLX),(5,'e');\n";
    for options in [tiny(), Options::default()] {
        check_filtered(dump, options, None);
        check_filtered(dump, options, Some(b"NOW"));
    }
    for bad in [
        &b"INSERT INTO t VALUES (1,'a'),(2,);\n"[..],
        b"INSERT INTO t VALUES (1,'a'),(2 'b');\n",
    ] {
        let plain = lex(bad, tiny()).expect_err("malformed").to_string();
        let filtered = items(bad, tiny(), Some(&NothingOfInterest)).expect_err("malformed");
        assert_eq!(filtered.to_string(), plain);
    }
}

#[test]
fn errors_after_passed_rows_are_reported_where_they_are() {
    let dump = b"-- x\nINSERT INTO `t` VALUES (1,'a'),\n(2,'b'),\n(3 4);\n";
    let plain = lex(dump, tiny()).expect_err("malformed").to_string();
    for options in [tiny(), Options::default()] {
        let err = items(dump, options, Some(&NothingOfInterest))
            .expect_err("malformed")
            .to_string();
        assert_eq!(err, plain);
        assert!(err.contains("line 4") && err.contains("`t`"), "{err}");
    }
    let truncated = b"INSERT INTO `t` VALUES (1,'a'),(2,'b";
    let err = items(truncated, tiny(), Some(&NothingOfInterest)).expect_err("truncated");
    assert!(err.to_string().contains("`t`"), "{err}");
}

#[test]
fn a_large_value_among_passed_rows_still_streams() {
    let big = "y".repeat(5000);
    let dump = format!("INSERT INTO t VALUES (1,'a'),(2,'{big}'),(3,'c');\n");
    check_filtered(dump.as_bytes(), tiny(), None);
    let (found, _) = items(dump.as_bytes(), tiny(), Some(&NothingOfInterest)).expect("lexes");
    assert!(found
        .iter()
        .any(|i| matches!(i, Item::Row(_, values) if values.contains(&"large".to_string()))));
}

const MARIADB_DUMP: &[u8] = include_bytes!("data/mariadb-dump.sql");

#[test]
fn a_mariadb_dump_comes_back_byte_for_byte_through_any_buffer_size() {
    let (default_seen, out) = lex(MARIADB_DUMP, Options::default()).expect("lexes");
    assert_eq!(out, MARIADB_DUMP);
    for read_size in [64, 100, 333, 4096] {
        let options = Options {
            read_size,
            max_token: 1024,
        };
        let (seen, out) = lex(MARIADB_DUMP, options).expect("lexes");
        assert_eq!(out, MARIADB_DUMP, "read size {read_size}");
        assert_eq!(seen, default_seen, "read size {read_size}");
    }
}

#[test]
fn tables_inserts_and_values_of_a_mariadb_dump() {
    let (seen, _) = lex(MARIADB_DUMP, tiny()).expect("lexes");
    let tables: Vec<_> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Table(name, columns, pk) => Some((name.as_str(), columns.len(), pk.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        tables,
        [("wp_options", 4, vec![0]), ("wp_posts", 5, vec![0])]
    );
    let inserts = seen
        .iter()
        .filter(|s| matches!(s, Seen::Insert(..)))
        .count();
    assert_eq!(inserts, 2);
    let option_value = seen
        .iter()
        .find_map(|s| match s {
            Seen::Value(2, "str", v) if v.starts_with(b"a:2:") => Some(v.clone()),
            _ => None,
        })
        .expect("the serialized option");
    assert_eq!(
        option_value,
        br#"a:2:{s:3:"url";s:19:"https://example.com";s:4:"note";s:9:"it's "ok"";}"#
    );
    // The trigger's body, with its own `;`, stays inside the DELIMITER block.
    assert!(!seen.contains(&Seen::Insert("audit".into(), None)));
}

#[test]
fn every_literal_form_is_recognised() {
    let dump = b"INSERT INTO `t` (`a`,`b`) VALUES (NULL,-1.5e3,0x4A6F,X'4a',b'101',0b11,_binary 'x\\0y',_utf8mb4'\\Z',\"dq\"\"x\",'a''b',now(),'\\%\\_');\n";
    let (seen, out) = lex(dump, tiny()).expect("lexes");
    assert_eq!(out, dump);
    let values: Vec<_> = seen
        .into_iter()
        .filter_map(|s| match s {
            Seen::Value(_, kind, v) => Some((kind, v)),
            _ => None,
        })
        .collect();
    assert_eq!(
        values,
        [
            ("null", b"".to_vec()),
            ("number", b"-1.5e3".to_vec()),
            ("hex", b"0x4A6F".to_vec()),
            ("hex", b"X'4a'".to_vec()),
            ("bit", b"b'101'".to_vec()),
            ("bit", b"0b11".to_vec()),
            ("str", b"x\0y".to_vec()),
            ("str", b"\x1a".to_vec()),
            ("str", b"dq\"x".to_vec()),
            ("str", b"a'b".to_vec()),
            ("expr", b"now()".to_vec()),
            ("str", b"\\%\\_".to_vec()),
        ]
    );
}

#[test]
fn insert_heads_with_modifiers_column_lists_and_replace() {
    let dump = b"INSERT IGNORE INTO db.`t` (`x`, y) VALUES (1,2);\nREPLACE INTO t VALUES (3);\ninsert into t select * from u;\n";
    let (seen, out) = lex(dump, tiny()).expect("lexes");
    assert_eq!(out, dump);
    let heads: Vec<_> = seen
        .iter()
        .filter(|s| matches!(s, Seen::Insert(..)))
        .cloned()
        .collect();
    assert_eq!(
        heads,
        [
            Seen::Insert("t".into(), Some(vec!["x".into(), "y".into()])),
            Seen::Insert("t".into(), None),
        ]
    );
}

#[test]
fn a_value_larger_than_memory_streams_in_pieces() {
    let body: Vec<u8> = (0..50_000u32)
        .map(|i| b"abc\\n'x"[(i % 7) as usize])
        .collect();
    // Keep escapes whole: replace the lone quote with an escaped one.
    let body = String::from_utf8(body).expect("ascii").replace('\'', "\\'");
    let dump = format!("INSERT INTO t VALUES (1,'{body}','after');\n");
    let (seen, out) = lex(dump.as_bytes(), tiny()).expect("lexes");
    assert_eq!(out, dump.as_bytes());
    let mut expected = Vec::new();
    unescape(body.as_bytes(), b'\'', &mut expected);
    assert!(seen.contains(&Seen::Value(1, "str", expected)));
    assert!(seen.contains(&Seen::Value(2, "str", b"after".to_vec())));
}

#[test]
fn a_truncated_dump_is_an_error_naming_line_and_table() {
    let dump = b"-- x\nINSERT INTO `wp_posts` VALUES (1,'unfinished";
    let err = lex(dump, tiny()).expect_err("truncated");
    let message = err.to_string();
    assert!(message.contains("line 2"), "{message}");
    assert!(message.contains("wp_posts"), "{message}");
    let dump = b"INSERT INTO `wp_posts` VALUES (1,'done'),";
    assert!(lex(dump, tiny()).is_err());
}

#[test]
fn garbage_between_values_is_an_error() {
    let err = lex(b"INSERT INTO t VALUES (1 2);", tiny()).expect_err("bad");
    assert!(err.to_string().contains("after value 1"), "{err}");
}

#[test]
fn statements_without_delimiter_at_the_end_pass_through() {
    let dump = b"SET NAMES utf8mb4";
    let (_, out) = lex(dump, tiny()).expect("lexes");
    assert_eq!(out, dump);
}

/// Pieces a dump can be made of, to shuffle into random dumps.
fn fragment() -> impl Strategy<Value = String> {
    let string_value = proptest::collection::vec(
        prop_oneof![
            Just("\\0".to_string()),
            Just("\\'".to_string()),
            Just("\\\"".to_string()),
            Just("\\n".to_string()),
            Just("\\\\".to_string()),
            Just("\\Z".to_string()),
            Just("''".to_string()),
            Just(";".to_string()),
            Just("),(".to_string()),
            Just("é日".to_string()),
            "[a-z /*-]{0,12}",
        ],
        0..8,
    )
    .prop_map(|parts| format!("'{}'", parts.concat()));
    let value = prop_oneof![
        string_value,
        Just("NULL".to_string()),
        "-?[0-9]{1,6}",
        Just("0x00FF".to_string()),
        Just("_binary 'b'".to_string()),
    ];
    let row = proptest::collection::vec(value, 1..5).prop_map(|v| format!("({})", v.join(",")));
    let insert = proptest::collection::vec(row, 1..4)
        .prop_map(|rows| format!("INSERT INTO `t` VALUES {};\n", rows.join(",")));
    prop_oneof![
        insert,
        Just("-- comment; with 'quote\n".to_string()),
        Just("# hash comment\n".to_string()),
        Just("/* block; 'x' */\n".to_string()),
        Just("/*!40101 SET NAMES utf8mb4 */;\n".to_string()),
        Just("CREATE TABLE `t` (\n  `a` int,\n  `b` text,\n  PRIMARY KEY (`a`)\n);\n".to_string()),
        Just("DELIMITER ;;\n/*!50003 CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 'x;'; END */;;\nDELIMITER ;\n".to_string()),
        Just("LOCK TABLES `t` WRITE;\nUNLOCK TABLES;\n".to_string()),
    ]
}

proptest! {
    #[test]
    fn any_dump_of_known_pieces_comes_back_byte_for_byte(
        parts in proptest::collection::vec(fragment(), 0..12),
        read_size in 64usize..300,
    ) {
        let dump = parts.concat();
        let options = Options { read_size, max_token: 1024 };
        let (seen, out) = lex(dump.as_bytes(), options).expect("lexes");
        prop_assert_eq!(out, dump.as_bytes());
        let (reference, _) = lex(dump.as_bytes(), Options::default()).expect("lexes");
        prop_assert_eq!(seen, reference);
    }

    #[test]
    fn filtered_lexing_passes_exactly_the_rows_without_interest(
        parts in proptest::collection::vec(fragment(), 0..12),
        read_size in 64usize..300,
        needle in prop_oneof![
            Just(None),
            Just(Some(&b"a"[..])),
            Just(Some(&b"\\n"[..])),
            Just(Some(&b"\xc3\xa9\xe6\x97\xa5"[..])),
            Just(Some(&b"NULL"[..])),
        ],
    ) {
        let dump = parts.concat();
        check_filtered(dump.as_bytes(), Options { read_size, max_token: 1024 }, needle);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_pass_through_when_accepted(
        dump in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        if let Ok((_, out)) = lex(&dump, tiny()) {
            prop_assert_eq!(out, dump.clone());
        }
        if let Ok((_, out)) = items(&dump, tiny(), Some(&NothingOfInterest)) {
            prop_assert_eq!(out, dump);
        }
    }
}
