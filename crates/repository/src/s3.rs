//! A restic repository in an S3 bucket, as a `rustic_core` backend over
//! OpenDAL's S3 service. The objects are laid out as restic lays them out
//! (`config`, `keys/<id>`, `data/<2 hex>/<id>`, …), so stock restic reads the
//! same bucket with `-r s3:<endpoint>/<bucket>[/<prefix>]`.
//!
//! rustic_core calls backends synchronously from its own threads; each call
//! here runs on the backend's small Tokio runtime and waits for its answer,
//! which works whether or not the caller is itself inside a runtime.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use opendal::layers::{RetryLayer, TimeoutLayer};
use opendal::{Buffer, ErrorKind as DalErrorKind, Operator};
use rustic_core::{
    BytesList, ErrorKind, FileType, Id, ReadBackend, RusticError, RusticResult, WriteBackend,
};

use crate::location::S3Location;
use crate::object_path as path;

/// The keys of an S3 bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Access {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// The bucket's region (`us-east-1` when not given; Garage's is its
    /// `s3_region`).
    pub region: Option<String>,
}

impl std::fmt::Debug for S3Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Access")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"…")
            .field("region", &self.region)
            .finish()
    }
}

/// The backend: an operator on the bucket's prefix and the runtime its
/// requests run on.
#[derive(Debug)]
pub(crate) struct S3Backend {
    operator: Operator,
    /// Always `Some` until dropped.
    runtime: Option<tokio::runtime::Runtime>,
    location: String,
}

impl Drop for S3Backend {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside another runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl S3Backend {
    /// A backend for `location`, signing with `access`.
    pub(crate) fn new(location: &S3Location, access: &S3Access) -> RusticResult<S3Backend> {
        install_crypto_provider();
        // OpenDAL's process-wide HTTP client; the first one installed stays.
        opendal::HttpTransporter::install_default(
            opendal_http_transport_reqwest::ReqwestTransport::default(),
        );
        let builder = opendal::services::S3::default()
            .endpoint(&location.endpoint)
            .bucket(&location.bucket)
            .root(&format!("/{}", location.prefix))
            .region(access.region.as_deref().unwrap_or("us-east-1"))
            .access_key_id(&access.access_key_id)
            .secret_access_key(&access.secret_access_key)
            // Only the keys given: no profile files, no instance metadata.
            .disable_config_load();
        let operator = Operator::new(builder)
            .map_err(|e| backend_error("configuring the S3 bucket {location}", e, location))?
            .layer(
                TimeoutLayer::new()
                    .with_timeout(Duration::from_secs(60))
                    .with_io_timeout(Duration::from_secs(30)),
            )
            .layer(
                RetryLayer::new()
                    .with_max_times(4)
                    .with_max_delay(Duration::from_secs(8))
                    .with_jitter(),
            );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("slipway-s3")
            .enable_all()
            .build()
            .map_err(|e| {
                RusticError::with_source(
                    ErrorKind::Backend,
                    "starting the S3 client's runtime failed",
                    e,
                )
            })?;
        Ok(S3Backend {
            operator,
            runtime: Some(runtime),
            location: location.to_string(),
        })
    }

    /// The operator on the bucket's prefix.
    pub(crate) fn operator(&self) -> &Operator {
        &self.operator
    }

    /// Runs one request on the backend's runtime and waits for it.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        request: impl Future<Output = opendal::Result<T>> + Send + 'static,
    ) -> opendal::Result<T> {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let Some(runtime) = &self.runtime else {
            return Err(opendal::Error::new(
                DalErrorKind::Unexpected,
                "the S3 client was shut down",
            ));
        };
        runtime.spawn(async move {
            // The receiver only goes away if the caller did, so nothing is lost.
            let _ = send.send(request.await);
        });
        receive.recv().unwrap_or_else(|_| {
            Err(opendal::Error::new(
                DalErrorKind::Unexpected,
                "the S3 request's task ended without an answer",
            ))
        })
    }

    fn error(&self, what: &str, error: opendal::Error) -> Box<RusticError> {
        RusticError::with_source(ErrorKind::Backend, "{what} in {location} failed", error)
            .attach_context("what", what.to_string())
            .attach_context("location", self.location.clone())
    }
}

fn backend_error(
    guidance: &'static str,
    error: opendal::Error,
    location: &S3Location,
) -> Box<RusticError> {
    RusticError::with_source(ErrorKind::Backend, guidance, error)
        .attach_context("location", location.to_string())
}

/// rustls needs one process-wide crypto provider; slipway uses ring, as
/// its Kubernetes client does. Installing fails only when one is already
/// installed, which is as good.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl ReadBackend for S3Backend {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn list_with_size(&self, tpe: FileType) -> RusticResult<Vec<(Id, u32)>> {
        let operator = self.operator.clone();
        if tpe == FileType::Config {
            return match self.run(async move { operator.stat("config").await }) {
                Ok(meta) => Ok(vec![(
                    Id::default(),
                    u32::try_from(meta.content_length()).unwrap_or(u32::MAX),
                )]),
                Err(e) if e.kind() == DalErrorKind::NotFound => Ok(Vec::new()),
                Err(e) => Err(self.error("reading config", e)),
            };
        }
        let dir = format!("{}/", tpe.dirname());
        let entries = self
            .run(async move { operator.list_with(&dir).recursive(true).await })
            .map_err(|e| self.error(&format!("listing {}", tpe.dirname()), e))?;
        let mut found = Vec::with_capacity(entries.len());
        for entry in entries {
            let meta = entry.metadata();
            if !meta.is_file() {
                continue;
            }
            let Some(id) = Id::parse_some(entry.name(), tpe) else {
                continue;
            };
            let size = u32::try_from(meta.content_length()).map_err(|_| {
                RusticError::new(
                    ErrorKind::Backend,
                    "{path} in {location} is larger than a repository file can be",
                )
                .attach_context("path", entry.path().to_string())
                .attach_context("location", self.location.clone())
            })?;
            found.push((id, size));
        }
        Ok(found)
    }

    fn read_full(&self, tpe: FileType, id: &Id) -> RusticResult<Bytes> {
        let operator = self.operator.clone();
        let key = path(tpe, id);
        let what = format!("reading {key}");
        self.run(async move { operator.read(&key).await })
            .map(|buffer| buffer.to_bytes())
            .map_err(|e| self.error(&what, e))
    }

    fn read_partial(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        offset: u32,
        length: u32,
    ) -> RusticResult<Bytes> {
        let operator = self.operator.clone();
        let key = path(tpe, id);
        let what = format!("reading {length} bytes at {offset} of {key}");
        let range = u64::from(offset)..u64::from(offset) + u64::from(length);
        self.run(async move { operator.read_with(&key).range(range).await })
            .map(|buffer| buffer.to_bytes())
            .map_err(|e| self.error(&what, e))
    }

    fn warmup_path(&self, tpe: FileType, id: &Id) -> String {
        path(tpe, id)
    }
}

impl WriteBackend for S3Backend {
    fn create(&self) -> RusticResult<()> {
        // A bucket has no directories; checking that it answers at all
        // turns a wrong endpoint, bucket or key into one clear error at
        // `init` rather than at the first pack.
        let operator = self.operator.clone();
        self.run(async move { operator.list_with("keys/").limit(1).await })
            .map(drop)
            .map_err(|e| self.error("reaching the bucket", e))
    }

    fn write_bytes(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        content: BytesList,
    ) -> RusticResult<()> {
        let operator = self.operator.clone();
        let key = path(tpe, id);
        let what = format!("writing {key}");
        let buffer = Buffer::from(content.into_vec());
        self.run(async move { operator.write(&key, buffer).await })
            .map(drop)
            .map_err(|e| self.error(&what, e))
    }

    fn remove(&self, tpe: FileType, id: &Id, _cacheable: bool) -> RusticResult<()> {
        let operator = self.operator.clone();
        let key = path(tpe, id);
        let what = format!("removing {key}");
        self.run(async move { operator.delete(&key).await })
            .map_err(|e| self.error(&what, e))
    }
}

/// The backends rustic_core opens a repository with.
pub(crate) fn backends(
    location: &S3Location,
    access: &S3Access,
) -> RusticResult<rustic_core::RepositoryBackends> {
    let backend: Arc<dyn WriteBackend> = Arc::new(S3Backend::new(location, access)?);
    Ok(rustic_core::RepositoryBackends::new(backend, None))
}
