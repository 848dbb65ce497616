//! The rows of the catalog as Rust values.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::Serialize;

/// How a multisite network maps its sites to addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Multisite {
    /// Each site at its own subdomain (`blog.example.com`).
    Subdomain,
    /// Each site under a path of the main domain (`example.com/blog/`).
    Subdirectory,
}

impl Multisite {
    /// The name stored in the catalog and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            Multisite::Subdomain => "subdomain",
            Multisite::Subdirectory => "subdirectory",
        }
    }
}

impl fmt::Display for Multisite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Multisite {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<Multisite, ParseValueError> {
        match text {
            "subdomain" => Ok(Multisite::Subdomain),
            "subdirectory" => Ok(Multisite::Subdirectory),
            _ => Err(ParseValueError {
                what: "multisite mode",
                value: text.to_owned(),
                expected: "subdomain or subdirectory",
            }),
        }
    }
}

/// Where an instance is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InstanceState {
    /// Reserved in the catalog; its database, files and processes are being
    /// made. An instance left here after a crash is one to finish or clean up.
    Provisioning,
    /// Complete and able to serve.
    Ready,
    /// Provisioning or a later step failed; kept for inspection.
    Failed,
    /// No longer served; waiting for its resources to be removed.
    Retired,
}

impl InstanceState {
    /// The name stored in the catalog and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Provisioning => "provisioning",
            InstanceState::Ready => "ready",
            InstanceState::Failed => "failed",
            InstanceState::Retired => "retired",
        }
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InstanceState {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<InstanceState, ParseValueError> {
        match text {
            "provisioning" => Ok(InstanceState::Provisioning),
            "ready" => Ok(InstanceState::Ready),
            "failed" => Ok(InstanceState::Failed),
            "retired" => Ok(InstanceState::Retired),
            _ => Err(ParseValueError {
                what: "instance state",
                value: text.to_owned(),
                expected: "provisioning, ready, failed or retired",
            }),
        }
    }
}

/// A name that is not one of an enumeration's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}: expected {expected}")]
pub struct ParseValueError {
    what: &'static str,
    value: String,
    expected: &'static str,
}

/// One WordPress installation (single site or multisite network).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    /// The site's short name, unique in the catalog (`shop`).
    pub name: String,
    /// A human title.
    pub title: String,
    /// The multisite mode, or `None` for a single site.
    pub multisite: Option<Multisite>,
    /// WordPress' table prefix (`wp_`).
    pub table_prefix: String,
    /// When the site was added, RFC 3339 UTC.
    pub created_at: String,
}

/// A named, routed place of a site (`production`, `staging`, `dev-…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Environment {
    /// The site it belongs to.
    pub site: String,
    /// The environment's name, unique within its site.
    pub name: String,
    /// The address the environment is served at.
    pub url: String,
    /// The id of the instance it routes to, if any.
    pub instance: Option<String>,
    /// When the environment was added, RFC 3339 UTC.
    pub created_at: String,
}

/// A copy of a site with its own database, code view and uploads view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instance {
    /// `{site}-{environment}-{seq}`, unique for the life of the catalog.
    pub id: String,
    /// The site it is a copy of.
    pub site: String,
    /// The environment it was made for.
    pub environment: String,
    /// Where it is in its life.
    pub state: InstanceState,
    /// Its directory on this machine.
    pub dir: PathBuf,
    /// Its MariaDB database.
    pub db_name: String,
    /// Its MariaDB account.
    pub db_user: String,
    /// When it was reserved, RFC 3339 UTC.
    pub created_at: String,
}

/// One entry of the catalog's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Position in the history; later events have larger numbers.
    pub seq: i64,
    /// When it happened, RFC 3339 UTC.
    pub at: String,
    /// The site concerned, if any; kept after the site is removed.
    pub site: Option<String>,
    /// A short machine-readable kind (`site.add`, `release.done`…).
    pub kind: String,
    /// What happened, for people.
    pub message: String,
}

/// An immutable capture of an environment: its database, uploads and code,
/// kept in the version repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// `{site}-v{number}`, unique for the life of the catalog.
    pub id: String,
    /// The site it is a version of.
    pub site: String,
    /// Its number among the site's versions, from 1.
    pub number: i64,
    /// The environment it was drawn from.
    pub environment: String,
    /// The instance it was drawn from.
    pub instance: String,
    /// The repository snapshot holding it.
    pub snapshot: String,
    /// The version it was drawn after, whose unchanged files it shares.
    pub parent: Option<String>,
    /// Where the database's change log stood when it was drawn, if known.
    pub position: Option<String>,
    /// When it was drawn, RFC 3339 UTC.
    pub created_at: String,
    /// Everything else about it (tables, sizes, checksums, transforms), as
    /// JSON.
    pub meta: String,
}

/// What a release record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseKind {
    /// New code on production's latest content, switched to.
    Release,
    /// Back to an earlier instance or version.
    Rollback,
}

impl ReleaseKind {
    /// The name stored in the catalog and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseKind::Release => "release",
            ReleaseKind::Rollback => "rollback",
        }
    }
}

impl fmt::Display for ReleaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseKind {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<ReleaseKind, ParseValueError> {
        match text {
            "release" => Ok(ReleaseKind::Release),
            "rollback" => Ok(ReleaseKind::Rollback),
            _ => Err(ParseValueError {
                what: "release kind",
                value: text.to_owned(),
                expected: "release or rollback",
            }),
        }
    }
}

/// Where a release or rollback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseState {
    /// Under way, or interrupted if no process holds the site's release
    /// lock.
    Running,
    /// Switched.
    Done,
    /// Stopped before switching (a failed health check, an error); the
    /// environment kept its instance.
    Failed,
    /// Interrupted, and cleaned up by a later run.
    Abandoned,
}

impl ReleaseState {
    /// The name stored in the catalog and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseState::Running => "running",
            ReleaseState::Done => "done",
            ReleaseState::Failed => "failed",
            ReleaseState::Abandoned => "abandoned",
        }
    }
}

impl fmt::Display for ReleaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseState {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<ReleaseState, ParseValueError> {
        match text {
            "running" => Ok(ReleaseState::Running),
            "done" => Ok(ReleaseState::Done),
            "failed" => Ok(ReleaseState::Failed),
            "abandoned" => Ok(ReleaseState::Abandoned),
            _ => Err(ParseValueError {
                what: "release state",
                value: text.to_owned(),
                expected: "running, done, failed or abandoned",
            }),
        }
    }
}

/// One release or rollback of an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// Its number in the catalog's history of releases.
    pub seq: i64,
    /// The site.
    pub site: String,
    /// The environment switched.
    pub environment: String,
    /// Release or rollback.
    pub kind: ReleaseKind,
    /// Where it is.
    pub state: ReleaseState,
    /// The instance the environment served before.
    pub from_instance: Option<String>,
    /// The instance it serves after (or would have).
    pub to_instance: Option<String>,
    /// The version whose code was released, or rolled back to.
    pub candidate: Option<String>,
    /// The version of the environment drawn before anything changed.
    pub checkpoint: Option<String>,
    /// The version of the environment's content the new instance holds
    /// (drawn under the write freeze).
    pub content: Option<String>,
    /// How long writes were refused, in milliseconds.
    pub freeze_ms: Option<i64>,
    /// When it started, RFC 3339 UTC.
    pub started_at: String,
    /// When it ended, RFC 3339 UTC.
    pub finished_at: Option<String>,
    /// What happened, for people (why it failed, what it did not carry).
    pub message: String,
}

/// Where an instance's content came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The instance.
    pub instance: String,
    /// The version restored into it.
    pub version: String,
    /// Where its database's change log stood once the version was
    /// restored (and fenced), if known.
    pub position: Option<String>,
}
