//! Checksums of files, each distinct file hashed once per run.

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use sha2::digest;
use sha2::{Digest, Sha256};

use crate::{io_at, Result};

/// The sha256 of `bytes`, in lower-case hex.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The sha256 of the file at `path`, in lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    digest_file::<Sha256>(path)
}

/// The digest `D` (sha256, md5) of the file at `path`, in lower-case hex.
pub(crate) fn digest_file<D: Digest>(path: &Path) -> Result<String>
where
    digest::Output<D>: std::fmt::LowerHex,
{
    let mut file = std::fs::File::open(path).map_err(io_at("opening", path))?;
    let mut hasher = D::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(io_at("reading", path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// Remembers the checksum of every inode hashed in this run, so files
/// shared through hard links (a package version installed in a thousand
/// sites) are read once. An entry is trusted only while the inode's size,
/// modification and change times are what they were: writing the file or
/// changing its mode moves them.
#[derive(Debug, Default)]
pub struct HashCache {
    known: HashMap<(u64, u64), (Stamp, String)>,
    hashed: u64,
    hits: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl HashCache {
    /// An empty cache.
    pub fn new() -> HashCache {
        HashCache::default()
    }

    /// The sha256 of the file at `path` (whose metadata the caller has).
    pub fn sha256(&mut self, path: &Path, meta: &std::fs::Metadata) -> Result<String> {
        let key = (meta.dev(), meta.ino());
        let stamp = Stamp {
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        };
        if let Some((known, hash)) = self.known.get(&key) {
            if *known == stamp {
                self.hits += 1;
                return Ok(hash.clone());
            }
        }
        let hash = sha256_file(path)?;
        self.hashed += 1;
        self.known.insert(key, (stamp, hash.clone()));
        Ok(hash)
    }

    /// How many files were read and hashed.
    pub fn hashed(&self) -> u64 {
        self.hashed
    }

    /// How many checksums were answered from the cache.
    pub fn hits(&self) -> u64 {
        self.hits
    }
}
