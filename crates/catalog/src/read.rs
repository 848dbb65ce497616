//! Queries shared by [`Catalog`](crate::Catalog) and
//! [`Change`](crate::Change): both hand over a connection (a transaction
//! derefs to one), so each row is mapped in exactly one place.

use std::path::PathBuf;
use std::str::FromStr;

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CatalogError, Context, Subject};
use crate::model::{
    Environment, Event, Instance, InstanceState, Multisite, Origin, Release, ReleaseKind,
    ReleaseState, Site, Version,
};

const SITE_COLUMNS: &str = "name, title, multisite, table_prefix, created_at";
const ENVIRONMENT_COLUMNS: &str = "site, name, url, instance, created_at";
const INSTANCE_COLUMNS: &str = "id, site, environment, state, dir, db_name, db_user, created_at";
const EVENT_COLUMNS: &str = "seq, at, site, kind, message";
const RELEASE_COLUMNS: &str = "seq, site, environment, kind, state, from_instance, to_instance, \
     candidate, checkpoint, content, freeze_ms, started_at, finished_at, message";
const VERSION_COLUMNS: &str =
    "id, site, number, environment, instance, snapshot, parent, position, created_at, meta";

/// Parses a text column into one of our enums, reporting a bad value as
/// SQLite's conversion error so it carries the column's position.
fn parse_column<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    text.parse().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error))
    })
}

fn site_from_row(row: &Row<'_>) -> rusqlite::Result<Site> {
    let multisite: Option<String> = row.get(2)?;
    Ok(Site {
        name: row.get(0)?,
        title: row.get(1)?,
        multisite: match multisite {
            Some(_) => Some(parse_column::<Multisite>(row, 2)?),
            None => None,
        },
        table_prefix: row.get(3)?,
        created_at: row.get(4)?,
    })
}

fn environment_from_row(row: &Row<'_>) -> rusqlite::Result<Environment> {
    Ok(Environment {
        site: row.get(0)?,
        name: row.get(1)?,
        url: row.get(2)?,
        instance: row.get(3)?,
        created_at: row.get(4)?,
    })
}

fn instance_from_row(row: &Row<'_>) -> rusqlite::Result<Instance> {
    Ok(Instance {
        id: row.get(0)?,
        site: row.get(1)?,
        environment: row.get(2)?,
        state: parse_column::<InstanceState>(row, 3)?,
        dir: PathBuf::from(row.get::<_, String>(4)?),
        db_name: row.get(5)?,
        db_user: row.get(6)?,
        created_at: row.get(7)?,
    })
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: row.get(0)?,
        at: row.get(1)?,
        site: row.get(2)?,
        kind: row.get(3)?,
        message: row.get(4)?,
    })
}

pub(crate) fn sites(conn: &Connection) -> Result<Vec<Site>, CatalogError> {
    let doing = || "listing the sites in the catalog".to_owned();
    let mut statement = conn
        .prepare_cached(&format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY name"))
        .context(doing)?;
    let rows = statement.query_map([], site_from_row).context(doing)?;
    rows.collect::<rusqlite::Result<_>>().context(doing)
}

pub(crate) fn site(conn: &Connection, name: &str) -> Result<Option<Site>, CatalogError> {
    conn.prepare_cached(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE name = ?1"))
        .and_then(|mut statement| statement.query_row([name], site_from_row).optional())
        .context(|| format!("reading site {name} from the catalog"))
}

/// Fails with [`CatalogError::NotFound`] unless the site exists, so that
/// listings of a misspelt site say so instead of coming back empty.
pub(crate) fn require_site(conn: &Connection, name: &str) -> Result<Site, CatalogError> {
    site(conn, name)?.ok_or_else(|| CatalogError::NotFound(Subject::site(name)))
}

pub(crate) fn environments(
    conn: &Connection,
    site: &str,
) -> Result<Vec<Environment>, CatalogError> {
    require_site(conn, site)?;
    let doing = || format!("listing the environments of site {site}");
    // Production first: it is the one people look for, and the one every
    // other environment is derived from.
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT {ENVIRONMENT_COLUMNS} FROM environments WHERE site = ?1 \
             ORDER BY name <> 'production', name"
        ))
        .context(doing)?;
    let rows = statement
        .query_map([site], environment_from_row)
        .context(doing)?;
    rows.collect::<rusqlite::Result<_>>().context(doing)
}

pub(crate) fn environment(
    conn: &Connection,
    site: &str,
    name: &str,
) -> Result<Option<Environment>, CatalogError> {
    conn.prepare_cached(&format!(
        "SELECT {ENVIRONMENT_COLUMNS} FROM environments WHERE site = ?1 AND name = ?2"
    ))
    .and_then(|mut statement| {
        statement
            .query_row([site, name], environment_from_row)
            .optional()
    })
    .context(|| format!("reading environment {site}/{name} from the catalog"))
}

pub(crate) fn instances(
    conn: &Connection,
    site: Option<&str>,
) -> Result<Vec<Instance>, CatalogError> {
    if let Some(site) = site {
        require_site(conn, site)?;
    }
    let doing = || match site {
        Some(site) => format!("listing the instances of site {site}"),
        None => "listing the instances in the catalog".to_owned(),
    };
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT {INSTANCE_COLUMNS} FROM instances WHERE ?1 IS NULL OR site = ?1 ORDER BY seq"
        ))
        .context(doing)?;
    let rows = statement
        .query_map([site], instance_from_row)
        .context(doing)?;
    rows.collect::<rusqlite::Result<_>>().context(doing)
}

pub(crate) fn instance(conn: &Connection, id: &str) -> Result<Option<Instance>, CatalogError> {
    conn.prepare_cached(&format!(
        "SELECT {INSTANCE_COLUMNS} FROM instances WHERE id = ?1"
    ))
    .and_then(|mut statement| statement.query_row([id], instance_from_row).optional())
    .context(|| format!("reading instance {id} from the catalog"))
}

pub(crate) fn events(
    conn: &Connection,
    site: Option<&str>,
    limit: usize,
) -> Result<Vec<Event>, CatalogError> {
    let doing = || match site {
        Some(site) => format!("reading the events of site {site}"),
        None => "reading the events in the catalog".to_owned(),
    };
    // SQLite's LIMIT is signed; anything beyond i64 means "all" anyway.
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Two statements rather than `?1 IS NULL OR site = ?1`, so that a site's
    // history is read through its index instead of a scan of everyone's.
    let sql = match site {
        Some(_) => {
            format!("SELECT {EVENT_COLUMNS} FROM events WHERE site = ?1 ORDER BY seq DESC LIMIT ?2")
        }
        None => format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq DESC LIMIT ?2"),
    };
    let mut statement = conn.prepare_cached(&sql).context(doing)?;
    let rows = statement
        .query_map(params![site, limit], event_from_row)
        .context(doing)?;
    let mut events = rows.collect::<rusqlite::Result<Vec<_>>>().context(doing)?;
    events.reverse();
    Ok(events)
}

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        id: row.get(0)?,
        site: row.get(1)?,
        number: row.get(2)?,
        environment: row.get(3)?,
        instance: row.get(4)?,
        snapshot: row.get(5)?,
        parent: row.get(6)?,
        position: row.get(7)?,
        created_at: row.get(8)?,
        meta: row.get(9)?,
    })
}

pub(crate) fn versions(conn: &Connection, site: &str) -> Result<Vec<Version>, CatalogError> {
    let doing = || format!("listing the versions of {site}");
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM versions WHERE site = ?1 ORDER BY number"
        ))
        .context(doing)?;
    let rows = stmt
        .query_map(params![site], version_from_row)
        .context(doing)?;
    rows.collect::<Result<Vec<_>, _>>().context(doing)
}

pub(crate) fn version(conn: &Connection, id: &str) -> Result<Option<Version>, CatalogError> {
    conn.query_row(
        &format!("SELECT {VERSION_COLUMNS} FROM versions WHERE id = ?1"),
        params![id],
        version_from_row,
    )
    .optional()
    .context(|| format!("reading version {id}"))
}

fn release_from_row(row: &Row<'_>) -> rusqlite::Result<Release> {
    Ok(Release {
        seq: row.get(0)?,
        site: row.get(1)?,
        environment: row.get(2)?,
        kind: parse_column::<ReleaseKind>(row, 3)?,
        state: parse_column::<ReleaseState>(row, 4)?,
        from_instance: row.get(5)?,
        to_instance: row.get(6)?,
        candidate: row.get(7)?,
        checkpoint: row.get(8)?,
        content: row.get(9)?,
        freeze_ms: row.get(10)?,
        started_at: row.get(11)?,
        finished_at: row.get(12)?,
        message: row.get(13)?,
    })
}

/// The releases of `site`, or of every site, oldest first.
pub(crate) fn releases(
    conn: &Connection,
    site: Option<&str>,
) -> Result<Vec<Release>, CatalogError> {
    let doing = || match site {
        Some(site) => format!("listing the releases of {site}"),
        None => "listing releases".to_owned(),
    };
    let sql = match site {
        Some(_) => format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE site = ?1 ORDER BY seq"),
        None => format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE ?1 IS NULL ORDER BY seq"),
    };
    let mut stmt = conn.prepare_cached(&sql).context(doing)?;
    let rows = stmt
        .query_map(params![site], release_from_row)
        .context(doing)?;
    rows.collect::<Result<Vec<_>, _>>().context(doing)
}

/// The release numbered `seq`, if any.
pub(crate) fn release(conn: &Connection, seq: i64) -> Result<Option<Release>, CatalogError> {
    conn.query_row(
        &format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE seq = ?1"),
        params![seq],
        release_from_row,
    )
    .optional()
    .context(|| format!("reading release {seq}"))
}

/// Where instance `id`'s content came from, if recorded.
pub(crate) fn origin(conn: &Connection, id: &str) -> Result<Option<Origin>, CatalogError> {
    conn.query_row(
        "SELECT instance, version, position FROM origins WHERE instance = ?1",
        params![id],
        |row| {
            Ok(Origin {
                instance: row.get(0)?,
                version: row.get(1)?,
                position: row.get(2)?,
            })
        },
    )
    .optional()
    .context(|| format!("reading the origin of instance {id}"))
}
