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

/// A lock's packages with their indices, in the order their files go into
/// a tree: core first, then plugins, themes, must-use plugins, drop-ins.
fn in_install_order(
    lock: &Lock,
) -> impl Iterator<Item = (usize, &slipway_manifest::LockedPackage)> {
    Kind::ALL.into_iter().flat_map(move |kind| {
        lock.packages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.kind == kind)
    })
}

/// A package's file `path` at its place in a tree, under the package's
/// `root` (empty for core).
fn in_tree(root: &str, path: &str) -> String {
    if root.is_empty() {
        path.to_string()
    } else {
        format!("{root}/{path}")
    }
}

/// How a tree built from a lock is laid out: the directories linked whole
/// to package trees in the store, and the files linked one by one.
#[derive(Debug, Default)]
pub(crate) struct Layout<'a> {
    /// By path in the tree: the package's index in the lock and the
    /// directory's path inside that package's tree.
    pub linked: BTreeMap<String, (usize, String)>,
    /// By path in the tree: the package's index and the file's record.
    pub files: BTreeMap<String, (usize, &'a slipway_manifest::FileRecord)>,
}

/// The layout of the tree of `lock`, package by package: a plugin's or
/// theme's whole directory is one link, so only core's entry points,
/// must-use plugins and drop-ins are looked at file by file. Whatever a
/// later package puts at a path replaces an earlier one's, and a plugin or
/// theme replaces what core bundles under its directory, as in [`plan`].
pub(crate) fn layout(lock: &Lock) -> Layout<'_> {
    let mut out = Layout::default();
    for (index, package) in in_install_order(lock) {
        let kind = package.kind;
        let root = kind.install_dir(&package.name);
        if matches!(kind, Kind::Plugin | Kind::Theme) {
            let prefix = format!("{root}/");
            let under = |path: &String| *path == root || path.starts_with(&prefix);
            out.linked.retain(|path, _| !under(path));
            out.files.retain(|path, _| !under(path));
            if !package.files.is_empty() {
                out.linked.insert(root, (index, String::new()));
            }
            continue;
        }
        for (path, record) in &package.files {
            let full = in_tree(&root, path);
            match link_root(kind, &root, &full) {
                Some(dir) => {
                    out.linked.entry(dir.clone()).or_insert((index, dir));
                }
                None => {
                    out.files.insert(full, (index, record));
                }
            }
        }
    }
    out
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
    for (index, package) in in_install_order(lock) {
        let root = package.kind.install_dir(&package.name);
        if matches!(package.kind, Kind::Plugin | Kind::Theme) {
            let prefix = format!("{root}/");
            files.retain(|path: &String, _| !path.starts_with(&prefix));
        }
        for (path, record) in &package.files {
            files.insert(in_tree(&root, path), (index, record));
        }
    }
    files
}

/// Builds the tree of `lock` at `target` (which may exist; what is in the
/// way is replaced) from `store`, which must hold every object (see
/// [`Store::install`]). Package directories (see `layout`) are symbolic
/// links to the package's read-only tree in the store, made once per
/// package version; the other files are hard links to their objects. The
/// tree's own directories (`wp-content`, `plugins`, `themes`,
/// `mu-plugins`, `uploads`) stay writable for slipway; the ones packages
/// own are read-only.
pub fn assemble(store: &Store, lock: &Lock, target: &Path) -> Result<Assembled> {
    let mut done = Assembled::default();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    std::fs::create_dir_all(target).map_err(io_at("creating", target))?;
    let Layout { linked, files } = layout(lock);
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
    for (path, (_, record)) in &files {
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

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_manifest::{FileRecord, LockedPackage, Source};

    fn package(kind: Kind, name: &str, files: &[&str]) -> LockedPackage {
        LockedPackage {
            kind,
            name: name.into(),
            version: "1.0".into(),
            source: Source::Path("/src".into()),
            url: None,
            sha256: None,
            files: files
                .iter()
                .map(|f| {
                    (
                        f.to_string(),
                        FileRecord {
                            sha256: format!("{:064x}", f.len()),
                            executable: false,
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn a_layout_links_package_directories_and_places_every_other_file() {
        let lock = Lock {
            php: None,
            packages: vec![
                package(
                    Kind::Core,
                    "wordpress",
                    &[
                        "index.php",
                        "wp-admin/index.php",
                        "wp-admin/css/a.css",
                        "wp-includes/x.php",
                        "wp-content/plugins/index.php",
                        "wp-content/plugins/akismet/akismet.php",
                        "wp-content/plugins/akismet/old.php",
                        "wp-content/themes/twentyx/style.css",
                    ],
                ),
                package(Kind::Plugin, "akismet", &["akismet.php"]),
                package(Kind::Plugin, "empty", &[]),
                package(Kind::MuPlugin, "guard", &["guard.php"]),
            ],
        };
        let Layout { linked, files } = layout(&lock);
        let linked: Vec<(&str, usize, &str)> = linked
            .iter()
            .map(|(d, (i, inside))| (d.as_str(), *i, inside.as_str()))
            .collect();
        assert_eq!(
            linked,
            [
                ("wp-admin/css", 0, "wp-admin/css"),
                // The plugin replaces the copy core bundles.
                ("wp-content/plugins/akismet", 1, ""),
                ("wp-content/themes/twentyx", 0, "wp-content/themes/twentyx"),
                ("wp-includes", 0, "wp-includes"),
            ]
        );
        let files: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            files,
            [
                "index.php",
                "wp-admin/index.php",
                "wp-content/mu-plugins/guard.php",
                "wp-content/plugins/index.php",
            ]
        );
        // Every file the plan names is placed or inside a directory linked
        // to its own package's tree.
        let Layout { linked, files } = layout(&lock);
        for (path, (index, _)) in plan(&lock) {
            let in_link = Path::new(&path).ancestors().skip(1).any(|dir| {
                dir.to_str()
                    .and_then(|d| linked.get(d))
                    .is_some_and(|(i, _)| *i == index)
            });
            assert!(files.contains_key(&path) || in_link, "{path}");
        }
    }
}
