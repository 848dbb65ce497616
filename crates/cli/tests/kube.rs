//! `slipway kube` as a user runs it: render a manifest to a directory,
//! render again over it, and apply or diff without a cluster.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kube/tests/cases/small/slipway.toml")
}

fn slipway(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(args)
        .env("SLIPWAY_HOME", home.join("state"))
        .env("KUBECONFIG", home.join("no-kubeconfig"))
        .env_remove("KUBERNETES_SERVICE_HOST")
        .output()
        .expect("runs slipway")
}

/// Asserts that `run` failed with exit code 1 and said `what` on stderr.
fn fails_saying(run: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(what), "{stderr}");
}

/// A lock of no packages, as `slipway lock` writes one.
const LOCK: &str = "format = 1\nphp = \"8.2\"\n";

/// The small sample site's manifest with a lock beside it, in `dir`.
fn locked_site(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("slipway.toml");
    std::fs::copy(manifest(), &path).unwrap();
    std::fs::write(dir.join("slipway.lock"), LOCK).unwrap();
    path
}

/// `slipway kube render <site> --manifest <manifest> -o <out>`.
fn render_manifest(site: &str, manifest: &Path, out: &Path, home: &Path) -> Output {
    let (manifest, out) = (manifest.to_str().unwrap(), out.to_str().unwrap());
    slipway(
        &["kube", "render", site, "--manifest", manifest, "-o", out],
        home,
    )
}

#[test]
fn render_writes_a_kustomize_tree_from_the_state_directory_manifest() {
    let home = tempfile::tempdir().unwrap();
    locked_site(&home.path().join("state/sites/blog"));
    let out = home.path().join("deploy");
    let render = || {
        let run = slipway(
            &["kube", "render", "blog", "-o", out.to_str().unwrap()],
            home.path(),
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    render();
    let kustomization = std::fs::read_to_string(out.join("kustomization.yaml")).unwrap();
    assert!(
        kustomization.contains("- deployment-blog-production-main.yaml"),
        "{kustomization}"
    );
    let deployment =
        std::fs::read_to_string(out.join("deployment-blog-production-main.yaml")).unwrap();
    assert!(deployment.contains("readOnlyRootFilesystem: true"));
    // The lock is kept in the store by its sha256, which the init container
    // materializes the code from.
    let locks: Vec<_> = std::fs::read_dir(home.path().join("state/store/locks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(std::fs::read_to_string(&locks[0]).unwrap(), LOCK);
    let sum = Command::new("sha256sum").arg(&locks[0]).output().unwrap();
    let sha = String::from_utf8(sum.stdout).unwrap()[..64].to_string();
    assert_eq!(
        locks[0].file_name().unwrap().to_str().unwrap(),
        format!("{sha}.lock")
    );
    let after_lock = deployment
        .lines()
        .skip_while(|line| !line.ends_with("- \"--lock\""))
        .nth(1);
    assert!(
        after_lock.is_some_and(|line| line.trim_start_matches([' ', '-', '"']).starts_with(&sha)),
        "{deployment}"
    );

    // Rendering again replaces the tree; files of objects gone go too.
    std::fs::write(out.join("stale-object.yaml"), "kind: Stale\n").unwrap();
    render();
    assert!(!out.join("stale-object.yaml").exists());
}

#[test]
fn render_refuses_a_directory_it_did_not_write() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let site = locked_site(&home.path().join("site"));
    let run = render_manifest("blog", &site, &out, home.path());
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a tree slipway rendered"));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_bad_manifest_is_an_error_naming_the_file_and_key() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("slipway.toml");
    std::fs::write(&bad, "[kubernetes]\ntenant = \"acme\"\ndomains = [\"a.example\"]\nreplicas = 0\nmedia = { mode = \"rwx\" }\n").unwrap();
    let out = home.path().join("out");
    let run = render_manifest("x", &bad, &out, home.path());
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("slipway.toml: kubernetes.replicas: must be at least 1"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_site_without_a_lock_is_refused_naming_the_key() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out");
    let run = render_manifest("blog", &manifest(), &out, home.path());
    fails_saying(
        &run,
        "kubernetes.env.production.locks.main: instance `main` has no code",
    );
    assert!(!out.exists());
}

#[test]
fn apply_and_diff_without_a_cluster_say_so() {
    let home = tempfile::tempdir().unwrap();
    let m = locked_site(&home.path().join("site"));
    for command in ["apply", "diff"] {
        let run = slipway(
            &["kube", command, "blog", "--manifest", m.to_str().unwrap()],
            home.path(),
        );
        fails_saying(&run, "no Kubernetes cluster is configured");
    }
}

#[test]
fn a_switch_to_an_instance_not_listed_or_without_a_cluster_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let manifest = locked_site(home.path());
    let text = std::fs::read_to_string(self::manifest()).unwrap()
        + "\n[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\n";
    std::fs::write(&manifest, &text).unwrap();
    let m = manifest.to_str().unwrap();
    let run = slipway(
        &["kube", "switch", "blog", "--manifest", m, "--to", "red"],
        home.path(),
    );
    fails_saying(&run, "kubernetes.env.production.active");
    let run = slipway(
        &["kube", "switch", "blog", "--manifest", m, "--to", "green"],
        home.path(),
    );
    fails_saying(&run, "no Kubernetes cluster is configured");
    assert_eq!(
        std::fs::read_to_string(&manifest).unwrap(),
        text,
        "the manifest follows only a switch made"
    );
}

#[test]
fn mail_is_read_from_fenced_environments_only() {
    let home = tempfile::tempdir().unwrap();
    let m = locked_site(&home.path().join("site"));
    let m = m.to_str().unwrap();
    let run = slipway(&["kube", "mail", "blog", "--manifest", m], home.path());
    fails_saying(&run, "blog/production is production, which is never fenced");
    let run = slipway(
        &["kube", "mail", "blog", "--env", "staging", "--manifest", m],
        home.path(),
    );
    fails_saying(&run, "no Kubernetes cluster is configured");
}

#[test]
fn production_is_not_switched_to_a_copy_unless_its_lost_writes_are_accepted() {
    let home = tempfile::tempdir().unwrap();
    let manifest = locked_site(home.path());
    let text = std::fs::read_to_string(self::manifest()).unwrap()
        + "\n[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\ncopy_of = { green = \"blue\" }\n";
    std::fs::write(&manifest, &text).unwrap();
    let m = manifest.to_str().unwrap();
    let run = slipway(
        &["kube", "switch", "blog", "--manifest", m, "--to", "green"],
        home.path(),
    );
    fails_saying(
        &run,
        "green started as a copy of blue's database, and what blue took in since that copy is not carried",
    );
    let run = slipway(
        &[
            "kube",
            "switch",
            "blog",
            "--manifest",
            m,
            "--to",
            "green",
            "--lose-writes-since-copy",
        ],
        home.path(),
    );
    fails_saying(&run, "no Kubernetes cluster is configured");
    assert!(String::from_utf8_lossy(&run.stdout)
        .contains("what blue took in since that copy is not in green"));
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), text);
}
