//! `slipway draw`, `slipway versions`, `slipway version diff` and
//! `slipway env …`.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use slipway_lifecycle::environments::NewEnvironment;

use crate::local::open_platform;

/// `slipway draw SITE/ENV`
#[derive(Debug, Args)]
pub struct DrawArgs {
    /// The environment to draw, `site/env` (`site` alone is production).
    target: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway versions SITE`
#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The site.
    site: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway version …`
#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    /// What changed between two versions: rows added, changed and removed
    /// per table; files added, changed and removed:
    /// slipway version diff shop-v1 shop-v2
    Diff {
        /// The older version.
        a: String,
        /// The newer version.
        b: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `slipway env …`
#[derive(Debug, Subcommand)]
pub enum EnvCommand {
    /// Derive an environment from a version or a fresh draw of another
    /// environment, at its own address, personal data scrubbed and side
    /// effects fenced: slipway env create shop/staging --from production
    Create {
        /// The new environment, `site/env`.
        target: String,
        /// An environment of the site (drawn first) or a version id.
        #[arg(long)]
        from: String,
        /// The host it answers at (default `<env>.<site>.localhost`).
        #[arg(long)]
        domain: Option<String>,
        /// Scrub presets, comma-separated (default: wordpress, and
        /// woocommerce when its tables exist).
        #[arg(long, value_delimiter = ',', conflicts_with = "no_scrub")]
        scrub: Vec<String>,
        /// Keep personal data as it is.
        #[arg(long)]
        no_scrub: bool,
        /// An account the scrub keeps intact (login, email or ID); repeatable.
        #[arg(long = "keep-user", value_name = "USER")]
        keep_users: Vec<String>,
        /// Ask visitors for a generated password (HTTP basic auth).
        #[arg(long)]
        protect: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List a site's environments.
    Ls {
        /// The site.
        site: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove an environment (not production) with its instance; its
    /// versions stay.
    Rm {
        /// `site/env`.
        target: String,
    },
}

/// Runs `slipway draw`.
pub fn draw(args: DrawArgs) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    let drawn = platform.draw(&args.target)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&drawn)?);
    } else {
        println!(
            "drew {} of {} ({} tables read, {} unchanged; {} files changed, {} unchanged; {} new of {} total)",
            drawn.version,
            args.target,
            drawn.tables_read,
            drawn.tables_unchanged,
            drawn.files_changed,
            drawn.files_unchanged,
            bytes(drawn.new_bytes),
            bytes(drawn.total_bytes),
        );
        for item in &drawn.not_captured {
            eprintln!("warning: not captured: {item}");
        }
        match &drawn.offsite {
            Some(status) if status.starts_with("not copied") => eprintln!("warning: {status}"),
            Some(status) => println!("off-site: {status}"),
            None => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `slipway offsite …`
#[derive(Debug, Subcommand)]
pub enum OffsiteCommand {
    /// Copy every version off-site after its draw, to an S3 bucket (keys
    /// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, kept in
    /// repository.toml) or a directory on another disk; made there if
    /// missing, with its own password:
    /// slipway offsite set s3:https://s3.eu-west-1.amazonaws.com/acme/versions
    Set {
        /// restic's location syntax: `s3:[https://]host/bucket[/prefix]`, or
        /// a directory.
        location: String,
    },
    /// Copy the versions the off-site repository lacks (of one site, or of
    /// all): slipway offsite push
    Push {
        /// Only this site's versions.
        site: Option<String>,
    },
}

/// Runs `slipway offsite …`.
pub fn offsite(command: OffsiteCommand) -> Result<ExitCode> {
    let platform = open_platform()?;
    match command {
        OffsiteCommand::Set { location } => {
            let location = platform.set_offsite(&location)?;
            println!(
                "versions are copied to {location} after each draw; `slipway offsite push` copies those drawn before"
            );
        }
        OffsiteCommand::Push { site } => {
            let copied = platform.push_offsite(site.as_deref())?;
            println!(
                "copied {} versions off-site ({} there already)",
                copied.copied, copied.present
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `slipway versions`.
pub fn versions(args: VersionsArgs) -> Result<ExitCode> {
    let platform = open_platform()?;
    let versions = platform.versions(&args.site)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&versions)?);
        return Ok(ExitCode::SUCCESS);
    }
    if versions.is_empty() {
        println!(
            "{} has no versions yet; `slipway draw {}` draws one",
            args.site, args.site
        );
    }
    for v in versions {
        println!(
            "{:<14} {}  from {:<12} parent {:<14} snapshot {}",
            v.id,
            v.created_at,
            v.environment,
            v.parent.as_deref().unwrap_or("-"),
            &v.snapshot[..v.snapshot.len().min(8)]
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `slipway version …`.
pub fn version(command: VersionCommand) -> Result<ExitCode> {
    let platform = open_platform()?;
    match command {
        VersionCommand::Diff { a, b, json } => {
            let diff = platform.diff_versions(&a, &b)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&diff)?);
                return Ok(ExitCode::SUCCESS);
            }
            if diff.tables.is_empty() {
                println!("database: no rows differ");
            }
            for (table, d) in &diff.tables {
                println!(
                    "{table}: {} added, {} changed, {} removed",
                    d.added, d.changed, d.removed
                );
            }
            for (sign, files) in [
                ("+", &diff.files_added),
                ("~", &diff.files_changed),
                ("-", &diff.files_removed),
            ] {
                for file in files {
                    println!("{sign} {file}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `slipway env …`.
pub fn env(command: EnvCommand) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    match command {
        EnvCommand::Create {
            target,
            from,
            domain,
            scrub,
            no_scrub,
            keep_users,
            protect,
            json,
        } => {
            let derived = platform.create_environment(&NewEnvironment {
                target,
                from,
                domain,
                scrub,
                no_scrub,
                keep_users,
                protect,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&derived)?);
            } else {
                println!(
                    "{} serves {} at {} (instance {})",
                    derived.environment, derived.version, derived.url, derived.instance
                );
                println!(
                    "  rewritten: {} values ({} serialized values fixed)",
                    derived.values_rewritten, derived.serialized_fixed
                );
                if derived.scrub_presets.is_empty() {
                    println!("  scrub: none (--no-scrub): personal data is as in the source");
                } else {
                    println!(
                        "  scrubbed with {}: {} values; leak scan: {} left",
                        derived.scrub_presets.join(", "),
                        derived.values_scrubbed,
                        derived.leaks_left
                    );
                }
                println!("  fenced: mail trapped (`slipway mail {}`), search engines and outgoing calls blocked", derived.environment);
                for change in &derived.fence.changes {
                    println!("    {change}");
                }
                if let Some(file) = &derived.password_file {
                    println!("  protected: user and password in {}", file.display());
                }
            }
        }
        EnvCommand::Ls { site, json } => {
            let envs = platform.environments(&site)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&envs)?);
            } else {
                for e in envs {
                    println!(
                        "{:<14} {:<44} {:<24} {}{}",
                        e.name,
                        e.url,
                        e.instance.as_deref().unwrap_or("-"),
                        e.state.map_or("-".to_string(), |s| s.to_string()),
                        if e.fenced { "  fenced" } else { "" }
                    );
                }
            }
        }
        EnvCommand::Rm { target } => {
            platform.remove_environment(&target)?;
            println!("removed {target}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / f64::from(1u32 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
