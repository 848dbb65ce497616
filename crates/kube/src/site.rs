//! One environment of one site with every default filled in and every name
//! checked: what the renderer works from.

use crate::error::{Error, Result};
use crate::manifest::{
    ContainerResources, DatabaseMode, KubernetesTable, Manifest, MediaMode, RoutingKind,
};

/// The longest object name slipway builds is the base name plus this many
/// bytes of suffix (`-<instance>-install-<hash>`, with a 12-byte instance).
const LONGEST_SUFFIX: usize = 30;

/// Kubernetes object names (DNS-1123 labels) are at most this long.
const MAX_NAME: usize = 63;

/// A site environment ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteEnv {
    /// The site's name.
    pub site: String,
    /// The environment's name (`production`, `staging`, …).
    pub env: String,
    /// The tenant.
    pub tenant: String,
    /// The tenant's namespace.
    pub namespace: String,
    /// Whether the site is a multisite network.
    pub multisite: bool,
    /// Domains, the primary one first.
    pub domains: Vec<String>,
    /// Mapped multisite domains.
    pub mapped_domains: Vec<String>,
    /// Web replicas (the autoscaler's minimum when it runs).
    pub replicas: u32,
    /// The autoscaler, if it runs.
    pub autoscale: Option<Autoscale>,
    /// PHP-FPM's resources.
    pub php: Resources,
    /// nginx's resources.
    pub nginx: Resources,
    /// Redis' resources.
    pub redis: Resources,
    /// The tenant's quota.
    pub quota: Quota,
    /// The database.
    pub database: Database,
    /// The object store, if there is one.
    pub s3: Option<S3>,
    /// Where uploads live.
    pub media: Media,
    /// Database backups, if any.
    pub backup: Option<Backup>,
    /// Routing.
    pub routing: Routing,
    /// Images.
    pub images: Images,
    /// The code store's URL.
    pub code_store: String,
    /// The Secret holding the database password (key `password`).
    pub database_secret: String,
    /// Whether slipway generates that Secret.
    pub database_secret_generated: bool,
    /// The Secret holding WordPress' keys and salts.
    pub wordpress_secret: String,
    /// Whether slipway generates that Secret.
    pub wordpress_secret_generated: bool,
    /// Running instances (blue/green), in manifest order.
    pub instances: Vec<String>,
    /// The instance the Service routes to.
    pub active: String,
    /// The sha256 of the lock each instance's code comes from, by instance.
    pub locks: std::collections::BTreeMap<String, String>,
    /// The version each derived instance is derived from, by instance;
    /// instances not in it are installed afresh.
    pub derived: std::collections::BTreeMap<String, String>,
    /// The derived instances whose derive Job may restore over another
    /// version (`reload`); none of them serves.
    pub reload: std::collections::BTreeSet<String>,
    /// The instance each copied instance's database starts as a copy of,
    /// by instance.
    pub copies: std::collections::BTreeMap<String, String>,
    /// Where those versions are read from (when any instance is derived).
    pub versions: Option<Versions>,
    /// The runtime fence of every instance: `None` for production, which
    /// is never fenced.
    pub fence: Option<slipway_runtime::Fence>,
}

/// The version repository a derive Job reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Versions {
    /// Its location, in restic's syntax (`s3:https://host/bucket/path`).
    pub repository: String,
    /// The Secret holding its password (key `password`) and read-only keys
    /// to its bucket (`access-key-id`, `secret-access-key`).
    pub secret: String,
}

/// The autoscaler's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Autoscale {
    /// Most replicas.
    pub max: u32,
    /// Target CPU percent.
    pub cpu: u32,
    /// Target requests per second per pod, if set.
    pub requests_per_second: Option<u32>,
}

/// Requests and limits of a container.
#[derive(Debug, Clone, PartialEq)]
pub struct Resources {
    /// CPU request.
    pub cpu: String,
    /// Memory request.
    pub memory: String,
    /// CPU limit.
    pub cpu_limit: String,
    /// Memory limit.
    pub memory_limit: String,
}

/// The tenant's quota.
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    /// Total CPU requests.
    pub cpu: String,
    /// Total memory requests.
    pub memory: String,
    /// Total storage requests.
    pub storage: String,
    /// Most pods.
    pub pods: u32,
}

/// The database server.
#[derive(Debug, Clone, PartialEq)]
pub enum Database {
    /// A database on a shared server.
    Shared {
        /// The MariaDB resource.
        mariadb: String,
        /// Its namespace.
        namespace: String,
    },
    /// A server of the site's own.
    Dedicated {
        /// Servers (primary plus replicas).
        replicas: u32,
        /// Volume size.
        storage: String,
        /// Storage class.
        storage_class: Option<String>,
    },
}

/// The object store.
#[derive(Debug, Clone, PartialEq)]
pub struct S3 {
    /// Endpoint URL.
    pub endpoint: String,
    /// Default bucket.
    pub bucket: String,
    /// Region.
    pub region: String,
    /// Secret with `access-key-id` and `secret-access-key`.
    pub secret: String,
}

/// Where uploads live.
#[derive(Debug, Clone, PartialEq)]
pub enum Media {
    /// On the object store.
    S3 {
        /// Bucket.
        bucket: String,
    },
    /// On a ReadWriteMany volume.
    Rwx {
        /// Size.
        size: String,
        /// Storage class.
        storage_class: Option<String>,
    },
}

/// Database backups.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// Cron schedule.
    pub schedule: String,
    /// Retention (Go duration).
    pub retention: String,
    /// Bucket.
    pub bucket: String,
}

/// Routing.
#[derive(Debug, Clone, PartialEq)]
pub struct Routing {
    /// Ingress or Gateway.
    pub kind: RoutingKind,
    /// Ingress class.
    pub class: String,
    /// cert-manager issuer.
    pub issuer: String,
    /// `ClusterIssuer` or `Issuer`.
    pub issuer_kind: String,
    /// Gateway's name.
    pub gateway: String,
    /// Gateway's namespace.
    pub gateway_namespace: String,
    /// Namespace of the pods that forward requests to the web pods.
    pub controller_namespace: String,
}

/// Container images.
#[derive(Debug, Clone, PartialEq)]
pub struct Images {
    /// nginx.
    pub nginx: String,
    /// PHP-FPM.
    pub php: String,
    /// Redis.
    pub redis: String,
    /// slipway (code materialization and jobs).
    pub slipway: String,
}

impl SiteEnv {
    /// The environment `env` of the site described by `manifest`; `site`
    /// is the name the command line gave, `file` names the manifest in
    /// errors; `site_lock` is the sha256 of the site's `slipway.lock`, the
    /// code of every instance the manifest pins no lock for.
    pub fn resolve(
        manifest: &Manifest,
        site: &str,
        env: &str,
        file: &str,
        site_lock: Option<&str>,
    ) -> Result<SiteEnv> {
        let k = manifest.kubernetes.as_ref().ok_or_else(|| {
            Error::setting(
                file,
                "kubernetes",
                "missing: the site has no [kubernetes] table",
            )
        })?;
        let site = manifest
            .site
            .name
            .clone()
            .unwrap_or_else(|| site.to_string());
        let key_site = if manifest.site.name.is_some() {
            "site.name"
        } else {
            "site name"
        };
        check_label(file, key_site, &site, 20)?;
        check_label(file, "environment", env, 12)?;
        check_label(file, "kubernetes.tenant", &k.tenant, MAX_NAME)?;
        let namespace = k.namespace.clone().unwrap_or_else(|| k.tenant.clone());
        check_label(file, "kubernetes.namespace", &namespace, MAX_NAME)?;

        let env_table = k.env.get(env);
        let env_key = format!("kubernetes.env.{env}");
        if env != "production" && env_table.is_none() {
            return Err(Error::setting(
                file,
                env_key,
                "missing: environments other than production need their own table with `domains`",
            ));
        }
        let pick = |own: &[String], base: &[String]| -> Vec<String> {
            if own.is_empty() && env == "production" {
                base.to_vec()
            } else {
                own.to_vec()
            }
        };
        let domains = pick(
            env_table.map(|t| t.domains.as_slice()).unwrap_or(&[]),
            &k.domains,
        );
        let domains_key = if env_table.is_some_and(|t| !t.domains.is_empty()) {
            format!("{env_key}.domains")
        } else {
            "kubernetes.domains".to_string()
        };
        if domains.is_empty() {
            return Err(Error::setting(
                file,
                domains_key,
                "missing: at least one domain is needed",
            ));
        }
        for domain in &domains {
            check_domain(file, &domains_key, domain)?;
        }
        let mapped_domains = pick(
            env_table
                .map(|t| t.mapped_domains.as_slice())
                .unwrap_or(&[]),
            &k.mapped_domains,
        );
        for domain in &mapped_domains {
            check_domain(file, "kubernetes.mapped_domains", domain)?;
        }
        if !mapped_domains.is_empty() && !manifest.site.multisite {
            return Err(Error::setting(
                file,
                "kubernetes.mapped_domains",
                "only a multisite network maps domains: set `multisite = true` in [site]",
            ));
        }

        let replicas = env_table
            .and_then(|t| t.replicas)
            .or(k.replicas)
            .unwrap_or(2);
        if replicas == 0 {
            return Err(Error::setting(
                file,
                "kubernetes.replicas",
                "must be at least 1",
            ));
        }
        let autoscale_on = env_table
            .and_then(|t| t.autoscale)
            .or(k.autoscale.enabled)
            .unwrap_or(true);
        let autoscale = if autoscale_on {
            let max = k.autoscale.max.unwrap_or(replicas.saturating_mul(4));
            if max < replicas {
                return Err(Error::setting(
                    file,
                    "kubernetes.autoscale.max",
                    format!("{max} is below the minimum of {replicas} replicas"),
                ));
            }
            let cpu = k.autoscale.cpu.unwrap_or(70);
            if !(1..=100).contains(&cpu) {
                return Err(Error::setting(
                    file,
                    "kubernetes.autoscale.cpu",
                    "a percentage from 1 to 100",
                ));
            }
            Some(Autoscale {
                max,
                cpu,
                requests_per_second: k.autoscale.requests_per_second,
            })
        } else {
            None
        };

        let database = match k.database.mode {
            DatabaseMode::Shared => Database::Shared {
                mariadb: k
                    .database
                    .mariadb
                    .clone()
                    .unwrap_or_else(|| "shared".into()),
                namespace: k
                    .database
                    .mariadb_namespace
                    .clone()
                    .unwrap_or_else(|| "slipway-db".into()),
            },
            DatabaseMode::Dedicated => {
                let replicas = k.database.replicas.unwrap_or(3);
                if replicas == 0 {
                    return Err(Error::setting(
                        file,
                        "kubernetes.database.replicas",
                        "must be at least 1",
                    ));
                }
                Database::Dedicated {
                    replicas,
                    storage: quantity(
                        file,
                        "kubernetes.database.storage",
                        &k.database.storage,
                        "20Gi",
                    )?,
                    storage_class: k.database.storage_class.clone(),
                }
            }
        };
        if let Database::Shared { mariadb, namespace } = &database {
            check_label(file, "kubernetes.database.mariadb", mariadb, MAX_NAME)?;
            check_label(
                file,
                "kubernetes.database.mariadb_namespace",
                namespace,
                MAX_NAME,
            )?;
        }

        let s3 = k.s3.as_ref().map(|s| S3 {
            endpoint: s.endpoint.clone(),
            bucket: s.bucket.clone(),
            region: s.region.clone().unwrap_or_else(|| "us-east-1".into()),
            secret: s.secret.clone(),
        });
        if let Some(s) = &s3 {
            if !(s.endpoint.starts_with("https://") || s.endpoint.starts_with("http://")) {
                return Err(Error::setting(
                    file,
                    "kubernetes.s3.endpoint",
                    format!("`{}` is not an http(s) URL", s.endpoint),
                ));
            }
            check_label(file, "kubernetes.s3.secret", &s.secret, 253)?;
        }
        let media = match k.media.mode {
            MediaMode::S3 => {
                let bucket = k
                    .media
                    .bucket
                    .clone()
                    .or_else(|| s3.as_ref().map(|s| s.bucket.clone()))
                    .ok_or_else(|| {
                        Error::setting(
                            file,
                            "kubernetes.s3",
                            "missing: media on S3 (the default `kubernetes.media.mode`) needs the object store; set [kubernetes.s3] or `media.mode = \"rwx\"`",
                        )
                    })?;
                if s3.is_none() {
                    return Err(Error::setting(
                        file,
                        "kubernetes.s3",
                        "missing: media on S3 needs its endpoint and credentials",
                    ));
                }
                Media::S3 { bucket }
            }
            MediaMode::Rwx => Media::Rwx {
                size: quantity(file, "kubernetes.media.size", &k.media.size, "10Gi")?,
                storage_class: k.media.storage_class.clone(),
            },
        };
        let backup_on = k.backup.enabled.unwrap_or(s3.is_some());
        let backup = if backup_on {
            let store = s3.as_ref().ok_or_else(|| {
                Error::setting(
                    file,
                    "kubernetes.backup.enabled",
                    "backups go to the object store: set [kubernetes.s3]",
                )
            })?;
            Some(Backup {
                schedule: k
                    .backup
                    .schedule
                    .clone()
                    .unwrap_or_else(|| "0 3 * * *".into()),
                retention: k.backup.retention.clone().unwrap_or_else(|| "720h".into()),
                bucket: k
                    .backup
                    .bucket
                    .clone()
                    .unwrap_or_else(|| store.bucket.clone()),
            })
        } else {
            None
        };
        if let Some(b) = &backup {
            if b.schedule.split_whitespace().count() != 5 {
                return Err(Error::setting(
                    file,
                    "kubernetes.backup.schedule",
                    format!("`{}` is not a five-field cron schedule", b.schedule),
                ));
            }
        }

        let r = &k.routing;
        let gateway_namespace = r
            .gateway_namespace
            .clone()
            .unwrap_or_else(|| "gateway-system".into());
        let routing = Routing {
            kind: r.kind,
            class: r.class.clone().unwrap_or_else(|| "nginx".into()),
            issuer: r.issuer.clone().unwrap_or_else(|| "letsencrypt".into()),
            issuer_kind: r
                .issuer_kind
                .clone()
                .unwrap_or_else(|| "ClusterIssuer".into()),
            gateway: r.gateway.clone().unwrap_or_else(|| "slipway".into()),
            controller_namespace: r
                .controller_namespace
                .clone()
                .unwrap_or_else(|| match r.kind {
                    RoutingKind::Ingress => "ingress-nginx".into(),
                    RoutingKind::Gateway => gateway_namespace.clone(),
                }),
            gateway_namespace,
        };
        if routing.issuer_kind != "ClusterIssuer" && routing.issuer_kind != "Issuer" {
            return Err(Error::setting(
                file,
                "kubernetes.routing.issuer_kind",
                format!(
                    "`{}`: expected `ClusterIssuer` or `Issuer`",
                    routing.issuer_kind
                ),
            ));
        }
        check_label(
            file,
            "kubernetes.routing.controller_namespace",
            &routing.controller_namespace,
            MAX_NAME,
        )?;

        let images = Images {
            nginx: k
                .images
                .nginx
                .clone()
                .unwrap_or_else(|| "nginxinc/nginx-unprivileged:1.27-alpine".into()),
            php: k
                .images
                .php
                .clone()
                .unwrap_or_else(|| "wordpress:6.6-php8.2-fpm-alpine".into()),
            redis: k
                .images
                .redis
                .clone()
                .unwrap_or_else(|| "redis:7.4-alpine".into()),
            slipway: k
                .images
                .slipway
                .clone()
                .unwrap_or_else(|| "slipway/slipway:0.1".into()),
        };

        let active = env_table
            .map_or("main", crate::manifest::EnvTable::active_instance)
            .to_string();
        let mut instances = env_table.map(|t| t.instances.clone()).unwrap_or_default();
        if instances.is_empty() {
            instances.push(active.clone());
        }
        for instance in &instances {
            check_label(file, &format!("{env_key}.instances"), instance, 12)?;
        }
        if !instances.contains(&active) {
            return Err(Error::setting(
                file,
                format!("{env_key}.active"),
                format!("`{active}` is not one of the instances {instances:?}"),
            ));
        }
        let pinned = env_table.map(|t| &t.locks);
        if let Some((instance, _)) = pinned
            .into_iter()
            .flatten()
            .find(|(instance, _)| !instances.contains(instance))
        {
            return Err(Error::setting(
                file,
                format!("{env_key}.locks.{instance}"),
                format!("`{instance}` is not one of the instances {instances:?}"),
            ));
        }
        let mut locks = std::collections::BTreeMap::new();
        for instance in &instances {
            let key = format!("{env_key}.locks.{instance}");
            let lock = match pinned.and_then(|p| p.get(instance)) {
                Some(sha256) => sha256.as_str(),
                None => site_lock.ok_or_else(|| {
                    Error::setting(
                        file,
                        &key,
                        format!("instance `{instance}` has no code: lock the site (`slipway lock {site}` writes slipway.lock beside the manifest), or pin a lock's sha256 here"),
                    )
                })?,
            };
            if lock.len() != 64 || !lock.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(Error::setting(
                    file,
                    &key,
                    format!("`{lock}` is not a lock's sha256 (64 lowercase hex digits)"),
                ));
            }
            locks.insert(instance.clone(), lock.to_string());
        }
        let base = format!("{site}-{env}");
        if base.len() + LONGEST_SUFFIX > MAX_NAME {
            return Err(Error::setting(
                file,
                key_site,
                format!("`{site}` with environment `{env}` makes names too long for Kubernetes"),
            ));
        }

        let derived = derived_instances(file, &env_key, env, env_table, &instances, s3.is_some())?;
        let reload = reloaded_instances(file, &env_key, env_table, &derived, &active)?;
        let copies = env_table.map(|t| t.copy_of.clone()).unwrap_or_default();
        for (instance, source) in &copies {
            let key = format!("{env_key}.copy_of.{instance}");
            let problem = if !instances.contains(instance) {
                format!("`{instance}` is not one of the instances {instances:?}")
            } else if !instances.contains(source) {
                format!("`{source}` is not one of the instances {instances:?}")
            } else if source == instance {
                "an instance cannot start as a copy of itself".to_string()
            } else if derived.contains_key(instance) {
                format!("`{instance}` is derived from a version; a copy starts from another instance's database instead")
            } else if instance == &active {
                format!("`{instance}` serves: only an instance that does not serve yet starts as a copy (a switch to a copy ends it being one)")
            } else if copies.contains_key(source) || derived.contains_key(source) {
                format!("`{source}` is itself filled by a Job; a copy starts from an instance that is not")
            } else {
                continue;
            };
            return Err(Error::setting(file, key, problem));
        }
        let allowed_hosts = env_table
            .map(|t| t.allowed_hosts.clone())
            .unwrap_or_default();
        let fence =
            slipway_runtime::Fence::for_environment(slipway_runtime::EnvironmentType::of(env));
        if fence.is_none() && !allowed_hosts.is_empty() {
            return Err(Error::setting(
                file,
                format!("{env_key}.allowed_hosts"),
                "production is never fenced, so there is nothing to allow",
            ));
        }
        for host in &allowed_hosts {
            check_domain(file, &format!("{env_key}.allowed_hosts"), host)?;
        }
        let fence = fence.map(|_| slipway_runtime::Fence { allowed_hosts });
        let versions = match (derived.is_empty(), &s3) {
            (false, Some(s3)) => {
                let repository = k.versions.repository.clone().unwrap_or_else(|| {
                    format!(
                        "s3:{}/{}/versions",
                        s3.endpoint.trim_end_matches('/'),
                        s3.bucket
                    )
                });
                if !repository.starts_with("s3:") {
                    return Err(Error::setting(
                        file,
                        "kubernetes.versions.repository",
                        format!("`{repository}` is not an s3: location; a pod reads versions from the object store"),
                    ));
                }
                let secret = k
                    .versions
                    .secret
                    .clone()
                    .unwrap_or_else(|| format!("{}-versions", k.tenant));
                Some(Versions { repository, secret })
            }
            _ => None,
        };
        Ok(SiteEnv {
            fence,
            derived,
            reload,
            copies,
            versions,
            locks,
            database_secret: k
                .secrets
                .database
                .clone()
                .unwrap_or_else(|| format!("{base}-db")),
            database_secret_generated: k.secrets.database.is_none(),
            wordpress_secret: k
                .secrets
                .wordpress
                .clone()
                .unwrap_or_else(|| format!("{base}-wordpress")),
            wordpress_secret_generated: k.secrets.wordpress.is_none(),
            php: resources(
                file,
                "php",
                &k.resources.php,
                ["250m", "256Mi", "1", "512Mi"],
            )?,
            nginx: resources(
                file,
                "nginx",
                &k.resources.nginx,
                ["50m", "64Mi", "500m", "128Mi"],
            )?,
            redis: resources(
                file,
                "redis",
                &k.resources.redis,
                ["50m", "128Mi", "500m", "256Mi"],
            )?,
            quota: quota(file, k)?,
            code_store: k
                .code
                .store
                .clone()
                .unwrap_or_else(|| "http://code-store.slipway-system.svc:8080".into()),
            site,
            env: env.to_string(),
            tenant: k.tenant.clone(),
            namespace,
            multisite: manifest.site.multisite,
            domains,
            mapped_domains,
            replicas,
            autoscale,
            database,
            s3,
            media,
            backup,
            routing,
            images,
            instances,
            active,
        })
    }

    /// `<site>-<env>`: the stem of every object name of the environment.
    pub fn base(&self) -> String {
        format!("{}-{}", self.site, self.env)
    }
}

fn resources(
    file: &str,
    container: &str,
    given: &ContainerResources,
    defaults: [&str; 4],
) -> Result<Resources> {
    let key = |field: &str| format!("kubernetes.resources.{container}.{field}");
    Ok(Resources {
        cpu: quantity(file, &key("cpu"), &given.cpu, defaults[0])?,
        memory: quantity(file, &key("memory"), &given.memory, defaults[1])?,
        cpu_limit: quantity(file, &key("cpu_limit"), &given.cpu_limit, defaults[2])?,
        memory_limit: quantity(file, &key("memory_limit"), &given.memory_limit, defaults[3])?,
    })
}

fn quota(file: &str, k: &KubernetesTable) -> Result<Quota> {
    Ok(Quota {
        cpu: quantity(file, "kubernetes.quota.cpu", &k.quota.cpu, "8")?,
        memory: quantity(file, "kubernetes.quota.memory", &k.quota.memory, "16Gi")?,
        storage: quantity(file, "kubernetes.quota.storage", &k.quota.storage, "200Gi")?,
        pods: k.quota.pods.unwrap_or(100),
    })
}

/// A Kubernetes quantity: digits with an optional fraction and one of the
/// suffixes the API server accepts.
fn quantity(file: &str, key: &str, given: &Option<String>, default: &str) -> Result<String> {
    let value = given.clone().unwrap_or_else(|| default.to_string());
    let digits_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, suffix) = value.split_at(digits_end);
    let number_ok = !number.is_empty()
        && number.chars().filter(|&c| c == '.').count() <= 1
        && number.chars().any(|c| c.is_ascii_digit());
    const SUFFIXES: [&str; 14] = [
        "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    ];
    if number_ok && SUFFIXES.contains(&suffix) {
        Ok(value)
    } else {
        Err(Error::setting(
            file,
            key,
            format!("`{value}` is not a Kubernetes quantity (e.g. \"250m\", \"512Mi\", \"2\")"),
        ))
    }
}

/// The instances `reload` names: each derived, and none the one that
/// serves, whose database must never be reloaded under its pods.
fn reloaded_instances(
    file: &str,
    env_key: &str,
    table: Option<&crate::manifest::EnvTable>,
    derived: &std::collections::BTreeMap<String, String>,
    active: &str,
) -> Result<std::collections::BTreeSet<String>> {
    let mut reload = std::collections::BTreeSet::new();
    for instance in table.map(|t| t.reload.as_slice()).unwrap_or_default() {
        let problem = if !derived.contains_key(instance) {
            format!("`{instance}` is not a derived instance; only a derive Job reloads a database")
        } else if instance == active {
            format!("`{instance}` serves: its database is never reloaded under its pods; derive the version into another instance and switch to it")
        } else {
            reload.insert(instance.clone());
            continue;
        };
        return Err(Error::setting(file, format!("{env_key}.reload"), problem));
    }
    Ok(reload)
}

/// Which instances of an environment are derived, and from which
/// version: `derive_from` for every instance, `derive.<instance>` for one.
/// Production is never derived, and versions are read from the object
/// store, so a derive needs one.
fn derived_instances(
    file: &str,
    env_key: &str,
    env: &str,
    table: Option<&crate::manifest::EnvTable>,
    instances: &[String],
    has_s3: bool,
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut derived = std::collections::BTreeMap::new();
    let Some(table) = table else {
        return Ok(derived);
    };
    let mut given: Vec<(String, &String)> = Vec::new();
    if let Some(version) = &table.derive_from {
        given.push((format!("{env_key}.derive_from"), version));
    }
    for (instance, version) in &table.derive {
        given.push((format!("{env_key}.derive.{instance}"), version));
    }
    for (key, version) in &given {
        if env == "production" {
            return Err(Error::setting(
                file,
                key,
                "production is never written by a derive; release or restore instead",
            ));
        }
        let ok = !version.is_empty()
            && version.len() <= 128
            && version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        if !ok {
            return Err(Error::setting(
                file,
                key,
                format!("`{version}` is not a version id"),
            ));
        }
        if !has_s3 {
            return Err(Error::setting(
                file,
                key,
                "versions are read from the object store: set [kubernetes.s3]",
            ));
        }
    }
    for instance in instances {
        let version = table.derive.get(instance).or(table.derive_from.as_ref());
        if let Some(version) = version {
            derived.insert(instance.clone(), version.clone());
        }
    }
    if let Some(instance) = table.derive.keys().find(|i| !instances.contains(i)) {
        return Err(Error::setting(
            file,
            format!("{env_key}.derive.{instance}"),
            format!("`{instance}` is not one of the instances {instances:?}"),
        ));
    }
    Ok(derived)
}

/// A DNS-1123 label of at most `max` bytes: what Kubernetes accepts as a
/// name, and what slipway builds object names from.
fn check_label(file: &str, key: &str, value: &str, max: usize) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= max
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::setting(
            file,
            key,
            format!(
                "`{value}`: use 1 to {max} lowercase letters, digits and inner hyphens (it names Kubernetes objects)"
            ),
        ))
    }
}

/// A host name (a leading `*.` allowed), lowercase.
fn check_domain(file: &str, key: &str, value: &str) -> Result<()> {
    let host = value.strip_prefix("*.").unwrap_or(value);
    let ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').count() >= 2
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::setting(
            file,
            key,
            format!("`{value}` is not a lowercase host name such as `shop.example.com`"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, env: &str) -> Result<SiteEnv> {
        let manifest = Manifest::parse(text, "slipway.toml")?;
        SiteEnv::resolve(&manifest, "shop", env, "slipway.toml", Some(LOCK))
    }

    const LOCK: &str = "5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

    const SMALL: &str = "[kubernetes]\ntenant = \"acme\"\ndomains = [\"shop.example\"]\nmedia = { mode = \"rwx\" }\n";

    #[test]
    fn a_small_site_needs_a_tenant_and_a_domain() {
        let site = resolve(SMALL, "production").unwrap();
        assert_eq!(site.namespace, "acme");
        assert_eq!(site.replicas, 2);
        assert_eq!(site.autoscale.as_ref().map(|a| a.max), Some(8));
        assert_eq!(site.active, "main");
        assert_eq!(site.database_secret, "shop-production-db");
        assert!(site.backup.is_none());
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            (format!("{SMALL}replicas = 0\n"), "kubernetes.replicas"),
            (format!("{SMALL}[kubernetes.resources.php]\ncpu = \"lots\"\n"), "kubernetes.resources.php.cpu"),
            ("[kubernetes]\ntenant = \"Acme\"\ndomains = [\"a.example\"]\n".into(), "kubernetes.tenant"),
            ("[kubernetes]\ntenant = \"acme\"\ndomains = [\"a.example\"]\n".into(), "kubernetes.s3"),
            (format!("{SMALL}mapped_domains = [\"b.example\"]\n"), "kubernetes.mapped_domains"),
            (format!("{SMALL}[kubernetes.env.production]\ninstances = [\"blue\"]\nactive = \"green\"\n"), "kubernetes.env.production.active"),
            ("[kubernetes]\ntenant = \"acme\"\ndomains = [\"Shop.Example\"]\n".into(), "kubernetes.domains"),
            (format!("{SMALL}[kubernetes.env.production]\nderive_from = \"v1\"\n"), "kubernetes.env.production.derive_from"),
            (format!("{SMALL}[kubernetes.env.production.derive]\nmain = \"v1\"\n"), "kubernetes.env.production.derive.main"),
            (format!("{SMALL}[kubernetes.env.production.locks]\nblue = \"{LOCK}\"\n"), "kubernetes.env.production.locks.blue"),
            (format!("{SMALL}[kubernetes.env.production.locks]\nmain = \"{}\"\n", LOCK.to_uppercase()), "kubernetes.env.production.locks.main"),
        ];
        for (text, key) in cases {
            let err = resolve(&text, "production").unwrap_err().to_string();
            assert!(err.contains(&format!("{key}:")), "{key} not in {err}");
        }
        let err = resolve(SMALL, "staging").unwrap_err().to_string();
        assert!(err.contains("kubernetes.env.staging:"), "{err}");
        let err = resolve(
            &format!("{SMALL}[kubernetes.env.production]\nallowed_hosts = [\"api.example\"]\n"),
            "production",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("kubernetes.env.production.allowed_hosts: production is never fenced"),
            "{err}"
        );
        let err = resolve(
            &format!("{SMALL}[kubernetes.env.staging]\ndomains = [\"staging.shop.example\"]\nallowed_hosts = [\"https://api.example\"]\n"),
            "staging",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("kubernetes.env.staging.allowed_hosts:"),
            "{err}"
        );
    }

    #[test]
    fn every_environment_but_production_is_fenced() {
        assert_eq!(resolve(SMALL, "production").unwrap().fence, None);
        let text = format!("{SMALL}[kubernetes.env.dev-anna]\ndomains = [\"anna.shop.example\"]\nallowed_hosts = [\"*.api.example\"]\n");
        let fence = resolve(&text, "dev-anna").unwrap().fence.unwrap();
        assert_eq!(fence.allowed_hosts, ["*.api.example"]);
    }

    #[test]
    fn each_instance_runs_its_pinned_lock_or_the_site_s() {
        let other = "ab".repeat(32);
        let text = format!(
            "{SMALL}[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\n[kubernetes.env.production.locks]\ngreen = \"{other}\"\n"
        );
        let site = resolve(&text, "production").unwrap();
        assert_eq!(site.locks["blue"], LOCK);
        assert_eq!(site.locks["green"], other);
        let manifest = Manifest::parse(SMALL, "slipway.toml").unwrap();
        let err = SiteEnv::resolve(&manifest, "shop", "production", "slipway.toml", None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "slipway.toml: kubernetes.env.production.locks.main: instance `main` has no code"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_derive_restores_uploads_onto_either_kind_of_media() {
        let text = "[kubernetes]\ntenant = \"acme\"\ndomains = [\"shop.example\"]\ns3 = { endpoint = \"https://s3.example\", bucket = \"acme\", secret = \"acme-s3\" }\n[kubernetes.env.staging]\ndomains = [\"staging.shop.example\"]\nderive_from = \"shop-v3\"\n";
        let on_s3 = resolve(text, "staging").unwrap();
        assert!(matches!(on_s3.media, Media::S3 { .. }));
        let rwx = text.replace(
            "[kubernetes.env",
            "media = { mode = \"rwx\" }\n[kubernetes.env",
        );
        let site = resolve(&rwx, "staging").unwrap();
        assert!(matches!(site.media, Media::Rwx { .. }));
        for site in [on_s3, site] {
            let versions = site.versions.unwrap();
            assert_eq!(versions.repository, "s3:https://s3.example/acme/versions");
            assert_eq!(versions.secret, "acme-versions");
        }
    }

    #[test]
    fn every_instance_is_derived_from_its_own_version_or_the_environment_s() {
        let text = "[kubernetes]\ntenant = \"acme\"\ndomains = [\"shop.example\"]\ns3 = { endpoint = \"https://s3.example\", bucket = \"acme\", secret = \"acme-s3\" }\n[kubernetes.env.staging]\ndomains = [\"staging.shop.example\"]\ninstances = [\"a\", \"b\"]\nactive = \"a\"\n";
        let derived =
            |extra: &str| resolve(&format!("{text}{extra}"), "staging").map(|s| s.derived);
        assert!(derived("").unwrap().is_empty());
        let both = derived("derive_from = \"v1\"\n").unwrap();
        assert_eq!(both.get("a").map(String::as_str), Some("v1"));
        assert_eq!(both.get("b").map(String::as_str), Some("v1"));
        let refreshed = derived("derive_from = \"v1\"\nderive = { b = \"v2\" }\n").unwrap();
        assert_eq!(refreshed.get("a").map(String::as_str), Some("v1"));
        assert_eq!(refreshed.get("b").map(String::as_str), Some("v2"));
        let one = derived("derive = { b = \"v2\" }\n").unwrap();
        assert_eq!(one.keys().collect::<Vec<_>>(), ["b"]);

        let err = derived("derive = { c = \"v2\" }\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("kubernetes.env.staging.derive.c: `c` is not one of the instances"),
            "{err}"
        );
        let err = derived("derive = { b = \"v 2\" }\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("kubernetes.env.staging.derive.b: `v 2` is not a version id"),
            "{err}"
        );
        let reload = |extra: &str| resolve(&format!("{text}{extra}"), "staging").map(|s| s.reload);
        let only_b = reload("derive = { b = \"v2\" }\nreload = [\"b\"]\n").unwrap();
        assert_eq!(only_b.iter().collect::<Vec<_>>(), ["b"]);
        let err = reload("derive = { b = \"v2\" }\nreload = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("kubernetes.env.staging.reload: `a` is not a derived instance"),
            "{err}"
        );
        let without_s3 = text.replace(
            "s3 = { endpoint = \"https://s3.example\", bucket = \"acme\", secret = \"acme-s3\" }\n",
            "media = { mode = \"rwx\" }\n",
        );
        let err = resolve(
            &format!("{without_s3}derive = {{ b = \"v2\" }}\n"),
            "staging",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "kubernetes.env.staging.derive.b: versions are read from the object store"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_copy_starts_from_another_listed_instance() {
        let text = format!("{SMALL}[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\n");
        let copies =
            |extra: &str| resolve(&format!("{text}{extra}"), "production").map(|s| s.copies);
        let copies_of_blue = copies("copy_of = { green = \"blue\" }\n").unwrap();
        assert_eq!(
            copies_of_blue.get("green").map(String::as_str),
            Some("blue")
        );
        for (extra, problem) in [
            (
                "copy_of = { red = \"blue\" }\n",
                "copy_of.red: `red` is not one of the instances",
            ),
            (
                "copy_of = { green = \"red\" }\n",
                "copy_of.green: `red` is not one of the instances",
            ),
            (
                "copy_of = { green = \"green\" }\n",
                "copy_of.green: an instance cannot start as a copy of itself",
            ),
            (
                "copy_of = { blue = \"green\" }\n",
                "copy_of.blue: `blue` serves",
            ),
        ] {
            let err = copies(extra).unwrap_err().to_string();
            assert!(
                err.contains(&format!("kubernetes.env.production.{problem}")),
                "{err}"
            );
        }
        let three = format!("{SMALL}[kubernetes.env.production]\ninstances = [\"blue\", \"green\", \"red\"]\nactive = \"blue\"\ncopy_of = {{ green = \"blue\", red = \"green\" }}\n");
        let err = resolve(&three, "production").unwrap_err().to_string();
        assert!(
            err.contains("copy_of.red: `green` is itself filled by a Job"),
            "{err}"
        );
        let staging = "[kubernetes]\ntenant = \"acme\"\ndomains = [\"shop.example\"]\ns3 = { endpoint = \"https://s3.example\", bucket = \"acme\", secret = \"acme-s3\" }\n[kubernetes.env.staging]\ndomains = [\"staging.shop.example\"]\ninstances = [\"a\", \"b\"]\nderive_from = \"v1\"\ncopy_of = { b = \"a\" }\nactive = \"a\"\n";
        let err = resolve(staging, "staging").unwrap_err().to_string();
        assert!(
            err.contains("kubernetes.env.staging.copy_of.b: `b` is derived from a version"),
            "{err}"
        );
    }

    #[test]
    fn environments_override_production() {
        let text = format!(
            "{SMALL}[kubernetes.env.staging]\ndomains = [\"staging.shop.example\"]\nreplicas = 1\nautoscale = false\n"
        );
        let site = resolve(&text, "staging").unwrap();
        assert_eq!(site.domains, ["staging.shop.example"]);
        assert_eq!(site.replicas, 1);
        assert!(site.autoscale.is_none());
    }
}
