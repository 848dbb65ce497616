//! The store on disk: objects, archives, staging.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use slipway_manifest::{FileRecord, Kind, Lock, LockedPackage, Source};

use crate::fetch::Fetcher;
use crate::hash::{sha256_bytes, HashCache};
use crate::unpack::{dir_files, zip_files, PackageFile};
use crate::{headers, io_at, Error, Result};

/// A package's files once stored, and the version its headers declare.
pub(crate) struct Stored {
    pub files: BTreeMap<String, FileRecord>,
    pub header_version: Option<String>,
}

/// The code store of one state directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// What [`Store::install`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Installed {
    /// Packages whose every file was in the store already.
    pub present: usize,
    /// Packages taken from the store's archives or fetched again.
    pub restored: usize,
}

impl Store {
    /// The store at `root` (`$SLIPWAY_HOME/store`), created if missing.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store> {
        let root = root.into();
        for dir in [
            root.join("objects"),
            root.join("archives"),
            root.join("tmp"),
        ] {
            std::fs::create_dir_all(&dir).map_err(io_at("creating", &dir))?;
        }
        Ok(Store { root })
    }

    /// The store's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the object holding a file with `record`'s contents and mode is.
    pub fn object_path(&self, record: &FileRecord) -> PathBuf {
        self.root.join(object_name(record))
    }

    /// Where a lock kept by [`keep_lock`](Store::keep_lock) is, by the
    /// sha256 of its text.
    pub fn lock_path(&self, sha256: &str) -> PathBuf {
        self.root.join(lock_name(sha256))
    }

    /// Keeps the text of a lock under its sha256 (`locks/<sha256>.lock`),
    /// so a store served over HTTP gives instances elsewhere the lock and
    /// every object it names; returns the sha256.
    pub fn keep_lock(&self, text: &[u8]) -> Result<String> {
        let sha256 = sha256_bytes(text);
        self.put(&self.lock_path(&sha256), text, 0o444)?;
        Ok(sha256)
    }

    /// Writes `contents` to `path` in the store with `mode`, whole or not at
    /// all (staged in `tmp/` and renamed), unless a file is there already:
    /// every path in the store is named by its contents.
    fn put(&self, path: &Path, contents: &[u8], mode: u32) -> Result<()> {
        if path.is_file() {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir).map_err(io_at("creating", dir))?;
        let tmp = self.root.join("tmp");
        let mut file =
            tempfile::NamedTempFile::new_in(&tmp).map_err(io_at("creating a file in", &tmp))?;
        file.write_all(contents)
            .map_err(io_at("writing", file.path()))?;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(io_at("setting the mode of", path))?;
        file.persist(path)
            .map_err(|e| Error::io(format!("storing {}", path.display()), e.error))?;
        Ok(())
    }

    /// Where [`package_tree`](Store::package_tree) keeps `package`'s tree.
    pub fn tree_path(&self, package: &slipway_manifest::LockedPackage) -> PathBuf {
        self.root
            .join("trees")
            .join(format!("{}-{}", package.kind.as_str(), package.tree()))
    }

    /// The read-only tree of `package` in the store (`trees/KIND-DIGEST`),
    /// every file a hard link to its object; made at first use, under a
    /// temporary name renamed into place, so a tree that exists is whole.
    pub fn package_tree(&self, package: &slipway_manifest::LockedPackage) -> Result<PathBuf> {
        let dir = self.tree_path(package);
        let trees = self.root.join("trees");
        if dir.is_dir() {
            return Ok(dir);
        }
        std::fs::create_dir_all(&trees).map_err(io_at("creating", &trees))?;
        let building = tempfile::Builder::new()
            .prefix(".tree-")
            .tempdir_in(&trees)
            .map_err(io_at("creating a tree in", &trees))?;
        let root = building.path();
        let mut dirs = std::collections::BTreeSet::new();
        for (path, record) in &package.files {
            let file = root.join(path);
            if let Some(parent) = file.parent() {
                if dirs.insert(parent.to_path_buf()) {
                    std::fs::create_dir_all(parent).map_err(io_at("creating", parent))?;
                }
            }
            let object = self.object_path(record);
            if let crate::assemble::Placed::Missing = crate::assemble::link_object(&object, &file)?
            {
                return Err(Error::Integrity(format!(
                    "{} {} {}: the object of {path} ({}) is not in the store; install the lock first",
                    package.kind,
                    package.name,
                    package.version,
                    object.display()
                )));
            }
        }
        let mut all: Vec<PathBuf> = dirs
            .iter()
            .flat_map(|d| {
                d.ancestors()
                    .take_while(|a| a.starts_with(root))
                    .map(Path::to_path_buf)
            })
            .collect();
        all.sort();
        all.dedup();
        // Deepest first, so each directory is still writable while its
        // children are changed.
        for d in all.iter().rev() {
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555))
                .map_err(io_at("making read-only", d))?;
        }
        let built = building.keep();
        match std::fs::rename(&built, &dir) {
            Ok(()) => Ok(dir),
            Err(_) if dir.is_dir() => {
                // Another process made it meanwhile.
                crate::assemble::remove_tree(&built)?;
                Ok(dir)
            }
            Err(e) => {
                let _ = crate::assemble::remove_tree(&built);
                Err(Error::io(format!("moving a tree to {}", dir.display()), e))
            }
        }
    }

    /// Where the archive with checksum `sha256` is kept.
    pub fn archive_path(&self, sha256: &str) -> PathBuf {
        self.root.join("archives").join(format!("{sha256}.zip"))
    }

    pub(crate) fn staging(&self) -> Result<tempfile::TempDir> {
        let tmp = self.root.join("tmp");
        tempfile::Builder::new()
            .prefix("stage-")
            .tempdir_in(&tmp)
            .map_err(io_at("creating a directory in", &tmp))
    }

    /// Stores `contents` as an object unless it is there already.
    fn add_object(&self, contents: &[u8], executable: bool) -> Result<FileRecord> {
        let record = FileRecord {
            sha256: sha256_bytes(contents),
            executable,
        };
        let mode = if executable { 0o555 } else { 0o444 };
        self.put(&self.object_path(&record), contents, mode)?;
        Ok(record)
    }

    fn add_files(&self, kind: Kind, files: Vec<PackageFile>) -> Result<Stored> {
        let mut stored = BTreeMap::new();
        let mut header_version = None;
        for file in files {
            if header_version.is_none() {
                header_version = headers::header_version(kind, &file.path, &file.contents);
            }
            let record = self.add_object(&file.contents, file.executable)?;
            stored.insert(file.path, record);
        }
        Ok(Stored {
            files: stored,
            header_version,
        })
    }

    /// Stores the files of a zip archive (`label` names it in errors) and
    /// keeps the archive itself.
    pub(crate) fn add_zip(
        &self,
        kind: Kind,
        bytes: &[u8],
        label: &str,
    ) -> Result<(String, Stored)> {
        let files = zip_files(kind, bytes, label)?;
        let sha256 = sha256_bytes(bytes);
        let archive = self.archive_path(&sha256);
        self.put(&archive, bytes, 0o444)?;
        Ok((sha256, self.add_files(kind, files)?))
    }

    /// Stores the files of a directory.
    pub(crate) fn add_dir(&self, kind: Kind, dir: &Path) -> Result<Stored> {
        let files = dir_files(kind, dir)?;
        self.add_files(kind, files)
    }

    /// Whether the object for `record` is in the store, whole; a damaged
    /// object is removed so it is stored again.
    fn object_ok(&self, record: &FileRecord, cache: &mut HashCache) -> Result<bool> {
        let path = self.object_path(record);
        let Ok(meta) = std::fs::metadata(&path) else {
            return Ok(false);
        };
        if meta.is_file() && cache.sha256(&path, &meta)? == record.sha256 {
            return Ok(true);
        }
        tracing::warn!(object = %path.display(), "a stored object differs from its name; storing it again");
        let _ = std::fs::remove_file(&path);
        Ok(false)
    }

    /// Makes sure every file `lock` names is in the store with the
    /// checksum the lock says: from the store's archives, or fetched from
    /// where the lock says it came from. Any checksum that differs from the
    /// lock's is refused with the file, archive or URL named.
    pub fn install(
        &self,
        lock: &Lock,
        fetcher: &Fetcher,
        cache: &mut HashCache,
    ) -> Result<Installed> {
        let mut done = Installed::default();
        for package in &lock.packages {
            let mut whole = true;
            for record in package.files.values() {
                if !self.object_ok(record, cache)? {
                    whole = false;
                    break;
                }
            }
            if whole {
                done.present += 1;
                continue;
            }
            self.restore(package, fetcher)?;
            done.restored += 1;
        }
        Ok(done)
    }

    fn restore(&self, package: &LockedPackage, fetcher: &Fetcher) -> Result<()> {
        let what = format!("{} {} {}", package.kind, package.name, package.version);
        let (label, stored) = match (&package.sha256, &package.source) {
            (Some(sha256), source) => {
                let archive = self.archive_path(sha256);
                let (label, bytes) = if archive.is_file() {
                    let bytes = std::fs::read(&archive).map_err(io_at("reading", &archive))?;
                    let label = archive.display().to_string();
                    let found = sha256_bytes(&bytes);
                    if &found != sha256 {
                        return Err(Error::Integrity(format!(
                            "{label}: sha256 is {found}, but the lock says {sha256} for {what}; the stored archive was changed, refusing to install it (remove it to fetch it again)"
                        )));
                    }
                    (label, bytes)
                } else {
                    let from = match (source, &package.url) {
                        (_, Some(url)) => url.clone(),
                        (Source::Path(path), None) => format!("file://{path}"),
                        _ => {
                            return Err(Error::Invalid(format!(
                                "{what}: the lock names no URL for its archive"
                            )))
                        }
                    };
                    let bytes = fetcher.get(&from)?;
                    let found = sha256_bytes(&bytes);
                    if &found != sha256 {
                        return Err(Error::Integrity(format!(
                            "{from}: sha256 is {found}, but the lock says {sha256} for {what}; refusing to install it"
                        )));
                    }
                    (from, bytes)
                };
                let (_, stored) = self.add_zip(package.kind, &bytes, &label)?;
                (label, stored)
            }
            (None, Source::Path(path)) => {
                (path.clone(), self.add_dir(package.kind, Path::new(path))?)
            }
            (None, Source::Git { url, reference }) => {
                let checkout = fetcher.git_checkout(url, reference, self)?;
                let stored = self.add_dir(package.kind, &checkout.dir())?;
                (format!("{url}#{reference}"), stored)
            }
            (None, _) => {
                return Err(Error::Invalid(format!(
                    "{what}: the lock names no archive checksum for an archive source"
                )))
            }
        };
        compare(&label, &what, &package.files, &stored.files)
    }
}

/// An object's path inside a store (`objects/ab/cdef…`, `….x` for an
/// executable), the same on disk and under a store's URL.
pub(crate) fn object_name(record: &FileRecord) -> String {
    let hash = &record.sha256;
    let (head, tail) = hash.split_at(2.min(hash.len()));
    let mode = if record.executable { ".x" } else { "" };
    format!("objects/{head}/{tail}{mode}")
}

/// A kept lock's path inside a store.
pub(crate) fn lock_name(sha256: &str) -> String {
    format!("locks/{sha256}.lock")
}

/// Refuses `found` unless it is exactly the files the lock lists.
fn compare(
    label: &str,
    what: &str,
    locked: &BTreeMap<String, FileRecord>,
    found: &BTreeMap<String, FileRecord>,
) -> Result<()> {
    for (path, want) in locked {
        match found.get(path) {
            None => {
                return Err(Error::Integrity(format!(
                    "{label}: {path} is missing, but the lock lists it for {what}"
                )))
            }
            Some(have) if have != want => {
                return Err(Error::Integrity(format!(
                    "{label}: {path} has sha256 {} (mode {}), but the lock says {} (mode {}) for {what}; refusing to install it",
                    have.sha256,
                    if have.executable { "755" } else { "644" },
                    want.sha256,
                    if want.executable { "755" } else { "644" },
                )))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().find(|p| !locked.contains_key(*p)) {
        return Err(Error::Integrity(format!(
            "{label}: {extra} is not in the lock's list of files for {what}; refusing to install it"
        )));
    }
    Ok(())
}
