//! Whole column values: serialized at any depth, text, and broken values.

mod common;

use common::{rewriter, ser, site, value};
use slipway_phpser::validate;
use slipway_rewrite::Outcome;

fn changed(replacements: usize, serialized: bool) -> Outcome {
    Outcome::Changed {
        replacements,
        serialized,
    }
}

#[test]
fn serialized_strings_get_their_lengths_recomputed() {
    let input = format!(
        "a:2:{{s:4:\"home\";{}s:4:\"list\";a:1:{{i:0;{}}}}}",
        ser("https://example.com"),
        ser("https://example.com/a/b https://example.com/c")
    );
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(3, true));
    let expected = format!(
        "a:2:{{s:4:\"home\";{}s:4:\"list\";a:1:{{i:0;{}}}}}",
        ser("https://staging.example.org"),
        ser("https://staging.example.org/a/b https://staging.example.org/c")
    );
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
}

#[test]
fn private_and_protected_properties_keep_their_nul_bytes() {
    let input = format!(
        "O:9:\"My_Widget\":2:{{s:14:\"\0My_Widget\0url\";{}s:6:\"\0*\0img\";{}}}",
        ser("https://example.com/"),
        ser("//example.com/a.png")
    );
    assert_eq!(validate(input.as_bytes()), Ok(()));
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(2, true));
    let expected = format!(
        "O:9:\"My_Widget\":2:{{s:14:\"\0My_Widget\0url\";{}s:6:\"\0*\0img\";{}}}",
        ser("https://staging.example.org/"),
        ser("//staging.example.org/a.png")
    );
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
}

#[test]
fn custom_serialized_payloads_are_rewritten_and_resized() {
    let r = site();
    let text_payload = "u=https://example.com/a.png";
    let input = format!("C:3:\"Foo\":{}:{{{text_payload}}}", text_payload.len());
    let (outcome, out) = value(&r, input.as_bytes());
    assert_eq!(outcome, changed(1, true));
    assert_eq!(out, b"C:3:\"Foo\":35:{u=https://staging.example.org/a.png}");

    // A payload that is itself one serialized value keeps valid lengths.
    let inner = format!("a:1:{{i:0;{}}}", ser("https://example.com"));
    let input = format!("C:3:\"Foo\":{}:{{{inner}}}", inner.len());
    let (_, out) = value(&r, input.as_bytes());
    let inner = format!("a:1:{{i:0;{}}}", ser("https://staging.example.org"));
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!("C:3:\"Foo\":{}:{{{inner}}}", inner.len())
    );
}

#[test]
fn payloads_of_php_own_classes_keep_valid_inner_lengths() {
    let payload = |url: &str| format!("x:i:0;a:1:{{i:0;{}}};m:a:0:{{}}", ser(url));
    let object = |url: &str| {
        let p = payload(url);
        format!("C:11:\"ArrayObject\":{}:{{{p}}}", p.len())
    };
    let (outcome, out) = value(&site(), object("https://example.com/a").as_bytes());
    assert_eq!(outcome, changed(1, true));
    assert_eq!(out, object("https://staging.example.org/a").as_bytes());
    let list = |url: &str| {
        let p = format!("i:4;:{}:{}", ser(url), ser("x"));
        format!("C:19:\"SplDoublyLinkedList\":{}:{{{p}}}", p.len())
    };
    let (_, out) = value(&site(), list("https://example.com").as_bytes());
    assert_eq!(out, list("https://staging.example.org").as_bytes());
}

#[test]
fn double_serialized_values_get_their_inner_lengths_recomputed() {
    let inner = format!("a:1:{{s:3:\"url\";{}}}", ser("https://example.com/x"));
    let input = format!("a:1:{{s:6:\"widget\";{}}}", ser(&inner));
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(1, true));
    let inner = format!(
        "a:1:{{s:3:\"url\";{}}}",
        ser("https://staging.example.org/x")
    );
    let expected = format!("a:1:{{s:6:\"widget\";{}}}", ser(&inner));
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
    assert_eq!(validate(expected.as_bytes()), Ok(()));
    // Three levels, as some plugins store them.
    let input = ser(&ser(&ser("https://example.com")));
    let (_, out) = value(&site(), input.as_bytes());
    assert_eq!(
        out,
        ser(&ser(&ser("https://staging.example.org"))).as_bytes()
    );
}

#[test]
fn json_inside_serialized_strings_is_rewritten_in_its_own_form() {
    let json = r#"{"src":"https:\/\/example.com\/a.jpg","link":"https%3A%2F%2Fexample.com"}"#;
    let input = format!("a:1:{{i:0;{}}}", ser(json));
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(2, true));
    let json = r#"{"src":"https:\/\/staging.example.org\/a.jpg","link":"https%3A%2F%2Fstaging.example.org"}"#;
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!("a:1:{{i:0;{}}}", ser(json))
    );
}

#[test]
fn text_that_merely_contains_serialized_bits_is_text() {
    let input = br#"Post text: s:5:"hello"; and https://example.com/x, then s:2:"hi";"#;
    let (outcome, out) = value(&site(), input);
    assert_eq!(outcome, changed(1, false));
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
    let Outcome::BrokenSerialized(error) = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(error.offset, 21);
    assert_eq!(out, input);
    // Already corrupted by a naive replace: lengths no longer match.
    let naive = br#"a:1:{i:0;s:19:"https://staging.example.org/https://example.com";}"#;
    assert!(matches!(value(&r, naive).0, Outcome::BrokenSerialized(_)));
    // Without anything to rewrite, a broken value is simply unchanged.
    let (outcome, _) = value(&r, br#"a:1:{s:3:"url";s:99:"https://example.org";}"#);
    assert_eq!(outcome, Outcome::Unchanged);
}

#[test]
fn a_broken_string_inside_a_valid_value_is_rewritten_as_text() {
    let broken_inner = r#"a:1:{i:0;s:50:"https://example.com";}"#;
    let input = format!("a:1:{{i:0;{}}}", ser(broken_inner));
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(1, true));
    let expected = format!(
        "a:1:{{i:0;{}}}",
        ser(r#"a:1:{i:0;s:50:"https://staging.example.org";}"#)
    );
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
}

#[test]
fn multibyte_text_and_control_bytes_survive_and_lengths_count_bytes() {
    let s = "日本 https://example.com/ü\x1a\0";
    let input = format!("a:1:{{i:0;{}}}", ser(s));
    let (outcome, out) = value(&site(), input.as_bytes());
    assert_eq!(outcome, changed(1, true));
    let new = "日本 https://staging.example.org/ü\x1a\0";
    assert_eq!(new.len(), 39);
    assert_eq!(out, format!("a:1:{{i:0;s:39:\"{new}\";}}").as_bytes());
    let (outcome, out) = value(&site(), "\x1a https://example.com \x1a".as_bytes());
    assert_eq!(outcome, changed(1, false));
    assert_eq!(out, "\x1a https://staging.example.org \x1a".as_bytes());
}

#[test]
fn keys_and_class_names_are_not_rewritten() {
    let input = format!("a:1:{{{}{}}}", ser("https://example.com"), ser("x"));
    assert_eq!(value(&site(), input.as_bytes()).0, Outcome::Unchanged);
}

#[test]
fn values_without_a_change_are_unchanged() {
    let r = site();
    assert_eq!(value(&r, b"publish").0, Outcome::Unchanged);
    assert_eq!(value(&r, b"https://example.com.au").0, Outcome::Unchanged);
    assert_eq!(value(&r, b"i:5;").0, Outcome::Unchanged);
    let same = rewriter(&[("https://example.com", "https://example.com")]);
    assert_eq!(
        value(&same, b"see https://example.com/").0,
        Outcome::Unchanged
    );
    let input = format!("a:1:{{i:0;{}}}", ser("https://example.com"));
    assert_eq!(value(&same, input.as_bytes()).0, Outcome::Unchanged);
}

#[test]
fn out_keeps_what_it_held() {
    let mut out = b"prefix:".to_vec();
    let outcome = site().rewrite_value(b"https://example.com", &mut out);
    assert_eq!(outcome, changed(1, false));
    assert_eq!(out, b"prefix:https://staging.example.org");
    let mut out = b"prefix:".to_vec();
    assert_eq!(
        site().rewrite_value(b"nothing", &mut out),
        Outcome::Unchanged
    );
    assert_eq!(out, b"prefix:");
}

#[test]
fn deeply_nested_serialized_strings_stay_within_bounds() {
    let nest = |url: &str, levels: usize| (0..levels).fold(ser(url), |v, _| ser(&v));
    let (outcome, out) = value(&site(), nest("https://example.com", 20).as_bytes());
    assert_eq!(outcome, changed(1, true));
    assert_eq!(out, nest("https://staging.example.org", 20).as_bytes());
    // Past the bound, the innermost strings are rewritten as text; the
    // value as a whole stays valid.
    let (outcome, out) = value(&site(), nest("https://example.com", 100).as_bytes());
    assert_eq!(outcome, changed(1, true));
    assert_eq!(validate(&out), Ok(()));
    // As deep as allowed, with serialized strings at the bottom: the budget
    // is shared, so the innermost ones are left to be rewritten as text.
    let mut deep = "a:1:{i:0;".repeat(500);
    deep.push_str(&nest("https://example.com", 30));
    deep.push_str(&"}".repeat(500));
    let (outcome, out) = value(&site(), deep.as_bytes());
    assert_eq!(outcome, changed(1, true));
    assert_eq!(validate(&out), Ok(()));
    let mut deep = "a:1:{i:0;".repeat(600);
    deep.push_str(&ser("https://example.com"));
    deep.push_str(&"}".repeat(600));
    assert!(matches!(
        value(&site(), deep.as_bytes()).0,
        Outcome::BrokenSerialized(_)
    ));
}
