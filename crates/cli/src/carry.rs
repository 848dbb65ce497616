//! `slipway carry`: one database copied whole into another, read in a
//! consistent snapshot while its site goes on writing. It needs no state
//! directory or catalog: it is what a new Kubernetes instance of an
//! environment starts from (`copy_of`), a copy of the instance that serves,
//! which the install Job then upgrades to the new instance's code.
//!
//! `slipway carry --wait` copies nothing: it waits until a database holds a
//! whole copy, and is what such an instance's pods run before WordPress
//! starts.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::derive::{load, poll, query_rows, Connection};

/// The table saying a database holds a whole copy, and of which database:
/// written last, in a transaction of its own, and never copied itself (a
/// copy of a copy must not look finished before it is). The install Job
/// sets its `upgraded` once the copy runs the instance's code, and drops
/// it from an instance that is no copy.
const COPY_MARKER: &str = "slipway_copy";

/// `slipway carry`
#[derive(Debug, Args)]
pub struct CarryArgs {
    /// Copy nothing: wait until --database holds a whole copy, and fail
    /// after --timeout (what the pods of an instance made as a copy run
    /// before they start).
    #[arg(long, conflicts_with = "from")]
    wait: bool,
    /// With --wait: how long to wait, in seconds, before failing
    /// [default: 600].
    #[arg(long, value_name = "SECONDS", requires = "wait")]
    timeout: Option<u64>,
    /// With --wait: seconds between looks at the database [default: 5].
    #[arg(long, value_name = "SECONDS", requires = "wait")]
    interval: Option<u64>,
    /// The database to copy, as a directory of connection files (`host`,
    /// `port`, `database`, `username`, `password`: a mounted Secret). It is
    /// only read, in one read-only snapshot.
    #[arg(long, value_name = "DIR", required_unless_present = "wait")]
    from: Option<PathBuf>,
    /// The database to copy into, as a directory of connection files. Its
    /// tables of the same names are replaced.
    #[arg(long, value_name = "DIR")]
    database: PathBuf,
}

/// `slipway carry`
pub fn carry(args: CarryArgs) -> Result<ExitCode> {
    let target = Connection::read(&args.database)?;
    let what = format!(
        "database {} at {}:{}",
        target.database, target.host, target.port
    );
    let Some(from) = &args.from else {
        poll(
            &format!("{what} to hold a whole copy"),
            args.timeout,
            args.interval,
            || match copy_state(&target) {
                Ok(Some((_, true))) => None,
                Ok(Some((source, false))) => Some(format!(
                    "the copy of {source} is in; the install Job has not upgraded it yet"
                )),
                Ok(None) => Some("no copy is finished in it yet".into()),
                Err(e) => Some(format!("it cannot be read: {e:#}")),
            },
            |waited, reason| {
                anyhow::anyhow!(
                    "{what} holds no whole copy after {waited}s: {reason}; the install Job copies it (see its logs), and this wait starts again when its pod restarts"
                )
            },
        )?;
        println!("{what} holds a whole copy, upgraded");
        return Ok(ExitCode::SUCCESS);
    };
    // A Job runs again whenever its pod changes: a database that holds a
    // copy already is left alone, and the site written since is not
    // copied over it.
    if let Some((source, _)) =
        copy_state(&target).with_context(|| format!("reading {COPY_MARKER} of {what}"))?
    {
        println!("{what} holds a whole copy of {source} already; nothing copied");
        return Ok(ExitCode::SUCCESS);
    }
    let source = Connection::read(from)?;
    let mut snapshot = slipway_mysql::Snapshot::begin(&source.access())?;
    let (tables, others) = snapshot.tables()?;
    let (objects, hidden) = snapshot.objects()?;
    for name in others.iter().chain(&hidden) {
        println!("not copied: {name}");
    }
    let tables: Vec<_> = tables
        .into_iter()
        .filter(|t| t.name != COPY_MARKER)
        .collect();
    let (rows, bytes) = load(&target, |out| {
        let (mut rows, mut bytes) = (0, 0);
        for table in &tables {
            let (_, dumped) = snapshot.dump_table(table, &mut *out)?;
            rows += dumped.rows;
            bytes += dumped.bytes;
        }
        if !objects.is_empty() {
            out.write_all(&slipway_mysql::objects::write_objects(objects)?)?;
        }
        // Last, in a transaction of its own: only a whole copy says so.
        writeln!(
            out,
            "CREATE TABLE IF NOT EXISTS `{COPY_MARKER}` (source VARCHAR(255) NOT NULL, upgraded TINYINT NOT NULL DEFAULT 0) ENGINE=InnoDB;\nSTART TRANSACTION;\nDELETE FROM `{COPY_MARKER}`;\nINSERT INTO `{COPY_MARKER}` (source) VALUES ({});\nCOMMIT;",
            slipway_lifecycle::restore::sql_string(&format!(
                "{} at {}",
                source.database, source.host
            ))
        )?;
        Ok((rows, bytes))
    })?;
    snapshot.finish()?;
    println!(
        "copied database {} at {}:{} into {what}: {} tables, {rows} rows, {bytes} bytes",
        source.database,
        source.host,
        source.port,
        tables.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The database `connection`'s holds a whole copy of, and whether the
/// install Job has upgraded that copy since, if it holds one.
fn copy_state(connection: &Connection) -> Result<Option<(String, bool)>> {
    let rows = query_rows(
        connection,
        &format!("SELECT source, upgraded FROM `{COPY_MARKER}` LIMIT 1"),
    )?;
    Ok(rows.and_then(|rows| {
        let (source, upgraded) = rows.lines().next()?.split_once('\t')?;
        Some((source.to_string(), upgraded == "1"))
    }))
}
