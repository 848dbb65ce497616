//! Plain objects in an S3 bucket: where a site's media lives when it is
//! kept on object storage (S3-Uploads reads `<prefix>/uploads/…`). A
//! version's uploads are copied here when an environment is derived onto
//! such media; the repository's own objects go through [`crate::s3`].

use std::io::Read;
use std::path::Path;

use opendal::{Buffer, Writer};

use crate::location::{Location, S3Location};
use crate::s3::{S3Access, S3Backend};
use crate::{Error, Reader, Result};

/// How much of a file goes to the bucket in one request: S3 multipart
/// parts must be at least 5 MiB, and a part this size keeps memory small.
const PART: usize = 8 << 20;

/// A bucket, or a prefix in one, written to and read from object by
/// object.
#[derive(Debug)]
pub struct Bucket {
    backend: S3Backend,
    location: S3Location,
}

impl Bucket {
    /// The bucket at `location`, in restic's syntax
    /// (`s3:http://host:port/bucket/prefix`), signing with `access`.
    pub fn open(location: &str, access: &S3Access) -> Result<Bucket> {
        let parsed = match Location::parse(location) {
            Ok(Location::S3(parsed)) => parsed,
            Ok(Location::Local(_)) => {
                return Err(Error::new(
                    format!("the bucket {location}"),
                    "it is not an s3: location (s3:http://host:port/bucket[/prefix])",
                ))
            }
            Err(e) => return Err(Error::new(format!("the bucket {location}"), e)),
        };
        let backend = S3Backend::new(&parsed, access)
            .map_err(|e| Error::new(format!("opening the bucket {location}"), e.to_string()))?;
        Ok(Bucket {
            backend,
            location: parsed,
        })
    }

    /// Writes what `content` yields as the object `key` (relative to the
    /// prefix), in parts, so a large file never sits in memory whole. The
    /// object appears only once complete.
    pub fn put(&self, key: &str, content: &mut dyn Read) -> Result<()> {
        let what = || format!("writing {key} to {}", self.location);
        let operator = self.backend.operator().clone();
        let path = key.to_string();
        let mut writer: Writer = self
            .backend
            .run(async move { operator.writer_with(&path).chunk(PART).await })
            .map_err(|e| Error::new(what(), e))?;
        loop {
            let mut part = Vec::with_capacity(PART);
            // A part at most, reborrowed: the rest is read next time round.
            (&mut *content)
                .take(PART as u64)
                .read_to_end(&mut part)
                .map_err(|e| Error::new(what(), e))?;
            let last = part.len() < PART;
            if !part.is_empty() {
                let buffer = Buffer::from(part);
                writer = self
                    .backend
                    .run(async move { writer.write(buffer).await.map(|()| writer) })
                    .map_err(|e| Error::new(what(), e))?;
            }
            if last {
                break;
            }
        }
        self.backend
            .run(async move { writer.close().await.map(drop) })
            .map_err(|e| Error::new(what(), e))
    }

    /// The object `key` (relative to the prefix), whole.
    pub fn get(&self, key: &str) -> Result<Vec<u8>> {
        let operator = self.backend.operator().clone();
        let path = key.to_string();
        self.backend
            .run(async move { operator.read(&path).await })
            .map(|buffer| buffer.to_vec())
            .map_err(|e| Error::new(format!("reading {key} from {}", self.location), e))
    }

    /// Removes the object `key` (relative to the prefix); one already gone
    /// is no error.
    pub fn delete(&self, key: &str) -> Result<()> {
        let operator = self.backend.operator().clone();
        let path = key.to_string();
        self.backend
            .run(async move { operator.delete(&path).await })
            .map_err(|e| Error::new(format!("removing {key} from {}", self.location), e))
    }

    /// The keys of every object under `dir` (relative to the prefix), in
    /// name order.
    pub fn keys(&self, dir: &str) -> Result<Vec<String>> {
        let operator = self.backend.operator().clone();
        let path = format!("{}/", dir.trim_end_matches('/'));
        let entries = self
            .backend
            .run(async move { operator.list_with(&path).recursive(true).await })
            .map_err(|e| Error::new(format!("listing {dir} in {}", self.location), e))?;
        let mut keys: Vec<String> = entries
            .into_iter()
            .filter(|entry| entry.metadata().is_file())
            .map(|entry| entry.path().to_string())
            .collect();
        keys.sort();
        Ok(keys)
    }
}

/// What [`Reader::mirror_dir_to_bucket`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mirrored {
    /// Files written to the bucket.
    pub copied: u64,
    /// Objects removed because the directory does not hold them.
    pub removed: u64,
}

impl Reader {
    /// Makes the objects under `into` in `bucket` exactly the files under
    /// the snapshot's directory `dir`: each file is written as
    /// `<into>/<its path under dir>`, then every other object under `into`
    /// is removed. Removal comes last, so a run that fails part-way leaves
    /// every file of `dir` that it got to beside the old objects, and the
    /// next run finishes the job. A snapshot without `dir` empties `into`.
    pub fn mirror_dir_to_bucket(
        &self,
        dir: &Path,
        bucket: &Bucket,
        into: &str,
    ) -> Result<Mirrored> {
        let into = into.trim_end_matches('/');
        let mut written = std::collections::HashSet::new();
        if self.exists(dir) {
            for entry in self.walk(dir)? {
                if entry.is_dir {
                    continue;
                }
                let relative = entry.path.strip_prefix(dir).unwrap_or(&entry.path);
                let Some(relative) = relative.to_str() else {
                    return Err(Error::new(
                        format!("copying {} to {}", entry.path.display(), bucket.location),
                        "its name is not UTF-8, which an S3 key must be",
                    ));
                };
                let key = format!("{into}/{relative}");
                let mut file = self.open(&entry.path)?;
                bucket.put(&key, &mut file)?;
                written.insert(key);
            }
        }
        let mut removed = 0;
        for key in bucket.keys(into)? {
            if !written.contains(&key) {
                bucket.delete(&key)?;
                removed += 1;
            }
        }
        Ok(Mirrored {
            copied: written.len() as u64,
            removed,
        })
    }
}
