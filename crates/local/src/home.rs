//! The state directory: where the local runtime keeps its services' data,
//! configuration, sockets, logs and instances.

use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Overrides the state directory.
pub const HOME_ENV: &str = "SLIPWAY_HOME";

/// A Unix socket path longer than this does not fit in `sockaddr_un`
/// (108 bytes with the terminating NUL).
const MAX_SOCKET_PATH: usize = 107;

/// The state directory and the paths inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// The state directory named by `$SLIPWAY_HOME`, or `slipway` in the
    /// user's data directory (`$XDG_DATA_HOME`, else `~/.local/share`).
    pub fn from_env() -> Result<Home> {
        if let Some(dir) = std::env::var_os(HOME_ENV).filter(|d| !d.is_empty()) {
            return Ok(Home::at(PathBuf::from(dir)));
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|d| !d.is_empty())
                    .map(|h| PathBuf::from(h).join(".local/share"))
            })
            .ok_or_else(|| {
                Error::new(format!(
                    "cannot tell where to keep slipway's state: set {HOME_ENV} (or HOME)"
                ))
            })?;
        Ok(Home::at(data.join("slipway")))
    }

    /// The state directory at `root`.
    pub fn at(root: impl Into<PathBuf>) -> Home {
        let root = root.into();
        // Sockets and configuration files name paths inside the state
        // directory; a relative one would change meaning with the working
        // directory of each service.
        let root = if root.is_relative() {
            std::env::current_dir()
                .map(|cwd| cwd.join(&root))
                .unwrap_or(root)
        } else {
            root
        };
        Home { root }
    }

    /// Creates the directory tree (private to this user) if it is missing,
    /// and checks that socket paths inside it are short enough.
    pub fn create(&self) -> Result<()> {
        for dir in [
            self.root.clone(),
            self.run_dir(),
            self.log_dir(),
            self.instances_dir(),
            self.secrets_dir(),
            self.root.join("mariadb"),
            self.root.join("redis"),
            self.nginx_dir(),
            self.nginx_dir().join("sites"),
            self.nginx_dir().join("cache"),
            self.nginx_dir().join("temp"),
            self.php_dir(),
            self.php_dir().join("pools"),
            self.run_dir().join("php"),
        ] {
            create_private_dir(&dir)?;
        }
        let longest = self
            .run_dir()
            .join("php")
            .join(format!("{}.sock", "x".repeat(64)));
        if longest.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(Error::new(format!(
                "the state directory {} is too deep for Unix socket paths (at most {MAX_SOCKET_PATH} bytes); set {HOME_ENV} to a shorter path",
                self.root.display()
            )));
        }
        Ok(())
    }

    /// The state directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The catalog database.
    pub fn catalog(&self) -> PathBuf {
        self.root.join("catalog.sqlite")
    }

    /// The runtime's configuration file.
    pub fn config_file(&self) -> PathBuf {
        self.root.join("config.toml")
    }

    /// Pid files and sockets.
    pub fn run_dir(&self) -> PathBuf {
        self.root.join("run")
    }

    /// Service logs.
    pub fn log_dir(&self) -> PathBuf {
        self.root.join("log")
    }

    /// One directory per instance.
    pub fn instances_dir(&self) -> PathBuf {
        self.root.join("instances")
    }

    /// Generated secrets, each in a file of mode 0600.
    pub fn secrets_dir(&self) -> PathBuf {
        self.root.join("secrets")
    }

    /// MariaDB's data directory.
    pub fn mariadb_data(&self) -> PathBuf {
        self.root.join("mariadb").join("data")
    }

    /// MariaDB's socket.
    pub fn mariadb_socket(&self) -> PathBuf {
        self.run_dir().join("mariadb.sock")
    }

    /// Redis' working directory.
    pub fn redis_dir(&self) -> PathBuf {
        self.root.join("redis")
    }

    /// Redis' socket.
    pub fn redis_socket(&self) -> PathBuf {
        self.run_dir().join("redis.sock")
    }

    /// nginx's prefix: its configuration, site routes, cache and temporary
    /// files.
    pub fn nginx_dir(&self) -> PathBuf {
        self.root.join("nginx")
    }

    /// PHP-FPM's configuration and pools, and the PHP scripts slipway runs.
    pub fn php_dir(&self) -> PathBuf {
        self.root.join("php")
    }

    /// The socket of an instance's PHP-FPM pool. It is named by a hash of
    /// the instance's name: socket paths are limited to 107 bytes, and
    /// instance names can be long.
    pub fn pool_socket(&self, instance: &str) -> PathBuf {
        // FNV-1a: stable across builds, unlike std's hasher.
        let hash = instance.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        self.run_dir().join("php").join(format!("{hash:016x}.sock"))
    }

    /// An instance's directory.
    pub fn instance_dir(&self, instance: &str) -> PathBuf {
        self.instances_dir().join(instance)
    }
}

/// The ports the services listen on, chosen when the state directory is
/// first used and kept in `config.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// nginx, the front for every site (default 8080, or `$SLIPWAY_HTTP_PORT`
    /// at first use).
    pub http_port: u16,
    /// MariaDB's loopback TCP port.
    pub mariadb_port: u16,
    /// Redis' loopback TCP port.
    pub redis_port: u16,
}

impl Config {
    /// Reads `config.toml`, or writes it with fresh choices if it is missing:
    /// `$SLIPWAY_HTTP_PORT`, `$SLIPWAY_MARIADB_PORT` and `$SLIPWAY_REDIS_PORT`
    /// if set, else 8080 for HTTP and free ports for the others.
    pub fn load_or_init(home: &Home) -> Result<Config> {
        let path = home.config_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                Error::new(format!(
                    "{} is not a valid configuration: {e}",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let config = Config {
                    http_port: port_from_env("SLIPWAY_HTTP_PORT")?.unwrap_or(8080),
                    mariadb_port: match port_from_env("SLIPWAY_MARIADB_PORT")? {
                        Some(port) => port,
                        None => free_port()?,
                    },
                    redis_port: match port_from_env("SLIPWAY_REDIS_PORT")? {
                        Some(port) => port,
                        None => free_port()?,
                    },
                };
                let text = toml::to_string(&config)
                    .map_err(|e| Error::new(format!("cannot write the configuration: {e}")))?;
                let text = format!(
                    "# Ports of slipway's services on 127.0.0.1, chosen at first use.\n{text}"
                );
                write_private(&path, text.as_bytes())?;
                Ok(config)
            }
            Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
        }
    }
}

fn port_from_env(name: &str) -> Result<Option<u16>> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => value
            .parse::<u16>()
            .ok()
            .filter(|&p| p != 0)
            .map(Some)
            .ok_or_else(|| Error::new(format!("{name}={value:?} is not a port number"))),
        _ => Ok(None),
    }
}

/// A loopback TCP port nothing listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::io("looking for a free port", e))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::io("looking for a free port", e))
}

/// Creates `dir` (and its parents) with mode 0700 if missing.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))
}

/// Opens (creating it if need be) a file that is only ever locked, never
/// written.
pub(crate) fn open_lock_file(path: &Path) -> Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))
}

/// Writes `bytes` to `path` with mode 0600, through a temporary file renamed
/// into place, so a reader never sees half a file.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mode = 0o600;
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&temp)?;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(format!("writing {}", path.display()), e)
    })
}
