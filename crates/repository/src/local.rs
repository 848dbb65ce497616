//! A repository in a directory: rustic's local backend, except that every
//! file is written whole or not at all.
//!
//! rustic's local backend sizes a file and then fills it in place, so a
//! process killed while writing leaves a file of the right name and length
//! but wrong contents; a snapshot file cut that way makes every listing of
//! the repository fail, slipway's and stock restic's. Here a file is
//! written under `.slipway-tmp/`, synced, and renamed into place, and the
//! directory is synced: after a crash a file is either absent or whole.
//! restic ignores the extra directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use rustic_backend::LocalBackend;
use rustic_core::{
    BytesList, ErrorKind, FileType, Id, ReadBackend, RusticError, RusticResult, WriteBackend,
};

/// Where files are staged before their rename.
const STAGING: &str = ".slipway-tmp";

/// Staged files older than this are leftovers of a killed process (a write
/// takes seconds), removed when the repository is opened.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// rustic's local backend with atomic writes.
#[derive(Debug)]
pub(crate) struct AtomicLocal {
    inner: LocalBackend,
    root: PathBuf,
}

impl AtomicLocal {
    /// The backend for the repository in `root`.
    pub(crate) fn new(root: &Path) -> RusticResult<AtomicLocal> {
        let inner = LocalBackend::new(root.to_string_lossy(), std::iter::empty())?;
        let backend = AtomicLocal {
            inner,
            root: root.to_path_buf(),
        };
        backend.remove_leftovers();
        Ok(backend)
    }

    fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(self.root.join(STAGING)) else {
            return;
        };
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > LEFTOVER_AGE);
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The staging directory, made when missing.
    fn staging(&self) -> RusticResult<PathBuf> {
        let staging = self.root.join(STAGING);
        std::fs::create_dir_all(&staging)
            .map_err(|e| self.io_error("creating the staging directory {path}", &staging, e))?;
        Ok(staging)
    }

    fn io_error(&self, what: &'static str, path: &Path, error: std::io::Error) -> Box<RusticError> {
        RusticError::with_source(ErrorKind::InputOutput, what, error)
            .attach_context("path", path.display().to_string())
    }
}

impl ReadBackend for AtomicLocal {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn list_with_size(&self, tpe: FileType) -> RusticResult<Vec<(Id, u32)>> {
        self.inner.list_with_size(tpe)
    }

    fn list(&self, tpe: FileType) -> RusticResult<Vec<Id>> {
        self.inner.list(tpe)
    }

    fn read_full(&self, tpe: FileType, id: &Id) -> RusticResult<Bytes> {
        self.inner.read_full(tpe, id)
    }

    fn read_partial(
        &self,
        tpe: FileType,
        id: &Id,
        cacheable: bool,
        offset: u32,
        length: u32,
    ) -> RusticResult<Bytes> {
        self.inner.read_partial(tpe, id, cacheable, offset, length)
    }

    fn warmup_path(&self, tpe: FileType, id: &Id) -> String {
        self.inner.warmup_path(tpe, id)
    }
}

impl WriteBackend for AtomicLocal {
    fn create(&self) -> RusticResult<()> {
        self.inner.create()?;
        self.staging().map(drop)
    }

    fn write_bytes(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        content: BytesList,
    ) -> RusticResult<()> {
        let target = self.root.join(crate::object_path(tpe, id));
        let staged = self.staging()?.join(format!(
            "{}-{}-{}",
            tpe.dirname(),
            &id.to_hex()[..],
            std::process::id()
        ));
        let written = (|| -> std::io::Result<()> {
            let mut file = std::fs::File::create(&staged)?;
            for part in content.slice() {
                file.write_all(part)?;
            }
            file.sync_all()?;
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::rename(&staged, &target)?;
            if let Some(dir) = target.parent() {
                std::fs::File::open(dir)?.sync_all()?;
            }
            Ok(())
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&staged);
            self.io_error("writing {path} whole", &target, e)
        })
    }

    fn remove(&self, tpe: FileType, id: &Id, cacheable: bool) -> RusticResult<()> {
        self.inner.remove(tpe, id, cacheable)
    }
}

/// The backends rustic_core opens a directory repository with.
pub(crate) fn backends(root: &Path) -> RusticResult<rustic_core::RepositoryBackends> {
    let backend: Arc<dyn WriteBackend> = Arc::new(AtomicLocal::new(root)?);
    Ok(rustic_core::RepositoryBackends::new(backend, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_renamed_into_place_whole_and_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        let backend = AtomicLocal::new(dir.path()).unwrap();
        backend.create().unwrap();
        let id = Id::random();
        backend
            .write_bytes(
                FileType::Snapshot,
                &id,
                false,
                BytesList::from(b"{\"tree\":1}".to_vec()),
            )
            .unwrap();
        let path = dir.path().join("snapshots").join(id.to_hex().as_str());
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"tree\":1}");
        assert_eq!(
            std::fs::read_dir(dir.path().join(STAGING)).unwrap().count(),
            0,
            "nothing is left staged"
        );
        assert_eq!(backend.list(FileType::Snapshot).unwrap(), vec![id]);

        // A staged file of a killed writer, old enough, is removed on open;
        // a fresh one (another writer's) is not.
        let old = dir.path().join(STAGING).join("snapshots-dead-1");
        let fresh = dir.path().join(STAGING).join("snapshots-live-2");
        std::fs::write(&old, b"half").unwrap();
        std::fs::write(&fresh, b"half").unwrap();
        let long_ago = std::time::SystemTime::now() - 2 * LEFTOVER_AGE;
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        AtomicLocal::new(dir.path()).unwrap();
        assert!(!old.exists() && fresh.exists());
    }
}
