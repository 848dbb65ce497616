//! What rendering, applying and diffing fail with.

/// An error of the Kubernetes renderer or its apply shell. Manifest errors
/// name the file and the key; cluster errors name the object.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The manifest could not be parsed.
    #[error("{file}: {message}")]
    Manifest {
        /// The manifest's path as the user gave it.
        file: String,
        /// What is wrong, with line and key.
        message: String,
    },
    /// A setting has a value the renderer cannot use.
    #[error("{file}: {key}: {message}")]
    Setting {
        /// The manifest's path.
        file: String,
        /// The dotted key, e.g. `kubernetes.database.replicas`.
        key: String,
        /// What is wrong and what would be right.
        message: String,
    },
    /// Writing the rendered tree failed.
    #[error("{path}: {cause}")]
    Io {
        /// The file or directory concerned.
        path: String,
        /// The underlying error (in the message, so not also a source).
        cause: std::io::Error,
    },
    /// The cluster could not be reached or refused a request.
    #[error("{message}")]
    Cluster {
        /// What was being done, naming the object.
        message: String,
        /// The client's error.
        #[source]
        source: Option<Box<kube::Error>>,
    },
}

impl Error {
    pub(crate) fn manifest(file: &str, message: impl Into<String>) -> Error {
        Error::Manifest {
            file: file.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn setting(file: &str, key: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Setting {
            file: file.to_string(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// What the cluster's state does not allow, with no client error.
    pub(crate) fn refused(message: impl Into<String>) -> Error {
        Error::Cluster {
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn cluster(message: impl Into<String>, source: kube::Error) -> Error {
        Error::Cluster {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

/// The result of this crate's calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;
