//! Releases: code moves up, content moves down.
//!
//! A release builds a new production instance from a candidate's code (a
//! version of staging, say) on top of production's content, gates it on
//! health and switches production's route to it in one step; the previous
//! instance stays provisioned, unrouted, for an instant rollback.
//!
//! The content is drawn twice: a checkpoint while production serves as
//! usual (the new instance is built, upgraded and checked on it), then,
//! under a write freeze, a final draw that reads only the tables written
//! since; those tables and changed uploads are loaded into the new instance
//! and the route switches. Writes are refused (503, `Retry-After`) only
//! from the freeze to the switch, and nothing written before the freeze is
//! lost.
//!
//! Every step is recorded in the catalog's `releases`; a release found
//! `running` with no process holding the site's release lock was
//! interrupted, and the next release, rollback or cron run puts production
//! back on the instance the catalog names and removes what was half built.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use slipway_catalog::{
    Environment, Instance, InstanceState, Multisite, NewRelease, Release, ReleaseKind,
    ReleaseState, ReleaseUpdate, Version,
};
use slipway_runtime::{
    CodeSource, EnvironmentType, LockedCode, NetworkMode, PhpIo, PhpRun, Route, Runtime,
};

use crate::environments::{restore_uploads, TableFiles};
use crate::error::{Error, Result};
use crate::fence::route_fence_for;
use crate::names::{check_site, parse_target};
use crate::sites::{hosts_for, Platform};
use crate::versions::{lock_file, pause_point, repo_error, VersionMeta, Wait};

/// WordPress' database upgrade, run in a new instance before it serves.
const UPGRADE_SCRIPT: &str = include_str!("php/upgrade.php");

/// The pages every health check asks for besides the site's own list.
const KEY_PAGES: [&str; 2] = ["/", "/wp-login.php"];

/// What WordPress prints instead of a page when PHP fails fatally.
const CRITICAL_ERROR: &str = "There has been a critical error on this website";

/// How long a new instance may take to answer its first page.
const FIRST_ANSWER: Duration = Duration::from_secs(30);

/// A release's health check: one page and what it answered.
#[derive(Debug, Clone, Serialize)]
pub struct PageCheck {
    /// The address asked for.
    pub url: String,
    /// The HTTP status (0 if nothing answered).
    pub status: u16,
    /// Why it does not count as healthy, if it does not.
    pub problem: Option<String>,
}

/// What the candidate changed in its own database since it was derived:
/// not carried by a release (production's content is), so listed.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateChanges {
    /// Whether the change log reaches back far enough to know.
    pub known: bool,
    /// Tables with rows written on the candidate since it was derived.
    pub tables: Vec<String>,
    /// Whether the candidate's schema changed too (every table counts).
    pub schema_changed: bool,
    /// Why the changes are not known, when they are not.
    pub reason: Option<String>,
}

/// The plan `slipway release --dry-run` shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReleasePlan {
    /// The site.
    pub site: String,
    /// The instance production serves now.
    pub production_instance: String,
    /// Where the code comes from: a version, or an environment drawn first.
    pub candidate: String,
    /// The steps, in order, in words.
    pub steps: Vec<String>,
    /// The pages the health check asks for.
    pub health_pages: Vec<String>,
    /// What the candidate changed in its database, which is not carried.
    pub not_carried: CandidateChanges,
}

/// A release that switched.
#[derive(Debug, Clone, Serialize)]
pub struct Released {
    /// The site.
    pub site: String,
    /// Its number in the history.
    pub release: i64,
    /// The instance production served before, kept warm for a rollback.
    pub previous_instance: String,
    /// The instance production serves now.
    pub instance: String,
    /// The version whose code was released.
    pub candidate: String,
    /// Production's version drawn before anything changed.
    pub checkpoint: String,
    /// Production's version drawn under the freeze: the content now served.
    pub content: String,
    /// How long writes were refused, in milliseconds.
    pub freeze_ms: u64,
    /// How long the final draw took, in milliseconds: most of the freeze.
    pub final_draw_ms: u64,
    /// Each step under the freeze and its milliseconds, in order.
    pub freeze_steps: Vec<(String, u64)>,
    /// Tables written since the checkpoint, carried over under the freeze.
    pub tables_reloaded: Vec<String>,
    /// Those of them loaded whole; the others got only their rows that
    /// changed.
    pub tables_loaded_whole: Vec<String>,
    /// Rows added, changed or deleted in the tables not loaded whole.
    pub rows_carried: u64,
    /// Uploads added, changed or removed since the checkpoint.
    pub uploads_changed: usize,
    /// WordPress' database version before and after the upgrade.
    pub db_version: (String, String),
    /// The health check.
    pub health: Vec<PageCheck>,
    /// What the candidate changed in its database, which is not carried.
    pub not_carried: CandidateChanges,
}

/// How the tables written since a checkpoint were carried over.
#[derive(Debug, Default)]
struct Carried {
    /// Tables loaded whole.
    whole: Vec<String>,
    /// Rows added, changed or deleted in the others.
    rows: u64,
}

/// What `slipway release` did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReleaseOutcome {
    /// `--dry-run`: nothing was done.
    Planned(ReleasePlan),
    /// Released.
    Released(Box<Released>),
}

/// A rollback that switched.
#[derive(Debug, Clone, Serialize)]
pub struct RolledBack {
    /// `site/env`.
    pub environment: String,
    /// Its number in the history.
    pub release: i64,
    /// The instance the environment served before, kept (it holds what was
    /// written since it started serving).
    pub previous_instance: String,
    /// The instance it serves now.
    pub instance: String,
    /// The version restored, with `--to`.
    pub version: Option<String>,
    /// The version of the environment drawn before a `--to` rollback.
    pub checkpoint: Option<String>,
}

/// What `slipway gc` keeps.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Unrouted, ready instances kept per environment for rollback.
    pub instances: usize,
    /// Versions kept per site, newest first (plus any an instance uses).
    pub versions: usize,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            instances: 1,
            versions: 10,
        }
    }
}

/// What `slipway gc` removed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Collected {
    /// Instances removed.
    pub instances: Vec<String>,
    /// Versions removed.
    pub versions: Vec<String>,
    /// Sites skipped because a release of theirs is under way.
    pub skipped_sites: Vec<String>,
}

/// The `[release]` table of a site's `slipway.toml`.
#[derive(Debug, Default, Deserialize)]
struct SiteConfig {
    #[serde(default)]
    release: ReleaseConfig,
}

/// What a site's releases check besides the key pages.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseConfig {
    /// Paths (`/shop/`) that must answer 200 before production switches.
    #[serde(default)]
    check: Vec<String>,
}

/// What the upgrade script printed.
#[derive(Debug, Deserialize)]
struct Upgraded {
    before: String,
    after: String,
}

/// A new instance while it is being made: dropped without `keep`, it is
/// destroyed and forgotten, so no error path leaves one behind.
struct Building<'p, R: Runtime> {
    platform: &'p mut Platform<R>,
    instance: Instance,
    release: i64,
    kept: bool,
}

impl<R: Runtime> Platform<R> {
    /// Releases the code of `from` (an environment of `site`, drawn first,
    /// or a version) to production, on production's latest content.
    pub fn release(&mut self, site: &str, from: &str, dry_run: bool) -> Result<ReleaseOutcome> {
        check_site(site)?;
        let site_row = self
            .catalog
            .site(site)?
            .ok_or_else(|| Error::Invalid(format!("there is no site {site:?}")))?;
        if from == "production" {
            return Err(Error::Invalid(
                "production's own code is what it runs; release --from another environment or a version"
                    .to_string(),
            ));
        }
        let (_lock, production, current, health_pages) = self.prepare_release(site)?;
        let from_version = self.catalog.version(from)?;
        if let Some(v) = &from_version {
            if v.site != site {
                return Err(Error::Invalid(format!(
                    "version {} belongs to site {}, not {site}",
                    v.id, v.site
                )));
            }
        } else if self.catalog.environment(site, from)?.is_none() {
            return Err(Error::Invalid(format!(
                "--from {from:?} is neither a version of {site} nor one of its environments"
            )));
        }
        if dry_run {
            let not_carried = match &from_version {
                Some(v) => self.candidate_changes(&v.instance, v.position.as_deref()),
                None => {
                    let instance = self.resolve(&format!("{site}/{from}"))?;
                    let now = self.current_position(&instance.id).ok().flatten();
                    self.candidate_changes(&instance.id, now.as_deref())
                }
            };
            let candidate = match &from_version {
                Some(v) => format!("version {}", v.id),
                None => format!("{site}/{from} (a version of it drawn first)"),
            };
            return Ok(ReleaseOutcome::Planned(ReleasePlan {
                site: site.to_string(),
                production_instance: current.id.clone(),
                steps: vec![
                    format!("draw a checkpoint version of {site}/production ({})", current.id),
                    format!("build a new production instance: the code of {candidate}, the checkpoint's content"),
                    "run WordPress' database upgrade in it".to_string(),
                    format!("check its health: {} answer 200, no PHP fatal error", health_pages.join(", ")),
                    format!("freeze writes on {} (503 with Retry-After; reads keep serving)", current.id),
                    "draw production again (only what was written since the checkpoint) and load that into the new instance".to_string(),
                    format!("switch {site}/production to the new instance; keep {} warm for rollback", current.id),
                ],
                candidate,
                health_pages,
                not_carried,
            }));
        }

        let candidate: Version = match from_version {
            Some(v) => v,
            None => {
                let drawn = self.draw_here(&format!("{site}/{from}"))?;
                self.catalog.version(&drawn.version)?.ok_or_else(|| {
                    Error::Invalid(format!(
                        "version {} vanished from the catalog",
                        drawn.version
                    ))
                })?
            }
        };
        let not_carried =
            self.candidate_changes(&candidate.instance, candidate.position.as_deref());
        let (_, candidate_meta) = self.version_meta(&candidate.id)?;
        let released = self.release_code(
            site,
            site_row.multisite.map(network_mode),
            &production,
            &current,
            &health_pages,
            &ReleaseCode::Version(Box::new(candidate_meta)),
            not_carried,
        )?;
        Ok(ReleaseOutcome::Released(Box::new(released)))
    }

    /// Releases the code a lock pins (every file in the code store) to
    /// `site`'s production, on its latest content: what a fleet update does
    /// for each site. Production's database is the only database, so
    /// nothing is left uncarried.
    pub fn release_lock(&mut self, site: &str, code: LockedCode) -> Result<Released> {
        check_site(site)?;
        let site_row = self
            .catalog
            .site(site)?
            .ok_or_else(|| Error::Invalid(format!("there is no site {site:?}")))?;
        let (_lock, production, current, health_pages) = self.prepare_release(site)?;
        self.release_code(
            site,
            site_row.multisite.map(network_mode),
            &production,
            &current,
            &health_pages,
            &ReleaseCode::Locked(code),
            CandidateChanges {
                known: true,
                tables: Vec::new(),
                schema_changed: false,
                reason: None,
            },
        )
    }

    /// What every release starts with: the site's release lock (held until
    /// the returned file drops), interrupted releases undone, production
    /// and the ready instance it serves, and the pages to check.
    fn prepare_release(
        &mut self,
        site: &str,
    ) -> Result<(std::fs::File, Environment, Instance, Vec<String>)> {
        let lock = self.lock_releases(site)?;
        self.recover_site(site)?;
        let production = self.production(site)?;
        let current = self.resolve(&format!("{site}/production"))?;
        if current.state != InstanceState::Ready {
            return Err(Error::Invalid(format!(
                "{site}/production runs instance {}, which is {}",
                current.id, current.state
            )));
        }
        let health_pages = self.health_pages(site, &production.url)?;
        Ok((lock, production, current, health_pages))
    }

    /// The release itself, once its candidate is known; the caller holds
    /// the site's release lock.
    #[allow(clippy::too_many_arguments)]
    fn release_code(
        &mut self,
        site: &str,
        network: Option<NetworkMode>,
        production: &Environment,
        current: &Instance,
        health_pages: &[String],
        code: &ReleaseCode,
        not_carried: CandidateChanges,
    ) -> Result<Released> {
        let label = code.label();
        let checkpoint = self.draw_here(&format!("{site}/production"))?.version;
        pause_point("release:checkpoint");
        let (checkpoint_version, checkpoint_meta) = self.version_meta(&checkpoint)?;

        let root = self.instances_root.clone();
        let (instance, release) = self.catalog.change(|c| -> Result<(Instance, Release)> {
            let instance = c.add_instance(site, "production", &root)?;
            let release = c.add_release(&NewRelease {
                site,
                environment: "production",
                kind: ReleaseKind::Release,
                from_instance: Some(&current.id),
                candidate: code.version(),
            })?;
            c.update_release(
                release.seq,
                &ReleaseUpdate {
                    to_instance: Some(instance.id.clone()),
                    checkpoint: Some(checkpoint.clone()),
                    ..ReleaseUpdate::default()
                },
            )?;
            c.event(
                Some(site),
                "release.begin",
                &format!(
                    "release {} of {label} on {checkpoint}: instance {}",
                    release.seq, instance.id
                ),
            )?;
            Ok((instance, release))
        })?;
        pause_point("release:reserved");
        let mut building = Building {
            platform: self,
            instance,
            release: release.seq,
            kept: false,
        };
        let outcome = building.platform.build_release(
            &building.instance,
            production,
            network,
            code,
            (&checkpoint_version, &checkpoint_meta),
            current,
            health_pages,
        );
        let built = match outcome {
            Ok(built) => built,
            Err(Failure::Unhealthy(checks, fatals)) => {
                // Kept for inspection, never routed; `slipway gc` removes it.
                building.kept = true;
                let instance = building.instance.clone();
                let platform = &mut *building.platform;
                let _ = platform.runtime.unpreview(&instance.id);
                let why = unhealthy_message(&checks, &fatals);
                let message = format!(
                    "instance {} failed its health check, production still serves {}: {why} (its PHP log: {})",
                    instance.id,
                    current.id,
                    instance.dir.join("log/php-error.log").display()
                );
                platform.catalog.change(|c| -> Result<()> {
                    c.set_instance_state(&instance.id, InstanceState::Failed)?;
                    c.update_release(
                        release.seq,
                        &ReleaseUpdate::ended(ReleaseState::Failed, &message),
                    )?;
                    c.event(Some(site), "release.failed", &message)?;
                    Ok(())
                })?;
                return Err(Error::Invalid(message));
            }
            Err(Failure::Error(error)) => {
                let message = format!("release {} failed: {error}", release.seq);
                let _ = building.platform.catalog.change(|c| -> Result<()> {
                    c.update_release(
                        release.seq,
                        &ReleaseUpdate::ended(ReleaseState::Failed, &message),
                    )?;
                    Ok(c.event(Some(site), "release.failed", &message)?)
                });
                // `building` drops here: the instance goes.
                return Err(error);
            }
        };
        building.kept = true;
        let instance = building.instance.clone();
        let platform = &mut *building.platform;
        let message = format!(
            "{label} on {} (content {}), writes refused for {} ms",
            instance.id, built.content, built.freeze_ms
        );
        platform.catalog.change(|c| -> Result<()> {
            c.set_instance_state(&instance.id, InstanceState::Ready)?;
            c.point_environment(site, "production", &instance.id)?;
            c.set_origin(&instance.id, &built.content, None)?;
            c.update_release(
                release.seq,
                &ReleaseUpdate {
                    state: Some(ReleaseState::Done),
                    content: Some(built.content.clone()),
                    freeze_ms: Some(i64::try_from(built.freeze_ms).unwrap_or(i64::MAX)),
                    message: Some(message.clone()),
                    ..ReleaseUpdate::default()
                },
            )?;
            c.event(Some(site), "release.done", &message)?;
            Ok(())
        })?;
        let _ = platform.runtime.unpreview(&instance.id);
        Ok(Released {
            site: site.to_string(),
            release: release.seq,
            previous_instance: current.id.clone(),
            instance: instance.id,
            candidate: label,
            checkpoint,
            content: built.content,
            freeze_ms: built.freeze_ms,
            final_draw_ms: built.final_draw_ms,
            freeze_steps: built.freeze_steps,
            tables_reloaded: built.tables_reloaded,
            tables_loaded_whole: built.tables_loaded_whole,
            rows_carried: built.rows_carried,
            uploads_changed: built.uploads_changed,
            db_version: built.db_version,
            health: built.health,
            not_carried,
        })
    }

    /// Builds, checks and switches to a release's instance; see
    /// [`Platform::release`]. The catalog is the caller's to update.
    #[allow(clippy::too_many_arguments)]
    fn build_release(
        &mut self,
        instance: &Instance,
        production: &Environment,
        network: Option<NetworkMode>,
        code: &ReleaseCode,
        (checkpoint, checkpoint_meta): (&Version, &VersionMeta),
        current: &Instance,
        health_pages: &[String],
    ) -> Result<Built, Failure> {
        let url = production.url.clone();
        let spec = self.spec(
            instance,
            &url,
            &checkpoint_meta.table_prefix,
            network,
            match code {
                ReleaseCode::Version(meta) => code_source(meta),
                ReleaseCode::Locked(locked) => CodeSource::Locked(locked.clone()),
            },
        );
        self.runtime.provision(&spec)?;
        let store = self.repository()?;
        let content = store.reader(&checkpoint.snapshot).map_err(repo_error)?;
        let files = self.runtime.files(&instance.id)?;
        if let ReleaseCode::Version(meta) = code {
            let reader = store
                .reader(&self.version_meta(&meta.id)?.0.snapshot)
                .map_err(repo_error)?;
            self.restore_code(&reader, &files.wp_content, &files.managed)?;
        }
        restore_uploads(&content, &files.wp_content)?;
        let tables: Vec<String> = checkpoint_meta.tables.keys().cloned().collect();
        self.load_tables(&instance.id, &content, &tables)?;
        pause_point("release:loaded");
        // Code that cannot even load WordPress fails here, before any page.
        let upgraded = match self.upgrade(&instance.id) {
            Ok(upgraded) => upgraded,
            Err(e) => {
                let check = PageCheck {
                    url: "WordPress' database upgrade".to_string(),
                    status: 0,
                    problem: Some(e.to_string()),
                };
                let fatals = self.runtime.php_fatal_errors(&instance.id)?;
                return Err(Failure::Unhealthy(vec![check], fatals));
            }
        };
        let route = Route {
            site: instance.site.clone(),
            environment: "production".to_string(),
            instance: instance.id.clone(),
            hosts: hosts_for(&url, network),
            network,
            fence: None,
            frozen: false,
        };
        self.runtime.preview(&route)?;
        let health = self.check_health(&instance.id, health_pages)?;
        pause_point("release:checked");

        // The freeze: from here to the switch, writes to production are
        // refused, so the final draw holds everything written before.
        let frozen_at = Instant::now();
        let old_route = Route {
            instance: current.id.clone(),
            frozen: true,
            ..route.clone()
        };
        self.runtime.route(&old_route)?;
        let mut steps = vec![("freeze".to_string(), millis(frozen_at))];
        let thawed = |platform: &Self| {
            // Production back as it was, writes open, whatever failed.
            let _ = platform.runtime.route(&Route {
                frozen: false,
                ..old_route.clone()
            });
        };
        pause_point("release:frozen");
        let finished = (|| -> Result<Built, Failure> {
            let drawing = Instant::now();
            let drawn = self.draw_here(&format!("{}/production", instance.site))?;
            let final_draw_ms = millis(drawing);
            steps.push(("final draw".to_string(), final_draw_ms));
            let mut lap = Instant::now();
            let mut step = |name: &str, steps: &mut Vec<(String, u64)>| {
                steps.push((name.to_string(), millis(lap)));
                lap = Instant::now();
            };
            let (final_version, final_meta) = self.version_meta(&drawn.version)?;
            let final_reader = store.reader(&final_version.snapshot).map_err(repo_error)?;
            step("open the final draw", &mut steps);
            let reload: Vec<String> = final_meta
                .tables
                .iter()
                .filter(|(name, t)| {
                    checkpoint_meta
                        .tables
                        .get(*name)
                        .is_none_or(|old| old.blake3 != t.blake3)
                })
                .map(|(name, _)| name.clone())
                .collect();
            let dropped: Vec<&String> = checkpoint_meta
                .tables
                .keys()
                .filter(|t| !final_meta.tables.contains_key(*t))
                .collect();
            if !dropped.is_empty() {
                let sql: String = dropped
                    .iter()
                    .map(|t| {
                        format!(
                            "DROP TABLE IF EXISTS {};\n",
                            slipway_mysql::format::quote_identifier(t)
                        )
                    })
                    .collect();
                self.runtime.run_sql(&instance.id, &sql)?;
            }
            let carried = if reload.is_empty() {
                Carried::default()
            } else {
                // An upgrade that changed the database may have altered
                // tables in the new instance: those are loaded whole.
                let now = if upgraded.before == upgraded.after {
                    None
                } else {
                    Some(self.table_definitions(&instance.id)?)
                };
                self.load_changed_rows(
                    &instance.id,
                    (&content, &final_reader),
                    &reload,
                    now.as_ref(),
                )?
            };
            step("load changed rows", &mut steps);
            let uploads_changed = sync_uploads(&content, &final_reader, &files.wp_content)?;
            step("sync uploads", &mut steps);
            pause_point("release:synced");
            let changed = !reload.is_empty() || !dropped.is_empty();
            if changed && upgraded.before == upgraded.after {
                // Same schema, same code as checked: newer rows only. The
                // object cache still holds the checkpoint's.
                self.runtime.flush_object_cache(&instance.id)?;
                step("empty the object cache", &mut steps);
            } else if changed {
                {
                    // Production's rows came in under its old database
                    // version: the upgrade runs again, over them too.
                    let prefix = slipway_mysql::format::quote_identifier(&format!(
                        "{}options",
                        checkpoint_meta.table_prefix
                    ));
                    self.runtime.run_sql(
                        &instance.id,
                        &format!(
                            "UPDATE {prefix} SET option_value = '{}' WHERE option_name = 'db_version';",
                            upgraded.before.replace(['\'', '\\'], "")
                        ),
                    )?;
                }
                self.upgrade(&instance.id)?;
                step("upgrade and empty the object cache", &mut steps);
                let home = format!("{url}/");
                let check = self.check_page(&instance.id, &home)?;
                step("check the home page", &mut steps);
                if check.problem.is_some() {
                    return Err(Failure::Unhealthy(vec![check], Vec::new()));
                }
            }
            pause_point("release:switch");
            self.runtime.route(&route)?;
            step("switch", &mut steps);
            let freeze_ms = millis(frozen_at);
            pause_point("release:switched");
            Ok(Built {
                content: drawn.version,
                freeze_ms,
                final_draw_ms,
                freeze_steps: steps.clone(),
                tables_reloaded: reload,
                tables_loaded_whole: carried.whole,
                rows_carried: carried.rows,
                uploads_changed,
                db_version: (upgraded.before.clone(), upgraded.after.clone()),
                health: health.clone(),
            })
        })();
        if finished.is_err() {
            thawed(self);
        }
        finished
    }

    /// Loads table files of a version into an instance as they are, one
    /// transaction per table, unlogged; then the version's views, routines
    /// and triggers again, since reloading a table drops its triggers.
    fn load_tables(
        &self,
        instance: &str,
        reader: &slipway_repository::Reader,
        tables: &[String],
    ) -> Result<()> {
        self.load_after(instance, reader, &[], tables)
    }

    /// Runs `first` in an instance, unlogged, then loads `tables` of the
    /// version `reader` reads whole, then that version's views, routines
    /// and triggers.
    fn load_after(
        &self,
        instance: &str,
        reader: &slipway_repository::Reader,
        first: &[u8],
        tables: &[String],
    ) -> Result<()> {
        let paths: Vec<PathBuf> = tables
            .iter()
            .map(|t| PathBuf::from(format!("db/{t}.sql")))
            .collect();
        let objects = crate::versions::objects_for(
            reader,
            &self.runtime.database_access(instance)?.definer(),
            instance,
        )?;
        self.runtime
            .load_sql(instance, &mut |out: &mut dyn Write| {
                out.write_all(b"SET SESSION sql_log_bin = 0;\nSET SESSION autocommit = 0;\n")?;
                out.write_all(first)?;
                let mut input = TableFiles {
                    reader,
                    paths: &paths,
                    next: 0,
                    current: None,
                };
                std::io::copy(&mut input, &mut *out)?;
                out.write_all(b"COMMIT;\n")?;
                if let Some(objects) = &objects {
                    out.write_all(objects)?;
                }
                Ok(())
            })
            .map_err(Error::from)
    }

    /// Brings `tables` of an instance holding the `old` version's rows to
    /// the `new` version's: only the rows that differ, found from the chunks
    /// the two table files do not share ([`slipway_mysql::delta`]); a table
    /// the delta cannot handle (no primary key, another definition, much
    /// changed) is loaded whole. Triggers are dropped first, so that rows
    /// already holding their effects do not fire them again, and the new
    /// version's views, routines and triggers are created after.
    fn load_changed_rows(
        &self,
        instance: &str,
        (old, new): (&slipway_repository::Reader, &slipway_repository::Reader),
        tables: &[String],
        now: Option<&BTreeMap<String, String>>,
    ) -> Result<Carried> {
        use slipway_mysql::delta::{table_delta, Delta, DEFAULT_MAX_ROW_BYTES};
        let mut carried = Carried::default();
        let mut deltas = Vec::new();
        for table in tables {
            let path = PathBuf::from(format!("db/{table}.sql"));
            let definition = now.map(|defs| defs.get(table).map(String::as_str));
            let delta = if definition == Some(None) {
                Delta::Reload("the new instance does not have it".to_string())
            } else if old.exists(&path) {
                table_delta(
                    &old.chunks(&path).map_err(repo_error)?,
                    &new.chunks(&path).map_err(repo_error)?,
                    |id| old.chunk(id).map_err(std::io::Error::other),
                    |id| new.chunk(id).map_err(std::io::Error::other),
                    DEFAULT_MAX_ROW_BYTES,
                    definition.flatten(),
                )
                .map_err(|e| {
                    Error::io(format!("comparing {} of two versions", path.display()), e)
                })?
            } else {
                Delta::Reload("it is new".to_string())
            };
            match delta {
                Delta::Apply(applied) => {
                    tracing::debug!(
                        table,
                        deleted = applied.deleted,
                        written = applied.written,
                        bytes_read = applied.bytes_read,
                        "changed rows"
                    );
                    carried.rows += applied.deleted + applied.written;
                    deltas.push(applied.sql);
                }
                Delta::Reload(reason) => {
                    tracing::debug!(table, reason, "loaded whole");
                    carried.whole.push(table.clone());
                }
            }
        }
        let checkpoint_objects = crate::versions::objects_file(old, instance)?.unwrap_or_default();
        let mut first = slipway_mysql::objects::drop_triggers(&checkpoint_objects).into_bytes();
        for sql in &deltas {
            first.extend_from_slice(sql);
        }
        self.load_after(instance, new, &first, &carried.whole)?;
        Ok(carried)
    }

    /// The `CREATE TABLE` of every table of an instance, by name.
    fn table_definitions(&self, instance: &str) -> Result<BTreeMap<String, String>> {
        let mut snapshot =
            crate::versions::begin_snapshot(&self.runtime.database_access(instance)?)?;
        let (tables, _) = snapshot.tables().map_err(crate::versions::db_error)?;
        snapshot.finish().map_err(crate::versions::db_error)?;
        Ok(tables.into_iter().map(|t| (t.name, t.create)).collect())
    }

    /// Runs WordPress' database upgrade in an instance.
    fn upgrade(&self, instance: &str) -> Result<Upgraded> {
        let script = crate::code::php_script("upgrade", UPGRADE_SCRIPT)?;
        let out = self.runtime.run_php(
            instance,
            &PhpRun {
                script: script.path(),
                args: &[],
                load_wordpress: true,
                url: None,
                input: None,
                io: PhpIo::Capture,
            },
        )?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.success() {
            return Err(Error::Invalid(format!(
                "WordPress' database upgrade failed in instance {instance}: {}{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                stdout.trim()
            )));
        }
        let line = stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .unwrap_or("");
        serde_json::from_str(line).map_err(|e| {
            Error::Invalid(format!(
                "WordPress' database upgrade in instance {instance} printed {:?}: {e}",
                stdout.trim()
            ))
        })
    }

    /// Asks a previewed instance for every page; healthy when each answers
    /// 200 without WordPress' critical-error page and PHP logged no fatal
    /// error.
    fn check_health(&self, instance: &str, pages: &[String]) -> Result<Vec<PageCheck>, Failure> {
        let mut checks = Vec::new();
        let deadline = Instant::now() + FIRST_ANSWER;
        for (i, page) in pages.iter().enumerate() {
            let mut check = self.check_page(instance, page)?;
            // The first page of a fresh instance may find its workers still
            // starting; a failure that persists is the instance's.
            while i == 0 && check.status == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(250));
                check = self.check_page(instance, page)?;
            }
            checks.push(check);
        }
        let fatals = self.runtime.php_fatal_errors(instance)?;
        if checks.iter().any(|c| c.problem.is_some()) || !fatals.is_empty() {
            return Err(Failure::Unhealthy(checks, fatals));
        }
        Ok(checks)
    }

    fn check_page(&self, instance: &str, url: &str) -> Result<PageCheck> {
        Ok(match self.runtime.probe(instance, url) {
            Ok(probe) => {
                let body = String::from_utf8_lossy(&probe.body);
                let problem = if probe.status != 200 {
                    Some(match probe.location {
                        Some(to) => format!("answered {} to {to}", probe.status),
                        None => format!("answered {}", probe.status),
                    })
                } else if body.contains(CRITICAL_ERROR) {
                    Some("shows WordPress' critical-error page".to_string())
                } else {
                    None
                };
                PageCheck {
                    url: url.to_string(),
                    status: probe.status,
                    problem,
                }
            }
            Err(e) => PageCheck {
                url: url.to_string(),
                status: 0,
                problem: Some(format!("did not answer: {e}")),
            },
        })
    }

    /// The pages a release of `site` checks: the key pages and the
    /// `[release] check` list of its `slipway.toml`.
    fn health_pages(&self, site: &str, url: &str) -> Result<Vec<String>> {
        let file = self
            .state_root()
            .join("sites")
            .join(site)
            .join("slipway.toml");
        let config: SiteConfig = match std::fs::read_to_string(&file) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| Error::Invalid(format!("{}: {e}", file.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SiteConfig::default(),
            Err(e) => return Err(Error::io(format!("reading {}", file.display()), e)),
        };
        let mut pages: Vec<String> = KEY_PAGES.iter().map(|p| format!("{url}{p}")).collect();
        for (i, path) in config.release.check.iter().enumerate() {
            if !path.starts_with('/') || path.contains(['\r', '\n', ' ']) {
                return Err(Error::Invalid(format!(
                    "{}: release.check[{i}] = {path:?} must be a path starting with / (no spaces)",
                    file.display()
                )));
            }
            let page = format!("{url}{path}");
            if !pages.contains(&page) {
                pages.push(page);
            }
        }
        Ok(pages)
    }

    /// What the instance a candidate version was drawn from changed in its
    /// own database between being derived and `until`.
    fn candidate_changes(&self, instance: &str, until: Option<&str>) -> CandidateChanges {
        let unknown = |reason: String| CandidateChanges {
            known: false,
            tables: Vec::new(),
            schema_changed: false,
            reason: Some(reason),
        };
        let origin = match self.catalog.origin(instance) {
            Ok(Some(origin)) => origin,
            Ok(None) => {
                return unknown(format!(
                    "instance {instance} was not derived from a version, so nothing says what it changed itself"
                ))
            }
            Err(e) => return unknown(e.to_string()),
        };
        let (Some(since), Some(until)) = (origin.position.as_deref(), until) else {
            return unknown("the database keeps no change log position for it".to_string());
        };
        match self.runtime.changed_tables(instance, since, until) {
            Ok(Some((tables, schema_changed))) => CandidateChanges {
                known: true,
                tables: tables.into_iter().collect(),
                schema_changed,
                reason: None,
            },
            Ok(None) => unknown(format!(
                "the change log no longer reaches back to when {instance} was derived from {}",
                origin.version
            )),
            Err(e) => unknown(e.to_string()),
        }
    }

    /// Goes back: to the instance `target` served before its last release
    /// or rollback, at once, or with `to` to a version restored into a new
    /// instance.
    pub fn rollback(&mut self, target: &str, to: Option<&str>) -> Result<RolledBack> {
        let (site, env) = parse_target(target)?;
        let site_row = self
            .catalog
            .site(&site)?
            .ok_or_else(|| Error::Invalid(format!("there is no site {site:?}")))?;
        let _lock = self.lock_releases(&site)?;
        self.recover_site(&site)?;
        let environment = self
            .catalog
            .environment(&site, &env)?
            .ok_or_else(|| Error::Invalid(format!("there is no environment {site}/{env}")))?;
        let current = self.resolve(target)?;
        let network = site_row.multisite.map(network_mode);
        match to {
            None => {
                let previous = self.previous_instance(&site, &env, &current.id)?;
                let release = self.catalog.change(|c| -> Result<Release> {
                    let r = c.add_release(&NewRelease {
                        site: &site,
                        environment: &env,
                        kind: ReleaseKind::Rollback,
                        from_instance: Some(&current.id),
                        candidate: None,
                    })?;
                    c.update_release(
                        r.seq,
                        &ReleaseUpdate {
                            to_instance: Some(previous.id.clone()),
                            ..ReleaseUpdate::default()
                        },
                    )?;
                    Ok(r)
                })?;
                pause_point("rollback:reserved");
                self.route_environment(&environment, &previous.id, network)?;
                pause_point("rollback:switched");
                let message = format!(
                    "{site}/{env} back on {}; {} is kept with what was written on it since",
                    previous.id, current.id
                );
                self.catalog.change(|c| -> Result<()> {
                    c.point_environment(&site, &env, &previous.id)?;
                    c.update_release(
                        release.seq,
                        &ReleaseUpdate::ended(ReleaseState::Done, &message),
                    )?;
                    Ok(c.event(Some(&site), "rollback.done", &message)?)
                })?;
                Ok(RolledBack {
                    environment: format!("{site}/{env}"),
                    release: release.seq,
                    previous_instance: current.id,
                    instance: previous.id,
                    version: None,
                    checkpoint: None,
                })
            }
            Some(version) => {
                let (v, meta) = self.version_meta(version)?;
                if v.site != site {
                    return Err(Error::Invalid(format!(
                        "version {} belongs to site {}, not {site}",
                        v.id, v.site
                    )));
                }
                if env != "production" && v.environment == "production" {
                    return Err(Error::Invalid(format!(
                        "{} holds production's unscrubbed content; derive {site}/{env} from it instead (`slipway env create {site}/{env} --from {}`)",
                        v.id, v.id
                    )));
                }
                let checkpoint = self.draw_here(target)?.version;
                let root = self.instances_root.clone();
                let (instance, release) =
                    self.catalog.change(|c| -> Result<(Instance, Release)> {
                        let instance = c.add_instance(&site, &env, &root)?;
                        let r = c.add_release(&NewRelease {
                            site: &site,
                            environment: &env,
                            kind: ReleaseKind::Rollback,
                            from_instance: Some(&current.id),
                            candidate: Some(&v.id),
                        })?;
                        c.update_release(
                            r.seq,
                            &ReleaseUpdate {
                                to_instance: Some(instance.id.clone()),
                                checkpoint: Some(checkpoint.clone()),
                                content: Some(v.id.clone()),
                                ..ReleaseUpdate::default()
                            },
                        )?;
                        Ok((instance, r))
                    })?;
                let mut building = Building {
                    platform: self,
                    instance,
                    release: release.seq,
                    kept: false,
                };
                let instance = building.instance.clone();
                let platform = &mut *building.platform;
                let spec = platform.spec(
                    &instance,
                    &environment.url,
                    &meta.table_prefix,
                    network,
                    code_source(&meta),
                );
                platform.runtime.provision(&spec)?;
                let store = platform.repository()?;
                let reader = store.reader(&v.snapshot).map_err(repo_error)?;
                let files = platform.runtime.files(&instance.id)?;
                platform.restore_code(&reader, &files.wp_content, &files.managed)?;
                restore_uploads(&reader, &files.wp_content)?;
                let tables: Vec<String> = meta.tables.keys().cloned().collect();
                platform.load_tables(&instance.id, &reader, &tables)?;
                platform.upgrade(&instance.id)?;
                if env != "production" {
                    crate::fence::apply_fence(&platform.runtime, &instance.id)?;
                }
                let route = platform.environment_route(&environment, &instance.id, network)?;
                platform.runtime.preview(&route)?;
                let pages = platform.health_pages(&site, &environment.url)?;
                match platform.check_health(&instance.id, &pages) {
                    Ok(_) => {}
                    Err(Failure::Error(e)) => return Err(e),
                    Err(Failure::Unhealthy(checks, fatals)) => {
                        return Err(Error::Invalid(format!(
                            "{} restored into {} failed its health check; {site}/{env} still serves {}: {}",
                            v.id,
                            instance.id,
                            current.id,
                            unhealthy_message(&checks, &fatals)
                        )))
                    }
                }
                platform.runtime.route(&route)?;
                building.kept = true;
                let platform = &mut *building.platform;
                let _ = platform.runtime.unpreview(&instance.id);
                let message = format!(
                    "{site}/{env} on {} restored from {}; what it held before is {checkpoint}",
                    instance.id, v.id
                );
                platform.catalog.change(|c| -> Result<()> {
                    c.set_instance_state(&instance.id, InstanceState::Ready)?;
                    c.point_environment(&site, &env, &instance.id)?;
                    c.set_origin(&instance.id, &v.id, None)?;
                    c.update_release(
                        release.seq,
                        &ReleaseUpdate::ended(ReleaseState::Done, &message),
                    )?;
                    Ok(c.event(Some(&site), "rollback.done", &message)?)
                })?;
                Ok(RolledBack {
                    environment: format!("{site}/{env}"),
                    release: release.seq,
                    previous_instance: current.id,
                    instance: instance.id,
                    version: Some(v.id),
                    checkpoint: Some(checkpoint),
                })
            }
        }
    }

    /// The releases and rollbacks of `site`, oldest first.
    pub fn history(&self, site: &str) -> Result<Vec<Release>> {
        check_site(site)?;
        if self.catalog.site(site)?.is_none() {
            return Err(Error::Invalid(format!("there is no site {site:?}")));
        }
        Ok(self.catalog.releases(Some(site))?)
    }

    /// Removes instances and versions past `retention`: unrouted instances
    /// beyond the newest `retention.instances` per environment and failed
    /// ones, and versions beyond the newest `retention.versions` per site
    /// that no remaining instance holds. Sites with a release under way are
    /// skipped.
    pub fn gc(&mut self, retention: Retention) -> Result<Collected> {
        let mut collected = Collected::default();
        let store = self.repository()?;
        for site in self.catalog.sites()? {
            let Some(_lock) = self.try_lock_releases(&site.name)? else {
                collected.skipped_sites.push(site.name.clone());
                continue;
            };
            self.recover_site(&site.name)?;
            let environments = self.catalog.environments(&site.name)?;
            let serving: BTreeSet<String> = environments
                .iter()
                .filter_map(|e| e.instance.clone())
                .collect();
            let mut standby: BTreeMap<String, usize> = BTreeMap::new();
            let mut remove = Vec::new();
            // Newest first, so the standbys kept are the latest.
            for instance in self.catalog.instances(Some(&site.name))?.into_iter().rev() {
                if serving.contains(&instance.id) {
                    continue;
                }
                let has_env = environments.iter().any(|e| e.name == instance.environment);
                match instance.state {
                    InstanceState::Ready if has_env => {
                        let kept = standby.entry(instance.environment.clone()).or_default();
                        if *kept < retention.instances {
                            *kept += 1;
                            continue;
                        }
                        remove.push(instance);
                    }
                    // Being made by a derive that holds its own lock.
                    InstanceState::Provisioning if has_env => {}
                    _ => remove.push(instance),
                }
            }
            for instance in &remove {
                self.runtime.unpreview(&instance.id)?;
                self.runtime.destroy(&instance.id)?;
                self.catalog.change(|c| -> Result<()> {
                    c.remove_instance(&instance.id)?;
                    Ok(c.event(
                        Some(&site.name),
                        "gc.instance",
                        &format!("instance {} ({}) removed", instance.id, instance.state),
                    )?)
                })?;
                collected.instances.push(instance.id.clone());
            }
            let mut used = BTreeSet::new();
            for instance in self.catalog.instances(Some(&site.name))? {
                if let Some(origin) = self.catalog.origin(&instance.id)? {
                    used.insert(origin.version);
                }
            }
            let versions = self.catalog.versions(&site.name)?;
            let keep_from = versions.len().saturating_sub(retention.versions);
            // The newest version of each environment is the parent of its
            // next draw.
            let mut latest_of_env = BTreeSet::new();
            for v in versions.iter().rev() {
                if !latest_of_env
                    .iter()
                    .any(|(e, _): &(String, String)| *e == v.environment)
                {
                    latest_of_env.insert((v.environment.clone(), v.id.clone()));
                }
            }
            let doomed: Vec<&Version> = versions[..keep_from]
                .iter()
                .filter(|v| !used.contains(&v.id))
                .filter(|v| !latest_of_env.iter().any(|(_, id)| *id == v.id))
                .collect();
            if !doomed.is_empty() {
                let snapshots: Vec<String> = doomed.iter().map(|v| v.snapshot.clone()).collect();
                store.forget(&snapshots).map_err(repo_error)?;
                self.catalog.change(|c| -> Result<()> {
                    for v in &doomed {
                        c.remove_version(&v.id)?;
                    }
                    Ok(c.event(
                        Some(&site.name),
                        "gc.versions",
                        &format!(
                            "versions removed: {}",
                            doomed
                                .iter()
                                .map(|v| v.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )?)
                })?;
                collected
                    .versions
                    .extend(doomed.iter().map(|v| v.id.clone()));
            }
        }
        if !collected.versions.is_empty() {
            store.prune().map_err(repo_error)?;
        }
        Ok(collected)
    }

    /// Cleans up after releases and rollbacks that were interrupted (no
    /// live process holds their site's lock), for every site; returns what
    /// was done, one line each. Sites whose release is under way are left
    /// alone.
    pub fn recover_releases(&mut self) -> Result<Vec<String>> {
        let mut done = Vec::new();
        let running: BTreeSet<String> = self
            .catalog
            .releases(None)?
            .into_iter()
            .filter(|r| r.state == ReleaseState::Running)
            .map(|r| r.site)
            .collect();
        for site in running {
            if let Some(_lock) = self.try_lock_releases(&site)? {
                done.extend(self.recover_site(&site)?);
            }
        }
        Ok(done)
    }

    /// Puts every environment of `site` touched by an interrupted release
    /// back on the instance the catalog names, open for writes, and removes
    /// instances such releases left half made. The caller holds the site's
    /// release lock.
    fn recover_site(&mut self, site: &str) -> Result<Vec<String>> {
        let mut done = Vec::new();
        let network = self
            .catalog
            .site(site)?
            .and_then(|s| s.multisite)
            .map(network_mode);
        for release in self.catalog.releases(Some(site))? {
            if release.state != ReleaseState::Running {
                continue;
            }
            let environment = self.catalog.environment(site, &release.environment)?;
            if let Some(env) = &environment {
                if let Some(serving) = &env.instance {
                    self.route_environment(env, serving, network)?;
                }
            }
            let serving = environment.as_ref().and_then(|e| e.instance.clone());
            let mut message = format!(
                "{} {} of {site}/{} was interrupted; {site}/{} serves {}",
                release.kind,
                release.seq,
                release.environment,
                release.environment,
                serving.as_deref().unwrap_or("nothing")
            );
            let half_made = release
                .to_instance
                .clone()
                .filter(|id| Some(id) != serving.as_ref())
                // A rollback's target is an old instance, not one it made,
                // unless it restored a version into a new one.
                .filter(|_| release.kind == ReleaseKind::Release || release.candidate.is_some());
            if let Some(id) = &half_made {
                self.runtime.unpreview(id)?;
                self.runtime.destroy(id)?;
                message.push_str(&format!(", half-made instance {id} removed"));
            }
            self.catalog.change(|c| -> Result<()> {
                if let Some(id) = &half_made {
                    if c.instance(id)?.is_some() {
                        c.remove_instance(id)?;
                    }
                }
                c.update_release(
                    release.seq,
                    &ReleaseUpdate::ended(ReleaseState::Abandoned, &message),
                )?;
                Ok(c.event(Some(site), "release.abandoned", &message)?)
            })?;
            done.push(message);
        }
        Ok(done)
    }

    /// The instance `site/env` served before `current`: the `from` of the
    /// last switch to `current`, if it is still ready.
    fn previous_instance(&self, site: &str, env: &str, current: &str) -> Result<Instance> {
        let last = self
            .catalog
            .releases(Some(site))?
            .into_iter()
            .rev()
            .find(|r| {
                r.environment == env
                    && r.state == ReleaseState::Done
                    && r.to_instance.as_deref() == Some(current)
            });
        let none = || {
            Error::Invalid(format!(
                "{site}/{env} keeps no instance to go back to; roll back to a version with --to (see `slipway versions {site}`)"
            ))
        };
        let id = last.and_then(|r| r.from_instance).ok_or_else(none)?;
        match self.catalog.instance(&id)? {
            Some(i) if i.state == InstanceState::Ready => Ok(i),
            _ => Err(Error::Invalid(format!(
                "{site}/{env} ran {id} before, which is no longer kept; roll back to a version with --to (see `slipway versions {site}`)"
            ))),
        }
    }

    /// The route of `environment` to `instance`, with the fence and
    /// protection the environment has.
    fn environment_route(
        &self,
        environment: &Environment,
        instance: &str,
        network: Option<NetworkMode>,
    ) -> Result<Route> {
        let protected = self
            .secrets
            .path(
                &environment.site,
                &format!("{}-basic-auth", environment.name),
            )
            .exists();
        let fence = if EnvironmentType::of(&environment.name) == EnvironmentType::Production {
            None
        } else {
            route_fence_for(
                &self.secrets,
                &environment.site,
                &environment.name,
                protected,
            )?
        };
        Ok(Route {
            site: environment.site.clone(),
            environment: environment.name.clone(),
            instance: instance.to_string(),
            hosts: hosts_for(&environment.url, network),
            network,
            fence,
            frozen: false,
        })
    }

    /// Routes `environment` to `instance`, open for writes.
    fn route_environment(
        &self,
        environment: &Environment,
        instance: &str,
        network: Option<NetworkMode>,
    ) -> Result<()> {
        let route = self.environment_route(environment, instance, network)?;
        Ok(self.runtime.route(&route)?)
    }

    fn production(&self, site: &str) -> Result<Environment> {
        self.catalog
            .environment(site, "production")?
            .ok_or_else(|| Error::Invalid(format!("{site} has no production environment")))
    }

    /// Holds `site`'s release lock for this process until dropped; an
    /// error if another process holds it.
    fn lock_releases(&self, site: &str) -> Result<std::fs::File> {
        self.try_lock_releases(site)?.ok_or_else(|| {
            Error::Invalid(format!(
                "another slipway process is releasing or rolling back {site}; wait for it to finish"
            ))
        })
    }

    fn try_lock_releases(&self, site: &str) -> Result<Option<std::fs::File>> {
        let dir = self.work_dir()?.join("locks");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        lock_file(&dir.join(format!("release-{site}.lock")), Wait::No)
    }
}

/// Where a release's code comes from.
enum ReleaseCode {
    /// A version's `code/` and the core its instance ran.
    Version(Box<VersionMeta>),
    /// A lock, every file of it in the code store.
    Locked(LockedCode),
}

impl ReleaseCode {
    /// How history and messages name it.
    fn label(&self) -> String {
        match self {
            ReleaseCode::Version(meta) => meta.id.clone(),
            ReleaseCode::Locked(locked) => format!("the lock {}", locked.lock.display()),
        }
    }

    /// The version, for the catalog's record.
    fn version(&self) -> Option<&str> {
        match self {
            ReleaseCode::Version(meta) => Some(&meta.id),
            ReleaseCode::Locked(_) => None,
        }
    }
}

/// What building a release produced.
struct Built {
    content: String,
    freeze_ms: u64,
    final_draw_ms: u64,
    freeze_steps: Vec<(String, u64)>,
    tables_reloaded: Vec<String>,
    tables_loaded_whole: Vec<String>,
    rows_carried: u64,
    uploads_changed: usize,
    db_version: (String, String),
    health: Vec<PageCheck>,
}

/// Why a release's instance did not switch.
enum Failure {
    /// The health check failed: the pages and the fatal errors logged.
    Unhealthy(Vec<PageCheck>, Vec<String>),
    /// Anything else.
    Error(Error),
}

impl<E: Into<Error>> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Error(e.into())
    }
}

impl<R: Runtime> Drop for Building<'_, R> {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        let platform = &mut *self.platform;
        let id = self.instance.id.clone();
        let _ = platform.runtime.unpreview(&id);
        let _ = platform.runtime.destroy(&id);
        let release = self.release;
        let _ = platform.catalog.change(|c| -> Result<()> {
            c.remove_instance(&id)?;
            c.update_release(
                release,
                &ReleaseUpdate {
                    state: Some(ReleaseState::Failed),
                    ..ReleaseUpdate::default()
                },
            )?;
            Ok(())
        });
    }
}

/// Milliseconds since `start`.
fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn unhealthy_message(checks: &[PageCheck], fatals: &[String]) -> String {
    let mut parts: Vec<String> = checks
        .iter()
        .filter_map(|c| c.problem.as_ref().map(|p| format!("{} {p}", c.url)))
        .collect();
    if let Some(first) = fatals.first() {
        parts.push(format!(
            "PHP logged {} fatal error(s), first: {}",
            fatals.len(),
            first.trim()
        ));
    }
    parts.join("; ")
}

fn network_mode(m: Multisite) -> NetworkMode {
    match m {
        Multisite::Subdomain => NetworkMode::Subdomain,
        Multisite::Subdirectory => NetworkMode::Subdirectory,
    }
}

/// The core a version's instance ran, as the code source of a new one.
pub(crate) fn code_source(meta: &VersionMeta) -> CodeSource {
    if meta.core.join("wp-includes").is_dir() && !meta.core.join("wp-content/uploads").exists() {
        CodeSource::Core(meta.core.clone())
    } else {
        CodeSource::Tree(meta.core.clone())
    }
}

/// Brings `wp_content/uploads` from what `old` holds to what `new` holds:
/// files added or changed are written, files gone are removed. Returns how
/// many files it touched.
fn sync_uploads(
    old: &slipway_repository::Reader,
    new: &slipway_repository::Reader,
    wp_content: &Path,
) -> Result<usize> {
    let listing = |r: &slipway_repository::Reader| -> Result<BTreeMap<PathBuf, String>> {
        let mut files = BTreeMap::new();
        if r.exists(Path::new("uploads")) {
            for e in r.walk(Path::new("uploads")).map_err(repo_error)? {
                if !e.is_dir {
                    files.insert(
                        e.path.clone(),
                        format!("{}:{:?}:{}", e.size, e.mode, e.content),
                    );
                }
            }
        }
        Ok(files)
    };
    let (before, after) = (listing(old)?, listing(new)?);
    let mut touched = 0;
    for (path, print) in &after {
        if before.get(path) == Some(print) {
            continue;
        }
        let dest = wp_content.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
        }
        let temp = dest.with_extension("slipway-part");
        let mut reader = new.open(path).map_err(repo_error)?;
        let mut file = std::fs::File::create(&temp)
            .map_err(|e| Error::io(format!("creating {}", temp.display()), e))?;
        std::io::copy(&mut reader, &mut file)
            .map_err(|e| Error::io(format!("writing {}", temp.display()), e))?;
        std::fs::rename(&temp, &dest)
            .map_err(|e| Error::io(format!("writing {}", dest.display()), e))?;
        touched += 1;
    }
    for path in before.keys() {
        if !after.contains_key(path) {
            let dest = wp_content.join(path);
            match std::fs::remove_file(&dest) {
                Ok(()) => touched += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(format!("removing {}", dest.display()), e)),
            }
        }
    }
    Ok(touched)
}
