//! The policy format: rules by table and column, or by key in key-value
//! tables, read from TOML; and the presets shipped with slipway.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::PolicyError;

/// What a rule does with a value, a row or a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A keyed pseudonym, `anon-` and 16 hex digits (logins, slugs, ids
    /// that must still join).
    Pseudonym,
    /// A valid, unique address on `example.invalid`, from the lowercased
    /// input.
    Email,
    /// The same digit pattern and separators with other digits.
    Phone,
    /// A plausible full name.
    Name,
    /// A plausible first name.
    FirstName,
    /// A plausible last name.
    LastName,
    /// A plausible company name.
    Company,
    /// A plausible street address with a city.
    Address,
    /// A plausible street address.
    Street,
    /// A plausible city.
    City,
    /// The same shape: digits become digits, letters letters.
    Postcode,
    /// The same shape as `postcode`, for any code (card digits, ids).
    Shape,
    /// An address in a documentation range of the same family.
    Ip,
    /// A URL on `example.invalid`.
    Url,
    /// Lorem ipsum of about the same length.
    Text,
    /// Emails, IP addresses and phone numbers inside text replaced by fakes;
    /// the rest kept.
    Redact,
    /// A fake chosen by what the value looks like.
    Auto,
    /// The rule's `value`.
    Fixed,
    /// SQL NULL.
    Null,
    /// The empty string.
    Empty,
    /// A value that can never verify (password hashes, tokens, keys); a
    /// serialized or JSON value becomes an empty array.
    Invalidate,
    /// Left as it is; marks a key as known for `strict`.
    Keep,
    /// The row is left out.
    DeleteRow,
    /// Every row of the table is left out.
    Truncate,
}

/// How an action treats a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Applied to each string inside serialized and JSON values.
    PerString,
    /// Replaces the value whole.
    WholeValue,
    /// Decides about the row.
    Row,
    /// Decides about the table.
    Table,
}

impl Action {
    pub(crate) fn reach(self) -> Reach {
        match self {
            Action::Fixed | Action::Null | Action::Empty | Action::Invalidate => Reach::WholeValue,
            Action::DeleteRow => Reach::Row,
            Action::Truncate => Reach::Table,
            _ => Reach::PerString,
        }
    }

    /// The name used in policies.
    pub fn name(self) -> &'static str {
        match self {
            Action::Pseudonym => "pseudonym",
            Action::Email => "email",
            Action::Phone => "phone",
            Action::Name => "name",
            Action::FirstName => "first_name",
            Action::LastName => "last_name",
            Action::Company => "company",
            Action::Address => "address",
            Action::Street => "street",
            Action::City => "city",
            Action::Postcode => "postcode",
            Action::Shape => "shape",
            Action::Ip => "ip",
            Action::Url => "url",
            Action::Text => "text",
            Action::Redact => "redact",
            Action::Auto => "auto",
            Action::Fixed => "fixed",
            Action::Null => "null",
            Action::Empty => "empty",
            Action::Invalidate => "invalidate",
            Action::Keep => "keep",
            Action::DeleteRow => "delete_row",
            Action::Truncate => "truncate",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A condition on another column of the same row.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The column to look at.
    pub column: String,
    /// The values (compared byte for byte) that make the rule apply.
    #[serde(rename = "in")]
    pub any_of: Vec<String>,
}

/// One rule of a policy.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The tables, without the WordPress prefix (`usermeta`, `wc_orders`):
    /// one name or a list.
    #[serde(deserialize_with = "one_or_many")]
    pub table: Vec<String>,
    /// The column to change. In key rules, the value column, which defaults
    /// to `option_value` in `options` and `meta_value` elsewhere. Also
    /// accepted as `value_column`.
    #[serde(default, alias = "value_column")]
    pub column: Option<String>,
    /// Key rules: the keys the rule applies to, one or a list; `*` matches
    /// any run of characters (`billing_*`, `_*_first_name`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub key: Vec<String>,
    /// The column holding the key; defaults to `option_name` in `options`
    /// and `meta_key` elsewhere.
    #[serde(default)]
    pub key_column: Option<String>,
    /// What to do.
    pub action: Action,
    /// The replacement for `fixed`.
    #[serde(default)]
    pub value: Option<String>,
    /// For serialized and JSON values: actions by path inside the value.
    /// A path is entry names separated by `.`, `*` standing for any one
    /// entry; it matches the end of an entry's path, so `ip` is every entry
    /// named `ip` at any depth and `customer.email` only the `email` inside
    /// `customer` (also when `customer` is itself a serialized string).
    #[serde(default)]
    pub inner: BTreeMap<String, Action>,
    /// Apply only when another column of the row has one of some values.
    #[serde(default)]
    pub when: Option<When>,
}

/// A set of rules. When several rules match one value, the most specific
/// wins: an exact key before a `*` pattern (the longer literal part first),
/// a pattern before a rule without key, a rule with `when` before one
/// without; among equals, the one given last. Policies appended later (a
/// site's own file after the presets) therefore override earlier ones.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The rules, in the order given.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// A string or a list of strings.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
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
    /// Reads and checks a policy written in TOML (`[[rule]]` tables).
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let policy: Policy = toml::from_str(text).map_err(|e| PolicyError::Parse(e.to_string()))?;
        policy.check()?;
        Ok(policy)
    }

    /// A shipped preset by name (see [`Policy::preset_names`]).
    pub fn preset(name: &str) -> Result<Policy, PolicyError> {
        let text = Self::preset_text(name).ok_or_else(|| {
            PolicyError::UnknownPreset(name.to_owned(), Self::preset_names().join(", "))
        })?;
        Self::from_toml(text).map_err(|e| PolicyError::Preset(name.to_owned(), Box::new(e)))
    }

    /// Several presets, in the order given.
    pub fn presets<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        for name in names {
            policy.extend(Self::preset(name)?);
        }
        Ok(policy)
    }

    /// The TOML of a shipped preset, to show or to start a policy from.
    pub fn preset_text(name: &str) -> Option<&'static str> {
        PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// The names of the shipped presets.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// Adds another policy's rules after these, so they win ties.
    pub fn extend(&mut self, other: Policy) {
        self.rules.extend(other.rules);
    }

    /// Checks every rule, naming the first one that cannot work.
    pub fn check(&self) -> Result<(), PolicyError> {
        for (i, rule) in self.rules.iter().enumerate() {
            rule.check().map_err(|message| PolicyError::Rule {
                index: i + 1,
                table: rule.table.join(", "),
                message,
            })?;
        }
        Ok(())
    }
}

impl Rule {
    fn check(&self) -> Result<(), String> {
        if self.table.is_empty() || self.table.iter().any(|t| t.trim().is_empty()) {
            return Err("`table` needs a table name".into());
        }
        if self.key.iter().any(|k| k.is_empty()) {
            return Err("`key` has an empty pattern".into());
        }
        if self.key_column.is_some() && self.key.is_empty() {
            return Err("`key_column` is only used with `key`".into());
        }
        if let Some(when) = &self.when {
            if when.any_of.is_empty() {
                return Err(format!("`when` on `{}` lists no values", when.column));
            }
        }
        let needs_value =
            self.action == Action::Fixed || self.inner.values().any(|a| *a == Action::Fixed);
        match (needs_value, &self.value) {
            (true, None) => return Err("`fixed` needs a `value`".into()),
            (false, Some(_)) => return Err("`value` is only used by `fixed`".into()),
            _ => {}
        }
        for (path, action) in &self.inner {
            if path.split('.').any(str::is_empty) {
                return Err(format!("inner path `{path}` has an empty part"));
            }
            if matches!(action.reach(), Reach::Row | Reach::Table) {
                return Err(format!(
                    "inner path `{path}`: `{action}` applies to rows or tables, not to entries"
                ));
            }
        }
        let targets = self.column.is_some() || !self.key.is_empty();
        let problem = match self.action.reach() {
            Reach::Table if targets || self.when.is_some() || !self.inner.is_empty() => {
                Some("`truncate` applies to the whole table: give only `table`".to_owned())
            }
            Reach::Table => None,
            Reach::Row if self.column.is_some() || !self.inner.is_empty() => {
                Some("`delete_row` takes no `column` or `inner`".to_owned())
            }
            Reach::Row if self.key.is_empty() && self.when.is_none() => {
                Some("`delete_row` needs `key` or `when` (use `truncate` for every row)".to_owned())
            }
            Reach::Row => None,
            Reach::WholeValue if !self.inner.is_empty() => Some(format!(
                "`{}` replaces the whole value, so `inner` would never apply",
                self.action
            )),
            _ if !targets && self.action != Action::Keep => {
                Some(format!("`{}` needs a `column` or a `key`", self.action))
            }
            _ if !targets && (self.when.is_some() || !self.inner.is_empty()) => {
                Some("a table-wide `keep` takes no `when` or `inner`".to_owned())
            }
            _ => None,
        };
        problem.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_has_rules() {
        for name in Policy::preset_names() {
            let policy = Policy::preset(name).unwrap();
            assert!(!policy.rules.is_empty(), "{name}");
        }
    }

    #[test]
    fn rules_accept_lists_and_the_brief_spelling() {
        let policy = Policy::from_toml(
            r#"
            [[rule]]
            table = "usermeta"
            key_column = "meta_key"
            value_column = "meta_value"
            key = ["billing_phone", "shipping_phone"]
            action = "phone"
            [[rule]]
            table = ["postmeta", "wc_orders_meta"]
            key = "_billing_*"
            action = "redact"
            "#,
        )
        .unwrap();
        assert_eq!(policy.rules[0].key, ["billing_phone", "shipping_phone"]);
        assert_eq!(policy.rules[0].column.as_deref(), Some("meta_value"));
        assert_eq!(policy.rules[1].table, ["postmeta", "wc_orders_meta"]);
    }

    #[test]
    fn mistakes_are_named() {
        let err = |text: &str| Policy::from_toml(text).unwrap_err().to_string();
        assert!(err("[[rule]]\ntable='users'\ncolum='x'\naction='email'").contains("colum"));
        assert!(err("[[rule]]\ntable='users'\ncolumn='x'\naction='mail'").contains("mail"));
        let e = err("[[rule]]\ntable='users'\ncolumn='a'\naction='keep'\n[[rule]]\ntable='users'\ncolumn='x'\naction='fixed'");
        assert!(e.contains("rule 2") && e.contains("value"), "{e}");
        let e = err("[[rule]]\ntable='users'\naction='email'");
        assert!(e.contains("needs a `column` or a `key`"), "{e}");
        let e = err("[[rule]]\ntable='users'\ncolumn='user_pass'\naction='null'\ninner={a='ip'}");
        assert!(e.contains("never apply"), "{e}");
        let e = err("[[rule]]\ntable='posts'\naction='delete_row'");
        assert!(e.contains("truncate"), "{e}");
        let e = err("[[rule]]\ntable='posts'\ncolumn='x'\naction='truncate'");
        assert!(e.contains("whole table"), "{e}");
        let e = err("[[rule]]\ntable='x'\ncolumn='v'\naction='keep'\ninner={'a..b'='ip'}");
        assert!(e.contains("empty part"), "{e}");
    }

    #[test]
    fn unknown_presets_list_the_known_ones() {
        let err = Policy::preset("nope").unwrap_err().to_string();
        assert!(err.contains("nope") && err.contains("woocommerce"), "{err}");
        assert!(Policy::presets(["wordpress", "wpforms"]).is_ok());
    }
}
