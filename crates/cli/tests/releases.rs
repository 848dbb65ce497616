//! Releases and rollbacks on real WordPress: code moves up from staging,
//! content written on production meanwhile stays, a broken release never
//! switches, a rollback is immediate, and `kill -9` at any step leaves
//! production serving.

mod common;

use std::path::PathBuf;

use common::{assert_page, head, kill_at, Slipway};
use slipway_catalog::{Catalog, InstanceState};

/// A must-use plugin that marks every page with `mark`: the code change a
/// release carries.
fn marker_plugin(mark: &str) -> String {
    format!(
        "<?php\n// Release marker.\nadd_action('wp_head', function () {{ echo '<meta name=\"release-mark\" content=\"{mark}\">'; }});\n"
    )
}

/// The `wp-content` of the instance `target` runs.
fn wp_content(s: &Slipway, target: &str) -> PathBuf {
    PathBuf::from(s.php(target, "echo WP_CONTENT_DIR;").trim())
}

/// A site with a post, and a staging copy of it whose code adds `mark` to
/// every page.
fn site_with_staging(s: &Slipway, mark: &str) {
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    s.php(
        "shop",
        "wp_insert_post(['post_title' => 'Tide tables', 'post_status' => 'publish', 'post_content' => 'High water at noon.']);",
    );
    s.ok(&["env", "create", "shop/staging", "--from", "production"]);
    let plugin = wp_content(s, "shop/staging").join("mu-plugins/release-mark.php");
    std::fs::write(&plugin, marker_plugin(mark)).unwrap();
    // A query of its own: the page without is in the micro-cache already.
    let staging = s.get(&s.host("staging.shop"), "/?code-changed");
    assert_page(&staging, &format!("content=\"{mark}\""));
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn production_instance(s: &Slipway) -> String {
    let catalog = Catalog::open(&s.home.path().join("catalog.sqlite")).unwrap();
    catalog
        .environment("shop", "production")
        .unwrap()
        .unwrap()
        .instance
        .unwrap()
}

#[test]
fn a_release_carries_code_up_and_content_down_and_rolls_back_at_once() {
    let Some(s) = Slipway::new() else { return };
    site_with_staging(&s, "harbour-2");
    let before = production_instance(&s);
    // Written on production after staging was made, and a setting changed
    // on staging itself: the comment must survive the release, the setting
    // is named as not carried.
    s.php(
        "shop",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Posted while staging was tested', 'comment_approved' => 1]);",
    );
    s.php(
        "shop/staging",
        "update_option('blogname', 'Staging Title');",
    );

    let plan = s.ok(&["release", "shop", "--from", "staging", "--dry-run"]);
    assert!(plan.contains("freeze writes"), "{plan}");
    assert_eq!(production_instance(&s), before, "a dry run changes nothing");

    let out = s.run(&["release", "shop", "--from", "staging", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "release failed: {stderr}");
    let released = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(released["outcome"], "released");
    assert_eq!(released["previous_instance"], before.as_str());
    let after = released["instance"].as_str().unwrap().to_string();
    assert_ne!(after, before);
    assert_eq!(production_instance(&s), after);
    let not_carried = &released["not_carried"];
    assert_eq!(not_carried["known"], true, "{not_carried}");
    assert!(
        not_carried["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "wp_options"),
        "{not_carried}"
    );
    assert!(
        stderr.contains("not carried") && stderr.contains("wp_options"),
        "{stderr}"
    );
    assert!(released["freeze_ms"].as_u64().is_some());

    // The code change and production's own content, together.
    let home = s.get(&s.host("shop"), "/");
    assert_page(&home, "content=\"harbour-2\"");
    assert_page(&home, "Harbour Shop");
    assert!(!home.text().contains("Staging Title"), "{}", head(&home));
    assert_page(
        &s.follow(&s.host("shop"), "/?p=1"),
        "Posted while staging was tested",
    );
    // Production is not fenced: it keeps being indexed.
    assert_eq!(home.header("x-robots-tag"), None);

    // Back at once: the previous instance was kept warm.
    s.ok(&["rollback", "shop"]);
    assert_eq!(production_instance(&s), before);
    let home = s.get(&s.host("shop"), "/");
    assert_eq!(home.status, 200);
    assert!(
        !home.text().contains("release-mark"),
        "rolled back, yet {}",
        head(&home)
    );

    let history = json(&s.ok(&["history", "shop", "--json"]));
    let kinds: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["state"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("release", "done"), ("rollback", "done")]);
    assert_eq!(history[0]["to_instance"], after.as_str());
    assert_eq!(history[1]["to_instance"], before.as_str());

    // Rolling back again goes forward to the release's instance, which
    // gc keeps by default as the one standby.
    let collected = json(&s.ok(&["gc", "--json"]));
    assert!(
        collected["instances"].as_array().unwrap().is_empty(),
        "{collected}"
    );
    s.ok(&["rollback", "shop"]);
    assert_page(&s.get(&s.host("shop"), "/"), "content=\"harbour-2\"");
    // With no standby kept, the old instance goes; what environments use
    // stays.
    let collected = json(&s.ok(&["gc", "--keep-instances", "0", "--json"]));
    assert_eq!(collected["instances"], serde_json::json!([before]));
    assert_page(&s.get(&s.host("shop"), "/"), "content=\"harbour-2\"");
    assert_page(&s.get(&s.host("staging.shop"), "/?title"), "Staging Title");
    let out = s.run(&["rollback", "shop"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--to"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_release_whose_health_check_fails_never_switches() {
    let Some(s) = Slipway::new() else { return };
    site_with_staging(&s, "harbour-2");
    // A plugin that breaks every page, as a bad deploy does.
    let broken = wp_content(&s, "shop/staging").join("mu-plugins/broken.php");
    std::fs::write(
        &broken,
        "<?php\nslipway_test_function_that_does_not_exist();\n",
    )
    .unwrap();
    let before = production_instance(&s);

    let out = s.run(&["release", "shop", "--from", "staging"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a broken release went through");
    assert!(stderr.contains("health check"), "{stderr}");
    assert!(
        stderr.contains("500") || stderr.contains("Fatal"),
        "says why: {stderr}"
    );
    assert_eq!(production_instance(&s), before);
    let home = s.get(&s.host("shop"), "/");
    assert_page(&home, "Harbour Shop");
    assert!(!home.text().contains("release-mark"));
    // Never frozen: WP-Cron (a write) still runs.
    assert_eq!(s.get(&s.host("shop"), "/wp-cron.php").status, 200);

    let history = json(&s.ok(&["history", "shop", "--json"]));
    assert_eq!(history[0]["state"], "failed");
    let failed = history[0]["to_instance"].as_str().unwrap().to_string();
    let catalog = Catalog::open(&s.home.path().join("catalog.sqlite")).unwrap();
    assert_eq!(
        catalog.instance(&failed).unwrap().map(|i| i.state),
        Some(InstanceState::Failed),
        "kept for inspection"
    );
    let collected = json(&s.ok(&["gc", "--json"]));
    assert_eq!(collected["instances"], serde_json::json!([failed]));
}

#[test]
fn killed_releases_leave_production_serving_and_complete_when_run_again() {
    let Some(s) = Slipway::new() else { return };
    site_with_staging(&s, "harbour-2");
    let before = production_instance(&s);
    for step in [
        "release:checkpoint",
        "release:reserved",
        "release:loaded",
        "release:checked",
        "release:frozen",
        "release:synced",
        "release:switch",
        "release:switched",
    ] {
        kill_at(&s, &["release", "shop", "--from", "staging"], step);
        if step == "release:frozen" {
            // Killed under the freeze: reads are served, writes wait.
            assert_page(&s.get(&s.host("shop"), "/"), "Harbour Shop");
            let cron = s.get(&s.host("shop"), "/wp-cron.php");
            assert_eq!(cron.status, 503, "{step}");
            assert_eq!(cron.header("retry-after"), Some("5"));
        }
        // What `slipway up` runs every minute: it finds the release dead
        // and puts production back as the catalog says.
        s.ok(&["cron", "run"]);
        // Production serves its old instance, open for writes; the catalog
        // says so.
        let home = s.get(&s.host("shop"), "/");
        assert_page(&home, "Harbour Shop");
        assert!(
            !home.text().contains("release-mark"),
            "{step}: {}",
            head(&home)
        );
        assert_eq!(s.get(&s.host("shop"), "/wp-cron.php").status, 200, "{step}");
        assert_eq!(production_instance(&s), before, "{step}");
    }
    // The next release cleans up every interrupted one and completes.
    s.ok(&["release", "shop", "--from", "staging"]);
    assert_page(&s.get(&s.host("shop"), "/"), "content=\"harbour-2\"");
    let catalog = Catalog::open(&s.home.path().join("catalog.sqlite")).unwrap();
    let releases = catalog.releases(Some("shop")).unwrap();
    // The kill before the first record left only a checkpoint version.
    assert_eq!(releases.len(), 8);
    assert!(releases[..7]
        .iter()
        .all(|r| r.state == slipway_catalog::ReleaseState::Abandoned));
    // No half-made instance is left: production's current and previous
    // ones, and staging's.
    let instances = catalog.instances(Some("shop")).unwrap();
    let production: Vec<_> = instances
        .iter()
        .filter(|i| i.environment == "production")
        .collect();
    assert_eq!(production.len(), 2, "{production:?}");
    assert!(production.iter().all(|i| i.state == InstanceState::Ready));
}

/// Releases staging to production while a POST is under way on
/// production: once in PHP, it waits until the release's freeze begins
/// (its flag appears in the instance's directory), takes a while longer,
/// then runs `writes` and records whether the freeze was on. The release
/// must wait for it: a final draw taken as the freeze begins would lose
/// what it writes. Returns `release --json`'s outcome.
fn release_with_a_slow_write(s: &Slipway, round: &str, writes: &str) -> serde_json::Value {
    let content = wp_content(s, "shop");
    let started = s.home.path().join(format!("slow-write-started-{round}"));
    std::fs::write(
        content.join("mu-plugins/slow-write.php"),
        format!(
            "<?php\nif (isset($_GET['slow-write']) && $_SERVER['REQUEST_METHOD'] === 'POST') {{\n\
             \x20 add_action('init', function () {{\n\
             \x20   touch({started:?});\n\
             \x20   $flag = dirname(WP_CONTENT_DIR, 2) . '/frozen';\n\
             \x20   for ($i = 0; $i < 200 && !file_exists($flag); $i++) {{ usleep(25000); }}\n\
             \x20   usleep(500000);\n\
             \x20   update_option('slow_write_{round}', file_exists($flag) ? 'written under the freeze' : 'no freeze seen');\n\
             \x20   {writes}\n\
             \x20   echo 'written';\n\
             \x20   exit;\n\
             \x20 }});\n\
             }}\n",
            started = started.display().to_string()
        ),
    )
    .unwrap();
    let release = s
        .command(&["release", "shop", "--from", "staging", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The write is sent once the new instance is previewed: its health
    // check and then the freeze come next (sent earlier, it would meet
    // PHP-FPM's reload for the new instance's pool).
    let sites = s.home.path().join("nginx/sites");
    let previewed = || {
        std::fs::read_dir(&sites).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("~preview-")
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !previewed() {
        assert!(
            std::time::Instant::now() < deadline,
            "the release never previewed its instance"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let addr = format!("127.0.0.1:{}", s.port);
    let host = s.host("shop");
    let writer = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "POST /?slow-write HTTP/1.0\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    });
    let output = release.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer = writer.join().unwrap();
    assert!(
        started.exists(),
        "the slow write never reached PHP: {answer}"
    );
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("written"),
        "{answer}"
    );
    assert_page(&s.get(&s.host("shop"), "/?after"), "content=\"harbour-2\"");
    assert_eq!(
        s.php("shop", &format!("echo get_option('slow_write_{round}');"))
            .trim(),
        "written under the freeze"
    );
    json(&String::from_utf8_lossy(&output.stdout))
}

#[test]
fn a_write_under_way_when_the_freeze_begins_is_in_the_release() {
    let Some(s) = Slipway::new() else { return };
    site_with_staging(&s, "harbour-2");
    // A trigger on production logs every new comment in a table of its
    // own. Rows carried into the release must not fire it again: the log
    // already holds their entries.
    s.php(
        "shop",
        "global $wpdb; $log = $wpdb->prefix . 'commentlog';\n\
         $wpdb->query(\"CREATE TABLE $log (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, comment_id bigint unsigned NOT NULL)\");\n\
         $wpdb->query(\"CREATE TRIGGER log_comments AFTER INSERT ON {$wpdb->comments} FOR EACH ROW INSERT INTO $log (comment_id) VALUES (NEW.comment_ID)\") or die($wpdb->last_error);",
    );
    let released = release_with_a_slow_write(
        &s,
        "one",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Written under the freeze', 'comment_approved' => 1]);\n\
         wp_delete_comment(1, true);\n\
         wp_update_post(['ID' => 1, 'post_title' => 'Renamed under the freeze']);",
    );
    // Only the rows written since the checkpoint were carried, and all of
    // them: a comment added, one deleted, a post renamed, the trigger's log
    // entry, with the trigger itself back in place.
    assert_eq!(
        released["tables_loaded_whole"],
        serde_json::json!([]),
        "{released}"
    );
    assert!(
        released["rows_carried"].as_u64().unwrap() >= 4,
        "{released}"
    );
    let state = |s: &Slipway| {
        s.php(
            "shop",
            "global $wpdb;\n\
             echo get_post(1)->post_title, '|', get_comment(1) ? 'comment 1 kept' : 'comment 1 gone', '|';\n\
             echo implode(',', $wpdb->get_col(\"SELECT comment_content FROM {$wpdb->comments} ORDER BY comment_ID\")), '|';\n\
             echo $wpdb->get_var(\"SELECT COUNT(*) FROM {$wpdb->prefix}commentlog\"), '|', get_option('db_version');",
        )
    };
    let db_version = s.php("shop", "echo get_option('db_version');");
    assert_eq!(
        state(&s).trim(),
        format!("Renamed under the freeze|comment 1 gone|Written under the freeze|1|{db_version}")
    );
    s.php(
        "shop",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'After', 'comment_approved' => 1]);",
    );
    assert!(state(&s).contains("|2|"), "the trigger fires again");

    // Again with production's database a version behind, so that the
    // release's WordPress upgrade changes it: the rows are still carried
    // alone, the upgrade runs again over them, and the version it leaves
    // is core's.
    s.php(
        "shop",
        "update_option('db_version', get_option('db_version') - 1);",
    );
    let released = release_with_a_slow_write(
        &s,
        "two",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Written under the second freeze', 'comment_approved' => 1]);\n\
         wp_update_post(['ID' => 1, 'post_title' => 'Renamed again']);",
    );
    assert_ne!(
        released["db_version"][0], released["db_version"][1],
        "{released}"
    );
    assert_eq!(
        released["tables_loaded_whole"],
        serde_json::json!([]),
        "{released}"
    );
    assert_eq!(
        state(&s).trim(),
        format!("Renamed again|comment 1 gone|Written under the freeze,After,Written under the second freeze|3|{db_version}")
    );
}
