//! The catalog through its public API, on real files where it matters.

use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use slipway_catalog::{Catalog, CatalogError, InstanceState, Multisite, Subject, SCHEMA_VERSION};

type TestResult = Result<(), Box<dyn Error>>;

/// An error of the caller's own, to prove `change` rolls back on any error
/// type, not only the catalog's.
#[derive(Debug)]
enum Abort {
    Catalog(CatalogError),
    Asked,
}

impl From<CatalogError> for Abort {
    fn from(error: CatalogError) -> Abort {
        Abort::Catalog(error)
    }
}

fn shop(catalog: &mut Catalog) -> Result<(), CatalogError> {
    catalog.change(|change| {
        change.add_site("shop", "The shop", None, "wp_")?;
        change.add_environment("shop", "production", "https://shop.example")?;
        change.add_environment("shop", "staging", "https://staging.shop.example")?;
        Ok(())
    })
}

#[test]
fn a_new_file_is_migrated_and_reopening_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    {
        let mut catalog = Catalog::open(&path)?;
        assert_eq!(catalog.schema_version()?, SCHEMA_VERSION);
        shop(&mut catalog)?;
    }
    let catalog = Catalog::open(&path)?;
    assert_eq!(catalog.schema_version()?, SCHEMA_VERSION);
    let sites = catalog.sites()?;
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0].name, "shop");
    assert_eq!(catalog.environments("shop")?.len(), 2);

    let raw = rusqlite::Connection::open(&path)?;
    let version: u32 = raw.pragma_query_value(None, "user_version", |row| row.get(0))?;
    assert_eq!(version, SCHEMA_VERSION);
    let journal: String = raw.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    assert_eq!(journal, "wal");
    let tables: i64 = raw.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
         AND name IN ('sites', 'environments', 'instances', 'events')",
        [],
        |row| row.get(0),
    )?;
    assert_eq!(tables, 4);
    Ok(())
}

#[test]
fn a_newer_schema_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    drop(Catalog::open(&path)?);
    let raw = rusqlite::Connection::open(&path)?;
    raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
    drop(raw);

    let error = Catalog::open(&path)
        .err()
        .ok_or("a newer catalog was opened")?;
    match &error {
        CatalogError::NewerSchema { found, known, .. } => {
            assert_eq!((*found, *known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => return Err(format!("unexpected error: {other}").into()),
    }
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(
        message.contains(&format!("version {}", SCHEMA_VERSION + 1)),
        "{message}"
    );
    assert!(
        message.contains(&format!("version {SCHEMA_VERSION}")),
        "{message}"
    );
    Ok(())
}

#[test]
fn a_negative_schema_version_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    drop(Catalog::open(&path)?);
    rusqlite::Connection::open(&path)?.pragma_update(None, "user_version", -3)?;
    let error = Catalog::open(&path).err().ok_or("opened")?;
    assert!(
        matches!(error, CatalogError::InvalidSchema { found: -3, .. }),
        "{error}"
    );
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    std::fs::write(
        &path,
        b"this is not a SQLite database, not even close to one.....",
    )?;
    let error = Catalog::open(&path).err().ok_or("opened")?;
    assert!(error.to_string().contains("catalog.sqlite"), "{error}");
    Ok(())
}

#[test]
fn the_directory_must_exist() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("missing").join("catalog.sqlite");
    let error = Catalog::open(&path).err().ok_or("opened")?;
    assert!(matches!(error, CatalogError::Create { .. }), "{error}");
    assert!(!path.exists());
    Ok(())
}

#[test]
fn a_failed_change_leaves_nothing_behind() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    let result = catalog.change(|change| {
        change.add_site("shop", "The shop", None, "wp_")?;
        change.event(Some("shop"), "site.add", "added site shop")?;
        assert!(
            change.site("shop")?.is_some(),
            "the change sees its own write"
        );
        Err::<(), _>(Abort::Asked)
    });
    assert!(matches!(result, Err(Abort::Asked)));
    assert_eq!(catalog.site("shop")?, None);
    assert!(catalog.sites()?.is_empty());
    assert!(catalog.events(None, 100)?.is_empty());

    // The catalog's own errors roll back the same way.
    let result = catalog.change(|change| {
        change.add_site("shop", "The shop", None, "wp_")?;
        change.add_environment("nowhere", "production", "https://x.example")?;
        Ok::<_, Abort>(())
    });
    assert!(matches!(
        result,
        Err(Abort::Catalog(CatalogError::NotFound(Subject::Site(ref name)))) if name == "nowhere"
    ));
    assert!(catalog.sites()?.is_empty());
    Ok(())
}

#[test]
fn a_panicking_change_is_rolled_back() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        catalog.change(|change| -> Result<(), CatalogError> {
            change.add_site("shop", "The shop", None, "wp_")?;
            panic!("interrupted")
        })
    }));
    assert!(outcome.is_err());
    assert!(catalog.sites()?.is_empty());
    // And the catalog is still usable.
    shop(&mut catalog)?;
    assert_eq!(catalog.sites()?.len(), 1);
    Ok(())
}

#[test]
fn a_site_with_an_environment_and_an_instance() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    let root = Path::new("/var/lib/slipway/instances");
    let (site, instance) = catalog.change(|change| {
        let site = change.add_site("shop", "The shop", Some(Multisite::Subdirectory), "wp_")?;
        change.add_environment("shop", "staging", "https://staging.shop.example")?;
        change.add_environment("shop", "production", "https://shop.example")?;
        change.add_environment("shop", "dev-alice", "https://alice.shop.example")?;
        let instance = change.add_instance("shop", "production", root)?;
        change.event(Some("shop"), "site.add", "added site shop")?;
        Ok::<_, CatalogError>((site, instance))
    })?;
    assert_eq!(site.multisite, Some(Multisite::Subdirectory));
    assert_eq!(catalog.site("shop")?.as_ref(), Some(&site));
    assert!(site.created_at.ends_with('Z') && site.created_at.len() == 20);

    assert_eq!(instance.id, "shop-production-1");
    assert_eq!(instance.db_name, "shop_production_1");
    assert_eq!(instance.db_user, "shop_production_1");
    assert_eq!(instance.dir, root.join("shop-production-1"));
    assert_eq!(instance.state, InstanceState::Provisioning);
    assert_eq!(catalog.instance(&instance.id)?.as_ref(), Some(&instance));

    catalog.change(|change| {
        change.set_instance_state(&instance.id, InstanceState::Ready)?;
        change.point_environment("shop", "production", &instance.id)?;
        let production = change.environment("shop", "production")?;
        assert_eq!(
            production.and_then(|e| e.instance),
            Some(instance.id.clone())
        );
        Ok::<_, CatalogError>(())
    })?;

    let names: Vec<String> = catalog
        .environments("shop")?
        .into_iter()
        .map(|env| env.name)
        .collect();
    assert_eq!(names, ["production", "dev-alice", "staging"]);
    let production = catalog
        .environment("shop", "production")?
        .ok_or("no production")?;
    assert_eq!(production.instance.as_deref(), Some("shop-production-1"));
    assert_eq!(production.url, "https://shop.example");
    assert_eq!(
        catalog
            .environment("shop", "staging")?
            .ok_or("no staging")?
            .instance,
        None
    );

    let instances = catalog.instances(Some("shop"))?;
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0].state, InstanceState::Ready);
    assert_eq!(catalog.instances(None)?, instances);

    let json = serde_json::to_value(&instances[0])?;
    assert_eq!(json["state"], "ready");
    assert_eq!(json["dir"], "/var/lib/slipway/instances/shop-production-1");
    assert_eq!(serde_json::to_value(&site)?["multisite"], "subdirectory");
    Ok(())
}

#[test]
fn listings_of_a_missing_site_say_so() -> TestResult {
    let catalog = Catalog::open_in_memory()?;
    let error = catalog.environments("ghost").err().ok_or("listed")?;
    assert!(error.to_string().contains("site ghost"), "{error}");
    assert!(catalog.instances(Some("ghost")).is_err());
    assert_eq!(catalog.site("ghost")?, None);
    assert_eq!(catalog.environment("ghost", "production")?, None);
    assert_eq!(catalog.instance("ghost-production-1")?, None);
    Ok(())
}

#[test]
fn instance_numbers_are_never_reused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    let root = dir.path().join("instances");
    let mut catalog = Catalog::open(&path)?;
    shop(&mut catalog)?;
    let ids = catalog.change(|change| {
        let first = change.add_instance("shop", "production", &root)?;
        let second = change.add_instance("shop", "staging", &root)?;
        Ok::<_, CatalogError>([first.id, second.id])
    })?;
    assert_eq!(ids, ["shop-production-1", "shop-staging-2"]);

    catalog.change(|change| {
        change.remove_instance("shop-staging-2")?;
        change.remove_instance("shop-production-1")
    })?;
    assert!(catalog.instances(None)?.is_empty());
    let third = catalog.change(|change| change.add_instance("shop", "staging", &root))?;
    assert_eq!(third.id, "shop-staging-3");

    // The high-water mark is in the file, not in memory.
    drop(catalog);
    let mut catalog = Catalog::open(&path)?;
    catalog.change(|change| change.remove_instance("shop-staging-3"))?;
    let fourth = catalog.change(|change| change.add_instance("shop", "staging", &root))?;
    assert_eq!(fourth.id, "shop-staging-4");

    // A rolled-back reservation does not burn a number either way: the next
    // committed one simply follows the last committed one.
    let result = catalog.change(|change| {
        change.add_instance("shop", "staging", &root)?;
        Err::<(), _>(Abort::Asked)
    });
    assert!(result.is_err());
    let fifth = catalog.change(|change| change.add_instance("shop", "staging", &root))?;
    assert_eq!(fifth.id, "shop-staging-5");
    Ok(())
}

#[test]
fn removing_a_site_cascades_but_keeps_its_events() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    catalog.change(|change| {
        change.add_site("blog", "The blog", Some(Multisite::Subdomain), "blog_")?;
        change.add_environment("blog", "production", "https://blog.example")?;
        let blog = change.add_instance("blog", "production", Path::new("/srv"))?;
        change.point_environment("blog", "production", &blog.id)?;
        let instance = change.add_instance("shop", "production", Path::new("/srv"))?;
        change.point_environment("shop", "production", &instance.id)?;
        change.event(Some("shop"), "site.add", "added site shop")?;
        change.event(Some("blog"), "site.add", "added site blog")?;
        Ok::<_, CatalogError>(())
    })?;

    catalog.change(|change| {
        change.remove_site("shop")?;
        change.event(Some("shop"), "site.remove", "removed site shop")
    })?;
    assert_eq!(catalog.site("shop")?, None);
    assert!(catalog.environments("shop").is_err());
    assert_eq!(catalog.environment("shop", "production")?, None);
    assert_eq!(catalog.instance("shop-production-2")?, None);
    let left: Vec<String> = catalog.instances(None)?.into_iter().map(|i| i.id).collect();
    assert_eq!(left, ["blog-production-1"]);
    assert_eq!(catalog.environments("blog")?.len(), 1);

    let kinds: Vec<String> = catalog
        .events(Some("shop"), 10)?
        .into_iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(kinds, ["site.add", "site.remove"]);
    Ok(())
}

#[test]
fn removing_an_instance_unpoints_its_environment() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    catalog.change(|change| {
        let instance = change.add_instance("shop", "production", Path::new("/srv"))?;
        change.point_environment("shop", "production", &instance.id)?;
        change.remove_instance(&instance.id)
    })?;
    let production = catalog
        .environment("shop", "production")?
        .ok_or("no production")?;
    assert_eq!(production.instance, None);
    Ok(())
}

#[test]
fn removing_an_environment_keeps_its_instances() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    catalog.change(|change| {
        change.add_instance("shop", "staging", Path::new("/srv"))?;
        change.remove_environment("shop", "staging")
    })?;
    assert_eq!(catalog.environment("shop", "staging")?, None);
    assert_eq!(catalog.instances(Some("shop"))?.len(), 1);
    Ok(())
}

#[test]
fn a_duplicate_site_is_an_error_naming_it() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    let error = catalog
        .change(|change| change.add_site("shop", "Another shop", None, "wp_"))
        .err()
        .ok_or("added twice")?;
    assert!(matches!(&error, CatalogError::AlreadyExists(Subject::Site(name)) if name == "shop"));
    assert_eq!(error.to_string(), "site shop already exists");
    assert_eq!(catalog.site("shop")?.ok_or("gone")?.title, "The shop");

    let error = catalog
        .change(|change| change.add_environment("shop", "staging", "https://x.example"))
        .err()
        .ok_or("added twice")?;
    assert_eq!(error.to_string(), "environment shop/staging already exists");
    Ok(())
}

#[test]
fn missing_things_are_errors_naming_them() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    let message = |result: Result<(), CatalogError>| match result {
        Ok(()) => "no error".to_owned(),
        Err(error) => error.to_string(),
    };
    let root = Path::new("/srv");
    let cases = [
        (
            message(
                catalog.change(|c| c.set_instance_state("shop-production-9", InstanceState::Ready)),
            ),
            "instance shop-production-9 does not exist",
        ),
        (
            message(catalog.change(|c| c.add_instance("shop", "qa", root).map(drop))),
            "environment shop/qa does not exist",
        ),
        (
            message(catalog.change(|c| c.add_instance("ghost", "qa", root).map(drop))),
            "site ghost does not exist",
        ),
        (
            message(catalog.change(|c| c.point_environment("shop", "qa", "shop-production-1"))),
            "environment shop/qa does not exist",
        ),
        (
            message(
                catalog.change(|c| c.point_environment("shop", "production", "shop-production-1")),
            ),
            "instance shop-production-1 does not exist",
        ),
        (
            message(catalog.change(|c| c.remove_environment("shop", "qa"))),
            "environment shop/qa does not exist",
        ),
        (
            message(catalog.change(|c| c.remove_instance("shop-qa-1"))),
            "instance shop-qa-1 does not exist",
        ),
        (
            message(catalog.change(|c| c.remove_site("ghost"))),
            "site ghost does not exist",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    Ok(())
}

#[test]
fn an_environment_cannot_point_at_another_sites_instance() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    shop(&mut catalog)?;
    let error = catalog
        .change(|change| {
            change.add_site("blog", "The blog", None, "wp_")?;
            change.add_environment("blog", "production", "https://blog.example")?;
            let blog = change.add_instance("blog", "production", Path::new("/srv"))?;
            change.point_environment("shop", "production", &blog.id)
        })
        .err()
        .ok_or("pointed")?;
    assert_eq!(
        error.to_string(),
        "environment shop/production cannot point at instance blog-production-1: it belongs to \
         site blog"
    );
    assert_eq!(
        catalog.site("blog")?,
        None,
        "the whole change was rolled back"
    );
    Ok(())
}

#[test]
fn unsafe_names_are_refused() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    for name in ["../etc", "Shop", "", "a b", "shop-"] {
        let error = catalog
            .change(|change| change.add_site(name, "x", None, "wp_"))
            .err()
            .ok_or(format!("accepted {name:?}"))?;
        assert!(
            matches!(error, CatalogError::InvalidName { what: "site", .. }),
            "{error}"
        );
    }
    let error = catalog
        .change(|change| change.add_site("shop", "x", None, "wp_; DROP"))
        .err()
        .ok_or("accepted the prefix")?;
    assert!(error.to_string().contains("site shop"), "{error}");
    shop(&mut catalog)?;
    let error = catalog
        .change(|change| change.add_environment("shop", "dev/alice", "https://x.example"))
        .err()
        .ok_or("accepted the environment")?;
    assert!(error.to_string().contains("\"dev/alice\""), "{error}");
    Ok(())
}

#[test]
fn events_are_the_last_ones_newest_last() -> TestResult {
    let mut catalog = Catalog::open_in_memory()?;
    catalog.change(|change| {
        for i in 0..5 {
            change.event(Some("shop"), "test", &format!("shop {i}"))?;
            change.event(None, "test", &format!("fleet {i}"))?;
        }
        Ok::<_, CatalogError>(())
    })?;
    let messages = |events: Vec<slipway_catalog::Event>| -> Vec<String> {
        events.into_iter().map(|event| event.message).collect()
    };
    assert_eq!(
        messages(catalog.events(Some("shop"), 3)?),
        ["shop 2", "shop 3", "shop 4"]
    );
    assert_eq!(messages(catalog.events(None, 2)?), ["shop 4", "fleet 4"]);
    assert_eq!(catalog.events(None, usize::MAX)?.len(), 10);
    assert!(catalog.events(None, 0)?.is_empty());
    let events = catalog.events(None, 10)?;
    assert!(events.windows(2).all(|pair| pair[0].seq < pair[1].seq));
    assert_eq!(events[0].site.as_deref(), Some("shop"));
    assert_eq!(events[1].site, None);
    Ok(())
}

#[cfg(unix)]
#[test]
fn the_file_is_private() -> TestResult {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    let mut catalog = Catalog::open(&path)?;
    shop(&mut catalog)?;
    let mode = |path: &Path| -> std::io::Result<u32> {
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
    };
    assert_eq!(mode(&path)?, 0o600);
    let wal = dir.path().join("catalog.sqlite-wal");
    assert!(wal.exists(), "WAL mode keeps a -wal file while open");
    assert_eq!(mode(&wal)?, 0o600);
    Ok(())
}

#[test]
fn two_handles_see_each_others_commits() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    let mut writer = Catalog::open(&path)?;
    let reader = Catalog::open(&path)?;
    shop(&mut writer)?;
    assert_eq!(reader.sites()?.len(), 1);
    Ok(())
}

#[test]
fn processes_opening_a_new_catalog_at_once_all_succeed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.sqlite");
    let openers: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                Catalog::open(&path).and_then(|catalog| catalog.schema_version())
            })
        })
        .collect();
    for opener in openers {
        let version = opener.join().map_err(|_| "an opener panicked")??;
        assert_eq!(version, SCHEMA_VERSION);
    }
    Ok(())
}
