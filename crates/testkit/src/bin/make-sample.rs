//! Regenerates the bundled sample dump, `examples/sample.sql`: a real
//! WordPress site at `https://shop.example.com`, installed and filled by the
//! test kit (sample content and WooCommerce-shaped data, pretty permalinks),
//! dumped with `mariadb-dump`.
//!
//! Usage: `cargo run -p slipway-testkit --bin slipway-make-sample -- OUTPUT.sql`

use anyhow::{bail, Context, Result};
use slipway_testkit::{Components, MariaDb, WordPressSite};
use std::path::PathBuf;
use std::process::ExitCode;

/// The sample site's address.
const URL: &str = "https://shop.example.com";

/// The sample ships with the repository, so it must stay small.
const MAX_BYTES: usize = 300 * 1024;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("slipway-make-sample: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let output = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: slipway-make-sample OUTPUT.sql")?;
    let components = Components::find()?;
    let db = MariaDb::start_with(&components)?;
    let work = tempfile::tempdir().context("creating a work directory")?;
    let site = WordPressSite::install(&db, "shop", URL, &work.path().join("site"))?;
    site.add_woocommerce_data()?;
    // Most live sites use pretty permalinks, and the rewrite rules WordPress
    // then stores are one of the largest serialized options there are.
    site.php(
        "global $wp_rewrite; $wp_rewrite->set_permalink_structure('/%postname%/'); flush_rewrite_rules(false);",
    )?;
    // Without the date, regenerating an unchanged sample changes fewer lines.
    let dump = db.dump_with("shop", &["--skip-dump-date"])?;
    if dump.len() > MAX_BYTES {
        bail!(
            "the dump is {} bytes, over the {MAX_BYTES} bytes a bundled sample may take",
            dump.len()
        );
    }
    std::fs::write(&output, &dump).with_context(|| format!("writing {}", output.display()))?;
    println!(
        "wrote {} ({} bytes): WordPress at {URL}, dumped by mariadb-dump",
        output.display(),
        dump.len()
    );
    Ok(())
}
