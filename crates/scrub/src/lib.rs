//! The personal-data scrub engine of slipway's SQL transform: a policy of
//! rules by table and column, or by key in key-value tables (`usermeta`,
//! `postmeta`, `options`…), applied row by row as a dump streams through;
//! presets for WordPress core (with multisite), WooCommerce (legacy and
//! HPOS), Gravity Forms, Contact Form 7 with Flamingo, and WPForms; and a
//! leak scan of what comes out.
//!
//! Fakes are keyed and deterministic: the same input gives the same fake in
//! every table and run with the same [`ScrubKey`], so an email scrubbed in
//! `users`, `comments` and `wc_orders` is still one address. Serialized and
//! JSON values are scrubbed entry by entry and stay valid.
//!
//! The caller plans each table once ([`Scrubber::plan_table`]); tables
//! without rules get `None` and stream through untouched. For planned
//! tables it hands over the values of [`TablePlan::needed_columns`] per row
//! and writes back what [`TablePlan::scrub_row`] changed.
//!
//! ```
//! use slipway_scrub::{Cell, Options, Policy, RowVerdict, ScrubKey, Scrubber};
//!
//! let policy = Policy::preset("wordpress").unwrap();
//! let scrubber = Scrubber::new(policy, ScrubKey::from_bytes([7; 32]), Options::default()).unwrap();
//! let columns = ["comment_ID", "comment_author_email", "comment_content"];
//! let plan = scrubber.plan_table("wp_comments", &columns).unwrap();
//! let mut cells: Vec<Cell> = plan
//!     .needed_columns()
//!     .iter()
//!     .map(|&i| Cell { value: Some(["1", "jane@mail.com", "Hi"][i].into()), changed: false })
//!     .collect();
//! assert_eq!(plan.scrub_row(&scrubber, &mut cells), RowVerdict::Keep);
//! assert!(cells.iter().any(|c| c.changed));
//! ```
#![deny(missing_docs)]

mod detect;
mod engine;
mod fake;
mod json;
mod leaks;
mod pattern;
mod policy;
mod prefix;
mod stats;
mod value;

pub use detect::Kind;
pub use engine::{Cell, Loader, RowVerdict, Scrubber, TablePlan};
pub use fake::{ScrubKey, FAKE_EMAIL_DOMAIN, INVALIDATED_PREFIX};
pub use leaks::{Leak, LeakReport, LeakScanner};
pub use policy::{Action, Policy, Rule, When};
pub use prefix::{detect_prefix, TableName};
pub use stats::{ColumnStats, ScrubStats, TableStats, TableSummary};

/// A policy, preset or key that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The TOML does not parse, or names a field or action that does not
    /// exist.
    #[error("scrub policy: {0}")]
    Parse(String),
    /// A rule cannot work as written.
    #[error("scrub policy, rule {index} (table {table}): {message}")]
    Rule {
        /// The rule's position in the policy, from 1.
        index: usize,
        /// The rule's tables.
        table: String,
        /// What is wrong.
        message: String,
    },
    /// A shipped preset failed to load.
    #[error("scrub preset `{0}`: {1}")]
    Preset(String, Box<PolicyError>),
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
    /// Accounts kept intact, by user ID, login or email: their `users` row
    /// and every row with their `user_id` stay as they are, and their login
    /// and email are not replaced wherever they appear.
    pub keep_users: Vec<String>,
    /// Count keys of key-value tables that no rule covers
    /// ([`Scrubber::uncovered_keys`]).
    pub strict: bool,
    /// The table prefix (`wp_`). Without it, table names are read by their
    /// known endings, which can mistake a plugin table that ends like a core
    /// one (`wp_aioseo_posts`); [`detect_prefix`] finds it from the names.
    pub table_prefix: Option<String>,
}

/// A key of a key-value table that no rule covers (with `strict`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct UncoveredKey {
    /// The table's base name.
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
