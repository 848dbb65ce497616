//! A site's code tree written from a store elsewhere: what an instance's
//! init container runs on a machine that has no store of its own.
//!
//! A store is served as it lies on disk (any static HTTP server over
//! `$SLIPWAY_HOME/store`, or the directory itself): the lock is fetched by
//! its sha256 (`locks/<sha256>.lock`), each file by its object's name
//! (`objects/ab/cdef…`), and every byte is checked against the lock before
//! it is written, so neither a damaged store nor a server in the middle can
//! put code the lock does not name into the tree.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use slipway_manifest::Lock;

use crate::fetch::Fetcher;
use crate::hash::sha256_bytes;
use crate::store::{lock_name, object_name};
use crate::{io_at, plan, Error, Result};

/// The file at the root of a materialized tree naming its lock: a tree
/// holding it may be written over by the next run (an init container run
/// again after a restart); any other non-empty destination is refused.
pub const MARKER: &str = ".slipway-lock";

/// Where the uploads volume is mounted; made empty so the mount point
/// exists in a tree mounted read-only.
const UPLOADS: &str = "wp-content/uploads";

/// What [`materialize`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Materialized {
    /// The lock's sha256.
    pub lock: String,
    /// Files in the tree.
    pub files: usize,
    /// Objects fetched (files with the same contents are fetched once and
    /// hard-linked).
    pub fetched: usize,
    /// Bytes fetched.
    pub bytes: u64,
}

/// A store's location as a URL prefix: `http(s)://…` and `file://…` as
/// they are, anything else a directory.
pub fn store_url(location: &str) -> Result<String> {
    let location = location.trim_end_matches('/');
    if location.starts_with("http://")
        || location.starts_with("https://")
        || location.starts_with("file://")
    {
        return Ok(location.to_string());
    }
    let dir = std::path::absolute(location)
        .map_err(|e| Error::io(format!("resolving the store {location}"), e))?;
    Ok(format!("file://{}", dir.display()))
}

/// Writes the tree of the lock whose sha256 is `lock_sha256` from the store
/// at `store` (see [`store_url`]) into `dest`, every file checked against
/// the lock; with `config`, a `wp-config.php` that loads that file. Any
/// checksum that differs is refused, naming the file and the URL it came
/// from, and leaves the tree unfinished (no [`MARKER`] with a lock is
/// trusted until the whole tree is written).
pub fn materialize(
    fetcher: &Fetcher,
    store: &str,
    lock_sha256: &str,
    dest: &Path,
    config: Option<&str>,
) -> Result<Materialized> {
    if lock_sha256.len() != 64 || !lock_sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Invalid(format!(
            "`{lock_sha256}` is not a lock's sha256 (64 hex digits)"
        )));
    }
    let lock_sha256 = lock_sha256.to_ascii_lowercase();
    let base = store_url(store)?;
    let lock_url = format!("{base}/{}", lock_name(&lock_sha256));
    let text = fetcher.get(&lock_url)?;
    let found = sha256_bytes(&text);
    if found != lock_sha256 {
        return Err(Error::Integrity(format!(
            "{lock_url}: sha256 is {found}, not the {lock_sha256} asked for; refusing it"
        )));
    }
    let text = String::from_utf8(text)
        .map_err(|_| Error::Invalid(format!("{lock_url} is not UTF-8 text")))?;
    let lock = Lock::parse(&lock_url, &text)?;

    clear(dest)?;
    let marker = dest.join(MARKER);
    // Written first and empty: a tree cut short is recognisably ours (and
    // cleared by the next run), yet names no lock.
    std::fs::write(&marker, b"").map_err(io_at("writing", &marker))?;

    let mut done = Materialized {
        lock: lock_sha256.clone(),
        ..Materialized::default()
    };
    let mut written: HashMap<(&str, bool), PathBuf> = HashMap::new();
    for (path, (index, record)) in plan(&lock) {
        let target = dest.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_at("creating", parent))?;
        }
        let key = (record.sha256.as_str(), record.executable);
        if let Some(first) = written.get(&key) {
            if std::fs::hard_link(first, &target).is_err() {
                std::fs::copy(first, &target).map_err(io_at("writing", &target))?;
            }
            done.files += 1;
            continue;
        }
        let url = format!("{base}/{}", object_name(record));
        let bytes = fetcher.get(&url)?;
        let found = sha256_bytes(&bytes);
        if found != record.sha256 {
            let package = &lock.packages[index];
            let what = match package.kind {
                slipway_manifest::Kind::Core => format!("WordPress {}", package.version),
                kind => format!("{kind} {} {}", package.name, package.version),
            };
            return Err(Error::Integrity(format!(
                "{path} ({what}): {url} has sha256 {found}, but the lock says {}; refusing to write it",
                record.sha256
            )));
        }
        std::fs::write(&target, &bytes).map_err(io_at("writing", &target))?;
        let mode = if record.executable { 0o555 } else { 0o444 };
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode))
            .map_err(io_at("setting the mode of", &target))?;
        done.files += 1;
        done.fetched += 1;
        done.bytes += bytes.len() as u64;
        written.insert(key, target);
    }
    let uploads = dest.join(UPLOADS);
    std::fs::create_dir_all(&uploads).map_err(io_at("creating", &uploads))?;
    if let Some(config) = config {
        let shim = dest.join("wp-config.php");
        if shim.exists() {
            return Err(Error::Invalid(format!(
                "the lock {lock_url} has a wp-config.php of its own; it cannot load {config}"
            )));
        }
        let quoted = config.replace('\\', "\\\\").replace('\'', "\\'");
        let text = format!(
            "<?php\n// Settings live outside the read-only code tree.\nrequire '{quoted}';\n"
        );
        std::fs::write(&shim, text).map_err(io_at("writing", &shim))?;
        std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o444))
            .map_err(io_at("setting the mode of", &shim))?;
    }
    std::fs::write(&marker, format!("{lock_sha256}\n")).map_err(io_at("writing", &marker))?;
    Ok(done)
}

/// Empties `dest` (creating it if missing) when it is empty or a tree of
/// ours; refuses anything else.
fn clear(dest: &Path) -> Result<()> {
    std::fs::create_dir_all(dest).map_err(io_at("creating", dest))?;
    let entries: Vec<_> = std::fs::read_dir(dest)
        .map_err(io_at("reading", dest))?
        .collect::<std::io::Result<_>>()
        .map_err(io_at("reading", dest))?;
    if entries.is_empty() {
        return Ok(());
    }
    let marker = dest.join(MARKER);
    let ours = std::fs::symlink_metadata(&marker).is_ok_and(|m| m.file_type().is_file());
    if !ours {
        return Err(Error::Invalid(format!(
            "{} is not empty and holds no {MARKER}: refusing to write a tree over it",
            dest.display()
        )));
    }
    // The marker goes last: a clear cut short leaves the tree still ours.
    for entry in entries {
        let path = entry.path();
        if path == marker {
            continue;
        }
        let is_dir = entry.file_type().map_err(io_at("reading", &path))?.is_dir();
        if is_dir {
            crate::remove_tree(&path)?;
        } else {
            std::fs::remove_file(&path).map_err(io_at("removing", &path))?;
        }
    }
    std::fs::remove_file(&marker).map_err(io_at("removing", &marker))
}
