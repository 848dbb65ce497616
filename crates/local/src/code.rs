//! Instances whose code a lock pins: trees assembled from the code store
//! with hard links, and code replaced under a running instance.

use std::path::Path;

use slipway_codestore::{assemble, Store};
use slipway_manifest::{Kind, Lock};
use slipway_runtime::LockedCode;

use crate::error::{Error, Result};

/// Files slipway writes into every tree itself: no package may bring them,
/// and verification leaves them out.
pub const RUNTIME_FILES: [&str; 2] = [
    "wp-content/object-cache.php",
    "wp-content/mu-plugins/slipway.php",
];

/// The copy of the lock an instance's code was built from, in its
/// directory: what `verify` compares the tree with.
pub const INSTANCE_LOCK: &str = "code.lock";

fn store_error(e: slipway_codestore::Error) -> Error {
    Error::new(e.to_string())
}

/// Reads the lock of `code`.
pub fn read_lock(code: &LockedCode) -> Result<(String, Lock)> {
    let text = std::fs::read_to_string(&code.lock)
        .map_err(|e| Error::io(format!("reading {}", code.lock.display()), e))?;
    let lock = Lock::parse(&code.lock.display().to_string(), &text)
        .map_err(|e| Error::new(e.to_string()))?;
    Ok((text, lock))
}

/// Builds a tree at `htdocs` from a lock: core from the store when the lock
/// pins it, else laid out from the default core as for any instance; then
/// every package linked from the store.
pub fn build_locked(code: &LockedCode, htdocs: &Path) -> Result<()> {
    let (_, lock) = read_lock(code)?;
    for path in slipway_codestore::plan(&lock).keys() {
        if RUNTIME_FILES.contains(&path.as_str()) {
            return Err(Error::new(format!(
                "{}: a package brings {path}, which slipway installs itself",
                code.lock.display()
            )));
        }
    }
    if lock.core().is_none() {
        crate::instance::link_core(&code.default_core, htdocs)?;
        // Core's bundled plugins and themes are links into the shared core
        // tree; a locked package of the same name takes their place, and
        // must never be written through the link.
        for package in &lock.packages {
            if matches!(package.kind, Kind::Plugin | Kind::Theme) {
                let dir = htdocs.join(package.kind.install_dir(&package.name));
                if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
                    std::fs::remove_file(&dir)
                        .map_err(|e| Error::io(format!("removing {}", dir.display()), e))?;
                }
            }
        }
    }
    let store = Store::open(&code.store).map_err(store_error)?;
    assemble(&store, &lock, htdocs).map_err(store_error)?;
    if !htdocs.join("wp-load.php").is_file() {
        return Err(Error::new(format!(
            "{}: the locked core has no wp-load.php",
            code.lock.display()
        )));
    }
    Ok(())
}

/// Removes a tree whose package directories may be read-only.
pub fn remove_tree(dir: &Path) -> Result<()> {
    slipway_codestore::remove_tree(dir).map_err(store_error)
}

/// Swaps two directories in one step (`renameat2(RENAME_EXCHANGE)`), so a
/// request sees one tree or the other.
pub fn exchange(a: &Path, b: &Path) -> Result<()> {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(|e| {
        Error::io(
            format!("exchanging {} and {}", a.display(), b.display()),
            e.into(),
        )
    })
}
