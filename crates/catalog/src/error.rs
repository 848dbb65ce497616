//! What can go wrong with the catalog, naming what it concerned.

use std::fmt;
use std::path::PathBuf;

/// A thing in the catalog that an error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A site, by name.
    Site(String),
    /// An environment of a site.
    Environment {
        /// The site's name.
        site: String,
        /// The environment's name.
        name: String,
    },
    /// An instance, by id.
    Instance(String),
    /// A version, by id.
    Version(String),
    /// A release or rollback, by number.
    Release(i64),
}

impl Subject {
    pub(crate) fn site(name: &str) -> Subject {
        Subject::Site(name.to_owned())
    }

    pub(crate) fn environment(site: &str, name: &str) -> Subject {
        Subject::Environment {
            site: site.to_owned(),
            name: name.to_owned(),
        }
    }

    pub(crate) fn instance(id: &str) -> Subject {
        Subject::Instance(id.to_owned())
    }

    pub(crate) fn version(id: &str) -> Subject {
        Subject::Version(id.to_owned())
    }

    pub(crate) fn release(seq: i64) -> Subject {
        Subject::Release(seq)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Site(name) => write!(f, "site {name}"),
            Subject::Environment { site, name } => write!(f, "environment {site}/{name}"),
            Subject::Instance(id) => write!(f, "instance {id}"),
            Subject::Version(id) => write!(f, "version {id}"),
            Subject::Release(seq) => write!(f, "release {seq}"),
        }
    }
}

/// What went wrong in the catalog.
///
/// Messages name the catalog file or the site, environment or instance
/// concerned; underlying SQLite and I/O errors are kept as the source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The catalog file could not be created.
    #[error("cannot create the catalog {} (its directory must already exist)", path.display())]
    Create {
        /// The catalog file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The catalog was written by a newer slipway than this one.
    #[error(
        "the catalog {location} has schema version {found}, but this slipway knows only up to \
         version {known}: use a newer slipway"
    )]
    NewerSchema {
        /// The catalog file, or `:memory:`.
        location: String,
        /// The version found in the file.
        found: u32,
        /// The latest version this build knows.
        known: u32,
    },
    /// The catalog's schema version is not one any slipway writes.
    #[error("the catalog {location} has an invalid schema version {found}")]
    InvalidSchema {
        /// The catalog file, or `:memory:`.
        location: String,
        /// The version found in the file.
        found: i64,
    },
    /// The thing to add is already in the catalog.
    #[error("{0} already exists")]
    AlreadyExists(Subject),
    /// The thing asked for is not in the catalog.
    #[error("{0} does not exist")]
    NotFound(Subject),
    /// An environment was to point at an instance of another site.
    #[error(
        "environment {site}/{environment} cannot point at instance {instance}: it belongs to \
         site {owner}"
    )]
    ForeignInstance {
        /// The environment's site.
        site: String,
        /// The environment.
        environment: String,
        /// The instance.
        instance: String,
        /// The site the instance belongs to.
        owner: String,
    },
    /// A site or environment name that could not safely become part of a
    /// directory, database or account name.
    #[error("invalid {what} name {name:?}: {reason}")]
    InvalidName {
        /// `site` or `environment`.
        what: &'static str,
        /// The name given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A table prefix WordPress would refuse or that is unsafe in SQL.
    #[error(
        "invalid table prefix {prefix:?} for site {site}: use ASCII letters, digits and \
         underscores"
    )]
    InvalidTablePrefix {
        /// The site.
        site: String,
        /// The prefix given.
        prefix: String,
    },
    /// A database or account name that MariaDB would refuse.
    #[error("instance {instance} would need the database name {db_name}, longer than MariaDB's 64 characters")]
    NameTooLong {
        /// The id the instance would have had.
        instance: String,
        /// The database name it would have had.
        db_name: String,
    },
    /// The catalog stores paths as text, and this one is not UTF-8.
    #[error("the instance directory {} of environment {site}/{environment} is not valid UTF-8", path.display())]
    NonUtf8Path {
        /// The site.
        site: String,
        /// The environment.
        environment: String,
        /// The directory.
        path: PathBuf,
    },
    /// SQLite failed while the catalog was doing something.
    #[error("{context}")]
    Sqlite {
        /// What the catalog was doing, naming what it concerned.
        context: String,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
}

/// Attaches what was being done to SQLite's errors.
pub(crate) trait Context<T> {
    /// Wraps an error with the context `doing` builds.
    fn context(self, doing: impl FnOnce() -> String) -> Result<T, CatalogError>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn context(self, doing: impl FnOnce() -> String) -> Result<T, CatalogError> {
        self.map_err(|source| CatalogError::Sqlite {
            context: doing(),
            source,
        })
    }
}
