//! Properties over arbitrary text and serialized trees holding URLs in every
//! form: an identity pair changes nothing, there and back restores the
//! input, and every rewritten serialized value is valid.

mod common;

use common::{rewriter, ser};
use proptest::prelude::*;
use slipway_rewrite::{Outcome, Rewriter};

/// The site's URLs in each form, near misses, and filler. Escapes in one URL
/// share a hex case, as every encoder writes them.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "https://example.com",
            "https://example.com/a/b",
            "https://example.com.",
            "https://example.com:8080/x",
            "https:\\/\\/example.com\\/x",
            "https%3A%2F%2Fexample.com%2F",
            "https%3a%2f%2fexample.com",
            "//example.com/p",
            "\\/\\/example.com",
            "%2F%2Fexample.com",
            "mail@example.com",
            "http://example.com",
            "example.com.au",
            "myexample.com",
            "https://example.community",
            "sub.example.com",
            "s:5:\"hello\";",
            "\u{0}*\u{0}",
        ])
        .prop_map(String::from),
        2 => "[a-zA-Z0-9 ./:%\\\\\"é日_-]{0,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..10).prop_map(|parts| parts.concat())
}

/// Serialized trees with URLs in their strings: arrays, objects with
/// private and protected properties, JSON and serialized values inside
/// strings.
fn tree() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        text().prop_map(|s| ser(&s)),
        text().prop_map(|s| ser(&format!("{{\"url\":\"{}\"}}", s.replace('/', "\\/")))),
        any::<i32>().prop_map(|i| format!("i:{i};")),
        Just("N;".to_string()),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                let body: String = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| format!("i:{i};{item}"))
                    .collect();
                format!("a:{}:{{{body}}}", items.len())
            }),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|items| {
                let body: String = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let name = ["p", "\0*\0p", "\0W_Widget\0p"][i % 3];
                        format!("{}{item}", ser(&format!("{name}{i}")))
                    })
                    .collect();
                format!("O:8:\"W_Widget\":{}:{{{body}}}", items.len())
            }),
            inner.prop_map(|v| ser(&v)),
        ]
    })
}

/// The value after `rewrite_value`.
fn rewritten(r: &Rewriter, input: &[u8]) -> (Outcome, Vec<u8>) {
    let mut out = Vec::new();
    match r.rewrite_value(input, &mut out) {
        outcome @ Outcome::Changed { .. } => (outcome, out),
        outcome => (outcome, input.to_vec()),
    }
}

fn pairs_there_and_back() -> [(Rewriter, Rewriter); 2] {
    [
        (
            rewriter(&[("https://example.com", "https://staging.example.org/sub")]),
            rewriter(&[("https://staging.example.org/sub", "https://example.com")]),
        ),
        (
            rewriter(&[("example.com", "staging.example.org")]),
            rewriter(&[("staging.example.org", "example.com")]),
        ),
    ]
}

fn identity_pairs() -> [Rewriter; 2] {
    [
        rewriter(&[("https://example.com", "https://example.com")]),
        rewriter(&[("example.com", "example.com")]),
    ]
}

fn check_there_and_back(input: &[u8]) -> Result<(), TestCaseError> {
    for (there, back) in pairs_there_and_back() {
        let (_, once) = rewritten(&there, input);
        let (_, twice) = rewritten(&back, &once);
        prop_assert_eq!(
            String::from_utf8_lossy(&twice),
            String::from_utf8_lossy(input)
        );
    }
    Ok(())
}

fn check_identity(input: &[u8]) -> Result<(), TestCaseError> {
    for same in identity_pairs() {
        let (outcome, out) = rewritten(&same, input);
        prop_assert!(!matches!(outcome, Outcome::Changed { .. }), "{:?}", outcome);
        prop_assert_eq!(out, input);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_identity_pair_changes_no_text(input in text()) {
        check_identity(input.as_bytes())?;
    }

    #[test]
    fn an_identity_pair_changes_no_tree(input in tree()) {
        check_identity(input.as_bytes())?;
    }

    #[test]
    fn there_and_back_restores_text(input in text()) {
        prop_assume!(!input.to_ascii_lowercase().contains("staging.example.org"));
        check_there_and_back(input.as_bytes())?;
    }

    #[test]
    fn there_and_back_restores_trees(input in tree()) {
        prop_assume!(!input.to_ascii_lowercase().contains("staging.example.org"));
        check_there_and_back(input.as_bytes())?;
    }

    #[test]
    fn rewritten_trees_stay_valid(input in tree()) {
        prop_assert_eq!(slipway_phpser::validate(input.as_bytes()), Ok(()));
        for (there, _) in pairs_there_and_back() {
            let (outcome, out) = rewritten(&there, input.as_bytes());
            match outcome {
                Outcome::Changed { serialized, .. } => {
                    prop_assert!(serialized);
                    prop_assert_eq!(slipway_phpser::validate(&out), Ok(()));
                }
                Outcome::Unchanged => {}
                Outcome::BrokenSerialized(error) => prop_assert!(false, "{}", error),
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let r = rewriter(&[("https://example.com", "https://s.test"), ("example.org", "o.test")]);
        let mut out = Vec::new();
        let _ = r.may_match(&input);
        let _ = r.rewrite_value(&input, &mut out);
        let mut stream = r.stream();
        stream.feed(&input, &mut out);
        stream.finish(&mut out);
    }
}
