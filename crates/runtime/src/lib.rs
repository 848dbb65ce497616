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

use serde::{Deserialize, Serialize};

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
    /// The side-effect guards the instance runs with; `None` for
    /// production, which is never fenced ([`Fence::for_environment`]).
    pub fence: Option<Fence>,
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
    /// The code a lock pins, assembled from the code store.
    Locked(LockedCode),
}

/// Code pinned by a site's lock (`slipway.lock`), whose every file is in
/// the code store already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedCode {
    /// The lock.
    pub lock: PathBuf,
    /// The code store holding every file the lock names.
    pub store: PathBuf,
    /// The core used when the lock pins none (Debian's
    /// `/usr/share/wordpress` by default).
    pub default_core: PathBuf,
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
    /// Set for a fenced environment: every response says `X-Robots-Tag:
    /// noindex, nofollow`, and with [`RouteFence::basic_auth`] every request
    /// needs the credentials. `None` for production.
    pub fence: Option<RouteFence>,
    /// Set while a release draws the environment's content for the last
    /// time: writes (any method but GET, HEAD and OPTIONS, and WP-Cron) are
    /// answered 503 with `Retry-After`, reads are served, and routing waits
    /// until the requests already under way have been answered.
    pub frozen: bool,
}

/// The side-effect guards of a non-production instance: what it must not do
/// to the outside world although it holds a copy of a live site.
///
/// A fenced instance traps all outgoing mail in a mailbox of its own (see
/// [`Runtime::trapped_mail`]), refuses outgoing HTTP to anything but its own
/// addresses and [`allowed_hosts`](Fence::allowed_hosts), keeps search
/// engines away (`blog_public` 0, `X-Robots-Tag`) and never runs the
/// scheduled events known to call out (update checks, pings, payment
/// renewals, webhook deliveries, usage tracking).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fence {
    /// Host names outgoing HTTP may reach besides the instance's own
    /// (`api.example.test`, or `*.example.test` for every name under it).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

impl Fence {
    /// The fence an environment of this kind gets by default: none for
    /// production, every guard for anything else.
    pub fn for_environment(kind: EnvironmentType) -> Option<Fence> {
        match kind {
            EnvironmentType::Production => None,
            EnvironmentType::Staging | EnvironmentType::Development => Some(Fence::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_is_never_fenced_and_every_other_kind_is() {
        assert_eq!(Fence::for_environment(EnvironmentType::Production), None);
        assert_eq!(
            RouteFence::for_environment(EnvironmentType::Production, None),
            None
        );
        for name in ["staging", "dev-anna", "preview"] {
            let kind = EnvironmentType::of(name);
            assert_eq!(Fence::for_environment(kind), Some(Fence::default()));
            assert_eq!(
                RouteFence::for_environment(kind, None),
                Some(RouteFence::default())
            );
        }
    }

    #[test]
    fn gateway_test_modes_encode_without_ambiguity() {
        let encoded = GatewayTestMode::encode_all();
        assert_eq!(encoded.split(',').count(), GATEWAY_TEST_MODES.len());
        for entry in encoded.split(',') {
            assert_eq!(entry.split(' ').count(), 4, "{entry}");
        }
        assert!(encoded.starts_with("stripe woocommerce_stripe_settings testmode yes,"));
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let auth = BasicAuth {
            user: "shop".into(),
            password: "s3cret-value".into(),
        };
        let shown = format!("{auth:?}");
        assert!(
            shown.contains("shop") && !shown.contains("s3cret-value"),
            "{shown}"
        );
    }
}

/// Quotes `text` as a PHP single-quoted string literal, for settings and
/// scripts a runtime writes.
pub fn php_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The database fence, a PHP script run with WordPress loaded on a copy
/// just loaded (search engines off, gateways in test mode or off, webhooks
/// paused, outgoing actions cancelled). Its arguments: [`OUTGOING_HOOKS`]
/// comma-separated, [`GatewayTestMode::encode_all`], [`OFFLINE_GATEWAYS`]
/// comma-separated. Every runtime runs this one script, so a copy is
/// fenced alike wherever it runs.
pub const DATABASE_FENCE_PHP: &str = include_str!("php/database-fence.php");

/// The runtime fence's must-use plugin (mail forced onto the trap,
/// outgoing HTTP refused but to `WP_ACCESSIBLE_HOSTS`, search engines kept
/// out, gateways in test mode, scheduled work that calls out never run). It
/// acts only where `SLIPWAY_FENCED` is defined true and reads the constants
/// `SLIPWAY_FENCE_HOOKS` ([`OUTGOING_HOOKS`]), `SLIPWAY_FENCE_TEST_MODES`
/// ([`GatewayTestMode::encode_all`]) and `SLIPWAY_FENCE_OFFLINE_GATEWAYS`
/// ([`OFFLINE_GATEWAYS`]). Every runtime loads this one plugin into its
/// fenced instances, each in its own way.
pub const FENCE_PLUGIN_PHP: &str = include_str!("php/fence.php");

/// The sendmail of fenced instances: `php mail-trap.php MAILDIR` keeps each
/// message in MAILDIR (`ID.eml` and its index `ID.json`, see
/// [`TrappedMail`]); `php mail-trap.php -` keeps nothing and writes the
/// index as one line to standard error, for a runtime whose instances have
/// no disk of their own but a log.
pub const MAIL_TRAP_PHP: &str = include_str!("php/mail-trap.php");

/// The response header that keeps search engines from indexing a fenced
/// environment, which every runtime's front adds to every response.
pub const ROBOTS_HEADER: &str = "X-Robots-Tag";

/// Its value.
pub const ROBOTS_VALUE: &str = "noindex, nofollow";

/// The option (in the main site's options table) naming the version a
/// database was last restored from, whole: written by `slipway derive`
/// last, once every table is in.
pub const DERIVED_FROM_OPTION: &str = "slipway_derived_from";

/// The option naming the version whose restored database the database
/// fence ([`DATABASE_FENCE_PHP`]) has last fenced: written by the fence
/// last, as [`DERIVED_FROM_OPTION`] read then. A copy whose two options
/// name the same version is loaded and fenced, and may be served.
pub const FENCED_OPTION: &str = "slipway_fenced";

/// Hooks of scheduled work known to reach outside the site: in a fenced
/// instance, WP-Cron never runs these events and Action Scheduler runs these
/// actions with nothing attached; pending ones are cancelled when the fence
/// is applied to a loaded database.
pub const OUTGOING_HOOKS: &[&str] = &[
    // WordPress core: update checks and automatic updates (wordpress.org),
    // pingbacks, trackbacks and enclosures, Site Health's remote checks.
    "wp_version_check",
    "wp_update_plugins",
    "wp_update_themes",
    "wp_maybe_auto_update",
    "do_pings",
    "wp_site_health_scheduled_check",
    // WooCommerce: usage tracking, the MaxMind database download, webhook
    // deliveries.
    "woocommerce_tracker_send_event",
    "woocommerce_geoip_updater",
    "woocommerce_deliver_webhook_async",
    // WooCommerce Subscriptions: renewal charges and their retries.
    "woocommerce_scheduled_subscription_payment",
    "woocommerce_scheduled_subscription_payment_retry",
    // Jetpack's sync to WordPress.com.
    "jetpack_sync_cron",
    "jetpack_sync_full_cron",
];

/// A payment gateway's test (sandbox) mode: the option that holds its
/// settings (a serialized array), and the key and value that switch it on.
/// `true` stands for PHP's boolean true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayTestMode {
    /// The gateway's WooCommerce id.
    pub gateway: &'static str,
    /// The option holding the switch.
    pub option: &'static str,
    /// The key of the switch in the option's array.
    pub key: &'static str,
    /// The value that means test mode.
    pub value: &'static str,
}

impl GatewayTestMode {
    /// Every entry of [`GATEWAY_TEST_MODES`] as PHP reads it: entries
    /// separated by `,`, each `gateway option key value` (no name contains
    /// a space or a comma).
    pub fn encode_all() -> String {
        GATEWAY_TEST_MODES
            .iter()
            .map(|m| format!("{} {} {} {}", m.gateway, m.option, m.key, m.value))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The gateways whose test mode the fence knows. In a fenced instance they
/// run in test mode whatever their settings say, and checkout offers no
/// other gateway but [`OFFLINE_GATEWAYS`].
pub const GATEWAY_TEST_MODES: &[GatewayTestMode] = &[
    GatewayTestMode {
        gateway: "stripe",
        option: "woocommerce_stripe_settings",
        key: "testmode",
        value: "yes",
    },
    GatewayTestMode {
        gateway: "paypal",
        option: "woocommerce_paypal_settings",
        key: "testmode",
        value: "yes",
    },
    GatewayTestMode {
        gateway: "ppec_paypal",
        option: "woocommerce_ppec_paypal_settings",
        key: "environment",
        value: "sandbox",
    },
    GatewayTestMode {
        gateway: "ppcp-gateway",
        option: "woocommerce-ppcp-settings",
        key: "sandbox_on",
        value: "true",
    },
    GatewayTestMode {
        gateway: "woocommerce_payments",
        option: "woocommerce_woocommerce_payments_settings",
        key: "test_mode",
        value: "yes",
    },
    GatewayTestMode {
        gateway: "square_credit_card",
        option: "wc_square_settings",
        key: "enable_sandbox",
        value: "yes",
    },
    GatewayTestMode {
        gateway: "braintree_credit_card",
        option: "woocommerce_braintree_credit_card_settings",
        key: "environment",
        value: "sandbox",
    },
    GatewayTestMode {
        gateway: "braintree_paypal",
        option: "woocommerce_braintree_paypal_settings",
        key: "environment",
        value: "sandbox",
    },
    GatewayTestMode {
        gateway: "authorize_net_cim_credit_card",
        option: "woocommerce_authorize_net_cim_credit_card_settings",
        key: "environment",
        value: "test",
    },
];

/// Gateways that take no money online (bank transfer, cheque, cash on
/// delivery): the fence leaves them as they are.
pub const OFFLINE_GATEWAYS: &[&str] = &["bacs", "cheque", "cod"];

/// The guards of a fenced environment's route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteFence {
    /// Credentials every request must present (HTTP basic auth), when the
    /// environment is protected (`--protect`).
    pub basic_auth: Option<BasicAuth>,
}

impl RouteFence {
    /// The route fence an environment of this kind gets when `basic_auth`
    /// is or is not asked for: none for production.
    pub fn for_environment(
        kind: EnvironmentType,
        basic_auth: Option<BasicAuth>,
    ) -> Option<RouteFence> {
        match kind {
            EnvironmentType::Production => None,
            EnvironmentType::Staging | EnvironmentType::Development => {
                Some(RouteFence { basic_auth })
            }
        }
    }
}

/// HTTP basic-auth credentials. The password comes from a CSPRNG and is
/// kept in a mode-0600 file by whoever made it; a runtime stores only a hash
/// of it. Its `Debug` form hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicAuth {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// One message caught by a fenced instance's mail trap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrappedMail {
    /// The message's name in the trap, which orders messages by the time
    /// they were caught (`20261201T081500Z-3f2a9c`).
    pub id: String,
    /// When it was caught, RFC 3339 in UTC.
    pub time: String,
    /// The `From` header, decoded.
    pub from: String,
    /// The recipients (`To`, `Cc` and `Bcc`), decoded.
    pub to: Vec<String>,
    /// The `Subject` header, decoded.
    pub subject: String,
    /// Where the whole message is kept (RFC 5322, as the mailer wrote it).
    pub file: PathBuf,
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

/// How to reach an instance's database as its own account, for reading a
/// consistent snapshot of it over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseAccess {
    /// The server's Unix socket, when it is on this machine.
    pub socket: Option<PathBuf>,
    /// The server's host, for TCP.
    pub host: String,
    /// The server's port, for TCP.
    pub port: u16,
    /// The instance's database account.
    pub user: String,
    /// The host part of that account as the server knows it (`localhost`),
    /// for naming it as the definer of views, routines and triggers.
    pub account_host: String,
    /// Its password.
    pub password: String,
    /// The instance's database.
    pub database: String,
}

impl DatabaseAccess {
    /// The account as a definer: `` `user`@`host` ``.
    pub fn definer(&self) -> String {
        let quote = |name: &str| format!("`{}`", name.replace('`', "``"));
        format!("{}@{}", quote(&self.user), quote(&self.account_host))
    }
}

/// Where an instance's files are, on this machine: what a draw reads and a
/// derive writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceFiles {
    /// The instance's `wp-content`: `uploads/` is user content; `plugins/`,
    /// `themes/`, `mu-plugins/`, `languages/` and drop-ins are code.
    pub wp_content: PathBuf,
    /// Paths under `wp_content` the runtime itself installs in every
    /// instance (its must-use plugins, the object-cache drop-in): neither
    /// drawn nor restored.
    pub managed: Vec<PathBuf>,
    /// The WordPress core tree the instance runs.
    pub core: PathBuf,
}

/// One response to a [`Runtime::probe`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

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

    /// How to reach an instance's database as its own account.
    fn database_access(&self, instance: &str) -> Result<DatabaseAccess>;

    /// Where an instance's files are.
    fn files(&self, instance: &str) -> Result<InstanceFiles>;

    /// The tables of an instance's database whose rows changed between two
    /// positions of the server's change log (`FILE:OFFSET`, as a snapshot
    /// reports them), and whether something else changed (its schema) that
    /// makes every table count as changed. `None` when the log does not
    /// reach back to `since` (purged, or not kept).
    fn changed_tables(
        &self,
        instance: &str,
        since: &str,
        until: &str,
    ) -> Result<Option<(std::collections::BTreeSet<String>, bool)>>;

    /// The messages a fenced instance's mail trap caught, oldest first; an
    /// instance that is not fenced, or caught nothing, has none.
    fn trapped_mail(&self, instance: &str) -> Result<Vec<TrappedMail>>;

    /// One trapped message whole, as the mailer wrote it; `id` is its
    /// [`TrappedMail::id`].
    fn trapped_message(&self, instance: &str, id: &str) -> Result<Vec<u8>>;

    /// Serves an instance on the runtime's preview entry, at `route`'s
    /// hosts, for [`probe`](Runtime::probe) only: visitors keep reaching
    /// whatever the environment is routed to. Previewing an instance
    /// previewed already replaces its preview.
    fn preview(&self, route: &Route) -> Result<()>;

    /// Stops previewing an instance; an instance not previewed is fine.
    fn unpreview(&self, instance: &str) -> Result<()>;

    /// GETs `url` (its host and path) from a previewed instance, as a
    /// visitor's browser would ask for it, without following redirects.
    fn probe(&self, instance: &str, url: &str) -> Result<Probe>;

    /// Empties an instance's object cache (and only its), after its
    /// database was changed behind WordPress' back.
    fn flush_object_cache(&self, instance: &str) -> Result<()>;

    /// Forgets the pages the front has cached for an instance (and only
    /// its), after its code or content changed in place.
    fn purge_page_cache(&self, instance: &str) -> Result<()>;

    /// The fatal errors an instance's PHP has logged (one line each, as
    /// logged), oldest first.
    fn php_fatal_errors(&self, instance: &str) -> Result<Vec<String>>;

    /// Replaces an instance's code with `code`, keeping its uploads, its
    /// database and its configuration; requests are answered by the old
    /// code or the new, never by half of each.
    fn install_code(&self, instance: &str, code: &CodeSource) -> Result<()> {
        let _ = code;
        Err(RuntimeError::new(format!(
            "the {} runtime cannot replace the code of instance {instance} yet",
            self.name()
        )))
    }
}
