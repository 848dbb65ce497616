//! The rewrite rules, form by form and boundary by boundary.

use proptest::prelude::*;
use slipway_rewrite::{MapError, Mapping, Outcome, Rewriter};

fn rewriter(pairs: &[(&str, &str)]) -> Rewriter {
    let pairs: Vec<Mapping> = pairs
        .iter()
        .map(|(from, to)| Mapping {
            from: (*from).into(),
            to: (*to).into(),
        })
        .collect();
    Rewriter::new(&pairs).expect("valid pairs")
}

fn site() -> Rewriter {
    rewriter(&[("https://example.com", "https://staging.example.org")])
}

fn text(r: &Rewriter, input: &str) -> String {
    let mut out = Vec::new();
    r.rewrite_text(input.as_bytes(), &mut out);
    String::from_utf8(out).expect("utf-8")
}

fn value(r: &Rewriter, input: &[u8]) -> (Outcome, Vec<u8>) {
    let mut out = Vec::new();
    let outcome = r.rewrite_value(input, &mut out);
    (outcome, out)
}

#[test]
fn every_form_is_rewritten_in_its_own_form() {
    let r = site();
    assert_eq!(
        text(&r, "see https://example.com/a"),
        "see https://staging.example.org/a"
    );
    assert_eq!(
        text(&r, r#"{"url":"https:\/\/example.com\/a"}"#),
        r#"{"url":"https:\/\/staging.example.org\/a"}"#
    );
    assert_eq!(
        text(&r, "u=https%3A%2F%2Fexample.com%2Fa"),
        "u=https%3A%2F%2Fstaging.example.org%2Fa"
    );
    assert_eq!(
        text(&r, "u=https%3a%2f%2fexample.com%2fa"),
        "u=https%3a%2f%2fstaging.example.org%2fa"
    );
    assert_eq!(
        text(&r, r#"<img src="//example.com/x.png">"#),
        r#"<img src="//staging.example.org/x.png">"#
    );
    assert_eq!(
        text(&r, r#""\/\/example.com\/x""#),
        r#""\/\/staging.example.org\/x""#
    );
}

#[test]
fn hosts_match_only_at_their_boundaries() {
    let r = site();
    for untouched in [
        "https://example.com.au/x",
        "https://myexample.com",
        "https://example.community",
        "https://sub.example.com",
        "https://example.com-old.net",
        "http://example.com/plain-http-is-another-pair",
    ] {
        assert_eq!(text(&r, untouched), untouched);
    }
    assert_eq!(
        text(&r, "at https://example.com."),
        "at https://staging.example.org."
    );
    assert_eq!(
        text(&r, "https://example.com:8080/"),
        "https://staging.example.org:8080/"
    );
    assert_eq!(
        text(&r, "\"https://example.com\""),
        "\"https://staging.example.org\""
    );
}

#[test]
fn scheme_and_host_ignore_case_paths_do_not() {
    let r = site();
    assert_eq!(
        text(&r, "HTTPS://EXAMPLE.COM/A"),
        "https://staging.example.org/A"
    );
    let r = rewriter(&[("https://example.com/Shop", "https://shop.example.org")]);
    assert_eq!(
        text(&r, "https://example.com/Shop/x"),
        "https://shop.example.org/x"
    );
    assert_eq!(
        text(&r, "https://example.com/shop/x"),
        "https://example.com/shop/x"
    );
    assert_eq!(
        text(&r, "https://example.com/Shopping"),
        "https://example.com/Shopping"
    );
}

#[test]
fn bare_hosts_match_everywhere_as_hosts() {
    let r = rewriter(&[("example.com", "staging.example.org")]);
    assert_eq!(
        text(&r, "mail admin@example.com, visit example.com. https%3A%2F%2Fexample.com"),
        "mail admin@staging.example.org, visit staging.example.org. https%3A%2F%2Fstaging.example.org"
    );
    assert_eq!(
        text(&r, "example.com.au myexample.com example.community"),
        "example.com.au myexample.com example.community"
    );
}

#[test]
fn many_pairs_apply_in_one_pass_longest_first() {
    let r = rewriter(&[
        ("https://example.com", "https://a.test"),
        ("https://example.com/shop", "https://shop.test"),
        ("https://blog.example.com", "https://blog.test"),
    ]);
    assert_eq!(
        text(
            &r,
            "https://example.com/shop/x https://example.com/x https://blog.example.com/y"
        ),
        "https://shop.test/x https://a.test/x https://blog.test/y"
    );
    // Pairs do not chain: a replacement is never rewritten again.
    let r = rewriter(&[
        ("https://a.test", "https://b.test"),
        ("https://b.test", "https://c.test"),
    ]);
    assert_eq!(
        text(&r, "https://a.test https://b.test"),
        "https://b.test https://c.test"
    );
}

#[test]
fn bad_pairs_are_refused_with_the_reason() {
    let bad = |from: &str, to: &str| {
        Rewriter::new(&[Mapping {
            from: from.into(),
            to: to.into(),
        }])
        .expect_err("refused")
    };
    assert!(matches!(
        bad("https://example.com", "staging.example.org"),
        MapError::Invalid { .. }
    ));
    assert!(matches!(bad("", "x.org"), MapError::Invalid { .. }));
    assert!(matches!(
        bad("https://", "https://x.org"),
        MapError::Invalid { .. }
    ));
    let twice = [
        Mapping {
            from: "https://a.test".into(),
            to: "https://b.test".into(),
        },
        Mapping {
            from: "HTTPS://A.TEST".into(),
            to: "https://c.test".into(),
        },
    ];
    assert!(matches!(Rewriter::new(&twice), Err(MapError::Duplicate(_))));
}

#[test]
fn serialized_values_get_their_lengths_recomputed() {
    let r = site();
    let input = br#"a:2:{s:4:"home";s:19:"https://example.com";s:4:"list";a:1:{i:0;s:23:"https://example.com/a/b";}}"#;
    let (outcome, out) = value(&r, input);
    assert_eq!(
        outcome,
        Outcome::Changed {
            replacements: 2,
            serialized: true
        }
    );
    assert_eq!(
        out,
        br#"a:2:{s:4:"home";s:27:"https://staging.example.org";s:4:"list";a:1:{i:0;s:31:"https://staging.example.org/a/b";}}"#
    );
}

#[test]
fn objects_private_properties_and_custom_classes_are_handled_as_bytes() {
    let r = site();
    let input = b"O:10:\"My_Widget_\":1:{s:15:\"\0My_Widget_\0url\";s:19:\"https://example.com\";}";
    let (outcome, out) = value(&r, input);
    assert!(matches!(
        outcome,
        Outcome::Changed {
            serialized: true,
            ..
        }
    ));
    assert_eq!(
        out,
        b"O:10:\"My_Widget_\":1:{s:15:\"\0My_Widget_\0url\";s:27:\"https://staging.example.org\";}"
    );
    let custom = b"C:3:\"Foo\":27:{u=https://example.com/a.png}";
    let (_, out) = value(&r, custom);
    assert_eq!(out, b"C:3:\"Foo\":35:{u=https://staging.example.org/a.png}");
}

#[test]
fn double_serialized_and_json_inside_serialized_values() {
    let r = site();
    let inner = r#"a:1:{s:3:"url";s:19:"https://example.com";}"#;
    let input = format!("s:{}:\"{inner}\";", inner.len());
    let (_, out) = value(&r, input.as_bytes());
    let inner_new = r#"a:1:{s:3:"url";s:27:"https://staging.example.org";}"#;
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!("s:{}:\"{inner_new}\";", inner_new.len())
    );

    let json = r#"{"src":"https:\/\/example.com\/a.jpg"}"#;
    let input = format!("a:1:{{i:0;s:{}:\"{json}\";}}", json.len());
    let (_, out) = value(&r, input.as_bytes());
    let json_new = r#"{"src":"https:\/\/staging.example.org\/a.jpg"}"#;
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!("a:1:{{i:0;s:{}:\"{json_new}\";}}", json_new.len())
    );
}

#[test]
fn text_that_merely_contains_serialized_bits_is_text() {
    let r = site();
    let input = br#"Post text: s:5:"hello"; and https://example.com/x, then s:2:"hi";"#;
    let (outcome, out) = value(&r, input);
    assert_eq!(
        outcome,
        Outcome::Changed {
            replacements: 1,
            serialized: false
        }
    );
    assert_eq!(
        out,
        br#"Post text: s:5:"hello"; and https://staging.example.org/x, then s:2:"hi";"#
    );
}

#[test]
fn broken_serialized_values_are_left_alone_and_reported() {
    let r = site();
    let input = br#"a:1:{s:3:"url";s:99:"https://example.com";}"#;
    let (outcome, out) = value(&r, input);
    assert!(
        matches!(outcome, Outcome::BrokenSerialized(_)),
        "{outcome:?}"
    );
    assert!(out.is_empty());
    // Without anything to rewrite, a broken value is simply unchanged.
    let (outcome, _) = value(&r, br#"a:1:{s:3:"url";s:99:"nothing here";}"#);
    assert_eq!(outcome, Outcome::Unchanged);
}

#[test]
fn multibyte_text_and_control_bytes_survive() {
    let r = site();
    let serialized = |s: &str| format!("a:1:{{i:0;s:{}:\"{s}\";}}", s.len());
    let input = serialized("日本 https://example.com\x1a");
    assert_eq!(slipway_phpser::validate(input.as_bytes()), Ok(()));
    let (_, out) = value(&r, input.as_bytes());
    let expected = serialized("日本 https://staging.example.org\x1a");
    assert!(
        expected.contains("s:35:"),
        "lengths count bytes: {expected}"
    );
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
}

#[test]
fn streaming_finds_matches_across_pieces() {
    let r = site();
    let input = "x https://example.com/a https:\\/\\/example.com y //example.com. z".repeat(50);
    let mut expected = Vec::new();
    r.rewrite_text(input.as_bytes(), &mut expected);
    for piece in [1, 2, 3, 7, 64] {
        let mut stream = r.stream();
        let mut out = Vec::new();
        let mut count = 0;
        for chunk in input.as_bytes().chunks(piece) {
            count += stream.feed(chunk, &mut out);
        }
        count += stream.finish(&mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&expected),
            "pieces of {piece}"
        );
        assert_eq!(count, 150);
    }
}

/// Text with URLs in every form, plus near misses.
fn text_with_urls() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("https://example.com".to_string()),
            Just("https://example.com/a/b".to_string()),
            Just("https:\\/\\/example.com\\/x".to_string()),
            Just("https%3A%2F%2Fexample.com%2F".to_string()),
            Just("//example.com/p".to_string()),
            Just("example.com.au".to_string()),
            Just("myexample.com".to_string()),
            Just("s:5:\"hello\";".to_string()),
            "[a-zA-Z0-9 ./:%\\\\é日-]{0,12}",
        ],
        0..10,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn an_identity_pair_changes_nothing(input in text_with_urls()) {
        let r = rewriter(&[("https://example.com", "https://example.com")]);
        let mut out = Vec::new();
        let _ = r.rewrite_value(input.as_bytes(), &mut out);
        let result = if out.is_empty() { input.as_bytes().to_vec() } else { out };
        prop_assert_eq!(result, input.as_bytes());
    }

    #[test]
    fn there_and_back_restores_the_input(input in text_with_urls()) {
        prop_assume!(!input.to_ascii_lowercase().contains("staging.example.org"));
        let there = site();
        let back = rewriter(&[("https://staging.example.org", "https://example.com")]);
        let mut once = Vec::new();
        there.rewrite_text(input.as_bytes(), &mut once);
        let mut twice = Vec::new();
        back.rewrite_text(&once, &mut twice);
        prop_assert_eq!(String::from_utf8_lossy(&twice), input);
    }

    #[test]
    fn serialized_values_stay_valid(parts in proptest::collection::vec(text_with_urls(), 1..6)) {
        let mut input = format!("a:{}:{{", parts.len());
        for (i, part) in parts.iter().enumerate() {
            input.push_str(&format!("i:{i};s:{}:\"{part}\";", part.len()));
        }
        input.push('}');
        let (outcome, out) = value(&site(), input.as_bytes());
        if let Outcome::Changed { .. } = outcome {
            prop_assert_eq!(slipway_phpser::validate(&out), Ok(()));
        }
    }

    #[test]
    fn streaming_equals_whole(input in text_with_urls(), piece in 1usize..40) {
        let r = site();
        let mut whole = Vec::new();
        r.rewrite_text(input.as_bytes(), &mut whole);
        let mut stream = r.stream();
        let mut out = Vec::new();
        for chunk in input.as_bytes().chunks(piece) {
            stream.feed(chunk, &mut out);
        }
        stream.finish(&mut out);
        prop_assert_eq!(out, whole);
    }
}
