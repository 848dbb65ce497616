//! The policy format: rules by table and column, or by key in key-value
//! tables, and the presets shipped with slipway.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::PolicyError;

/// What to do with a value (or a row, or a table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A keyed pseudonym like `user-3f2a…` (logins, nicenames, tokens).
    Pseudonym,
    /// A valid, unique address on `example.invalid`.
    Email,
    /// The same shape with other digits.
    Phone,
    /// A plausible full name.
    Name,
    /// A plausible first name.
    FirstName,
    /// A plausible last name.
    LastName,
    /// A plausible street address.
    Street,
    /// A plausible city.
    City,
    /// The same shape with other digits and letters.
    Postcode,
    /// An address in a documentation range.
    Ip,
    /// A URL on `example.invalid`.
    Url,
    /// Lorem ipsum of about the same length.
    Text,
    /// The emails, IPv4 addresses and phone numbers inside text replaced
    /// by fakes; the rest kept.
    Redact,
    /// Guessed from the value: email, IP, phone-like or text.
    Auto,
    /// The rule's `value`.
    Fixed,
    /// SQL NULL.
    Null,
    /// The empty string.
    Empty,
    /// A value that can never verify: password hashes, tokens, keys.
    /// Serialized values become an empty array (no sessions, no
    /// application passwords).
    Invalidate,
    /// Known to hold no personal data (for `--strict`).
    Keep,
    /// Drop the row.
    DeleteRow,
    /// Drop every row of the table.
    Truncate,
}

/// A condition on another column of the row.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The column to look at.
    pub column: String,
    /// The values that make the rule apply.
    #[serde(rename = "in")]
    pub any_of: Vec<String>,
}

/// One rule.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The table, without the WordPress prefix (`usermeta`, `wc_orders`).
    pub table: String,
    /// The column to change. For key rules, the value column (defaults:
    /// `option_value` in `options`, `meta_value` elsewhere).
    #[serde(default)]
    pub column: Option<String>,
    /// For key-value tables: the key (or `*` pattern) the rule applies to.
    #[serde(default)]
    pub key: Option<String>,
    /// The column holding the key (defaults: `option_name` in `options`,
    /// `meta_key` elsewhere).
    #[serde(default)]
    pub key_column: Option<String>,
    /// What to do.
    pub action: Action,
    /// The value for `fixed`.
    #[serde(default)]
    pub value: Option<String>,
    /// For serialized and JSON values: actions by the name of the entry that
    /// holds a string, at any depth (`{ ip = "ip", email = "email" }`).
    #[serde(default)]
    pub inner: BTreeMap<String, Action>,
    /// Apply only when another column has one of some values.
    #[serde(default)]
    pub when: Option<When>,
}

/// A set of rules.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The rules, in the order given; for one value, the first rule that
    /// applies wins.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

const PRESETS: &[(&str, &str)] = &[
    ("wordpress", include_str!("../presets/wordpress.toml")),
    ("woocommerce", include_str!("../presets/woocommerce.toml")),
    ("gravityforms", include_str!("../presets/gravityforms.toml")),
    (
        "contact-form-7",
        include_str!("../presets/contact-form-7.toml"),
    ),
    ("wpforms", include_str!("../presets/wpforms.toml")),
];

impl Policy {
    /// Reads a policy from TOML (`[[rule]]` tables).
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let policy: Policy = toml::from_str(text).map_err(|e| PolicyError::Parse(e.to_string()))?;
        for rule in &policy.rules {
            if rule.action == Action::Fixed && rule.value.is_none() {
                return Err(PolicyError::Rule {
                    table: rule.table.clone(),
                    message: "a `fixed` rule needs a `value`".into(),
                });
            }
        }
        Ok(policy)
    }

    /// A shipped preset by name.
    pub fn preset(name: &str) -> Result<Policy, PolicyError> {
        let (_, text) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            PolicyError::UnknownPreset(name.to_owned(), Self::preset_names().join(", "))
        })?;
        Self::from_toml(text).map_err(|e| PolicyError::Parse(format!("preset {name}: {e}")))
    }

    /// The names of the shipped presets.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// Adds another policy's rules after these.
    pub fn extend(&mut self, other: Policy) {
        self.rules.extend(other.rules);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses() {
        for name in Policy::preset_names() {
            let policy = Policy::preset(name).expect("preset parses");
            assert!(!policy.rules.is_empty(), "{name}");
        }
    }

    #[test]
    fn unknown_fields_and_presets_are_errors() {
        assert!(Policy::from_toml("[[rule]]\ntable='users'\ncolum='x'\naction='email'").is_err());
        let err = Policy::preset("nope").expect_err("unknown");
        assert!(err.to_string().contains("wordpress"), "{err}");
    }
}
