//! The `slipway` command line: parses, calls the library, renders.

mod carry;
mod code;
mod derive;
mod fleet;
mod kube;
mod local;
mod mail;
mod releases;
mod render;
mod sql;
mod versions;

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
    /// List the mail a fenced environment tried to send, caught by its trap:
    /// slipway mail shop/staging [--show N]
    Mail(mail::MailArgs),
    /// Draw an immutable version of an environment (database, uploads,
    /// code) into the version repository: slipway draw shop/production
    Draw(versions::DrawArgs),
    /// List a site's versions: slipway versions shop
    Versions(versions::VersionsArgs),
    /// Compare versions.
    #[command(subcommand)]
    Version(versions::VersionCommand),
    /// Keep a copy of every version off-site (an S3 bucket or another
    /// disk): slipway offsite set s3:https://host/bucket
    #[command(subcommand)]
    Offsite(versions::OffsiteCommand),
    /// Derive, list and remove environments.
    #[command(subcommand)]
    Env(versions::EnvCommand),
    /// Restore a version into a database (and uploads directory) anywhere,
    /// rewritten to a new address and scrubbed: what a Kubernetes derive
    /// Job runs. slipway derive --repository s3:… --version shop-v3 --url
    /// https://staging.shop.example --database /run/secrets/db …; with
    /// --wait, wait until the database holds it restored and fenced.
    Derive(derive::DeriveArgs),
    /// Copy one database whole into another, from a consistent snapshot:
    /// what a new Kubernetes instance made as a copy of the serving one
    /// runs. slipway carry --from /run/secrets/db-source --database
    /// /run/secrets/db; with --wait, wait until the database holds a copy.
    Carry(carry::CarryArgs),
    /// Release an environment's code (or a version's) to production on
    /// production's latest content, health-gated, with a short write
    /// freeze: slipway release shop --from staging
    Release(releases::ReleaseArgs),
    /// Go back to the instance served before the last release, at once, or
    /// to a version: slipway rollback shop/production [--to shop-v3]
    Rollback(releases::RollbackArgs),
    /// A site's releases and rollbacks: slipway history shop
    History(releases::HistoryArgs),
    /// Remove instances and versions past their retention.
    Gc(releases::GcArgs),
    /// Transform MySQL dumps: rewrite URLs and domains, scrub personal data.
    #[command(subcommand)]
    Sql(Box<sql::SqlCommand>),
    /// Render a site's Kubernetes objects, apply them, or diff them.
    #[command(subcommand)]
    Kube(kube::KubeCommand),
    /// Declare, remove and update a site's plugins (its manifest and lock).
    #[command(subcommand)]
    Plugin(code::PackageCommand),
    /// Declare, remove and update a site's themes (its manifest and lock).
    #[command(subcommand)]
    Theme(code::PackageCommand),
    /// Pin a site's manifest to exact versions and checksums: slipway lock shop
    Lock(code::LockArgs),
    /// Put a site's locked code into an environment, refusing any checksum
    /// that differs from the lock: slipway install shop/staging
    Install(code::InstallArgs),
    /// Code trees from a code store elsewhere.
    #[command(subcommand)]
    Code(code::CodeCommand),
    /// Update a package across every site that declares it, in waves of
    /// releases: slipway fleet update akismet --to 5.3.1 --canary 10
    #[command(subcommand)]
    Fleet(fleet::FleetCommand),
    /// Compare instances' code with their lock and look for code in uploads
    /// (exit 3 if anything drifted): slipway verify --all
    Verify(code::VerifyArgs),
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
        Command::Mail(args) => mail::run(args),
        Command::Draw(args) => versions::draw(args),
        Command::Versions(args) => versions::versions(args),
        Command::Version(command) => versions::version(command),
        Command::Offsite(command) => versions::offsite(command),
        Command::Env(command) => versions::env(command),
        Command::Release(args) => releases::release(args),
        Command::Rollback(args) => releases::rollback(args),
        Command::History(args) => releases::history(args),
        Command::Gc(args) => releases::gc(args),
        Command::Plugin(command) => code::package(slipway_manifest::Kind::Plugin, command),
        Command::Theme(command) => code::package(slipway_manifest::Kind::Theme, command),
        Command::Lock(args) => code::lock(args),
        Command::Install(args) => code::install(args),
        Command::Verify(args) => code::verify(args),
        Command::Code(command) => code::code(command),
        Command::Derive(args) => derive::derive(args),
        Command::Carry(args) => carry::carry(args),
        Command::Fleet(command) => fleet::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
