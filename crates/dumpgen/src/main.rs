//! `slipway-dumpgen`: writes a realistic WordPress + WooCommerce dump for
//! benchmarks.

use std::fs::File;
use std::io::{self, ErrorKind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use slipway_dumpgen::{generate, parse_size, Config, GenError, InsertLayout, Summary};

/// Writes a seeded, realistic WordPress + WooCommerce database dump in
/// mariadb-dump 10.11's exact format.
#[derive(Debug, Parser)]
#[command(name = "slipway-dumpgen", version, about, long_about = None)]
struct Args {
    /// Approximate size: a number with an optional unit (K, M, G, T are
    /// powers of 1024, also written KiB…; KB, MB… are powers of 1000).
    #[arg(long, default_value = "1GiB", value_parser = parse_size)]
    size: u64,
    /// The site URL used throughout the content.
    #[arg(long, default_value = "https://example.com")]
    url: String,
    /// The seed: the same seed and options give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The WordPress table prefix.
    #[arg(long, default_value = "wp_")]
    prefix: String,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Put each INSERT on one line, as mysqldump and older mariadb-dump do,
    /// instead of one row per line.
    #[arg(long)]
    single_line_inserts: bool,
    /// Print nothing on standard error.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        size: args.size,
        url: args.url,
        seed: args.seed,
        prefix: args.prefix,
        layout: if args.single_line_inserts {
            InsertLayout::SingleLine
        } else {
            InsertLayout::RowPerLine
        },
    };
    let started = Instant::now();
    let result = match &args.output {
        Some(path) => match File::create(path) {
            Ok(file) => generate(&config, file),
            Err(error) => {
                eprintln!("error: cannot create {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => generate(&config, io::stdout().lock()),
    };
    match result {
        Ok(summary) => {
            if !args.quiet {
                report(&summary, started.elapsed().as_secs_f64());
            }
            ExitCode::SUCCESS
        }
        // A reader that stops early (`| head`) is not an error.
        Err(GenError::Write { source, .. }) if source.kind() == ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            match std::error::Error::source(&error) {
                Some(cause) => eprintln!("error: {error}: {cause}"),
                None => eprintln!("error: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn report(summary: &Summary, seconds: f64) {
    let mib = summary.bytes as f64 / f64::from(1 << 20);
    eprintln!(
        "wrote {} bytes ({mib:.1} MiB) in {seconds:.1}s ({:.0} MiB/s): {} articles, {} products, {} orders, {} customers, {} sessions",
        summary.bytes,
        mib / seconds.max(1e-9),
        summary.articles,
        summary.products,
        summary.orders,
        summary.customers,
        summary.sessions,
    );
}
