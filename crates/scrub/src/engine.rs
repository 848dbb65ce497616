//! The compiled policy and the per-table plans the caller runs rows through.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, PoisonError, RwLock};

use crate::fake::ScrubKey;
use crate::pattern::{Glob, PathPattern};
use crate::policy::{Action, Policy, Rule};
use crate::prefix::{self, TableName};
use crate::stats::TableStats;
use crate::value::{Change, Effect};
use crate::{Options, PolicyError, UncoveredKey};

/// A rule ready to apply.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// Position in the policy: later rules win ties.
    index: usize,
    pub(crate) action: Action,
    column: Option<String>,
    keys: Vec<Glob>,
    key_column: Option<String>,
    pub(crate) fixed: Vec<u8>,
    /// Longest path first, so the most specific path wins.
    inner: Vec<(PathPattern, Action)>,
    when: Option<(String, Vec<Box<[u8]>>)>,
}

impl CompiledRule {
    fn new(index: usize, rule: &Rule) -> Self {
        let mut inner: Vec<(PathPattern, Action)> = rule
            .inner
            .iter()
            .map(|(path, action)| (PathPattern::new(path), *action))
            .collect();
        inner.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        CompiledRule {
            index,
            action: rule.action,
            column: rule.column.clone(),
            keys: rule.key.iter().map(|k| Glob::new(k)).collect(),
            key_column: rule.key_column.clone(),
            fixed: rule.value.clone().unwrap_or_default().into_bytes(),
            inner,
            when: rule.when.as_ref().map(|w| {
                let values = w.any_of.iter().map(|v| v.as_bytes().into()).collect();
                (w.column.clone(), values)
            }),
        }
    }

    pub(crate) fn has_inner(&self) -> bool {
        !self.inner.is_empty()
    }

    /// Whether the rule leaves every value as it is: a `keep` with nothing
    /// scrubbed inside. Such a winner needs no value read.
    fn changes_nothing(&self) -> bool {
        self.action == Action::Keep && self.inner.is_empty()
    }

    pub(crate) fn inner_action(&self, path: &[&[slipway_phpser::Key<'_>]]) -> Option<Action> {
        self.inner
            .iter()
            .find(|(pattern, _)| pattern.matches(path))
            .map(|(_, action)| *action)
    }

    /// No column and no key: about the whole table.
    fn is_table_wide(&self) -> bool {
        self.column.is_none() && self.keys.is_empty() && self.when.is_none()
    }

    fn describe(&self, table: &str) -> String {
        let target = match (&self.column, self.keys.is_empty()) {
            (Some(column), _) => format!("{table}.{column}"),
            (None, false) => format!("{table} by key"),
            (None, true) => table.to_owned(),
        };
        format!("rule {} ({target}, {})", self.index + 1, self.action)
    }
}

/// A compiled policy with its key: plans tables, decides rows.
///
/// `Scrubber` is `Send + Sync`: tables may be scrubbed on several threads
/// with one scrubber. What it learns while running (accounts kept by login
/// or email, keys no rule covers) is behind locks that are only taken when
/// an allow-list or `strict` is in use.
#[derive(Debug)]
pub struct Scrubber {
    key: ScrubKey,
    rules: Vec<CompiledRule>,
    /// Rule indexes by lowercase base table name, in policy order.
    by_table: HashMap<String, Vec<usize>>,
    /// Base names read from table names when no prefix is given.
    bases: Vec<String>,
    prefix: Option<String>,
    strict: bool,
    kept_ids: RwLock<HashSet<u64>>,
    /// Lowercased logins and emails of kept accounts.
    kept_names: HashSet<Vec<u8>>,
    uncovered: Mutex<BTreeMap<(String, Vec<u8>), u64>>,
}

/// Tables whose rows are key-value pairs: the default key and value
/// columns of key rules.
fn default_kv_columns(base: &str) -> (&'static str, &'static str) {
    match base {
        "options" => ("option_name", "option_value"),
        _ => ("meta_key", "meta_value"),
    }
}

impl Scrubber {
    /// Compiles `policy` with `key` and `options`.
    pub fn new(policy: Policy, key: ScrubKey, options: Options) -> Result<Self, PolicyError> {
        policy.check()?;
        let mut rules = Vec::new();
        let mut by_table: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, rule) in policy.rules.iter().enumerate() {
            rules.push(CompiledRule::new(index, rule));
            for table in &rule.table {
                by_table
                    .entry(table.trim().to_ascii_lowercase())
                    .or_default()
                    .push(index);
            }
        }
        let mut bases: Vec<String> = prefix::known_bases().map(str::to_owned).collect();
        bases.extend(by_table.keys().cloned());
        bases.sort();
        bases.dedup();
        let mut kept_ids = HashSet::new();
        let mut kept_names = HashSet::new();
        for user in options
            .keep_users
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
        {
            if let Ok(id) = user.parse::<u64>() {
                kept_ids.insert(id);
            }
            kept_names.insert(user.to_ascii_lowercase().into_bytes());
        }
        kept_ids.remove(&0);
        Ok(Scrubber {
            key,
            rules,
            by_table,
            bases,
            prefix: options.table_prefix,
            strict: options.strict,
            kept_ids: RwLock::new(kept_ids),
            kept_names,
            uncovered: Mutex::new(BTreeMap::new()),
        })
    }

    pub(crate) fn key(&self) -> &ScrubKey {
        &self.key
    }

    /// Records an account to keep by ID, learned in a pre-pass over the
    /// `users` table (dumps write `usermeta` before `users`).
    pub fn keep_user_id(&mut self, id: u64) {
        if id != 0 {
            self.kept_ids
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(id);
        }
    }

    /// Whether a login or email (any case) belongs to a kept account.
    pub fn keeps_user_name(&self, name: &[u8]) -> bool {
        !self.kept_names.is_empty()
            && self
                .kept_names
                .contains(&name.trim_ascii().to_ascii_lowercase())
    }

    fn keeps_user_id(&self, id: u64) -> bool {
        self.kept_ids
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&id)
    }

    fn learn_kept_id(&self, id: u64) {
        if id != 0 {
            self.kept_ids
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(id);
        }
    }

    fn has_allow_list(&self) -> bool {
        !self.kept_names.is_empty()
            || !self
                .kept_ids
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .is_empty()
    }

    /// Takes a table name apart: with a configured prefix, any table under
    /// it; otherwise by recognising a known base name (core, the presets'
    /// plugins, the policy's tables) at the end. Works on one name alone,
    /// as a streaming reader sees them.
    pub fn split_table<'a>(&self, table: &'a str) -> Option<TableName<'a>> {
        match &self.prefix {
            Some(prefix) => prefix::split_with_prefix(table, prefix),
            None => prefix::split_by_suffix(table, &self.bases),
        }
    }

    /// The base name of a table (`wp_2_comments` → `comments`).
    pub fn base_name<'a>(&self, table: &'a str) -> Option<&'a str> {
        self.split_table(table).map(|t| t.base)
    }

    /// Plans a table given its full name and its columns in order. `None`
    /// means the scrub leaves the table untouched, which is the fast path.
    pub fn plan_table(&self, table: &str, columns: &[&str]) -> Option<TablePlan> {
        let base = self.split_table(table)?.base.to_ascii_lowercase();
        let rule_ids = self.by_table.get(&base)?;
        let rules = rule_ids.iter().filter_map(|&i| self.rules.get(i));
        match rules
            .clone()
            .filter(|r| r.is_table_wide())
            .last()
            .map(|r| r.action)
        {
            Some(Action::Truncate) => return Some(TablePlan::truncating(base)),
            Some(Action::Keep) => return None,
            _ => {}
        }
        let mut builder = PlanBuilder::new(&base, columns);
        for rule in rules.filter(|r| !r.is_table_wide()) {
            builder.add(rule);
        }
        // Rules that only mark keys as known change nothing: without
        // `strict` to count the unknown ones, the table is not worth a plan.
        let worth_a_plan = builder.acts || (self.strict && builder.has_keys());
        if !worth_a_plan {
            return None;
        }
        if self.has_allow_list() {
            builder.watch_accounts();
        }
        builder.strict = self.strict;
        Some(builder.finish())
    }

    /// Keys of key-value tables that no rule covered, with `strict`.
    pub fn uncovered_keys(&self) -> Vec<UncoveredKey> {
        self.uncovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|((table, key), rows)| UncoveredKey {
                table: table.clone(),
                key: String::from_utf8_lossy(key).into_owned(),
                rows: *rows,
            })
            .collect()
    }

    fn record_uncovered(&self, table: &str, key: &[u8]) {
        let mut uncovered = self
            .uncovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Look up before allocating: most rows repeat a key already seen.
        if let Some(rows) = uncovered.get_mut(&(table.to_owned(), key.to_vec())) {
            *rows += 1;
        } else {
            uncovered.insert((table.to_owned(), key.to_vec()), 1);
        }
    }
}

/// A value of a row, as the caller hands it over and gets it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The unescaped value; `None` is SQL NULL.
    pub value: Option<Vec<u8>>,
    /// Set by the engine when it replaced the value.
    pub changed: bool,
}

/// What to do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowVerdict {
    /// Write it, with the cells the engine changed.
    Keep,
    /// Leave it out.
    Delete,
}

/// A rule that may apply to a value, with what it needs from the row.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    /// The slot of the `when` column.
    when: Option<usize>,
    /// Higher wins: (kind of match, literal bytes of the key pattern, has
    /// `when`, position in the policy).
    rank: (u8, usize, bool, usize),
}

/// Rules chosen by the key in the same row.
#[derive(Debug, Clone)]
struct KeyGroup {
    key_slot: usize,
    /// Looked up once per row with the row's key: a fast hash, since the
    /// map is made from the policy and never grows from what a dump holds.
    exact: HashMap<Box<[u8]>, Vec<Candidate>, foldhash::fast::RandomState>,
    globs: Vec<(Glob, Candidate)>,
}

/// The rules that may change one column.
#[derive(Debug, Clone)]
struct Target {
    slot: usize,
    keyed: Vec<KeyGroup>,
    plain: Vec<Candidate>,
}

/// What the scrub does with one table: which values it needs and how it
/// decides about each row. Made once per table by [`Scrubber::plan_table`].
#[derive(Debug, Clone, Default)]
pub struct TablePlan {
    base: String,
    truncate: bool,
    needed: Vec<usize>,
    names: Vec<String>,
    /// Per needed slot: whether deciding about a row reads it.
    decides: Vec<bool>,
    targets: Vec<Target>,
    row_deletes: Vec<Candidate>,
    user_id: Option<usize>,
    user_names: Vec<usize>,
    learns_kept_users: bool,
    strict: bool,
    warnings: Vec<String>,
}

struct PlanBuilder<'c> {
    base: &'c str,
    columns: &'c [&'c str],
    needed: Vec<usize>,
    targets: Vec<Target>,
    row_deletes: Vec<Candidate>,
    user_id: Option<usize>,
    user_names: Vec<usize>,
    learns_kept_users: bool,
    strict: bool,
    warnings: Vec<String>,
    /// Some applied rule changes values or rows.
    acts: bool,
}

impl<'c> PlanBuilder<'c> {
    fn new(base: &'c str, columns: &'c [&'c str]) -> Self {
        PlanBuilder {
            base,
            columns,
            needed: Vec::new(),
            targets: Vec::new(),
            row_deletes: Vec::new(),
            user_id: None,
            user_names: Vec::new(),
            learns_kept_users: false,
            strict: false,
            warnings: Vec::new(),
            acts: false,
        }
    }

    fn has_keys(&self) -> bool {
        self.targets.iter().any(|t| !t.keyed.is_empty())
    }

    /// The slot of a column in the needed cells, adding it if new.
    fn slot(&mut self, column: &str) -> Option<usize> {
        let position = self
            .columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(column))?;
        Some(match self.needed.iter().position(|&n| n == position) {
            Some(slot) => slot,
            None => {
                self.needed.push(position);
                self.needed.len() - 1
            }
        })
    }

    fn has_column(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c.eq_ignore_ascii_case(column))
    }

    fn add(&mut self, rule: &CompiledRule) {
        let (default_key, default_value) = default_kv_columns(self.base);
        let key_column = rule.key_column.as_deref().unwrap_or(default_key);
        let value_column = match (&rule.column, rule.action) {
            (Some(column), _) => column.as_str(),
            // A keyed delete needs no value; any column of the row will do
            // to hang it on.
            (None, Action::DeleteRow) if !self.has_column(default_value) => key_column,
            (None, _) => default_value,
        };
        let mut wanted = Vec::new();
        if !rule.keys.is_empty() {
            wanted.push(key_column);
        }
        if rule.action != Action::DeleteRow || !rule.keys.is_empty() {
            wanted.push(value_column);
        }
        if let Some((column, _)) = &rule.when {
            wanted.push(column);
        }
        if let Some(missing) = wanted.iter().find(|c| !self.has_column(c)) {
            self.warnings.push(format!(
                "{}: no column `{missing}`, rule not applied",
                rule.describe(self.base)
            ));
            return;
        }
        let when = rule.when.as_ref().and_then(|(column, _)| self.slot(column));
        self.acts |= rule.action != Action::Keep || rule.has_inner();
        if rule.action == Action::DeleteRow && rule.keys.is_empty() {
            self.row_deletes.push(Candidate {
                rule: rule.index,
                when,
                rank: (1, 0, true, rule.index),
            });
            return;
        }
        let Some(slot) = self.slot(value_column) else {
            return;
        };
        let key_slot = if rule.keys.is_empty() {
            None
        } else {
            self.slot(key_column)
        };
        let target = self.target(slot);
        let rank = |class: u8, literal: usize| (class, literal, when.is_some(), rule.index);
        let Some(key_slot) = key_slot else {
            target.plain.push(Candidate {
                rule: rule.index,
                when,
                rank: rank(1, 0),
            });
            return;
        };
        let group = match target.keyed.iter().position(|g| g.key_slot == key_slot) {
            Some(at) => &mut target.keyed[at],
            None => {
                target.keyed.push(KeyGroup {
                    key_slot,
                    exact: HashMap::default(),
                    globs: Vec::new(),
                });
                let last = target.keyed.len() - 1;
                &mut target.keyed[last]
            }
        };
        for glob in &rule.keys {
            match glob.exact() {
                Some(key) => group.exact.entry(key.into()).or_default().push(Candidate {
                    rule: rule.index,
                    when,
                    rank: rank(3, key.len()),
                }),
                None => group.globs.push((
                    glob.clone(),
                    Candidate {
                        rule: rule.index,
                        when,
                        rank: rank(2, glob.literal_len()),
                    },
                )),
            }
        }
    }

    fn target(&mut self, slot: usize) -> &mut Target {
        let at = match self.targets.iter().position(|t| t.slot == slot) {
            Some(at) => at,
            None => {
                self.targets.push(Target {
                    slot,
                    keyed: Vec::new(),
                    plain: Vec::new(),
                });
                self.targets.len() - 1
            }
        };
        &mut self.targets[at]
    }

    /// Rows of kept accounts stay intact: in `users` by ID, login or email,
    /// elsewhere by a `user_id` column.
    fn watch_accounts(&mut self) {
        if self.base == "users" {
            self.user_id = self.slot("ID");
            self.user_names = ["user_login", "user_email"]
                .iter()
                .filter_map(|c| self.slot(c))
                .collect();
            self.learns_kept_users = true;
        } else {
            self.user_id = self.slot("user_id");
        }
    }

    fn finish(mut self) -> TablePlan {
        let by_rank = |a: &Candidate, b: &Candidate| b.rank.cmp(&a.rank);
        for target in &mut self.targets {
            target.plain.sort_by(by_rank);
            for group in &mut target.keyed {
                group.globs.sort_by(|a, b| by_rank(&a.1, &b.1));
                for list in group.exact.values_mut() {
                    list.sort_by(by_rank);
                }
            }
        }
        let names = self
            .needed
            .iter()
            .map(|&p| self.columns.get(p).copied().unwrap_or_default().to_owned())
            .collect();
        // The slots a decision reads; the others are only read by the rule
        // that changes them, so a caller may load them only then.
        let mut decides = vec![false; self.needed.len()];
        let candidates = self
            .targets
            .iter()
            .flat_map(|t| {
                t.keyed
                    .iter()
                    .flat_map(|g| {
                        g.exact
                            .values()
                            .flatten()
                            .chain(g.globs.iter().map(|(_, c)| c))
                    })
                    .chain(t.plain.iter())
            })
            .chain(self.row_deletes.iter());
        let slots = candidates
            .filter_map(|c| c.when)
            .chain(
                self.targets
                    .iter()
                    .flat_map(|t| t.keyed.iter().map(|g| g.key_slot)),
            )
            .chain(self.user_id)
            .chain(self.user_names.iter().copied());
        for slot in slots {
            if let Some(d) = decides.get_mut(slot) {
                *d = true;
            }
        }
        TablePlan {
            base: self.base.to_owned(),
            truncate: false,
            needed: self.needed,
            names,
            decides,
            targets: self.targets,
            row_deletes: self.row_deletes,
            user_id: self.user_id,
            user_names: self.user_names,
            learns_kept_users: self.learns_kept_users,
            strict: self.strict,
            warnings: self.warnings,
        }
    }
}

/// No winning rule.
const NO_RULE: usize = usize::MAX;

/// Fills a cell's buffer with the value of a needed slot when a rule is
/// about to change it: see [`TablePlan::scrub_row_loading`].
pub type Loader<'a> = dyn FnMut(usize, &mut Vec<u8>) -> bool + 'a;

impl TablePlan {
    fn truncating(base: String) -> Self {
        TablePlan {
            base,
            truncate: true,
            ..TablePlan::default()
        }
    }

    /// The table's base name (`usermeta`).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether every row is dropped: the caller need not hand any over.
    pub fn truncates(&self) -> bool {
        self.truncate
    }

    /// The columns (positions in the row) whose values [`Self::scrub_row`]
    /// needs, in the order of its `cells`. Other columns stay as they are.
    pub fn needed_columns(&self) -> &[usize] {
        &self.needed
    }

    /// The names of [`Self::needed_columns`], in the same order.
    pub fn needed_column_names(&self) -> &[String] {
        &self.names
    }

    /// Rules for this table that cannot apply, and why (a column they name
    /// is missing), for the report.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// An empty tally for [`Self::scrub_row_counted`].
    pub fn new_stats(&self) -> TableStats {
        TableStats::for_columns(&self.names)
    }

    /// Decides about one row. `cells[i]` holds the value of
    /// `needed_columns()[i]`; cells the engine changes are replaced in place
    /// and marked `changed`.
    pub fn scrub_row(&self, scrubber: &Scrubber, cells: &mut [Cell]) -> RowVerdict {
        self.decide(scrubber, cells, None, None)
    }

    /// Whether deciding about a row reads `needed_columns()[slot]`. The
    /// other slots are only read by the rule that changes them: see
    /// [`Self::scrub_row_loading`].
    pub fn decides_on(&self, slot: usize) -> bool {
        self.decides.get(slot).copied().unwrap_or(true)
    }

    /// [`Self::scrub_row`] for callers that fill only the slots the decision
    /// reads ([`Self::decides_on`]): a slot a rule is about to change is
    /// filled first by `load(slot, buffer)`, which writes the value into the
    /// (cleared) buffer and returns false for SQL NULL. Most rows of a
    /// key-value table need no value at all, so their values need not be
    /// decoded. Slots the decision does not read are never looked at before
    /// they are loaded: a caller may leave any buffer there (the last row's,
    /// say), and `load` gets it to write into.
    pub fn scrub_row_loading(
        &self,
        scrubber: &Scrubber,
        cells: &mut [Cell],
        load: &mut Loader<'_>,
    ) -> RowVerdict {
        self.decide(scrubber, cells, None, Some(load))
    }

    /// [`Self::scrub_row`], counting what it does in `stats`.
    pub fn scrub_row_counted(
        &self,
        scrubber: &Scrubber,
        cells: &mut [Cell],
        stats: &mut TableStats,
    ) -> RowVerdict {
        self.decide(scrubber, cells, Some(stats), None)
    }

    fn decide(
        &self,
        scrubber: &Scrubber,
        cells: &mut [Cell],
        mut stats: Option<&mut TableStats>,
        mut load: Option<&mut Loader<'_>>,
    ) -> RowVerdict {
        if let Some(s) = stats.as_deref_mut() {
            s.rows += 1;
        }
        let delete = |stats: Option<&mut TableStats>| {
            if let Some(s) = stats {
                s.rows_deleted += 1;
            }
            RowVerdict::Delete
        };
        if self.truncate {
            return delete(stats);
        }
        if self.belongs_to_kept_account(scrubber, cells) {
            if let Some(s) = stats {
                s.rows_kept_accounts += 1;
            }
            return RowVerdict::Keep;
        }
        if self
            .row_deletes
            .iter()
            .any(|c| when_holds(scrubber, c, cells))
        {
            return delete(stats);
        }
        // Every winner is chosen before any value changes, so a rule's key
        // or `when` column reads the row as it came.
        let mut inline = [NO_RULE; 16];
        let mut spilled;
        let winners: &mut [usize] = match inline.get_mut(..self.targets.len()) {
            Some(winners) => winners,
            None => {
                spilled = vec![NO_RULE; self.targets.len()];
                &mut spilled
            }
        };
        let mut key_seen = false;
        for (winner, target) in winners.iter_mut().zip(&self.targets) {
            let (rule, seen) = target.winner(scrubber, cells);
            key_seen |= seen;
            *winner = rule.map_or(NO_RULE, |c| c.rule);
        }
        if winners.iter().any(|&w| {
            scrubber
                .rules
                .get(w)
                .is_some_and(|r| r.action == Action::DeleteRow)
        }) {
            return delete(stats);
        }
        if self.strict && !key_seen {
            self.record_uncovered(scrubber, cells);
        }
        for (&winner, target) in winners.iter().zip(&self.targets) {
            let Some(rule) = scrubber.rules.get(winner) else {
                continue;
            };
            // Most rows of key-value tables are won by `keep` rules: their
            // values are left undecoded.
            if rule.changes_nothing() {
                continue;
            }
            if let (Some(load), false) = (load.as_mut(), self.decides_on(target.slot)) {
                if let Some(cell) = cells.get_mut(target.slot) {
                    let mut value = cell.value.take().unwrap_or_default();
                    value.clear();
                    cell.value = load(target.slot, &mut value).then_some(value);
                }
            }
            let column_stats = stats.as_deref_mut().and_then(|s| s.slot(target.slot));
            apply(scrubber, rule, cells.get_mut(target.slot), column_stats);
        }
        RowVerdict::Keep
    }

    fn belongs_to_kept_account(&self, scrubber: &Scrubber, cells: &[Cell]) -> bool {
        let id = self.user_id.and_then(|slot| number(cells.get(slot)));
        if id.is_some_and(|id| scrubber.keeps_user_id(id)) {
            return true;
        }
        let named = self.learns_kept_users
            && self.user_names.iter().any(|&slot| {
                cells
                    .get(slot)
                    .and_then(|c| c.value.as_deref())
                    .is_some_and(|name| scrubber.keeps_user_name(name))
            });
        if named {
            // Tables after `users` (WooCommerce's, in dump order) then keep
            // this account's rows too.
            if let Some(id) = id {
                scrubber.learn_kept_id(id);
            }
        }
        named
    }

    fn record_uncovered(&self, scrubber: &Scrubber, cells: &[Cell]) {
        let key_slot = self
            .targets
            .iter()
            .flat_map(|t| t.keyed.iter())
            .map(|g| g.key_slot)
            .next();
        let key = key_slot
            .and_then(|slot| cells.get(slot))
            .and_then(|c| c.value.as_deref());
        if let Some(key) = key {
            scrubber.record_uncovered(&self.base, key);
        }
    }
}

impl Target {
    /// The rule that applies to this row, and whether any key rule's
    /// pattern matched the row's key (for `strict`).
    fn winner<'t>(&'t self, scrubber: &Scrubber, cells: &[Cell]) -> (Option<&'t Candidate>, bool) {
        let mut best: Option<&Candidate> = None;
        let mut key_seen = false;
        for group in &self.keyed {
            let Some(key) = cells.get(group.key_slot).and_then(|c| c.value.as_deref()) else {
                continue;
            };
            let mut found = None;
            if let Some(list) = group.exact.get(key) {
                key_seen = true;
                found = list.iter().find(|c| when_holds(scrubber, c, cells));
            }
            if found.is_none() {
                for (glob, candidate) in &group.globs {
                    if glob.matches(key) {
                        key_seen = true;
                        if when_holds(scrubber, candidate, cells) {
                            found = Some(candidate);
                            break;
                        }
                    }
                }
            }
            best = better(best, found);
        }
        if best.is_none() {
            best = self.plain.iter().find(|c| when_holds(scrubber, c, cells));
        }
        (best, key_seen)
    }
}

fn better<'t>(a: Option<&'t Candidate>, b: Option<&'t Candidate>) -> Option<&'t Candidate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.rank > a.rank { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn when_holds(scrubber: &Scrubber, candidate: &Candidate, cells: &[Cell]) -> bool {
    let Some(slot) = candidate.when else {
        return true;
    };
    let Some((_, values)) = scrubber
        .rules
        .get(candidate.rule)
        .and_then(|r| r.when.as_ref())
    else {
        return true;
    };
    cells
        .get(slot)
        .and_then(|c| c.value.as_deref())
        .is_some_and(|v| values.iter().any(|w| **w == *v))
}

fn number(cell: Option<&Cell>) -> Option<u64> {
    let text = std::str::from_utf8(cell?.value.as_deref()?).ok()?;
    text.trim().parse().ok()
}

/// Scrubs one cell by `rule`, counting the outcome.
fn apply(
    scrubber: &Scrubber,
    rule: &CompiledRule,
    cell: Option<&mut Cell>,
    stats: Option<&mut crate::stats::ColumnStats>,
) {
    let Some(cell) = cell else {
        return;
    };
    // NULL holds nothing to scrub.
    let Some(value) = cell.value.as_deref() else {
        return;
    };
    let mut effect = Effect::default();
    let change = scrubber.scrub_value(rule, value, &mut effect);
    if let Some(s) = stats {
        s.broken_serialized += u64::from(effect.broken);
        if let Change::Set(new) = &change {
            s.changed += 1;
            s.nulled += u64::from(new.is_none());
            s.scrubbed_inside += u64::from(effect.inside);
        }
    }
    if let Change::Set(new) = change {
        cell.value = new;
        cell.changed = true;
    }
}
