//! The personal-data scrub engine: a policy of rules by table and column, or
//! by key in key-value tables, applied row by row; presets for WordPress core
//! (with multisite), WooCommerce (legacy and HPOS), Gravity Forms, Contact
//! Form 7 with Flamingo, and WPForms; and a leak scan of what comes out.
//!
//! Fakes are keyed and deterministic: the same input gives the same fake in
//! every table and run with the same key, so an email scrubbed in `users`,
//! `comments` and `wc_orders` is still one address. Serialized and JSON values
//! are scrubbed inside and stay valid.
#![deny(missing_docs)]

mod detect;
mod fake;
mod leaks;
mod policy;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

pub use detect::Kind;
pub use fake::{ScrubKey, FAKE_EMAIL_DOMAIN};
pub use leaks::{LeakReport, LeakScanner};
pub use policy::{Action, Policy, Rule, When};

/// A policy or key that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The TOML does not parse or has unknown fields.
    #[error("policy: {0}")]
    Parse(String),
    /// A rule is incomplete.
    #[error("policy rule for table `{table}`: {message}")]
    Rule {
        /// The rule's table.
        table: String,
        /// What is missing.
        message: String,
    },
    /// No preset has this name.
    #[error("no scrub preset `{0}` (presets: {1})")]
    UnknownPreset(String, String),
    /// The key is malformed.
    #[error("scrub key: {0}")]
    Key(String),
}

/// How a scrubber is set up beyond its policy.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Accounts kept intact, by user ID, login or email.
    pub keep_users: Vec<String>,
    /// Collect keys of key-value tables that no rule covers.
    pub strict: bool,
    /// The table prefix, when it cannot be recognised from table names.
    pub table_prefix: Option<String>,
}

/// A key of a key-value table that no rule covers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct UncoveredKey {
    /// The table, without prefix.
    pub table: String,
    /// The key.
    pub key: String,
    /// In how many rows.
    pub rows: u64,
}

impl std::fmt::Display for UncoveredKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({} rows)", self.table, self.key, self.rows)
    }
}

/// A compiled policy with its key.
#[derive(Debug)]
pub struct Scrubber {
    policy: Policy,
    key: ScrubKey,
    options: Options,
    /// Base table names the policy knows, longest first.
    bases: Vec<String>,
    kept_ids: RefCell<HashSet<u64>>,
    /// Lowercased logins and emails of kept accounts.
    kept_names: HashSet<Vec<u8>>,
    uncovered: RefCell<BTreeMap<(String, String), u64>>,
}

/// Tables whose rows are key-value pairs, with their key and value columns.
fn key_value_columns(base: &str) -> (&'static str, &'static str) {
    match base {
        "options" => ("option_name", "option_value"),
        _ => ("meta_key", "meta_value"),
    }
}

impl Scrubber {
    /// Compiles `policy` with `key`.
    pub fn new(policy: Policy, key: ScrubKey, options: Options) -> Result<Self, PolicyError> {
        let mut bases: Vec<String> = policy.rules.iter().map(|r| r.table.clone()).collect();
        bases.sort_by_key(|b| std::cmp::Reverse(b.len()));
        bases.dedup();
        let mut kept_ids = HashSet::new();
        let mut kept_names = HashSet::new();
        for user in &options.keep_users {
            match user.parse::<u64>() {
                Ok(id) => {
                    kept_ids.insert(id);
                }
                Err(_) => {
                    kept_names.insert(user.trim().to_ascii_lowercase().into_bytes());
                }
            }
        }
        Ok(Scrubber {
            policy,
            key,
            options,
            bases,
            kept_ids: RefCell::new(kept_ids),
            kept_names,
            uncovered: RefCell::new(BTreeMap::new()),
        })
    }

    /// Records an account to keep, by ID (learned before its rows go by).
    pub fn keep_user_id(&mut self, id: u64) {
        self.kept_ids.get_mut().insert(id);
    }

    /// Whether a login or email belongs to a kept account.
    pub fn keeps_user_name(&self, name: &[u8]) -> bool {
        self.kept_names
            .contains(&name.trim_ascii().to_ascii_lowercase())
    }

    /// The base name of a table (`wp_2_comments` → `comments`), when it is
    /// one the policy knows.
    pub fn base_name<'a>(&self, table: &'a str) -> Option<&'a str> {
        if let Some(prefix) = &self.options.table_prefix {
            let rest = table.strip_prefix(prefix.as_str())?;
            let rest = strip_blog_id(rest);
            return self.bases.iter().any(|b| b == rest).then_some(rest);
        }
        self.bases.iter().find_map(|base| {
            let head = table.strip_suffix(base.as_str())?;
            // The prefix must end where the base starts (`wp_`, `wp_2_`, or none).
            (head.is_empty() || head.ends_with('_')).then(|| &table[head.len()..])
        })
    }

    /// Plans a table given its name and columns; `None` leaves it untouched.
    pub fn plan_table(&self, table: &str, columns: &[&str]) -> Option<TablePlan> {
        let base = self.base_name(table)?;
        let position = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
        let mut plan = TablePlan {
            base: base.to_owned(),
            ..TablePlan::default()
        };
        let mut needed = Vec::new();
        let need = |i: usize, needed: &mut Vec<usize>| match needed.iter().position(|&n| n == i) {
            Some(at) => at,
            None => {
                needed.push(i);
                needed.len() - 1
            }
        };
        for rule in self.policy.rules.iter().filter(|r| r.table == base) {
            let when = match &rule.when {
                Some(w) => match position(&w.column) {
                    Some(col) => Some((need(col, &mut needed), w.any_of.clone())),
                    None => continue,
                },
                None => None,
            };
            if rule.action == Action::Truncate {
                plan.truncate = true;
                continue;
            }
            let (key_col, value_col) = match &rule.key {
                Some(_) => {
                    let (k, v) = key_value_columns(base);
                    let key_col = position(rule.key_column.as_deref().unwrap_or(k));
                    let value_col = position(rule.column.as_deref().unwrap_or(v));
                    match (key_col, value_col) {
                        (Some(k), Some(v)) => (Some(need(k, &mut needed)), v),
                        _ => continue,
                    }
                }
                None if rule.action == Action::DeleteRow => (None, usize::MAX),
                None => match rule.column.as_deref().and_then(position) {
                    Some(v) => (None, v),
                    None => continue,
                },
            };
            let value = if value_col == usize::MAX {
                usize::MAX
            } else {
                need(value_col, &mut needed)
            };
            if let (Some(k), true) = (key_col, self.options.strict) {
                plan.strict_key = Some(k);
            }
            plan.rules.push(PlannedRule {
                rule: rule.clone(),
                key: key_col,
                value,
                when,
            });
        }
        if plan.rules.is_empty() && !plan.truncate {
            return None;
        }
        // Kept accounts: their own rows, and rows that point at them.
        if base == "users" {
            for (slot, name) in [
                ("id", "ID"),
                ("login", "user_login"),
                ("email", "user_email"),
            ] {
                if let Some(col) = position(name) {
                    let at = need(col, &mut needed);
                    match slot {
                        "id" => plan.user_id = Some(at),
                        _ => plan.user_names.push(at),
                    }
                }
            }
            plan.learns_kept_users = true;
        } else if let Some(col) = position("user_id") {
            plan.user_id = Some(need(col, &mut needed));
        }
        plan.needed = needed;
        Some(plan)
    }

    /// Keys of key-value tables that no rule covered (with `strict`).
    pub fn uncovered_keys(&self) -> Vec<UncoveredKey> {
        self.uncovered
            .borrow()
            .iter()
            .map(|((table, key), rows)| UncoveredKey {
                table: table.clone(),
                key: key.clone(),
                rows: *rows,
            })
            .collect()
    }

    /// The fake for `value` under `action`; `None` means SQL NULL.
    fn apply(&self, action: Action, rule: &Rule, value: &[u8]) -> Option<Vec<u8>> {
        let k = &self.key;
        Some(match action {
            Action::Pseudonym | Action::Email if self.keeps_user_name(value) => value.to_vec(),
            Action::Pseudonym => k.pseudonym(value.trim_ascii()),
            Action::Email => k.email(value),
            Action::Phone => k.same_shape("phone", value),
            Action::Postcode => k.same_shape("postcode", value),
            Action::Name => k.name(value),
            Action::FirstName => k.first_name(value),
            Action::LastName => k.last_name(value),
            Action::Street => k.street(value),
            Action::City => k.city(value),
            Action::Ip => k.ip(value),
            Action::Url => k.url(value),
            Action::Text => k.text(value),
            Action::Redact => self.redact(value),
            Action::Auto => self.auto(value),
            Action::Fixed => rule.value.clone().unwrap_or_default().into_bytes(),
            Action::Null => return None,
            Action::Empty => Vec::new(),
            Action::Invalidate => b"!scrubbed".to_vec(),
            Action::Keep | Action::DeleteRow | Action::Truncate => value.to_vec(),
        })
    }

    /// Fakes in place of the emails, IPs and phones inside text.
    fn redact(&self, text: &[u8]) -> Vec<u8> {
        let mut spans: Vec<(std::ops::Range<usize>, Kind)> = detect::any_emails(text)
            .map(|r| (r, Kind::Email))
            .chain(detect::ipv4s(text).map(|r| (r, Kind::Ip)))
            .chain(detect::phones(text).map(|r| (r, Kind::Phone)))
            .collect();
        if spans.is_empty() {
            return text.to_vec();
        }
        spans.sort_by_key(|(r, _)| r.start);
        let mut out = Vec::with_capacity(text.len());
        let mut pos = 0;
        for (range, kind) in spans {
            if range.start < pos {
                continue;
            }
            out.extend_from_slice(&text[pos..range.start]);
            let found = &text[range.clone()];
            out.extend(match kind {
                Kind::Email => self.key.email(found),
                Kind::Ip => self.key.ip(found),
                Kind::Phone => self.key.same_shape("phone", found),
            });
            pos = range.end;
        }
        out.extend_from_slice(&text[pos..]);
        out
    }

    /// Picks a fake from the look of the value.
    fn auto(&self, value: &[u8]) -> Vec<u8> {
        let trimmed = value.trim_ascii();
        if trimmed.is_empty() {
            return value.to_vec();
        }
        if detect::any_emails(trimmed)
            .next()
            .is_some_and(|r| r == (0..trimmed.len()))
        {
            return self.key.email(trimmed);
        }
        if detect::ipv4s(trimmed)
            .next()
            .is_some_and(|r| r == (0..trimmed.len()))
        {
            return self.key.ip(trimmed);
        }
        let digits = trimmed.iter().filter(|b| b.is_ascii_digit()).count();
        if digits * 2 >= trimmed.len() {
            return self.key.same_shape("auto", trimmed);
        }
        self.key.text(value)
    }

    /// Scrubs a value: inside it when it is serialized or JSON and the rule
    /// says what to do with entries, otherwise as a whole.
    fn scrub_value(&self, planned: &PlannedRule, value: &[u8]) -> Option<Vec<u8>> {
        let rule = &planned.rule;
        if slipway_phpser::looks_serialized(value) {
            if rule.action == Action::Invalidate {
                return Some(b"a:0:{}".to_vec());
            }
            let mapped =
                slipway_phpser::map_strings(value, |path, s| self.scrub_entry(rule, path, s, 0));
            match mapped {
                Ok(Some(new)) => return Some(new),
                Ok(None) => return Some(value.to_vec()),
                // Broken serialization: scrub it as text below.
                Err(_) => {}
            }
        } else if !rule.inner.is_empty()
            && matches!(value.trim_ascii_start().first(), Some(b'{' | b'['))
        {
            if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(value) {
                self.scrub_json(rule, None, &mut json);
                return serde_json::to_vec(&json).ok();
            }
        }
        if !rule.inner.is_empty() && rule.action == Action::Keep {
            return Some(self.redact(value));
        }
        self.apply(rule.action, rule, value)
    }

    /// A string inside a serialized value, at `path`.
    fn scrub_entry(
        &self,
        rule: &Rule,
        path: &[slipway_phpser::Key<'_>],
        s: &[u8],
        depth: usize,
    ) -> Option<Vec<u8>> {
        let name = match path.last() {
            Some(slipway_phpser::Key::Str(name)) => Some(*name),
            _ => None,
        };
        let inner = name
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|n| rule.inner.get(n));
        if let Some(&action) = inner {
            return self.apply(action, rule, s).or(Some(Vec::new()));
        }
        // A serialized value inside a string (WooCommerce's session
        // `customer`): go on inside.
        if depth < 4 && slipway_phpser::looks_serialized(s) {
            if let Ok(mapped) =
                slipway_phpser::map_strings(s, |p, v| self.scrub_entry(rule, p, v, depth + 1))
            {
                return mapped;
            }
        }
        if rule.inner.is_empty() {
            return self.apply(rule.action, rule, s).or(Some(Vec::new()));
        }
        None
    }

    fn scrub_json(&self, rule: &Rule, name: Option<&str>, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    self.scrub_json(rule, Some(k), v);
                }
            }
            serde_json::Value::Array(items) => {
                for v in items {
                    self.scrub_json(rule, name, v);
                }
            }
            serde_json::Value::String(s) => {
                if let Some(&action) = name.and_then(|n| rule.inner.get(n)) {
                    let new = self.apply(action, rule, s.as_bytes()).unwrap_or_default();
                    *s = String::from_utf8_lossy(&new).into_owned();
                }
            }
            _ => {}
        }
    }
}

fn strip_blog_id(rest: &str) -> &str {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    match rest.as_bytes().get(digits) {
        Some(b'_') if digits > 0 => &rest[digits + 1..],
        _ => rest,
    }
}

/// A value of a held row, as the caller hands it over and gets it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The unescaped value; `None` is SQL NULL.
    pub value: Option<Vec<u8>>,
    /// Set by the engine when it changed the value.
    pub changed: bool,
}

/// What to do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowVerdict {
    /// Write it (with the cells the engine changed).
    Keep,
    /// Leave it out.
    Delete,
}

#[derive(Debug, Clone)]
struct PlannedRule {
    rule: Rule,
    /// Slot of the key column in the needed cells.
    key: Option<usize>,
    /// Slot of the value column (`usize::MAX` for row rules).
    value: usize,
    when: Option<(usize, Vec<String>)>,
}

/// What the scrub does with one table.
#[derive(Debug, Clone, Default)]
pub struct TablePlan {
    base: String,
    truncate: bool,
    rules: Vec<PlannedRule>,
    needed: Vec<usize>,
    user_id: Option<usize>,
    user_names: Vec<usize>,
    learns_kept_users: bool,
    strict_key: Option<usize>,
}

fn glob(pattern: &str, text: &[u8]) -> bool {
    match pattern.split_once('*') {
        None => pattern.as_bytes() == text,
        Some((head, tail)) => {
            text.len() >= head.len() + tail.len()
                && text.starts_with(head.as_bytes())
                && glob_rest(tail, &text[head.len()..])
        }
    }
}

fn glob_rest(pattern: &str, text: &[u8]) -> bool {
    match pattern.split_once('*') {
        None => text.ends_with(pattern.as_bytes()),
        Some((part, rest)) => (0..=text.len()).any(|i| {
            text[i..].starts_with(part.as_bytes()) && glob_rest(rest, &text[i + part.len()..])
        }),
    }
}

impl TablePlan {
    /// The table's name without prefix.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether every row is dropped.
    pub fn truncates(&self) -> bool {
        self.truncate
    }

    /// The columns (by position in the row) whose values `scrub_row` needs,
    /// in the order of its `cells`.
    pub fn needed_columns(&self) -> &[usize] {
        &self.needed
    }

    /// Decides about one row. `cells[i]` holds the value of
    /// `needed_columns()[i]`; changed cells are replaced in place.
    pub fn scrub_row(&self, scrubber: &Scrubber, cells: &mut [Cell]) -> RowVerdict {
        if self.truncate {
            return RowVerdict::Delete;
        }
        fn text(slot: Option<usize>, cells: &[Cell]) -> Option<&[u8]> {
            slot.and_then(|s| cells.get(s))
                .and_then(|c| c.value.as_deref())
        }
        let id_of = |cells: &[Cell]| {
            text(self.user_id, cells).and_then(|v| {
                std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.trim().parse::<u64>().ok())
            })
        };
        let id = id_of(cells);
        if id.is_some_and(|id| scrubber.kept_ids.borrow().contains(&id)) {
            return RowVerdict::Keep;
        }
        if self.learns_kept_users
            && self
                .user_names
                .iter()
                .any(|&slot| text(Some(slot), cells).is_some_and(|v| scrubber.keeps_user_name(v)))
        {
            // Their usermeta rows that come later are kept too.
            if let Some(id) = id {
                scrubber.kept_ids.borrow_mut().insert(id);
            }
            return RowVerdict::Keep;
        }
        let mut done = vec![false; cells.len()];
        let mut covered = false;
        for planned in &self.rules {
            if let Some((slot, values)) = &planned.when {
                let matches = text(Some(*slot), cells)
                    .is_some_and(|v| values.iter().any(|w| w.as_bytes() == v));
                if !matches {
                    continue;
                }
            }
            if let (Some(pattern), Some(slot)) = (&planned.rule.key, planned.key) {
                let Some(key) = text(Some(slot), cells) else {
                    continue;
                };
                if !glob(pattern, key) {
                    continue;
                }
            }
            covered = true;
            if planned.rule.action == Action::DeleteRow {
                return RowVerdict::Delete;
            }
            let Some(cell) = cells.get_mut(planned.value) else {
                continue;
            };
            if done[planned.value] {
                continue;
            }
            done[planned.value] = true;
            let Some(value) = cell.value.as_deref() else {
                continue;
            };
            if planned.rule.action == Action::Keep && planned.rule.inner.is_empty() {
                continue;
            }
            let new = scrubber.scrub_value(planned, value);
            if new.as_deref() != Some(value) {
                cell.value = new;
                cell.changed = true;
            }
        }
        if let (Some(slot), false) = (self.strict_key, covered) {
            if let Some(key) = text(Some(slot), cells) {
                let mut uncovered = scrubber.uncovered.borrow_mut();
                *uncovered
                    .entry((self.base.clone(), String::from_utf8_lossy(key).into_owned()))
                    .or_insert(0) += 1;
            }
        }
        RowVerdict::Keep
    }
}

#[cfg(test)]
mod tests;
