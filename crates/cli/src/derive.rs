//! `slipway derive`: a version restored into a database and an uploads
//! directory anywhere, through the rewrite and scrub engines. It needs no
//! state directory or catalog: it is what a Kubernetes derive Job runs, with
//! the repository, the database and the keys given as files.
//!
//! `slipway derive --wait` restores nothing: it waits until a database holds
//! a version restored and fenced, and is what a derived instance's web and
//! wp-cron pods run before WordPress starts.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use slipway_lifecycle::restore::{default_presets, find_version, restore_database, RestorePlan};
use slipway_repository::{Bucket, S3Access, Store};
use slipway_scrub::ScrubKey;

/// `slipway derive`
#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// Restore nothing: wait until the database holds --version, restored
    /// whole and fenced, and fail after --timeout (what a derived
    /// instance's pods run before they start, so they never serve a copy
    /// being loaded or not yet fenced).
    #[arg(long, conflicts_with_all = [
        "repository", "password_file", "s3_keys", "s3_region", "url", "uploads",
        "uploads_s3", "uploads_s3_keys", "uploads_s3_region", "scrub_key_file", "presets", "no_scrub", "keep_users",
        "replace",
    ])]
    wait: bool,
    /// With --wait: how long to wait, in seconds, before failing (a pod's
    /// init container then restarts and waits again) [default: 600].
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u64>,
    /// With --wait: seconds between looks at the database [default: 5].
    #[arg(long, value_name = "SECONDS")]
    interval: Option<u64>,
    /// With --wait: the prefix of WordPress' tables [default: wp_].
    #[arg(long, value_name = "PREFIX")]
    table_prefix: Option<String>,
    /// The version repository (a directory, or `s3:https://host/bucket/path`).
    #[arg(long, value_name = "LOCATION", required_unless_present = "wait")]
    repository: Option<String>,
    /// A file holding the repository's password.
    #[arg(long, value_name = "FILE", required_unless_present = "wait")]
    password_file: Option<PathBuf>,
    /// A directory holding the S3 keys as files `access-key-id` and
    /// `secret-access-key` (a mounted Secret); else AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY.
    #[arg(long, value_name = "DIR")]
    s3_keys: Option<PathBuf>,
    /// The S3 region.
    #[arg(long)]
    s3_region: Option<String>,
    /// The version to restore.
    #[arg(long)]
    version: String,
    /// The address the copy answers at: https://staging.shop.example
    #[arg(long, required_unless_present = "wait")]
    url: Option<String>,
    /// A directory holding the database's connection as files `host` (a
    /// host name, or a Unix socket's path), `port`, `database`, `username`
    /// and `password` (a mounted Secret).
    #[arg(long, value_name = "DIR")]
    database: PathBuf,
    /// Where the version's uploads go (WordPress' `wp-content/uploads`).
    #[arg(long, value_name = "DIR")]
    uploads: Option<PathBuf>,
    /// Where the version's uploads go with media on S3: the bucket and the
    /// environment's prefix in it (`s3:https://host/bucket/site/env`). Each
    /// upload becomes the object `uploads/…` under it, where S3-Uploads
    /// reads it.
    #[arg(long, value_name = "LOCATION", conflicts_with = "uploads")]
    uploads_s3: Option<String>,
    /// A directory holding the media bucket's keys as files `access-key-id`
    /// and `secret-access-key` (a mounted Secret); else AWS_ACCESS_KEY_ID
    /// and AWS_SECRET_ACCESS_KEY.
    #[arg(long, value_name = "DIR", requires = "uploads_s3")]
    uploads_s3_keys: Option<PathBuf>,
    /// The media bucket's region.
    #[arg(long, requires = "uploads_s3")]
    uploads_s3_region: Option<String>,
    /// A file holding the scrub key (64 hex digits): the same key gives the
    /// same fakes.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["no_scrub", "wait"])]
    scrub_key_file: Option<PathBuf>,
    /// Scrub presets (default: wordpress, and woocommerce when its tables
    /// are there).
    #[arg(long = "preset", value_name = "NAME", conflicts_with = "no_scrub")]
    presets: Vec<String>,
    /// Leave personal data as it is.
    #[arg(long)]
    no_scrub: bool,
    /// Accounts kept intact by the scrub (login, email or ID).
    #[arg(long = "keep-user", value_name = "USER")]
    keep_users: Vec<String>,
    /// Restore over a database that holds another version whole. Without
    /// it such a database is left as it is: the instance it belongs to may
    /// be serving it.
    #[arg(long)]
    replace: bool,
}

/// The option naming the version a database was last restored from, whole.
const DERIVED_FROM: &str = slipway_runtime::DERIVED_FROM_OPTION;

/// The option naming the version the database fence last fenced.
const FENCED: &str = slipway_runtime::FENCED_OPTION;

/// A database connection read from a mounted Secret.
pub(crate) struct Connection {
    /// A host name, or a Unix socket's path.
    pub(crate) host: String,
    /// The TCP port (whatever the file says for a socket, 0 if not a
    /// number: a socket's port is never used).
    pub(crate) port: u16,
    pub(crate) database: String,
    pub(crate) username: String,
    pub(crate) password: String,
}

/// The value a Secret's file holds, without a trailing newline.
fn read_value(path: &Path) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value = text.trim_end_matches(['\r', '\n']).to_string();
    if value.is_empty() {
        bail!("{} is empty", path.display());
    }
    Ok(value)
}

fn read_secret(dir: &Path, key: &str) -> Result<String> {
    read_value(&dir.join(key))
}

impl Connection {
    /// The connection in `dir`'s files `host`, `port`, `database`,
    /// `username` and `password`.
    pub(crate) fn read(dir: &Path) -> Result<Connection> {
        let host = read_secret(dir, "host")?;
        let port_text = read_secret(dir, "port")?;
        let port = match port_text.parse::<u16>() {
            Ok(port) => port,
            Err(_) if host.starts_with('/') => 0,
            Err(_) => bail!(
                "{}: `{port_text}` is not a port",
                dir.join("port").display()
            ),
        };
        Ok(Connection {
            host,
            port,
            database: read_secret(dir, "database")?,
            username: read_secret(dir, "username")?,
            password: read_secret(dir, "password")?,
        })
    }

    /// The connection as the MySQL client library takes it.
    pub(crate) fn access(&self) -> slipway_mysql::Access {
        slipway_mysql::Access {
            socket: self.host.starts_with('/').then(|| self.host.clone().into()),
            host: self.host.clone(),
            port: self.port,
            user: self.username.clone(),
            password: self.password.clone(),
            database: self.database.clone(),
        }
    }
}

/// A restore's argument that clap requires unless `--wait` is given.
fn needed<'a, T: ?Sized>(value: Option<&'a T>, flag: &str) -> Result<&'a T> {
    value.with_context(|| format!("{flag} is needed to restore a version"))
}

/// `slipway derive`
pub fn derive(args: DeriveArgs) -> Result<ExitCode> {
    if args.wait {
        return wait(&args);
    }
    // (clap's `requires` cannot say this: a flag counts as given, false.)
    for (flag, given) in [
        ("--timeout", args.timeout.is_some()),
        ("--interval", args.interval.is_some()),
        ("--table-prefix", args.table_prefix.is_some()),
    ] {
        if given {
            bail!("{flag} goes with --wait only");
        }
    }
    let repository = needed(args.repository.as_deref(), "--repository")?;
    let url = needed(args.url.as_deref(), "--url")?;
    let password = read_value(needed(args.password_file.as_deref(), "--password-file")?)?;
    let s3 = s3_access(&args, repository)?;
    let store = Store::open_existing(repository, &password, s3.as_ref())?;
    let (reader, meta) = find_version(&store, &args.version)?;
    let connection = Connection::read(&args.database)?;
    let presets = if args.no_scrub {
        Vec::new()
    } else if args.presets.is_empty() {
        default_presets(&meta)
    } else {
        args.presets.clone()
    };
    let key = match &args.scrub_key_file {
        Some(file) => {
            let hex = read_value(file)?;
            ScrubKey::from_hex(&hex)
                .map_err(|e| anyhow::anyhow!("{}: not a scrub key: {e}", file.display()))?
        }
        // Without a scrub nothing is faked; any key will do.
        None => ScrubKey::from_bytes([0; 32]),
    };
    // The account that loads them defines views, routines and triggers:
    // whatever host the operator gave it, and no privilege to name another.
    let definer = "CURRENT_USER".to_string();
    let plan = RestorePlan {
        url,
        presets: &presets,
        key,
        keep_users: &args.keep_users,
        definer: &definer,
        // The site's own account loads it; the server logs it (replicas
        // must see it).
        unlogged: false,
    };
    // A Job runs again whenever its pod changes (a new lock, a new image):
    // a database that holds this version already, whole, is left alone.
    let marker_table = format!("{}options", meta.table_prefix);
    let markers = read_markers(&connection, &marker_table).with_context(|| {
        format!(
            "reading {marker_table} of database {} at {}",
            connection.database, connection.host
        )
    })?;
    let already = markers.derived.as_deref() == Some(meta.id.as_str());
    if let (Some(held), false, false) = (markers.derived.as_deref(), already, args.replace) {
        // Changing the version of an instance whose pods serve would reload
        // its database (and media) under them; nothing is touched before
        // this check.
        bail!(
            "database {} at {} holds {held}, restored whole; restoring {version} over it would reload it under the pods that may serve it. Derive {version} into a new instance beside this one and switch to it (docs/kubernetes.md, \"Refreshing a copy\"), or pass --replace to restore over it",
            connection.database,
            connection.host,
            version = meta.id,
        );
    }
    // Uploads first: the marker the load writes last then also says they
    // are there, and a run that failed half-way does them again. A
    // database that holds the version already gets them only where there
    // are none: its media moved (an instance's own, say), or was emptied.
    if let Some(uploads) = &args.uploads {
        let empty = std::fs::read_dir(uploads).map_or(true, |mut d| d.next().is_none());
        if !already || empty {
            slipway_lifecycle::restore::restore_uploads_into(&reader, uploads)?;
        }
    }
    if let Some(location) = &args.uploads_s3 {
        let access = keys(
            args.uploads_s3_keys.as_deref(),
            args.uploads_s3_region.clone(),
            "--uploads-s3-keys",
        )?;
        let media = Bucket::open(location, &access)?;
        if !already || media.keys("uploads")?.is_empty() {
            let mirrored = slipway_lifecycle::restore::restore_uploads_to_bucket(&reader, &media)?;
            println!(
                "copied {} uploads of {} to {location}, removed {} left from before",
                mirrored.copied, meta.id, mirrored.removed
            );
        }
    }
    if already {
        println!(
            "database {} holds {} already; nothing restored",
            connection.database, meta.id
        );
        return Ok(ExitCode::SUCCESS);
    }
    let restored = load(&connection, |out| {
        let restored = restore_database(&reader, &meta, &plan, out)?;
        // Last, in a transaction of its own: only a whole restore says so.
        writeln!(
            out,
            "REPLACE INTO `{marker_table}` (option_name, option_value, autoload) VALUES ('{DERIVED_FROM}', {}, 'no');\nCOMMIT;",
            slipway_lifecycle::restore::sql_string(&meta.id)
        )?;
        Ok(restored)
    })?;
    let hosts: Vec<String> = restored
        .pairs
        .iter()
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    println!(
        "restored {} into database {} at {}:{}: {} ({} values rewritten, {} serialized values fixed; scrubbed with {}: {} values, {} leaks left)",
        meta.id,
        connection.database,
        connection.host,
        connection.port,
        hosts.join(", "),
        restored.values_rewritten,
        restored.serialized_fixed,
        if presets.is_empty() { "nothing".to_string() } else { presets.join(", ") },
        restored.values_scrubbed,
        restored.leaks_left
    );
    Ok(ExitCode::SUCCESS)
}

/// What a derived database says of itself: the version restored whole into
/// it, and the version the database fence last ran over.
#[derive(Debug, Default, PartialEq, Eq)]
struct Markers {
    derived: Option<String>,
    fenced: Option<String>,
}

/// Reads the markers of `options`; a database with no options table yet
/// has none.
fn read_markers(connection: &Connection, options: &str) -> Result<Markers> {
    let query = format!(
        "SELECT option_name, option_value FROM `{}` WHERE option_name IN ('{DERIVED_FROM}', '{FENCED}')",
        options.replace('`', "``")
    );
    let Some(rows) = query_rows(connection, &query)? else {
        return Ok(Markers::default());
    };
    let mut markers = Markers::default();
    for line in rows.lines() {
        match line.split_once('\t') {
            Some((DERIVED_FROM, value)) => markers.derived = Some(value.to_string()),
            Some((FENCED, value)) => markers.fenced = Some(value.to_string()),
            _ => {}
        }
    }
    Ok(markers)
}

/// What `query` prints, one row per line with tab-separated columns, or
/// `None` when a table it reads does not exist (yet).
pub(crate) fn query_rows(connection: &Connection, query: &str) -> Result<Option<String>> {
    let out = slipway_local::process::output(
        client(connection)
            // A server that does not answer is a look that failed, not a
            // wait without end.
            .arg("--connect-timeout=10")
            .args(["--batch", "--skip-column-names", "--execute", query]),
        None,
    )?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("ERROR 1146") {
            return Ok(None);
        }
        bail!("{}", stderr.trim_end());
    }
    Ok(Some(String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Why a database whose markers are `markers` is not ready to serve
/// `version`, or `None` when it is.
fn not_ready(version: &str, markers: &Markers) -> Option<String> {
    match (&markers.derived, &markers.fenced) {
        (None, _) => Some("no version is restored into it yet".into()),
        (Some(derived), _) if derived != version => {
            Some(format!("it holds {derived}; {version} is not restored yet"))
        }
        (Some(_), Some(fenced)) if fenced == version => None,
        (Some(_), _) => Some(format!(
            "{version} is restored; the database fence has not run over it yet"
        )),
    }
}

/// `slipway derive --wait`: looks at the database every `--interval` until
/// it holds the version restored and fenced, saying what it waits for
/// whenever that changes (and every minute), and fails after `--timeout`.
fn wait(args: &DeriveArgs) -> Result<ExitCode> {
    let connection = Connection::read(&args.database)?;
    let options = format!("{}options", args.table_prefix.as_deref().unwrap_or("wp_"));
    let version = args.version.as_str();
    let what = format!(
        "database {} at {}:{}",
        connection.database, connection.host, connection.port
    );
    poll(
        &format!("{what} to hold {version}, restored and fenced"),
        args.timeout,
        args.interval,
        || match read_markers(&connection, &options) {
            Ok(markers) => not_ready(version, &markers),
            Err(e) => Some(format!("it cannot be read: {e:#}")),
        },
        |waited, reason| {
            anyhow::anyhow!(
                "{what} does not hold {version} restored and fenced after {waited}s: {reason}; the derive Job restores and fences it (see its logs), and this wait starts again when its pod restarts"
            )
        },
    )?;
    println!("{what} holds {version}, restored and fenced");
    Ok(ExitCode::SUCCESS)
}

/// Looks every `interval` seconds (5 unless given) until `look` finds
/// nothing missing (`None`), saying what it waits for whenever the reason
/// changes, and every minute; after `timeout` seconds (600 unless given)
/// fails with `give_up(seconds waited, reason)`.
pub(crate) fn poll(
    goal: &str,
    timeout: Option<u64>,
    interval: Option<u64>,
    mut look: impl FnMut() -> Option<String>,
    give_up: impl Fn(u64, &str) -> anyhow::Error,
) -> Result<()> {
    let started = Instant::now();
    let timeout = Duration::from_secs(timeout.unwrap_or(600));
    let interval = Duration::from_secs(interval.unwrap_or(5).max(1));
    let mut said: Option<(String, Instant)> = None;
    loop {
        let Some(reason) = look() else {
            return Ok(());
        };
        let repeat = said
            .as_ref()
            .is_none_or(|(last, at)| *last != reason || at.elapsed() >= Duration::from_secs(60));
        if repeat {
            println!(
                "waiting for {goal} ({}s so far): {reason}",
                started.elapsed().as_secs()
            );
            said = Some((reason.clone(), Instant::now()));
        }
        if started.elapsed() + interval > timeout {
            return Err(give_up(timeout.as_secs(), &reason));
        }
        std::thread::sleep(interval);
    }
}

fn s3_access(args: &DeriveArgs, repository: &str) -> Result<Option<S3Access>> {
    if !repository.starts_with("s3:") {
        return Ok(None);
    }
    keys(args.s3_keys.as_deref(), args.s3_region.clone(), "--s3-keys").map(Some)
}

/// A bucket's keys: from the files of a mounted Secret (`flag`'s
/// directory), else from the environment.
fn keys(dir: Option<&Path>, region: Option<String>, flag: &str) -> Result<S3Access> {
    let (access_key_id, secret_access_key) = match dir {
        Some(dir) => (
            read_secret(dir, "access-key-id")?,
            read_secret(dir, "secret-access-key")?,
        ),
        None => (
            std::env::var("AWS_ACCESS_KEY_ID")
                .with_context(|| format!("an s3: bucket needs {flag} or AWS_ACCESS_KEY_ID"))?,
            std::env::var("AWS_SECRET_ACCESS_KEY")
                .with_context(|| format!("an s3: bucket needs {flag} or AWS_SECRET_ACCESS_KEY"))?,
        ),
    };
    Ok(S3Access {
        access_key_id,
        secret_access_key,
        region,
    })
}

/// The `mariadb` client connected to `connection`'s database.
fn client(connection: &Connection) -> Command {
    let mut client = Command::new("mariadb");
    client
        .arg("--no-defaults")
        .args(if connection.host.starts_with('/') {
            vec![format!("--socket={}", connection.host)]
        } else {
            // TCP even for `localhost`, so the port is the one given.
            vec![
                "--protocol=TCP".to_string(),
                format!("--host={}", connection.host),
                format!("--port={}", connection.port),
            ]
        })
        .arg(format!("--user={}", connection.username))
        .arg(format!("--database={}", connection.database))
        .arg("--default-character-set=utf8mb4")
        // As large as the server takes: a row over the client's 16 MiB
        // default would fail here only.
        .arg("--max-allowed-packet=256M")
        // The password reaches the client in its environment, never on a
        // command line others can read.
        .env("MYSQL_PWD", &connection.password);
    client
}

/// Feeds `feed`'s SQL to the `mariadb` client connected as the site's
/// account; an error of either is the load's.
pub(crate) fn load<T>(
    connection: &Connection,
    feed: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    // What was loaded when feeding fails is incomplete; the Job fails and
    // runs again.
    let loaded = slipway_local::process::feed(&mut client(connection), feed)?;
    let value = match loaded.fed {
        Ok(value) => value,
        Err(e) => {
            // The client was stopped for it; what it said, if anything,
            // helps.
            let said = loaded.errors.trim_end();
            let e = if said.is_empty() {
                e
            } else {
                e.context(format!("the mariadb client said: {said}"))
            };
            return Err(e.context(format!("loading into database {}", connection.database)));
        }
    };
    if !loaded.status.success() {
        bail!(
            "loading into database {} at {}:{} failed ({}): {}",
            connection.database,
            connection.host,
            connection.port,
            loaded.status,
            loaded.errors.trim_end()
        );
    }
    Ok(value)
}
