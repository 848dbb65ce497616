//! Versions kept off-site: the state directory's repository in an S3 bucket
//! (a private Garage node), drawn, deduplicated and derived from as with a
//! local one, and readable by stock restic from the bucket.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::{assert_page, Slipway};
use slipway_testkit::Garage;

#[test]
fn versions_drawn_into_a_bucket_are_derived_from_and_read_by_restic() {
    let Some(program) = Garage::require() else {
        return;
    };
    let Some(mut s) = Slipway::new() else { return };
    let garage = Garage::start(&program).unwrap();
    let location = garage.location("fleet");
    s.env.push(("SLIPWAY_REPOSITORY".into(), location.clone()));
    for (name, value) in garage.env() {
        s.env.push((name.into(), value));
    }

    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    s.php(
        "shop",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Lovely harbour', 'comment_author_email' => 'jane.doe@customer.example', 'comment_approved' => 1]);",
    );
    let first: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(first["version"], "shop-v1");

    // The keys were kept with the location, readable by the owner alone,
    // so later commands (and the cron runner) need no environment.
    let settings = s.home.path().join("repository.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(
        text.contains(&location) && text.contains(garage.access_key_id()),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&settings).unwrap().permissions().mode() & 0o777,
        0o600
    );
    s.env.clear();

    let second: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(second["tables_read"], 0, "{second}");
    assert!(
        second["new_bytes"].as_u64().unwrap() < 16 << 10,
        "a second draw stored {} bytes in the bucket",
        second["new_bytes"]
    );

    // A staging copy derived from the bucket's version serves, scrubbed.
    s.ok(&["env", "create", "shop/staging", "--from", "shop-v2"]);
    let staging = format!("staging.shop.localhost:{}", s.port);
    assert_page(&s.get(&staging, "/"), "Harbour Shop");
    let emails = s.php(
        "shop/staging",
        "global $wpdb; echo implode(',', $wpdb->get_col(\"SELECT comment_author_email FROM {$wpdb->comments}\"));",
    );
    assert!(!emails.contains("jane.doe@customer.example"), "{emails}");

    // Stock restic, given the same location and keys, lists both versions
    // and prints production's comments table as it was drawn.
    let password = text
        .lines()
        .find_map(|l| l.strip_prefix("password = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let restic = |args: &[&str]| -> String {
        let out = Command::new("restic")
            .args(["-r", &location, "--no-cache"])
            .args(args)
            .env("RESTIC_PASSWORD", &password)
            .envs(garage.env())
            .output()
            .expect("restic is installed by scripts/install-deps");
        assert!(
            out.status.success(),
            "restic {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let snapshots: serde_json::Value =
        serde_json::from_str(&restic(&["snapshots", "--json"])).unwrap();
    assert_eq!(snapshots.as_array().unwrap().len(), 2);
    let snapshot = second["snapshot"].as_str().unwrap();
    let comments = restic(&["dump", snapshot, "/db/wp_comments.sql"]);
    assert!(comments.contains("jane.doe@customer.example"), "{comments}");
}
