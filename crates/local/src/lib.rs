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
mod services;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use slipway_runtime::{
    CodeSource, Health, InstanceSpec, PhpIo, PhpOutput, PhpRun, Route, Runtime, RuntimeError,
    SqlFeed,
};

pub use code::{INSTANCE_LOCK, RUNTIME_FILES};
pub use error::{Error, Result};
pub use home::{free_port, Config, Home, HOME_ENV};
pub use instance::{authority_of, generate_password, link_core, php_quote};
pub use programs::Programs;
pub use services::{Service, ServiceStatus, Services};

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
}

/// The PHP runner that loads an instance's WordPress for a script.
const RUNNER: &str = include_str!("php/runner.php");

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
        let runner = home.php_dir().join("runner.php");
        if std::fs::read(&runner).ok().as_deref() != Some(RUNNER.as_bytes()) {
            write_private(&runner, RUNNER.as_bytes())?;
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
        self.home().instance_dir(instance).join("htdocs")
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
        let password = instance::generate_password();
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
        let record = InstanceRecord {
            db_name: spec.db_name.clone(),
            url: spec.url.clone(),
        };
        let record = serde_json::to_vec_pretty(&record)
            .map_err(|e| Error::new(format!("recording instance {}: {e}", spec.id)))?;
        write_private(&dir.join(RECORD_FILE), &record)?;
        let _lock = self.services.lock()?;
        let socket = home.pool_socket(&spec.id);
        let pool = fpm::pool_config(&spec.id, &socket, &dir, self.services.as_root());
        write_private(&self.pool_file(&spec.id), pool.as_bytes())?;
        self.services.reload_php_fpm(Some(&socket))?;
        Ok(())
    }

    fn destroy(&self, instance: &str) -> Result<(), RuntimeError> {
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
        let home = self.home();
        let config = nginx::site_config(
            route,
            &self.docroot(&route.instance),
            &home.pool_socket(&route.instance),
            &home.nginx_dir().join("fastcgi_params"),
            self.http_port(),
        );
        let _lock = self.services.lock()?;
        let file = self.route_file(&route.site, &route.environment);
        let previous = std::fs::read(&file).ok();
        // Renamed into place: nginx reads either the old route or the new.
        write_private(&file, config.as_bytes())?;
        if let Err(e) = self.services.reload_nginx() {
            // A route nginx rejects must not stay to break the next reload.
            match previous {
                Some(old) => {
                    let _ = write_private(&file, &old);
                }
                None => {
                    let _ = std::fs::remove_file(&file);
                }
            }
            return Err(e.into());
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
        let url = match run_spec.url {
            Some(url) => url.to_string(),
            None => self.record_of(instance)?.url,
        };
        let php_dir = self.home().php_dir();
        let mut php = Command::new(&self.services.programs().php);
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
        client
            .arg(format!("--database={db}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = client
            .spawn()
            .map_err(|e| Error::io(format!("cannot start {}", process::describe(&client)), e))?;
        let stderr = child.stderr.take();
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = stderr {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            }
            text
        });
        let fed = match child.stdin.take() {
            Some(stdin) => {
                let mut stdin = std::io::BufWriter::with_capacity(1 << 20, stdin);
                let fed = feed(&mut stdin);
                let flushed = stdin.flush();
                drop(stdin);
                fed.and_then(|()| flushed.map_err(Into::into))
            }
            None => Err("the client has no standard input".into()),
        };
        if fed.is_err() {
            // Whatever was loaded is incomplete; the caller discards it.
            let _ = child.kill();
        }
        let status = child
            .wait()
            .map_err(|e| Error::io(format!("waiting for {}", process::describe(&client)), e))?;
        let errors = errors.join().unwrap_or_default();
        if !status.success() {
            return Err(RuntimeError::new(format!(
                "loading into database {db} failed ({status}): {}",
                process::tail(errors.trim_end())
            )));
        }
        fed.map_err(|e| RuntimeError::new(format!("loading into database {db}: {e}")))
    }

    fn install_code(&self, instance: &str, code: &CodeSource) -> Result<(), RuntimeError> {
        Ok(self.replace_code(instance, code)?)
    }

    fn health(&self, instance: &str, url: &str) -> Result<Health, RuntimeError> {
        if self.services.pid(Service::Nginx).is_none() {
            return Ok(Health::Down);
        }
        let authority = authority_of(url);
        let path = url
            .find("://")
            .map(|i| &url[i + 3..])
            .and_then(|rest| rest.find('/').map(|j| &rest[j..]))
            .unwrap_or("/");
        let response = http::get(
            self.http_port(),
            authority,
            path,
            &[],
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
}

impl LocalRuntime {
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
    /// instance that has PHP workers, one after another, and returns each
    /// instance's outcome.
    pub fn run_cron_once(&self) -> Vec<(String, Result<(), RuntimeError>)> {
        let pools = self.home().php_dir().join("pools");
        let Ok(entries) = std::fs::read_dir(&pools) else {
            return Vec::new();
        };
        let mut instances: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".conf")
                    .map(str::to_string)
            })
            .collect();
        instances.sort();
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
