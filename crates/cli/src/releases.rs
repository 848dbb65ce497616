//! `slipway release`, `slipway rollback`, `slipway history` and
//! `slipway gc`.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use slipway_lifecycle::releases::{CandidateChanges, ReleaseOutcome, Retention};

use crate::local::open_platform;

/// `slipway release SITE --from ENV|VERSION`
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The site whose production is released to.
    site: String,
    /// Where the code comes from: an environment of the site (a version of
    /// it is drawn first) or a version id.
    #[arg(long)]
    from: String,
    /// Show the plan and what the candidate changed in its database;
    /// change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway rollback SITE/ENV [--to VERSION]`
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The environment, `site/env` (`site` alone is production).
    target: String,
    /// Restore this version into a new instance instead of going back to
    /// the instance served before.
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway history SITE`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The site.
    site: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway gc`
#[derive(Debug, Args)]
pub struct GcArgs {
    /// Unrouted instances kept per environment for rollback.
    #[arg(long, default_value_t = Retention::default().instances)]
    keep_instances: usize,
    /// Versions kept per site, newest first (besides those an instance
    /// holds and each environment's latest).
    #[arg(long, default_value_t = Retention::default().versions)]
    keep_versions: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `slipway release`.
pub fn release(args: ReleaseArgs) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    let outcome = platform.release(&args.site, &args.from, args.dry_run)?;
    // Said on standard error whatever the format: nothing is dropped
    // silently.
    match &outcome {
        ReleaseOutcome::Planned(plan) => print_not_carried(&plan.not_carried),
        ReleaseOutcome::Released(r) => print_not_carried(&r.not_carried),
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
        return Ok(ExitCode::SUCCESS);
    }
    match outcome {
        ReleaseOutcome::Planned(plan) => {
            println!(
                "release of {} to {}/production (now {}), nothing done:",
                plan.candidate, plan.site, plan.production_instance
            );
            for (i, step) in plan.steps.iter().enumerate() {
                println!("  {}. {step}", i + 1);
            }
        }
        ReleaseOutcome::Released(r) => {
            println!(
                "released {} to {}/production: now {} (content {}), {} kept for rollback",
                r.candidate, r.site, r.instance, r.content, r.previous_instance
            );
            println!(
                "  checkpoint {}; writes refused for {} ms; {} table(s) and {} upload(s) written meanwhile carried over",
                r.checkpoint,
                r.freeze_ms,
                r.tables_reloaded.len(),
                r.uploads_changed
            );
            if !r.tables_reloaded.is_empty() {
                println!(
                    "  {} row(s) changed carried over{}",
                    r.rows_carried,
                    if r.tables_loaded_whole.is_empty() {
                        String::new()
                    } else {
                        format!("; loaded whole: {}", r.tables_loaded_whole.join(", "))
                    }
                );
            }
            if r.db_version.0 != r.db_version.1 {
                println!(
                    "  database upgraded from {} to {}",
                    r.db_version.0, r.db_version.1
                );
            }
            for check in &r.health {
                println!("  health: {} {}", check.status, check.url);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Says what a release does not carry from the candidate's database.
fn print_not_carried(changes: &CandidateChanges) {
    if !changes.known {
        eprintln!(
            "note: what the candidate changed in its own database is not known ({}); its database changes are not carried",
            changes.reason.as_deref().unwrap_or("no record")
        );
    } else if changes.schema_changed {
        eprintln!("warning: the candidate changed its database schema; that is not carried");
    }
    if !changes.tables.is_empty() {
        eprintln!(
            "warning: not carried (production's content is released, not the candidate's): rows the candidate wrote in {}",
            changes.tables.join(", ")
        );
    }
}

/// Runs `slipway rollback`.
pub fn rollback(args: RollbackArgs) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    let target = if args.target.contains('/') {
        args.target.clone()
    } else {
        format!("{}/production", args.target)
    };
    let done = platform.rollback(&target, args.to.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        match (&done.version, &done.checkpoint) {
            (Some(version), Some(checkpoint)) => println!(
                "{} restored from {version} into {}; what it held before is {checkpoint}",
                done.environment, done.instance
            ),
            _ => println!(
                "{} back on {}; {} is kept, with what was written on it",
                done.environment, done.instance, done.previous_instance
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `slipway history`.
pub fn history(args: HistoryArgs) -> Result<ExitCode> {
    let platform = open_platform()?;
    let releases = platform.history(&args.site)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&releases)?);
        return Ok(ExitCode::SUCCESS);
    }
    if releases.is_empty() {
        println!("{} has had no release or rollback", args.site);
    }
    for r in releases {
        let switch = format!(
            "{} -> {}",
            r.from_instance.as_deref().unwrap_or("-"),
            r.to_instance.as_deref().unwrap_or("-")
        );
        let versions = [
            r.candidate.as_deref().map(|v| format!("code {v}")),
            r.content.as_deref().map(|v| format!("content {v}")),
            r.checkpoint.as_deref().map(|v| format!("checkpoint {v}")),
            r.freeze_ms.map(|ms| format!("frozen {ms} ms")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        println!(
            "{:>4}  {}  {:<8} {:<9} {}/{}  {switch}  {versions}",
            r.seq, r.started_at, r.kind, r.state, r.site, r.environment
        );
        if !r.message.is_empty() && r.state.as_str() != "done" {
            println!("      {}", r.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `slipway gc`.
pub fn gc(args: GcArgs) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    let collected = platform.gc(Retention {
        instances: args.keep_instances,
        versions: args.keep_versions,
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&collected)?);
    } else {
        println!(
            "removed {} instance(s){} and {} version(s){}",
            collected.instances.len(),
            list(&collected.instances),
            collected.versions.len(),
            list(&collected.versions)
        );
        for site in &collected.skipped_sites {
            eprintln!("skipped {site}: a release of it is under way");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" ({})", items.join(", "))
    }
}
