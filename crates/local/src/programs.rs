//! The programs the local runtime runs, found on this machine.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Directories searched after `PATH`: the servers live in `/usr/sbin`, which
/// is not on an ordinary user's `PATH`.
const SYSTEM_DIRS: [&str; 4] = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin"];

/// Where each program the local runtime runs was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programs {
    /// `mariadbd`.
    pub mariadbd: PathBuf,
    /// `mariadb-install-db`.
    pub mariadb_install_db: PathBuf,
    /// The `mariadb` client.
    pub mariadb: PathBuf,
    /// `php` (CLI).
    pub php: PathBuf,
    /// `php-fpm` (Debian names it with its version, `php-fpm8.2`).
    pub php_fpm: PathBuf,
    /// `nginx`.
    pub nginx: PathBuf,
    /// `redis-server`.
    pub redis_server: PathBuf,
}

impl Programs {
    /// Finds every program, or says which are missing and which Debian
    /// packages provide them.
    pub fn find() -> Result<Programs> {
        let mut missing = Vec::new();
        let mut find = |names: &[&'static str], package: &'static str| -> PathBuf {
            match names.iter().find_map(|n| locate(n)) {
                Some(path) => path,
                None => {
                    missing.push((names[0], package));
                    PathBuf::new()
                }
            }
        };
        let programs = Programs {
            mariadbd: find(&["mariadbd", "mysqld"], "mariadb-server"),
            mariadb_install_db: find(
                &["mariadb-install-db", "mysql_install_db"],
                "mariadb-server",
            ),
            mariadb: find(&["mariadb", "mysql"], "mariadb-client"),
            php: find(&["php"], "php-cli"),
            php_fpm: find(
                &["php-fpm", "php-fpm8.4", "php-fpm8.3", "php-fpm8.2"],
                "php-fpm",
            ),
            nginx: find(&["nginx"], "nginx"),
            redis_server: find(&["redis-server"], "redis-server"),
        };
        if missing.is_empty() {
            return Ok(programs);
        }
        let what: Vec<String> = missing
            .iter()
            .map(|(name, package)| format!("{name} (Debian package {package})"))
            .collect();
        let mut packages: Vec<&str> = missing.iter().map(|(_, p)| *p).collect();
        packages.dedup();
        Err(Error::new(format!(
            "missing programs: {}; install them with `sudo apt-get install {}` or the README's set-up command",
            what.join(", "),
            packages.join(" ")
        )))
    }
}

/// The first executable called `name` on `PATH` or in [`SYSTEM_DIRS`].
fn locate(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}
