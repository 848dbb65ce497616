//! The catalog's schema and its migrations.
//!
//! `PRAGMA user_version` holds how many entries of [`MIGRATIONS`] a catalog
//! has had applied. Entries are never edited once released: a change to the
//! schema is a new entry appended at the end, so every catalog ever written
//! reaches the same schema by the same steps.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{CatalogError, Context};

/// The migrations, in order; entry `i` takes a catalog from version `i` to
/// version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: sites, environments, instances, events.
    //
    // `instances` comes before `environments` because environments point at
    // their current instance; instances name their environment without a
    // foreign key, so that removing an environment does not erase the record
    // of instances whose resources may still need cleaning up. Events have no
    // foreign key either: the history outlives what it describes.
    "
    CREATE TABLE sites (
        name TEXT NOT NULL PRIMARY KEY,
        title TEXT NOT NULL,
        multisite TEXT NULL CHECK (multisite IN ('subdomain', 'subdirectory')),
        table_prefix TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE instances (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL REFERENCES sites (name) ON DELETE CASCADE,
        environment TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('provisioning', 'ready', 'failed', 'retired')),
        dir TEXT NOT NULL,
        db_name TEXT NOT NULL,
        db_user TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX instances_by_site ON instances (site);

    CREATE TABLE environments (
        site TEXT NOT NULL REFERENCES sites (name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        instance TEXT NULL REFERENCES instances (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (site, name)
    ) STRICT;
    CREATE INDEX environments_by_instance ON environments (instance);

    CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        site TEXT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_site ON events (site, seq);
    ",
    // 2: versions. A version outlives the instance it was drawn from (it is
    // a backup), so `instance` has no foreign key; `parent` names the
    // version it was drawn after, whose unchanged files it shares.
    "
    CREATE TABLE versions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL REFERENCES sites (name) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        environment TEXT NOT NULL,
        instance TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        parent TEXT NULL,
        position TEXT NULL,
        created_at TEXT NOT NULL,
        meta TEXT NOT NULL,
        UNIQUE (site, number)
    ) STRICT;
    CREATE INDEX versions_by_site ON versions (site, number);
    ",
    // 3: releases and rollbacks, and where each instance's content came
    // from. A release's record outlives its instances (it is history), so
    // it names them without foreign keys; `state` 'running' with no live
    // process holding the site's release lock is a release to recover.
    // `origins` says which version an instance was restored from and where
    // its database's change log stood once it was, so that changes made in
    // the instance afterwards can be told apart from what it was given.
    "
    CREATE TABLE releases (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        site TEXT NOT NULL,
        environment TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('release', 'rollback')),
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'abandoned')),
        from_instance TEXT NULL,
        to_instance TEXT NULL,
        candidate TEXT NULL,
        checkpoint TEXT NULL,
        content TEXT NULL,
        freeze_ms INTEGER NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NULL,
        message TEXT NOT NULL
    ) STRICT;
    CREATE INDEX releases_by_site ON releases (site, seq);

    CREATE TABLE origins (
        instance TEXT NOT NULL PRIMARY KEY,
        version TEXT NOT NULL,
        position TEXT NULL
    ) STRICT;
    ",
];

/// The schema version this build writes: the number of migrations.
// The list is a few entries long, so the cast cannot truncate.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads `PRAGMA user_version`.
pub(crate) fn version(conn: &Connection, location: &str) -> Result<u32, CatalogError> {
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .context(|| format!("reading the schema version of the catalog {location}"))?;
    u32::try_from(found).map_err(|_| CatalogError::InvalidSchema {
        location: location.to_owned(),
        found,
    })
}

/// Brings the catalog to [`SCHEMA_VERSION`], all migrations in one
/// transaction so that a crash leaves the previous version intact.
pub(crate) fn migrate(conn: &mut Connection, location: &str) -> Result<(), CatalogError> {
    // The common case, an up-to-date catalog, is settled without taking the
    // write lock, so opening does not wait behind another process's change.
    if check(version(conn, location)?, location)? {
        return Ok(());
    }
    // Immediate, so that of two processes opening a new catalog at once one
    // migrates and the other then sees the result, instead of both reading
    // version 0 and failing on the upgrade to a write lock.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context(|| format!("starting the migration of the catalog {location}"))?;
    let found = version(&tx, location)?;
    if check(found, location)? {
        return Ok(());
    }
    for (next, sql) in (1i64..).zip(MIGRATIONS).skip(found as usize) {
        tx.execute_batch(sql)
            .context(|| format!("migrating the catalog {location} to schema version {next}"))?;
        tx.pragma_update(None, "user_version", next)
            .context(|| format!("recording schema version {next} in the catalog {location}"))?;
    }
    tx.commit()
        .context(|| format!("committing the migration of the catalog {location}"))
}

/// Whether `found` is already the latest version; an error if it is newer.
fn check(found: u32, location: &str) -> Result<bool, CatalogError> {
    if found > SCHEMA_VERSION {
        return Err(CatalogError::NewerSchema {
            location: location.to_owned(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(found == SCHEMA_VERSION)
}
