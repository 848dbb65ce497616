//! The leak scan over written values: planted personal data is found and
//! placed; dates, ids, versions and the scrub's own fakes are not.

mod support;

use slipway_scrub::{Kind, LeakScanner};
use support::*;

#[test]
fn planted_data_is_found_by_table_column_and_key() {
    let mut scan = LeakScanner::new();
    scan.scan(
        "wp_postmeta",
        "meta_value",
        Some(b"_billing_email"),
        b"jane.doe@mail.com",
    );
    scan.scan(
        "wp_postmeta",
        "meta_value",
        Some(b"_billing_email"),
        b"JOHN@Mail.Co.UK",
    );
    scan.scan(
        "wp_postmeta",
        "meta_value",
        Some(b"_my_phone"),
        b"+44 20 7946 0958",
    );
    scan.scan(
        "wp_comments",
        "comment_content",
        None,
        b"ring (555) 010-9999 or 020 7946 0958, from 81.2.69.160 / 2a02:1810:4d02::5",
    );
    scan.scan(
        "wp_options",
        "option_value",
        Some(b"my_log"),
        b"a:1:{i:0;s:11:\"81.2.69.160\";}",
    );
    let report = scan.report();
    let count = |table: &str, kind: Kind| -> u64 {
        report
            .leaks
            .iter()
            .filter(|l| l.table == table && l.kind == kind)
            .map(|l| l.count)
            .sum()
    };
    assert_eq!(count("wp_postmeta", Kind::Email), 2);
    assert_eq!(count("wp_postmeta", Kind::Phone), 1);
    assert_eq!(count("wp_comments", Kind::Phone), 2);
    assert_eq!(count("wp_comments", Kind::Ip), 2);
    assert_eq!(count("wp_options", Kind::Ip), 1);
    assert_eq!(report.total(), 8);
    let emails = report.leaks.iter().find(|l| l.kind == Kind::Email).unwrap();
    assert_eq!(emails.key.as_deref(), Some("_billing_email"));
    assert_eq!(emails.samples, ["j***@m***.com", "J***@M***.UK"]);
    let rendered = report.to_string();
    assert!(
        rendered.contains("wp_postmeta.meta_value [_billing_email]: 2 × email"),
        "{rendered}"
    );
    assert!(
        !rendered.contains("jane.doe"),
        "samples are masked: {rendered}"
    );
}

#[test]
fn ordinary_values_are_not_personal_data() {
    let clean: &[&str] = &[
        "2024-01-02 10:30:00",
        "2024-01-02T10:30:00+00:00",
        "02/01/2024",
        "02.01.2024 12:30",
        "1700000000",
        "1700000000.1234",
        "123456789012",
        "WordPress 6.4.2",
        "version 1.2.3.4",
        "v10.20.30.40",
        "jquery-3.7.1.min.js?ver=3.7.1",
        "a:2:{i:0;s:3:\"foo\";i:1;a:1:{s:1:\"x\";d:1.5;}}",
        "{\"id\":12,\"time\":\"10:30:00\",\"price\":\"1,234.56\"}",
        "00:1a:2b:3c:4d:5e",
        "3f2a9c1b-77e4-4d1a-9c3e-2b8f1a6d5e40",
        "5f4dcc3b5aa765d61d8327deb882cf99",
        "$1,234,567.00",
        "ISBN 978-3-16-148410-0",
        "Order #10234 (12 items)",
        "admin@example.com wordpress@site.test root@localhost",
        "127.0.0.1 0.0.0.0 ::1 192.0.2.15 198.51.100.7 203.0.113.9 2001:db8::1",
        "@media (max-width: 600px) { .a { margin: 0 } }",
        "Follow @janedoe",
        "<p>Call us! Our office hours are 9:00-17:30.</p>",
        "user-0123456789abcdef@example.invalid",
        "+1",
        "1.2.3",
    ];
    let mut scan = LeakScanner::new();
    for value in clean {
        scan.scan("t", "c", None, value.as_bytes());
    }
    assert_eq!(scan.report().leaks, Vec::new(), "{}", scan.report());
}

#[test]
fn the_scrub_s_own_output_scans_clean() {
    let s = scrubber(&["wordpress", "woocommerce"]);
    let mut scan = LeakScanner::new();
    for (i, phone) in [
        "+44 20 7946 0958",
        "(555) 010-9999",
        "020 7946 0958",
        "+33 6 12 34 56 78",
        "555-010-9999",
    ]
    .iter()
    .enumerate()
    {
        for key in ["_billing_phone", "_billing_email", "_customer_ip_address"] {
            let value = match key {
                "_billing_phone" => phone.to_string(),
                "_billing_email" => format!("person{i}@mail.com"),
                _ => format!("81.2.69.{i}"),
            };
            let out = meta(&s, "wp_postmeta", key, value.as_bytes()).unwrap();
            scan.scan("wp_postmeta", "meta_value", Some(key.as_bytes()), &out);
        }
        let (_, out) = run(
            &s,
            "wp_comments",
            &["comment_ID", "comment_content"],
            &row(&[
                Some("1"),
                Some(&format!(
                    "Call {phone} or mail me@mail.com from 2a02:1810::{i}"
                )),
            ]),
        );
        scan.scan(
            "wp_comments",
            "comment_content",
            None,
            out[1].as_deref().unwrap(),
        );
    }
    assert_eq!(scan.report().leaks, Vec::new(), "{}", scan.report());
}
