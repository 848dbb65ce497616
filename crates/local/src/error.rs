//! The local runtime's error: a message naming what was being done, and the
//! underlying cause.

use slipway_runtime::RuntimeError;

/// What went wrong in the local runtime.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error with a message and no underlying cause.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            source: None,
        }
    }

    /// An I/O error while `doing` something.
    pub fn io(doing: impl Into<String>, source: std::io::Error) -> Error {
        Error {
            message: doing.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl From<Error> for RuntimeError {
    fn from(error: Error) -> RuntimeError {
        match error.source {
            Some(source) => RuntimeError::with_source(error.message, BoxedSource(source)),
            None => RuntimeError::new(error.message),
        }
    }
}

/// Carries a boxed cause into [`RuntimeError`], which takes a concrete one.
#[derive(Debug)]
struct BoxedSource(Box<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for BoxedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BoxedSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// The result of a local runtime operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
