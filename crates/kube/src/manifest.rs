//! The `[site]` and `[kubernetes]` tables of a site's `slipway.toml`.
//!
//! Other tables (`[core]`, `[plugins]`, `[themes]`, `[php]`, …) belong to
//! other parts of slipway and are ignored here. Inside the two tables read
//! here an unknown key is an error, so a misspelt setting never silently
//! falls back to its default.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The parts of `slipway.toml` the Kubernetes renderer reads.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Manifest {
    /// `[site]`: what the site is.
    #[serde(default)]
    pub site: SiteTable,
    /// `[kubernetes]`: how the site runs on a cluster.
    pub kubernetes: Option<KubernetesTable>,
}

/// `[site]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct SiteTable {
    /// The site's name; the command line's site name when absent.
    pub name: Option<String>,
    /// Whether the site is a multisite network.
    #[serde(default)]
    pub multisite: bool,
}

/// `[kubernetes]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KubernetesTable {
    /// The tenant the site belongs to; its namespace is named after it.
    pub tenant: String,
    /// The namespace of the tenant (default: the tenant's name).
    pub namespace: Option<String>,
    /// Production's domains, the primary one first.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Multisite domains mapped onto sub-sites of production; each gets its
    /// own certificate.
    #[serde(default)]
    pub mapped_domains: Vec<String>,
    /// Web replicas when autoscaling is off, and the autoscaler's minimum.
    pub replicas: Option<u32>,
    /// The autoscaler.
    #[serde(default)]
    pub autoscale: AutoscaleTable,
    /// Requests and limits per container.
    #[serde(default)]
    pub resources: ResourcesTable,
    /// The tenant's quota.
    #[serde(default)]
    pub quota: QuotaTable,
    /// The database.
    #[serde(default)]
    pub database: DatabaseTable,
    /// The S3-compatible object store shared by media and backups.
    pub s3: Option<S3Table>,
    /// Where uploads live.
    #[serde(default)]
    pub media: MediaTable,
    /// Database backups.
    #[serde(default)]
    pub backup: BackupTable,
    /// How requests reach the site.
    #[serde(default)]
    pub routing: RoutingTable,
    /// Container images.
    #[serde(default)]
    pub images: ImagesTable,
    /// Where the init container fetches the site's code from.
    #[serde(default)]
    pub code: CodeTable,
    /// Existing Secrets to use instead of the ones slipway generates.
    #[serde(default)]
    pub secrets: SecretsTable,
    /// `[kubernetes.versions]`: the version repository derive Jobs read.
    #[serde(default)]
    pub versions: VersionsTable,
    /// Environments other than production, and production's overrides.
    #[serde(default)]
    pub env: BTreeMap<String, EnvTable>,
}

/// `[kubernetes.autoscale]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AutoscaleTable {
    /// Whether a HorizontalPodAutoscaler scales the web Deployment (default
    /// true).
    pub enabled: Option<bool>,
    /// The most replicas (default: four times the minimum).
    pub max: Option<u32>,
    /// Target average CPU use in percent of the request (default 70).
    pub cpu: Option<u32>,
    /// Target requests per second per pod, through a custom metric named
    /// `http_requests_per_second` (off unless set).
    pub requests_per_second: Option<u32>,
}

/// `[kubernetes.resources]`: per container, requests and limits.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResourcesTable {
    /// PHP-FPM.
    #[serde(default)]
    pub php: ContainerResources,
    /// nginx.
    #[serde(default)]
    pub nginx: ContainerResources,
    /// Redis.
    #[serde(default)]
    pub redis: ContainerResources,
}

/// Requests and limits of one container, as Kubernetes quantities.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContainerResources {
    /// CPU request.
    pub cpu: Option<String>,
    /// Memory request.
    pub memory: Option<String>,
    /// CPU limit.
    pub cpu_limit: Option<String>,
    /// Memory limit.
    pub memory_limit: Option<String>,
}

/// `[kubernetes.quota]`: the tenant namespace's ResourceQuota.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuotaTable {
    /// Total CPU requests (default "8").
    pub cpu: Option<String>,
    /// Total memory requests (default "16Gi").
    pub memory: Option<String>,
    /// Total storage requests (default "200Gi").
    pub storage: Option<String>,
    /// Most pods (default 100).
    pub pods: Option<u32>,
}

/// Whether the site's database lives on a shared server or its own.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseMode {
    /// A database on a MariaDB server shared by many sites.
    #[default]
    Shared,
    /// A MariaDB server (primary and replicas) for this site alone.
    Dedicated,
}

/// `[kubernetes.database]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatabaseTable {
    /// `shared` (default) or `dedicated`.
    #[serde(default)]
    pub mode: DatabaseMode,
    /// Shared mode: the MariaDB resource's name (default "shared").
    pub mariadb: Option<String>,
    /// Shared mode: its namespace (default "slipway-db").
    pub mariadb_namespace: Option<String>,
    /// Dedicated mode: servers, one primary and the rest replicas (default 3).
    pub replicas: Option<u32>,
    /// Dedicated mode: volume size per server (default "20Gi").
    pub storage: Option<String>,
    /// Dedicated mode: storage class (default: the cluster's default).
    pub storage_class: Option<String>,
}

/// `[kubernetes.s3]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct S3Table {
    /// Endpoint URL (AWS, MinIO, Garage, …).
    pub endpoint: String,
    /// Bucket.
    pub bucket: String,
    /// Region (default "us-east-1").
    pub region: Option<String>,
    /// Existing Secret with keys `access-key-id` and `secret-access-key`.
    pub secret: String,
}

/// Where uploads live.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MediaMode {
    /// On the S3-compatible store through S3-Uploads.
    #[default]
    S3,
    /// On a ReadWriteMany volume.
    Rwx,
}

/// `[kubernetes.media]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MediaTable {
    /// `s3` (default) or `rwx`.
    #[serde(default)]
    pub mode: MediaMode,
    /// S3: the bucket (default: `[kubernetes.s3]`'s).
    pub bucket: Option<String>,
    /// rwx: volume size (default "10Gi").
    pub size: Option<String>,
    /// rwx: storage class (must provide ReadWriteMany).
    pub storage_class: Option<String>,
}

/// `[kubernetes.backup]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BackupTable {
    /// Whether to back the database up (default: when `[kubernetes.s3]` is
    /// set).
    pub enabled: Option<bool>,
    /// Cron schedule (default "0 3 * * *").
    pub schedule: Option<String>,
    /// How long backups are kept, as a Go duration (default "720h").
    pub retention: Option<String>,
    /// The bucket (default: `[kubernetes.s3]`'s).
    pub bucket: Option<String>,
}

/// How requests reach the site.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RoutingKind {
    /// A networking.k8s.io Ingress.
    #[default]
    Ingress,
    /// A Gateway API HTTPRoute attached to an existing Gateway.
    Gateway,
}

/// `[kubernetes.routing]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoutingTable {
    /// `ingress` (default) or `gateway`.
    #[serde(default)]
    pub kind: RoutingKind,
    /// Ingress class (default "nginx").
    pub class: Option<String>,
    /// cert-manager issuer (default "letsencrypt").
    pub issuer: Option<String>,
    /// `ClusterIssuer` (default) or `Issuer`.
    pub issuer_kind: Option<String>,
    /// Gateway: the Gateway's name (default "slipway").
    pub gateway: Option<String>,
    /// Gateway: its namespace (default "gateway-system").
    pub gateway_namespace: Option<String>,
    /// Namespace of the Ingress controller or Gateway pods, the only ones
    /// allowed to reach the web pods (default "ingress-nginx" or the
    /// Gateway's namespace).
    pub controller_namespace: Option<String>,
}

/// `[kubernetes.images]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImagesTable {
    /// nginx, run unprivileged.
    pub nginx: Option<String>,
    /// PHP-FPM with the extensions WordPress needs.
    pub php: Option<String>,
    /// Redis.
    pub redis: Option<String>,
    /// The slipway image that materializes code and runs jobs.
    pub slipway: Option<String>,
}

/// `[kubernetes.code]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CodeTable {
    /// URL of the version repository or code store (default: the in-cluster
    /// code store, `http://code-store.slipway-system.svc:8080`).
    pub store: Option<String>,
}

/// `[kubernetes.versions]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VersionsTable {
    /// The repository, in restic's syntax (default: the `versions` prefix of
    /// the `[kubernetes.s3]` bucket).
    pub repository: Option<String>,
    /// An existing Secret holding the repository's password (key
    /// `password`) and read-only keys to its bucket (`access-key-id`,
    /// `secret-access-key`); default `<tenant>-versions`.
    pub secret: Option<String>,
}

/// `[kubernetes.secrets]`: existing Secrets, by name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SecretsTable {
    /// The database user's password (key `password`).
    pub database: Option<String>,
    /// WordPress' keys and salts (keys `AUTH_KEY` … `NONCE_SALT`).
    pub wordpress: Option<String>,
}

/// `[kubernetes.env.<name>]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EnvTable {
    /// The environment's domains, the primary one first.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Mapped multisite domains.
    #[serde(default)]
    pub mapped_domains: Vec<String>,
    /// Web replicas.
    pub replicas: Option<u32>,
    /// Whether the autoscaler runs.
    pub autoscale: Option<bool>,
    /// Instances kept running (blue/green), each a Deployment with its own
    /// database (default: the active one alone).
    #[serde(default)]
    pub instances: Vec<String>,
    /// The instance the Service routes to (default "main").
    pub active: Option<String>,
    /// A version to derive every instance from (restored through rewrite,
    /// scrub and fences by a Job) instead of installing afresh.
    pub derive_from: Option<String>,
    /// The version an instance is derived from where it is not
    /// `derive_from`'s, by instance: a copy of a newer version made beside
    /// the running one, to switch to once it is ready.
    #[serde(default)]
    pub derive: BTreeMap<String, String>,
    /// Derived instances whose derive Job restores over the version their
    /// database holds: an instance that serves nobody, derived again in
    /// place from the version it is now given. Any other derive Job leaves
    /// a database that holds another version as it is.
    #[serde(default)]
    pub reload: Vec<String>,
    /// The instance whose database an instance starts as a copy of, by
    /// instance: a new instance of production made beside the one serving
    /// (blue/green), on its content rather than an empty install.
    #[serde(default)]
    pub copy_of: BTreeMap<String, String>,
    /// The sha256 of the lock each instance's code is materialized from,
    /// by instance (default: the site's `slipway.lock`).
    #[serde(default)]
    pub locks: BTreeMap<String, String>,
    /// Hosts a fenced (non-production) environment's WordPress may send
    /// HTTP requests to besides its own domains (`api.example.test`, or
    /// `*.example.test` for every name under it).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

impl EnvTable {
    /// The instance the Service routes to: `active`, else `main`.
    pub fn active_instance(&self) -> &str {
        self.active.as_deref().unwrap_or("main")
    }
}

impl Manifest {
    /// Parses `slipway.toml`; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Manifest> {
        toml::from_str(text).map_err(|e| Error::manifest(file, e.to_string().trim_end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_tables_are_ignored() {
        let m = Manifest::parse(
            "[core]\nversion = \"6.6\"\n[plugins]\nwoocommerce = \"9\"\n[kubernetes]\ntenant = \"acme\"\n",
            "slipway.toml",
        )
        .unwrap();
        assert_eq!(m.kubernetes.unwrap().tenant, "acme");
    }

    #[test]
    fn a_misspelt_key_is_named_with_its_line() {
        let err = Manifest::parse(
            "[kubernetes]\ntenant = \"acme\"\n\n[kubernetes.database]\nmod = \"dedicated\"\n",
            "sites/shop/slipway.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sites/shop/slipway.toml"), "{err}");
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("unknown field `mod`"), "{err}");
    }

    #[test]
    fn a_wrong_enum_value_is_an_error() {
        let err = Manifest::parse(
            "[kubernetes]\ntenant = \"acme\"\nmedia = { mode = \"nfs\" }\n",
            "slipway.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("nfs"), "{err}");
    }
}
