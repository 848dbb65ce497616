//! The version repository on a real directory: save, list, read back, keep
//! unchanged files without reading them, and stay readable by stock restic.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use slipway_repository::{Content, Item, NewSnapshot, Store};

fn snapshot(
    items: Vec<Item>,
    trees: Vec<(PathBuf, PathBuf)>,
    parent: Option<String>,
) -> NewSnapshot {
    NewSnapshot {
        items,
        trees,
        tags: vec!["site=shop".into(), "env=production".into()],
        label: "shop".into(),
        description: "a test version".into(),
        host: "slipway".into(),
        path: "/shop/production".into(),
        parent,
        follow: Vec::new(),
    }
}

fn read(store: &Store, id: &str, path: &str) -> Vec<u8> {
    let reader = store.reader(id).unwrap();
    let mut out = Vec::new();
    reader
        .open(Path::new(path))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn versions_save_dedupe_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let uploads = dir.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2026/11")).unwrap();
    std::fs::write(uploads.join("2026/11/photo.jpg"), vec![7u8; 300_000]).unwrap();
    let big: Vec<u8> = (0..3_000_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let staged = dir.path().join("wp_posts.sql");
    std::fs::write(&staged, &big).unwrap();

    let store = Store::open_or_init(repo.to_str().unwrap(), "secret", None).unwrap();
    let first = store
        .save(snapshot(
            vec![
                Item {
                    path: "db/wp_posts.sql".into(),
                    content: Content::File(staged.clone()),
                },
                Item {
                    path: "slipway.json".into(),
                    content: Content::Bytes(b"{\"v\":1}".to_vec()),
                },
            ],
            vec![("uploads".into(), uploads.clone())],
            None,
        ))
        .unwrap();
    assert!(first.data_added >= big.len() as u64);

    // The table is kept unchanged without its bytes being given again (the
    // staged file is gone), and the uploads tree is not read again.
    std::fs::remove_file(&staged).unwrap();
    let second = store
        .save(snapshot(
            vec![
                Item {
                    path: "db/wp_posts.sql".into(),
                    content: Content::Unchanged,
                },
                Item {
                    path: "slipway.json".into(),
                    content: Content::Bytes(b"{\"v\":2}".to_vec()),
                },
            ],
            vec![("uploads".into(), uploads.clone())],
            Some(first.id.clone()),
        ))
        .unwrap();
    assert!(
        second.data_added < 10_000,
        "second save added {} bytes",
        second.data_added
    );
    assert_eq!(read(&store, &second.id, "db/wp_posts.sql"), big);
    assert_eq!(read(&store, &second.id, "slipway.json"), b"{\"v\":2}");
    assert_eq!(read(&store, &first.id, "slipway.json"), b"{\"v\":1}");

    let listed = store.snapshots().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].tags.contains(&"site=shop".to_string()));

    let files: Vec<String> = store
        .reader(&second.id)
        .unwrap()
        .walk(Path::new(""))
        .unwrap()
        .into_iter()
        .filter(|e| !e.is_dir)
        .map(|e| e.path.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "db/wp_posts.sql",
            "slipway.json",
            "uploads/2026/11/photo.jpg"
        ]
    );

    // Restored over what an earlier restore left, the directory ends up
    // holding the snapshot's files and nothing else.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(restored.join("2019/01")).unwrap();
    std::fs::write(restored.join("2019/01/old.jpg"), b"old").unwrap();
    std::fs::write(restored.join("stray.txt"), b"stray").unwrap();
    store
        .reader(&second.id)
        .unwrap()
        .restore_dir(Path::new("uploads"), &restored)
        .unwrap();
    assert_eq!(
        std::fs::read(restored.join("2026/11/photo.jpg")).unwrap(),
        vec![7u8; 300_000]
    );
    assert!(!restored.join("2019/01/old.jpg").exists());
    assert!(!restored.join("stray.txt").exists());

    // Stock restic reads what slipway wrote.
    let restic = Command::new("restic")
        .args([
            "-r",
            repo.to_str().unwrap(),
            "snapshots",
            "--json",
            "--no-cache",
        ])
        .env("RESTIC_PASSWORD", "secret")
        .output();
    match restic {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains(&second.id), "{text}");
            // The staging directory of atomic writes is no concern of
            // restic's: the repository checks clean.
            let check = Command::new("restic")
                .args(["-r", repo.to_str().unwrap(), "check", "--no-cache"])
                .env("RESTIC_PASSWORD", "secret")
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{}{}",
                String::from_utf8_lossy(&check.stdout),
                String::from_utf8_lossy(&check.stderr)
            );
            assert!(repo.join(".slipway-tmp").is_dir());
        }
        Err(e) if std::env::var_os("CI").is_none() => eprintln!("skipped: no restic ({e})"),
        Err(e) => panic!("restic is needed in CI: {e}"),
    }
}

#[test]
fn links_into_a_followed_directory_are_saved_as_its_contents() {
    let work = tempfile::tempdir().unwrap();
    let store =
        Store::open_or_init(work.path().join("repo").to_str().unwrap(), "secret", None).unwrap();
    // A package tree kept elsewhere, and a site's plugins linking to it;
    // another link points outside and stays a link.
    let trees = work.path().join("store/trees");
    std::fs::create_dir_all(trees.join("plugin-abc")).unwrap();
    std::fs::write(trees.join("plugin-abc/hello.php"), "<?php // hello").unwrap();
    let plugins = work.path().join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    std::os::unix::fs::symlink(trees.join("plugin-abc"), plugins.join("hello")).unwrap();
    std::os::unix::fs::symlink("/usr/share", plugins.join("elsewhere")).unwrap();
    let mut new = snapshot(
        Vec::new(),
        vec![(PathBuf::from("code/plugins"), plugins.clone())],
        None,
    );
    new.follow = vec![std::fs::canonicalize(&trees).unwrap()];
    let saved = store.save(new).unwrap();
    assert_eq!(
        read(&store, &saved.id, "code/plugins/hello/hello.php"),
        b"<?php // hello"
    );
    let restored = work.path().join("restored");
    store
        .reader(&saved.id)
        .unwrap()
        .restore_dir(Path::new("code/plugins"), &restored)
        .unwrap();
    assert!(std::fs::symlink_metadata(restored.join("hello"))
        .unwrap()
        .is_dir());
    assert!(std::fs::symlink_metadata(restored.join("elsewhere"))
        .unwrap()
        .file_type()
        .is_symlink());
}
