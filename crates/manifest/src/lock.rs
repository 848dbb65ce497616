//! `slipway.lock`: the exact code of a site.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::manifest::{Kind, Source};
use crate::{valid_name, valid_relative_path, Error};

/// The lock format this build writes and reads.
pub const LOCK_FORMAT: u32 = 1;

/// One file of a locked package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    /// The sha256 of its contents, in lower-case hex.
    pub sha256: String,
    /// Whether it is executable (mode 0755 rather than 0644 where it was
    /// taken from; trees hold it read-only, 0555 or 0444).
    pub executable: bool,
}

impl FileRecord {
    /// The lock's spelling: `644 <sha256>` or `755 <sha256>`.
    pub fn to_lock_string(&self) -> String {
        format!(
            "{} {}",
            if self.executable { "755" } else { "644" },
            self.sha256
        )
    }

    fn parse(text: &str) -> Option<FileRecord> {
        let (mode, hash) = text.split_once(' ')?;
        let executable = match mode {
            "644" => false,
            "755" => true,
            _ => return None,
        };
        is_sha256(hash).then(|| FileRecord {
            sha256: hash.to_string(),
            executable,
        })
    }
}

/// One package pinned by a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPackage {
    /// Its kind.
    pub kind: Kind,
    /// Its name.
    pub name: String,
    /// The exact version.
    pub version: String,
    /// Where it came from; for git, the ref is the commit.
    pub source: Source,
    /// The archive it was taken from, when there was one.
    pub url: Option<String>,
    /// The archive's sha256, when there was one.
    pub sha256: Option<String>,
    /// Every file, by path relative to the package's root.
    pub files: BTreeMap<String, FileRecord>,
}

impl LockedPackage {
    /// The package's content address: the digest of its file list (see
    /// [`tree_digest`]).
    pub fn tree(&self) -> String {
        tree_digest(&self.files)
    }
}

/// The digest of a package's files: sha256 over one line per file, in path
/// order, `<mode> <sha256> <path>\n`. Two packages with the same digest
/// have the same files with the same contents and modes.
pub fn tree_digest(files: &BTreeMap<String, FileRecord>) -> String {
    let mut hasher = Sha256::new();
    for (path, record) in files {
        // As `to_lock_string` spells it, without a string per file.
        hasher.update(if record.executable { b"755 " } else { b"644 " });
        hasher.update(record.sha256.as_bytes());
        hasher.update(b" ");
        hasher.update(path.as_bytes());
        hasher.update(b"\n");
    }
    format!("{:x}", hasher.finalize())
}

/// A site's lock.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lock {
    /// The PHP version the manifest asked for.
    pub php: Option<String>,
    /// Every package, in kind and name order.
    pub packages: Vec<LockedPackage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    format: u32,
    php: Option<String>,
    #[serde(default)]
    package: Vec<RawPackage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    kind: String,
    name: String,
    version: String,
    source: String,
    url: Option<String>,
    sha256: Option<String>,
    tree: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

impl Lock {
    /// The package of `kind` called `name`.
    pub fn package(&self, kind: Kind, name: &str) -> Option<&LockedPackage> {
        self.packages
            .iter()
            .find(|p| p.kind == kind && p.name == name)
    }

    /// The locked core, if the lock pins one.
    pub fn core(&self) -> Option<&LockedPackage> {
        self.packages.iter().find(|p| p.kind == Kind::Core)
    }

    /// Puts the packages in their canonical order (kind, then name), the
    /// order they are written in.
    pub fn sort(&mut self) {
        self.packages
            .sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    }

    /// Parses `text`, the contents of the lock `file` (named in errors).
    /// Checksums, modes, names and paths are all checked: a lock is input,
    /// and its paths become files on disk.
    pub fn parse(file: &str, text: &str) -> Result<Lock, Error> {
        let raw: RawLock = toml::from_str(text).map_err(|e| Error::toml(file, text, &e))?;
        let fail = |key: String, message: String| Error {
            file: file.to_string(),
            line: None,
            key: Some(key),
            message,
        };
        if raw.format != LOCK_FORMAT {
            return Err(fail(
                "format".into(),
                format!(
                    "lock format {} is not {LOCK_FORMAT}, the one this slipway reads; run `slipway lock` again",
                    raw.format
                ),
            ));
        }
        let mut packages = Vec::new();
        for (i, p) in raw.package.into_iter().enumerate() {
            let key = |field: &str| format!("package[{i}].{field} ({})", p.name);
            let kind = Kind::parse(&p.kind)
                .ok_or_else(|| fail(key("kind"), format!("unknown kind {:?}", p.kind)))?;
            if !valid_name(&p.name) {
                return Err(fail(key("name"), "not a package name".into()));
            }
            let source = Source::from_lock_string(&p.source)
                .ok_or_else(|| fail(key("source"), format!("unknown source {:?}", p.source)))?;
            if let Some(hash) = &p.sha256 {
                if !is_sha256(hash) {
                    return Err(fail(key("sha256"), "not a sha256 in hex".into()));
                }
            }
            let mut files = BTreeMap::new();
            for (path, value) in &p.files {
                if !valid_relative_path(path) {
                    return Err(fail(
                        format!("{}.{path:?}", key("files")),
                        "not a relative path inside the package".into(),
                    ));
                }
                let record = FileRecord::parse(value).ok_or_else(|| {
                    fail(
                        format!("{}.{path:?}", key("files")),
                        "expected \"644 <sha256>\" or \"755 <sha256>\"".into(),
                    )
                })?;
                files.insert(path.clone(), record);
            }
            let package = LockedPackage {
                kind,
                name: p.name.clone(),
                version: p.version,
                source,
                url: p.url,
                sha256: p.sha256,
                files,
            };
            if package.tree() != p.tree {
                return Err(fail(
                    key("tree"),
                    "does not match the package's file list: the lock was edited by hand".into(),
                ));
            }
            packages.push(package);
        }
        Ok(Lock {
            php: raw.php,
            packages,
        })
    }

    /// The lock's text, deterministic: the same lock always gives the same
    /// bytes.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = String::from(
            "# slipway.lock: the exact code of this site, written by `slipway lock`.\n\
             # `slipway install` reproduces it and refuses any file whose checksum differs.\n",
        );
        let _ = writeln!(out, "format = {LOCK_FORMAT}");
        if let Some(php) = &self.php {
            let _ = writeln!(out, "php = {}", q(php));
        }
        let mut sorted = self.clone();
        sorted.sort();
        for p in &sorted.packages {
            let _ = writeln!(out, "\n[[package]]");
            let _ = writeln!(out, "kind = {}", q(p.kind.as_str()));
            let _ = writeln!(out, "name = {}", q(&p.name));
            let _ = writeln!(out, "version = {}", q(&p.version));
            let _ = writeln!(out, "source = {}", q(&p.source.to_lock_string()));
            if let Some(url) = &p.url {
                let _ = writeln!(out, "url = {}", q(url));
            }
            if let Some(hash) = &p.sha256 {
                let _ = writeln!(out, "sha256 = {}", q(hash));
            }
            let _ = writeln!(out, "tree = {}", q(&p.tree()));
            let _ = writeln!(out, "\n[package.files]");
            for (path, record) in &p.files {
                let _ = writeln!(out, "{} = {}", q(path), q(&record.to_lock_string()));
            }
        }
        out
    }
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> LockedPackage {
        let mut files = BTreeMap::new();
        files.insert(
            "hello.php".to_string(),
            FileRecord {
                sha256: "a".repeat(64),
                executable: false,
            },
        );
        files.insert(
            "bin/tool \"x\".sh".to_string(),
            FileRecord {
                sha256: "b".repeat(64),
                executable: true,
            },
        );
        LockedPackage {
            kind: Kind::Plugin,
            name: "hello".into(),
            version: "1.0".into(),
            source: Source::Directory("http://127.0.0.1:9".into()),
            url: Some("http://127.0.0.1:9/hello.1.0.zip".into()),
            sha256: Some("c".repeat(64)),
            files,
        }
    }

    #[test]
    fn a_lock_round_trips_through_its_text() {
        let lock = Lock {
            php: Some("8.2".into()),
            packages: vec![package()],
        };
        let text = lock.to_toml();
        assert_eq!(Lock::parse("slipway.lock", &text).unwrap(), lock);
        assert_eq!(text, Lock::parse("x", &text).unwrap().to_toml());
    }

    #[test]
    fn a_hand_edited_or_unsafe_lock_is_refused() {
        let text = Lock {
            php: None,
            packages: vec![package()],
        }
        .to_toml();
        let edited = text.replace(&"a".repeat(64), &"d".repeat(64));
        let err = Lock::parse("slipway.lock", &edited)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("tree") && err.contains("edited by hand"),
            "{err}"
        );
        let escaping = text.replace("\"hello.php\"", "\"../../evil.php\"");
        let err = Lock::parse("slipway.lock", &escaping)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a relative path"), "{err}");
        let err = Lock::parse("slipway.lock", "format = 9\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("slipway.lock: format: lock format 9"),
            "{err}"
        );
    }
}
