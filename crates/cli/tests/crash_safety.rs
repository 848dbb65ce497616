//! `kill -9` in the middle of `slipway draw` and `slipway env create`, at
//! named steps (`SLIPWAY_TEST_PAUSE_AT` makes the process stop there), on
//! real services: production keeps serving, the catalog stays consistent,
//! no half-made version is listed, and running the command again completes.

mod common;

use std::collections::BTreeSet;

use common::{assert_page, kill_at, Slipway};
use slipway_catalog::{Catalog, InstanceState};

/// The scratch directories (`draw-*`, `restore-*`) in the state directory.
fn scratch(s: &Slipway) -> BTreeSet<String> {
    match std::fs::read_dir(s.home.path().join("work")) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("draw-") || n.starts_with("restore-"))
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// What must hold after any kill: production serves its content, the site
/// lists exactly `versions`, and the catalog is consistent. Returns the
/// instances made for staging.
fn assert_safe(s: &Slipway, post: &str, versions: &[&str]) -> Vec<(String, InstanceState)> {
    assert_page(&s.get(&s.host("shop"), "/"), "Harbour Shop");
    assert_page(
        &s.follow(&s.host("shop"), &format!("/?p={post}")),
        "Tide tables",
    );
    let listed: serde_json::Value =
        serde_json::from_str(&s.ok(&["versions", "shop", "--json"])).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, versions, "the versions listed");

    let catalog = Catalog::open(&s.home.path().join("catalog.sqlite")).unwrap();
    let environments = catalog.environments("shop").unwrap();
    let instances = catalog.instances(Some("shop")).unwrap();
    for env in &environments {
        if let Some(id) = &env.instance {
            let instance = instances
                .iter()
                .find(|i| &i.id == id)
                .unwrap_or_else(|| panic!("{} points at a missing instance {id}", env.name));
            assert_eq!(
                instance.state,
                InstanceState::Ready,
                "{} points at {id}",
                env.name
            );
        }
    }
    for instance in &instances {
        assert!(
            environments.iter().any(|e| e.name == instance.environment),
            "instance {} outlives its environment",
            instance.id
        );
    }
    let production = environments
        .iter()
        .find(|e| e.name == "production")
        .unwrap();
    assert!(production.instance.is_some());
    instances
        .iter()
        .filter(|i| i.environment == "staging")
        .map(|i| (i.id.clone(), i.state))
        .collect()
}

/// `slipway env ls shop --json`'s entry for staging: its instance and state.
fn listed_staging(s: &Slipway) -> Option<(String, String)> {
    let envs: serde_json::Value =
        serde_json::from_str(&s.ok(&["env", "ls", "shop", "--json"])).unwrap();
    envs.as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "staging")
        .map(|e| {
            (
                e["instance"].as_str().unwrap_or("-").to_string(),
                e["state"].as_str().unwrap_or("-").to_string(),
            )
        })
}

#[test]
fn killed_draws_and_derives_leave_production_serving_and_complete_when_run_again() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    let post = s.php(
        "shop",
        "$id = wp_insert_post(['post_title' => 'Tide tables', 'post_status' => 'publish']);
         $dir = wp_upload_dir(); wp_mkdir_p($dir['path']); file_put_contents($dir['path'] . '/chart.txt', 'high water 06:12');
         echo $id;",
    );
    let staging = format!("staging.{}", s.host("shop"));

    // A draw killed while it reads the database, before it saves, and after
    // the repository holds its snapshot but before the catalog records it:
    // no version.
    kill_at(&s, &["draw", "shop"], "draw:dump");
    assert_safe(&s, &post, &[]);
    let mut stale = scratch(&s);
    assert_eq!(stale.len(), 1, "{stale:?}");
    for step in ["draw:save", "draw:saved"] {
        kill_at(&s, &["draw", "shop"], step);
        assert_safe(&s, &post, &[]);
        assert!(
            scratch(&s).is_disjoint(&stale),
            "after {step}: the next draw removes the killed one's files"
        );
        stale = scratch(&s);
    }
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(drawn["version"], "shop-v1", "{drawn}");
    assert_safe(&s, &post, &["shop-v1"]);
    assert_eq!(scratch(&s), BTreeSet::new());

    // A derive killed at each step; each run again first removes what the
    // killed one left.
    let create = ["env", "create", "shop/staging", "--from", "shop-v1"];
    let mut seen = Vec::new();
    for step in [
        "derive:reserved",
        "derive:restore",
        "derive:routed",
        "derive:load",
    ] {
        let before = scratch(&s);
        kill_at(&s, &create, step);
        let instances = assert_safe(&s, &post, &["shop-v1"]);
        assert_eq!(instances.len(), 1, "after {step}: {instances:?}");
        let (id, state) = instances[0].clone();
        assert_eq!(state, InstanceState::Provisioning, "after {step}");
        assert!(!seen.contains(&id), "after {step}: {id} was not remade");
        seen.push(id.clone());
        assert_eq!(
            listed_staging(&s),
            Some((id.clone(), "provisioning".to_string())),
            "after {step}"
        );
        assert!(
            scratch(&s).is_disjoint(&before),
            "after {step}, the files of the run killed before are gone"
        );
        let page = s.get(&staging, "/");
        if step == "derive:routed" {
            // Routed last, once fenced: a copy serving there is fenced.
            assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));
        } else {
            assert_eq!(page.status, 404, "after {step}, staging is not routed");
        }
    }

    // `env rm` removes a half-made environment; then a derive completes.
    s.ok(&["env", "rm", "shop/staging"]);
    assert_eq!(listed_staging(&s), None);
    assert!(assert_safe(&s, &post, &["shop-v1"]).is_empty());
    kill_at(&s, &create, "derive:load");
    s.ok(&create);
    let instances = assert_safe(&s, &post, &["shop-v1"]);
    assert_eq!(instances.len(), 1, "{instances:?}");
    assert_eq!(instances[0].1, InstanceState::Ready);
    assert_eq!(
        listed_staging(&s),
        Some((instances[0].0.clone(), "ready".to_string()))
    );
    assert_page(&s.get(&staging, "/"), "Harbour Shop");
    let subdir = s.php("shop", "echo ltrim(wp_upload_dir()['subdir'], '/');");
    let chart = s.get(&staging, &format!("/wp-content/uploads/{subdir}/chart.txt"));
    assert_eq!(chart.text(), "high water 06:12");
    assert_eq!(scratch(&s), BTreeSet::new());
    let refused = s.run(&create);
    assert!(!refused.status.success(), "a complete staging is kept");

    // The repository still takes versions after the kills.
    let next: serde_json::Value = serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(next["version"], "shop-v2");
    assert_eq!(next["parent"], "shop-v1");
}
