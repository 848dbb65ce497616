//! slipway's local runtime: every instance is a real WordPress on MariaDB,
//! PHP-FPM, nginx and Redis processes that slipway owns, under one state
//! directory ([`Home`]).
//!
//! - [`Services`] starts, stops and checks the shared services.
//! - [`LocalRuntime`] implements [`slipway_runtime::Runtime`]: it provisions
//!   instances (database, code tree, `wp-config.php`, PHP-FPM pool), routes
//!   environments through nginx by Host header, and runs PHP and SQL inside
//!   instances.

mod code;
mod error;
mod fpm;
mod home;
pub mod http;
mod instance;
mod nginx;
pub mod process;
mod programs;
mod redis;
mod services;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use slipway_mysql::{BinlogPos, Changes};
use slipway_runtime::{
    BasicAuth, CodeSource, DatabaseAccess, Fence, Health, InstanceFiles, InstanceSpec, PhpIo,
    PhpOutput, PhpRun, Probe, Route, Runtime, RuntimeError, SqlFeed, TrappedMail,
};

pub use code::{INSTANCE_LOCK, RUNTIME_FILES};
pub use error::{Error, Result};
pub use home::{free_port, Config, Home, HOME_ENV};
pub use instance::{authority_of, generate_password, link_core};
pub use programs::Programs;
pub use services::{Service, ServiceStatus, Services};
pub use slipway_runtime::php_quote;

use crate::home::write_private;
use crate::process::log_tail;

/// The file in an instance's directory recording what later calls need to
/// know about it.
const RECORD_FILE: &str = "instance.json";

/// What provisioning records about an instance.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct InstanceRecord {
    /// Its database.
    db_name: String,
    /// The address its WordPress answers at (a network's main site).
    url: String,
    /// Its database account (empty in records of older instances).
    #[serde(default)]
    db_user: String,
    /// That account's password (the record is private to its owner, as
    /// `wp-config.php` is).
    #[serde(default)]
    db_password: String,
    /// Its fence; records written before fencing existed have none.
    #[serde(default)]
    fence: Option<Fence>,
}

/// The PHP runner that loads an instance's WordPress for a script.
const RUNNER: &str = include_str!("php/runner.php");

/// The sendmail of fenced instances, which keeps each message in the
/// instance's `mail/` directory.
const MAIL_TRAP: &str = slipway_runtime::MAIL_TRAP_PHP;

/// The directory of an instance's trapped mail.
const MAIL_DIR: &str = "mail";

/// How long freezing a route waits for the requests under way to be
/// answered (PHP's own limit is longer, but a write that takes this long is
/// not a page view).
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// The local runtime of one state directory.
#[derive(Debug, Clone)]
pub struct LocalRuntime {
    services: Services,
}

impl LocalRuntime {
    /// Opens the state directory (creating it and its configuration at first
    /// use) and finds the programs. `cron_command` is the command the cron
    /// service runs (`slipway cron run --every-minute`).
    pub fn open(home: Home, cron_command: Option<Vec<String>>) -> Result<LocalRuntime> {
        home.create()?;
        let config = Config::load_or_init(&home)?;
        let programs = Programs::find()?;
        // Rewritten only when this build's runner differs: every command
        // opens the runtime, and most never run PHP.
        for (name, script) in [("runner.php", RUNNER), ("mail-trap.php", MAIL_TRAP)] {
            let path = home.php_dir().join(name);
            if std::fs::read(&path).ok().as_deref() != Some(script.as_bytes()) {
                write_private(&path, script.as_bytes())?;
            }
        }
        Ok(LocalRuntime {
            services: Services::new(home, config, programs, cron_command)?,
        })
    }

    /// The shared services.
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// The state directory.
    pub fn home(&self) -> &Home {
        self.services.home()
    }

    /// The port nginx serves every site on.
    pub fn http_port(&self) -> u16 {
        self.services.config().http_port
    }

    fn docroot(&self, instance: &str) -> PathBuf {
        self.home().instance_dir(instance).join(instance::DOCROOT)
    }

    /// The link naming the instance an environment's route serves.
    fn route_link(&self, site: &str, environment: &str) -> PathBuf {
        self.home()
            .nginx_dir()
            .join("links")
            .join(format!("{site}--{environment}"))
    }

    /// The instance an environment's route serves, as its link names it.
    fn routed_instance(&self, site: &str, environment: &str) -> Option<String> {
        let target = std::fs::read_link(self.route_link(site, environment)).ok()?;
        Some(target.file_name()?.to_str()?.to_string())
    }

    /// Points an environment's link at `instance`, in one step: a request
    /// resolves either the old instance or the new.
    fn point_route_link(&self, site: &str, environment: &str, instance: &str) -> Result<()> {
        let link = self.route_link(site, environment);
        let target = self.home().instance_dir(instance);
        if std::fs::read_link(&link).ok().as_deref() == Some(target.as_path()) {
            return Ok(());
        }
        let dir = link.parent().unwrap_or(Path::new("."));
        home::create_private_dir(dir)?;
        let staged = dir.join(format!(".{site}--{environment}.next"));
        let _ = std::fs::remove_file(&staged);
        std::os::unix::fs::symlink(&target, &staged)
            .and_then(|()| std::fs::rename(&staged, &link))
            .map_err(|e| {
                Error::io(
                    format!("pointing {} at {}", link.display(), target.display()),
                    e,
                )
            })
    }

    /// The pools map nginx needs for every provisioned instance.
    fn pools_map(&self) -> String {
        let mut instances: Vec<String> = std::fs::read_dir(self.home().instances_dir())
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|i| self.pool_file(i).exists())
                    .collect()
            })
            .unwrap_or_default();
        instances.sort();
        let sockets: Vec<(String, PathBuf)> = instances
            .into_iter()
            .map(|i| {
                let socket = self.home().pool_socket(&i);
                (i, socket)
            })
            .collect();
        nginx::pools_map(sockets.iter().map(|(i, s)| (i.as_str(), s.as_path())))
    }

    fn pool_file(&self, instance: &str) -> PathBuf {
        self.home()
            .php_dir()
            .join("pools")
            .join(format!("{instance}.conf"))
    }

    fn route_file(&self, site: &str, environment: &str) -> PathBuf {
        self.home()
            .nginx_dir()
            .join("sites")
            .join(format!("{site}--{environment}.conf"))
    }

    /// What provisioning recorded about an instance.
    fn record_of(&self, instance: &str) -> Result<InstanceRecord> {
        let path = self.home().instance_dir(instance).join(RECORD_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::io(
                format!(
                    "instance {instance} is not provisioned ({})",
                    path.display()
                ),
                e,
            )
        })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::new(format!("{} is not an instance record: {e}", path.display())))
    }

    /// The sendmail command of a fenced instance: PHP running the trap,
    /// which files each message in the instance's mail directory.
    fn mail_trap_command(&self, instance: &str) -> String {
        format!(
            "{} {} {}",
            self.services.programs().php.display(),
            self.home().php_dir().join("mail-trap.php").display(),
            self.home().instance_dir(instance).join(MAIL_DIR).display()
        )
    }

    /// The htpasswd file of a protected environment's route.
    fn freeze_flag(&self, instance: &str) -> PathBuf {
        self.home()
            .instance_dir(instance)
            .join(fpm::FREEZE_FLAG_FILE)
    }

    /// Whether the instance's pool runs the freeze guard (pools made before
    /// it do not).
    fn freeze_guarded(&self, instance: &str) -> bool {
        self.home()
            .instance_dir(instance)
            .join(fpm::FREEZE_GUARD_FILE)
            .is_file()
            && std::fs::read_to_string(self.pool_file(instance))
                .is_ok_and(|pool| pool.contains(fpm::FREEZE_GUARD_FILE))
    }

    /// Waits until no write of a frozen instance is under way: each holds
    /// a shared lock for as long as it runs (the freeze guard), so the
    /// exclusive lock is granted once the last one ends. New writes are
    /// refused by then; one that waited for the lock sees the flag.
    fn wait_for_writes(&self, instance: &str) -> Result<()> {
        use rustix::fs::{flock, FlockOperation};
        let path = self
            .home()
            .instance_dir(instance)
            .join(fpm::WRITES_LOCK_FILE);
        let file = home::open_lock_file(&path)?;
        let deadline = std::time::Instant::now() + DRAIN_TIMEOUT;
        loop {
            match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                // Released when `file` closes: writes that waited go on to
                // find the flag.
                Ok(()) => return Ok(()),
                Err(e) if e == rustix::io::Errno::WOULDBLOCK => {}
                Err(e) => {
                    return Err(Error::io(
                        format!("locking {}", path.display()),
                        std::io::Error::from(e),
                    ))
                }
            }
            if std::time::Instant::now() > deadline {
                tracing::warn!(
                    instance,
                    "writes begun before the freeze still run after {DRAIN_TIMEOUT:?}"
                );
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn htpasswd_file(&self, site: &str, environment: &str) -> PathBuf {
        self.home()
            .nginx_dir()
            .join("auth")
            .join(format!("{site}--{environment}"))
    }

    /// The token slipway's own health checks present to get past a
    /// protected route's basic auth, made at first use.
    fn health_token(&self) -> Result<String> {
        let path = self.home().nginx_dir().join("health-token");
        if let Ok(token) = std::fs::read_to_string(&path) {
            let token = token.trim();
            if token.len() >= 32 {
                return Ok(token.to_string());
            }
        }
        let token = instance::generate_password();
        write_private(&path, token.as_bytes())?;
        Ok(token)
    }

    /// An htpasswd line for `auth` in a form nginx checks itself (`{SSHA}`:
    /// salted SHA-1). The password is random and long, so the hash needs no
    /// slowness; nginx checks it on every request. PHP computes it, reading
    /// the password from standard input, not its arguments.
    fn htpasswd_line(&self, auth: &BasicAuth) -> Result<String> {
        if auth.user.is_empty() || auth.user.contains([':', '\n', '\r']) {
            return Err(Error::new(format!(
                "{:?} cannot be a basic-auth user name (empty, or has ':' or a line break)",
                auth.user
            )));
        }
        let mut php = Command::new(&self.services.programs().php);
        php.args([
            "-r",
            "$p = stream_get_contents(STDIN); $s = random_bytes(8); \
             echo '{SSHA}' . base64_encode(sha1($p . $s, true) . $s);",
        ]);
        let hash = process::run(&mut php, Some(auth.password.as_bytes()))?;
        let hash = String::from_utf8_lossy(&hash);
        if !hash.starts_with("{SSHA}") {
            return Err(Error::new(format!(
                "PHP did not hash the basic-auth password: {hash:?}"
            )));
        }
        Ok(format!("{}:{}\n", auth.user, hash.trim()))
    }

    fn db_name_of(&self, instance: &str) -> Result<String> {
        Ok(self.record_of(instance)?.db_name)
    }

    fn provision_database(&self, spec: &InstanceSpec, password: &str) -> Result<()> {
        check_identifier(&spec.db_name)?;
        check_identifier(&spec.db_user)?;
        let services = &self.services;
        let mut sql = format!(
            "CREATE DATABASE IF NOT EXISTS `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;\n",
            db = spec.db_name
        );
        for host in ["localhost", "127.0.0.1"] {
            sql.push_str(&format!(
                "CREATE OR REPLACE USER '{user}'@'{host}' IDENTIFIED BY '{password}';\n\
                 GRANT ALL PRIVILEGES ON `{db}`.* TO '{user}'@'{host}';\n",
                user = spec.db_user,
                db = spec.db_name,
            ));
        }
        services.sql("", &sql).map(|_| ())
    }
}

impl Runtime for LocalRuntime {
    fn name(&self) -> &'static str {
        "local"
    }

    fn default_url(&self, site: &str, environment: &str) -> String {
        let port = self.http_port();
        if environment == "production" {
            format!("http://{site}.localhost:{port}")
        } else {
            format!("http://{environment}.{site}.localhost:{port}")
        }
    }

    fn ensure_running(&self) -> Result<(), RuntimeError> {
        Ok(self.services.up()?)
    }

    fn provision(&self, spec: &InstanceSpec) -> Result<(), RuntimeError> {
        let dir = self.home().instance_dir(&spec.id);
        instance::create_dirs(&dir)?;
        let htdocs = dir.join("htdocs");
        if !htdocs.join("wp-load.php").is_file() {
            // A tree left half-built by an interrupted provision is rebuilt.
            if htdocs.exists() {
                code::remove_tree(&htdocs)?;
            }
            let partial = dir.join("htdocs.partial");
            if partial.exists() {
                code::remove_tree(&partial)?;
            }
            instance::build_tree(&spec.code, &partial)?;
            std::fs::rename(&partial, &htdocs)
                .map_err(|e| Error::io(format!("moving {} into place", htdocs.display()), e))?;
            self.record_lock(&spec.id, &spec.code)?;
        }
        instance::install_fence(spec, &htdocs)?;
        let mail_trap = spec
            .fence
            .as_ref()
            .map(|_| self.mail_trap_command(&spec.id));
        if mail_trap.is_some() {
            home::create_private_dir(&dir.join(MAIL_DIR))?;
        }
        let password = instance::generate_password();
        // Recorded before the database exists: a provision killed while
        // making it leaves a record that `destroy` finds the database by.
        let record = InstanceRecord {
            db_name: spec.db_name.clone(),
            url: spec.url.clone(),
            db_user: spec.db_user.clone(),
            db_password: password.clone(),
            fence: spec.fence.clone(),
        };
        let record = serde_json::to_vec_pretty(&record)
            .map_err(|e| Error::new(format!("recording instance {}: {e}", spec.id)))?;
        write_private(&dir.join(RECORD_FILE), &record)?;
        self.provision_database(spec, &password)?;
        let home = self.home();
        let config = instance::wp_config(
            spec,
            &password,
            &instance::ConfigPaths {
                mariadb_socket: &home.mariadb_socket(),
                redis_socket: &home.redis_socket(),
            },
        );
        instance::write_config(&dir, &config)?;
        write_private(
            &dir.join(fpm::FREEZE_GUARD_FILE),
            fpm::freeze_guard(&dir).as_bytes(),
        )?;
        let _lock = self.services.lock()?;
        let socket = home.pool_socket(&spec.id);
        let pool = fpm::pool_config(
            &spec.id,
            &socket,
            &dir,
            self.services.as_root(),
            mail_trap.as_deref(),
        );
        write_private(&self.pool_file(&spec.id), pool.as_bytes())?;
        self.services.reload_php_fpm(Some(&socket))?;
        Ok(())
    }

    fn destroy(&self, instance: &str) -> Result<(), RuntimeError> {
        // A preview names the instance's socket and tree: it goes first.
        self.unpreview(instance)?;
        let dir = self.home().instance_dir(instance);
        if let Ok(db) = self.db_name_of(instance) {
            check_identifier(&db)?;
            let mut sql = format!("DROP DATABASE IF EXISTS `{db}`;\n");
            for host in ["localhost", "127.0.0.1"] {
                sql.push_str(&format!("DROP USER IF EXISTS '{db}'@'{host}';\n"));
            }
            self.services.sql("", &sql)?;
        }
        {
            let _lock = self.services.lock()?;
            let pool = self.pool_file(instance);
            if pool.exists() {
                std::fs::remove_file(&pool)
                    .map_err(|e| Error::io(format!("removing {}", pool.display()), e))?;
                self.services.reload_php_fpm(None)?;
            }
        }
        if dir.exists() {
            code::remove_tree(&dir)?;
        }
        Ok(())
    }

    fn route(&self, route: &Route) -> Result<(), RuntimeError> {
        let file = self.route_file(&route.site, &route.environment);
        let listen = format!("127.0.0.1:{}", self.http_port());
        let htpasswd = self.htpasswd_file(&route.site, &route.environment);
        let flag = self.freeze_flag(&route.instance);
        let _lock = self.services.lock()?;
        // First, so that no write starts once the route is in place. Not
        // synced: a freeze does not outlive a crash of the machine.
        let flagged = if route.frozen {
            std::fs::write(&flag, b"")
        } else {
            match std::fs::remove_file(&flag) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            }
        };
        flagged.map_err(|e| Error::io(format!("setting the freeze flag {}", flag.display()), e))?;
        if self
            .routed_instance(&route.site, &route.environment)
            .is_none()
        {
            // A route nginx does not serve yet: its link must be there
            // before the route that resolves it.
            self.point_route_link(&route.site, &route.environment, &route.instance)?;
        }
        let serving = self.services.nginx_children();
        let root = self
            .route_link(&route.site, &route.environment)
            .join(instance::DOCROOT);
        let (reloaded, lifted) =
            self.write_route(route, &file, &root, &listen, Some(&htpasswd), true)?;
        let guarded = self.freeze_guarded(&route.instance);
        if reloaded || (route.frozen && !guarded) {
            if !reloaded {
                // A pool from before the freeze guard: only nginx's
                // workers know which writes are under way.
                self.services.reload_nginx()?;
            }
            // nginx's old workers answer what they accepted before the
            // reload (and, for a moment, some new connections) with the
            // old route; once they are gone every request sees the new one.
            self.services.wait_for_processes(&serving, DRAIN_TIMEOUT);
        }
        // The switch itself: from here every request resolves the new
        // instance (nginx already knows its pool).
        self.point_route_link(&route.site, &route.environment, &route.instance)?;
        if route.frozen && guarded {
            self.wait_for_writes(&route.instance)?;
        }
        if lifted && htpasswd.exists() {
            // Protection was lifted: the old credentials go too.
            let _ = std::fs::remove_file(&htpasswd);
        }
        Ok(())
    }

    fn unroute(&self, site: &str, environment: &str) -> Result<(), RuntimeError> {
        let _lock = self.services.lock()?;
        let file = self.route_file(site, environment);
        if file.exists() {
            std::fs::remove_file(&file)
                .map_err(|e| Error::io(format!("removing {}", file.display()), e))?;
            self.services.reload_nginx()?;
        }
        let link = self.route_link(site, environment);
        if link.symlink_metadata().is_ok() {
            std::fs::remove_file(&link)
                .map_err(|e| Error::io(format!("removing {}", link.display()), e))?;
        }
        let htpasswd = self.htpasswd_file(site, environment);
        if htpasswd.exists() {
            std::fs::remove_file(&htpasswd)
                .map_err(|e| Error::io(format!("removing {}", htpasswd.display()), e))?;
        }
        Ok(())
    }

    fn run_php(&self, instance: &str, run_spec: &PhpRun<'_>) -> Result<PhpOutput, RuntimeError> {
        let docroot = self.docroot(instance);
        if !docroot.join("wp-load.php").is_file() {
            return Err(RuntimeError::new(format!(
                "instance {instance} has no code at {}",
                docroot.display()
            )));
        }
        let record = self.record_of(instance)?;
        let url = match run_spec.url {
            Some(url) => url.to_string(),
            None => record.url,
        };
        let php_dir = self.home().php_dir();
        let mut php = Command::new(&self.services.programs().php);
        if record.fence.is_some() {
            // As in the instance's pool: mail() reaches only the trap.
            php.arg("-d").arg(format!(
                "sendmail_path={}",
                self.mail_trap_command(instance)
            ));
        }
        php.args([
            "-d",
            "display_errors=stderr",
            "-d",
            "log_errors=0",
            "-d",
            "memory_limit=512M",
        ])
        .arg(php_dir.join("runner.php"))
        .arg(if run_spec.load_wordpress {
            "load"
        } else {
            "plain"
        })
        .arg(&docroot)
        .arg(&url)
        .arg(run_spec.script)
        .args(run_spec.args)
        .current_dir(&docroot);
        match run_spec.io {
            PhpIo::Inherit => {
                let status = php
                    .status()
                    .map_err(|e| Error::io(format!("running {}", process::describe(&php)), e))?;
                Ok(PhpOutput {
                    status: status.code(),
                    stdout: Vec::new(),
                    stderr: Vec::new(),
                })
            }
            PhpIo::Capture => {
                let out = process::output(&mut php, run_spec.input)?;
                Ok(PhpOutput {
                    status: out.status.code(),
                    stdout: out.stdout,
                    stderr: out.stderr,
                })
            }
        }
    }

    fn run_sql(&self, instance: &str, sql: &str) -> Result<String, RuntimeError> {
        let db = self.db_name_of(instance)?;
        Ok(self.services.sql(&db, sql)?)
    }

    fn load_sql(&self, instance: &str, feed: &mut SqlFeed<'_>) -> Result<(), RuntimeError> {
        let db = self.db_name_of(instance)?;
        check_identifier(&db)?;
        let mut client = self.services.mariadb_client();
        client.arg(format!("--database={db}"));
        // Whatever was loaded when feeding fails is incomplete; the caller
        // discards it.
        let loaded = process::feed(&mut client, feed)?;
        if !loaded.status.success() {
            return Err(RuntimeError::new(format!(
                "loading into database {db} failed ({}): {}",
                loaded.status,
                process::tail(loaded.errors.trim_end())
            )));
        }
        loaded
            .fed
            .map_err(|e| RuntimeError::new(format!("loading into database {db}: {e}")))
    }

    fn database_access(&self, instance: &str) -> Result<DatabaseAccess, RuntimeError> {
        Ok(self.database_access_of(instance)?)
    }

    fn files(&self, instance: &str) -> Result<InstanceFiles, RuntimeError> {
        let docroot = self.docroot(instance);
        // A tree laid out from core links core's include directory; an
        // imported tree has its own core.
        let core = std::fs::read_link(docroot.join("wp-includes"))
            .ok()
            .and_then(|target| target.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| docroot.clone());
        Ok(InstanceFiles {
            wp_content: docroot.join("wp-content"),
            managed: vec![
                PathBuf::from("object-cache.php"),
                PathBuf::from("mu-plugins/slipway.php"),
            ],
            core,
        })
    }

    fn changed_tables(
        &self,
        instance: &str,
        since: &str,
        until: &str,
    ) -> Result<Option<(BTreeSet<String>, bool)>, RuntimeError> {
        Ok(self.changed_tables_of(instance, since, until)?)
    }

    fn install_code(&self, instance: &str, code: &CodeSource) -> Result<(), RuntimeError> {
        Ok(self.replace_code(instance, code)?)
    }

    fn preview(&self, route: &Route) -> Result<(), RuntimeError> {
        let file = self.preview_file(&route.instance);
        let listen = format!("unix:{}", self.preview_socket().display());
        let route = Route {
            // A preview is never frozen nor asks for credentials: only
            // slipway's probes reach it.
            frozen: false,
            fence: route
                .fence
                .as_ref()
                .map(|_| slipway_runtime::RouteFence::default()),
            ..route.clone()
        };
        let _lock = self.services.lock()?;
        let root = self.docroot(&route.instance);
        self.write_route(&route, &file, &root, &listen, None, false)?;
        Ok(())
    }

    fn unpreview(&self, instance: &str) -> Result<(), RuntimeError> {
        let _lock = self.services.lock()?;
        let file = self.preview_file(instance);
        if file.exists() {
            std::fs::remove_file(&file)
                .map_err(|e| Error::io(format!("removing {}", file.display()), e))?;
            self.services.reload_nginx()?;
        }
        Ok(())
    }

    fn probe(&self, instance: &str, url: &str) -> Result<Probe, RuntimeError> {
        if !self.preview_file(instance).exists() {
            return Err(RuntimeError::new(format!(
                "instance {instance} is not previewed; nothing to probe"
            )));
        }
        let (authority, path) = (authority_of(url), path_of(url));
        let response = http::get_unix(
            &self.preview_socket(),
            authority,
            path,
            &[],
            Duration::from_secs(60),
        )?;
        Ok(Probe {
            status: response.status,
            location: response.header("Location").map(str::to_string),
            body: response.body,
        })
    }

    fn purge_page_cache(&self, instance: &str) -> Result<(), RuntimeError> {
        let cache = self.home().nginx_dir().join("cache");
        let purged = purge_cached_pages(&cache, instance).map_err(|e| {
            RuntimeError::new(format!(
                "forgetting the cached pages of instance {instance} in {}: {e}",
                cache.display()
            ))
        })?;
        tracing::debug!(instance, purged, "cached pages forgotten");
        Ok(())
    }

    fn flush_object_cache(&self, instance: &str) -> Result<(), RuntimeError> {
        // The drop-in keys every entry `{instance}:…`; instance ids hold no
        // glob characters. One script, so the scan and the deletes are one
        // round trip and one atomic step.
        let script = "local cursor = '0' repeat \
             local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) \
             cursor = page[1] \
             for _, key in ipairs(page[2]) do redis.call('UNLINK', key) end \
             until cursor == '0' return 1";
        let pattern = format!("{instance}:*");
        redis::command(
            &self.home().redis_socket(),
            &["EVAL", script, "0", &pattern],
            Duration::from_secs(30),
        )
        .map(drop)
        .map_err(|e| {
            RuntimeError::new(format!(
                "emptying the object cache of instance {instance}: {e}"
            ))
        })
    }

    fn php_fatal_errors(&self, instance: &str) -> Result<Vec<String>, RuntimeError> {
        let log = self.home().instance_dir(instance).join("log/php-error.log");
        let text = match std::fs::read(&log) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(format!("reading {}", log.display()), e).into()),
        };
        Ok(text
            .lines()
            .filter(|l| l.contains("PHP Fatal error") || l.contains("PHP Parse error"))
            .map(str::to_string)
            .collect())
    }

    fn health(&self, instance: &str, url: &str) -> Result<Health, RuntimeError> {
        if self.services.pid(Service::Nginx).is_none() {
            return Ok(Health::Down);
        }
        let (authority, path) = (authority_of(url), path_of(url));
        // Present only to routes that ask for credentials; others ignore it.
        let token = self.health_token()?;
        let response = http::get(
            self.http_port(),
            authority,
            path,
            &[(nginx::HEALTH_HEADER, &token)],
            Duration::from_secs(30),
        );
        Ok(match response {
            Ok(r) if r.status == 200 => Health::Healthy,
            Ok(_) | Err(_) => {
                tracing::debug!(
                    instance,
                    url,
                    "health check failed; {}",
                    log_tail(&self.home().instance_dir(instance).join("log/php-error.log"))
                );
                Health::Unhealthy
            }
        })
    }

    fn trapped_mail(&self, instance: &str) -> Result<Vec<TrappedMail>, RuntimeError> {
        Ok(self.list_trap(instance)?)
    }

    fn trapped_message(&self, instance: &str, id: &str) -> Result<Vec<u8>, RuntimeError> {
        // An id names a file in the trap and nothing outside it.
        if id.is_empty() || id.starts_with('.') || id.contains(['/', '\\']) {
            return Err(RuntimeError::new(format!(
                "{id:?} is not the id of a trapped message"
            )));
        }
        let path = self.mail_dir(instance).join(format!("{id}.eml"));
        std::fs::read(&path).map_err(|e| {
            RuntimeError::with_source(
                format!(
                    "instance {instance} has no trapped message {id} ({})",
                    path.display()
                ),
                e,
            )
        })
    }
}

impl LocalRuntime {
    /// The nginx file of an instance's preview, beside the routes (the `~`
    /// keeps it apart from every `site--env.conf`).
    fn preview_file(&self, instance: &str) -> PathBuf {
        self.home()
            .nginx_dir()
            .join("sites")
            .join(format!("~preview-{instance}.conf"))
    }

    /// The Unix socket every preview listens on: reachable only by this
    /// user, never by visitors.
    fn preview_socket(&self) -> PathBuf {
        self.home().run_dir().join("preview.sock")
    }

    /// Writes a server block for `route` on `listen` to `file` (using the
    /// micro-cache if `cache`) and reloads nginx, putting the old file back
    /// if nginx refuses the new one; a route nginx runs already is left as
    /// it is. Returns whether nginx was reloaded and whether the route asks
    /// for no credentials (so a caller can drop old ones). Callers hold the
    /// services' lock.
    fn write_route(
        &self,
        route: &Route,
        file: &Path,
        root: &Path,
        listen: &str,
        htpasswd: Option<&Path>,
        cache: bool,
    ) -> Result<(bool, bool)> {
        let home = self.home();
        let basic_auth = route.fence.as_ref().and_then(|f| f.basic_auth.as_ref());
        let (line, token) = match (basic_auth, htpasswd) {
            (Some(auth), Some(_)) => (Some(self.htpasswd_line(auth)?), self.health_token()?),
            _ => (None, String::new()),
        };
        let config = nginx::site_config(
            route,
            root,
            &home.nginx_dir().join("fastcgi_params"),
            listen,
            match (&line, htpasswd) {
                (Some(_), Some(htpasswd)) => Some(nginx::BasicAuthFiles {
                    htpasswd,
                    health_token: &token,
                }),
                _ => None,
            },
            cache,
        );
        if let (Some(line), Some(htpasswd)) = (&line, htpasswd) {
            home::create_private_dir(&home.nginx_dir().join("auth"))?;
            // Written before the route that names it; a reload that fails
            // leaves the old route, which either names this file (the same
            // environment, new credentials) or none.
            write_private(htpasswd, line.as_bytes())?;
        }
        let pools_file = home.nginx_dir().join(nginx::POOLS_MAP);
        let pools = self.pools_map();
        let previous_pools = std::fs::read(&pools_file).ok();
        let previous = std::fs::read(file).ok();
        if previous.as_deref() == Some(config.as_bytes())
            && previous_pools.as_deref() == Some(pools.as_bytes())
        {
            // nginx runs this route and knows every pool already: freezing,
            // thawing and switching change only files it reads per request.
            return Ok((false, line.is_none()));
        }
        // Renamed into place: nginx reads either the old route or the new.
        // A pool more in the map does no harm if the reload fails.
        write_private(&pools_file, pools.as_bytes())?;
        write_private(file, config.as_bytes())?;
        if let Err(e) = self.services.reload_nginx() {
            // A route nginx rejects must not stay to break the next reload.
            match previous {
                Some(old) => {
                    let _ = write_private(file, &old);
                }
                None => {
                    let _ = std::fs::remove_file(file);
                }
            }
            return Err(e);
        }
        Ok((true, line.is_none()))
    }

    fn database_access_of(&self, instance: &str) -> Result<DatabaseAccess> {
        let record = self.record_of(instance)?;
        if record.db_user.is_empty() {
            return Err(Error::new(format!(
                "instance {instance} was provisioned by an older slipway and has no database account on record"
            )));
        }
        Ok(DatabaseAccess {
            socket: Some(self.home().mariadb_socket()),
            host: "127.0.0.1".to_string(),
            port: self.services.config().mariadb_port,
            user: record.db_user,
            // provision_database makes the account for localhost (the
            // socket) and 127.0.0.1 (TCP).
            account_host: "localhost".to_string(),
            password: record.db_password,
            database: record.db_name,
        })
    }

    fn changed_tables_of(
        &self,
        instance: &str,
        since: &str,
        until: &str,
    ) -> Result<Option<(BTreeSet<String>, bool)>> {
        let db = self.db_name_of(instance)?;
        let bad = |e: slipway_mysql::binlog::BadPosition| Error::new(e.to_string());
        let since: BinlogPos = since.parse().map_err(bad)?;
        let until: BinlogPos = until.parse().map_err(bad)?;
        let files =
            slipway_mysql::binlog::log_files(&self.services.sql_escaped("", "SHOW BINARY LOGS")?);
        let (Some(first), Some(last)) = (
            files.iter().position(|f| *f == since.file),
            files.iter().position(|f| *f == until.file),
        ) else {
            return Ok(None);
        };
        if first > last {
            return Ok(None);
        }
        let mut changes = Changes::default();
        for (i, file) in files[first..=last].iter().enumerate() {
            let from = if i == 0 { since.pos } else { 4 };
            let output = self
                .services
                .sql_escaped("", &format!("SHOW BINLOG EVENTS IN '{file}' FROM {from}"))?;
            let end = (first + i == last).then_some(until.pos);
            changes.read_events(&output, &db, end);
        }
        Ok(Some((changes.tables, changes.everything)))
    }

    fn mail_dir(&self, instance: &str) -> PathBuf {
        self.home().instance_dir(instance).join(MAIL_DIR)
    }

    /// Lists the trap's messages: every `ID.json` index with its `ID.eml`.
    fn list_trap(&self, instance: &str) -> Result<Vec<TrappedMail>> {
        let dir = self.mail_dir(instance);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(format!("reading {}", dir.display()), e)),
        };
        let mut mail = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if id.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            let index: TrapIndex = serde_json::from_str(&text).map_err(|e| {
                Error::new(format!(
                    "{} is not a trapped message's index: {e}",
                    path.display()
                ))
            })?;
            mail.push(TrappedMail {
                id: id.to_string(),
                time: index.time,
                from: index.from,
                to: index.to,
                subject: index.subject,
                file: dir.join(format!("{id}.eml")),
            });
        }
        mail.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(mail)
    }

    /// Runs a PHP file with WordPress loaded and output captured, turning a
    /// failure into an error quoting PHP's messages.
    pub fn php_capture(
        &self,
        instance: &str,
        script: &std::path::Path,
        args: &[String],
        load_wordpress: bool,
    ) -> Result<String, RuntimeError> {
        let out = self.run_php(
            instance,
            &PhpRun {
                script,
                args,
                load_wordpress,
                url: None,
                input: None,
                io: PhpIo::Capture,
            },
        )?;
        if !out.success() {
            return Err(RuntimeError::new(format!(
                "PHP {} in instance {instance} failed ({}):\n{}{}",
                script.display(),
                out.status
                    .map_or("killed".to_string(), |c| format!("exit {c}")),
                process::tail(&String::from_utf8_lossy(&out.stderr)),
                process::tail(&String::from_utf8_lossy(&out.stdout)),
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Removes `instance`'s pages from nginx's cache directory and returns how
/// many. nginx takes a missing file for a miss and asks PHP again: the way
/// to purge its cache without its commercial purge module. Files nginx is
/// still writing (named `….N`) are left alone; files removed meanwhile by
/// nginx's cache manager are no error.
fn purge_cached_pages(dir: &std::path::Path, instance: &str) -> std::io::Result<usize> {
    use std::io::Read;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut purged = 0;
    let mut head = Vec::with_capacity(nginx::CACHE_HEAD);
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            purged += purge_cached_pages(&path, instance)?;
            continue;
        }
        if !kind.is_file() || entry.file_name().to_string_lossy().contains('.') {
            continue;
        }
        head.clear();
        match std::fs::File::open(&path) {
            Ok(file) => {
                file.take(nginx::CACHE_HEAD as u64).read_to_end(&mut head)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
        if nginx::cached_page_of(&head, instance) {
            match std::fs::remove_file(&path) {
                Ok(()) => purged += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(purged)
}

/// What the mail trap writes beside each message.
#[derive(Debug, serde::Deserialize)]
struct TrapIndex {
    time: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: Vec<String>,
    #[serde(default)]
    subject: String,
}

/// The path of a URL (`/` when it has none), as a request line needs it.
fn path_of(url: &str) -> &str {
    url.find("://")
        .map(|i| &url[i + 3..])
        .and_then(|rest| rest.find('/').map(|j| &rest[j..]))
        .unwrap_or("/")
}

/// Database and account names go into SQL unquoted by the caller's intent;
/// only plain identifiers are accepted.
fn check_identifier(name: &str) -> Result<()> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{name:?} is not a plain database identifier (1-64 letters, digits, _)"
        )))
    }
}

impl LocalRuntime {
    /// Runs the due WordPress scheduled events (`wp-cron.php`) of every
    /// instance an open route serves, one after another, and returns each
    /// instance's outcome. Instances no route serves (a release's standby,
    /// a copy being made, a preview) and frozen routes run none: their
    /// events belong to whichever instance serves next.
    pub fn run_cron_once(&self) -> Vec<(String, Result<(), RuntimeError>)> {
        let sites = self.home().nginx_dir().join("sites");
        let Ok(entries) = std::fs::read_dir(&sites) else {
            return Vec::new();
        };
        let mut instances: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| !n.starts_with('~'))
            .filter_map(|n| {
                let (site, environment) = n.strip_suffix(".conf")?.split_once("--")?;
                self.routed_instance(site, environment).or_else(|| {
                    // A route written before routes had links names its
                    // instance in its first line, until it is routed again.
                    let config = std::fs::read_to_string(sites.join(&n)).ok()?;
                    let first = config.lines().next()?;
                    let instance = first.rsplit_once("-> instance ")?.1.strip_suffix('.')?;
                    Some(instance.to_string())
                })
            })
            .filter(|instance| self.pool_file(instance).exists())
            .filter(|instance| !self.freeze_flag(instance).exists())
            .collect();
        instances.sort();
        instances.dedup();
        instances
            .into_iter()
            .map(|instance| {
                let script = self.docroot(&instance).join("wp-cron.php");
                let outcome = self.php_capture(&instance, &script, &[], false).map(|_| ());
                (instance, outcome)
            })
            .collect()
    }
}

impl LocalRuntime {
    /// An instance's code tree (its document root).
    pub fn code_dir(&self, instance: &str) -> PathBuf {
        self.docroot(instance)
    }

    /// The lock an instance's code was built from, if a lock built it.
    pub fn code_lock(&self, instance: &str) -> Option<PathBuf> {
        let path = self.home().instance_dir(instance).join(INSTANCE_LOCK);
        path.is_file().then_some(path)
    }

    /// Keeps a copy of the lock the instance's code was built from (or
    /// removes a stale one when no lock built it).
    fn record_lock(&self, instance: &str, source: &CodeSource) -> Result<()> {
        let path = self.home().instance_dir(instance).join(INSTANCE_LOCK);
        match source {
            CodeSource::Locked(locked) => {
                let (text, _) = code::read_lock(locked)?;
                write_private(&path, text.as_bytes())
            }
            _ => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::io(format!("removing {}", path.display()), e))
                }
                _ => Ok(()),
            },
        }
    }

    /// Builds the instance's new tree beside the old one, moves the uploads
    /// over, swaps the two in one step and reloads its PHP workers (so no
    /// worker keeps compiled code of the old tree).
    fn replace_code(&self, instance: &str, source: &CodeSource) -> Result<()> {
        let dir = self.home().instance_dir(instance);
        let htdocs = dir.join("htdocs");
        if !htdocs.join("wp-load.php").is_file() {
            return Err(Error::new(format!(
                "instance {instance} has no code at {}; it is not provisioned",
                htdocs.display()
            )));
        }
        let next = dir.join("htdocs.next");
        code::remove_tree(&next)?;
        instance::build_tree(source, &next)?;
        let uploads = htdocs.join("wp-content/uploads");
        let next_uploads = next.join("wp-content/uploads");
        if uploads.is_dir() {
            std::fs::remove_dir(&next_uploads)
                .map_err(|e| Error::io(format!("removing {}", next_uploads.display()), e))?;
            std::fs::rename(&uploads, &next_uploads)
                .map_err(|e| Error::io(format!("moving {}", uploads.display()), e))?;
        }
        if let Err(e) = code::exchange(&next, &htdocs) {
            // The old tree stays in service: it gets its uploads back.
            let _ = std::fs::rename(&next_uploads, &uploads);
            return Err(e);
        }
        self.record_lock(instance, source)?;
        code::remove_tree(&next)?;
        let _lock = self.services.lock()?;
        if self.pool_file(instance).exists() {
            self.services
                .reload_php_fpm(Some(&self.home().pool_socket(instance)))?;
        }
        Ok(())
    }
}
