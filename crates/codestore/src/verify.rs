//! A tree on disk against its lock: what was added, modified, deleted or
//! had its mode changed, and code where only content belongs (uploads).

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use md5::Md5;
use serde::Serialize;
use slipway_manifest::{Kind, Lock};

use crate::assemble::plan;
use crate::hash::HashCache;
use crate::{io_at, Result};

/// Extensions of files a web server may run, or that change how it runs
/// them; none belongs in uploads.
const CODE_EXTENSIONS: [&str; 19] = [
    "php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar", "pht", "phps", "inc", "pl",
    "py", "cgi", "sh", "shtml", "asp", "aspx", "jsp",
];

/// Files that reconfigure PHP or the web server for their directory.
const CONFIG_FILES: [&str; 3] = [".htaccess", ".user.ini", "php.ini"];

/// How a file differs from the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// On disk, not in the lock.
    Added,
    /// Contents differ from the lock's checksum.
    Modified,
    /// In the lock, not on disk.
    Deleted,
    /// Mode differs from the read-only mode the lock implies.
    Mode,
    /// A core file that matches the lock but not WordPress' published
    /// checksum: the lock was made from a changed core.
    Unofficial,
    /// Code (PHP, scripts, executables, server configuration) in uploads.
    CodeInUploads,
}

impl Change {
    /// The word shown for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Modified => "modified",
            Change::Deleted => "deleted",
            Change::Mode => "mode",
            Change::Unofficial => "unofficial",
            Change::CodeInUploads => "code-in-uploads",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// The path relative to the tree's root.
    pub path: String,
    /// How it differs.
    pub change: Change,
    /// The package that owns the path (`plugin hello`), if one does.
    pub package: Option<String>,
    /// What was found against what was expected.
    pub detail: String,
}

/// How core was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoreCheck {
    /// The lock pins no core: the runtime's default core is not checked.
    NotLocked,
    /// Against the lock.
    Lock,
    /// Against the lock and WordPress' published checksums.
    LockAndPublished,
}

/// What [`verify_tree`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeReport {
    /// Files compared with the lock.
    pub files_checked: usize,
    /// How core was checked.
    pub core: CoreCheck,
    /// Every difference, in path order.
    pub drift: Vec<Drift>,
}

/// What to leave out and what else to check against.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Files the runtime writes itself (slipway's object-cache drop-in and
    /// must-use plugin), not in any lock.
    pub runtime_files: &'a [&'a str],
    /// WordPress' published md5 checksums of the locked core's version.
    pub published: Option<&'a BTreeMap<String, String>>,
    /// The code store the tree was built from: package directories are
    /// links into its trees, followed only when they point at the tree the
    /// lock names.
    pub store: Option<&'a crate::Store>,
}

/// Compares the tree at `root` with `lock`. Checksums come through `cache`,
/// so files shared by many trees are read once per run.
pub fn verify_tree(
    root: &Path,
    lock: &Lock,
    options: &Options<'_>,
    cache: &mut HashCache,
) -> Result<TreeReport> {
    let expected = plan(lock);
    let linked = crate::assemble::layout(lock).linked;
    let core_locked = lock.core().is_some();
    let mut report = TreeReport {
        files_checked: 0,
        core: if !core_locked {
            CoreCheck::NotLocked
        } else if options.published.is_some() {
            CoreCheck::LockAndPublished
        } else {
            CoreCheck::Lock
        },
        drift: Vec::new(),
    };
    let owner = |index: usize| {
        let p = &lock.packages[index];
        if p.kind == Kind::Core {
            "core".to_string()
        } else {
            format!("{} {}", p.kind, p.name)
        }
    };
    let mut seen = BTreeSet::new();
    let mut stack = vec![String::new()];
    while let Some(dir_rel) = stack.pop() {
        let dir = root.join(&dir_rel);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(io_at("reading", &dir))?
            .collect::<std::io::Result<_>>()
            .map_err(io_at("reading", &dir))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if dir_rel.is_empty() {
                name
            } else {
                format!("{dir_rel}/{name}")
            };
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).map_err(io_at("reading", &path))?;
            if rel == "wp-content/uploads" {
                if meta.is_dir() {
                    scan_uploads(root, &rel, &mut report.drift)?;
                }
                continue;
            }
            // Without a locked core, the tree's core is the runtime's
            // default, linked or copied from it: only wp-content is the
            // lock's.
            let in_scope = core_locked || rel == "wp-content" || rel.starts_with("wp-content/");
            if meta.file_type().is_symlink() {
                let expected_target = linked.get(&rel).and_then(|(index, inside)| {
                    let store = options.store?;
                    let tree = store.tree_path(&lock.packages[*index]);
                    Some(if inside.is_empty() {
                        tree
                    } else {
                        tree.join(inside)
                    })
                });
                let target = std::fs::read_link(&path).unwrap_or_default();
                if expected_target.is_some_and(|t| t == target) {
                    // The package's tree in the store: its files are
                    // checked where the tree shows them.
                    stack.push(rel);
                    continue;
                }
                if in_scope && (core_locked || linked.contains_key(&rel)) {
                    report.drift.push(Drift {
                        path: rel,
                        change: Change::Added,
                        package: None,
                        detail: format!("symbolic link to {}", target.display()),
                    });
                }
                continue;
            }
            if meta.is_dir() {
                if in_scope {
                    stack.push(rel);
                }
                continue;
            }
            match expected.get(&rel) {
                Some((index, record)) => {
                    seen.insert(rel.clone());
                    report.files_checked += 1;
                    let found = cache.sha256(&path, &meta)?;
                    if found != record.sha256 {
                        report.drift.push(Drift {
                            path: rel.clone(),
                            change: Change::Modified,
                            package: Some(owner(*index)),
                            detail: format!("sha256 {found}, lock says {}", record.sha256),
                        });
                    } else if lock.packages[*index].kind == Kind::Core {
                        if let Some(published) = options.published.and_then(|p| p.get(&rel)) {
                            let md5 = md5_file(&path)?;
                            if &md5 != published {
                                report.drift.push(Drift {
                                    path: rel.clone(),
                                    change: Change::Unofficial,
                                    package: Some(owner(*index)),
                                    detail: format!("md5 {md5}, WordPress publishes {published}"),
                                });
                            }
                        }
                    }
                    let mode = meta.permissions().mode() & 0o7777;
                    let want = if record.executable { 0o555 } else { 0o444 };
                    if mode != want {
                        report.drift.push(Drift {
                            path: rel,
                            change: Change::Mode,
                            package: Some(owner(*index)),
                            detail: format!("mode {mode:04o}, expected {want:04o} (read-only)"),
                        });
                    }
                }
                None if !in_scope || options.runtime_files.contains(&rel.as_str()) => {}
                None => report.drift.push(Drift {
                    path: rel,
                    change: Change::Added,
                    package: None,
                    detail: format!("{} bytes, not in the lock", meta.len()),
                }),
            }
        }
    }
    for (path, (index, record)) in &expected {
        if !seen.contains(path) {
            report.drift.push(Drift {
                path: path.clone(),
                change: Change::Deleted,
                package: Some(owner(*index)),
                detail: format!("lock says sha256 {}", record.sha256),
            });
        }
    }
    report
        .drift
        .sort_by(|a, b| (&a.path, a.change).cmp(&(&b.path, b.change)));
    Ok(report)
}

/// Flags every file in uploads a server could run or that reconfigures it.
fn scan_uploads(root: &Path, uploads: &str, drift: &mut Vec<Drift>) -> Result<()> {
    let mut stack = vec![uploads.to_string()];
    while let Some(dir_rel) = stack.pop() {
        let dir = root.join(&dir_rel);
        for entry in std::fs::read_dir(&dir).map_err(io_at("reading", &dir))? {
            let entry = entry.map_err(io_at("reading", &dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{dir_rel}/{name}");
            let meta =
                std::fs::symlink_metadata(entry.path()).map_err(io_at("reading", &entry.path()))?;
            if meta.is_dir() {
                stack.push(rel);
                continue;
            }
            let lower = name.to_ascii_lowercase();
            // `shell.php.jpg` is served as an image by nginx, but Apache with
            // AddHandler runs it: every extension counts, not only the last.
            let code_ext = lower
                .split('.')
                .skip(1)
                .find(|ext| CODE_EXTENSIONS.contains(ext));
            let reason = if meta.file_type().is_symlink() {
                Some("a symbolic link".to_string())
            } else if CONFIG_FILES.contains(&lower.as_str()) {
                Some("server or PHP configuration".to_string())
            } else if let Some(ext) = code_ext {
                Some(format!("a .{ext} file"))
            } else if meta.permissions().mode() & 0o111 != 0 {
                Some(format!(
                    "executable (mode {:04o})",
                    meta.permissions().mode() & 0o7777
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                drift.push(Drift {
                    path: rel,
                    change: Change::CodeInUploads,
                    package: None,
                    detail: format!("{reason} in uploads, {} bytes", meta.len()),
                });
            }
        }
    }
    Ok(())
}

fn md5_file(path: &Path) -> Result<String> {
    crate::hash::digest_file::<Md5>(path)
}
