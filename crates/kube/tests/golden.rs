//! Golden trees: what each sample site renders to, file by file. After an
//! intended change, re-bless with
//! `SLIPWAY_BLESS=1 cargo test -p slipway-kube --test golden` and review
//! the diff.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{render_case, CASES};

fn golden_dir(case: &str, env: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{case}-{env}"))
}

#[test]
fn rendered_trees_match_their_goldens() {
    let bless = std::env::var_os("SLIPWAY_BLESS").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    for &(case, env) in CASES {
        let files = render_case(case, env);
        let dir = golden_dir(case, env);
        if bless {
            slipway_kube::output::write_tree(&dir, &files).expect("writes the golden tree");
            continue;
        }
        let mut expected: BTreeMap<String, String> = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            expected.insert(name, std::fs::read_to_string(&path).unwrap());
        }
        for (name, text) in &files {
            match expected.remove(name) {
                None => problems.push(format!(
                    "{case}-{env}/{name}: rendered, not in the golden tree"
                )),
                Some(want) if &want != text => {
                    let line = want
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .map(|i| i + 1)
                        .unwrap_or(want.lines().count().min(text.lines().count()) + 1);
                    problems.push(format!("{case}-{env}/{name}: differs from line {line}"));
                }
                Some(_) => {}
            }
        }
        for name in expected.keys() {
            problems.push(format!(
                "{case}-{env}/{name}: in the golden tree, no longer rendered"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nre-bless with SLIPWAY_BLESS=1 cargo test -p slipway-kube --test golden",
        problems.join("\n")
    );
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for &(case, env) in CASES {
        assert_eq!(
            render_case(case, env),
            render_case(case, env),
            "{case}/{env}"
        );
    }
}

#[test]
fn files_are_in_apply_order_and_every_file_is_listed() {
    for &(case, env) in CASES {
        let files = render_case(case, env);
        let (last, objects) = files.split_last().unwrap();
        assert_eq!(last.0, "kustomization.yaml");
        let listed: Vec<&str> = last
            .1
            .lines()
            .filter_map(|l| l.strip_prefix("- "))
            .collect();
        let names: Vec<&str> = objects.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(listed, names, "{case}/{env}");
        assert!(
            names[0].starts_with("namespace-"),
            "{case}/{env}: {names:?}"
        );
    }
}

#[test]
fn the_service_routes_to_the_active_instance_only() {
    let files: BTreeMap<_, _> = render_case("large", "production").into_iter().collect();
    let service = &files["service-store-production.yaml"];
    assert!(service.contains("slipway.dev/instance: green"), "{service}");
    assert!(files.contains_key("deployment-store-production-blue.yaml"));
    assert!(files.contains_key("database-store-production-blue.yaml"));
    assert!(files.contains_key("service-store-production-blue.yaml"));
}

#[test]
fn each_mapped_domain_gets_its_own_certificate() {
    let files: BTreeMap<_, _> = render_case("multisite", "production").into_iter().collect();
    let ingress = &files["ingress-network-production.yaml"];
    for domain in ["shop-one.example", "shop-two.example", "blog-three.example"] {
        let secret = format!(
            "secretName: network-production-tls-{}",
            domain.replace('.', "-")
        );
        assert!(
            ingress.contains(&secret),
            "{secret} missing from\n{ingress}"
        );
    }
    assert!(ingress.contains("cert-manager.io/cluster-issuer: letsencrypt-prod"));
}

#[test]
fn no_secret_value_is_rendered() {
    for &(case, env) in CASES {
        for (name, text) in render_case(case, env) {
            assert!(
                !text.lines().any(|l| l == "kind: Secret"),
                "{case}/{env}: {name} is a Secret"
            );
        }
    }
}

#[test]
fn a_derived_environment_restores_a_version_instead_of_installing() {
    let files: BTreeMap<_, _> = render_case("multisite", "staging").into_iter().collect();
    let job_named = |files: &BTreeMap<String, String>, prefix: &str| {
        let found: Vec<String> = files
            .keys()
            .filter(|n| n.starts_with(prefix))
            .cloned()
            .collect();
        found
    };
    assert!(job_named(&files, "job-network-staging-main-install-").is_empty());
    let derive = job_named(&files, "job-network-staging-main-derive-");
    assert_eq!(derive.len(), 1, "{derive:?}");
    let job = &files[&derive[0]];
    // First `slipway derive` restores the version through the rewrite to
    // this environment's address and the scrub; then PHP upgrades the
    // schema and applies the database fence.
    for arg in [
        "- derive",
        "- \"20261130T2200Z-4f2a\"",
        "- \"s3:https://objects.agency.example/agency-versions/versions\"",
        "- \"https://staging.network.agency.example\"",
        "- /run/secrets/slipway/scrub/key",
        "- /var/www/html/wp-content/uploads",
        "- \"php /etc/slipway/install.php && php /etc/slipway/fence.php\"",
        "secretName: agency-versions",
        "secretName: network-staging-scrub",
    ] {
        assert!(job.contains(arg), "{arg} missing from\n{job}");
    }
    let config = &files["configmap-network-staging-config.yaml"];
    assert!(config.contains("fence.php: "), "{config}");
    let rendered = slipway_kube::render_manifest(
        &std::fs::read_to_string(common::cases_dir().join("multisite/slipway.toml")).unwrap(),
        "slipway.toml",
        "network",
        "staging",
        Some(common::LOCK),
    )
    .unwrap();
    let scrub = rendered
        .secrets
        .iter()
        .find(|s| s.name == "network-staging-scrub")
        .expect("a generated scrub key");
    assert!(scrub.hex && scrub.keys == ["key"]);
    // The repository's keys reach the restore step alone; it sees neither
    // the media store's keys nor WordPress' salts, and PHP never sees the
    // repository's.
    let pod = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            slipway_kube::Object::Job(job) => job.spec.as_ref()?.template.spec.clone(),
            _ => None,
        })
        .expect("the derive Job's pod");
    let mounts = |c: &k8s_openapi::api::core::v1::Container| -> Vec<String> {
        c.volume_mounts
            .iter()
            .flatten()
            .map(|m| m.name.clone())
            .collect()
    };
    let restore = pod
        .init_containers
        .iter()
        .flatten()
        .find(|c| c.name == "restore")
        .expect("a restore step");
    assert_eq!(
        mounts(restore),
        [
            "tmp",
            "secret-db",
            "media",
            "secret-versions",
            "secret-scrub"
        ]
    );
    let php = mounts(&pod.containers[0]);
    assert!(
        !php.contains(&"secret-versions".to_string()) && !php.contains(&"secret-scrub".to_string()),
        "{php:?}"
    );
    let production: BTreeMap<_, _> = render_case("multisite", "production").into_iter().collect();
    assert_eq!(
        job_named(&production, "job-network-production-main-install-").len(),
        1
    );
}

#[test]
fn a_changed_job_gets_a_new_name_and_an_unchanged_one_keeps_its_own() {
    let path = common::cases_dir().join("small/slipway.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let jobs = |text: &str| -> Vec<String> {
        slipway_kube::render_manifest(
            text,
            "slipway.toml",
            "blog",
            "production",
            Some(common::LOCK),
        )
        .unwrap()
        .objects
        .iter()
        .filter(|o| o.type_info().kind == "Job")
        .map(|o| o.name().to_string())
        .collect()
    };
    let before = jobs(&text);
    assert_eq!(before.len(), 1);
    assert!(
        before[0].starts_with("blog-production-main-install-"),
        "{before:?}"
    );
    assert_eq!(jobs(&text), before);
    let changed = text.replace(
        "[kubernetes]\n",
        "[kubernetes]\nimages = { php = \"wordpress:6.7-php8.3-fpm-alpine\" }\n",
    );
    let after = jobs(&changed);
    assert_ne!(after, before);
    assert!(
        after[0].starts_with("blog-production-main-install-"),
        "{after:?}"
    );
}
