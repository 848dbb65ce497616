//! Versions: drawing an immutable capture of an environment into the
//! version repository, listing versions, and comparing two of them.
//!
//! A version's snapshot holds `slipway.json` (its metadata), `db/` (one
//! canonical SQL file per table, rows in primary-key order), `uploads/` and
//! `code/` (the instance's plugins, themes, must-use plugins, languages and
//! drop-ins). The database is read in one consistent snapshot while the
//! site keeps serving; tables the binary log says are unchanged since the
//! parent version are taken from it without being read.
//!
//! Nothing is visible until complete: the repository shows a snapshot only
//! once all its data is written, and the catalog records the version after
//! that, in one transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use slipway_catalog::{InstanceState, Version};
use slipway_repository::{Content, Item, Location, NewSnapshot, S3Access, Store};
use slipway_runtime::Runtime;

use crate::error::{Error, Result};
use crate::names::parse_target;
use crate::sites::Platform;

/// The directories of `wp-content` a version keeps as code.
const CODE_DIRS: [&str; 4] = ["plugins", "themes", "mu-plugins", "languages"];

/// The version repository's settings, kept in the state directory's
/// `repository.toml` (mode 0600), generated at first use.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepositorySettings {
    /// Where the repository is: a directory, or an S3 bucket in restic's
    /// syntax (`s3:https://host/bucket/prefix`).
    pub location: String,
    /// Its password (restic's `RESTIC_PASSWORD`).
    pub password: String,
    /// The keys of an `s3:` location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Keys>,
    /// A second repository every version is copied to after its draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offsite: Option<OffsiteSettings>,
}

/// The off-site copy of the version repository (`[offsite]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OffsiteSettings {
    /// Where it is: an S3 bucket (`s3:https://host/bucket/prefix`) or a
    /// directory (another disk).
    pub location: String,
    /// Its own password.
    pub password: String,
    /// The keys of an `s3:` location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Keys>,
}

/// The keys of an S3 bucket, as restic takes them from the environment.
#[derive(Clone, Serialize, Deserialize)]
pub struct S3Keys {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// `AWS_DEFAULT_REGION` (`us-east-1` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl std::fmt::Debug for S3Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Keys")
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl S3Keys {
    /// The keys restic would use: `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_DEFAULT_REGION` (or `AWS_REGION`).
    fn from_env() -> Option<S3Keys> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Some(S3Keys {
            access_key_id: var("AWS_ACCESS_KEY_ID")?,
            secret_access_key: var("AWS_SECRET_ACCESS_KEY")?,
            region: var("AWS_DEFAULT_REGION").or_else(|| var("AWS_REGION")),
        })
    }

    fn access(&self) -> S3Access {
        S3Access {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            region: self.region.clone(),
        }
    }
}

/// The keys an `s3:` location (named `what` in errors) needs, from
/// restic's environment variables; `None` for a directory.
fn keys_for(location: &str, what: &str, file: &Path) -> Result<Option<S3Keys>> {
    match Location::parse(location).map_err(|e| Error::Invalid(format!("{what}: {e}")))? {
        Location::Local(_) => Ok(None),
        Location::S3(_) => S3Keys::from_env().map(Some).ok_or_else(|| {
            Error::Invalid(format!(
                "{location} is in S3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_DEFAULT_REGION unless it is us-east-1) for its first use; they are then kept in {}",
                file.display()
            ))
        }),
    }
}

impl RepositorySettings {
    /// Reads `file`, or writes it with a repository in `default_location`
    /// (or `$SLIPWAY_REPOSITORY` if set) and a fresh password. An `s3:`
    /// location takes its keys from restic's environment variables, and
    /// they are kept in the file, so later commands (and the cron runner)
    /// need no environment.
    pub fn load_or_init(file: &Path, default_location: &Path) -> Result<RepositorySettings> {
        match std::fs::read_to_string(file) {
            Ok(text) => {
                let settings: RepositorySettings = toml::from_str(&text)
                    .map_err(|e| Error::Invalid(format!("{} is not valid: {e}", file.display())))?;
                Location::parse(&settings.location)
                    .map_err(|e| Error::Invalid(format!("{}: location: {e}", file.display())))?;
                Ok(settings)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let location = std::env::var("SLIPWAY_REPOSITORY")
                    .ok()
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| default_location.display().to_string());
                let s3 = keys_for(&location, "SLIPWAY_REPOSITORY", file)?;
                let settings = RepositorySettings {
                    location,
                    password: crate::Secrets::generate(),
                    s3,
                    offsite: None,
                };
                settings.save(file)?;
                Ok(settings)
            }
            Err(e) => Err(Error::io(format!("reading {}", file.display()), e)),
        }
    }

    /// Writes the settings to `file` (mode 0600), replacing it whole.
    pub fn save(&self, file: &Path) -> Result<()> {
        let text = toml::to_string(self)
            .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", file.display())))?;
        let text = format!(
            "# slipway's version repository (a restic repository); keep the password:\n# without it no version can be read.\n{text}"
        );
        let temp = file.with_extension("toml.tmp");
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp)
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
            .and_then(|()| std::fs::rename(&temp, file))
            .map_err(|e| Error::io(format!("writing {}", file.display()), e))
    }

    /// The bucket's keys: from the file, else from the environment.
    pub fn s3_access(&self) -> Option<S3Access> {
        self.s3
            .clone()
            .or_else(S3Keys::from_env)
            .map(|keys| keys.access())
    }
}

/// The file of a version holding the database's views, routines and
/// triggers, loaded after its tables.
pub const OBJECTS_FILE: &str = "schema/objects.sql";

/// The objects file of the version `reader` reads, ready to load into a
/// database whose account is `definer` (`` `user`@`host` ``), or `None`
/// when the version holds no objects.
pub(crate) fn objects_for(
    reader: &slipway_repository::Reader,
    definer: &str,
    version: &str,
) -> Result<Option<Vec<u8>>> {
    let Some(file) = objects_file(reader, version)? else {
        return Ok(None);
    };
    slipway_mysql::objects::with_definer(&file, definer)
        .map(Some)
        .map_err(|e| Error::Invalid(format!("{OBJECTS_FILE} of {version}: {e}")))
}

/// A version's objects file as it was written, if it has one.
pub(crate) fn objects_file(
    reader: &slipway_repository::Reader,
    version: &str,
) -> Result<Option<Vec<u8>>> {
    let path = Path::new(OBJECTS_FILE);
    if !reader.exists(path) {
        return Ok(None);
    }
    version_file(reader, path, version).map(Some)
}

/// The whole of the file `path` of `version`, which `reader` reads.
pub(crate) fn version_file(
    reader: &slipway_repository::Reader,
    path: &Path,
    version: &str,
) -> Result<Vec<u8>> {
    let mut file = Vec::new();
    reader
        .open(path)
        .map_err(repo_error)?
        .read_to_end(&mut file)
        .map_err(|e| Error::io(format!("reading {} of {version}", path.display()), e))?;
    Ok(file)
}

/// One table of a version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableMeta {
    /// Rows.
    pub rows: u64,
    /// Bytes of its file.
    pub bytes: u64,
    /// BLAKE3 of its file.
    pub blake3: String,
}

/// What `slipway.json` of a version says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VersionMeta {
    /// The version's id.
    pub id: String,
    /// Its site.
    pub site: String,
    /// The environment it was drawn from.
    pub environment: String,
    /// The instance it was drawn from.
    pub instance: String,
    /// The version it followed.
    pub parent: Option<String>,
    /// When it was drawn, RFC 3339 UTC.
    pub time: String,
    /// The address the environment answered at.
    pub url: String,
    /// WordPress' table prefix.
    pub table_prefix: String,
    /// `subdomain` or `subdirectory` for a network.
    pub multisite: Option<String>,
    /// The network's sites: `(domain, path)`.
    #[serde(default)]
    pub network_sites: Vec<(String, String)>,
    /// The WordPress core tree the instance ran.
    pub core: PathBuf,
    /// Where the binary log stood.
    pub position: Option<String>,
    /// The tables, by name, in load order.
    pub tables: BTreeMap<String, TableMeta>,
    /// Views, routines and triggers the version holds in
    /// [`OBJECTS_FILE`] (`view name`, `trigger name`, …), in load order.
    #[serde(default)]
    pub objects: Vec<String>,
    /// What the database holds that the version does not capture (events,
    /// packages, definitions its account may not read).
    #[serde(default)]
    pub not_captured: Vec<String>,
    /// Transforms applied to the data (none for a draw).
    #[serde(default)]
    pub transforms: Vec<String>,
}

/// A drawn version, as the CLI shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Drawn {
    /// The version's id.
    pub version: String,
    /// Its repository snapshot.
    pub snapshot: String,
    /// The version it followed.
    pub parent: Option<String>,
    /// Tables read from the database.
    pub tables_read: usize,
    /// Tables taken unchanged from the parent.
    pub tables_unchanged: usize,
    /// Bytes of all its files.
    pub total_bytes: u64,
    /// New bytes it added to the repository (before compression).
    pub new_bytes: u64,
    /// Files new or changed since the parent.
    pub files_changed: u64,
    /// Files taken unchanged.
    pub files_unchanged: u64,
    /// What the database holds that the version does not capture.
    pub not_captured: Vec<String>,
    /// The off-site copy: `copied to LOCATION`, or why it failed (the
    /// version is kept here; `slipway offsite push` copies it later).
    /// `None` when no off-site copy is set.
    pub offsite: Option<String>,
}

/// What changed between two versions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VersionDiff {
    /// Per table: rows added, changed, removed (by primary key).
    pub tables: BTreeMap<String, RowDiff>,
    /// Files (uploads and code) added.
    pub files_added: Vec<String>,
    /// Files changed.
    pub files_changed: Vec<String>,
    /// Files removed.
    pub files_removed: Vec<String>,
}

/// Rows that differ in one table.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct RowDiff {
    /// Rows whose key is new.
    pub added: u64,
    /// Rows whose key is in both, with other values.
    pub changed: u64,
    /// Rows whose key is gone.
    pub removed: u64,
}

impl<R: Runtime> Platform<R> {
    /// The state directory (the parent of the instances' directory).
    pub(crate) fn state_root(&self) -> PathBuf {
        self.instances_root
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.instances_root.clone())
    }

    /// The version repository, created at first use; opened once per
    /// platform, so its key is derived once.
    pub fn repository(&self) -> Result<Store> {
        if let Some(store) = self.store.get() {
            return Ok(store.clone());
        }
        let (_, settings) = self.repository_settings()?;
        let store = Store::open_or_init(
            &settings.location,
            &settings.password,
            settings.s3_access().as_ref(),
        )
        .map_err(repo_error)?;
        Ok(self.store.get_or_init(|| store).clone())
    }

    fn repository_settings(&self) -> Result<(PathBuf, RepositorySettings)> {
        let root = self.state_root();
        let file = root.join("repository.toml");
        let settings = RepositorySettings::load_or_init(&file, &root.join("repository"))?;
        Ok((file, settings))
    }

    /// The off-site copy of the repository, when one is set.
    pub fn offsite(&self) -> Result<Option<Store>> {
        let (_, settings) = self.repository_settings()?;
        let Some(offsite) = settings.offsite else {
            return Ok(None);
        };
        let access = offsite
            .s3
            .clone()
            .or_else(S3Keys::from_env)
            .map(|keys| keys.access());
        Store::open_or_init(&offsite.location, &offsite.password, access.as_ref())
            .map(Some)
            .map_err(repo_error)
    }

    /// Sets `location` (an `s3:` bucket, or a directory on another disk) as
    /// the off-site copy every version is copied to after its draw; it is
    /// made (with its own password) when it does not exist, so a wrong
    /// bucket or key fails here. Returns the location as written.
    pub fn set_offsite(&self, location: &str) -> Result<String> {
        let (file, mut settings) = self.repository_settings()?;
        let parsed = Location::parse(location)
            .map_err(|e| Error::Invalid(format!("the off-site location: {e}")))?;
        let primary = Location::parse(&settings.location)
            .map_err(|e| Error::Invalid(format!("{}: location: {e}", file.display())))?;
        if parsed == primary {
            return Err(Error::Invalid(format!(
                "{location} is the version repository itself; an off-site copy must be elsewhere"
            )));
        }
        let offsite = OffsiteSettings {
            location: parsed.to_string(),
            password: match &settings.offsite {
                Some(old) if old.location == parsed.to_string() => old.password.clone(),
                _ => crate::Secrets::generate(),
            },
            s3: keys_for(location, "the off-site location", &file)?,
        };
        Store::open_or_init(
            &offsite.location,
            &offsite.password,
            offsite.s3.as_ref().map(S3Keys::access).as_ref(),
        )
        .map_err(repo_error)?;
        settings.offsite = Some(offsite);
        settings.save(&file)?;
        Ok(parsed.to_string())
    }

    /// Copies to the off-site repository every version of `site` (or of
    /// every site) that it does not hold yet.
    pub fn push_offsite(&self, site: Option<&str>) -> Result<slipway_repository::Copied> {
        let offsite = self.offsite()?.ok_or_else(|| {
            Error::Invalid(
                "no off-site copy is set; `slipway offsite set s3:https://host/bucket` sets one"
                    .to_string(),
            )
        })?;
        self.push_to(&offsite, site)
    }

    /// [`Platform::push_offsite`] to an off-site repository already open
    /// (opening one derives its key, which takes half a second).
    fn push_to(&self, offsite: &Store, site: Option<&str>) -> Result<slipway_repository::Copied> {
        let sites: Vec<String> = match site {
            Some(site) => vec![site.to_string()],
            None => self.catalog.sites()?.into_iter().map(|s| s.name).collect(),
        };
        let mut ids = Vec::new();
        for site in &sites {
            ids.extend(self.versions(site)?.into_iter().map(|v| v.snapshot));
        }
        self.repository()?
            .copy_to(offsite, &ids)
            .map_err(repo_error)
    }

    /// The versions of `site`, oldest first.
    pub fn versions(&self, site: &str) -> Result<Vec<Version>> {
        crate::names::check_site(site)?;
        if self.catalog.site(site)?.is_none() {
            return Err(Error::Invalid(format!("there is no site {site:?}")));
        }
        Ok(self.catalog.versions(site)?)
    }

    /// The metadata of version `id`.
    pub fn version_meta(&self, id: &str) -> Result<(Version, VersionMeta)> {
        let version = self.catalog.version(id)?.ok_or_else(|| {
            Error::Invalid(format!(
                "there is no version {id:?}; see `slipway versions SITE`"
            ))
        })?;
        let meta: VersionMeta = serde_json::from_str(&version.meta).map_err(|e| {
            Error::Invalid(format!(
                "the catalog's record of version {id} is damaged: {e}"
            ))
        })?;
        Ok((version, meta))
    }

    /// Draws a version of `target` (as a release's own draws do), then
    /// copies the site's versions the off-site repository lacks there, when
    /// one is set: this one, and those releases drew meanwhile. The version
    /// is whole here whatever happens off-site; a failed copy is reported
    /// in [`Drawn::offsite`] and the next draw or push catches up.
    pub fn draw(&mut self, target: &str) -> Result<Drawn> {
        let mut drawn = self.draw_here(target)?;
        let (site, _) = parse_target(target)?;
        drawn.offsite = match self.offsite() {
            Ok(None) => None,
            Ok(Some(offsite)) => Some(match self.push_to(&offsite, Some(&site)) {
                Ok(copied) => format!(
                    "{} copied to {} ({} there already)",
                    copied.copied,
                    offsite.location(),
                    copied.present
                ),
                Err(e) => format!("not copied to {}: {e}", offsite.location()),
            }),
            Err(e) => Some(format!("not copied off-site: {e}")),
        };
        Ok(drawn)
    }

    /// Draws a version of `target` (`site/env`): its database in one
    /// consistent snapshot, its uploads and its code.
    pub(crate) fn draw_here(&mut self, target: &str) -> Result<Drawn> {
        let (site_name, env) = parse_target(target)?;
        let instance = self.resolve(target)?;
        if instance.state != InstanceState::Ready {
            return Err(Error::Invalid(format!(
                "{target} runs instance {}, which is {}",
                instance.id, instance.state
            )));
        }
        let site = self
            .catalog
            .site(&site_name)?
            .ok_or_else(|| Error::Invalid(format!("there is no site {site_name:?}")))?;
        let environment = self
            .catalog
            .environment(&site_name, &env)?
            .ok_or_else(|| Error::Invalid(format!("there is no environment {target}")))?;
        let store = self.repository()?;
        // The parent is the environment's latest version; its tables can be
        // reused only if they were read from this same instance.
        let parent = self
            .catalog
            .versions(&site_name)?
            .into_iter()
            .rev()
            .find(|v| v.environment == env);
        let parent_meta: Option<VersionMeta> = parent
            .as_ref()
            .and_then(|v| serde_json::from_str(&v.meta).ok());

        let work = self.scratch_dir("draw-")?;
        pause_point("draw:begin");
        let access = self.runtime.database_access(&instance.id)?;
        let mut snapshot = begin_snapshot(&access)?;
        let position = snapshot.position().map(ToString::to_string);
        let (tables, mut not_captured) = snapshot.tables().map_err(db_error)?;
        let (objects, hidden) = snapshot.objects().map_err(db_error)?;
        not_captured.extend(hidden);

        let unchanged: BTreeSet<String> = match (&parent, &parent_meta, &position) {
            (Some(p), Some(pm), Some(now)) if p.instance == instance.id => {
                match pm.position.as_deref() {
                    Some(since) => match self.runtime.changed_tables(&instance.id, since, now)? {
                        Some((changed, false)) => pm
                            .tables
                            .keys()
                            .filter(|t| !changed.contains(*t))
                            .cloned()
                            .collect(),
                        _ => BTreeSet::new(),
                    },
                    None => BTreeSet::new(),
                }
            }
            _ => BTreeSet::new(),
        };

        let mut items = Vec::new();
        let mut table_meta = BTreeMap::new();
        let mut tables_read = 0;
        for table in &tables {
            let path = PathBuf::from(format!("db/{}.sql", table.name));
            if let Some(kept) = unchanged
                .contains(&table.name)
                .then(|| parent_meta.as_ref().and_then(|m| m.tables.get(&table.name)))
                .flatten()
            {
                table_meta.insert(table.name.clone(), kept.clone());
                items.push(Item {
                    path,
                    content: Content::Unchanged,
                });
                continue;
            }
            let staged = work.path().join(format!("{}.sql", items.len()));
            let file = std::fs::File::create(&staged)
                .map_err(|e| Error::io(format!("creating {}", staged.display()), e))?;
            let hashing = HashingWriter {
                inner: std::io::BufWriter::with_capacity(1 << 20, file),
                hasher: blake3::Hasher::new(),
            };
            let (hashing, dump) = snapshot.dump_table(table, hashing).map_err(db_error)?;
            tables_read += 1;
            pause_point("draw:dump");
            let HashingWriter { inner, hasher } = hashing;
            inner
                .into_inner()
                .map_err(|e| Error::io(format!("writing {}", staged.display()), e.into_error()))?;
            table_meta.insert(
                table.name.clone(),
                TableMeta {
                    rows: dump.rows,
                    bytes: dump.bytes,
                    blake3: hasher.finalize().to_hex().to_string(),
                },
            );
            items.push(Item {
                path,
                content: Content::File(staged),
            });
        }
        let network_sites = if site.multisite.is_some() {
            let blogs =
                slipway_mysql::format::quote_identifier(&format!("{}blogs", site.table_prefix));
            snapshot
                .query_text(&format!(
                    "SELECT domain, path FROM {blogs} ORDER BY blog_id"
                ))
                .map_err(db_error)?
                .into_iter()
                .filter_map(|row| match row.as_slice() {
                    [Some(domain), Some(path)] => Some((domain.clone(), path.clone())),
                    _ => None,
                })
                .collect()
        } else {
            Vec::new()
        };
        snapshot.finish().map_err(db_error)?;

        let files = self.runtime.files(&instance.id)?;
        let mut trees = Vec::new();
        let uploads = files.wp_content.join("uploads");
        if uploads.is_dir() {
            trees.push((PathBuf::from("uploads"), uploads));
        }
        for dir in CODE_DIRS {
            let path = files.wp_content.join(dir);
            if path.is_dir() {
                trees.push((PathBuf::from("code").join(dir), path));
            }
        }
        // Drop-ins: the PHP files directly in wp-content that slipway does
        // not install itself.
        let mut dropins = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&files.wp_content) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let relative = PathBuf::from(&name);
                let is_php = relative.extension().is_some_and(|e| e == "php");
                if is_php && entry.path().is_file() && !files.managed.contains(&relative) {
                    dropins.push((name, entry.path()));
                }
            }
        }
        dropins.sort();
        for (name, path) in dropins {
            items.push(Item {
                path: PathBuf::from("code/dropins").join(name),
                content: Content::File(path),
            });
        }

        let number = self
            .catalog
            .versions(&site_name)?
            .last()
            .map_or(1, |v| v.number + 1);
        let id = format!("{site_name}-v{number}");
        let ordered = slipway_mysql::objects::load_order(objects);
        let object_names: Vec<String> = ordered
            .iter()
            .map(|o| format!("{} {}", o.kind.keyword().to_lowercase(), o.name))
            .collect();
        if !ordered.is_empty() {
            let file = slipway_mysql::objects::write_objects(ordered)
                .map_err(|e| Error::Invalid(format!("{target}: {e}")))?;
            items.push(Item {
                path: PathBuf::from(OBJECTS_FILE),
                content: Content::Bytes(file),
            });
        }
        let meta = VersionMeta {
            id: id.clone(),
            site: site_name.clone(),
            environment: env.clone(),
            instance: instance.id.clone(),
            parent: parent.as_ref().map(|p| p.id.clone()),
            time: slipway_catalog::now(),
            url: environment.url.clone(),
            table_prefix: site.table_prefix.clone(),
            multisite: site.multisite.map(|m| m.as_str().to_string()),
            network_sites,
            core: files.core.clone(),
            position: position.clone(),
            tables: table_meta,
            objects: object_names,
            not_captured: not_captured.clone(),
            transforms: Vec::new(),
        };
        let meta_json = serde_json::to_string_pretty(&meta)
            .map_err(|e| Error::Invalid(format!("recording version {id}: {e}")))?;
        items.push(Item {
            path: PathBuf::from("slipway.json"),
            content: Content::Bytes(meta_json.clone().into_bytes()),
        });
        pause_point("draw:save");
        let saved = store
            .save(NewSnapshot {
                items,
                trees,
                tags: vec![
                    format!("site={site_name}"),
                    format!("env={env}"),
                    format!("version={id}"),
                ],
                label: format!("{site_name}/{env}"),
                description: format!("slipway version {id} of {site_name}/{env}"),
                host: "slipway".to_string(),
                path: format!("/{site_name}/{env}"),
                parent: parent.as_ref().map(|p| p.snapshot.clone()),
                // Locked packages are links to the code store's trees: the
                // version keeps the code itself, restorable anywhere.
                follow: std::fs::canonicalize(self.state_root().join("store/trees"))
                    .into_iter()
                    .collect(),
            })
            .map_err(repo_error)?;
        // Killed from here to the commit below, the repository keeps a
        // snapshot no version names: it is never listed (versions are the
        // catalog's), never a parent, and costs only its new data.
        pause_point("draw:saved");
        let recorded = self.catalog.change(|c| -> Result<Version> {
            let v = c.add_version(&slipway_catalog::NewVersion {
                site: &site_name,
                environment: &env,
                instance: &instance.id,
                snapshot: &saved.id,
                parent: parent.as_ref().map(|p| p.id.as_str()),
                position: position.as_deref(),
                meta: &meta_json,
            })?;
            c.event(
                Some(&site_name),
                "version.drawn",
                &format!("{} drawn from {target} ({})", v.id, instance.id),
            )?;
            Ok(v)
        })?;
        if recorded.id != id {
            // Another draw of the same site took the number meanwhile; the
            // catalog's id is the one that counts, and slipway.json says the
            // other: refuse rather than keep a version that misnames itself.
            return Err(Error::Invalid(format!(
                "another version of {site_name} was drawn at the same time; draw again"
            )));
        }
        Ok(Drawn {
            offsite: None,
            version: recorded.id,
            snapshot: saved.id,
            parent: parent.map(|p| p.id),
            tables_read,
            tables_unchanged: tables.len() - tables_read,
            total_bytes: saved.total_bytes,
            new_bytes: saved.data_added,
            files_changed: saved.files_changed,
            files_unchanged: saved.files_unchanged,
            not_captured,
        })
    }

    /// Where the database server's change log stands now, as an instance's
    /// account sees it (`None` when the server keeps no log).
    pub(crate) fn current_position(&self, instance: &str) -> Result<Option<String>> {
        let access = self.runtime.database_access(instance)?;
        let snapshot = slipway_mysql::Snapshot::begin(&slipway_mysql::Access {
            socket: access.socket,
            host: access.host,
            port: access.port,
            user: access.user,
            password: access.password,
            database: access.database,
        })
        .map_err(db_error)?;
        let position = snapshot.position().map(ToString::to_string);
        snapshot.finish().map_err(db_error)?;
        Ok(position)
    }

    /// What changed from version `a` to version `b` of the same site.
    pub fn diff_versions(&self, a: &str, b: &str) -> Result<VersionDiff> {
        let (va, ma) = self.version_meta(a)?;
        let (vb, mb) = self.version_meta(b)?;
        let store = self.repository()?;
        let ra = store.reader(&va.snapshot).map_err(repo_error)?;
        let rb = store.reader(&vb.snapshot).map_err(repo_error)?;
        let mut diff = VersionDiff::default();
        let names: BTreeSet<&String> = ma.tables.keys().chain(mb.tables.keys()).collect();
        for name in names {
            let (ta, tb) = (ma.tables.get(name), mb.tables.get(name));
            let rows = match (ta, tb) {
                (Some(x), Some(y)) if x.blake3 == y.blake3 => RowDiff::default(),
                _ => {
                    let path = PathBuf::from(format!("db/{name}.sql"));
                    let left = match ta {
                        Some(_) => rows_by_key(ra.open(&path).map_err(repo_error)?)?,
                        None => BTreeMap::new(),
                    };
                    let right = match tb {
                        Some(_) => rows_by_key(rb.open(&path).map_err(repo_error)?)?,
                        None => BTreeMap::new(),
                    };
                    let mut d = RowDiff::default();
                    for (key, row) in &right {
                        match left.get(key) {
                            None => d.added += 1,
                            Some(old) if old != row => d.changed += 1,
                            Some(_) => {}
                        }
                    }
                    d.removed = left.keys().filter(|k| !right.contains_key(*k)).count() as u64;
                    d
                }
            };
            if rows != RowDiff::default() {
                diff.tables.insert(name.clone(), rows);
            }
        }
        let files = |r: &slipway_repository::Reader| -> Result<BTreeMap<String, String>> {
            let mut out = BTreeMap::new();
            for top in ["uploads", "code"] {
                if !r.exists(Path::new(top)) {
                    continue;
                }
                for e in r.walk(Path::new(top)).map_err(repo_error)? {
                    if !e.is_dir {
                        out.insert(
                            e.path.display().to_string(),
                            format!("{}:{:?}:{}", e.size, e.mode, e.content),
                        );
                    }
                }
            }
            Ok(out)
        };
        let (fa, fb) = (files(&ra)?, files(&rb)?);
        for (path, fp) in &fb {
            match fa.get(path) {
                None => diff.files_added.push(path.clone()),
                Some(old) if old != fp => diff.files_changed.push(path.clone()),
                Some(_) => {}
            }
        }
        diff.files_removed = fa
            .keys()
            .filter(|p| !fb.contains_key(*p))
            .cloned()
            .collect();
        Ok(diff)
    }

    /// Where operations keep their temporary files: inside the state
    /// directory, so renames stay on one file system.
    pub(crate) fn work_dir(&self) -> Result<PathBuf> {
        let dir = self.state_root().join("work");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        Ok(dir)
    }

    /// A new temporary directory `work/{prefix}…`, held locked by this
    /// process until dropped, after removing the ones killed processes
    /// left behind.
    pub(crate) fn scratch_dir(&self, prefix: &str) -> Result<ScratchDir> {
        let work = self.work_dir()?;
        let _sweeping = lock_file(&work.join(SWEEP_LOCK), Wait::Block)?;
        sweep_scratch(&work)?;
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(&work)
            .map_err(|e| {
                Error::io(
                    format!("creating a {prefix}* directory in {}", work.display()),
                    e,
                )
            })?;
        let lock = lock_file(dir.path(), Wait::Block)?
            .ok_or_else(|| Error::Invalid(format!("{} is locked", dir.path().display())))?;
        Ok(ScratchDir { dir, _lock: lock })
    }

    /// Removes the temporary directories of killed draws and derives.
    pub(crate) fn sweep_work(&self) -> Result<()> {
        let work = self.work_dir()?;
        let _sweeping = lock_file(&work.join(SWEEP_LOCK), Wait::Block)?;
        sweep_scratch(&work)
    }
}

/// The prefixes of the temporary directories in `work/`.
const SCRATCH_PREFIXES: [&str; 2] = ["draw-", "restore-"];

/// Held while sweeping `work/` and while making a directory there, so a
/// directory is never swept between being made and being locked.
const SWEEP_LOCK: &str = ".sweep.lock";

/// A temporary directory of a running operation: locked (`flock`) while it
/// lives, so that one whose lock can be taken belongs to a process that
/// died, and is removed.
pub(crate) struct ScratchDir {
    // Declared first: dropped (removed) while the lock is still held.
    dir: tempfile::TempDir,
    _lock: std::fs::File,
}

impl ScratchDir {
    /// Its path.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Whether [`lock_file`] waits for the lock.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Wait until it is free.
    Block,
    /// Give up at once if another process holds it.
    No,
}

/// Takes an exclusive `flock` on `path` (a directory, or a file created if
/// missing); `None` when `wait` is [`Wait::No`] and another process holds
/// it. The kernel releases it when the process ends, however it ends.
pub(crate) fn lock_file(path: &Path, wait: Wait) -> Result<Option<std::fs::File>> {
    let file = if path.is_dir() {
        std::fs::File::open(path)
    } else {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(path)
    }
    .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    let operation = match wait {
        Wait::Block => rustix::fs::FlockOperation::LockExclusive,
        Wait::No => rustix::fs::FlockOperation::NonBlockingLockExclusive,
    };
    match rustix::fs::flock(&file, operation) {
        Ok(()) => Ok(Some(file)),
        Err(e) if wait == Wait::No && e == rustix::io::Errno::WOULDBLOCK => Ok(None),
        Err(e) => Err(Error::io(format!("locking {}", path.display()), e.into())),
    }
}

/// Removes every scratch directory of `work` that no live process holds.
fn sweep_scratch(work: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(work).map_err(|e| Error::io(format!("reading {}", work.display()), e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if !SCRATCH_PREFIXES.iter().any(|p| name.starts_with(p)) || !path.is_dir() {
            continue;
        }
        if let Some(_dead_owner) = lock_file(&path, Wait::No)? {
            std::fs::remove_dir_all(&path)
                .map_err(|e| Error::io(format!("removing the stale {}", path.display()), e))?;
            tracing::info!("removed {}, left by an interrupted run", path.display());
        }
    }
    Ok(())
}

/// The variable naming the step at which a test wants slipway to stop.
const PAUSE_VARIABLE: &str = "SLIPWAY_TEST_PAUSE_AT";

/// A hook for crash tests: when `SLIPWAY_TEST_PAUSE_AT` names `step`, the
/// process says `slipway: paused at STEP` on standard error and sleeps until
/// it is killed, so a test can kill it exactly there. Unset in normal use.
pub(crate) fn pause_point(step: &str) {
    if std::env::var_os(PAUSE_VARIABLE).is_some_and(|v| v == step) {
        eprintln!("slipway: paused at {step}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// The rows of a canonical table file, keyed by their first value (the
/// primary key's first column in every WordPress table), each row's text
/// as the value. Table files have one row per line.
fn rows_by_key(file: impl Read) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    let mut rows = BTreeMap::new();
    let reader = BufReader::with_capacity(1 << 20, file);
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| Error::io("reading a table file of a version", e))?;
        if !line.starts_with(b"(") {
            continue;
        }
        let row = line
            .strip_suffix(b";")
            .or_else(|| line.strip_suffix(b","))
            .unwrap_or(&line)
            .to_vec();
        let key_end = slipway_mysql::format::value_spans(&row)
            .and_then(|values| values.first().map(|v| v.1))
            .unwrap_or(row.len());
        rows.insert(row[1..key_end].to_vec(), row);
    }
    Ok(rows)
}

/// Writes through and hashes what it writes.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn repo_error(e: slipway_repository::Error) -> Error {
    Error::Invalid(format!("version repository: {e}"))
}

/// A consistent snapshot of an instance's database, as its own account.
pub(crate) fn begin_snapshot(
    access: &slipway_runtime::DatabaseAccess,
) -> Result<slipway_mysql::Snapshot> {
    slipway_mysql::Snapshot::begin(&slipway_mysql::Access {
        socket: access.socket.clone(),
        host: access.host.clone(),
        port: access.port,
        user: access.user.clone(),
        password: access.password.clone(),
        database: access.database.clone(),
    })
    .map_err(db_error)
}

pub(crate) fn db_error(e: slipway_mysql::Error) -> Error {
    Error::Invalid(format!("database: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_removes_scratch_left_by_dead_processes_and_keeps_live_ones() {
        let work = tempfile::tempdir().unwrap();
        let live = work.path().join("draw-live");
        let dead = work.path().join("restore-dead");
        let other = work.path().join("locks");
        for dir in [&live, &dead, &other] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("table.sql"), b"(1);\n").unwrap();
        }
        let _held = lock_file(&live, Wait::Block).unwrap().unwrap();
        // A lock is held per open file, so this process's own hold counts
        // like another process's.
        assert!(lock_file(&live, Wait::No).unwrap().is_none());
        sweep_scratch(work.path()).unwrap();
        assert!(
            live.join("table.sql").is_file(),
            "a live draw keeps its files"
        );
        assert!(!dead.exists(), "a dead restore's files are removed");
        assert!(other.exists(), "only scratch directories are swept");
    }
}
