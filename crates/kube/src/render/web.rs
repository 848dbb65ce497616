//! The web tier of a site environment: one Deployment per instance (nginx
//! and PHP-FPM, code materialized read-only by an init container), the
//! Service that routes to the active instance, autoscaling, disruption
//! budget, wp-cron, the install/upgrade Job and the web network policy.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec,
    MetricIdentifier, MetricSpec, MetricTarget, PodsMetricSource, ResourceMetricSource,
};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, Job, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapVolumeSource, Container, ContainerPort, EmptyDirVolumeSource, EnvVar,
    HTTPGetAction, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, PodSpec, PodTemplateSpec, Probe, SecretVolumeSource,
    Service, ServiceAccount, ServicePort, ServiceSpec, TCPSocketAction, TopologySpreadConstraint,
    Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicySpec,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::database::{connection_secret, database_peer};
use super::tenant::{port, redis_selector, PRIORITY_CLASS, REDIS, REDIS_PORT};
use super::{
    container_security, match_labels, meta, pod_security, resources, site_labels, url_port,
    ENV_LABEL, INSTANCE_LABEL, ROLE_LABEL, SITE_LABEL,
};
use crate::object::Object;
use crate::site::{Media, SiteEnv};

/// The port nginx listens on inside the pod.
const HTTP_PORT: i32 = 8080;
/// Where the materialized code is mounted, read-only.
const CODE_DIR: &str = "/var/www/html";
/// Where slipway's configuration files are mounted.
const CONFIG_DIR: &str = "/etc/slipway";
/// Where Secrets are mounted, one directory per Secret, one file per key.
const SECRETS_DIR: &str = "/run/secrets/slipway";
/// The ConfigMap's file of PHP settings of a fenced environment.
const FENCE_INI: &str = "fence.ini";
/// The line of `wp-config.php` a fenced environment's settings replace.
const FENCE_MARK_PHP: &str = "// slipway:fence\n";
/// The line of `nginx.conf` a fenced environment's headers replace.
const FENCE_MARK_NGINX: &str = "        # slipway:fence\n";
/// How long a derived instance's pods wait for its derive Job before their
/// init container fails and is started again, in seconds.
const DERIVE_WAIT_SECONDS: u32 = 600;

pub(super) fn render(site: &SiteEnv, out: &mut Vec<Object>) {
    let base = site.base();
    out.push(Object::ServiceAccount(ServiceAccount {
        metadata: meta(site, &base, site_labels(site, "web")),
        automount_service_account_token: Some(false),
        ..ServiceAccount::default()
    }));
    config_maps(site, out);
    if let Media::Rwx {
        size,
        storage_class,
    } = &site.media
    {
        out.push(Object::PersistentVolumeClaim(PersistentVolumeClaim {
            metadata: meta(site, format!("{base}-media"), site_labels(site, "media")),
            spec: Some(PersistentVolumeClaimSpec {
                access_modes: Some(vec!["ReadWriteMany".into()]),
                storage_class_name: storage_class.clone(),
                resources: Some(VolumeResourceRequirements {
                    requests: Some(BTreeMap::from([("storage".into(), Quantity(size.clone()))])),
                    ..VolumeResourceRequirements::default()
                }),
                ..PersistentVolumeClaimSpec::default()
            }),
            ..PersistentVolumeClaim::default()
        }));
    }
    for instance in &site.instances {
        instance_objects(site, instance, out);
    }
    out.push(Object::Service(service(site, &base, &site.active)));
    cron(site, out);
    network_policy(site, out);
}

/// Labels of the pods of one instance.
fn pod_labels(site: &SiteEnv, instance: &str, component: &str) -> BTreeMap<String, String> {
    let mut labels = site_labels(site, component);
    labels.insert(INSTANCE_LABEL.into(), instance.into());
    labels.insert(ROLE_LABEL.into(), "app".into());
    labels
}

/// What selects the web pods of one instance.
fn web_selector(site: &SiteEnv, instance: &str) -> LabelSelector {
    match_labels(&[
        ("app.kubernetes.io/instance", &site.base()),
        ("app.kubernetes.io/component", "web"),
        (INSTANCE_LABEL, instance),
    ])
}

fn instance_objects(site: &SiteEnv, instance: &str, out: &mut Vec<Object>) {
    let name = format!("{}-{instance}", site.base());
    let labels = pod_labels(site, instance, "web");
    let selector = web_selector(site, instance);
    let mut pod = pod_spec(site, instance);
    hold_until_filled(site, instance, &mut pod);
    pod.containers.push(nginx(site));
    pod.topology_spread_constraints = Some(
        ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
            .into_iter()
            .map(|key| TopologySpreadConstraint {
                max_skew: 1,
                topology_key: key.into(),
                when_unsatisfiable: "ScheduleAnyway".into(),
                label_selector: Some(selector.clone()),
                ..TopologySpreadConstraint::default()
            })
            .collect(),
    );
    out.push(Object::Deployment(Deployment {
        metadata: meta(site, &name, labels.clone()),
        spec: Some(DeploymentSpec {
            // The autoscaler owns the replica count when it runs; setting it
            // here too would make every apply fight it.
            replicas: match site.autoscale {
                Some(_) => None,
                None => Some(site.replicas as i32),
            },
            revision_history_limit: Some(3),
            selector: selector.clone(),
            strategy: Some(DeploymentStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(IntOrString::String("25%".into())),
                    max_unavailable: Some(IntOrString::Int(0)),
                }),
            }),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels.clone()),
                    ..ObjectMeta::default()
                }),
                spec: Some(pod),
            },
            ..DeploymentSpec::default()
        }),
        ..Deployment::default()
    }));
    // A Service per instance lets a release health-check a candidate before
    // the main Service is switched to it.
    out.push(Object::Service(service(site, &name, instance)));
    if let Some(autoscale) = &site.autoscale {
        let mut metrics = vec![MetricSpec {
            type_: "Resource".into(),
            resource: Some(ResourceMetricSource {
                name: "cpu".into(),
                target: MetricTarget {
                    type_: "Utilization".into(),
                    average_utilization: Some(autoscale.cpu as i32),
                    ..MetricTarget::default()
                },
            }),
            ..MetricSpec::default()
        }];
        if let Some(rps) = autoscale.requests_per_second {
            metrics.push(MetricSpec {
                type_: "Pods".into(),
                pods: Some(PodsMetricSource {
                    metric: MetricIdentifier {
                        name: "http_requests_per_second".into(),
                        ..MetricIdentifier::default()
                    },
                    target: MetricTarget {
                        type_: "AverageValue".into(),
                        average_value: Some(Quantity(rps.to_string())),
                        ..MetricTarget::default()
                    },
                }),
                ..MetricSpec::default()
            });
        }
        out.push(Object::HorizontalPodAutoscaler(HorizontalPodAutoscaler {
            metadata: meta(site, &name, site_labels(site, "web")),
            spec: Some(HorizontalPodAutoscalerSpec {
                scale_target_ref: CrossVersionObjectReference {
                    api_version: Some("apps/v1".into()),
                    kind: "Deployment".into(),
                    name: name.clone(),
                },
                min_replicas: Some(site.replicas as i32),
                max_replicas: autoscale.max as i32,
                metrics: Some(metrics),
                ..HorizontalPodAutoscalerSpec::default()
            }),
            ..HorizontalPodAutoscaler::default()
        }));
    }
    out.push(Object::PodDisruptionBudget(PodDisruptionBudget {
        metadata: meta(site, &name, site_labels(site, "web")),
        spec: Some(PodDisruptionBudgetSpec {
            max_unavailable: Some(IntOrString::Int(1)),
            selector: Some(selector),
            ..PodDisruptionBudgetSpec::default()
        }),
        ..PodDisruptionBudget::default()
    }));
    install_job(site, instance, out);
}

fn service(site: &SiteEnv, name: &str, instance: &str) -> Service {
    Service {
        metadata: meta(site, name, site_labels(site, "web")),
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: web_selector(site, instance).match_labels,
            ports: Some(vec![ServicePort {
                name: Some("http".into()),
                port: 80,
                target_port: Some(IntOrString::String("http".into())),
                ..ServicePort::default()
            }]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}

/// The pod every WordPress process runs in: the code init container, PHP,
/// their volumes. The web Deployment adds nginx; jobs add nothing.
fn pod_spec(site: &SiteEnv, instance: &str) -> PodSpec {
    let base = site.base();
    let mut volumes = vec![
        empty_dir("code"),
        empty_dir("tmp"),
        config_volume("config", &format!("{base}-config")),
    ];
    let mut php_mounts = vec![
        mount("code", CODE_DIR, true),
        mount("tmp", "/tmp", false),
        mount("config", CONFIG_DIR, true),
    ];
    let mut secrets = vec![
        ("db", connection_secret(site, instance)),
        ("wordpress", site.wordpress_secret.clone()),
    ];
    if let Some(s3) = &site.s3 {
        secrets.push(("s3", s3.secret.clone()));
    }
    for (name, secret) in secrets {
        volumes.push(secret_volume(name, &secret));
        php_mounts.push(mount(
            &format!("secret-{name}"),
            &format!("{SECRETS_DIR}/{name}"),
            true,
        ));
    }
    if matches!(site.media, Media::Rwx { .. }) {
        volumes.push(Volume {
            name: "media".into(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: format!("{base}-media"),
                read_only: Some(false),
            }),
            ..Volume::default()
        });
        php_mounts.push(VolumeMount {
            sub_path: instance_media(site, instance),
            ..mount("media", &format!("{CODE_DIR}/wp-content/uploads"), false)
        });
    }
    // Fetches the instance's lock and every file it names from the code
    // store, each checked against its sha256 before it is written; a
    // mismatch fails the pod before PHP starts. Each file is checked whole
    // before it is written: room for the largest a package holds.
    let code = slipway_step(
        site,
        "code",
        &[
            "code",
            "materialize",
            "--store",
            &site.code_store,
            "--lock",
            site.locks.get(instance).map_or("", String::as_str),
            "--dest",
            "/code",
            "--config",
            &format!("{CONFIG_DIR}/wp-config.php"),
        ],
        &site.php,
        vec![mount("code", "/code", false), mount("tmp", "/tmp", false)],
    );
    let php = Container {
        name: "php".into(),
        image: Some(site.images.php.clone()),
        image_pull_policy: Some("Always".into()),
        command: Some(vec![
            "php-fpm".into(),
            "--nodaemonize".into(),
            "--fpm-config".into(),
            format!("{CONFIG_DIR}/php-fpm.conf"),
        ]),
        working_dir: Some(CODE_DIR.into()),
        env: Some(php_env(site, instance)),
        ports: Some(vec![ContainerPort {
            name: Some("fastcgi".into()),
            container_port: 9000,
            ..ContainerPort::default()
        }]),
        resources: Some(resources(&site.php)),
        security_context: Some(container_security()),
        readiness_probe: Some(tcp_probe("fastcgi", 5)),
        liveness_probe: Some(tcp_probe("fastcgi", 15)),
        startup_probe: Some(Probe {
            failure_threshold: Some(30),
            ..tcp_probe("fastcgi", 2)
        }),
        volume_mounts: Some(php_mounts),
        ..Container::default()
    };
    PodSpec {
        service_account_name: Some(base),
        automount_service_account_token: Some(false),
        enable_service_links: Some(false),
        priority_class_name: Some(PRIORITY_CLASS.into()),
        security_context: Some(pod_security()),
        init_containers: Some(vec![code]),
        containers: vec![php],
        volumes: Some(volumes),
        ..PodSpec::default()
    }
}

fn nginx(site: &SiteEnv) -> Container {
    let http = |path: &str, period: i32| Probe {
        http_get: Some(HTTPGetAction {
            path: Some(path.into()),
            port: IntOrString::String("http".into()),
            ..HTTPGetAction::default()
        }),
        period_seconds: Some(period),
        timeout_seconds: Some(3),
        ..Probe::default()
    };
    Container {
        name: "nginx".into(),
        image: Some(site.images.nginx.clone()),
        image_pull_policy: Some("Always".into()),
        command: Some(vec![
            "nginx".into(),
            "-c".into(),
            format!("{CONFIG_DIR}/nginx.conf"),
            "-g".into(),
            "daemon off;".into(),
        ]),
        ports: Some(vec![ContainerPort {
            name: Some("http".into()),
            container_port: HTTP_PORT,
            ..ContainerPort::default()
        }]),
        resources: Some(resources(&site.nginx)),
        security_context: Some(container_security()),
        // Ready only when PHP answers through nginx; alive as long as nginx
        // itself answers, so a slow PHP does not get nginx restarted.
        readiness_probe: Some(http("/.slipway/ready", 5)),
        liveness_probe: Some(http("/.slipway/alive", 15)),
        startup_probe: Some(Probe {
            failure_threshold: Some(30),
            ..http("/.slipway/alive", 2)
        }),
        volume_mounts: Some(vec![
            mount("code", CODE_DIR, true),
            mount("tmp", "/tmp", false),
            mount("config", CONFIG_DIR, true),
        ]),
        ..Container::default()
    }
}

/// WordPress' settings, read by the mounted `wp-config.php`. Passwords
/// are not among them: they are files of mounted Secrets (environment
/// variables leak into child processes, crash reports and `phpinfo()`).
fn php_env(site: &SiteEnv, instance: &str) -> Vec<EnvVar> {
    let value = |name: &str, value: &str| EnvVar {
        name: name.into(),
        value: Some(value.into()),
        ..EnvVar::default()
    };
    let mut env = vec![
        value("WP_ENVIRONMENT_TYPE", runtime_env_type(&site.env)),
        value("WP_HOME", &format!("https://{}", site.domains[0])),
        value("SLIPWAY_MULTISITE", if site.multisite { "1" } else { "0" }),
        value(
            "SLIPWAY_REDIS_HOST",
            &format!("{REDIS}.{}.svc", site.namespace),
        ),
        value("SLIPWAY_REDIS_PORT", &REDIS_PORT.to_string()),
        value(
            "SLIPWAY_CACHE_PREFIX",
            &format!("{}:{}:{instance}:", site.site, site.env),
        ),
    ];
    if site.fence.is_some() {
        // Every PHP of the pod (PHP-FPM, wp-cron, the Jobs' scripts) reads
        // the fence's settings; the leading `:` keeps the image's own
        // directory of settings.
        env.push(value("PHP_INI_SCAN_DIR", &format!(":{CONFIG_DIR}")));
    }
    if let (Media::S3 { bucket }, Some(s3)) = (&site.media, &site.s3) {
        env.extend([
            value("S3_UPLOADS_BUCKET", &media_prefix(site, instance, bucket)),
            value("S3_UPLOADS_REGION", &s3.region),
            value("S3_UPLOADS_ENDPOINT", &s3.endpoint),
        ]);
    }
    env
}

fn runtime_env_type(env: &str) -> &'static str {
    slipway_runtime::EnvironmentType::of(env).as_str()
}

/// wp-cron, run on a schedule by one pod instead of on page views, so a
/// site with many replicas runs each event once.
fn cron(site: &SiteEnv, out: &mut Vec<Object>) {
    let name = format!("{}-cron", site.base());
    let mut pod = pod_spec(site, &site.active);
    hold_until_filled(site, &site.active, &mut pod);
    pod.restart_policy = Some("Never".into());
    pod.containers[0].command = Some(vec!["php".into(), format!("{CODE_DIR}/wp-cron.php")]);
    strip_probes(&mut pod);
    let labels = pod_labels(site, &site.active, "cron");
    out.push(Object::CronJob(CronJob {
        metadata: meta(site, &name, site_labels(site, "cron")),
        spec: Some(CronJobSpec {
            schedule: "*/5 * * * *".into(),
            concurrency_policy: Some("Forbid".into()),
            starting_deadline_seconds: Some(300),
            successful_jobs_history_limit: Some(1),
            failed_jobs_history_limit: Some(3),
            job_template: JobTemplateSpec {
                metadata: None,
                spec: Some(JobSpec {
                    backoff_limit: Some(0),
                    active_deadline_seconds: Some(600),
                    template: PodTemplateSpec {
                        metadata: Some(ObjectMeta {
                            labels: Some(labels),
                            ..ObjectMeta::default()
                        }),
                        spec: Some(pod),
                    },
                    ..JobSpec::default()
                }),
            },
            ..CronJobSpec::default()
        }),
        ..CronJob::default()
    }));
}

/// Installs WordPress into the instance's database, or upgrades its
/// schema: one Job (one pod at a time) holding a database lock, so it runs
/// once however many web replicas start. An instance derived from a
/// version gets the derive Job instead: the version restored first, then
/// the same install script upgrades the restored schema, then the database
/// fence.
fn install_job(site: &SiteEnv, instance: &str, out: &mut Vec<Object>) {
    let install = format!("php {CONFIG_DIR}/install.php");
    let mut pod = pod_spec(site, instance);
    let component = match derived(site, instance) {
        Some((version, versions)) => {
            let restore = restore_container(site, instance, &pod, version, versions);
            pod.init_containers
                .get_or_insert_with(Vec::new)
                .push(restore);
            let volumes = pod.volumes.get_or_insert_with(Vec::new);
            volumes.push(secret_volume("versions", &versions.secret));
            volumes.push(secret_volume("scrub", &super::scrub_secret(site)));
            pod.containers[0].command = Some(vec![
                "sh".into(),
                "-c".into(),
                format!("{install} && php {CONFIG_DIR}/database-fence.php"),
            ]);
            "derive"
        }
        None => {
            let mut command = vec!["php".into(), format!("{CONFIG_DIR}/install.php")];
            if let Some(source) = site.copies.get(instance) {
                let copy = copy_container(site, source, &mut pod);
                pod.init_containers.get_or_insert_with(Vec::new).push(copy);
                command.push("copy".into());
            }
            pod.containers[0].command = Some(command);
            "install"
        }
    };
    out.push(Object::Job(job(site, instance, component, pod)));
}

/// Where a derived instance's media lives under the environment's: a
/// derive makes an instance's uploads exactly its version's, so instances
/// of one environment derived from different versions (a copy refreshed
/// beside the running one) must not share them. Installed instances share
/// the environment's media (`None`).
fn instance_media(site: &SiteEnv, instance: &str) -> Option<String> {
    site.derived
        .contains_key(instance)
        .then(|| format!("instances/{instance}"))
}

/// The media bucket's prefix an instance's S3-Uploads reads:
/// `BUCKET/SITE/ENV`, and below it the instance's own for a derived one.
fn media_prefix(site: &SiteEnv, instance: &str, bucket: &str) -> String {
    let shared = format!("{bucket}/{}/{}", site.site, site.env);
    match instance_media(site, instance) {
        Some(own) => format!("{shared}/{own}"),
        None => shared,
    }
}

/// The version `instance` is derived from and the repository it is read
/// from, if a derive Job makes it.
fn derived<'a>(
    site: &'a SiteEnv,
    instance: &str,
) -> Option<(&'a String, &'a crate::site::Versions)> {
    Some((site.derived.get(instance)?, site.versions.as_ref()?))
}

/// Holds the pods of a derived or copied instance (web and wp-cron) back
/// until its Job has filled its database: an init container, last, runs
/// `slipway derive --wait`, which succeeds only once the database holds
/// the version restored and fenced, or `slipway carry --wait`, once it
/// holds a whole copy. Plain objects do this whatever order they are
/// applied in; a wait that times out fails the pod, so a stuck Job shows
/// as a restarting pod with the reason in its log.
fn hold_until_filled(site: &SiteEnv, instance: &str, pod: &mut PodSpec) {
    let database = format!("{SECRETS_DIR}/db");
    let timeout = DERIVE_WAIT_SECONDS.to_string();
    let (name, mut args) = if let Some((version, _)) = derived(site, instance) {
        (
            "wait-for-derive",
            vec!["derive", "--wait", "--version", version],
        )
    } else if site.copies.contains_key(instance) {
        ("wait-for-copy", vec!["carry", "--wait"])
    } else {
        return;
    };
    args.extend(["--database", &database, "--timeout", &timeout]);
    // A database client run every few seconds, with the database's
    // connection and nothing else.
    let small = crate::site::Resources {
        cpu: "10m".into(),
        memory: "32Mi".into(),
        cpu_limit: "100m".into(),
        memory_limit: "64Mi".into(),
    };
    let wait = slipway_step(
        site,
        name,
        &args,
        &small,
        vec![mount("secret-db", &database, true)],
    );
    // Last, after the code is fetched: PHP starts as soon as the wait ends.
    pod.init_containers.get_or_insert_with(Vec::new).push(wait);
}

/// A step of a pod that runs the slipway image (code, restore, copy, the
/// waits): `slipway ARGS`, unprivileged like every container, with
/// `limits` and only the `mounts` it needs.
fn slipway_step<S: AsRef<str>>(
    site: &SiteEnv,
    name: &str,
    args: &[S],
    limits: &crate::site::Resources,
    mounts: Vec<VolumeMount>,
) -> Container {
    Container {
        name: name.into(),
        image: Some(site.images.slipway.clone()),
        image_pull_policy: Some("Always".into()),
        args: Some(args.iter().map(|a| a.as_ref().to_string()).collect()),
        resources: Some(resources(limits)),
        security_context: Some(container_security()),
        volume_mounts: Some(mounts),
        ..Container::default()
    }
}

/// The install Job's step before PHP for an instance made as a copy of
/// another: `slipway carry` copies that instance's database (read in one
/// snapshot, with its own account's connection) into this one's, which the
/// install script then upgrades to this instance's code.
fn copy_container(site: &SiteEnv, source: &str, pod: &mut PodSpec) -> Container {
    pod.volumes
        .get_or_insert_with(Vec::new)
        .push(secret_volume("db-source", &connection_secret(site, source)));
    let (own_db, source_db) = (
        format!("{SECRETS_DIR}/db"),
        format!("{SECRETS_DIR}/db-source"),
    );
    // Both databases' connections and /tmp; nothing of PHP's.
    slipway_step(
        site,
        "copy",
        &["carry", "--from", &source_db, "--database", &own_db],
        &site.php,
        vec![
            mount("tmp", "/tmp", false),
            mount("secret-db", &own_db, true),
            mount("secret-db-source", &source_db, true),
        ],
    )
}

/// The derive Job's step before PHP: `slipway derive` restores the version
/// from the repository into the instance's database (through the rewrite to
/// this environment's address and the scrub, with the environment's key)
/// and its uploads into the media volume or bucket.
fn restore_container(
    site: &SiteEnv,
    instance: &str,
    pod: &PodSpec,
    version: &str,
    versions: &crate::site::Versions,
) -> Container {
    let mut args: Vec<String> = [
        "derive",
        "--repository",
        &versions.repository,
        "--password-file",
        &format!("{SECRETS_DIR}/versions/password"),
        "--version",
        version,
        "--url",
        &format!("https://{}", site.domains[0]),
        "--database",
        &format!("{SECRETS_DIR}/db"),
        "--scrub-key-file",
        &format!("{SECRETS_DIR}/scrub/key"),
    ]
    .map(String::from)
    .to_vec();
    // The repository's own keys, in the versions Secret that only this
    // container mounts: the media keys every PHP pod holds must not reach
    // production's versions.
    args.extend(["--s3-keys".to_string(), format!("{SECRETS_DIR}/versions")]);
    // Without it, a database that holds another version is left as it is
    // and the Job fails saying so: the instance may be serving it.
    if site.reload.contains(instance) {
        args.push("--replace".to_string());
    }
    if let Some(s3) = &site.s3 {
        args.extend(["--s3-region".to_string(), s3.region.clone()]);
    }
    // Uploads go where this instance's WordPress reads them: its directory
    // of the media volume, or the objects `uploads/…` under its prefix of
    // the media bucket (S3-Uploads' layout), written with the media keys.
    let media_keys = match (&site.media, &site.s3) {
        (Media::S3 { bucket }, Some(s3)) => {
            args.extend(
                [
                    "--uploads-s3",
                    &format!(
                        "s3:{}/{}",
                        s3.endpoint.trim_end_matches('/'),
                        media_prefix(site, instance, bucket)
                    ),
                    "--uploads-s3-keys",
                    &format!("{SECRETS_DIR}/s3"),
                    "--uploads-s3-region",
                    &s3.region,
                ]
                .map(String::from),
            );
            Some("secret-s3")
        }
        _ => {
            args.extend([
                "--uploads".to_string(),
                format!("{CODE_DIR}/wp-content/uploads"),
            ]);
            None
        }
    };
    // The database, the media volume (or the media bucket's keys) and
    // /tmp; not the code, PHP's configuration or WordPress' keys.
    let mut mounts: Vec<VolumeMount> = pod.containers[0]
        .volume_mounts
        .iter()
        .flatten()
        .filter(|m| {
            ["secret-db", "media", "tmp"].contains(&m.name.as_str())
                || media_keys == Some(m.name.as_str())
        })
        .cloned()
        .collect();
    for name in ["versions", "scrub"] {
        mounts.push(mount(
            &format!("secret-{name}"),
            &format!("{SECRETS_DIR}/{name}"),
            true,
        ));
    }
    slipway_step(site, "restore", &args, &site.php, mounts)
}

/// A single-writer Job of an instance running `pod`.
fn job(site: &SiteEnv, instance: &str, component: &str, mut pod: PodSpec) -> Job {
    pod.restart_policy = Some("OnFailure".into());
    strip_probes(&mut pod);
    let spec = JobSpec {
        parallelism: Some(1),
        completions: Some(1),
        backoff_limit: Some(6),
        active_deadline_seconds: Some(3600),
        template: PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(pod_labels(site, instance, component)),
                ..ObjectMeta::default()
            }),
            spec: Some(pod),
        },
        ..JobSpec::default()
    };
    // A Job's pod template cannot change once created, so the name carries
    // a hash of the spec: a changed Job is a new Job (and apply prunes the
    // old one), and an unchanged one is left alone, finished or not.
    let digest = blake3::hash(&serde_json::to_vec(&spec).unwrap_or_default());
    let name = format!(
        "{}-{instance}-{component}-{}",
        site.base(),
        &digest.to_hex()[..8]
    );
    Job {
        metadata: meta(site, &name, site_labels(site, component)),
        spec: Some(spec),
        ..Job::default()
    }
}

fn strip_probes(pod: &mut PodSpec) {
    for container in &mut pod.containers {
        container.readiness_probe = None;
        container.liveness_probe = None;
        container.startup_probe = None;
        container.ports = None;
    }
}

/// Who may talk to the site's pods, and whom they may talk to: the
/// Ingress controller or Gateway in; the cache, the database, the object
/// store and the code store out (DNS is the tenant's policy).
fn network_policy(site: &SiteEnv, out: &mut Vec<Object>) {
    let app_pods = match_labels(&[
        (SITE_LABEL, &site.site),
        (ENV_LABEL, &site.env),
        (ROLE_LABEL, "app"),
    ]);
    let mut egress = vec![
        NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                pod_selector: Some(redis_selector(site)),
                ..NetworkPolicyPeer::default()
            }]),
            ports: Some(vec![port("TCP", REDIS_PORT)]),
        },
        NetworkPolicyEgressRule {
            to: Some(vec![database_peer(site)]),
            ports: Some(vec![port("TCP", 3306)]),
        },
    ];
    // The object store holds media and the versions derive restores.
    let mut outside_ports = vec![url_port(&site.code_store)];
    if let Some(s3) = &site.s3 {
        outside_ports.push(url_port(&s3.endpoint));
    }
    outside_ports.sort_unstable();
    outside_ports.dedup();
    egress.push(NetworkPolicyEgressRule {
        // Object and code stores may be inside or outside the cluster; only
        // their ports are known here.
        to: Some(vec![NetworkPolicyPeer {
            ip_block: Some(IPBlock {
                cidr: "0.0.0.0/0".into(),
                except: Some(vec!["169.254.169.254/32".into()]),
            }),
            ..NetworkPolicyPeer::default()
        }]),
        ports: Some(outside_ports.into_iter().map(|p| port("TCP", p)).collect()),
    });
    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(site, site.base(), site_labels(site, "network")),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(app_pods),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ingress: Some(vec![NetworkPolicyIngressRule {
                from: Some(vec![NetworkPolicyPeer {
                    namespace_selector: Some(match_labels(&[(
                        "kubernetes.io/metadata.name",
                        &site.routing.controller_namespace,
                    )])),
                    ..NetworkPolicyPeer::default()
                }]),
                ports: Some(vec![port("TCP", HTTP_PORT)]),
            }]),
            egress: Some(egress),
        }),
    }));
}

fn config_maps(site: &SiteEnv, out: &mut Vec<Object>) {
    let mut data = BTreeMap::from([
        ("nginx.conf".to_string(), nginx_conf(site)),
        ("php-fpm.conf".to_string(), PHP_FPM_CONF.to_string()),
        ("wp-config.php".to_string(), wp_config(site)),
        ("install.php".to_string(), INSTALL_PHP.to_string()),
    ]);
    if site.fence.is_some() {
        // The runtime fence every runtime shares: the plugin wp-config.php
        // loads, and the mail trap fence.ini makes PHP's sendmail.
        data.insert(
            "fence-plugin.php".to_string(),
            slipway_runtime::FENCE_PLUGIN_PHP.to_string(),
        );
        data.insert(
            "mail-trap.php".to_string(),
            slipway_runtime::MAIL_TRAP_PHP.to_string(),
        );
        data.insert(FENCE_INI.to_string(), FENCE_INI_TEXT.to_string());
    }
    if !site.derived.is_empty() {
        data.insert("database-fence.php".to_string(), fence_php());
    }
    out.push(Object::ConfigMap(ConfigMap {
        metadata: meta(
            site,
            format!("{}-config", site.base()),
            site_labels(site, "web"),
        ),
        data: Some(data),
        ..ConfigMap::default()
    }));
}

fn tcp_probe(port: &str, period: i32) -> Probe {
    Probe {
        tcp_socket: Some(TCPSocketAction {
            port: IntOrString::String(port.into()),
            ..TCPSocketAction::default()
        }),
        period_seconds: Some(period),
        ..Probe::default()
    }
}

/// The volume `secret-NAME` of the Secret `secret`, readable by the pod's
/// group only.
fn secret_volume(name: &str, secret: &str) -> Volume {
    Volume {
        name: format!("secret-{name}"),
        secret: Some(SecretVolumeSource {
            secret_name: Some(secret.into()),
            default_mode: Some(0o440),
            optional: Some(false),
            ..SecretVolumeSource::default()
        }),
        ..Volume::default()
    }
}

fn empty_dir(name: &str) -> Volume {
    Volume {
        name: name.into(),
        empty_dir: Some(EmptyDirVolumeSource::default()),
        ..Volume::default()
    }
}

fn config_volume(name: &str, config_map: &str) -> Volume {
    Volume {
        name: name.into(),
        config_map: Some(ConfigMapVolumeSource {
            name: config_map.into(),
            ..ConfigMapVolumeSource::default()
        }),
        ..Volume::default()
    }
}

fn mount(name: &str, path: &str, read_only: bool) -> VolumeMount {
    VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        read_only: Some(read_only),
        ..VolumeMount::default()
    }
}

const NGINX_CONF: &str = include_str!("web/nginx.conf");

/// A fenced environment's PHP settings, read by every PHP of its pods
/// through `PHP_INI_SCAN_DIR`.
const FENCE_INI_TEXT: &str =
    "; slipway's fence: sendmail_path is a system setting no plugin can change,\n\
; so mail() (and every mailer the fence forces onto it) hands each message\n\
; to the trap, which keeps nothing and logs who it was for. Nothing leaves.\n\
sendmail_path = \"php /etc/slipway/mail-trap.php -\"\n";

/// nginx's configuration; a fenced environment's says `X-Robots-Tag` on
/// every response, as the local runtime's front does.
fn nginx_conf(site: &SiteEnv) -> String {
    let headers = match site.fence {
        None => String::new(),
        Some(_) => {
            let (header, value) = (
                slipway_runtime::ROBOTS_HEADER,
                slipway_runtime::ROBOTS_VALUE,
            );
            format!(
                "        # Fenced: search engines are kept out of every response (no\n\
                 \x20       # location adds headers of its own, so all inherit these). PHP\n\
                 \x20       # sends the header too, for other fronts; its copy is dropped so a\n\
                 \x20       # response carries it once.\n\
                 \x20       add_header {header} \"{value}\" always;\n\
                 \x20       fastcgi_hide_header {header};\n"
            )
        }
    };
    NGINX_CONF.replacen(FENCE_MARK_NGINX, &headers, 1)
}

/// `wp-config.php`; a fenced environment's defines the fence's settings
/// and loads its plugin.
fn wp_config(site: &SiteEnv) -> String {
    let settings = match &site.fence {
        None => String::new(),
        Some(fence) => fence_settings(site, fence),
    };
    WP_CONFIG.replacen(FENCE_MARK_PHP, &settings, 1)
}

/// The fence's part of `wp-config.php`: the constants the plugin reads
/// (the same the local runtime writes), and the plugin loaded.
fn fence_settings(site: &SiteEnv, fence: &slipway_runtime::Fence) -> String {
    use slipway_runtime::php_quote;
    let define = |name: &str, value: String| format!("define( '{name}', {value} );\n");
    let mut c = String::from(
        "// Fenced, as every environment but production: mail goes to the trap\n\
         // (sendmail_path, fence.ini), outgoing HTTP reaches only these hosts,\n\
         // search engines are kept out, scheduled work that calls out never runs.\n",
    );
    c += &define("SLIPWAY_FENCED", "true".into());
    c += &define("WP_HTTP_BLOCK_EXTERNAL", "true".into());
    c += &define(
        "WP_ACCESSIBLE_HOSTS",
        php_quote(&fence_hosts(site, fence).join(",")),
    );
    c += &define(
        "SLIPWAY_FENCE_HOOKS",
        php_quote(&slipway_runtime::OUTGOING_HOOKS.join(",")),
    );
    c += &define(
        "SLIPWAY_FENCE_TEST_MODES",
        php_quote(&slipway_runtime::GatewayTestMode::encode_all()),
    );
    c += &define(
        "SLIPWAY_FENCE_OFFLINE_GATEWAYS",
        php_quote(&slipway_runtime::OFFLINE_GATEWAYS.join(",")),
    );
    c += &format!(
        "// The fence's plugin is the one the local runtime installs in mu-plugins.\n\
         // Here the code tree holds exactly the lock's files, read-only, so the\n\
         // plugin cannot be a file in it (nor a file mounted over it, which needs\n\
         // a mount point the lock does not have): it comes in this ConfigMap. It\n\
         // cannot be required from here either, before WordPress has its hook\n\
         // functions; so it is hooked in the way WordPress takes hooks before it\n\
         // loads (a pre-filled $wp_filter), first thing once the must-use plugins\n\
         // are loaded, where a must-use plugin of its own would be, and before\n\
         // any regular plugin.\n\
         $GLOBALS['wp_filter']['muplugins_loaded'][ PHP_INT_MIN ]['slipway-fence'] = array(\n\
         \t'function'      => function () {{\n\
         \t\trequire '{CONFIG_DIR}/fence-plugin.php';\n\
         \t}},\n\
         \t'accepted_args' => 0,\n\
         );\n"
    );
    c
}

/// The hosts a fenced environment's WordPress may reach over HTTP: its own
/// domains and mapped domains (every name under its first domain for a
/// network, whose sites are subdomains), then the manifest's allowed hosts.
fn fence_hosts(site: &SiteEnv, fence: &slipway_runtime::Fence) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    let mut add = |host: String| {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    };
    for domain in site.domains.iter().chain(&site.mapped_domains) {
        add(domain.clone());
    }
    if site.multisite {
        let first = &site.domains[0];
        add(format!("*.{}", first.strip_prefix("*.").unwrap_or(first)));
    }
    for host in &fence.allowed_hosts {
        add(host.clone());
    }
    hosts
}
const PHP_FPM_CONF: &str = include_str!("web/php-fpm.conf");
const WP_CONFIG: &str = include_str!("web/wp-config.php");

/// The database fence every runtime applies to a derived copy, with
/// WordPress loaded by the pod's settings and its arguments written in.
fn fence_php() -> String {
    use slipway_runtime::php_quote;
    let body = slipway_runtime::DATABASE_FENCE_PHP
        .strip_prefix("<?php")
        .unwrap_or(slipway_runtime::DATABASE_FENCE_PHP);
    format!(
        "<?php\n// slipway's database fence for a derived copy: WordPress loaded with the\n// pod's settings, then the fence every runtime applies.\n$_SERVER['HTTP_HOST'] = parse_url( (string) getenv( 'WP_HOME' ), PHP_URL_HOST );\n$argv = array( __FILE__, {}, {}, {} );\nrequire '{CONFIG_DIR}/wp-config.php';\n{body}",
        php_quote(&slipway_runtime::OUTGOING_HOOKS.join(",")),
        php_quote(&slipway_runtime::GatewayTestMode::encode_all()),
        php_quote(&slipway_runtime::OFFLINE_GATEWAYS.join(",")),
    )
}
const INSTALL_PHP: &str = include_str!("web/install.php");
