//! Generated secrets, one file each with mode 0600, in a private directory.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rand::distributions::{Alphanumeric, DistString};

use crate::error::{Error, Result};

/// A directory of secrets.
#[derive(Debug, Clone)]
pub struct Secrets {
    dir: PathBuf,
}

impl Secrets {
    /// The secrets kept in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Secrets {
        Secrets { dir: dir.into() }
    }

    /// A new password: 24 characters from a CSPRNG.
    pub fn generate() -> String {
        Alphanumeric.sample_string(&mut rand::thread_rng(), 24)
    }

    /// The file holding secret `name` of `site`.
    pub fn path(&self, site: &str, name: &str) -> PathBuf {
        self.dir.join(site).join(name)
    }

    /// Stores a secret (mode 0600, replacing any older one).
    pub fn store(&self, site: &str, name: &str, value: &str) -> Result<()> {
        let path = self.path(site, name);
        let dir = self.dir.join(site);
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let temp = dir.join(format!(".{name}.tmp"));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp)
            .and_then(|mut f| f.write_all(value.as_bytes()).and_then(|()| f.sync_all()))
            .and_then(|()| std::fs::rename(&temp, &path));
        written.map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Reads a secret.
    pub fn read(&self, site: &str, name: &str) -> Result<String> {
        let path = self.path(site, name);
        std::fs::read_to_string(&path)
            .map(|s| s.trim_end().to_string())
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))
    }

    /// Removes every secret of `site`.
    pub fn remove_site(&self, site: &str) -> Result<()> {
        let dir = self.dir.join(site);
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io(format!("removing {}", dir.display()), e))
            }
            _ => Ok(()),
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn secrets_are_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::new(dir.path().join("secrets"));
        let password = Secrets::generate();
        assert_eq!(password.len(), 24);
        assert_ne!(password, Secrets::generate());
        secrets.store("shop", "admin-password", &password).unwrap();
        assert_eq!(secrets.read("shop", "admin-password").unwrap(), password);
        let mode = std::fs::metadata(secrets.path("shop", "admin-password"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        secrets.remove_site("shop").unwrap();
        assert!(secrets.read("shop", "admin-password").is_err());
        secrets.remove_site("shop").unwrap();
    }
}
