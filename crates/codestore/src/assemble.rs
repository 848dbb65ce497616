//! A site's code tree from the store: every file a hard link to its object.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use slipway_manifest::{Kind, Lock};

use crate::store::Store;
use crate::{io_at, Error, Result};

/// Directories of a tree that stay writable: slipway writes its own drop-in
/// and must-use plugin into them, and uploads are the site's content.
const SHARED_DIRS: [&str; 6] = [
    "",
    "wp-content",
    "wp-content/plugins",
    "wp-content/themes",
    "wp-content/mu-plugins",
    "wp-content/uploads",
];

/// What [`assemble`] built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assembled {
    /// Files linked.
    pub files: usize,
    /// Files copied because the tree is on another file system.
    pub copied: usize,
    /// Directories created.
    pub dirs: usize,
}

/// Every file of a tree built from `lock`, by path relative to the tree's
/// root, with the package it comes from. A plugin or theme replaces
/// whatever core bundles under its directory (core's copy of akismet, say).
pub fn plan(lock: &Lock) -> BTreeMap<String, (usize, &slipway_manifest::FileRecord)> {
    let mut files = BTreeMap::new();
    for kind in Kind::ALL {
        for (index, package) in lock
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == kind)
        {
            let root = kind.install_dir(&package.name);
            if matches!(kind, Kind::Plugin | Kind::Theme) {
                let prefix = format!("{root}/");
                files.retain(|path: &String, _| !path.starts_with(&prefix));
            }
            for (path, record) in &package.files {
                let full = if root.is_empty() {
                    path.clone()
                } else {
                    format!("{root}/{path}")
                };
                files.insert(full, (index, record));
            }
        }
    }
    files
}

/// Builds the tree of `lock` at `target` (which may exist; files in it are
/// replaced) from objects in `store`, which must hold them all (see
/// [`Store::install`]). Directories the packages own are made read-only;
/// the shared ones (`wp-content`, `plugins`, `themes`, `mu-plugins`,
/// `uploads`) stay writable for slipway.
pub fn assemble(store: &Store, lock: &Lock, target: &Path) -> Result<Assembled> {
    let mut done = Assembled::default();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    std::fs::create_dir_all(target).map_err(io_at("creating", target))?;
    for (path, (_, record)) in plan(lock) {
        let mut parent = Path::new(&path).parent();
        let mut missing = Vec::new();
        while let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
            let dir_str = dir.to_string_lossy().into_owned();
            if dirs.contains(&dir_str) {
                break;
            }
            missing.push(dir_str);
            parent = dir.parent();
        }
        for dir in missing.into_iter().rev() {
            let full = target.join(&dir);
            match std::fs::create_dir(&full) {
                Ok(()) => done.dirs += 1,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io(format!("creating {}", full.display()), e)),
            }
            dirs.insert(dir);
        }
        let object = store.object_path(record);
        let file = target.join(&path);
        let mut linked = std::fs::hard_link(&object, &file);
        if linked
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
        {
            std::fs::remove_file(&file).map_err(io_at("replacing", &file))?;
            linked = std::fs::hard_link(&object, &file);
        }
        match linked {
            Ok(()) => done.files += 1,
            Err(e) if e.raw_os_error() == Some(18) => {
                // EXDEV: the tree is on another file system than the store.
                std::fs::copy(&object, &file).map_err(io_at("copying", &object))?;
                done.copied += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !object.exists() => {
                return Err(Error::Integrity(format!(
                    "{path}: its object {} is not in the store; install the lock first",
                    object.display()
                )))
            }
            Err(e) => return Err(Error::io(format!("linking {}", file.display()), e)),
        }
    }
    for dir in &dirs {
        if !SHARED_DIRS.contains(&dir.as_str()) {
            let full = target.join(dir);
            std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o555))
                .map_err(io_at("making read-only", &full))?;
        }
    }
    Ok(done)
}

/// Gives back write permission to every directory under `root` (trees'
/// package directories are read-only), so it can be moved into or removed.
pub fn make_writable(root: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(root) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Ok(());
    }
    if meta.permissions().mode() & 0o200 == 0 {
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755))
            .map_err(io_at("making writable", root))?;
    }
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io_at("reading", &dir))? {
            let entry = entry.map_err(io_at("reading", &dir))?;
            let kind = entry.file_type().map_err(io_at("reading", &entry.path()))?;
            if kind.is_dir() {
                let path = entry.path();
                let mode = entry
                    .metadata()
                    .map_err(io_at("reading", &path))?
                    .permissions()
                    .mode();
                if mode & 0o200 == 0 {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                        .map_err(io_at("making writable", &path))?;
                }
                stack.push(path);
            }
        }
    }
    Ok(())
}

/// Removes a tree made by [`assemble`] (read-only directories included).
/// The store's objects it linked to stay.
pub fn remove_tree(root: &Path) -> Result<()> {
    if std::fs::symlink_metadata(root).is_err() {
        return Ok(());
    }
    make_writable(root)?;
    std::fs::remove_dir_all(root).map_err(io_at("removing", root))
}
