//! `slipway fleet update`: one package moved to one version on every site
//! that declares it, in waves, each site through a release.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde::Serialize;
use slipway_codestore::{Fetcher, HashCache, Store, Update};
use slipway_lifecycle::Platform;
use slipway_local::LocalRuntime;
use slipway_manifest::{edit, Kind, Lock, Manifest, Version};
use slipway_runtime::LockedCode;

use crate::code::{default_paths, read_optional, relock_quietly, write_atomic, SitePaths};
use crate::local::{open_platform, DEBIAN_CORE};

/// `slipway fleet …`
#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// Move a plugin (or theme) to one version on every site that declares
    /// it: a canary wave first, then waves of --wave-size, each site
    /// through a release (new instance, health check, switch). The first
    /// failed health check halts the update; that site keeps its code and
    /// its manifest and lock are put back. Exit 3 when halted.
    Update(UpdateArgs),
}

/// `slipway fleet update PACKAGE --to VERSION`
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The package's name (its directory slug).
    package: String,
    /// The version every site moves to.
    #[arg(long, value_name = "VERSION")]
    to: String,
    /// The package is a theme, not a plugin.
    #[arg(long)]
    theme: bool,
    /// The share of the sites in the first wave, in percent (at least one
    /// site).
    #[arg(long, value_name = "PERCENT", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    canary: u32,
    /// Sites per wave after the canary.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    wave_size: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// What happened to one site.
#[derive(Debug, Clone, Serialize)]
struct SiteOutcome {
    site: String,
    /// The version locked before.
    from: Option<String>,
    /// `released`, `failed`, `current` (at the version already) or
    /// `not attempted` (after a halt).
    outcome: &'static str,
    /// The wave it was in (0 is the canary); none for sites at the version.
    wave: Option<usize>,
    /// The instance production serves after.
    instance: Option<String>,
    /// Why it failed.
    message: Option<String>,
}

/// The report of `slipway fleet update`.
#[derive(Debug, Serialize)]
struct Report {
    package: String,
    /// `plugin` or `theme`.
    kind: &'static str,
    to: String,
    halted: bool,
    sites: Vec<SiteOutcome>,
}

/// Runs `slipway fleet …`.
pub fn run(command: FleetCommand) -> Result<ExitCode> {
    let FleetCommand::Update(args) = command;
    let kind = if args.theme {
        Kind::Theme
    } else {
        Kind::Plugin
    };
    if Version::parse(&args.to).is_none() {
        bail!("--to {:?} is not a version", args.to);
    }
    let mut platform = open_platform()?;
    let mut current = Vec::new();
    let mut pending = Vec::new();
    for site in platform.catalog().sites()? {
        let paths = default_paths(&site.name)?;
        let Some(text) = read_optional(&paths.manifest)? else {
            continue;
        };
        let manifest = Manifest::parse(&paths.manifest.display().to_string(), &text)?;
        if manifest.entry(kind, &args.package).is_none() {
            continue;
        }
        let locked = match read_optional(&paths.lock)? {
            Some(text) => Lock::parse(&paths.lock.display().to_string(), &text)?
                .package(kind, &args.package)
                .map(|p| p.version.clone()),
            None => None,
        };
        let outcome = SiteOutcome {
            site: site.name.clone(),
            from: locked.clone(),
            outcome: "current",
            wave: None,
            instance: None,
            message: None,
        };
        if locked.as_deref() == Some(args.to.as_str()) {
            current.push(outcome);
        } else {
            pending.push(outcome);
        }
    }
    let waves = waves(pending.len(), args.canary, args.wave_size);
    let mut halted = false;
    let mut done = Vec::new();
    let mut queue = pending.into_iter();
    for (wave, size) in waves.iter().enumerate() {
        for mut site in queue.by_ref().take(*size) {
            site.wave = Some(wave);
            if !args.json {
                eprintln!("wave {wave}: {} …", site.site);
            }
            match update_site(&mut platform, &site.site, kind, &args.package, &args.to) {
                Ok(instance) => {
                    site.outcome = "released";
                    site.instance = Some(instance);
                }
                Err(e) => {
                    site.outcome = "failed";
                    site.message = Some(format!("{e:#}"));
                    halted = true;
                }
            }
            done.push(site);
            if halted {
                break;
            }
        }
        if halted {
            break;
        }
    }
    for mut site in queue {
        site.outcome = "not attempted";
        done.push(site);
    }
    done.extend(current);
    let report = Report {
        package: args.package,
        kind: kind.as_str(),
        to: args.to,
        halted,
        sites: done,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for s in &report.sites {
            let from = s.from.as_deref().unwrap_or("unlocked");
            match s.outcome {
                "released" => println!(
                    "{}: {from} -> {} released (instance {})",
                    s.site,
                    report.to,
                    s.instance.as_deref().unwrap_or("-")
                ),
                "failed" => println!(
                    "{}: {from} -> {} FAILED, kept at {from}: {}",
                    s.site,
                    report.to,
                    s.message.as_deref().unwrap_or("")
                ),
                other => println!("{}: {other} ({from})", s.site),
            }
        }
        if report.halted {
            println!(
                "halted: the update stopped at the first failed site; the others were not touched"
            );
        }
    }
    Ok(if report.halted {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// The sizes of the waves for `sites` sites: a canary of `canary` percent
/// (rounded up, at least one), then waves of `wave_size`.
fn waves(sites: usize, canary: u32, wave_size: u64) -> Vec<usize> {
    if sites == 0 {
        return Vec::new();
    }
    let first = (sites * canary as usize).div_ceil(100).clamp(1, sites);
    let size = usize::try_from(wave_size).unwrap_or(usize::MAX).max(1);
    let mut waves = vec![first];
    let mut left = sites - first;
    while left > 0 {
        let next = left.min(size);
        waves.push(next);
        left -= next;
    }
    waves
}

/// Moves one site's package to `to` through a release; on any failure the
/// site's manifest and lock are put back as they were (production was
/// never switched).
fn update_site(
    platform: &mut Platform<LocalRuntime>,
    site: &str,
    kind: Kind,
    package: &str,
    to: &str,
) -> Result<String> {
    let paths = default_paths(site)?;
    let manifest_text = read_optional(&paths.manifest)?
        .with_context(|| format!("{} is gone", paths.manifest.display()))?;
    let lock_text = read_optional(&paths.lock)?;
    let attempt = release_version(platform, site, &paths, &manifest_text, kind, package, to);
    if attempt.is_err() {
        write_atomic(&paths.manifest, &manifest_text)?;
        match &lock_text {
            Some(text) => write_atomic(&paths.lock, text)?,
            None => {
                let _ = std::fs::remove_file(&paths.lock);
            }
        }
    }
    attempt
}

fn release_version(
    platform: &mut Platform<LocalRuntime>,
    site: &str,
    paths: &SitePaths,
    manifest_text: &str,
    kind: Kind,
    package: &str,
    to: &str,
) -> Result<String> {
    let file = paths.manifest.display().to_string();
    let manifest = Manifest::parse(&file, manifest_text)?;
    let entry = manifest
        .entry(kind, package)
        .with_context(|| format!("{file} no longer declares {kind} {package}"))?;
    let changed = edit::set_entry(
        &file,
        manifest_text,
        kind,
        package,
        &format!("={to}"),
        &entry.source,
    )?;
    write_atomic(&paths.manifest, &changed)?;
    let lock = relock_quietly(
        paths,
        &Update::Only(vec![(kind, package.to_string())]),
        false,
    )?;
    let store = Store::open(&paths.store)?;
    store.install(&lock, &Fetcher::default(), &mut HashCache::new())?;
    let released = platform.release_lock(
        site,
        LockedCode {
            lock: std::path::absolute(&paths.lock)?,
            store: std::path::absolute(&paths.store)?,
            default_core: PathBuf::from(DEBIAN_CORE),
        },
    )?;
    Ok(released.instance)
}

#[cfg(test)]
mod tests {
    use super::waves;

    #[test]
    fn the_canary_comes_first_then_waves_of_the_size_asked() {
        assert_eq!(waves(0, 10, 10), Vec::<usize>::new());
        assert_eq!(waves(3, 10, 10), [1, 2]);
        assert_eq!(waves(25, 10, 10), [3, 10, 10, 2]);
        assert_eq!(waves(4, 100, 1), [4]);
        assert_eq!(waves(5, 1, 2), [1, 2, 2]);
    }
}
