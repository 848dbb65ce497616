//! Versions kept off-site: the state directory's repository in an S3 bucket
//! (a private Garage node), drawn, deduplicated and derived from as with a
//! local one, and readable by stock restic from the bucket.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{assert_page, Slipway};
use slipway_testkit::Garage;

/// A state directory whose version repository is in a bucket of a private
/// Garage node (its location, and the keys in every command's environment).
fn in_a_bucket() -> Option<(Slipway, Garage, String)> {
    let program = Garage::require()?;
    let mut s = Slipway::new()?;
    let garage = Garage::start(&program).unwrap();
    let location = garage.location("fleet");
    s.env.push(("SLIPWAY_REPOSITORY".into(), location.clone()));
    for (name, value) in garage.env() {
        s.env.push((name.into(), value));
    }
    Some((s, garage, location))
}

#[test]
fn versions_drawn_into_a_bucket_are_derived_from_and_read_by_restic() {
    let Some((mut s, garage, location)) = in_a_bucket() else {
        return;
    };

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
    let restic = |args: &[&str]| common::restic(&location, &password, &garage.env(), args);
    let snapshots: serde_json::Value =
        serde_json::from_str(&restic(&["snapshots", "--json"])).unwrap();
    assert_eq!(snapshots.as_array().unwrap().len(), 2);
    let snapshot = second["snapshot"].as_str().unwrap();
    let comments = restic(&["dump", snapshot, "/db/wp_comments.sql"]);
    assert!(comments.contains("jane.doe@customer.example"), "{comments}");
}

#[test]
fn a_local_repository_copies_each_version_to_an_offsite_bucket() {
    let Some(program) = Garage::require() else {
        return;
    };
    let Some(mut s) = Slipway::new() else { return };
    let garage = Garage::start(&program).unwrap();
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    s.ok(&["draw", "shop"]);

    // A wrong key is refused when the copy is set, not at the first draw.
    let location = garage.location("offsite");
    s.env = vec![
        ("AWS_ACCESS_KEY_ID".into(), garage.access_key_id().into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "0".repeat(64)),
        ("AWS_DEFAULT_REGION".into(), garage.region().into()),
    ];
    let refused = s.run(&["offsite", "set", &location]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("PermissionDenied"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    s.env = garage
        .env()
        .into_iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
    s.ok(&["offsite", "set", &location]);
    s.env.clear();

    // The version drawn before is pushed; later draws copy themselves (and
    // what releases drew meanwhile).
    assert!(s
        .ok(&["offsite", "push"])
        .contains("copied 1 versions off-site (0 there already)"));
    s.php(
        "shop",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Off-site comment', 'comment_approved' => 1]);",
    );
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    let status = drawn["offsite"].as_str().unwrap();
    assert!(status.starts_with("1 copied to s3:"), "{drawn}");
    assert!(s
        .ok(&["offsite", "push", "shop"])
        .contains("copied 0 versions off-site (2 there already)"));

    // Stock restic reads the copies with the off-site password, and the
    // second holds the new comment.
    let text = std::fs::read_to_string(s.home.path().join("repository.toml")).unwrap();
    let settings: toml::Value = toml::from_str(&text).unwrap();
    let password = settings["offsite"]["password"].as_str().unwrap();
    assert_ne!(password, settings["password"].as_str().unwrap());
    let restic = |args: &[&str]| common::restic(&location, password, &garage.env(), args);
    let snapshots: serde_json::Value = serde_json::from_str(&restic(&[
        "snapshots",
        "--json",
        "--tag",
        "version=shop-v2",
    ]))
    .unwrap();
    let id = snapshots[0]["short_id"].as_str().unwrap().to_string();
    assert!(restic(&["dump", &id, "/db/wp_comments.sql"]).contains("Off-site comment"));
}

#[test]
fn a_version_is_derived_onto_media_in_a_bucket() {
    // What a Kubernetes derive Job does for an environment whose media is
    // on S3: the uploads become objects under the environment's prefix,
    // where S3-Uploads reads them; the database is loaded as usual.
    let Some((s, garage, location)) = in_a_bucket() else {
        return;
    };
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    let subdir = s.php(
        "shop",
        "$dir = wp_upload_dir(); file_put_contents($dir['path'] . '/chart.txt', 'high water 06:12'); echo ltrim($dir['subdir'], '/');",
    );
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    let version = drawn["version"].as_str().unwrap().to_string();
    s.ok(&["site", "create", "dock", "--title", "Dock"]);

    // Secrets as a pod mounts them: the database account, the keys of the
    // repository's bucket and of the media bucket (here the same node).
    let secrets = s.home.path().join("secrets-for-derive");
    let (db, keys) = (secrets.join("db"), secrets.join("s3"));
    s.connection_files("dock", &db);
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::write(keys.join("access-key-id"), garage.access_key_id()).unwrap();
    std::fs::write(keys.join("secret-access-key"), garage.secret_access_key()).unwrap();
    let text = std::fs::read_to_string(s.home.path().join("repository.toml")).unwrap();
    let password = text
        .lines()
        .find_map(|l| l.strip_prefix("password = "))
        .unwrap()
        .trim_matches('"');
    std::fs::write(secrets.join("repository-password"), password).unwrap();
    std::fs::write(secrets.join("scrub-key"), "5c".repeat(32)).unwrap();

    let media = garage.location("media/dock/staging");
    let bucket = slipway_repository::Bucket::open(
        &media,
        &slipway_repository::S3Access {
            access_key_id: garage.access_key_id().into(),
            secret_access_key: garage.secret_access_key().into(),
            region: Some(garage.region().into()),
        },
    )
    .unwrap();
    // What a derive of an earlier version left: its upload goes, an object
    // beside the uploads stays.
    bucket
        .put("uploads/2019/01/tide-table.txt", &mut &b"old"[..])
        .unwrap();
    bucket.put("notes.txt", &mut &b"keep"[..]).unwrap();
    let run = s
        .command(&[
            "derive",
            "--repository",
            &location,
            "--password-file",
            secrets.join("repository-password").to_str().unwrap(),
            "--s3-keys",
            keys.to_str().unwrap(),
            "--s3-region",
            garage.region(),
            "--version",
            &version,
            "--url",
            &format!("http://{}", s.host("dock")),
            "--database",
            db.to_str().unwrap(),
            "--uploads-s3",
            &media,
            "--uploads-s3-keys",
            keys.to_str().unwrap(),
            "--uploads-s3-region",
            garage.region(),
            "--scrub-key-file",
            secrets.join("scrub-key").to_str().unwrap(),
        ])
        .env_remove("SLIPWAY_HOME")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "copied 1 uploads of {version} to {media}, removed 1 left from before"
        )),
        "{stdout}"
    );
    let key = format!("uploads/{}/chart.txt", subdir.trim());
    assert_eq!(bucket.keys("uploads").unwrap(), std::slice::from_ref(&key));
    assert_eq!(bucket.get(&key).unwrap(), b"high water 06:12");
    assert_eq!(bucket.get("notes.txt").unwrap(), b"keep");
    s.php("dock", "wp_cache_flush();");
    assert_eq!(
        s.php("dock", "echo get_option('blogname');").trim(),
        "Harbour Shop"
    );
}
