//! `slipway lock` and `slipway install` through the binary, where no
//! service is needed: errors that name the file, line and key, and locks
//! that come out the same byte for byte.

use std::path::Path;
use std::process::{Command, Output};

fn slipway(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(args)
        .env("SLIPWAY_HOME", home)
        .output()
        .unwrap()
}

#[test]
fn a_bad_manifest_is_refused_with_its_file_line_and_key() {
    let home = tempfile::tempdir().unwrap();
    let manifest = home.path().join("sites/shop/slipway.toml");
    std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
    std::fs::write(
        &manifest,
        "[kubernetes]\nreplicas = 2\n[plugins]\nx = { version = \">= two\", path = \"/x\" }\n",
    )
    .unwrap();
    let out = slipway(home.path(), &["lock", "shop"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!("{}:4: plugins.x.version:", manifest.display())),
        "{stderr}"
    );
    let out = slipway(home.path(), &["install", "shop"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("there is no lock") && stderr.contains("slipway lock shop"),
        "{stderr}"
    );
}

#[test]
fn locking_a_local_package_twice_gives_the_same_lock() {
    let home = tempfile::tempdir().unwrap();
    let code = home.path().join("code/mine");
    std::fs::create_dir_all(code.join("inc")).unwrap();
    std::fs::write(
        code.join("mine.php"),
        "<?php\n/*\n * Plugin Name: Mine\n * Version: 0.3\n */\n",
    )
    .unwrap();
    std::fs::write(code.join("inc/a.php"), "<?php // a").unwrap();
    let manifest = home.path().join("elsewhere/slipway.toml");
    std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
    std::fs::write(
        &manifest,
        "[plugins]\nmine = { version = \"^0.3\", path = \"../code/mine\" }\n",
    )
    .unwrap();
    let manifest_arg = manifest.display().to_string();
    let out = slipway(home.path(), &["lock", "shop", "--manifest", &manifest_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("locked plugin mine 0.3"));
    let lock_path = manifest.with_file_name("slipway.lock");
    let first = std::fs::read_to_string(&lock_path).unwrap();
    assert!(first.contains("\"inc/a.php\" = \"644 "), "{first}");
    let out = slipway(
        home.path(),
        &["lock", "shop", "--manifest", &manifest_arg, "--update"],
    );
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&lock_path).unwrap(), first);

    // A changed file is a new lock, and a manifest asking for another
    // version than the package's header says is refused.
    std::fs::write(code.join("inc/a.php"), "<?php // b").unwrap();
    slipway(
        home.path(),
        &["lock", "shop", "--manifest", &manifest_arg, "--update"],
    );
    assert_ne!(std::fs::read_to_string(&lock_path).unwrap(), first);
    std::fs::write(
        &manifest,
        "[plugins]\nmine = { version = \"^1\", path = \"../code/mine\" }\n",
    )
    .unwrap();
    let out = slipway(home.path(), &["lock", "shop", "--manifest", &manifest_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("plugin mine is version 0.3, which does not satisfy \"^1\""),
        "{stderr}"
    );
}
