//! `slipway sql rewrite | scrub | transform`.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use slipway_rewrite::{Mapping, Rewriter};
use slipway_scrub::{Policy, ScrubKey, Scrubber};
use slipway_transform::{Options, Transform};

use crate::render;

/// Exit code when `--strict` finds keys that no scrub rule covers.
const EXIT_STRICT: u8 = 3;

#[derive(Debug, Subcommand)]
pub enum SqlCommand {
    /// Rewrite URLs and domains in a dump, keeping PHP-serialized values valid.
    ///
    /// Each URL is matched in its plain, JSON-escaped, URL-encoded and
    /// protocol-relative forms; lengths inside serialized values are
    /// recomputed.
    ///
    /// Example: slipway sql rewrite dump.sql -o staging.sql --map https://example.com=https://staging.example.org
    Rewrite {
        #[command(flatten)]
        io: IoArgs,
        #[command(flatten)]
        rewrite: RewriteArgs,
    },
    /// Scrub personal data from a dump with presets or a policy file.
    ///
    /// Example: slipway sql scrub dump.sql -o scrubbed.sql --preset wordpress,woocommerce
    Scrub {
        #[command(flatten)]
        io: IoArgs,
        #[command(flatten)]
        scrub: ScrubArgs,
    },
    /// Rewrite and scrub in one pass.
    ///
    /// Example: slipway sql transform dump.sql -o staging.sql --map https://example.com=https://staging.example.org --preset all
    Transform {
        #[command(flatten)]
        io: IoArgs,
        #[command(flatten)]
        rewrite: RewriteArgs,
        #[command(flatten)]
        scrub: ScrubArgs,
    },
}

#[derive(Debug, Args)]
pub struct IoArgs {
    /// The dump to read; `-` or nothing reads standard input.
    input: Option<PathBuf>,
    /// Where to write the result; standard output when not given. The file
    /// appears only once the whole dump was transformed.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Transform without writing anything; print the report.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Values larger than this many MiB are streamed instead of held whole:
    /// rewritten as plain text, never scrubbed.
    #[arg(long, value_name = "MIB", default_value_t = 8)]
    max_value_size: usize,
}

#[derive(Debug, Args)]
pub struct RewriteArgs {
    /// A URL or host to replace, as FROM=TO (repeatable).
    #[arg(long = "map", value_name = "FROM=TO")]
    maps: Vec<String>,
    /// A file of FROM=TO (or `FROM TO`) lines; `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    map_file: Option<PathBuf>,
    /// Rewrite `guid` columns too (WordPress asks to keep them).
    #[arg(long)]
    include_guid: bool,
    /// Only rewrite these tables (comma-separated; `*` is a wildcard).
    #[arg(long, value_delimiter = ',', value_name = "TABLES")]
    tables: Vec<String>,
    /// Never rewrite these tables.
    #[arg(long, value_delimiter = ',', value_name = "TABLES")]
    exclude_tables: Vec<String>,
    /// Never rewrite these columns, as TABLE.COLUMN.
    #[arg(long, value_delimiter = ',', value_name = "TABLE.COLUMN")]
    exclude_columns: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ScrubArgs {
    /// Scrub presets, comma-separated: wordpress, woocommerce, gravityforms,
    /// contact-form-7, wpforms, or all.
    #[arg(long, value_delimiter = ',', value_name = "PRESETS")]
    preset: Vec<String>,
    /// A policy file (TOML) with rules of your own, added to the presets.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The 64-hex-digit key for pseudonyms (or SLIPWAY_SCRUB_KEY). The same
    /// key gives the same pseudonyms in every run; without one a random key
    /// is used.
    #[arg(
        long,
        value_name = "HEX",
        env = "SLIPWAY_SCRUB_KEY",
        hide_env_values = true
    )]
    key: Option<String>,
    /// Accounts kept intact, by user ID, login or email (repeatable).
    #[arg(long = "keep-user", value_name = "USER")]
    keep_users: Vec<String>,
    /// The WordPress table prefix, when it cannot be recognised.
    #[arg(long, value_name = "PREFIX")]
    table_prefix: Option<String>,
    /// List meta and option keys that no rule covers, and exit with code 3
    /// when there are any.
    #[arg(long)]
    strict: bool,
}

pub fn run(command: SqlCommand) -> Result<ExitCode> {
    let (io, rewrite, scrub) = match command {
        SqlCommand::Rewrite { io, rewrite } => (io, Some(rewrite), None),
        SqlCommand::Scrub { io, scrub } => (io, None, Some(scrub)),
        SqlCommand::Transform { io, rewrite, scrub } => (io, Some(rewrite), Some(scrub)),
    };
    let mut options = Options {
        lexer: slipway_sqldump::Options {
            max_token: io.max_value_size.max(1) << 20,
            ..Default::default()
        },
        ..Options::default()
    };
    let rewriter = match rewrite {
        Some(args) => {
            options.include_guid = args.include_guid;
            options.only_tables = args.tables.clone();
            options.skip_tables = args.exclude_tables.clone();
            options.skip_columns = args.exclude_columns.clone();
            Some(build_rewriter(&args)?)
        }
        None => None,
    };
    let strict = scrub.as_ref().is_some_and(|s| s.strict);
    let scrubber = scrub.as_ref().map(build_scrubber).transpose()?;
    let mut transform = Transform::new(rewriter, scrubber, options);

    let input_path = io.input.as_deref().filter(|p| *p != Path::new("-"));
    if let (Some(path), Some(args)) = (input_path, scrub.as_ref()) {
        if !args.keep_users.is_empty() {
            if let Some(scrubber) = transform.scrubber_mut() {
                crate::render::keep_users_from_prepass(path, scrubber)?;
            }
        }
    }

    let (input, size): (Box<dyn Read>, Option<u64>) = match input_path {
        Some(path) => {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(file), size)
        }
        None => (Box::new(io::stdin().lock()), None),
    };
    let bar = progress_bar(size);
    let mut on_progress = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let input = BufReader::with_capacity(1 << 16, input);

    let (report, leaks) = if io.dry_run {
        transform.run(input, io::sink(), &mut on_progress)?
    } else if let Some(path) = io.output.as_ref().filter(|p| is_special_file(p)) {
        // A device or pipe (`/dev/null`, a FIFO) is written in place: renaming
        // a temporary file over it would replace it.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        transform.run(input, file, &mut on_progress)?
    } else if let Some(path) = &io.output {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp = tempfile::Builder::new()
            .prefix(".slipway-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let writer = temp.as_file();
        let result = transform.run(input, writer, &mut on_progress);
        let result = result.with_context(|| format!("{} was not written", path.display()))?;
        temp.persist(path)
            .with_context(|| format!("cannot move the result to {}", path.display()))?;
        result
    } else {
        // Standard output as a plain file: the transform buffers in large
        // blocks, which Rust's line-buffered stdout would search for
        // newlines and copy again.
        let stdout = std::fs::File::from(
            std::os::fd::AsFd::as_fd(&io::stdout())
                .try_clone_to_owned()
                .context("cannot use standard output")?,
        );
        transform.run(input, stdout, &mut on_progress)?
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let uncovered = if strict {
        transform
            .scrubber_mut()
            .map(|s| s.uncovered_keys())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let rendered = render::Rendered {
        report: &report,
        leaks: leaks.as_ref(),
        uncovered: strict.then_some(uncovered.as_slice()),
    };
    if let Some(path) = &io.report {
        let json = serde_json::to_vec_pretty(&rendered.to_json())?;
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let text = if io.json {
        serde_json::to_string_pretty(&rendered.to_json())? + "\n"
    } else {
        rendered.to_text()
    };
    // The report must not mix with a dump written to standard output.
    if io.output.is_none() && !io.dry_run {
        io::stderr().write_all(text.as_bytes())?;
    } else {
        io::stdout().write_all(text.as_bytes())?;
    }
    if strict && !uncovered.is_empty() {
        return Ok(ExitCode::from(EXIT_STRICT));
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether `path` exists and is not a regular file.
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn progress_bar(size: Option<u64>) -> Option<ProgressBar> {
    let size = size?;
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(size);
    let style = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}

fn build_rewriter(args: &RewriteArgs) -> Result<Rewriter> {
    let mut pairs = Vec::new();
    for map in &args.maps {
        pairs.push(parse_pair(map).with_context(|| format!("--map {map}"))?);
    }
    if let Some(path) = &args.map_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let pair = if line.contains('=') {
                parse_pair(line)
            } else {
                parse_pair(&line.split_whitespace().collect::<Vec<_>>().join("="))
            };
            pairs.push(pair.with_context(|| format!("{}, line {}", path.display(), number + 1))?);
        }
    }
    if pairs.is_empty() {
        bail!("nothing to rewrite: give --map FROM=TO or --map-file FILE");
    }
    Ok(Rewriter::new(&pairs)?)
}

fn parse_pair(text: &str) -> Result<Mapping> {
    let Some((from, to)) = text.split_once('=') else {
        bail!("expected FROM=TO, got `{text}`");
    };
    let (from, to) = (from.trim(), to.trim());
    if from.is_empty() || to.is_empty() {
        bail!("expected FROM=TO with both sides, got `{text}`");
    }
    Ok(Mapping {
        from: from.to_owned(),
        to: to.to_owned(),
    })
}

fn build_scrubber(args: &ScrubArgs) -> Result<Scrubber> {
    let presets: Vec<&str> = if args.preset.is_empty() && args.policy.is_none() {
        vec!["wordpress"]
    } else {
        args.preset.iter().map(String::as_str).collect()
    };
    let mut policy = Policy::default();
    for name in presets {
        if name == "all" {
            for preset in Policy::preset_names() {
                policy.extend(Policy::preset(preset)?);
            }
        } else {
            policy.extend(Policy::preset(name)?);
        }
    }
    if let Some(path) = &args.policy {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        policy.extend(Policy::from_toml(&text).with_context(|| format!("in {}", path.display()))?);
    }
    let key = match &args.key {
        Some(hex) => ScrubKey::from_hex(hex).context("--key must be 64 hexadecimal digits")?,
        None => {
            eprintln!(
                "note: no --key given: a random key is used, so pseudonyms differ from other runs"
            );
            let mut bytes = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
            ScrubKey::from_bytes(bytes)
        }
    };
    let options = slipway_scrub::Options {
        keep_users: args.keep_users.clone(),
        strict: args.strict,
        table_prefix: args.table_prefix.clone(),
    };
    Ok(Scrubber::new(policy, key, options)?)
}
