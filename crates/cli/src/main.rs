//! The `slipway` command line: parses, calls the library, renders.

mod kube;
mod local;
mod render;
mod sql;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// slipway runs WordPress as a product: many sites, each with production,
/// staging and development environments, managed through their whole life.
#[derive(Debug, Parser)]
#[command(name = "slipway", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the local services (MariaDB, Redis, PHP-FPM, nginx, cron);
    /// running ones are left alone.
    Up,
    /// Stop the local services.
    Down,
    /// Show each local service: pid, address, health (exit 3 if any is not
    /// healthy).
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create, import, list and remove sites.
    #[command(subcommand)]
    Site(local::SiteCommand),
    /// Run PHP with WordPress loaded in an instance: slipway php shop -- script.php
    Php(local::PhpArgs),
    /// WordPress' scheduled events.
    #[command(subcommand)]
    Cron(local::CronCommand),
    /// Transform MySQL dumps: rewrite URLs and domains, scrub personal data.
    #[command(subcommand)]
    Sql(Box<sql::SqlCommand>),
    /// Render a site's Kubernetes objects, apply them, or diff them.
    #[command(subcommand)]
    Kube(kube::KubeCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Up => local::up(),
        Command::Down => local::down(),
        Command::Status { json } => local::status(json),
        Command::Site(command) => local::site(command),
        Command::Php(args) => local::php(args),
        Command::Cron(command) => local::cron(command),
        Command::Sql(command) => sql::run(*command),
        Command::Kube(command) => kube::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
