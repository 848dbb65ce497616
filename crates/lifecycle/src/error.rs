//! What a lifecycle operation failed with.

use slipway_catalog::CatalogError;
use slipway_runtime::RuntimeError;

/// A lifecycle operation's error; each names the site, environment, file or
/// value concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The catalog could not be read or changed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The runtime failed.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// What was asked for is not possible as given.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written.
    #[error("{what}")]
    Io {
        /// What was being done, naming the file.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A dump could not be read or transformed.
    #[error("{what}: {source}")]
    Dump {
        /// The dump and what was being done.
        what: String,
        /// The cause, naming line and table.
        #[source]
        source: slipway_transform::TransformError,
    },
}

impl Error {
    /// An I/O error while doing `what`.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }
}

/// The result of a lifecycle operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
