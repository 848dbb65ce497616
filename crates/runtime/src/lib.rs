//! The runtime interface of slipway.
//!
//! A runtime runs instances: each is one copy of a site's WordPress with its
//! own database, code view and uploads. The lifecycle layer (sites, draws,
//! releases) drives a runtime only through [`Runtime`], so the same
//! orchestration serves the local runtime (processes on this machine) and the
//! Kubernetes runtime (typed objects applied to a cluster).
//!
//! The interface is synchronous: the local runtime manages processes and
//! files, and a runtime that talks to an asynchronous API drives its own
//! executor behind these calls.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

/// What a runtime call failed with; the message names the instance, service
/// or file concerned and, where there is one, what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RuntimeError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl RuntimeError {
    /// An error with a message and no underlying cause.
    pub fn new(message: impl Into<String>) -> RuntimeError {
        RuntimeError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message explaining what was being done, caused by
    /// `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> RuntimeError {
        RuntimeError {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

/// The result of a runtime call.
pub type Result<T, E = RuntimeError> = std::result::Result<T, E>;

/// The keys and salts WordPress signs cookies and nonces with: the
/// constants every runtime gives each instance a random value of.
pub const WORDPRESS_SALTS: [&str; 8] = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
];

/// The kind of an environment, as WordPress' `WP_ENVIRONMENT_TYPE` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvironmentType {
    /// The live site.
    Production,
    /// A pre-release copy.
    Staging,
    /// A developer's copy.
    Development,
}

impl EnvironmentType {
    /// The kind of the environment called `name`: `production` is
    /// production, names starting with `dev` are development, anything else
    /// is staging.
    pub fn of(name: &str) -> EnvironmentType {
        if name == "production" {
            EnvironmentType::Production
        } else if name.starts_with("dev") {
            EnvironmentType::Development
        } else {
            EnvironmentType::Staging
        }
    }

    /// The value of `WP_ENVIRONMENT_TYPE`.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvironmentType::Production => "production",
            EnvironmentType::Staging => "staging",
            EnvironmentType::Development => "development",
        }
    }
}

/// How a multisite network addresses its sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    /// `blog.example.com`
    Subdomain,
    /// `example.com/blog/`
    Subdirectory,
}

/// Everything a runtime needs to provision an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceSpec {
    /// The instance's identifier, unique across the fleet (`shop-production-3`).
    pub id: String,
    /// The site it belongs to.
    pub site: String,
    /// The environment it was made for.
    pub environment: String,
    /// The address WordPress answers at (`WP_HOME`), without a trailing slash.
    pub url: String,
    /// The database name.
    pub db_name: String,
    /// The database account.
    pub db_user: String,
    /// WordPress' table prefix.
    pub table_prefix: String,
    /// Set for a multisite network.
    pub network: Option<NetworkMode>,
    /// Where the instance's code comes from.
    pub code: CodeSource,
}

impl InstanceSpec {
    /// The kind of environment the instance was made for.
    pub fn environment_type(&self) -> EnvironmentType {
        EnvironmentType::of(&self.environment)
    }
}

/// The code an instance runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSource {
    /// WordPress core from a directory (Debian's `/usr/share/wordpress` by
    /// default) with an empty `wp-content`.
    Core(PathBuf),
    /// An existing WordPress tree, taken whole: its core, themes, plugins and
    /// uploads (its `wp-config.php` is replaced).
    Tree(PathBuf),
}

/// An environment's route: the addresses that reach which instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The site.
    pub site: String,
    /// The environment.
    pub environment: String,
    /// The instance the addresses lead to.
    pub instance: String,
    /// Host names, exact (`shop.localhost`) or leading wildcards
    /// (`*.shop.localhost`, for subdomain networks).
    pub hosts: Vec<String>,
    /// Set for a multisite network: subdirectory networks need their paths
    /// mapped to core's files.
    pub network: Option<NetworkMode>,
}

/// How a PHP script gets its standard input and output.
#[derive(Debug)]
pub enum PhpIo {
    /// Inherit this process's standard streams (interactive use).
    Inherit,
    /// Capture standard output and standard error.
    Capture,
}

/// What a PHP run printed, when captured, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhpOutput {
    /// The exit status (`exit(3)` gives 3); `None` if PHP was killed by a
    /// signal.
    pub status: Option<i32>,
    /// Standard output (empty unless captured).
    pub stdout: Vec<u8>,
    /// Standard error (empty unless captured).
    pub stderr: Vec<u8>,
}

impl PhpOutput {
    /// Whether PHP exited with status 0.
    pub fn success(&self) -> bool {
        self.status == Some(0)
    }
}

/// A PHP run inside an instance.
#[derive(Debug)]
pub struct PhpRun<'a> {
    /// The PHP file to run.
    pub script: &'a std::path::Path,
    /// Arguments after the script (`$argv[1..]`).
    pub args: &'a [String],
    /// Load WordPress first (`wp-load.php`), as a plugin's code runs; when
    /// false the script runs with only the request variables set, for
    /// scripts that load WordPress themselves (the installer, `wp-cron.php`).
    pub load_wordpress: bool,
    /// The address the request appears to be for; the instance's own when
    /// `None` (a subsite's address in a network).
    pub url: Option<&'a str>,
    /// Bytes for its standard input (with [`PhpIo::Capture`]), such as a
    /// password that must not appear in a process listing.
    pub input: Option<&'a [u8]>,
    /// Where its output goes.
    pub io: PhpIo,
}

/// Writes an SQL dump into a loader (see [`Runtime::load_sql`]).
pub type SqlFeed<'a> =
    dyn FnMut(&mut dyn Write) -> Result<(), Box<dyn std::error::Error + Send + Sync>> + 'a;

/// Health of one service or instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// Running and answering.
    Healthy,
    /// Running but not answering as it should.
    Unhealthy,
    /// Not running.
    Down,
}

impl fmt::Display for Health {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Health::Healthy => "healthy",
            Health::Unhealthy => "unhealthy",
            Health::Down => "down",
        })
    }
}

/// A runtime: where instances run.
///
/// Every method is idempotent where that makes sense: provisioning an
/// instance that exists checks and completes it, routing an environment
/// already routed there changes nothing, destroying a missing instance
/// succeeds.
pub trait Runtime {
    /// The runtime's name (`local`, `kube`).
    fn name(&self) -> &'static str;

    /// The address an environment of a site gets unless one is given.
    fn default_url(&self, site: &str, environment: &str) -> String;

    /// Makes sure the shared services instances need are running.
    fn ensure_running(&self) -> Result<()>;

    /// Creates an instance: its database and account with a generated
    /// password, its code view, its configuration and its PHP workers. The
    /// database is left empty.
    fn provision(&self, spec: &InstanceSpec) -> Result<()>;

    /// Removes an instance with its database, account, files and workers.
    fn destroy(&self, instance: &str) -> Result<()>;

    /// Points an environment's addresses at an instance, atomically: a
    /// request is answered by the old instance or the new, never by neither.
    fn route(&self, route: &Route) -> Result<()>;

    /// Removes an environment's route.
    fn unroute(&self, site: &str, environment: &str) -> Result<()>;

    /// Runs a PHP script inside an instance, as the instance's PHP workers
    /// would run it.
    fn run_php(&self, instance: &str, run: &PhpRun<'_>) -> Result<PhpOutput>;

    /// Runs SQL statements in an instance's database and returns what they
    /// printed, one line per row, columns separated by tabs.
    fn run_sql(&self, instance: &str, sql: &str) -> Result<String>;

    /// Loads an SQL dump into an instance's database, streamed: `feed`
    /// writes the dump into the loader as it produces it, so no copy of it
    /// is kept anywhere. An error from `feed` aborts the load and is
    /// returned as its cause.
    fn load_sql(&self, instance: &str, feed: &mut SqlFeed<'_>) -> Result<()>;

    /// Whether an instance answers HTTP requests at `url` with a page and no
    /// error.
    fn health(&self, instance: &str, url: &str) -> Result<Health>;
}
