//! A site's code: `plugin …`, `theme …`, `lock`, `install` and `verify`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde::Serialize;
use slipway_codestore::verify::{verify_tree, Options, TreeReport};
use slipway_codestore::{core_checksums, resolve, Fetcher, HashCache, Store, Update};
use slipway_lifecycle::names::parse_target;
use slipway_local::{Home, RUNTIME_FILES};
use slipway_manifest::{edit, Kind, Lock, Manifest, Source};
use slipway_runtime::LockedCode;

use crate::local::{open_platform, DEBIAN_CORE};

/// Where a site's manifest and lock are, unless given.
#[derive(Debug, Args)]
pub struct Files {
    /// The manifest (default: $SLIPWAY_HOME/sites/SITE/slipway.toml).
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// The lock (default: slipway.lock beside the manifest).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
}

/// `slipway plugin …` and `slipway theme …`
#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// Declare a package in the site's manifest and lock it.
    ///
    /// Examples: slipway plugin add shop akismet --version "^5.3";
    /// slipway plugin add shop premium --zip https://vendor.example/premium.zip
    Add(AddArgs),
    /// Remove a package from the site's manifest and lock.
    Remove {
        /// The site.
        site: String,
        /// The package's name.
        name: String,
        #[command(flatten)]
        files: Files,
    },
    /// Lock the newest versions the manifest allows (of the named packages,
    /// or of all).
    Update {
        /// The site.
        site: String,
        /// The packages to update (default: all of this kind).
        names: Vec<String>,
        #[command(flatten)]
        files: Files,
    },
}

/// `slipway plugin add`
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The site.
    site: String,
    /// The package's name (its directory slug).
    name: String,
    /// Which versions will do: 5.3, =5.3.1, ^5, ">=5.0, <6", * (default).
    #[arg(long, default_value = "*")]
    version: String,
    /// Take it from this zip URL.
    #[arg(long, value_name = "URL", group = "source")]
    zip: Option<String>,
    /// Take it from this directory or zip file.
    #[arg(long, value_name = "PATH", group = "source")]
    path: Option<PathBuf>,
    /// Take it from this git repository.
    #[arg(long, value_name = "URL", group = "source")]
    git: Option<String>,
    /// The branch, tag or commit of --git.
    #[arg(long = "ref", value_name = "REF", requires = "git")]
    reference: Option<String>,
    /// Take it from the directory API at this base URL (default: the
    /// manifest's [directory], else WordPress.org).
    #[arg(long, value_name = "URL", group = "source")]
    directory: Option<String>,
    #[command(flatten)]
    files: Files,
}

/// `slipway lock`
#[derive(Debug, Args)]
pub struct LockArgs {
    /// The site.
    site: String,
    /// Look every package up again, not only what the manifest changed.
    #[arg(long)]
    update: bool,
    #[command(flatten)]
    files: Files,
}

/// `slipway install`
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// SITE or SITE/ENV (default environment: production).
    target: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    files: Files,
}

/// `slipway verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// SITE or SITE/ENV.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    target: Option<String>,
    /// Every environment of every site.
    #[arg(long)]
    all: bool,
    /// Check against the locks only, not WordPress' published checksums.
    #[arg(long)]
    offline: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway code …`
#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Write the tree of a lock from a code store elsewhere, every file
    /// checked against the lock (what an instance's init container runs):
    /// slipway code materialize --store http://code-store:8080 --lock SHA256 --dest /code
    Materialize(MaterializeArgs),
}

/// `slipway code materialize`
#[derive(Debug, Args)]
pub struct MaterializeArgs {
    /// The store: an HTTP(S) URL serving a store's directory, or the
    /// directory itself.
    #[arg(long, value_name = "URL|DIR")]
    store: String,
    /// The lock's sha256 (the store keeps locks by it; `slipway lock`
    /// prints it).
    #[arg(long, value_name = "SHA256")]
    lock: String,
    /// Where the tree goes: empty, or a tree this command wrote before.
    #[arg(long, value_name = "DIR")]
    dest: PathBuf,
    /// Also write a wp-config.php that loads this file.
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
}

/// `slipway code materialize`
pub fn code(command: CodeCommand) -> Result<ExitCode> {
    let CodeCommand::Materialize(args) = command;
    let done = slipway_codestore::materialize(
        &Fetcher::default(),
        &args.store,
        &args.lock,
        &args.dest,
        args.config.as_deref(),
    )?;
    println!(
        "materialized lock {} into {}: {} files ({} fetched, {} bytes), every one checked",
        done.lock,
        args.dest.display(),
        done.files,
        done.fetched,
        done.bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// A site's manifest, lock and the code store.
pub(crate) struct SitePaths {
    pub(crate) manifest: PathBuf,
    pub(crate) lock: PathBuf,
    pub(crate) store: PathBuf,
}

/// Where a site's manifest and lock are: its own by default.
pub(crate) fn default_paths(site: &str) -> Result<SitePaths> {
    paths(
        site,
        &Files {
            manifest: None,
            lock: None,
        },
    )
}

fn paths(site: &str, files: &Files) -> Result<SitePaths> {
    slipway_lifecycle::names::check_site(site)?;
    let home = Home::from_env()?;
    let manifest = files
        .manifest
        .clone()
        .unwrap_or_else(|| home.root().join("sites").join(site).join("slipway.toml"));
    let lock = files.lock.clone().unwrap_or_else(|| {
        manifest
            .parent()
            .unwrap_or(Path::new("."))
            .join("slipway.lock")
    });
    Ok(SitePaths {
        manifest,
        lock,
        store: home.root().join("store"),
    })
}

pub(crate) fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes `text` to `path` through a temporary file renamed into place.
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn read_lock(path: &Path) -> Result<Option<Lock>> {
    match read_optional(path)? {
        None => Ok(None),
        Some(text) => Ok(Some(Lock::parse(&path.display().to_string(), &text)?)),
    }
}

/// Locks the manifest at `paths` anew and writes the lock; prints what
/// changed.
fn relock(paths: &SitePaths, update: &Update) -> Result<Lock> {
    relock_quietly(paths, update, true)
}

/// [`relock`], printing what changed only if `report`.
pub(crate) fn relock_quietly(paths: &SitePaths, update: &Update, report: bool) -> Result<Lock> {
    let name = paths.manifest.display().to_string();
    let text = read_optional(&paths.manifest)?.with_context(|| {
        format!(
            "there is no manifest {name}; declare a package with `slipway plugin add SITE NAME`"
        )
    })?;
    let manifest = Manifest::parse(&name, &text)?;
    let previous = read_lock(&paths.lock)?;
    let store = Store::open(&paths.store)?;
    let dir = paths.manifest.parent().unwrap_or(Path::new("."));
    let lock = resolve(
        &manifest,
        dir,
        previous.as_ref(),
        update,
        &store,
        &Fetcher::default(),
    )?;
    let text = lock.to_toml();
    write_atomic(&paths.lock, &text)?;
    // Kept by its checksum too, so the store served to a cluster holds it.
    let sha256 = store.keep_lock(text.as_bytes())?;
    if !report {
        return Ok(lock);
    }
    let before = previous.unwrap_or_default();
    for p in &lock.packages {
        match before.package(p.kind, &p.name) {
            Some(old) if old == p => {}
            Some(old) => println!(
                "locked {} {} {} (was {})",
                p.kind, p.name, p.version, old.version
            ),
            None => println!("locked {} {} {}", p.kind, p.name, p.version),
        }
    }
    for old in &before.packages {
        if lock.package(old.kind, &old.name).is_none() {
            println!("unlocked {} {} {}", old.kind, old.name, old.version);
        }
    }
    println!("wrote {} (sha256 {sha256})", paths.lock.display());
    Ok(lock)
}

/// Runs `change` on the manifest's text and locks the result; if locking
/// fails, the manifest is put back as it was.
fn change_manifest(
    paths: &SitePaths,
    change: impl FnOnce(&str, &str) -> Result<String>,
) -> Result<()> {
    let name = paths.manifest.display().to_string();
    let before = read_optional(&paths.manifest)?;
    let after = change(&name, before.as_deref().unwrap_or(""))?;
    write_atomic(&paths.manifest, &after)?;
    if let Err(e) = relock(paths, &Update::Nothing) {
        match &before {
            Some(text) => write_atomic(&paths.manifest, text)?,
            None => {
                let _ = std::fs::remove_file(&paths.manifest);
            }
        }
        return Err(e.context(format!("{name} is left as it was")));
    }
    Ok(())
}

fn require_site(site: &str) -> Result<()> {
    let platform = open_platform()?;
    if platform.catalog().site(site)?.is_none() {
        bail!("there is no site {site:?}; see `slipway site ls`");
    }
    Ok(())
}

/// `slipway plugin …` (`kind` plugin) and `slipway theme …` (`kind` theme).
pub fn package(kind: Kind, command: PackageCommand) -> Result<ExitCode> {
    match command {
        PackageCommand::Add(args) => {
            require_site(&args.site)?;
            let paths = paths(&args.site, &args.files)?;
            let given = match (&args.zip, &args.path, &args.git, &args.directory) {
                (Some(url), ..) => Some(Source::Zip(url.clone())),
                (_, Some(path), ..) => Some(Source::Path(
                    std::path::absolute(path)
                        .with_context(|| format!("finding {}", path.display()))?
                        .display()
                        .to_string(),
                )),
                (_, _, Some(url), _) => Some(Source::Git {
                    url: url.clone(),
                    reference: args.reference.clone().unwrap_or_else(|| "HEAD".into()),
                }),
                (.., Some(url)) => Some(Source::Directory(url.trim_end_matches('/').to_string())),
                _ => None,
            };
            change_manifest(&paths, |file, text| {
                let default = Manifest::parse(file, text)?.directory_url().to_string();
                let source = given.unwrap_or(Source::Directory(default));
                Ok(edit::set_entry(
                    file,
                    text,
                    kind,
                    &args.name,
                    &args.version,
                    &source,
                )?)
            })?;
            println!(
                "added {kind} {} to {}; `slipway install {}` puts it in place",
                args.name,
                paths.manifest.display(),
                args.site
            );
        }
        PackageCommand::Remove { site, name, files } => {
            let paths = paths(&site, &files)?;
            change_manifest(&paths, |file, text| {
                Ok(edit::remove_entry(file, text, kind, &name)?)
            })?;
            println!("removed {kind} {name}; `slipway install {site}` takes it out of the site");
        }
        PackageCommand::Update { site, names, files } => {
            let paths = paths(&site, &files)?;
            let update = if names.is_empty() {
                let text = read_optional(&paths.manifest)?.unwrap_or_default();
                let manifest = Manifest::parse(&paths.manifest.display().to_string(), &text)?;
                Update::Only(
                    manifest
                        .packages
                        .iter()
                        .filter(|e| e.kind == kind)
                        .map(|e| (kind, e.name.clone()))
                        .collect(),
                )
            } else {
                Update::Only(names.iter().map(|n| (kind, n.clone())).collect())
            };
            relock(&paths, &update)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `slipway lock`
pub fn lock(args: LockArgs) -> Result<ExitCode> {
    let paths = paths(&args.site, &args.files)?;
    let update = if args.update {
        Update::All
    } else {
        Update::Nothing
    };
    relock(&paths, &update)?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses a lock that does not pin exactly what the manifest declares.
fn check_current(manifest_path: &Path, lock_path: &Path, lock: &Lock) -> Result<()> {
    let Some(text) = read_optional(manifest_path)? else {
        return Ok(());
    };
    let manifest = Manifest::parse(&manifest_path.display().to_string(), &text)?;
    let stale = manifest
        .entries()
        .find_map(|e| match lock.package(e.kind, &e.name) {
            None => Some(format!("{} {} is declared but not locked", e.kind, e.name)),
            Some(p) => {
                let satisfied = e.requirement == slipway_manifest::Requirement::any()
                    || slipway_manifest::Version::parse(&p.version)
                        .is_some_and(|v| e.requirement.matches(&v));
                (!satisfied).then(|| {
                    format!(
                        "{} {} is locked at {}, which does not satisfy {:?}",
                        e.kind,
                        e.name,
                        p.version,
                        e.requirement.as_str()
                    )
                })
            }
        })
        .or_else(|| {
            lock.packages
                .iter()
                .find(|p| manifest.entry(p.kind, &p.name).is_none())
                .map(|p| format!("{} {} is locked but no longer declared", p.kind, p.name))
        });
    if let Some(why) = stale {
        bail!(
            "{} is out of date with {}: {why}; run `slipway lock`",
            lock_path.display(),
            manifest_path.display()
        );
    }
    Ok(())
}

/// `slipway install`
pub fn install(args: InstallArgs) -> Result<ExitCode> {
    let (site, env) = parse_target(&args.target)?;
    let paths = paths(&site, &args.files)?;
    let lock = read_lock(&paths.lock)?.with_context(|| {
        format!(
            "there is no lock {}; run `slipway lock {site}`",
            paths.lock.display()
        )
    })?;
    check_current(&paths.manifest, &paths.lock, &lock)?;
    let store = Store::open(&paths.store)?;
    let stored = store.install(&lock, &Fetcher::default(), &mut HashCache::new())?;
    let mut platform = open_platform()?;
    let names = |kind: Kind| -> Vec<String> {
        lock.packages
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.name.clone())
            .collect()
    };
    let (plugins, themes) = (names(Kind::Plugin), names(Kind::Theme));
    let code = LockedCode {
        lock: std::path::absolute(&paths.lock)?,
        store: std::path::absolute(&paths.store)?,
        default_core: PathBuf::from(DEBIAN_CORE),
    };
    let done = platform.install_code(&format!("{site}/{env}"), code, &plugins, &themes)?;
    if args.json {
        let mut value = serde_json::to_value(&done)?;
        value["packages"] = lock.packages.len().into();
        value["fetched"] = stored.restored.into();
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "installed {} packages from {} into {site}/{env} (instance {}; {} fetched, {} already in the store)",
            lock.packages.len(),
            paths.lock.display(),
            done.instance,
            stored.restored,
            stored.present
        );
        for plugin in &done.activated {
            println!("activated {plugin}");
        }
        if let Some(theme) = &done.theme {
            println!("activated theme {theme}");
        }
        if let Some(kept) = &done.theme_kept {
            let (current, declared) = kept.split_once(": ").unwrap_or((kept, ""));
            println!(
                "kept the active theme {current}: it is not declared, and the declared {declared} could each replace it; switch with `echo \"<?php switch_theme('SLUG');\" | slipway php {site}/{env} -- -`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One instance's result in `slipway verify --json`.
#[derive(Debug, Serialize)]
struct Verified {
    site: String,
    environment: String,
    instance: String,
    lock: Option<PathBuf>,
    #[serde(flatten)]
    report: TreeReport,
}

/// `slipway verify`: exits 3 when anything drifted.
pub fn verify(args: VerifyArgs) -> Result<ExitCode> {
    let platform = open_platform()?;
    let runtime = platform.runtime();
    let mut targets = Vec::new();
    if args.all {
        for site in platform.sites()? {
            for env in site.environments {
                if let Some(instance) = env.instance {
                    targets.push((site.name.clone(), env.name, instance));
                }
            }
        }
    } else if let Some(target) = &args.target {
        let instance = platform.resolve(target)?;
        targets.push((instance.site, instance.environment, instance.id));
    }
    let fetcher = Fetcher::new(Duration::from_secs(10));
    let mut published: BTreeMap<(String, String), Option<BTreeMap<String, String>>> =
        BTreeMap::new();
    let mut cache = HashCache::new();
    let mut results = Vec::new();
    let store = Store::open(runtime.home().root().join("store"))?;
    for (site, environment, instance) in targets {
        let lock_path = runtime.code_lock(&instance);
        let lock = match &lock_path {
            Some(path) => read_lock(path)?.unwrap_or_default(),
            None => Lock::default(),
        };
        let sums = match (lock.core(), args.offline) {
            (Some(core), false) => {
                let base = site_directory(&site)?;
                published
                    .entry((base.clone(), core.version.clone()))
                    .or_insert_with(|| core_checksums(&fetcher, &base, &core.version))
                    .clone()
            }
            _ => None,
        };
        let options = Options {
            runtime_files: &RUNTIME_FILES,
            published: sums.as_ref(),
            store: Some(&store),
        };
        let report = verify_tree(&runtime.code_dir(&instance), &lock, &options, &mut cache)
            .with_context(|| format!("verifying {site}/{environment}"))?;
        results.push(Verified {
            site,
            environment,
            instance,
            lock: lock_path,
            report,
        });
    }
    let drifted = results
        .iter()
        .filter(|r| !r.report.drift.is_empty())
        .count();
    if args.json {
        let value = serde_json::json!({
            "instances": results,
            "drifted": drifted,
            "files_hashed": cache.hashed(),
            "hash_cache_hits": cache.hits(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        for r in &results {
            let against = match r.report.core {
                slipway_codestore::verify::CoreCheck::NotLocked => "core not locked",
                slipway_codestore::verify::CoreCheck::Lock => "core against the lock",
                slipway_codestore::verify::CoreCheck::LockAndPublished => {
                    "core against the lock and WordPress' published checksums"
                }
            };
            println!(
                "{}/{} (instance {}): {} files checked, {against}: {}",
                r.site,
                r.environment,
                r.instance,
                r.report.files_checked,
                if r.report.drift.is_empty() {
                    "no drift".to_string()
                } else {
                    format!("{} changes", r.report.drift.len())
                }
            );
            for d in &r.report.drift {
                let owner = d
                    .package
                    .as_deref()
                    .map(|p| format!(" [{p}]"))
                    .unwrap_or_default();
                println!(
                    "  {:<16} {}{owner}: {}",
                    d.change.as_str(),
                    d.path,
                    d.detail
                );
            }
        }
        println!("{drifted} of {} instances drifted", results.len());
    }
    Ok(if drifted == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// The directory base URL of a site's manifest (WordPress.org's without one).
fn site_directory(site: &str) -> Result<String> {
    let paths = paths(
        site,
        &Files {
            manifest: None,
            lock: None,
        },
    )?;
    Ok(match read_optional(&paths.manifest)? {
        Some(text) => Manifest::parse(&paths.manifest.display().to_string(), &text)?
            .directory_url()
            .to_string(),
        None => slipway_manifest::DEFAULT_DIRECTORY.to_string(),
    })
}
