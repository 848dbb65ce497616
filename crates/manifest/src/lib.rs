//! A site's code, declared and locked.
//!
//! - [`Manifest`] is `slipway.toml`'s code tables: `[core]`, `[php]`,
//!   `[plugins]`, `[themes]`, `[mu-plugins]`, `[dropins]` and `[directory]`
//!   (where directory sources are looked up). Tables it does not own
//!   (`[site]`, `[kubernetes]`, …) are left to their owners.
//! - [`Lock`] is `slipway.lock`: every package's exact version, source,
//!   archive checksum and every file's checksum and mode.
//! - [`edit`] changes a manifest's text in place, keeping comments and the
//!   tables of others.
//! - [`version`] orders WordPress-style versions and matches requirements.
//!
//! Everything here is pure: text in, values or text out.

pub mod edit;
mod lock;
mod manifest;
pub mod version;

pub use lock::{tree_digest, FileRecord, Lock, LockedPackage, LOCK_FORMAT};
pub use manifest::{Entry, Kind, Manifest, Source, DEFAULT_DIRECTORY};
pub use version::{Requirement, Version};

/// What is wrong with a manifest or lock, and where: the file, the line
/// (when known) and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default(), key.as_ref().map(|k| format!(": {k}")).unwrap_or_default())]
pub struct Error {
    /// The file, as the user named it.
    pub file: String,
    /// The 1-based line.
    pub line: Option<usize>,
    /// The key (`plugins.akismet.version`).
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Error {
    pub(crate) fn at(
        file: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        key: Option<String>,
        message: impl Into<String>,
    ) -> Error {
        Error {
            file: file.to_string(),
            line: span.map(|s| line_of(text, s.start)),
            key,
            message: message.into(),
        }
    }

    /// An error from the TOML parser, which knows the position.
    pub(crate) fn toml(file: &str, text: &str, e: &toml::de::Error) -> Error {
        Error::at(file, text, e.span(), None, e.message().to_string())
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whether `name` may name a package: it becomes a directory name, so no
/// separators, no leading dot, no spaces.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether `path` is a safe relative path inside a package: no absolute
/// path, no `..` or `.` components, no empty components, no NUL or
/// backslash.
pub fn valid_relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\0')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}
