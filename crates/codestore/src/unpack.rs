//! Reading a package's files out of a zip archive or a directory, safely:
//! no entry may land outside the package, no symbolic link is taken from an
//! archive, and no entry may be larger than [`MAX_FILE`].

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use slipway_manifest::{valid_relative_path, Kind};

use crate::{io_at, Error, Result};

/// The largest file a package may hold; a zip entry claiming more is
/// refused before it is inflated (a zip bomb's entries claim little and
/// inflate to much, so reading stops here too).
pub const MAX_FILE: u64 = 256 << 20;

/// Files of core never taken into the store: the site's configuration is
/// generated per instance, and Debian's `.htaccess` links to `/etc`.
const SKIPPED_CORE: [&str; 3] = ["wp-config.php", "wp-config-sample.php", ".htaccess"];

/// One file of a package, read.
pub(crate) struct PackageFile {
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
}

fn skipped(kind: Kind, path: &str) -> bool {
    (kind == Kind::Core
        && (SKIPPED_CORE.contains(&path) || path.starts_with("wp-content/uploads/")))
        || path.split('/').any(|part| part == ".git")
}

/// Every file of the zip `bytes` (called `label` in errors), with the
/// archive's single top directory (`akismet/`, `wordpress/`) stripped.
pub(crate) fn zip_files(kind: Kind, bytes: &[u8], label: &str) -> Result<Vec<PackageFile>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::Invalid(format!("{label} is not a zip archive: {e}")))?;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| Error::Invalid(format!("{label}: entry {i}: {e}")))?;
        let raw = entry.name().to_string();
        if entry.is_symlink() {
            return Err(Error::Invalid(format!(
                "{label}: entry {raw:?} is a symbolic link; packages hold files only"
            )));
        }
        let Some(path) = entry.enclosed_name() else {
            return Err(Error::Invalid(format!(
                "{label}: entry {raw:?} points outside the archive (zip-slip); refused"
            )));
        };
        let path = path.to_string_lossy().replace('\\', "/");
        if entry.is_dir() {
            names.push(None);
            continue;
        }
        if !valid_relative_path(&path) {
            return Err(Error::Invalid(format!(
                "{label}: entry {raw:?} is not a plain relative path; refused"
            )));
        }
        if entry.size() > MAX_FILE {
            return Err(Error::Invalid(format!(
                "{label}: entry {raw:?} is {} bytes, over the limit of {MAX_FILE}",
                entry.size()
            )));
        }
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
        names.push(Some((path, executable)));
    }
    let top = common_top(names.iter().flatten().map(|(p, _)| p.as_str()));
    let mut files = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let Some((path, executable)) = name else {
            continue;
        };
        let path = match &top {
            Some(top) => path[top.len() + 1..].to_string(),
            None => path,
        };
        if skipped(kind, &path) {
            continue;
        }
        let entry = archive
            .by_index(i)
            .map_err(|e| Error::Invalid(format!("{label}: {path}: {e}")))?;
        let mut contents = Vec::with_capacity(entry.size().min(MAX_FILE) as usize);
        entry
            .take(MAX_FILE + 1)
            .read_to_end(&mut contents)
            .map_err(|e| Error::Invalid(format!("{label}: reading {path}: {e}")))?;
        if contents.len() as u64 > MAX_FILE {
            return Err(Error::Invalid(format!(
                "{label}: {path} inflates past the limit of {MAX_FILE} bytes"
            )));
        }
        files.push(PackageFile {
            path,
            contents,
            executable,
        });
    }
    if files.is_empty() {
        return Err(Error::Invalid(format!("{label} holds no files")));
    }
    Ok(files)
}

/// The directory every path is under, when there is exactly one and no
/// file sits beside it.
fn common_top<'a>(paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut top: Option<&str> = None;
    for path in paths {
        let (first, _) = path.split_once('/')?;
        match top {
            None => top = Some(first),
            Some(t) if t == first => {}
            Some(_) => return None,
        }
    }
    top.map(str::to_string)
}

/// Every file under `dir` (symbolic links followed, as PHP would read
/// them; `.git` left out).
pub(crate) fn dir_files(kind: Kind, dir: &Path) -> Result<Vec<PackageFile>> {
    if !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    walk(kind, dir, "", &mut files, 0)?;
    if files.is_empty() {
        return Err(Error::Invalid(format!("{} holds no files", dir.display())));
    }
    Ok(files)
}

fn walk(
    kind: Kind,
    dir: &Path,
    prefix: &str,
    out: &mut Vec<PackageFile>,
    depth: u32,
) -> Result<()> {
    if depth > 64 {
        return Err(Error::Invalid(format!(
            "{} is nested too deeply (a symbolic link loop?)",
            dir.display()
        )));
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io_at("reading", dir))?
        .collect::<std::io::Result<_>>()
        .map_err(io_at("reading", dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if skipped(kind, &path) || name == ".git" {
            continue;
        }
        let full = entry.path();
        let Ok(meta) = std::fs::metadata(&full) else {
            // A dangling link (Debian's core links some files to /etc).
            continue;
        };
        if meta.is_dir() {
            walk(kind, &full, &path, out, depth + 1)?;
        } else if meta.is_file() {
            if meta.len() > MAX_FILE {
                return Err(Error::Invalid(format!(
                    "{} is {} bytes, over the limit of {MAX_FILE}",
                    full.display(),
                    meta.len()
                )));
            }
            let contents = std::fs::read(&full).map_err(io_at("reading", &full))?;
            out.push(PackageFile {
                path,
                contents,
                executable: meta.permissions().mode() & 0o111 != 0,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn the_single_top_directory_is_stripped() {
        let files = zip_files(
            Kind::Plugin,
            &zip_of(&[("hello/hello.php", "<?php"), ("hello/lib/a.php", "a")]),
            "hello.zip",
        )
        .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["hello.php", "lib/a.php"]);
        let flat = zip_files(Kind::MuPlugin, &zip_of(&[("loader.php", "<?php")]), "x.zip").unwrap();
        assert_eq!(flat[0].path, "loader.php");
    }

    proptest::proptest! {
        #[test]
        fn no_extracted_path_leaves_the_package(names in proptest::collection::vec("[a./\\\\]{1,10}", 1..6)) {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for name in &names {
                if zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).is_err() {
                    return Ok(());
                }
                zip.write_all(b"x").unwrap();
            }
            let bytes = zip.finish().unwrap().into_inner();
            if let Ok(files) = zip_files(Kind::Plugin, &bytes, "p.zip") {
                for file in files {
                    proptest::prop_assert!(valid_relative_path(&file.path), "{:?} from {:?}", file.path, names);
                }
            }
        }
    }

    #[test]
    fn entries_escaping_the_archive_are_refused() {
        for evil in ["../evil.php", "/etc/evil.php", "a/../../evil.php"] {
            let err = zip_files(
                Kind::Plugin,
                &zip_of(&[("ok/a.php", "a"), (evil, "x")]),
                "evil.zip",
            )
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
            assert!(
                err.contains("evil.zip") && err.contains("refused"),
                "{evil}: {err}"
            );
        }
        let err = zip_files(Kind::Plugin, b"not a zip", "junk.zip")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("junk.zip is not a zip archive"), "{err}");
    }
}
