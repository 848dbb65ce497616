//! slipway's version repository: each version of a site is one snapshot of
//! a restic repository, written through `rustic_core`, so versions are
//! deduplicated (content-defined chunks), encrypted, and readable with stock
//! `restic` without slipway.
//!
//! A snapshot's tree is laid out by the caller (slipway puts `db/`,
//! `uploads/`, `code/` and `slipway.json` at its root). Files come from
//! directories on disk, from staged files, from bytes, or unchanged from
//! the parent snapshot, in which case nothing is read at all.
//!
//! A snapshot becomes visible only when its snapshot file is written, after
//! all its data: an interrupted save leaves at most unreferenced packs,
//! which `prune` removes.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod bucket;
mod local;
mod location;
mod s3;

pub use bucket::{Bucket, Mirrored};
pub use location::{Location, LocationError, S3Location};
pub use s3::S3Access;

use rustic_core::repofile::{Metadata, Node, NodeType, SnapshotFile};
use rustic_core::{
    BackupOptions, ConfigOptions, Credentials, Excludes, IndexedFullStatus, KeyOptions,
    LocalDestination, LocalSource, LocalSourceFilterOptions, LocalSourceSaveOptions, LsOptions,
    ParentOptions, ReadSource, ReadSourceEntry, ReadSourceOpen, Repository, RepositoryBackends,
    RepositoryOptions, RestoreOptions, RusticResult, SnapshotOptions,
};

/// A repository file's path (an S3 key), as restic lays them out.
pub(crate) fn object_path(tpe: rustic_core::FileType, id: &rustic_core::Id) -> String {
    let hex = id.to_hex();
    match tpe {
        rustic_core::FileType::Config => "config".to_string(),
        rustic_core::FileType::Pack => format!("data/{}/{}", &hex[..2], &hex[..]),
        _ => format!("{}/{}", tpe.dirname(), &hex[..]),
    }
}

/// What a repository operation failed with.
#[derive(Debug, thiserror::Error)]
#[error("{message}: {source}")]
pub struct Error {
    message: String,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl Error {
    fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error {
            message: message.into(),
            source: source.into(),
        }
    }
}

/// The result of repository operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

trait Context<T> {
    fn context(self, message: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for RusticResult<T> {
    fn context(self, message: impl FnOnce() -> String) -> Result<T> {
        // The one-line form: the full one spans a dozen lines of headings.
        self.map_err(|e| {
            let line = e.display_log();
            let line = line.strip_prefix("Error: ").unwrap_or(&line).to_string();
            Error::new(message(), line)
        })
    }
}

/// Where a file of a new snapshot comes from.
#[derive(Debug)]
pub enum Content {
    /// A file on disk, read during the save.
    File(PathBuf),
    /// These bytes.
    Bytes(Vec<u8>),
    /// The file at the same path in the parent snapshot, taken as it is
    /// without reading it.
    Unchanged,
}

/// One file of a new snapshot.
#[derive(Debug)]
pub struct Item {
    /// Its path in the snapshot, relative (`db/wp_posts.sql`).
    pub path: PathBuf,
    /// Where its bytes come from.
    pub content: Content,
}

/// A snapshot to save.
#[derive(Debug, Default)]
pub struct NewSnapshot {
    /// Single files.
    pub items: Vec<Item>,
    /// Directories taken whole: each `(path in the snapshot, directory on
    /// disk)`. Files whose size, modification time and inode match the
    /// parent's are not read again.
    pub trees: Vec<(PathBuf, PathBuf)>,
    /// Tags (`site=shop`).
    pub tags: Vec<String>,
    /// The snapshot's label.
    pub label: String,
    /// The snapshot's description.
    pub description: String,
    /// The host name recorded.
    pub host: String,
    /// The path recorded as what was backed up.
    pub path: String,
    /// The snapshot this one follows (its id): unchanged files and
    /// [`Content::Unchanged`] items are taken from it.
    pub parent: Option<String>,
    /// Directories whose symbolic links are saved as what they point to:
    /// a link in a tree to a directory under one of these is taken as that
    /// directory's contents (the code store's package trees, so a version
    /// holds the code itself, not a link to this machine's store).
    pub follow: Vec<PathBuf>,
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The snapshot's id (64 hexadecimal digits).
    pub id: String,
    /// Bytes of new data the snapshot added to the repository, before
    /// compression.
    pub data_added: u64,
    /// Bytes the new data took in the repository's packs.
    pub data_added_packed: u64,
    /// Bytes of all its files.
    pub total_bytes: u64,
    /// Files that were new or changed.
    pub files_changed: u64,
    /// Files taken unchanged from the parent.
    pub files_unchanged: u64,
}

/// What [`Store::copy_to`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Snapshots copied.
    pub copied: usize,
    /// Snapshots the destination already held.
    pub present: usize,
}

/// One snapshot, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// Its id.
    pub id: String,
    /// When it was taken, RFC 3339.
    pub time: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its label.
    pub label: String,
}

/// A file or directory of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path in the snapshot.
    pub path: PathBuf,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Its size in bytes.
    pub size: u64,
    /// Its permission bits.
    pub mode: Option<u32>,
    /// The ids of its content's chunks, joined: equal for equal contents.
    pub content: String,
}

/// A version repository.
///
/// Opening a restic repository derives its key from the password with
/// scrypt, which takes half a second on purpose; a store does it once and
/// opens again with the key it found (clones share it).
#[derive(Debug, Clone)]
pub struct Store {
    location: String,
    backends: RepositoryBackends,
    credentials: Credentials,
    key: std::sync::Arc<Mutex<Option<rustic_core::repofile::MasterKey>>>,
}

impl Store {
    /// The repository at `location` (a directory, or an S3 bucket in
    /// restic's `s3:` syntax, signed with `s3`), opened with `password`;
    /// created there first when it does not exist.
    pub fn open_or_init(location: &str, password: &str, s3: Option<&S3Access>) -> Result<Store> {
        Store::connect(location, password, s3, true)
    }

    /// The repository at `location`, which must exist already (see
    /// [`open_or_init`](Store::open_or_init)).
    pub fn open_existing(location: &str, password: &str, s3: Option<&S3Access>) -> Result<Store> {
        Store::connect(location, password, s3, false)
    }

    fn connect(
        location: &str,
        password: &str,
        s3: Option<&S3Access>,
        create: bool,
    ) -> Result<Store> {
        let parsed =
            Location::parse(location).map_err(|e| Error::new("the version repository", e))?;
        let opening = || format!("opening the version repository at {location}");
        let backends = match &parsed {
            Location::Local(path) => local::backends(path).context(opening)?,
            Location::S3(bucket) => {
                let access = s3.ok_or_else(|| {
                    Error::new(
                        opening(),
                        "an s3: repository needs its keys: access_key_id and secret_access_key in [s3] of repository.toml, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when it is first made",
                    )
                })?;
                s3::backends(bucket, access).context(opening)?
            }
        };
        let store = Store {
            location: parsed.to_string(),
            backends,
            credentials: Credentials::password(password),
            key: std::sync::Arc::default(),
        };
        let exists = match &parsed {
            Location::Local(path) => path.join("config").is_file(),
            Location::S3(_) => Repository::new(&store.options(), &store.backends)
                .and_then(|r| r.config_id())
                .context(opening)?
                .is_some(),
        };
        if !exists && !create {
            return Err(Error::new(opening(), "there is no repository there"));
        }
        if !exists {
            Repository::new(&store.options(), &store.backends)
                .context(opening)?
                .init(
                    &store.credentials,
                    &KeyOptions::default(),
                    &ConfigOptions::default(),
                )
                .context(|| format!("creating the version repository at {location}"))?;
        }
        Ok(store)
    }

    /// Where the repository is.
    pub fn location(&self) -> &str {
        &self.location
    }

    fn options(&self) -> RepositoryOptions {
        RepositoryOptions::default().no_cache(true)
    }

    fn open(&self) -> Result<Repository<rustic_core::OpenStatus>> {
        let known = self.key.lock().ok().and_then(|k| k.clone());
        let credentials = match &known {
            Some(key) => Credentials::Masterkey(key.clone()),
            None => self.credentials.clone(),
        };
        let repo = Repository::new(&self.options(), &self.backends)
            .and_then(|r| r.open(&credentials))
            .context(|| format!("opening the version repository at {}", self.location))?;
        if known.is_none() {
            if let Ok(mut key) = self.key.lock() {
                *key = Some(repo.key());
            }
        }
        Ok(repo)
    }

    /// Saves a snapshot. It is visible only once complete.
    pub fn save(&self, new: NewSnapshot) -> Result<Saved> {
        let repo = self
            .open()?
            .to_indexed_ids()
            .context(|| format!("reading the index of {}", self.location))?;
        let parent_tree = match &new.parent {
            Some(id) => Some(
                repo.get_snapshot_from_str(id, |_| true)
                    .context(|| format!("finding the parent snapshot {id}"))?
                    .tree,
            ),
            None => None,
        };
        let mut entries: Vec<ReadSourceEntry<Opener>> = Vec::new();
        let mut size = 0u64;
        for item in new.items {
            let name = item
                .path
                .file_name()
                .ok_or_else(|| {
                    Error::new(
                        "a snapshot item",
                        format!("{} has no file name", item.path.display()),
                    )
                })?
                .to_owned();
            let (node, open) = match item.content {
                Content::Unchanged => {
                    let tree = parent_tree.ok_or_else(|| {
                        Error::new(
                            format!("keeping {} unchanged", item.path.display()),
                            "the snapshot has no parent",
                        )
                    })?;
                    let node = repo.node_from_path(tree, &item.path).context(|| {
                        format!("finding {} in the parent snapshot", item.path.display())
                    })?;
                    (node, None)
                }
                Content::File(path) => {
                    let len = std::fs::metadata(&path)
                        .map_err(|e| Error::new(format!("reading {}", path.display()), e))?
                        .len();
                    size += len;
                    (file_node(&name, len), Some(Opener::Path(path)))
                }
                Content::Bytes(bytes) => {
                    size += bytes.len() as u64;
                    (
                        file_node(&name, bytes.len() as u64),
                        Some(Opener::Bytes(bytes)),
                    )
                }
            };
            entries.push(ReadSourceEntry {
                path: item.path,
                node,
                open,
            });
        }
        let mut trees: Vec<(PathBuf, PathBuf)> = new.trees.clone();
        while let Some((prefix, dir)) = trees.pop() {
            let source = LocalSource::new(
                LocalSourceSaveOptions::default(),
                &Excludes::default(),
                &LocalSourceFilterOptions::default(),
                &[&dir],
            )
            .context(|| format!("reading {}", dir.display()))?;
            for entry in source.entries() {
                let entry = entry.context(|| format!("reading {}", dir.display()))?;
                let Ok(rest) = entry.path.strip_prefix(&dir) else {
                    continue;
                };
                let path = prefix.join(rest);
                if entry.node.is_symlink() && !new.follow.is_empty() {
                    let followed = std::fs::canonicalize(&entry.path)
                        .ok()
                        .filter(|t| t.is_dir() && new.follow.iter().any(|f| t.starts_with(f)));
                    if let Some(target) = followed {
                        trees.push((path, target));
                        continue;
                    }
                }
                let mut node = entry.node;
                if rest.as_os_str().is_empty() {
                    let name = prefix.file_name().unwrap_or(prefix.as_os_str());
                    node = Node::new_node(name, node.node_type, node.meta);
                }
                size += node.meta.size;
                entries.push(ReadSourceEntry {
                    path,
                    node,
                    open: entry.open.map(Opener::Local),
                });
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let mut snapshot = SnapshotOptions::default()
            .label(new.label)
            .host(new.host)
            .description(new.description);
        for tag in &new.tags {
            snapshot = snapshot
                .add_tags(tag)
                .context(|| format!("tagging the snapshot {tag:?}"))?;
        }
        let snapshot = snapshot
            .to_snapshot()
            .context(|| "preparing the snapshot".to_string())?;
        let options = BackupOptions::default().parent_opts(
            ParentOptions::default()
                .parents(new.parent.iter().cloned().collect::<Vec<_>>())
                .force(new.parent.is_none())
                .ignore_ctime(true),
        );
        let source = Source {
            entries: Mutex::new(Some(entries)),
            size,
        };
        let saved = repo
            .archive(&options, &source, snapshot, &[PathBuf::from(&new.path)])
            .context(|| format!("saving a snapshot to {}", self.location))?;
        let summary = saved.summary.clone().unwrap_or_default();
        Ok(Saved {
            id: saved.id.to_string(),
            data_added: summary.data_added,
            data_added_packed: summary.data_added_packed,
            total_bytes: summary.total_bytes_processed,
            files_changed: summary.files_new + summary.files_changed,
            files_unchanged: summary.files_unmodified,
        })
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        let repo = self.open()?;
        let mut snapshots = repo
            .get_all_snapshots()
            .context(|| format!("listing the snapshots of {}", self.location))?;
        snapshots.sort_by(|a, b| a.time.cmp(&b.time));
        Ok(snapshots.iter().map(info).collect())
    }

    /// Copies the snapshots `ids` into `dest` (another repository, with its
    /// own password), with only the data `dest` lacks; a snapshot `dest`
    /// already holds (same tree, time and paths) is not copied again.
    pub fn copy_to(&self, dest: &Store, ids: &[String]) -> Result<Copied> {
        let source = self
            .open()?
            .to_indexed()
            .context(|| format!("reading the index of {}", self.location))?;
        let mut snapshots = Vec::with_capacity(ids.len());
        for id in ids {
            snapshots.push(
                source
                    .get_snapshot_from_str(id, |_| true)
                    .context(|| format!("finding snapshot {id} in {}", self.location))?,
            );
        }
        let target = dest
            .open()?
            .to_indexed_ids()
            .context(|| format!("reading the index of {}", dest.location))?;
        let relevant: Vec<SnapshotFile> = target
            .relevant_copy_snapshots(|_| true, &snapshots)
            .context(|| format!("listing the snapshots of {}", dest.location))?
            .into_iter()
            .filter(|c| c.relevant)
            .map(|c| c.sn)
            .collect();
        source
            .copy(&target, relevant.iter())
            .context(|| format!("copying snapshots to {}", dest.location))?;
        Ok(Copied {
            copied: relevant.len(),
            present: snapshots.len() - relevant.len(),
        })
    }

    /// Removes snapshots `ids` from the repository. Their data stays until
    /// [`prune`](Store::prune) frees what no remaining snapshot uses.
    pub fn forget(&self, ids: &[String]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let repo = self.open()?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let snapshot = repo
                .get_snapshot_from_str(id, |_| true)
                .context(|| format!("finding snapshot {id} in {}", self.location))?;
            found.push(snapshot.id);
        }
        repo.delete_snapshots(&found)
            .context(|| format!("removing snapshots from {}", self.location))
    }

    /// Frees the data no snapshot uses any more, at once.
    pub fn prune(&self) -> Result<()> {
        let repo = self.open()?;
        let options = rustic_core::PruneOptions::default().instant_delete(true);
        let plan = repo
            .prune_plan(&options)
            .context(|| format!("planning the clean-up of {}", self.location))?;
        repo.prune(&options, plan)
            .context(|| format!("cleaning up {}", self.location))
    }

    /// Opens a snapshot for reading.
    pub fn reader(&self, id: &str) -> Result<Reader> {
        let repo = self
            .open()?
            .to_indexed()
            .context(|| format!("reading the index of {}", self.location))?;
        let snapshot = repo
            .get_snapshot_from_str(id, |_| true)
            .context(|| format!("finding snapshot {id} in {}", self.location))?;
        Ok(Reader {
            tree: snapshot.tree,
            repo,
        })
    }
}

fn info(snapshot: &SnapshotFile) -> SnapshotInfo {
    SnapshotInfo {
        id: snapshot.id.to_string(),
        time: snapshot.time.timestamp().to_string(),
        tags: snapshot.tags.iter().cloned().collect(),
        label: snapshot.label.clone(),
    }
}

fn file_node(name: &std::ffi::OsStr, size: u64) -> Node {
    Node::new_node(
        name,
        NodeType::File,
        Metadata {
            mode: Some(0o644),
            size,
            // New content is never the parent's, whatever its size.
            mtime: Some(rustic_core::jiff::Timestamp::now()),
            ..Metadata::default()
        },
    )
}

/// Opens a file of a new snapshot when its bytes are needed.
enum Opener {
    Local(<LocalSource as ReadSource>::Open),
    Path(PathBuf),
    Bytes(Vec<u8>),
}

impl ReadSourceOpen for Opener {
    type Reader = Box<dyn Read + Send>;

    fn open(self) -> RusticResult<Self::Reader> {
        match self {
            Opener::Local(open) => Ok(Box::new(open.open()?)),
            Opener::Path(path) => match std::fs::File::open(&path) {
                Ok(file) => Ok(Box::new(file)),
                Err(e) => Err(rustic_core::RusticError::with_source(
                    rustic_core::ErrorKind::InputOutput,
                    "Cannot open `{path}`.",
                    e,
                )
                .attach_context("path", path.display().to_string())),
            },
            Opener::Bytes(bytes) => Ok(Box::new(io::Cursor::new(bytes))),
        }
    }
}

/// The entries of a new snapshot, handed to the archiver once.
struct Source {
    entries: Mutex<Option<Vec<ReadSourceEntry<Opener>>>>,
    size: u64,
}

impl ReadSource for Source {
    type Open = Opener;
    type Iter = std::iter::Map<
        std::vec::IntoIter<ReadSourceEntry<Opener>>,
        fn(ReadSourceEntry<Opener>) -> RusticResult<ReadSourceEntry<Opener>>,
    >;

    fn size(&self) -> RusticResult<Option<u64>> {
        Ok(Some(self.size))
    }

    fn entries(&self) -> Self::Iter {
        let entries = self
            .entries
            .lock()
            .map(|mut e| e.take().unwrap_or_default())
            .unwrap_or_default();
        entries.into_iter().map(Ok)
    }
}

/// The id of a content-defined chunk of a file (see [`Reader::chunks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChunkId(rustic_core::DataId);

/// One snapshot, open for reading.
pub struct Reader {
    repo: Repository<IndexedFullStatus>,
    tree: rustic_core::TreeId,
}

impl Reader {
    fn node(&self, path: &Path) -> Result<Node> {
        self.repo
            .node_from_path(self.tree, path)
            .context(|| format!("finding {} in the snapshot", path.display()))
    }

    /// Whether the snapshot has something at `path`.
    pub fn exists(&self, path: &Path) -> bool {
        self.node(path).is_ok()
    }

    /// Every file and directory under `dir` (the whole snapshot for ``),
    /// depth first, in name order.
    pub fn walk(&self, dir: &Path) -> Result<Vec<Entry>> {
        let node = if dir.as_os_str().is_empty() {
            let mut root =
                Node::new_node(std::ffi::OsStr::new(""), NodeType::Dir, Metadata::default());
            root.subtree = Some(self.tree);
            root
        } else {
            self.node(dir)?
        };
        let mut out = Vec::new();
        for item in self
            .repo
            .ls(&node, &LsOptions::default())
            .context(|| format!("listing {}", dir.display()))?
        {
            let (path, node) = item.context(|| format!("listing {}", dir.display()))?;
            let content = node
                .content
                .as_ref()
                .map(|ids| {
                    ids.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default();
            out.push(Entry {
                path: dir.join(path),
                is_dir: node.is_dir(),
                size: node.meta.size,
                mode: node.meta.mode,
                content,
            });
        }
        Ok(out)
    }

    /// The chunks the file at `path` is stored as, in order: two files
    /// holding a chunk of the same id hold the same bytes there.
    pub fn chunks(&self, path: &Path) -> Result<Vec<ChunkId>> {
        let node = self.node(path)?;
        Ok(node
            .content
            .unwrap_or_default()
            .into_iter()
            .map(ChunkId)
            .collect())
    }

    /// The bytes of one chunk of a file of this snapshot.
    pub fn chunk(&self, id: ChunkId) -> Result<Vec<u8>> {
        self.repo
            .get_blob_cached(
                &rustic_core::BlobId::from(id.0),
                rustic_core::repofile::BlobType::Data,
            )
            .map(|bytes| bytes.to_vec())
            .context(|| format!("reading chunk {}", id.0))
    }

    /// The file at `path`, streamed.
    pub fn open(&self, path: &Path) -> Result<FileReader<'_>> {
        let node = self.node(path)?;
        if node.is_dir() {
            return Err(Error::new(
                format!("reading {}", path.display()),
                "it is a directory",
            ));
        }
        let file = self
            .repo
            .open_file(&node)
            .context(|| format!("opening {} in the snapshot", path.display()))?;
        Ok(FileReader {
            repo: &self.repo,
            file,
            path: path.to_path_buf(),
            offset: 0,
            size: node.meta.size,
            buffer: Vec::new(),
            at: 0,
        })
    }

    /// Restores the directory `path` of the snapshot into `dest`, which is
    /// created if missing and then holds exactly the snapshot's files:
    /// anything else already in it is removed.
    pub fn restore_dir(&self, path: &Path, dest: &Path) -> Result<()> {
        let node = self.node(path)?;
        let ls = self
            .repo
            .ls(&node, &LsOptions::default())
            .context(|| format!("listing {}", path.display()))?;
        let mut dest_text = dest.to_string_lossy().into_owned();
        if !dest_text.ends_with('/') {
            dest_text.push('/');
        }
        let destination = LocalDestination::new(&dest_text, true, false)
            .context(|| format!("preparing {}", dest.display()))?;
        let options = RestoreOptions::default().delete(true);
        let plan = self
            .repo
            .prepare_restore(&options, ls.clone(), &destination, false)
            .context(|| format!("planning the restore of {}", path.display()))?;
        self.repo
            .restore(plan, &options, ls, &destination)
            .context(|| format!("restoring {} into {}", path.display(), dest.display()))
    }
}

/// How much of a file [`FileReader`] asks the repository for at once.
const READ_AHEAD: u64 = 4 << 20;

/// A file of a snapshot, read in pieces.
pub struct FileReader<'a> {
    repo: &'a Repository<IndexedFullStatus>,
    file: rustic_core::vfs::OpenFile,
    path: PathBuf,
    offset: u64,
    size: u64,
    buffer: Vec<u8>,
    at: usize,
}

impl Read for FileReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.buffer.len() {
            if self.offset >= self.size {
                return Ok(0);
            }
            let length = READ_AHEAD.min(self.size - self.offset);
            let length = usize::try_from(length).unwrap_or(usize::MAX);
            let bytes = self
                .repo
                .read_file_at(
                    &self.file,
                    usize::try_from(self.offset).unwrap_or(usize::MAX),
                    length,
                )
                .map_err(|e| io::Error::other(format!("reading {}: {e}", self.path.display())))?;
            if bytes.is_empty() {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("{} ends before its recorded size", self.path.display()),
                ));
            }
            self.offset += bytes.len() as u64;
            self.buffer.clear();
            self.buffer.extend_from_slice(&bytes);
            self.at = 0;
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
