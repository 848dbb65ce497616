//! The `slipway` command line: parses, calls the library, renders.

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
    /// Transform MySQL dumps: rewrite URLs and domains, scrub personal data.
    #[command(subcommand)]
    Sql(sql::SqlCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sql(command) => sql::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
