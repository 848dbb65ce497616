//! Finding the real programs the tests run, and the rule for when one is
//! missing: skip on a developer's machine, fail in CI.

use std::ffi::OsStr;
use std::fmt;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Debian's `wordpress` package puts WordPress core.
const DEBIAN_WORDPRESS: &str = "/usr/share/wordpress";

/// Overrides [`DEBIAN_WORDPRESS`], for machines whose WordPress core lives
/// elsewhere.
const WORDPRESS_ENV: &str = "SLIPWAY_WORDPRESS_CORE";

/// Directories searched after `PATH`: `mariadbd` is in `/usr/sbin`, which is
/// not on an ordinary user's `PATH`.
const SYSTEM_DIRS: [&str; 6] = [
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// The programs and files the test kit runs, each at a path known to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// The MariaDB server, `mariadbd`.
    pub mariadbd: PathBuf,
    /// `mariadb-install-db`, which creates a data directory.
    pub mariadb_install_db: PathBuf,
    /// The command-line client, `mariadb`.
    pub mariadb: PathBuf,
    /// `mariadb-dump`.
    pub mariadb_dump: PathBuf,
    /// The PHP command-line interpreter, with the `mysqli` extension.
    pub php: PathBuf,
    /// The WordPress core directory (Debian's `/usr/share/wordpress`, or the
    /// directory named by `SLIPWAY_WORDPRESS_CORE`).
    pub wordpress: PathBuf,
}

/// One thing that was looked for and not found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Missing {
    what: String,
    package: &'static str,
}

/// The components [`Components::find`] could not find, with the Debian
/// packages that provide them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingComponents {
    missing: Vec<Missing>,
}

impl MissingComponents {
    /// The Debian packages that would provide what is missing, without
    /// repetition.
    pub fn packages(&self) -> Vec<&'static str> {
        let mut packages: Vec<&'static str> = Vec::new();
        for m in &self.missing {
            if !packages.contains(&m.package) {
                packages.push(m.package);
            }
        }
        packages
    }
}

impl fmt::Display for MissingComponents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self
            .missing
            .iter()
            .map(|m| format!("{} (Debian package {})", m.what, m.package))
            .collect();
        write!(
            f,
            "missing {}; install with scripts/install-deps or `apt-get install {}`",
            items.join(", "),
            self.packages().join(" ")
        )
    }
}

impl std::error::Error for MissingComponents {}

impl Components {
    /// Looks for every component; the error lists all that are missing at
    /// once, so one install fixes them all.
    pub fn find() -> Result<Components, MissingComponents> {
        let mut missing = Vec::new();
        let mut program = |name: &str, package: &'static str| {
            find_program(name).unwrap_or_else(|| {
                missing.push(Missing {
                    what: name.to_string(),
                    package,
                });
                PathBuf::new()
            })
        };
        let mariadbd = program("mariadbd", "mariadb-server");
        let mariadb_install_db = program("mariadb-install-db", "mariadb-server");
        let mariadb = program("mariadb", "mariadb-client");
        let mariadb_dump = program("mariadb-dump", "mariadb-client");
        let php = program("php", "php-cli");
        if !php.as_os_str().is_empty() && !php_has_mysqli(&php) {
            missing.push(Missing {
                what: "PHP's mysqli extension".to_string(),
                package: "php-mysql",
            });
        }
        let wordpress = wordpress_core();
        if !wordpress.join("wp-includes/version.php").is_file() {
            missing.push(Missing {
                what: format!("WordPress core at {}", wordpress.display()),
                package: "wordpress",
            });
        }
        if !missing.is_empty() {
            return Err(MissingComponents { missing });
        }
        Ok(Components {
            mariadbd,
            mariadb_install_db,
            mariadb,
            mariadb_dump,
            php,
            wordpress,
        })
    }

    /// [`Components::find`] with the skip-or-fail rule applied: `None` means
    /// the calling test should return at once (it has been reported as
    /// skipped); under `CI=true` a missing component panics instead.
    #[track_caller]
    pub fn require() -> Option<Components> {
        match Components::find() {
            Ok(components) => Some(components),
            Err(missing) => skip_or_fail(missing),
        }
    }
}

/// Checks that `path` exists, applying the skip-or-fail rule when it does
/// not; `what` names the thing for the message (say, "the slipway binary").
#[track_caller]
pub fn require(what: &str, path: &Path) -> Option<PathBuf> {
    if path.exists() {
        return Some(path.to_path_buf());
    }
    skip_or_fail(format!("{what} not found at {}", path.display()))
}

/// Whether the tests run in CI, where a missing component is a failure: the
/// environment variable `CI` is set to anything but empty, `0` or `false`
/// (CI services set `CI=true`).
pub fn in_ci() -> bool {
    ci_value_means_ci(std::env::var_os("CI").as_deref())
}

fn ci_value_means_ci(value: Option<&OsStr>) -> bool {
    match value.and_then(OsStr::to_str) {
        None => value.is_some(),
        Some(v) => !matches!(v.trim(), "" | "0" | "false" | "FALSE" | "False"),
    }
}

/// Gives up on a test because `reason` (a missing component) prevents it.
///
/// In CI ([`in_ci`]) this panics with `reason`, failing the test. Elsewhere
/// it reports the skip on standard error and returns `None`, for use as
/// `let Some(x) = … else { return };`.
#[track_caller]
pub fn skip_or_fail<T>(reason: impl fmt::Display) -> Option<T> {
    if in_ci() {
        panic!("{reason} (CI is set, so a missing component fails the test)");
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    // Written to the stderr handle rather than with eprintln!, because the
    // test harness captures eprintln! output of passing tests and the skip
    // would go unseen.
    let _ = writeln!(std::io::stderr(), "skipped {test}: {reason}");
    None
}

pub(crate) fn find_program(name: &str) -> Option<PathBuf> {
    let path_dirs = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    path_dirs
        .into_iter()
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Without mysqli WordPress stops with "Your PHP installation appears to be
/// missing the MySQL extension", long after the test started; asking PHP
/// up front turns that into a clear "install php-mysql".
fn php_has_mysqli(php: &Path) -> bool {
    Command::new(php)
        .args(["-r", "exit(extension_loaded('mysqli') ? 0 : 1);"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn wordpress_core() -> PathBuf {
    std::env::var_os(WORDPRESS_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEBIAN_WORDPRESS))
}

/// Runs PHP code (`php -r`) with `input` on its standard input and returns
/// what it prints. `None` when PHP is missing and that may be skipped (the
/// rule of [`skip_or_fail`]); panics when PHP fails.
#[track_caller]
pub fn run_php(code: &str, input: &str) -> Option<String> {
    let php = match find_program("php") {
        Some(php) => php,
        None => return skip_or_fail("php not found (install php-cli)"),
    };
    let mut child = Command::new(&php)
        .args(["-d", "error_reporting=0", "-r", code])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", php.display()));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write to php");
    }
    let output = child.wait_with_output().expect("php runs");
    assert!(output.status.success(), "php failed: {output:?}");
    Some(String::from_utf8(output.stdout).expect("php prints UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_recognised_from_the_usual_values() {
        assert!(ci_value_means_ci(Some(OsStr::new("true"))));
        assert!(ci_value_means_ci(Some(OsStr::new("1"))));
        assert!(!ci_value_means_ci(Some(OsStr::new("false"))));
        assert!(!ci_value_means_ci(Some(OsStr::new("0"))));
        assert!(!ci_value_means_ci(Some(OsStr::new(""))));
        assert!(!ci_value_means_ci(None));
    }

    #[test]
    fn missing_components_name_their_packages_once() {
        let missing = MissingComponents {
            missing: vec![
                Missing {
                    what: "mariadbd".into(),
                    package: "mariadb-server",
                },
                Missing {
                    what: "mariadb-install-db".into(),
                    package: "mariadb-server",
                },
                Missing {
                    what: "php".into(),
                    package: "php-cli",
                },
            ],
        };
        assert_eq!(missing.packages(), ["mariadb-server", "php-cli"]);
        let message = missing.to_string();
        assert!(message.contains("mariadbd (Debian package mariadb-server)"));
        assert!(message.contains("apt-get install mariadb-server php-cli"));
        assert!(message.contains("scripts/install-deps"));
    }

    #[test]
    fn programs_are_found_on_path_or_in_system_directories() {
        // `sh` exists on every machine these tests can run on.
        let sh = find_program("sh").expect("sh");
        assert!(is_executable(&sh));
        assert_eq!(find_program("slipway-no-such-program-xyz"), None);
    }
}
