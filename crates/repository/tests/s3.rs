//! The version repository in a real S3 bucket (a private Garage node):
//! saved, deduplicated, read back, pruned, and readable by stock restic with
//! the same `s3:` location.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use slipway_repository::{Content, Item, NewSnapshot, S3Access, Store};
use slipway_testkit::Garage;

fn snapshot(body: &[u8], parent: Option<String>) -> NewSnapshot {
    NewSnapshot {
        items: vec![
            Item {
                path: "db/wp_posts.sql".into(),
                content: Content::Bytes(body.to_vec()),
            },
            Item {
                path: "slipway.json".into(),
                content: Content::Bytes(format!("{{\"len\":{}}}", body.len()).into_bytes()),
            },
        ],
        tags: vec!["site=shop".into()],
        label: "shop".into(),
        host: "slipway".into(),
        path: "/shop/production".into(),
        parent,
        ..NewSnapshot::default()
    }
}

fn restic(garage: &Garage, location: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new("restic")
        .arg("-r")
        .arg(location)
        .args(args)
        .arg("--no-cache")
        .env("RESTIC_PASSWORD", "secret")
        .envs(garage.env())
        .output()
        .expect("restic runs (scripts/install-deps installs it)");
    assert!(
        out.status.success(),
        "restic {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The node's keys.
fn access(garage: &Garage) -> S3Access {
    S3Access {
        access_key_id: garage.access_key_id().into(),
        secret_access_key: garage.secret_access_key().into(),
        region: Some(garage.region().into()),
    }
}

#[test]
fn versions_live_in_a_bucket_that_stock_restic_reads() {
    let Some(program) = Garage::require() else {
        return;
    };
    let garage = Garage::start(&program).unwrap();
    let access = access(&garage);
    let location = garage.location("shop");
    let store = Store::open_or_init(&location, "secret", Some(&access)).unwrap();

    // Irregular bytes, so content-defined chunking finds its cut points.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let body: Vec<u8> = (0..24_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let first = store.save(snapshot(&body, None)).unwrap();
    assert!(first.data_added >= body.len() as u64);

    // Opening again finds the repository rather than making a new one, and
    // the same table deduplicates against what the bucket holds.
    let again = Store::open_or_init(&location, "secret", Some(&access)).unwrap();
    let mut changed = body.clone();
    changed.extend_from_slice(b"one more row\n");
    let second = again
        .save(snapshot(&changed, Some(first.id.clone())))
        .unwrap();
    // Only the last chunk changes, and a chunk is at most 8 MiB whatever
    // the repository's random chunker polynomial; the rest is metadata.
    assert!(
        second.data_added < (8 << 20) + (64 << 10),
        "a second save of nearly the same 24 MB table added {} bytes",
        second.data_added
    );
    let mut read = Vec::new();
    again
        .reader(&second.id)
        .unwrap()
        .open(Path::new("db/wp_posts.sql"))
        .unwrap()
        .read_to_end(&mut read)
        .unwrap();
    assert_eq!(read, changed);

    // Stock restic lists both and prints the table slipway wrote.
    let listed = String::from_utf8(restic(&garage, &location, &["snapshots", "--json"])).unwrap();
    assert!(
        listed.contains(&first.id) && listed.contains(&second.id),
        "{listed}"
    );
    let dumped = restic(
        &garage,
        &location,
        &["dump", &second.id, "/db/wp_posts.sql"],
    );
    assert!(dumped == changed, "restic dump differs from what was saved");

    // Forgetting and pruning the first leaves the second whole.
    again.forget(std::slice::from_ref(&first.id)).unwrap();
    again.prune().unwrap();
    let listed = again.snapshots().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, second.id);
    restic(&garage, &location, &["check", "--read-data"]);
}

#[test]
fn a_wrong_key_or_bucket_is_one_clear_error() {
    let Some(program) = Garage::require() else {
        return;
    };
    let garage = Garage::start(&program).unwrap();
    let wrong = S3Access {
        access_key_id: garage.access_key_id().into(),
        secret_access_key: "0".repeat(64),
        region: Some(garage.region().into()),
    };
    let error = Store::open_or_init(&garage.location("shop"), "secret", Some(&wrong))
        .unwrap_err()
        .to_string();
    assert!(error.contains(&garage.location("shop")), "{error}");
    assert!(error.contains("PermissionDenied"), "{error}");

    let missing = format!("s3:{}/no-such-bucket", garage.endpoint());
    let right = S3Access {
        secret_access_key: garage.secret_access_key().into(),
        ..wrong
    };
    let error = Store::open_or_init(&missing, "secret", Some(&right))
        .unwrap_err()
        .to_string();
    assert!(error.contains("NoSuchBucket"), "{error}");

    let error = Store::open_or_init(&garage.location("shop"), "secret", None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("AWS_ACCESS_KEY_ID"), "{error}");
}

#[test]
fn a_versions_uploads_are_copied_into_a_media_bucket_file_by_file() {
    let Some(program) = Garage::require() else {
        return;
    };
    let garage = Garage::start(&program).unwrap();
    let access = access(&garage);
    let store = Store::open_or_init(&garage.location("versions"), "secret", Some(&access)).unwrap();
    // A photo larger than one part of a multipart upload, a nested file, an
    // empty one, and a file outside uploads that must not be copied.
    let photo: Vec<u8> = (0..9_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("uploads/2024/05/photo.jpg", photo),
        ("uploads/2024/05/photo-150x150.jpg", b"thumbnail".to_vec()),
        ("uploads/woocommerce_uploads/.htaccess", Vec::new()),
        (
            "db/wp_posts.sql",
            b"INSERT INTO wp_posts VALUES (1);\n".to_vec(),
        ),
    ];
    let saved = store
        .save(NewSnapshot {
            items: files
                .iter()
                .map(|(path, body)| Item {
                    path: (*path).into(),
                    content: Content::Bytes(body.clone()),
                })
                .collect(),
            label: "shop".into(),
            host: "slipway".into(),
            path: "/shop/production".into(),
            ..NewSnapshot::default()
        })
        .unwrap();

    let media = slipway_repository::Bucket::open(&garage.location("shop"), &access).unwrap();
    let reader = store.reader(&saved.id).unwrap();
    // Left from an earlier derive: an upload this version lacks goes, an
    // object beside the uploads stays.
    media
        .put("shop/staging/uploads/2019/01/old.jpg", &mut &b"old"[..])
        .unwrap();
    media
        .put("shop/staging/notes.txt", &mut &b"keep"[..])
        .unwrap();
    let mirrored = reader
        .mirror_dir_to_bucket(Path::new("uploads"), &media, "shop/staging/uploads")
        .unwrap();
    assert_eq!(
        mirrored,
        slipway_repository::Mirrored {
            copied: 3,
            removed: 1
        }
    );
    assert_eq!(
        media.keys("shop/staging").unwrap(),
        vec![
            "shop/staging/notes.txt",
            "shop/staging/uploads/2024/05/photo-150x150.jpg",
            "shop/staging/uploads/2024/05/photo.jpg",
            "shop/staging/uploads/woocommerce_uploads/.htaccess",
        ]
    );
    for (path, body) in &files[..3] {
        let key = format!("shop/staging/{path}");
        assert!(media.get(&key).unwrap() == *body, "{key} differs");
    }
    // A version without the directory leaves nothing under the prefix.
    let emptied = reader
        .mirror_dir_to_bucket(Path::new("media"), &media, "shop/staging/uploads")
        .unwrap();
    assert_eq!((emptied.copied, emptied.removed), (0, 3));
    assert_eq!(
        media.keys("shop/staging").unwrap(),
        vec!["shop/staging/notes.txt"]
    );

    let error = slipway_repository::Bucket::open("/var/media", &access)
        .unwrap_err()
        .to_string();
    assert!(error.contains("not an s3: location"), "{error}");
}
