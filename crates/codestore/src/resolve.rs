//! From a manifest to a lock: pick each package's version, fetch it, store
//! it, and pin every file's checksum.

use std::path::Path;

use slipway_manifest::{Entry, Kind, Lock, LockedPackage, Manifest, Requirement, Source, Version};

use crate::fetch::Fetcher;
use crate::store::{Store, Stored};
use crate::{Error, Result};

/// Which packages `resolve` looks up again although the previous lock
/// still satisfies the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// None: a package keeps its locked version while the manifest allows it.
    Nothing,
    /// Every package.
    All,
    /// These packages, by kind and name.
    Only(Vec<(Kind, String)>),
}

impl Update {
    fn wants(&self, kind: Kind, name: &str) -> bool {
        match self {
            Update::Nothing => false,
            Update::All => true,
            Update::Only(list) => list.iter().any(|(k, n)| *k == kind && n == name),
        }
    }
}

/// The lock for `manifest`: packages of `previous` that still satisfy it
/// (and are not named by `update`) are kept as they are; the others are
/// looked up, fetched and stored. Relative paths are taken from
/// `manifest_dir`.
pub fn resolve(
    manifest: &Manifest,
    manifest_dir: &Path,
    previous: Option<&Lock>,
    update: &Update,
    store: &Store,
    fetcher: &Fetcher,
) -> Result<Lock> {
    let mut lock = Lock {
        php: manifest.php.clone(),
        packages: Vec::new(),
    };
    for entry in manifest.entries() {
        let source = absolute(&entry.source, manifest_dir);
        let kept = previous
            .and_then(|p| p.package(entry.kind, &entry.name))
            .filter(|p| {
                !update.wants(entry.kind, &entry.name) && still_satisfies(p, entry, &source)
            });
        let package = match kept {
            Some(p) => p.clone(),
            None => fetch(entry, source, store, fetcher)?,
        };
        lock.packages.push(package);
    }
    lock.sort();
    Ok(lock)
}

fn absolute(source: &Source, dir: &Path) -> Source {
    match source {
        Source::Path(path) if Path::new(path).is_relative() => {
            let joined = dir.join(path);
            let path = joined.canonicalize().unwrap_or(joined);
            Source::Path(path.display().to_string())
        }
        other => other.clone(),
    }
}

fn still_satisfies(locked: &LockedPackage, entry: &Entry, source: &Source) -> bool {
    let same_source = match (&locked.source, source) {
        // A git package is locked at a commit; the manifest names a ref.
        (Source::Git { url: a, .. }, Source::Git { url: b, .. }) => a == b,
        (a, b) => a == b,
    };
    same_source
        && (entry.requirement == Requirement::any()
            || Version::parse(&locked.version).is_some_and(|v| entry.requirement.matches(&v)))
}

fn fetch(entry: &Entry, source: Source, store: &Store, fetcher: &Fetcher) -> Result<LockedPackage> {
    let what = if entry.kind == Kind::Core {
        "core".to_string()
    } else {
        format!("{} {}", entry.kind, entry.name)
    };
    let (version, url, sha256, stored, source) = match &source {
        Source::Directory(base) => {
            let info = if entry.kind == Kind::Core {
                fetcher.core_offers(base)?
            } else {
                fetcher.directory_info(base, entry.kind, &entry.name)?
            };
            let version = entry
                .requirement
                .best(info.versions.keys().map(String::as_str))
                .ok_or_else(|| {
                    let offered: Vec<&str> = info.versions.keys().map(String::as_str).collect();
                    Error::Invalid(format!(
                        "{what}: no version matching {:?} in the directory at {base} (it offers {})",
                        entry.requirement.as_str(),
                        offered.join(", ")
                    ))
                })?
                .to_string();
            let url = info.versions[&version].clone();
            let bytes = fetcher.get(&url)?;
            let (sha256, stored) = store.add_zip(entry.kind, &bytes, &url)?;
            (
                Some(version),
                Some(url),
                Some(sha256),
                stored,
                source.clone(),
            )
        }
        Source::Zip(url) => {
            let bytes = fetcher.get(url)?;
            let (sha256, stored) = store.add_zip(entry.kind, &bytes, url)?;
            (
                None,
                Some(url.clone()),
                Some(sha256),
                stored,
                source.clone(),
            )
        }
        Source::Path(path) if Path::new(path).is_file() => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {path}"), e))?;
            let (sha256, stored) = store.add_zip(entry.kind, &bytes, path)?;
            (None, None, Some(sha256), stored, source.clone())
        }
        Source::Path(path) => {
            let stored = store.add_dir(entry.kind, Path::new(path))?;
            (None, None, None, stored, source.clone())
        }
        Source::Git { url, reference } => {
            let checkout = fetcher.git_checkout(url, reference, store)?;
            let stored = store.add_dir(entry.kind, &checkout.dir())?;
            let source = Source::Git {
                url: url.clone(),
                reference: checkout.commit.clone(),
            };
            (None, None, None, stored, source)
        }
    };
    let version = match version {
        Some(v) => v,
        None => declared_version(entry, &stored)?,
    };
    Ok(LockedPackage {
        kind: entry.kind,
        name: entry.name.clone(),
        version,
        source,
        url,
        sha256,
        files: stored.files,
    })
}

/// The version of a package taken from a zip, path or git: what its headers
/// say, which must satisfy the manifest; without headers, the exact version
/// the manifest names, or `0`.
fn declared_version(entry: &Entry, stored: &Stored) -> Result<String> {
    let requirement = entry.requirement.as_str();
    match &stored.header_version {
        Some(found) => {
            let parsed = Version::parse(found);
            if parsed
                .as_ref()
                .is_some_and(|v| entry.requirement.matches(v))
                || entry.requirement == Requirement::any()
            {
                Ok(found.clone())
            } else {
                Err(Error::Invalid(format!(
                    "{} {} is version {found}, which does not satisfy {requirement:?} (line {} of the manifest)",
                    entry.kind, entry.name, entry.line
                )))
            }
        }
        None => {
            let exact = requirement.trim_start_matches('=');
            Ok(match Version::parse(exact) {
                Some(v) => v.to_string(),
                None => "0".to_string(),
            })
        }
    }
}
