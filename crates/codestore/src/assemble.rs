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

/// Core's directories that hold no entry point: PHP inside them finds
/// WordPress through `ABSPATH`, never through its own path, so they can be
/// linked whole to the store's copy of core (as the local runtime does
/// with Debian's core). The entry points (`wp-admin/*.php`, the root's
/// files) find `wp-config.php` next to their own path and stay linked file
/// by file.
const CORE_LINKED_DIRS: [&str; 5] = [
    "wp-includes",
    "wp-admin/includes",
    "wp-admin/css",
    "wp-admin/js",
    "wp-admin/images",
];

/// The directory around `path` that a tree links whole to its package's
/// tree in the store, if any: a plugin's or theme's own directory, core's
/// [`CORE_LINKED_DIRS`] and the plugins and themes core bundles.
fn link_root(kind: Kind, package_root: &str, path: &str) -> Option<String> {
    match kind {
        Kind::Plugin | Kind::Theme => Some(package_root.to_string()),
        Kind::Core => {
            if let Some(dir) = CORE_LINKED_DIRS
                .iter()
                .find(|d| path.strip_prefix(**d).is_some_and(|r| r.starts_with('/')))
            {
                return Some((*dir).to_string());
            }
            for parent in ["wp-content/plugins/", "wp-content/themes/"] {
                if let Some((name, _)) = path
                    .strip_prefix(parent)
                    .and_then(|rest| rest.split_once('/'))
                {
                    return Some(format!("{parent}{name}"));
                }
            }
            None
        }
        Kind::MuPlugin | Kind::Dropin => None,
    }
}

/// The directories of a tree built from `lock` (its `plan`) that are links to package
/// trees in the store: by path in the tree, the package's index in the lock
/// and the directory's path inside that package's tree.
pub(crate) fn linked_dirs(
    lock: &Lock,
    plan: &BTreeMap<String, (usize, &slipway_manifest::FileRecord)>,
) -> BTreeMap<String, (usize, String)> {
    let mut dirs = BTreeMap::new();
    for (path, (index, _)) in plan {
        let index = *index;
        let package = &lock.packages[index];
        let root = package.kind.install_dir(&package.name);
        if let Some(dir) = link_root(package.kind, &root, path) {
            let inside = if root.is_empty() {
                dir.clone()
            } else {
                dir.strip_prefix(&root)
                    .map(|r| r.trim_start_matches('/').to_string())
                    .unwrap_or_default()
            };
            dirs.entry(dir).or_insert((index, inside));
        }
    }
    dirs
}

/// What [`assemble`] built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assembled {
    /// Files linked one by one.
    pub files: usize,
    /// Directories linked whole to package trees in the store.
    pub linked_dirs: usize,
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

/// Builds the tree of `lock` at `target` (which may exist; what is in the
/// way is replaced) from `store`, which must hold every object (see
/// [`Store::install`]). Package directories (see `linked_dirs`) are symbolic
/// links to the package's read-only tree in the store, made once per
/// package version; the other files are hard links to their objects. The
/// tree's own directories (`wp-content`, `plugins`, `themes`,
/// `mu-plugins`, `uploads`) stay writable for slipway; the ones packages
/// own are read-only.
pub fn assemble(store: &Store, lock: &Lock, target: &Path) -> Result<Assembled> {
    let mut done = Assembled::default();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    std::fs::create_dir_all(target).map_err(io_at("creating", target))?;
    let planned = plan(lock);
    let linked = linked_dirs(lock, &planned);
    let make_parents = |path: &str, dirs: &mut BTreeSet<String>, done: &mut Assembled| {
        let mut parent = Path::new(path).parent();
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
        Ok(())
    };
    // Core has several linked directories; its tree (and the digest naming
    // it, over thousands of files) is found once.
    let mut package_trees: BTreeMap<usize, PathBuf> = BTreeMap::new();
    for (dir, (index, inside)) in &linked {
        let tree = match package_trees.get(index) {
            Some(tree) => tree.clone(),
            None => {
                let tree = store.package_tree(&lock.packages[*index])?;
                package_trees.insert(*index, tree.clone());
                tree
            }
        };
        let source = if inside.is_empty() {
            tree
        } else {
            tree.join(inside)
        };
        make_parents(dir, &mut dirs, &mut done)?;
        let link = target.join(dir);
        if let Ok(existing) = std::fs::symlink_metadata(&link) {
            if existing.is_dir() {
                remove_tree(&link)?;
            } else {
                std::fs::remove_file(&link).map_err(io_at("replacing", &link))?;
            }
        }
        std::os::unix::fs::symlink(&source, &link).map_err(io_at("linking", &link))?;
        done.linked_dirs += 1;
    }
    let inside_linked = |path: &str| {
        Path::new(path)
            .ancestors()
            .skip(1)
            .any(|dir| dir.to_str().is_some_and(|d| linked.contains_key(d)))
    };
    for (path, (_, record)) in &planned {
        if inside_linked(path) {
            continue;
        }
        make_parents(path, &mut dirs, &mut done)?;
        let object = store.object_path(record);
        let file = target.join(path);
        match link_object(&object, &file)? {
            Placed::HardLink => done.files += 1,
            Placed::Copied => done.copied += 1,
            Placed::Missing => {
                return Err(Error::Integrity(format!(
                    "{path}: its object {} is not in the store; install the lock first",
                    object.display()
                )))
            }
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

/// How [`link_object`] put a file in place.
pub(crate) enum Placed {
    /// A hard link to the object.
    HardLink,
    /// A copy: the target is on another file system.
    Copied,
    /// The object is not in the store.
    Missing,
}

/// Puts `object` at `file` as a hard link, replacing what is there.
pub(crate) fn link_object(object: &Path, file: &Path) -> Result<Placed> {
    let mut linked = std::fs::hard_link(object, file);
    if linked
        .as_ref()
        .is_err_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
    {
        std::fs::remove_file(file).map_err(io_at("replacing", file))?;
        linked = std::fs::hard_link(object, file);
    }
    match linked {
        Ok(()) => Ok(Placed::HardLink),
        Err(e) if e.raw_os_error() == Some(18) => {
            // EXDEV: the tree is on another file system than the store.
            std::fs::copy(object, file).map_err(io_at("copying", object))?;
            Ok(Placed::Copied)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !object.exists() => {
            Ok(Placed::Missing)
        }
        Err(e) => Err(Error::io(format!("linking {}", file.display()), e)),
    }
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
