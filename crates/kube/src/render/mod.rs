//! The renderer: a resolved site environment in, typed objects out. Pure:
//! no I/O, no clock, no randomness, so the same manifest always renders the
//! same objects in the same order.

mod database;
mod routing;
mod tenant;
mod web;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Capabilities, PodSecurityContext, ResourceRequirements, SeccompProfile, SecurityContext,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::object::Object;
use crate::site::{Resources, SiteEnv};

/// Label naming the tool that manages an object; pruning only ever looks at
/// objects carrying `app.kubernetes.io/managed-by: slipway`.
pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
/// Label of the tenant an object belongs to.
pub const TENANT_LABEL: &str = "slipway.dev/tenant";
/// Label of the site an object belongs to (absent on tenant-wide objects).
pub const SITE_LABEL: &str = "slipway.dev/site";
/// Label of the environment an object belongs to.
pub const ENV_LABEL: &str = "slipway.dev/environment";
/// Label of the instance (blue/green) a workload belongs to.
pub const INSTANCE_LABEL: &str = "slipway.dev/instance";
/// Label of a pod's role, which network policies select on: `app` (runs
/// WordPress code), `cache`, `database`, `backup`.
pub const ROLE_LABEL: &str = "slipway.dev/role";

/// The unprivileged user and group every slipway container runs as.
pub(crate) const UID: i64 = 10001;

/// A Secret slipway creates with random values when it is missing from the
/// cluster (never rendered to files, never overwritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedSecret {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Keys, each to get a random value.
    pub keys: Vec<&'static str>,
    /// Whether the values are 64 hexadecimal digits (a key for keyed
    /// hashing) rather than letters and digits.
    pub hex: bool,
    /// Labels.
    pub labels: BTreeMap<String, String>,
}

/// What one site environment renders to.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The objects, in apply order.
    pub objects: Vec<Object>,
    /// Secrets the objects refer to that slipway generates.
    pub secrets: Vec<GeneratedSecret>,
    /// The namespace the site lives in.
    pub namespace: String,
    /// Labels selecting every object of this site environment (what apply
    /// prunes among).
    pub selector: BTreeMap<String, String>,
}

impl Rendered {
    /// [`Rendered::selector`] as the API's label selector (`k=v,k=v`).
    pub fn label_selector(&self) -> String {
        self.selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// WordPress' keys and salts, the keys of the generated WordPress Secret.
pub const WORDPRESS_KEYS: [&str; 8] = slipway_runtime::WORDPRESS_SALTS;

/// Renders every object of one site environment.
pub fn render(site: &SiteEnv) -> Rendered {
    let mut objects = Vec::with_capacity(48);
    tenant::render(site, &mut objects);
    web::render(site, &mut objects);
    database::render(site, &mut objects);
    routing::render(site, &mut objects);
    objects.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let mut secrets = Vec::new();
    if site.database_secret_generated {
        secrets.push(GeneratedSecret {
            namespace: site.namespace.clone(),
            name: site.database_secret.clone(),
            keys: vec!["password"],
            hex: false,
            labels: site_labels(site, "database"),
        });
    }
    if site.wordpress_secret_generated {
        secrets.push(GeneratedSecret {
            namespace: site.namespace.clone(),
            name: site.wordpress_secret.clone(),
            keys: WORDPRESS_KEYS.to_vec(),
            hex: false,
            labels: site_labels(site, "web"),
        });
    }
    if !site.derived.is_empty() {
        // The scrub's key: the same key gives the same fakes in every
        // derive of this environment.
        secrets.push(GeneratedSecret {
            namespace: site.namespace.clone(),
            name: scrub_secret(site),
            keys: vec!["key"],
            hex: true,
            labels: site_labels(site, "derive"),
        });
    }
    Rendered {
        objects,
        secrets,
        namespace: site.namespace.clone(),
        selector: selector(site),
    }
}

/// The generated Secret holding an environment's scrub key (key `key`).
pub(crate) fn scrub_secret(site: &SiteEnv) -> String {
    format!("{}-scrub", site.base())
}

/// The labels every object of the site environment carries and apply
/// prunes by.
fn selector(site: &SiteEnv) -> BTreeMap<String, String> {
    BTreeMap::from([
        (MANAGED_BY.to_string(), "slipway".to_string()),
        (TENANT_LABEL.to_string(), site.tenant.clone()),
        (SITE_LABEL.to_string(), site.site.clone()),
        (ENV_LABEL.to_string(), site.env.clone()),
    ])
}

/// Labels of an object of the site environment.
pub(crate) fn site_labels(site: &SiteEnv, component: &str) -> BTreeMap<String, String> {
    let mut labels = selector(site);
    labels.insert("app.kubernetes.io/name".into(), "wordpress".into());
    labels.insert("app.kubernetes.io/instance".into(), site.base());
    labels.insert("app.kubernetes.io/component".into(), component.into());
    labels.insert("app.kubernetes.io/part-of".into(), site.site.clone());
    labels
}

/// Labels of a tenant-wide object (shared by the tenant's sites, never
/// pruned by one site's apply).
pub(crate) fn tenant_labels(
    site: &SiteEnv,
    name: &str,
    component: &str,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        (MANAGED_BY.to_string(), "slipway".to_string()),
        (TENANT_LABEL.to_string(), site.tenant.clone()),
        ("app.kubernetes.io/name".into(), name.into()),
        ("app.kubernetes.io/instance".into(), site.tenant.clone()),
        ("app.kubernetes.io/component".into(), component.into()),
        ("app.kubernetes.io/part-of".into(), "slipway".into()),
    ])
}

/// Metadata in the site's namespace.
pub(crate) fn meta(
    site: &SiteEnv,
    name: impl Into<String>,
    labels: BTreeMap<String, String>,
) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        namespace: Some(site.namespace.clone()),
        labels: Some(labels),
        ..ObjectMeta::default()
    }
}

/// A selector on exactly these labels.
pub(crate) fn match_labels(labels: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: Some(
            labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
        ..LabelSelector::default()
    }
}

/// The security context of every container slipway defines: unprivileged,
/// read-only, no capabilities, seccomp's default profile.
pub(crate) fn container_security() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        privileged: Some(false),
        read_only_root_filesystem: Some(true),
        run_as_non_root: Some(true),
        run_as_user: Some(UID),
        run_as_group: Some(UID),
        capabilities: Some(Capabilities {
            drop: Some(vec!["ALL".into()]),
            ..Capabilities::default()
        }),
        seccomp_profile: Some(SeccompProfile {
            type_: "RuntimeDefault".into(),
            ..SeccompProfile::default()
        }),
        ..SecurityContext::default()
    }
}

/// The pod-level security context matching [`container_security`].
pub(crate) fn pod_security() -> PodSecurityContext {
    PodSecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(UID),
        run_as_group: Some(UID),
        fs_group: Some(UID),
        seccomp_profile: Some(SeccompProfile {
            type_: "RuntimeDefault".into(),
            ..SeccompProfile::default()
        }),
        ..PodSecurityContext::default()
    }
}

/// Requests and limits.
pub(crate) fn resources(r: &Resources) -> ResourceRequirements {
    let pair = |cpu: &str, memory: &str| {
        Some(BTreeMap::from([
            ("cpu".to_string(), Quantity(cpu.to_string())),
            ("memory".to_string(), Quantity(memory.to_string())),
        ]))
    };
    ResourceRequirements {
        requests: pair(&r.cpu, &r.memory),
        limits: pair(&r.cpu_limit, &r.memory_limit),
        ..ResourceRequirements::default()
    }
}

/// The port of an http(s) URL: the explicit one, else the scheme's.
pub(crate) fn url_port(url: &str) -> i32 {
    let (https, rest) = match url.strip_prefix("https://") {
        Some(rest) => (true, rest),
        None => (false, url.strip_prefix("http://").unwrap_or(url)),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse().ok())
        .unwrap_or(if https { 443 } else { 80 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_ports() {
        assert_eq!(url_port("https://s3.example"), 443);
        assert_eq!(url_port("http://garage.store.svc:3900"), 3900);
        assert_eq!(url_port("http://minio/bucket"), 80);
    }
}
