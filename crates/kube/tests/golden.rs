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

/// The pod of the one Job a rendering holds (an environment's install or
/// derive).
fn job_pod(rendered: &slipway_kube::Rendered) -> k8s_openapi::api::core::v1::PodSpec {
    rendered
        .objects
        .iter()
        .find_map(|o| match o {
            slipway_kube::Object::Job(job) => job.spec.as_ref()?.template.spec.clone(),
            _ => None,
        })
        .expect("the Job's pod")
}

/// The names of the volumes a container mounts, in order.
fn mount_names(container: &k8s_openapi::api::core::v1::Container) -> Vec<String> {
    container
        .volume_mounts
        .iter()
        .flatten()
        .map(|m| m.name.clone())
        .collect()
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
        "- \"php /etc/slipway/install.php && php /etc/slipway/database-fence.php\"",
        "secretName: agency-versions",
        "secretName: network-staging-scrub",
    ] {
        assert!(job.contains(arg), "{arg} missing from\n{job}");
    }
    let config = &files["configmap-network-staging-config.yaml"];
    assert!(config.contains("database-fence.php: "), "{config}");
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
    let pod = job_pod(&rendered);
    let restore = pod
        .init_containers
        .iter()
        .flatten()
        .find(|c| c.name == "restore")
        .expect("a restore step");
    assert_eq!(
        mount_names(restore),
        [
            "tmp",
            "secret-db",
            "media",
            "secret-versions",
            "secret-scrub"
        ]
    );
    let php = mount_names(&pod.containers[0]);
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
fn a_derive_onto_s3_media_copies_the_uploads_into_the_instances_prefix() {
    let text = std::fs::read_to_string(common::cases_dir().join("small/slipway.toml"))
        .unwrap()
        .replace(
            "[kubernetes.env.staging]\n",
            "[kubernetes.env.staging]\nderive_from = \"20261201T0900Z-77aa\"\n",
        );
    let rendered =
        slipway_kube::render_manifest(&text, "slipway.toml", "blog", "staging", Some(common::LOCK))
            .unwrap();
    let pod = job_pod(&rendered);
    let restore = pod
        .init_containers
        .iter()
        .flatten()
        .find(|c| c.name == "restore")
        .expect("a restore step");
    let args = restore.args.clone().unwrap_or_default();
    let after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    // Where S3-Uploads reads this instance's media, with the media keys
    // the PHP pods hold; nothing goes to a volume.
    assert_eq!(
        after("--uploads-s3").as_deref(),
        Some("s3:https://s3.eu-central-1.amazonaws.com/acme-sites/blog/staging/instances/main")
    );
    assert_eq!(
        after("--uploads-s3-keys").as_deref(),
        Some("/run/secrets/slipway/s3")
    );
    assert_eq!(
        after("--uploads-s3-region").as_deref(),
        Some("eu-central-1")
    );
    assert!(!args.iter().any(|a| a == "--uploads"), "{args:?}");
    assert_eq!(
        mount_names(restore),
        [
            "tmp",
            "secret-db",
            "secret-s3",
            "secret-versions",
            "secret-scrub"
        ]
    );
    let php = &pod.containers[0];
    let bucket = php
        .env
        .iter()
        .flatten()
        .find(|e| e.name == "S3_UPLOADS_BUCKET")
        .and_then(|e| e.value.clone());
    assert_eq!(
        bucket.as_deref(),
        Some("acme-sites/blog/staging/instances/main")
    );
}

/// The value of `name` in a container's environment.
fn env_value(container: &k8s_openapi::api::core::v1::Container, name: &str) -> Option<String> {
    container
        .env
        .iter()
        .flatten()
        .find(|e| e.name == name)
        .and_then(|e| e.value.clone())
}

#[test]
fn a_copy_of_a_newer_version_is_derived_beside_the_running_one() {
    // Staging refreshed the blue/green way: instance `b` is derived from
    // the newer version while `a`, still routed, keeps its own database,
    // media and version, until `kube switch --to b`.
    let text = std::fs::read_to_string(common::cases_dir().join("small/slipway.toml"))
        .unwrap()
        .replace(
            "[kubernetes.env.staging]\n",
            "[kubernetes.env.staging]\ninstances = [\"a\", \"b\"]\nactive = \"a\"\nderive_from = \"v1\"\nderive = { b = \"v2\" }\n",
        );
    let rendered =
        slipway_kube::render_manifest(&text, "slipway.toml", "blog", "staging", Some(common::LOCK))
            .unwrap();
    let mut seen = Vec::new();
    for (name, pod) in pods(&rendered) {
        let init: Vec<_> = pod.init_containers.iter().flatten().collect();
        let php = pod.containers.iter().find(|c| c.name == "php").unwrap();
        let instance = env_value(php, "SLIPWAY_CACHE_PREFIX")
            .and_then(|p| p.split(':').nth(2).map(String::from))
            .unwrap();
        let version = if instance == "a" { "v1" } else { "v2" };
        assert_eq!(
            env_value(php, "S3_UPLOADS_BUCKET").as_deref(),
            Some(format!("acme-sites/blog/staging/instances/{instance}").as_str()),
            "{name}"
        );
        let step = if name.starts_with("Job/") {
            "restore"
        } else {
            "wait-for-derive"
        };
        let args = init
            .iter()
            .find(|c| c.name == step)
            .and_then(|c| c.args.clone())
            .unwrap_or_else(|| panic!("{name} has no {step}"));
        let at = args.iter().position(|a| a == "--version").unwrap();
        assert_eq!(args[at + 1], version, "{name}");
        seen.push(name);
    }
    seen.sort();
    let jobs: Vec<_> = seen.iter().filter(|n| n.starts_with("Job/")).collect();
    assert_eq!(jobs.len(), 2, "{seen:?}");
    assert!(
        jobs[0].starts_with("Job/blog-staging-a-derive-"),
        "{seen:?}"
    );
    assert!(
        jobs[1].starts_with("Job/blog-staging-b-derive-"),
        "{seen:?}"
    );
    assert_eq!(
        seen.iter()
            .filter(|n| !n.starts_with("Job/"))
            .collect::<Vec<_>>(),
        [
            "CronJob/blog-staging-cron",
            "Deployment/blog-staging-a",
            "Deployment/blog-staging-b"
        ]
    );
}

#[test]
fn only_an_instance_named_in_reload_restores_over_another_version() {
    // A derive Job leaves a database that holds another version alone (its
    // instance may serve it); `reload` lets one that serves nobody be
    // derived again in place.
    let text = |reload: &str| {
        std::fs::read_to_string(common::cases_dir().join("small/slipway.toml"))
            .unwrap()
            .replace(
                "[kubernetes.env.staging]\n",
                &format!("[kubernetes.env.staging]\ninstances = [\"a\", \"b\"]\nactive = \"a\"\nderive_from = \"v1\"\nderive = {{ b = \"v2\" }}\n{reload}"),
            )
    };
    let render = |reload: &str| {
        slipway_kube::render_manifest(
            &text(reload),
            "slipway.toml",
            "blog",
            "staging",
            Some(common::LOCK),
        )
    };
    let rendered = render("reload = [\"b\"]\n").unwrap();
    let mut replacing = Vec::new();
    for (name, pod) in pods(&rendered) {
        let Some(restore) = pod
            .init_containers
            .iter()
            .flatten()
            .find(|c| c.name == "restore")
        else {
            continue;
        };
        let args = restore.args.clone().unwrap_or_default();
        if args.iter().any(|a| a == "--replace") {
            replacing.push(name);
        }
    }
    assert_eq!(replacing.len(), 1, "{replacing:?}");
    assert!(
        replacing[0].starts_with("Job/blog-staging-b-derive-"),
        "{replacing:?}"
    );

    let err = render("reload = [\"a\"]\n").unwrap_err().to_string();
    assert!(
        err.contains("kubernetes.env.staging.reload: `a` serves"),
        "{err}"
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

/// One sample site environment, rendered as objects.
fn rendered(case: &str, env: &str) -> slipway_kube::Rendered {
    let site = match case {
        "multisite" => "network",
        "large" => "store",
        _ => "blog",
    };
    let text =
        std::fs::read_to_string(common::cases_dir().join(case).join("slipway.toml")).unwrap();
    slipway_kube::render_manifest(&text, "slipway.toml", site, env, Some(common::LOCK)).unwrap()
}

/// Every pod template (Deployments, the CronJob's, Jobs) by its object's
/// kind and name.
fn pods(rendered: &slipway_kube::Rendered) -> Vec<(String, k8s_openapi::api::core::v1::PodSpec)> {
    use slipway_kube::Object;
    rendered
        .objects
        .iter()
        .filter_map(|o| {
            let pod = match o {
                Object::Deployment(d) => d.spec.as_ref()?.template.spec.clone(),
                Object::Job(j) => j.spec.as_ref()?.template.spec.clone(),
                Object::CronJob(c) => c
                    .spec
                    .as_ref()?
                    .job_template
                    .spec
                    .as_ref()?
                    .template
                    .spec
                    .clone(),
                _ => None,
            }?;
            Some((format!("{}/{}", o.type_info().kind, o.name()), pod))
        })
        .filter(|(_, pod)| pod.containers.iter().any(|c| c.name == "php"))
        .collect()
}

/// The site environment's ConfigMap's files.
fn config(rendered: &slipway_kube::Rendered) -> BTreeMap<String, String> {
    rendered
        .objects
        .iter()
        .find_map(|o| match o {
            slipway_kube::Object::ConfigMap(c) if o.name().ends_with("-config") => c.data.clone(),
            _ => None,
        })
        .expect("the site's ConfigMap")
}

#[test]
fn a_fenced_environment_traps_mail_limits_http_and_keeps_search_engines_out() {
    let staging = rendered("small", "staging");
    let files = config(&staging);
    // The plugin and the trap are the ones every runtime shares.
    assert_eq!(files["fence-plugin.php"], slipway_runtime::FENCE_PLUGIN_PHP);
    assert_eq!(files["mail-trap.php"], slipway_runtime::MAIL_TRAP_PHP);
    assert!(
        files["fence.ini"].contains("\nsendmail_path = \"php /etc/slipway/mail-trap.php -\"\n"),
        "{}",
        files["fence.ini"]
    );
    let wp_config = &files["wp-config.php"];
    for line in [
        "define( 'SLIPWAY_FENCED', true );",
        "define( 'WP_HTTP_BLOCK_EXTERNAL', true );",
        "define( 'WP_ACCESSIBLE_HOSTS', 'staging.blog.acme.example,api.payments.example,*.cdn.example' );",
        "define( 'SLIPWAY_FENCE_OFFLINE_GATEWAYS', 'bacs,cheque,cod' );",
        "$GLOBALS['wp_filter']['muplugins_loaded'][ PHP_INT_MIN ]['slipway-fence'] = array(",
        "\t\trequire '/etc/slipway/fence-plugin.php';",
    ] {
        assert!(wp_config.lines().any(|l| l == line), "{line} missing from\n{wp_config}");
    }
    assert!(!wp_config.contains("slipway:fence"), "{wp_config}");
    // Loaded before WordPress, so the fence's constants are there when
    // WordPress reads them.
    assert!(wp_config.find("SLIPWAY_FENCED").unwrap() < wp_config.find("wp-settings.php").unwrap());
    let nginx = &files["nginx.conf"];
    assert!(
        nginx.contains("\n        add_header X-Robots-Tag \"noindex, nofollow\" always;\n        fastcgi_hide_header X-Robots-Tag;\n"),
        "{nginx}"
    );
    // Every PHP of every pod reads the trap's setting: PHP-FPM, wp-cron,
    // the install Job.
    let pods = pods(&staging);
    assert_eq!(
        pods.len(),
        3,
        "{:?}",
        pods.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for (name, pod) in &pods {
        let env = pod.containers[0].env.iter().flatten();
        assert!(
            env.clone().any(
                |e| e.name == "PHP_INI_SCAN_DIR" && e.value.as_deref() == Some(":/etc/slipway")
            ),
            "{name}"
        );
    }

    // A network's copy may reach its own sites (subdomains), nothing else:
    // production's mapped domains are not its own.
    let network = config(&rendered("multisite", "staging"));
    assert!(
        network["wp-config.php"].contains("define( 'WP_ACCESSIBLE_HOSTS', 'staging.network.agency.example,*.staging.network.agency.example' );"),
        "{}",
        network["wp-config.php"]
    );
}

#[test]
fn production_is_never_fenced() {
    for &(case, env) in CASES.iter().filter(|(_, env)| *env == "production") {
        let rendered = rendered(case, env);
        let files = config(&rendered);
        for file in [
            "fence-plugin.php",
            "mail-trap.php",
            "fence.ini",
            "database-fence.php",
        ] {
            assert!(!files.contains_key(file), "{case}: {file}");
        }
        assert_eq!(
            files["wp-config.php"],
            include_str!("../src/render/web/wp-config.php").replace("// slipway:fence\n", ""),
            "{case}"
        );
        assert!(!files["nginx.conf"].contains("X-Robots-Tag"), "{case}");
        for (name, pod) in pods(&rendered) {
            let env = pod.containers[0].env.iter().flatten();
            assert!(
                !env.clone().any(|e| e.name == "PHP_INI_SCAN_DIR"),
                "{case}: {name}"
            );
            assert!(
                !pod.init_containers
                    .iter()
                    .flatten()
                    .any(|c| c.name == "wait-for-derive"),
                "{case}: {name}"
            );
        }
    }
}

#[test]
fn a_derived_instance_serves_and_runs_cron_only_once_its_derive_job_is_done() {
    let rendered = rendered("multisite", "staging");
    let mut held = Vec::new();
    for (name, pod) in pods(&rendered) {
        let init: Vec<_> = pod.init_containers.iter().flatten().collect();
        let wait = init.iter().position(|c| c.name == "wait-for-derive");
        if name.starts_with("Job/") {
            // The Job is what they wait for.
            assert_eq!(wait, None, "{name}");
            continue;
        }
        // Last, after the code: PHP starts as soon as the wait ends.
        assert_eq!(wait, Some(init.len() - 1), "{name}");
        let wait = init[init.len() - 1];
        assert_eq!(
            wait.args.as_deref().unwrap(),
            [
                "derive",
                "--wait",
                "--version",
                "20261130T2200Z-4f2a",
                "--database",
                "/run/secrets/slipway/db",
                "--timeout",
                "600"
            ]
        );
        assert_eq!(wait.image.as_deref(), Some("slipway/slipway:0.1"));
        let mounts: Vec<_> = wait
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| (m.name.as_str(), m.read_only))
            .collect();
        assert_eq!(mounts, [("secret-db", Some(true))], "{name}");
        held.push(name);
    }
    assert_eq!(
        held,
        [
            "Deployment/network-staging-main",
            "CronJob/network-staging-cron"
        ]
    );
    // A fenced environment that is not derived installs afresh, and nothing
    // waits.
    for (name, pod) in pods(&self::rendered("small", "staging")) {
        assert!(
            !pod.init_containers
                .iter()
                .flatten()
                .any(|c| c.name == "wait-for-derive"),
            "{name}"
        );
    }
}

#[test]
fn rendered_php_parses_and_php_fpm_and_nginx_take_their_configuration() {
    // The ConfigMap's files are text put together by the renderer: PHP,
    // PHP-FPM and nginx themselves say whether they read them.
    // Debian names PHP-FPM with its version.
    let fpm = ["php-fpm", "php-fpm8.4", "php-fpm8.3", "php-fpm8.2"]
        .into_iter()
        .find_map(common::validator);
    let (Some(php), Some(nginx), Some(fpm)) =
        (common::validator("php"), common::validator("nginx"), fpm)
    else {
        return slipway_testkit::skip_or_fail::<()>("php, php-fpm or nginx not found")
            .unwrap_or(());
    };
    for &(case, env) in CASES {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in config(&rendered(case, env)) {
            let path = dir.path().join(&name);
            std::fs::write(&path, &text).unwrap();
            let out = if name.ends_with(".php") {
                std::process::Command::new(&php)
                    .arg("-l")
                    .arg(&path)
                    .output()
            } else if name == "php-fpm.conf" {
                // -R: these checks may run as root, which the pods never do.
                std::process::Command::new(&fpm)
                    .args(["-R", "-t", "-y"])
                    .arg(&path)
                    .output()
            } else if name == "nginx.conf" {
                std::process::Command::new(&nginx)
                    .args(["-t", "-q", "-e", "/dev/stderr", "-p"])
                    .arg(dir.path())
                    .arg("-c")
                    .arg(&path)
                    .output()
            } else {
                continue;
            }
            .unwrap();
            assert!(
                out.status.success(),
                "{case}/{env}: {name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn a_new_instance_starts_on_a_copy_of_the_serving_one_s_database() {
    // The large tenant's blue (the next release) is a copy of green, which
    // serves: its install Job copies green's database first, with green's
    // own connection, and blue's pods wait for the copy; green is untouched.
    let rendered = rendered("large", "production");
    let mut held = Vec::new();
    for (name, pod) in pods(&rendered) {
        let init: Vec<_> = pod.init_containers.iter().flatten().collect();
        let names: Vec<&str> = init.iter().map(|c| c.name.as_str()).collect();
        if name.starts_with("Job/store-production-blue-install-") {
            assert_eq!(names, ["code", "copy"], "{name}");
            let copy = init[1];
            assert_eq!(
                copy.args.as_deref().unwrap(),
                [
                    "carry",
                    "--from",
                    "/run/secrets/slipway/db-source",
                    "--database",
                    "/run/secrets/slipway/db"
                ]
            );
            assert_eq!(mount_names(copy), ["tmp", "secret-db", "secret-db-source"]);
            // Then the upgrade, which marks the copy upgraded: what the
            // copy's pods wait for.
            assert_eq!(
                pod.containers[0].command.as_deref().unwrap(),
                ["php", "/etc/slipway/install.php", "copy"]
            );
            let source = pod
                .volumes
                .iter()
                .flatten()
                .find(|v| v.name == "secret-db-source")
                .and_then(|v| v.secret.as_ref()?.secret_name.clone());
            let own = pod
                .volumes
                .iter()
                .flatten()
                .find(|v| v.name == "secret-db")
                .and_then(|v| v.secret.as_ref()?.secret_name.clone());
            assert_eq!(source.as_deref(), Some("store-production-green-db"));
            assert_eq!(own.as_deref(), Some("store-production-blue-db"));
            continue;
        }
        if names.contains(&"wait-for-copy") {
            assert_eq!(names.last(), Some(&"wait-for-copy"), "{name}");
            held.push(name);
        } else {
            assert!(!names.contains(&"copy"), "{name}");
        }
    }
    assert_eq!(held, ["Deployment/store-production-blue"]);
}
