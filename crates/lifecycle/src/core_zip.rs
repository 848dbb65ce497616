//! WordPress core given as a zip (as wordpress.org ships it): extracted
//! once per distinct archive into a shared directory, so every instance
//! made from the same zip shares one copy.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Extracts `zip` under `cores/<hash>/` unless already there, and returns
/// the directory holding `wp-load.php` (the archive's root or its single
/// top directory, `wordpress/`).
pub fn extract(zip: &Path, cores: &Path) -> Result<PathBuf> {
    let mut file =
        std::fs::File::open(zip).map_err(|e| Error::io(format!("opening {}", zip.display()), e))?;
    let mut hasher = blake3::Hasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| Error::io(format!("reading {}", zip.display()), e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let hash = hasher.finalize().to_hex();
    let target = cores.join(&hash.as_str()[..16]);
    if !target.is_dir() {
        std::fs::create_dir_all(cores)
            .map_err(|e| Error::io(format!("creating {}", cores.display()), e))?;
        let partial = tempfile::Builder::new()
            .prefix(".core-")
            .tempdir_in(cores)
            .map_err(|e| Error::io(format!("creating a directory in {}", cores.display()), e))?;
        let file = std::fs::File::open(zip)
            .map_err(|e| Error::io(format!("opening {}", zip.display()), e))?;
        let mut archive = zip::ZipArchive::new(file)
            .map_err(|e| Error::Invalid(format!("{} is not a zip archive: {e}", zip.display())))?;
        // Entries that would land outside the target are refused by extract().
        archive
            .extract(partial.path())
            .map_err(|e| Error::Invalid(format!("extracting {}: {e}", zip.display())))?;
        let partial = partial.keep();
        std::fs::rename(&partial, &target)
            .map_err(|e| Error::io(format!("moving {} into place", target.display()), e))?;
    }
    core_root(&target).ok_or_else(|| {
        Error::Invalid(format!(
            "{} holds no WordPress core (no wp-load.php at its top or in its single top directory)",
            zip.display()
        ))
    })
}

fn core_root(dir: &Path) -> Option<PathBuf> {
    if dir.join("wp-load.php").is_file() {
        return Some(dir.to_path_buf());
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    match entries.as_slice() {
        [only] if only.join("wp-load.php").is_file() => Some(only.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn make_zip(path: &Path, files: &[(&str, &str)]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, body) in files {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    #[test]
    fn a_core_zip_is_extracted_once_and_its_top_directory_found() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("wordpress.zip");
        make_zip(
            &archive,
            &[
                ("wordpress/wp-load.php", "<?php"),
                ("wordpress/wp-includes/version.php", "<?php"),
            ],
        );
        let cores = dir.path().join("cores");
        let root = extract(&archive, &cores).unwrap();
        assert!(root.ends_with("wordpress"));
        assert!(root.join("wp-includes/version.php").is_file());
        assert_eq!(extract(&archive, &cores).unwrap(), root);
        assert_eq!(std::fs::read_dir(&cores).unwrap().count(), 1);

        let other = dir.path().join("other.zip");
        make_zip(&other, &[("readme.txt", "hi")]);
        let err = extract(&other, &cores).unwrap_err().to_string();
        assert!(err.contains("holds no WordPress core"), "{err}");
        let not_zip = dir.path().join("x.zip");
        std::fs::write(&not_zip, "nope").unwrap();
        assert!(extract(&not_zip, &cores)
            .unwrap_err()
            .to_string()
            .contains("is not a zip archive"));
    }
}
