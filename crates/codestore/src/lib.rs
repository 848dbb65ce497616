//! slipway's code store: one copy of every package version for the whole
//! fleet.
//!
//! Layout under `$SLIPWAY_HOME/store/`:
//! - `objects/ab/cdef…`: every distinct file content once, named by its
//!   sha256, read-only (0444; `….x` for executables, 0555). Two packages,
//!   two versions of a package or a thousand sites that share a file share
//!   this one inode.
//! - `archives/<sha256>.zip`: every archive a lock was made from, so a lock
//!   installs again without the network, checked against its checksum.
//! - `locks/<sha256>.lock`: locks kept by their checksum, so a store served
//!   over HTTP gives [`materialize`] (an instance's init container on
//!   Kubernetes) the lock and every object it names.
//! - `tmp/`: staging, on the same file system so objects are renamed into
//!   place whole.
//!
//! [`resolve`] turns a manifest into a lock (fetching, hashing, storing),
//! [`Store::install`] makes sure every file a lock names is in the store with
//! the checksum the lock says, [`assemble`] builds a site's tree from the
//! store with hard links, and [`verify`] compares a tree on disk with its
//! lock.

mod assemble;
mod fetch;
mod hash;
mod headers;
pub mod materialize;
mod resolve;
mod store;
mod unpack;
pub mod verify;

pub use assemble::{assemble, make_writable, plan, remove_tree, Assembled};
pub use fetch::{core_checksums, Fetcher};
pub use hash::{sha256_file, HashCache};
pub use headers::header_version;
pub use materialize::{materialize, Materialized};
pub use resolve::{resolve, Update};
pub use store::Store;

/// What a store operation failed with; the message names the package, file
/// or URL concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done, naming the path.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A checksum differs from the lock's, or a package is not what its
    /// manifest or lock says.
    #[error("{0}")]
    Integrity(String),
    /// A manifest or lock is wrong, or a source cannot be used.
    #[error("{0}")]
    Invalid(String),
    /// A manifest or lock could not be read.
    #[error(transparent)]
    Manifest(#[from] slipway_manifest::Error),
}

impl Error {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }
}

/// The result of a store operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `FnOnce` turning an I/O error into one naming `what` and `path`.
pub(crate) fn io_at(what: &str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error {
    let what = format!("{what} {}", path.display());
    move |e| Error::io(what, e)
}
