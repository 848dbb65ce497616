//! The store end to end over a real HTTP directory on loopback: a manifest
//! locked from every kind of source, the lock reproduced byte for byte in
//! another state directory, tampering refused, drift reported.

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use slipway_codestore::verify::{verify_tree, Change, CoreCheck, Options};
use slipway_codestore::{assemble, materialize, resolve, Fetcher, HashCache, Store, Update};
use slipway_manifest::{Kind, Lock, Manifest};
use slipway_testkit::{zip_of, PackageDirectory};

const HELLO_10: &[u8] = b"<?php\n/*\n * Plugin Name: Hello\n * Version: 1.0\n */\n";
const HELLO_11: &[u8] = b"<?php\n/*\n * Plugin Name: Hello\n * Version: 1.1\n */\necho 'hi';\n";

/// A small WordPress core tree.
fn fake_core(dir: &Path) {
    for (path, body) in [
        ("wp-load.php", "<?php // load"),
        ("index.php", "<?php // front"),
        ("wp-admin/index.php", "<?php // admin"),
        ("wp-includes/version.php", "<?php\n$wp_version = '6.1.1';\n"),
        ("wp-includes/functions.php", "<?php // functions"),
        ("wp-config.php", "<?php // never taken"),
        ("wp-content/index.php", "<?php // Silence is golden."),
    ] {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, body).unwrap();
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.test"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `root` as PHP and nginx see it (links to the store's
/// package trees followed): contents and mode, by relative path.
fn snapshot(root: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(
                    rel,
                    (
                        std::fs::read(&path).unwrap(),
                        meta.permissions().mode() & 0o7777,
                    ),
                );
            }
        }
    }
    out
}

struct Fixture {
    directory: PackageDirectory,
    work: tempfile::TempDir,
    manifest: Manifest,
}

fn fixture() -> Fixture {
    let directory = PackageDirectory::start().unwrap();
    directory.publish("plugins", "hello", "1.0", &[("hello.php", HELLO_10)]);
    directory.publish(
        "plugins",
        "hello",
        "1.1",
        &[("hello.php", HELLO_11), ("readme.txt", b"Hello")],
    );
    directory.publish(
        "themes",
        "plain",
        "1.0",
        &[
            ("style.css", b"/*\nTheme Name: Plain\nVersion: 1.0\n*/"),
            ("index.php", b"<?php"),
        ],
    );
    let premium = zip_of(
        Some("premium"),
        &[(
            "premium.php",
            b"<?php\n/*\n * Plugin Name: Premium\n * Version: 2.0.1\n */\n",
        )],
    );
    let premium_url = directory.serve("/vendor/premium-2.0.1.zip", premium);
    let work = tempfile::tempdir().unwrap();
    fake_core(&work.path().join("core"));
    let mu = work.path().join("mu");
    std::fs::create_dir_all(&mu).unwrap();
    std::fs::write(mu.join("tweaks.php"), "<?php // tweaks").unwrap();
    let repo = work.path().join("forked");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(
        repo.join("forked.php"),
        "<?php\n/*\n * Plugin Name: Forked\n * Version: 3.0\n */\n",
    )
    .unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "first"]);
    git(&repo, &["tag", "v3.0"]);
    let text = format!(
        r#"[kubernetes]
replicas = 2

[directory]
url = "{url}"

[core]
version = "6.1"
path = "core"

[php]
version = "8.2"

[plugins]
hello = "^1.0"
premium = {{ version = "2.0", zip = "{premium_url}" }}
forked = {{ git = "{repo}", ref = "v3.0" }}

[themes]
plain = "1.0"

[mu-plugins]
tweaks = {{ path = "mu" }}
"#,
        url = directory.url(),
        repo = repo.display()
    );
    let manifest = Manifest::parse("slipway.toml", &text).unwrap();
    Fixture {
        directory,
        work,
        manifest,
    }
}

fn store_in(dir: &Path) -> Store {
    Store::open(dir.join("store")).unwrap()
}

fn lock_of(f: &Fixture, store: &Store) -> Lock {
    resolve(
        &f.manifest,
        f.work.path(),
        None,
        &Update::Nothing,
        store,
        &Fetcher::default(),
    )
    .unwrap()
}

#[test]
fn a_lock_pins_every_source_and_reproduces_identical_trees_elsewhere() {
    let f = fixture();
    let home_a = tempfile::tempdir().unwrap();
    let store_a = store_in(home_a.path());
    let lock = lock_of(&f, &store_a);

    let hello = lock.package(Kind::Plugin, "hello").unwrap();
    assert_eq!(hello.version, "1.1", "the highest version ^1.0 allows");
    assert_eq!(hello.files.len(), 2);
    assert_eq!(
        lock.package(Kind::Plugin, "premium").unwrap().version,
        "2.0.1"
    );
    assert_eq!(lock.package(Kind::Theme, "plain").unwrap().version, "1.0");
    assert_eq!(lock.core().unwrap().version, "6.1.1");
    assert!(!lock.core().unwrap().files.contains_key("wp-config.php"));
    let forked = lock.package(Kind::Plugin, "forked").unwrap();
    assert_eq!(forked.version, "3.0");
    let slipway_manifest::Source::Git { reference, .. } = &forked.source else {
        panic!("git source expected");
    };
    assert_eq!(reference.len(), 40, "locked at the commit, not the tag");
    assert_eq!(lock.php.as_deref(), Some("8.2"));

    // The lock goes through its text to another state directory, which
    // fetches what it lacks and builds the same tree.
    let text = lock.to_toml();
    let lock_b = Lock::parse("slipway.lock", &text).unwrap();
    let home_b = tempfile::tempdir().unwrap();
    let store_b = store_in(home_b.path());
    let mut cache = HashCache::new();
    let installed = store_b
        .install(&lock_b, &Fetcher::default(), &mut cache)
        .unwrap();
    assert_eq!(installed.restored, lock.packages.len());
    let tree_a = home_a.path().join("tree");
    let tree_b = home_b.path().join("tree");
    assemble(&store_a, &lock, &tree_a).unwrap();
    let built = assemble(&store_b, &lock_b, &tree_b).unwrap();
    assert_eq!(
        snapshot(&tree_b).len(),
        slipway_codestore::plan(&lock_b).len(),
        "every locked file, and nothing else"
    );
    // Package directories are one link each to the store's tree of the
    // package, not a link per file.
    assert!(built.linked_dirs >= 2, "{built:?}");
    let plugin = tree_b.join("wp-content/plugins/hello");
    assert!(std::fs::symlink_metadata(&plugin)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_link(&plugin)
        .unwrap()
        .starts_with(store_b.root().join("trees")));
    assert_eq!(snapshot(&tree_a), snapshot(&tree_b));
    assert!(tree_b.join("wp-content/plugins/hello/hello.php").is_file());
    assert!(tree_b.join("wp-content/mu-plugins/tweaks.php").is_file());
    assert!(tree_b.join("wp-content/themes/plain/style.css").is_file());
    let mode = std::fs::metadata(tree_b.join("wp-content/plugins/hello"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o555, "package directories are read-only");

    // A second site shares the very same files: one inode per content.
    let tree_c = home_b.path().join("tree-2");
    assemble(&store_b, &lock_b, &tree_c).unwrap();
    let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
    assert_eq!(
        ino(&tree_b.join("wp-includes/version.php")),
        ino(&tree_c.join("wp-includes/version.php"))
    );

    // Everything is in the store now: installing again needs no network.
    let requests = f.directory.requests();
    let again = store_b
        .install(&lock_b, &Fetcher::default(), &mut HashCache::new())
        .unwrap();
    assert_eq!(again.present, lock.packages.len());
    assert_eq!(f.directory.requests(), requests);

    // Locking again keeps what still satisfies the manifest; updating one
    // package moves only it.
    let relock = resolve(
        &f.manifest,
        f.work.path(),
        Some(&lock),
        &Update::Nothing,
        &store_a,
        &Fetcher::default(),
    )
    .unwrap();
    assert_eq!(relock, lock);
    slipway_codestore::remove_tree(&tree_c).unwrap();
    assert!(!tree_c.exists());
}

#[test]
fn install_refuses_tampered_archives_naming_them() {
    let f = fixture();
    let home_a = tempfile::tempdir().unwrap();
    let lock = lock_of(&f, &store_in(home_a.path()));
    let hello = lock.package(Kind::Plugin, "hello").unwrap();
    let url = hello.url.clone().unwrap();

    // The directory now serves something else at the locked URL.
    let path = url.strip_prefix(&f.directory.url()).unwrap().to_string();
    f.directory.serve(
        &path,
        zip_of(
            Some("hello"),
            &[("hello.php", b"<?php system($_GET['c']);")],
        ),
    );
    let home_b = tempfile::tempdir().unwrap();
    let err = store_in(home_b.path())
        .install(&lock, &Fetcher::default(), &mut HashCache::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains(&url) && err.contains("refusing"), "{err}");
    assert!(err.contains("plugin hello 1.1"), "{err}");

    // A stored archive changed on disk is refused too, by its path, when
    // the store needs it.
    let store_a = store_in(home_a.path());
    let archive = store_a.archive_path(hello.sha256.as_ref().unwrap());
    std::fs::set_permissions(&archive, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tail");
    std::fs::write(&archive, bytes).unwrap();
    std::fs::remove_file(store_a.object_path(&hello.files["hello.php"])).unwrap();
    let err = store_a
        .install(&lock, &Fetcher::default(), &mut HashCache::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains(&archive.display().to_string()), "{err}");
}

#[test]
fn verify_reports_a_web_shell_in_uploads_and_a_modified_core_file() {
    let f = fixture();
    let home = tempfile::tempdir().unwrap();
    let store = store_in(home.path());
    let lock = lock_of(&f, &store);
    let tree: PathBuf = home.path().join("tree");
    assemble(&store, &lock, &tree).unwrap();
    std::fs::create_dir_all(tree.join("wp-content/uploads/2026/11")).unwrap();
    std::fs::write(tree.join("wp-content/uploads/2026/11/photo.jpg"), "jpeg").unwrap();
    std::fs::write(
        tree.join("wp-content/object-cache.php"),
        "<?php // slipway's",
    )
    .unwrap();
    let options = Options {
        runtime_files: &["wp-content/object-cache.php"],
        published: None,
        store: Some(&store),
    };
    let clean = verify_tree(&tree, &lock, &options, &mut HashCache::new()).unwrap();
    assert_eq!(clean.drift, [], "a fresh tree matches its lock");
    assert_eq!(clean.core, CoreCheck::Lock);
    assert_eq!(clean.files_checked, slipway_codestore::plan(&lock).len());

    std::fs::write(
        tree.join("wp-content/uploads/2026/11/shell.php"),
        "<?php eval($_POST['x']);",
    )
    .unwrap();
    // A modified core file: hard links share the inode, so this is the
    // store's object too, which is exactly why verify must find it.
    let version = tree.join("wp-includes/version.php");
    std::fs::set_permissions(&version, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(
        &version,
        "<?php\n$wp_version = '6.1.1'; @include '/tmp/x';\n",
    )
    .unwrap();
    std::fs::set_permissions(&version, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(
        tree.join("wp-content/plugins/hello"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::remove_file(tree.join("wp-content/plugins/hello/readme.txt")).unwrap();
    std::fs::write(tree.join("wp-content/plugins/hello/backdoor.php"), "<?php").unwrap();
    std::fs::set_permissions(
        tree.join("index.php"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();

    let report = verify_tree(&tree, &lock, &options, &mut HashCache::new()).unwrap();
    let found: Vec<(&str, Change)> = report
        .drift
        .iter()
        .map(|d| (d.path.as_str(), d.change))
        .collect();
    assert_eq!(
        found,
        [
            ("index.php", Change::Mode),
            ("wp-content/plugins/hello/backdoor.php", Change::Added),
            ("wp-content/plugins/hello/readme.txt", Change::Deleted),
            (
                "wp-content/uploads/2026/11/shell.php",
                Change::CodeInUploads
            ),
            ("wp-includes/version.php", Change::Modified),
        ]
    );
    let modified = report
        .drift
        .iter()
        .find(|d| d.change == Change::Modified)
        .unwrap();
    assert_eq!(modified.package.as_deref(), Some("core"));

    // Against WordPress' published checksums: a core file that matches the
    // lock but not what WordPress shipped.
    let mut published = BTreeMap::new();
    published.insert("wp-load.php".to_string(), "0".repeat(32));
    f.directory.publish_core_checksums("6.1.1", published);
    let sums = slipway_codestore::core_checksums(&Fetcher::default(), &f.directory.url(), "6.1.1")
        .unwrap();
    let report = verify_tree(
        &tree,
        &lock,
        &Options {
            runtime_files: options.runtime_files,
            published: Some(&sums),
            store: Some(&store),
        },
        &mut HashCache::new(),
    )
    .unwrap();
    assert_eq!(report.core, CoreCheck::LockAndPublished);
    assert!(report
        .drift
        .iter()
        .any(|d| d.path == "wp-load.php" && d.change == Change::Unofficial));
    assert!(
        slipway_codestore::core_checksums(&Fetcher::default(), &f.directory.url(), "9.9").is_none()
    );
}

#[test]
fn core_comes_from_the_directory_offers_and_installs_from_the_lock() {
    let directory = PackageDirectory::start().unwrap();
    let release = |version: &str| format!("<?php\n$wp_version = '{version}';\n").into_bytes();
    let (v611, v62) = (release("6.1.1"), release("6.2"));
    let url = directory.publish_core(
        "6.1.1",
        &[
            ("wp-includes/version.php", &v611),
            ("wp-load.php", b"<?php // load"),
            ("wp-config-sample.php", b"<?php // sample"),
        ],
    );
    directory.publish_core(
        "6.2",
        &[("wp-includes/version.php", &v62), ("wp-load.php", b"<?php")],
    );
    let work = tempfile::tempdir().unwrap();
    let manifest = |requirement: &str| {
        Manifest::parse(
            "slipway.toml",
            &format!(
                "[directory]\nurl = \"{}\"\n[core]\nversion = \"{requirement}\"\n",
                directory.url()
            ),
        )
        .unwrap()
    };
    let home = tempfile::tempdir().unwrap();
    let store = store_in(home.path());
    let lock = resolve(
        &manifest("6.1"),
        work.path(),
        None,
        &Update::Nothing,
        &store,
        &Fetcher::default(),
    )
    .unwrap();
    let core = lock.core().unwrap();
    assert_eq!(core.version, "6.1.1");
    assert_eq!(core.url.as_deref(), Some(url.as_str()));
    assert!(core.sha256.is_some());
    assert!(core.files.contains_key("wp-load.php"));
    assert!(!core.files.contains_key("wp-config-sample.php"));

    // The lock alone reproduces it in another store, fetching the zip again.
    let other = tempfile::tempdir().unwrap();
    let other_store = store_in(other.path());
    other_store
        .install(&lock, &Fetcher::default(), &mut HashCache::new())
        .unwrap();

    let err = resolve(
        &manifest("7"),
        work.path(),
        None,
        &Update::Nothing,
        &store,
        &Fetcher::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("core: no version matching \"7\"") && err.contains("6.1.1, 6.2"),
        "{err}"
    );
}

#[test]
fn a_manifest_asking_for_what_the_directory_lacks_is_refused_clearly() {
    let f = fixture();
    let home = tempfile::tempdir().unwrap();
    let store = store_in(home.path());
    let refusal = |plugins: &str| {
        let text = format!(
            "[directory]\nurl = \"{}\"\n[plugins]\n{plugins}\n",
            f.directory.url()
        );
        let m = Manifest::parse("slipway.toml", &text).unwrap();
        resolve(
            &m,
            f.work.path(),
            None,
            &Update::Nothing,
            &store,
            &Fetcher::default(),
        )
        .unwrap_err()
        .to_string()
    };
    let err = refusal("hello = \"^2\"");
    assert!(
        err.contains("plugin hello: no version matching \"^2\"") && err.contains("1.0, 1.1"),
        "{err}"
    );
    let err = refusal("nothere = \"*\"");
    assert!(
        err.contains("plugin nothere is not in the directory"),
        "{err}"
    );
}

/// Serves every file of `store`'s `objects/` and `locks/` at its path, as a
/// static HTTP server over the store would.
fn serve_store(directory: &PackageDirectory, store: &Store) {
    for top in ["objects", "locks"] {
        let mut stack = vec![store.root().join(top)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(store.root())
                        .unwrap()
                        .display()
                        .to_string();
                    directory.serve(&format!("/store/{rel}"), std::fs::read(&path).unwrap());
                }
            }
        }
    }
}

#[test]
fn a_tree_is_materialized_from_a_served_store_checked_against_its_lock() {
    let f = fixture();
    let home = tempfile::tempdir().unwrap();
    let store = store_in(home.path());
    let lock = lock_of(&f, &store);
    let sha = store.keep_lock(lock.to_toml().as_bytes()).unwrap();
    assert_eq!(
        sha,
        slipway_codestore::sha256_file(&store.lock_path(&sha)).unwrap()
    );
    let assembled = home.path().join("assembled");
    assemble(&store, &lock, &assembled).unwrap();
    serve_store(&f.directory, &store);
    let url = format!("{}/store", f.directory.url());

    // Over HTTP: the same files with the same modes as the assembled tree,
    // plus the settings shim and the uploads mount point, and verify finds
    // nothing to report.
    let pod = tempfile::tempdir().unwrap();
    let code = pod.path().join("code");
    let done = materialize(
        &Fetcher::default(),
        &url,
        &sha,
        &code,
        Some("/etc/slipway/wp-config.php"),
    )
    .unwrap();
    let mut tree = snapshot(&code);
    let shim = tree.remove("wp-config.php").expect("the settings shim");
    assert!(String::from_utf8(shim.0)
        .unwrap()
        .contains("require '/etc/slipway/wp-config.php';"));
    assert_eq!(
        tree.remove(materialize::MARKER).unwrap().0,
        format!("{sha}\n").into_bytes()
    );
    assert_eq!(tree, snapshot(&assembled));
    assert_eq!(done.files, slipway_codestore::plan(&lock).len());
    assert!(done.fetched <= done.files);
    assert!(code.join("wp-content/uploads").is_dir());
    let options = Options {
        runtime_files: &["wp-config.php", materialize::MARKER],
        ..Options::default()
    };
    let report = verify_tree(&code, &lock, &options, &mut HashCache::new()).unwrap();
    assert_eq!(report.drift, []);
    assert_eq!(report.files_checked, done.files);

    // Run again over its own tree (an init container restarted): the same.
    materialize(&Fetcher::default(), &url, &sha, &code, None).unwrap();
    assert!(!code.join("wp-config.php").exists());
    assert_eq!(snapshot(&code).len(), tree.len() + 1);

    // From the store's directory, no server needed.
    let from_dir = pod.path().join("from-dir");
    materialize(
        &Fetcher::default(),
        store.root().to_str().unwrap(),
        &sha,
        &from_dir,
        None,
    )
    .unwrap();
    let mut dir_tree = snapshot(&from_dir);
    dir_tree.remove(materialize::MARKER);
    assert_eq!(dir_tree, snapshot(&assembled));

    // A served object that differs from the lock is refused, naming the
    // file and the URL, and the tree is left unfinished (its marker names
    // no lock).
    let version = lock
        .core()
        .unwrap()
        .files
        .get("wp-includes/version.php")
        .unwrap();
    let (head, tail) = version.sha256.split_at(2);
    f.directory.serve(
        &format!("/store/objects/{head}/{tail}"),
        b"<?php system($_GET['c']);".to_vec(),
    );
    let err = materialize(&Fetcher::default(), &url, &sha, &code, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("wp-includes/version.php"), "{err}");
    assert!(
        err.contains(&format!("{url}/objects/{head}/{tail}")),
        "{err}"
    );
    assert!(err.contains("(WordPress 6.1.1)"), "{err}");
    assert_eq!(std::fs::read(code.join(materialize::MARKER)).unwrap(), b"");
    assert!(!code.join("wp-includes/version.php").exists());

    // A lock whose text is not what its name says, and an unknown lock.
    f.directory.serve(
        &format!("/store/locks/{sha}.lock"),
        b"format = 1\n".to_vec(),
    );
    let err = materialize(&Fetcher::default(), &url, &sha, &code, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("{url}/locks/{sha}.lock: sha256 is")),
        "{err}"
    );
    let unknown = "0".repeat(64);
    let err = materialize(&Fetcher::default(), &url, &unknown, &code, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("404"), "{err}");

    // Never over a directory that is not one of its trees.
    let elsewhere = pod.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("notes.txt"), "mine").unwrap();
    let err = materialize(
        &Fetcher::default(),
        store.root().to_str().unwrap(),
        &sha,
        &elsewhere,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("notes.txt")).unwrap(),
        "mine"
    );
}
