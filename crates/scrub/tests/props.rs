//! Properties: no input makes the scrub panic, serialized input stays valid
//! serialization and JSON stays JSON, whatever the action.

mod support;

use proptest::prelude::*;
use slipway_scrub::{Cell, LeakScanner, Options, Policy, Scrubber};
use support::*;

const ACTIONS: &[&str] = &[
    "pseudonym",
    "email",
    "phone",
    "name",
    "first_name",
    "last_name",
    "company",
    "address",
    "street",
    "city",
    "postcode",
    "shape",
    "ip",
    "url",
    "text",
    "redact",
    "auto",
    "fixed",
    "null",
    "empty",
    "invalidate",
    "keep",
];

/// One column per action (`c0`…), plus a key-value rule with inner paths.
fn every_action() -> (Scrubber, Vec<String>) {
    let mut policy = String::new();
    let mut columns = Vec::new();
    for (i, action) in ACTIONS.iter().enumerate() {
        let value = if *action == "fixed" {
            "value = 'F'\n"
        } else {
            ""
        };
        policy.push_str(&format!(
            "[[rule]]\ntable='t'\ncolumn='c{i}'\naction='{action}'\n{value}"
        ));
        columns.push(format!("c{i}"));
    }
    policy.push_str(
        "[[rule]]\ntable='t'\ncolumn='inner'\naction='redact'\nvalue='F'\ninner={ email='email', 'a.*.ip'='ip', name='fixed', x='null', y='invalidate' }\n",
    );
    columns.push("inner".into());
    let policy = Policy::from_toml(&policy).unwrap();
    (
        Scrubber::new(
            policy,
            key(9),
            Options {
                strict: true,
                ..Options::default()
            },
        )
        .unwrap(),
        columns,
    )
}

fn scrub_all(scrubber: &Scrubber, columns: &[String], value: &[u8]) -> Vec<Option<Vec<u8>>> {
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let plan = scrubber.plan_table("wp_t", &names).unwrap();
    let mut cells: Vec<Cell> = plan
        .needed_columns()
        .iter()
        .map(|_| Cell {
            value: Some(value.to_vec()),
            changed: false,
        })
        .collect();
    plan.scrub_row(scrubber, &mut cells);
    cells.into_iter().map(|c| c.value).collect()
}

/// Strings that look like what gets scrubbed, and some that do not.
fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}@[a-z]{2,8}\\.(com|org|de)",
        "\\+[1-9][0-9]{1,2} [0-9]{2,4} [0-9]{3,4} [0-9]{3,4}",
        "[1-9][0-9]{0,2}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        "[a-zA-Z0-9 .,:;'\"{}()\\[\\]\\\\/@+-]{0,40}",
        any::<String>(),
    ]
}

/// PHP values: nested arrays with string and integer keys.
fn php_value() -> impl Strategy<Value = Php> {
    let leaf = prop_oneof![
        text_value().prop_map(|s| Php::Owned(s.into_bytes())),
        any::<i64>().prop_map(Php::I),
        any::<bool>().prop_map(Php::B),
        Just(Php::N),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop::collection::vec(
            (
                prop_oneof![
                    any::<i64>().prop_map(PhpKey::I),
                    prop::sample::select(vec!["email", "ip", "name", "a", "x", "y", "customer"])
                        .prop_map(PhpKey::S),
                ],
                prop_oneof![
                    inner.clone(),
                    // A serialized value inside a string, as WooCommerce nests them.
                    inner.prop_map(|v| Php::Owned(v.ser())),
                ],
            ),
            0..6,
        )
        .prop_map(Php::A)
    })
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        text_value().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::btree_map("(email|ip|name|a|x|[a-z]{1,5})", inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(value in prop::collection::vec(any::<u8>(), 0..200)) {
        let (scrubber, columns) = every_action();
        scrub_all(&scrubber, &columns, &value);
        let mut scan = LeakScanner::new();
        scan.scan("t", "c", Some(&value), &value);
    }

    #[test]
    fn text_like_values_never_panic(value in text_value()) {
        let (scrubber, columns) = every_action();
        scrub_all(&scrubber, &columns, value.as_bytes());
    }

    #[test]
    fn serialized_values_stay_valid(value in php_value()) {
        let input = value.ser();
        prop_assert!(slipway_phpser::validate(&input).is_ok());
        let (scrubber, columns) = every_action();
        for (column, out) in columns.iter().zip(scrub_all(&scrubber, &columns, &input)) {
            // Whole-value actions replace the value with their own.
            if ["c17", "c18", "c19"].contains(&column.as_str()) {
                continue;
            }
            let out = out.unwrap();
            prop_assert!(
                slipway_phpser::validate(&out).is_ok(),
                "{column}: {}",
                String::from_utf8_lossy(&out)
            );
        }
    }

    #[test]
    fn json_values_stay_json(value in json_value()) {
        let input = value.to_string();
        let (scrubber, columns) = every_action();
        for (column, out) in columns.iter().zip(scrub_all(&scrubber, &columns, input.as_bytes())) {
            if ["c17", "c18", "c19"].contains(&column.as_str()) || !(input.starts_with('{') || input.starts_with('[')) {
                continue;
            }
            let out = out.unwrap();
            let parsed = serde_json::from_slice::<serde_json::Value>(&out);
            prop_assert!(parsed.is_ok(), "{column}: {}", String::from_utf8_lossy(&out));
        }
    }

    #[test]
    fn redacted_text_leaves_nothing_for_the_leak_scan(value in text_value()) {
        let (scrubber, columns) = every_action();
        let redacted = scrub_all(&scrubber, &columns, value.as_bytes());
        let index = ACTIONS.iter().position(|a| *a == "redact").unwrap();
        let mut scan = LeakScanner::new();
        scan.scan("t", "c", None, redacted[index].as_deref().unwrap_or_default());
        prop_assert_eq!(scan.report().total(), 0, "{}", scan.report());
    }
}
