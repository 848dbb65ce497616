//! A version's database as SQL for a new address, through the rewrite and
//! scrub engines: what a derive loads, whether into an instance on this
//! machine or, from a Job's pod, into a database on Kubernetes.

use std::io::Write;
use std::path::PathBuf;

use slipway_rewrite::{Mapping, Rewriter};
use slipway_scrub::{Policy, ScrubKey, Scrubber};
use slipway_transform::Transform;

use crate::environments::TableFiles;
use crate::error::{Error, Result};
use crate::versions::{repo_error, VersionMeta};

/// How a version is restored.
pub struct RestorePlan<'a> {
    /// The address the copy answers at (`https://staging.shop.example`).
    pub url: &'a str,
    /// Scrub presets; empty leaves personal data as it is.
    pub presets: &'a [String],
    /// The key fakes are derived from.
    pub key: ScrubKey,
    /// Accounts kept intact by the scrub (login, email or ID).
    pub keep_users: &'a [String],
    /// The account views, routines and triggers are defined by.
    pub definer: &'a str,
    /// Whether the load stays out of the binary log: only an administrator
    /// may ask, and a server with replicas must log it.
    pub unlogged: bool,
}

/// What a restore changed.
#[derive(Debug, Clone, Default)]
pub struct Restored {
    /// Hosts rewritten, old → new.
    pub pairs: Vec<(String, String)>,
    /// Values rewritten.
    pub values_rewritten: u64,
    /// Serialized values whose lengths were recomputed.
    pub serialized_fixed: u64,
    /// Values scrubbed.
    pub values_scrubbed: u64,
    /// What the leak scan still found after the scrub.
    pub leaks_left: u64,
}

/// The scrub presets a version needs when none are named: WordPress', and
/// WooCommerce's when its tables are there.
pub fn default_presets(meta: &VersionMeta) -> Vec<String> {
    let prefix = &meta.table_prefix;
    let woo = ["wc_orders", "woocommerce_sessions", "wc_customer_lookup"]
        .iter()
        .any(|t| meta.tables.contains_key(&format!("{prefix}{t}")))
        || meta
            .tables
            .keys()
            .any(|t| t.starts_with(&format!("{prefix}woocommerce_")));
    let mut presets = vec!["wordpress".to_string()];
    if woo {
        presets.push("woocommerce".to_string());
    }
    presets
}

/// Writes the database of the version `reader` reads (described by `meta`)
/// to `out` as SQL, rewritten to `plan.url` and scrubbed with its presets:
/// the tables (one transaction each) and, for a network, its sites' bare
/// domains; then views, routines and triggers.
pub fn restore_database(
    reader: &slipway_repository::Reader,
    meta: &VersionMeta,
    plan: &RestorePlan<'_>,
    out: &mut dyn Write,
) -> Result<Restored> {
    let pairs = crate::environments::domain_pairs(meta, plan.url);
    let scheme = plan.url.split_once("://").map_or("http", |(s, _)| s);
    let mut mappings = Vec::new();
    for (from, to) in &pairs {
        for old_scheme in ["https", "http"] {
            mappings.push(Mapping {
                from: format!("{old_scheme}://{from}"),
                to: format!("{scheme}://{to}"),
            });
        }
    }
    let rewriter = Rewriter::new(&mappings)
        .map_err(|e| Error::Invalid(format!("cannot rewrite {} to {}: {e}", meta.url, plan.url)))?;
    let scrubber = scrubber(reader, meta, plan)?;
    // Definitions are rewritten as text (a trigger that stamps the site's
    // address into a row stamps the new one); they are not scrubbed: they
    // hold code, not people's data.
    let objects = crate::versions::objects_for(reader, plan.definer, &meta.id)?.map(|file| {
        let mut rewritten = Vec::with_capacity(file.len());
        rewriter.rewrite_text(&file, &mut rewritten);
        rewritten
    });
    let transform = Transform::new(
        Some(rewriter),
        scrubber,
        slipway_transform::Options::default(),
    );
    let tables: Vec<PathBuf> = meta
        .tables
        .keys()
        .map(|t| PathBuf::from(format!("db/{t}.sql")))
        .collect();
    let written = |e: std::io::Error| Error::io(format!("loading version {}", meta.id), e);
    if plan.unlogged {
        // The new instance's first draw reads it whole anyway.
        out.write_all(b"SET SESSION sql_log_bin = 0;\n")
            .map_err(written)?;
    }
    // One transaction per table (each file's DDL commits the previous one)
    // instead of one per INSERT: table files cut statements every ~64 rows,
    // and a durable commit for each made loads several times slower than
    // mariadb-dump's.
    out.write_all(b"SET SESSION autocommit = 0;\n")
        .map_err(written)?;
    let input = TableFiles {
        reader,
        paths: &tables,
        next: 0,
        current: None,
    };
    let (report, leaks) =
        transform
            .run(input, &mut *out, &mut |_| {})
            .map_err(|e| Error::Dump {
                what: format!("loading version {}", meta.id),
                source: e,
            })?;
    if meta.multisite.is_some() {
        out.write_all(network_domains_sql(&meta.table_prefix, &pairs).as_bytes())
            .map_err(written)?;
    }
    // Without it the client's exit rolls the last table (and the domains)
    // back.
    out.write_all(b"COMMIT;\n").map_err(written)?;
    // Views, routines, triggers and events come after the rows, so no
    // trigger fires while they load.
    if let Some(objects) = &objects {
        out.write_all(objects).map_err(written)?;
    }
    let totals = report.totals();
    Ok(Restored {
        pairs,
        values_rewritten: totals.rewritten,
        serialized_fixed: totals.serialized_fixed,
        values_scrubbed: totals.scrubbed,
        leaks_left: leaks.map_or(0, |l| l.report().total()),
    })
}

/// `text` as a MySQL single-quoted string literal.
pub fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A network keeps its sites' domains bare (`blog.shop.example`, no
/// scheme) in `blogs` and `site`, where the URL rewrite does not reach.
fn network_domains_sql(prefix: &str, pairs: &[(String, String)]) -> String {
    let mut sql = String::new();
    for table in ["blogs", "site"] {
        for (from, to) in pairs {
            sql.push_str(&format!(
                "UPDATE `{prefix}{table}` SET domain = {} WHERE domain = {};\n",
                sql_string(to),
                sql_string(from)
            ));
        }
    }
    sql
}

fn scrubber(
    reader: &slipway_repository::Reader,
    meta: &VersionMeta,
    plan: &RestorePlan<'_>,
) -> Result<Option<Scrubber>> {
    if plan.presets.is_empty() {
        return Ok(None);
    }
    let mut policy = Policy::default();
    for name in plan.presets {
        let preset = Policy::preset(name)
            .map_err(|e| Error::Invalid(format!("scrub preset {name:?}: {e}")))?;
        policy.extend(preset);
    }
    let mut scrubber = Scrubber::new(
        policy,
        plan.key.clone(),
        slipway_scrub::Options {
            keep_users: plan.keep_users.to_vec(),
            strict: false,
            table_prefix: Some(meta.table_prefix.clone()),
        },
    )
    .map_err(|e| Error::Invalid(format!("scrub policy: {e}")))?;
    if !plan.keep_users.is_empty() {
        let users = PathBuf::from(format!("db/{}users.sql", meta.table_prefix));
        if reader.exists(&users) {
            let file = reader.open(&users).map_err(repo_error)?;
            slipway_transform::learn_kept_users(file, &mut scrubber).map_err(|e| Error::Dump {
                what: format!("reading {} of {}", users.display(), meta.id),
                source: e,
            })?;
        }
    }
    Ok(Some(scrubber))
}

/// The version `id` in `store` (the newest snapshot tagged `version=ID`)
/// and what its `slipway.json` says: how a machine without the catalog
/// (a Job's pod) finds a version.
pub fn find_version(
    store: &slipway_repository::Store,
    id: &str,
) -> Result<(slipway_repository::Reader, VersionMeta)> {
    let tag = format!("version={id}");
    let snapshot = store
        .snapshots()
        .map_err(repo_error)?
        .into_iter()
        .rev()
        .find(|s| s.tags.contains(&tag))
        .ok_or_else(|| {
            Error::Invalid(format!(
                "there is no version {id:?} in the repository at {}",
                store.location()
            ))
        })?;
    let reader = store.reader(&snapshot.id).map_err(repo_error)?;
    let text = crate::versions::version_file(&reader, std::path::Path::new("slipway.json"), id)?;
    let meta: VersionMeta = serde_json::from_slice(&text)
        .map_err(|e| Error::Invalid(format!("slipway.json of version {id} is damaged: {e}")))?;
    if meta.id != id {
        return Err(Error::Invalid(format!(
            "the snapshot tagged {tag} holds version {}",
            meta.id
        )));
    }
    Ok((reader, meta))
}

/// Restores a version's uploads into `uploads` (the directory WordPress
/// keeps them in), which then holds exactly the version's files: what an
/// earlier derive left there and this version lacks is removed.
pub fn restore_uploads_into(
    reader: &slipway_repository::Reader,
    uploads: &std::path::Path,
) -> Result<()> {
    let from = std::path::Path::new("uploads");
    if reader.exists(from) {
        return reader.restore_dir(from, uploads).map_err(repo_error);
    }
    // A version without uploads: the directory is emptied, not removed
    // (it may be a mount point).
    let entries = match std::fs::read_dir(uploads) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(format!("reading {}", uploads.display()), e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", uploads.display()), e))?;
        let path = entry.path();
        let gone = |e| Error::io(format!("removing {} from the uploads", path.display()), e);
        let removed = if entry.file_type().map_err(gone)?.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(gone)?;
    }
    Ok(())
}

/// Makes the objects `uploads/…` under a media bucket's prefix, where
/// S3-Uploads looks for them, exactly the version's uploads: its files
/// are copied, then what an earlier derive left there is removed.
pub fn restore_uploads_to_bucket(
    reader: &slipway_repository::Reader,
    media: &slipway_repository::Bucket,
) -> Result<slipway_repository::Mirrored> {
    reader
        .mirror_dir_to_bucket(std::path::Path::new("uploads"), media, "uploads")
        .map_err(repo_error)
}
