//! Random trees: accepted, mapped to valid trees holding the mapped strings,
//! and random bytes never crash the parser.

mod common;

use common::{is_payload, offered, serialize, tree};
use proptest::prelude::*;
use slipway_phpser::{looks_serialized, map_strings, validate};

/// Grows a string by a multibyte suffix, except custom payloads.
fn grow(s: &[u8]) -> Option<Vec<u8>> {
    (!is_payload(s)).then(|| [s, "→é\0\";".as_bytes()].concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_trees_validate(node in tree()) {
        let v = serialize(&node);
        prop_assert_eq!(validate(&v), Ok(()));
        prop_assert!(looks_serialized(&v));
    }

    #[test]
    fn an_identity_mapping_changes_nothing(node in tree()) {
        let v = serialize(&node);
        let mut seen = Vec::new();
        let mapped = map_strings(&v, |_, s| {
            seen.push(s.to_vec());
            None
        });
        prop_assert_eq!(mapped, Ok(None));
        let mut expected = Vec::new();
        offered(&node, &mut expected);
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn growing_strings_gives_valid_values_holding_the_new_strings(node in tree()) {
        let v = serialize(&node);
        let mut before = Vec::new();
        offered(&node, &mut before);
        let mapped = map_strings(&v, |_, s| grow(s)).expect("parses");
        let Some(mapped) = mapped else {
            prop_assert!(before.iter().all(|s| is_payload(s)));
            return Ok(());
        };
        prop_assert_eq!(validate(&mapped), Ok(()));
        let mut after = Vec::new();
        map_strings(&mapped, |_, s| {
            after.push(s.to_vec());
            None
        })
        .expect("parses");
        let expected: Vec<Vec<u8>> = before
            .iter()
            .map(|s| grow(s).unwrap_or_else(|| s.clone()))
            .collect();
        prop_assert_eq!(after, expected);
    }

    #[test]
    fn random_bytes_never_panic(v in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = looks_serialized(&v);
        let _ = validate(&v);
        let _ = map_strings(&v, |_, s| Some([s, b"x"].concat()));
    }

    #[test]
    fn damaged_trees_never_panic(node in tree(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut v = serialize(&node);
        let at = at.index(v.len());
        v[at] = byte;
        let valid = validate(&v).is_ok();
        let mapped = map_strings(&v, |_, s| grow(s));
        prop_assert_eq!(valid, mapped.is_ok());
        if let Ok(Some(out)) = mapped {
            prop_assert_eq!(validate(&out), Ok(()));
        }
        v.truncate(at);
        prop_assert!(validate(&v).is_err());
    }
}
