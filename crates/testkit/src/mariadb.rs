//! A private MariaDB server: its own data directory in a temporary
//! directory, a Unix socket there and a loopback TCP port, stopped on drop.

use crate::components::Components;
use crate::php_server::free_port;
use crate::process::{describe, log_tail, run, run_text};
use anyhow::{bail, Context, Result};
use rand::distributions::{Alphanumeric, DistString};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long the server may take to answer; it normally takes well under a
/// second.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A Unix socket path longer than this does not fit in `sockaddr_un`.
const MAX_SOCKET_PATH: usize = 100;

/// Attempts at starting the server, each on a fresh port: a port found free
/// can be taken by someone else before the server binds it.
const START_ATTEMPTS: usize = 3;

/// The account WordPress connects with (over TCP, with a password, as on a
/// real host); the kit itself uses `root` over the socket.
const APP_USER: &str = "wordpress";

/// Server settings that make a throwaway server start and write fast. They
/// trade crash safety for speed, which a server that lives for one test does
/// not need. Debian's own defaults for the character set are kept.
const SERVER_SETTINGS: [&str; 8] = [
    "--innodb-buffer-pool-size=64M",
    "--innodb-log-file-size=16M",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--max-allowed-packet=256M",
];

/// A running MariaDB server that only this process uses.
///
/// It listens on `127.0.0.1` at [`port`](MariaDb::port) and on the Unix
/// socket [`socket`](MariaDb::socket). The kit's own methods connect as
/// `root` over the socket; [`user`](MariaDb::user) and
/// [`password`](MariaDb::password) are an account with every privilege, for
/// applications such as WordPress that connect over TCP. Dropping it kills
/// the server and deletes its data.
#[derive(Debug)]
pub struct MariaDb {
    child: Child,
    port: u16,
    socket: PathBuf,
    error_log: PathBuf,
    client: PathBuf,
    dumper: PathBuf,
    password: String,
    dir: TempDir,
}

impl MariaDb {
    /// Finds the components and starts a server; see [`MariaDb::start_with`].
    pub fn start() -> Result<MariaDb> {
        let components = Components::find()?;
        MariaDb::start_with(&components)
    }

    /// Creates a data directory with `mariadb-install-db` and starts
    /// `mariadbd` on it, waiting until it answers queries.
    pub fn start_with(components: &Components) -> Result<MariaDb> {
        let dir = tempfile::Builder::new()
            .prefix("slipway-mariadb-")
            .tempdir()
            .context("creating a directory for MariaDB")?;
        let socket = dir.path().join("mysqld.sock");
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            bail!(
                "the socket path {} is too long for a Unix socket; set TMPDIR to a shorter directory",
                socket.display()
            );
        }
        // mariadbd refuses to run as root unless told to; a directory we just
        // created is owned by whoever we run as.
        let as_root = std::fs::metadata(dir.path())?.uid() == 0;
        let data = dir.path().join("data");
        install_data_dir(components, &data, as_root)?;

        let mut last_error = None;
        for _ in 0..START_ATTEMPTS {
            let port = free_port()?;
            let attempt = Attempt {
                components,
                dir: dir.path(),
                data: &data,
                socket: &socket,
                port,
                as_root,
            };
            match attempt.start() {
                Ok(child) => {
                    let error_log = attempt.error_log();
                    let db = MariaDb {
                        child,
                        port,
                        socket,
                        error_log,
                        client: components.mariadb.clone(),
                        dumper: components.mariadb_dump.clone(),
                        password: Alphanumeric.sample_string(&mut rand::thread_rng(), 24),
                        dir,
                    };
                    db.create_app_user()?;
                    return Ok(db);
                }
                Err(e) if attempt.lost_port_race() => last_error = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_error
            .unwrap_or_else(|| anyhow::anyhow!("MariaDB did not start"))
            .context(format!(
                "MariaDB could not bind a free port in {START_ATTEMPTS} attempts"
            )))
    }

    /// The loopback TCP port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's Unix socket.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The temporary directory holding the data directory, socket and logs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The account for applications connecting over TCP from `127.0.0.1`
    /// or through the socket; it has every privilege.
    pub fn user(&self) -> &str {
        APP_USER
    }

    /// The password of [`user`](MariaDb::user), random per server.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Creates database `name` (utf8mb4); it is an error if it exists.
    pub fn create_database(&self, name: &str) -> Result<()> {
        check_identifier(name)?;
        self.sql(
            "",
            &format!(
                "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
            ),
        )
        .with_context(|| format!("creating database {name}"))?;
        Ok(())
    }

    /// Creates database `name` unless it exists.
    pub fn ensure_database(&self, name: &str) -> Result<()> {
        check_identifier(name)?;
        self.sql(
            "",
            &format!(
                "CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
            ),
        )
        .with_context(|| format!("creating database {name}"))?;
        Ok(())
    }

    /// Runs `sql` (one or more statements) with the `mariadb` client in
    /// database `db` (none when empty) and returns what it printed: in batch
    /// mode, one line per row, columns separated by tabs, no header line, and
    /// values exactly as stored (`--raw`: no escaping, so a value with a line
    /// break spans lines); `NULL` prints as `NULL`.
    pub fn sql(&self, db: &str, sql: &str) -> Result<String> {
        let mut client = self.client();
        client.args(["--batch", "--raw", "--skip-column-names"]);
        if !db.is_empty() {
            check_identifier(db)?;
            client.arg(format!("--database={db}"));
        }
        run_text(&mut client, Some(sql.as_bytes()))
    }

    /// The database `db` as `mariadb-dump --single-transaction` writes it:
    /// the real tool's real output, byte for byte.
    pub fn dump(&self, db: &str) -> Result<Vec<u8>> {
        self.dump_with(db, &[])
    }

    /// [`MariaDb::dump`] with extra `mariadb-dump` options, such as
    /// `--skip-dump-date` or `--skip-extended-insert`.
    pub fn dump_with(&self, db: &str, options: &[&str]) -> Result<Vec<u8>> {
        check_identifier(db)?;
        let mut dump = Command::new(&self.dumper);
        dump.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args([
                "--user=root",
                "--single-transaction",
                "--default-character-set=utf8mb4",
            ])
            .args(options)
            .arg(db);
        run(&mut dump, None).with_context(|| format!("dumping database {db}"))
    }

    /// Loads an SQL dump (or any SQL script) into database `db`, which must
    /// exist, with the `mariadb` client.
    pub fn load(&self, db: &str, dump: &[u8]) -> Result<()> {
        check_identifier(db)?;
        let mut client = self.client();
        client.arg(format!("--database={db}"));
        run(&mut client, Some(dump))
            .with_context(|| format!("loading a dump into database {db}"))?;
        Ok(())
    }

    /// A `mariadb` client command connected as `root` over the socket, for
    /// anything the methods above do not cover.
    pub fn client(&self) -> Command {
        let mut client = Command::new(&self.client);
        client
            .arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args(["--user=root", "--default-character-set=utf8mb4"]);
        client
    }

    /// The end of the server's error log, for diagnosing a failure.
    pub fn error_log(&self) -> String {
        log_tail(&self.error_log)
    }

    fn create_app_user(&self) -> Result<()> {
        let password = &self.password;
        let sql = ["127.0.0.1", "localhost"]
            .iter()
            .map(|host| {
                format!(
                    "CREATE USER '{APP_USER}'@'{host}' IDENTIFIED BY '{password}';\n\
                     GRANT ALL PRIVILEGES ON *.* TO '{APP_USER}'@'{host}';\n"
                )
            })
            .collect::<String>();
        self.sql("", &sql)
            .context("creating the application account")?;
        Ok(())
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        // The data dies with the server, so there is nothing to shut down
        // cleanly for.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `mariadb-install-db`. Root gets a password-less `root` account with
/// ordinary password authentication, so the kit can connect as root whether
/// or not it runs as the operating system's root.
fn install_data_dir(components: &Components, data: &Path, as_root: bool) -> Result<()> {
    let mut install = Command::new(&components.mariadb_install_db);
    install
        .arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
        // Not /tmp: a MariaDB starting meanwhile removes temporary tables
        // it finds there, the bootstrap's among them.
        .arg(format!(
            "--tmpdir={}",
            data.parent().unwrap_or(data).display()
        ))
        .args(SERVER_SETTINGS);
    if as_root {
        install.arg("--user=root");
    }
    run(&mut install, None).context("creating a MariaDB data directory")?;
    Ok(())
}

/// One try at starting `mariadbd` on a given port.
struct Attempt<'a> {
    components: &'a Components,
    dir: &'a Path,
    data: &'a Path,
    socket: &'a Path,
    port: u16,
    as_root: bool,
}

impl Attempt<'_> {
    fn error_log(&self) -> PathBuf {
        self.dir.join("mysqld.err")
    }

    fn start(&self) -> Result<Child> {
        // A failed attempt's log would otherwise be blamed on the next one.
        let _ = std::fs::remove_file(self.error_log());
        let mut server = Command::new(&self.components.mariadbd);
        server
            .arg("--no-defaults")
            .arg(format!("--datadir={}", self.data.display()))
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--port={}", self.port))
            .args(["--bind-address=127.0.0.1", "--skip-networking=0"])
            .arg(format!(
                "--pid-file={}",
                self.dir.join("mysqld.pid").display()
            ))
            .arg(format!("--log-error={}", self.error_log().display()))
            .arg(format!("--tmpdir={}", self.dir.display()))
            .args(SERVER_SETTINGS)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if self.as_root {
            server.arg("--user=root");
        }
        let mut child = server
            .spawn()
            .with_context(|| format!("cannot start {}", describe(&server)))?;
        match self.wait_until_answering(&mut child) {
            Ok(()) => Ok(child),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    fn wait_until_answering(&self, child: &mut Child) -> Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = child.try_wait()? {
                bail!(
                    "mariadbd exited ({status}) while starting on port {}; its log:\n{}",
                    self.port,
                    log_tail(&self.error_log())
                );
            }
            if self.socket.exists() && self.answers() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "mariadbd did not answer within {START_TIMEOUT:?}; its log:\n{}",
                    log_tail(&self.error_log())
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn answers(&self) -> bool {
        Command::new(&self.components.mariadb)
            .arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args(["--user=root", "--connect-timeout=2", "--execute=SELECT 1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    fn lost_port_race(&self) -> bool {
        std::fs::read_to_string(self.error_log())
            .map(|log| {
                log.contains("Address already in use")
                    || log.contains("Do you already have another")
            })
            .unwrap_or(false)
    }
}

/// Database names go into SQL and command lines unquoted by the callers'
/// intent; accepting only plain identifiers keeps both safe.
fn check_identifier(name: &str) -> Result<()> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
    if !plain {
        bail!("database name {name:?} must be 1–64 ASCII letters, digits, _ or $");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_identifiers_are_database_names() {
        assert!(check_identifier("shop_1").is_ok());
        for bad in ["", "a`b", "a b", "x;DROP", "é", &"a".repeat(65)] {
            assert!(check_identifier(bad).is_err(), "{bad:?}");
        }
    }
}
