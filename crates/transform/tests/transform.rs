//! Whole dumps through rewrite and scrub.

use slipway_rewrite::{Mapping, Rewriter};
use slipway_scrub::{Options as ScrubOptions, Policy, ScrubKey, Scrubber};
use slipway_transform::{Options, Report, Transform};

const DUMP: &[u8] = include_bytes!("../../sqldump/tests/data/mariadb-dump.sql");

fn rewriter(from: &str, to: &str) -> Rewriter {
    Rewriter::new(&[Mapping {
        from: from.into(),
        to: to.into(),
    }])
    .expect("pair")
}

fn scrubber(policy: &str) -> Scrubber {
    let mut p = Policy::preset("wordpress").expect("preset");
    p.extend(Policy::from_toml(policy).expect("policy"));
    Scrubber::new(p, ScrubKey::from_bytes([9; 32]), ScrubOptions::default()).expect("scrubber")
}

fn run(transform: &Transform, input: &[u8]) -> (Vec<u8>, Report) {
    let mut out = Vec::new();
    let (report, _) = transform.run(input, &mut out, &mut |_| {}).expect("runs");
    (out, report)
}

#[test]
fn an_identity_pass_is_byte_for_byte() {
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://example.com")),
        Some(scrubber("")),
        Options::default(),
    );
    let (out, report) = run(&t, DUMP);
    assert_eq!(out, DUMP);
    assert_eq!(report.bytes_in, DUMP.len() as u64);
}

#[test]
fn guid_is_left_alone_unless_asked() {
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        Options::default(),
    );
    let (out, report) = run(&t, DUMP);
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("'https://example.com/?p=1'"));
    assert!(!text.contains("href=\\\"https://example.com"));
    assert_eq!(
        report.tables["wp_posts"].columns["post_content"].rewritten,
        1
    );
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        Options {
            include_guid: true,
            ..Options::default()
        },
    );
    let (out, _) = run(&t, DUMP);
    assert!(!String::from_utf8(out)
        .expect("utf-8")
        .contains("https://example.com"));
}

#[test]
fn deleted_rows_leave_valid_statements() {
    let dump = b"INSERT INTO `wp_posts` (`ID`,`post_type`,`post_content`) VALUES (1,'flamingo_inbound','a'),(2,'post','b'),(3,'flamingo_inbound','c');\nINSERT INTO `wp_posts` (`ID`,`post_type`,`post_content`) VALUES (4,'flamingo_inbound','d');\nSELECT 1;\n";
    let policy = "[[rule]]\ntable='posts'\naction='delete_row'\nwhen={column='post_type', in=['flamingo_inbound']}\n";
    let t = Transform::new(None, Some(scrubber(policy)), Options::default());
    let (out, report) = run(&t, dump);
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "INSERT INTO `wp_posts` (`ID`,`post_type`,`post_content`) VALUES(2,'post','b');\nSELECT 1;\n"
    );
    assert_eq!(report.tables["wp_posts"].rows_deleted, 3);
}

#[test]
fn scrubbed_values_are_escaped_and_counted() {
    let dump = b"INSERT INTO `wp_comments` (`comment_ID`,`comment_author`,`comment_author_email`,`comment_author_IP`,`comment_content`) VALUES (1,'O\\'Brien','ob@mail.com','81.2.69.160','Hi, I\\'m at ob@mail.com');\n";
    let t = Transform::new(None, Some(scrubber("")), Options::default());
    let mut out = Vec::new();
    let (report, leaks) = t.run(&dump[..], &mut out, &mut |_| {}).expect("runs");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(
        !text.contains("ob@mail.com") && !text.contains("81.2.69.160") && !text.contains("Brien"),
        "{text}"
    );
    assert!(text.contains("Hi, I\\'m at user-"), "{text}");
    assert_eq!(report.totals().scrubbed, 4);
    assert!(leaks.expect("scanned").report().leaks.is_empty());
}

#[test]
fn broken_serialized_values_are_reported_with_their_key() {
    let dump = b"CREATE TABLE `wp_options` (\n `option_id` int,\n `option_name` varchar(10),\n `option_value` text,\n PRIMARY KEY (`option_id`)\n);\nINSERT INTO `wp_options` VALUES (42,'w','a:1:{i:0;s:99:\\\"https://example.com\\\";}'),(43,'x','https://example.com');\n";
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        Options::default(),
    );
    let (out, report) = run(&t, dump);
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("s:99:\\\"https://example.com"));
    assert!(text.contains("(43,'x','https://new.test')"));
    assert_eq!(report.problem_count, 1);
    let problem = &report.problems[0];
    assert_eq!(
        (
            problem.table.as_str(),
            problem.column.as_str(),
            problem.primary_key.as_str(),
            problem.line
        ),
        ("wp_options", "option_value", "42", 7)
    );
}

#[test]
fn a_truncated_dump_is_an_error() {
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        Options::default(),
    );
    let mut out = Vec::new();
    let inside_insert = DUMP
        .windows(11)
        .position(|w| w == b"widget_text")
        .expect("in the dump");
    let err = t
        .run(&DUMP[..inside_insert], &mut out, &mut |_| {})
        .expect_err("truncated");
    assert!(err.to_string().contains("line"), "{err}");
}

#[test]
fn a_serialized_value_too_large_to_hold_is_left_alone_and_reported() {
    let inner = "https://example.com/".repeat(200);
    let serialized = format!("a:1:{{i:0;s:{}:\"{inner}\";}}", inner.len());
    let text = format!("see {inner}");
    let dump = format!(
        "CREATE TABLE `wp_options` (\n `option_id` int,\n `option_value` longtext,\n PRIMARY KEY (`option_id`)\n);\n\
         INSERT INTO `wp_options` (`option_id`,`option_value`) VALUES (7,'{}'),(8,'{text}');\n",
        serialized.replace('"', "\\\"")
    );
    let options = Options {
        lexer: slipway_sqldump::Options {
            read_size: 256,
            max_token: 1024,
        },
        ..Options::default()
    };
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        options,
    );
    let (out, report) = run(&t, dump.as_bytes());
    let out = String::from_utf8(out).expect("utf-8");
    assert!(
        out.contains(&serialized.replace('"', "\\\"")),
        "the serialized value changed"
    );
    assert!(
        out.contains("(8,'see https://new.test/"),
        "the large text value was not rewritten"
    );
    assert_eq!(report.problem_count, 1);
    assert_eq!(report.problems[0].primary_key, "7");
    assert!(report.problems[0]
        .reason
        .contains("larger than --max-value-size"));
}

#[test]
fn rows_without_a_host_pass_whole_and_still_count() {
    // Many rows without the host around one to rewrite and one broken
    // serialized value: the lexer passes the plain ones as spans, and the
    // others still come out rewritten or reported with key and line.
    let mut dump = String::from(
        "CREATE TABLE `wp_options` (\n `option_id` int,\n `option_name` varchar(10),\n `option_value` text,\n PRIMARY KEY (`option_id`)\n);\nINSERT INTO `wp_options` VALUES ",
    );
    let mut expected = dump.clone();
    for id in 1..=3000 {
        let (row, new_row) = match id {
            1500 => (
                "(1500,'home','https://EXAMPLE.com/x')".to_string(),
                "(1500,'home','https://new.test/x')".to_string(),
            ),
            2500 => {
                let row = "(2500,'w','a:1:{i:0;s:99:\\\"https://example.com\\\";}')".to_string();
                (row.clone(), row)
            }
            _ => {
                let row = format!("({id},'opt{id}','plain \\'value\\' {id}, with (parens);')");
                (row.clone(), row)
            }
        };
        let sep = if id == 1 {
            ""
        } else if id % 7 == 0 {
            ",\n"
        } else {
            ","
        };
        dump.push_str(sep);
        dump.push_str(&row);
        expected.push_str(sep);
        expected.push_str(&new_row);
    }
    dump.push_str(";\nINSERT INTO `wp_links` VALUES (1,'https://example.com');\n");
    expected.push_str(";\nINSERT INTO `wp_links` VALUES (1,'https://new.test');\n");
    let line_of_2500 = 1 + dump[..dump.find("(2500,").expect("row")]
        .matches('\n')
        .count() as u64;
    let t = Transform::new(
        Some(rewriter("https://example.com", "https://new.test")),
        None,
        Options {
            lexer: slipway_sqldump::Options {
                read_size: 4096,
                ..slipway_sqldump::Options::default()
            },
            ..Options::default()
        },
    );
    let (out, report) = run(&t, dump.as_bytes());
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
    assert_eq!(report.tables["wp_options"].rows, 3000);
    assert_eq!(report.tables["wp_links"].rows, 1);
    assert_eq!(
        report.tables["wp_options"].columns["option_value"].rewritten,
        1
    );
    assert_eq!(report.problem_count, 1);
    let problem = &report.problems[0];
    assert_eq!(
        (problem.primary_key.as_str(), problem.line),
        ("2500", line_of_2500)
    );
}
