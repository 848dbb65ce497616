//! `slipway fleet update` on real WordPress sites with locked code: a good
//! version rolls out in waves of releases; a broken one halts at the
//! canary, which keeps its code, and no other site is touched.

mod common;

use common::{assert_page, Slipway};
use slipway_testkit::PackageDirectory;

const SITES: [&str; 3] = ["bay", "cove", "reef"];

/// A plugin that answers `/?slipway-hello` with its version.
fn hello_plugin(version: &str) -> Vec<u8> {
    format!(
        "<?php\n/*\n * Plugin Name: Hello Slipway\n * Version: {version}\n */\nadd_action('init', function () {{\n    if (isset($_GET['slipway-hello'])) {{\n        header('Content-Type: text/plain');\n        echo 'Hello from plugin {version}';\n        exit;\n    }}\n}});\n"
    )
    .into_bytes()
}

fn json(text: &[u8]) -> serde_json::Value {
    serde_json::from_slice(text)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(text)))
}

/// Every site's answer to the plugin's query (a query of its own each
/// time, past the micro-cache).
fn versions_served(s: &Slipway, round: &str) -> Vec<String> {
    SITES
        .iter()
        .map(|site| {
            let r = s.get(&s.host(site), &format!("/?slipway-hello={round}"));
            assert_eq!(r.status, 200, "{site}: {}", r.text());
            r.text()
        })
        .collect()
}

#[test]
fn a_fleet_update_rolls_out_in_waves_and_halts_at_a_broken_canary() {
    let Some(s) = Slipway::new() else { return };
    let directory = PackageDirectory::start().unwrap();
    for version in ["1.0", "1.1"] {
        directory.publish(
            "plugins",
            "hello-slipway",
            version,
            &[("hello-slipway.php", &hello_plugin(version))],
        );
    }
    // Fatal as soon as WordPress loads it: a bad release of a plugin.
    directory.publish(
        "plugins",
        "hello-slipway",
        "1.2",
        &[(
            "hello-slipway.php",
            b"<?php\n/*\n * Plugin Name: Hello Slipway\n * Version: 1.2\n */\nslipway_hello_broken_in_1_2();\n",
        )],
    );
    for site in SITES {
        s.ok(&["site", "create", site, "--title", &format!("Site {site}")]);
        let dir = s.home.path().join("sites").join(site);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("slipway.toml"),
            format!(
                "[directory]\nurl = \"{}\"\n\n[core]\nversion = \"6.1\"\npath = \"/usr/share/wordpress\"\n",
                directory.url()
            ),
        )
        .unwrap();
        s.ok(&["plugin", "add", site, "hello-slipway", "--version", "=1.0"]);
        s.ok(&["install", site]);
    }
    assert_eq!(
        versions_served(&s, "before"),
        vec!["Hello from plugin 1.0"; 3]
    );

    // A good version: a canary of one, then waves of one.
    let out = s.run(&[
        "fleet",
        "update",
        "hello-slipway",
        "--to",
        "1.1",
        "--canary",
        "10",
        "--wave-size",
        "1",
        "--json",
    ]);
    let report = json(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["halted"], false);
    let waves: Vec<(&str, &str, u64)> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["site"].as_str().unwrap(),
                r["outcome"].as_str().unwrap(),
                r["wave"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        waves,
        [
            ("bay", "released", 0),
            ("cove", "released", 1),
            ("reef", "released", 2)
        ]
    );
    assert_eq!(
        versions_served(&s, "good"),
        vec!["Hello from plugin 1.1"; 3]
    );
    // Each went through a release: production's previous instance is kept
    // for rollback.
    let history = json(&s.ok(&["history", "bay", "--json"]).into_bytes());
    assert_eq!(history[0]["state"], "done", "{history}");
    // The new instances run exactly what the new locks say.
    let verified = s.run(&["verify", "--all", "--offline"]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );

    // A broken version: the canary fails its health check and keeps 1.1;
    // the update stops there.
    let out = s.run(&[
        "fleet",
        "update",
        "hello-slipway",
        "--to",
        "1.2",
        "--canary",
        "10",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(3), "a broken update must halt");
    let report = json(&out.stdout);
    assert_eq!(report["halted"], true);
    let sites = report["sites"].as_array().unwrap();
    assert_eq!(sites[0]["site"], "bay");
    assert_eq!(sites[0]["outcome"], "failed");
    let why = sites[0]["message"].as_str().unwrap();
    assert!(why.contains("health check"), "{why}");
    assert!(
        sites[1..].iter().all(|r| r["outcome"] == "not attempted"),
        "{report}"
    );
    assert_eq!(
        versions_served(&s, "broken"),
        vec!["Hello from plugin 1.1"; 3]
    );
    assert_page(&s.get(&s.host("bay"), "/"), "Site bay");
    // The canary's manifest and lock are back at 1.1: installing again
    // reproduces what it serves.
    let lock = std::fs::read_to_string(s.home.path().join("sites/bay/slipway.lock")).unwrap();
    assert!(lock.contains("version = \"1.1\""), "{lock}");
    let manifest = std::fs::read_to_string(s.home.path().join("sites/bay/slipway.toml")).unwrap();
    assert!(manifest.contains("=1.1"), "{manifest}");
    let history = json(&s.ok(&["history", "bay", "--json"]).into_bytes());
    assert_eq!(history[1]["state"], "failed", "{history}");
}
