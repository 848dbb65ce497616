//! Objects shared by every site of a tenant: the namespace and its limits,
//! the default-deny network policy, the priority class, the object cache.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EmptyDirVolumeSource, ExecAction, LimitRange, LimitRangeItem,
    LimitRangeSpec, Namespace, PodSpec, PodTemplateSpec, Probe, ResourceQuota, ResourceQuotaSpec,
    Service, ServicePort, ServiceSpec, TCPSocketAction, Volume, VolumeMount,
};
use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{
    container_security, match_labels, meta, pod_security, resources, tenant_labels, ROLE_LABEL,
    TENANT_LABEL,
};
use crate::object::Object;
use crate::site::SiteEnv;

/// The priority class of web pods: above batch work, below the cluster's
/// own components.
pub(crate) const PRIORITY_CLASS: &str = "slipway-web";
/// The object cache's name (Deployment and Service).
pub(crate) const REDIS: &str = "redis";
/// The port Redis listens on.
pub(crate) const REDIS_PORT: i32 = 6379;

pub(super) fn render(site: &SiteEnv, out: &mut Vec<Object>) {
    let mut ns_labels = tenant_labels(site, "namespace", "tenant");
    // `baseline` is enforced because operator-made pods (MariaDB, backups)
    // are not all `restricted`; the pods slipway defines are, and the
    // warnings show any that is not.
    ns_labels.insert(
        "pod-security.kubernetes.io/enforce".into(),
        "baseline".into(),
    );
    ns_labels.insert(
        "pod-security.kubernetes.io/warn".into(),
        "restricted".into(),
    );
    ns_labels.insert(
        "pod-security.kubernetes.io/audit".into(),
        "restricted".into(),
    );
    out.push(Object::Namespace(Namespace {
        metadata: ObjectMeta {
            name: Some(site.namespace.clone()),
            labels: Some(ns_labels),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    }));
    out.push(Object::PriorityClass(PriorityClass {
        metadata: ObjectMeta {
            name: Some(PRIORITY_CLASS.into()),
            labels: Some(BTreeMap::from([
                (super::MANAGED_BY.to_string(), "slipway".to_string()),
                ("app.kubernetes.io/part-of".into(), "slipway".into()),
            ])),
            ..ObjectMeta::default()
        },
        value: 100_000,
        global_default: Some(false),
        preemption_policy: Some("PreemptLowerPriority".into()),
        description: Some("Web pods of slipway sites".into()),
    }));

    let q = |v: &str| Quantity(v.to_string());
    out.push(Object::ResourceQuota(ResourceQuota {
        metadata: meta(site, "quota", tenant_labels(site, "quota", "tenant")),
        spec: Some(ResourceQuotaSpec {
            hard: Some(BTreeMap::from([
                ("requests.cpu".into(), q(&site.quota.cpu)),
                ("requests.memory".into(), q(&site.quota.memory)),
                ("requests.storage".into(), q(&site.quota.storage)),
                ("pods".into(), q(&site.quota.pods.to_string())),
            ])),
            ..ResourceQuotaSpec::default()
        }),
        ..ResourceQuota::default()
    }));
    out.push(Object::LimitRange(LimitRange {
        metadata: meta(site, "limits", tenant_labels(site, "limits", "tenant")),
        spec: Some(LimitRangeSpec {
            limits: vec![LimitRangeItem {
                type_: "Container".into(),
                default: Some(BTreeMap::from([
                    ("cpu".into(), q("500m")),
                    ("memory".into(), q("512Mi")),
                ])),
                default_request: Some(BTreeMap::from([
                    ("cpu".into(), q("100m")),
                    ("memory".into(), q("128Mi")),
                ])),
                max: Some(BTreeMap::from([
                    ("cpu".into(), q("4")),
                    ("memory".into(), q("8Gi")),
                ])),
                ..LimitRangeItem::default()
            }],
        }),
    }));

    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(
            site,
            "default-deny",
            tenant_labels(site, "default-deny", "network"),
        ),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector::default()),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ..NetworkPolicySpec::default()
        }),
    }));
    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(
            site,
            "allow-dns",
            tenant_labels(site, "allow-dns", "network"),
        ),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector::default()),
            policy_types: Some(vec!["Egress".into()]),
            egress: Some(vec![NetworkPolicyEgressRule {
                to: Some(vec![NetworkPolicyPeer {
                    namespace_selector: Some(match_labels(&[(
                        "kubernetes.io/metadata.name",
                        "kube-system",
                    )])),
                    pod_selector: Some(match_labels(&[("k8s-app", "kube-dns")])),
                    ..NetworkPolicyPeer::default()
                }]),
                ports: Some(vec![port("UDP", 53), port("TCP", 53)]),
            }]),
            ..NetworkPolicySpec::default()
        }),
    }));
    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(site, REDIS, tenant_labels(site, REDIS, "network")),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(redis_selector(site)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: Some(vec![NetworkPolicyIngressRule {
                from: Some(vec![NetworkPolicyPeer {
                    pod_selector: Some(LabelSelector {
                        match_labels: Some(BTreeMap::from([(
                            ROLE_LABEL.to_string(),
                            "app".to_string(),
                        )])),
                        match_expressions: Some(vec![LabelSelectorRequirement {
                            key: TENANT_LABEL.into(),
                            operator: "In".into(),
                            values: Some(vec![site.tenant.clone()]),
                        }]),
                    }),
                    ..NetworkPolicyPeer::default()
                }]),
                ports: Some(vec![port("TCP", REDIS_PORT)]),
            }]),
            ..NetworkPolicySpec::default()
        }),
    }));
    redis(site, out);
}

/// A network policy port.
pub(crate) fn port(protocol: &str, number: i32) -> NetworkPolicyPort {
    NetworkPolicyPort {
        protocol: Some(protocol.into()),
        port: Some(IntOrString::Int(number)),
        ..NetworkPolicyPort::default()
    }
}

pub(crate) fn redis_selector(site: &SiteEnv) -> LabelSelector {
    match_labels(&[
        ("app.kubernetes.io/name", REDIS),
        ("app.kubernetes.io/instance", &site.tenant),
    ])
}

/// Redis as the tenant's object cache: memory only (a cache loses nothing
/// on restart), least-recently-used eviction; each site writes under its
/// own key prefix, so one site's flush leaves the others' keys alone.
fn redis(site: &SiteEnv, out: &mut Vec<Object>) {
    let mut labels = tenant_labels(site, REDIS, "cache");
    labels.insert(ROLE_LABEL.into(), "cache".into());
    let selector = redis_selector(site);
    let probe = |initial: i32| Probe {
        exec: Some(ExecAction {
            command: Some(vec!["redis-cli".into(), "ping".into()]),
        }),
        initial_delay_seconds: Some(initial),
        period_seconds: Some(10),
        timeout_seconds: Some(2),
        ..Probe::default()
    };
    out.push(Object::Deployment(Deployment {
        metadata: meta(site, REDIS, labels.clone()),
        spec: Some(DeploymentSpec {
            replicas: Some(1),
            selector: selector.clone(),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels.clone()),
                    ..ObjectMeta::default()
                }),
                spec: Some(PodSpec {
                    automount_service_account_token: Some(false),
                    enable_service_links: Some(false),
                    priority_class_name: Some(PRIORITY_CLASS.into()),
                    security_context: Some(pod_security()),
                    containers: vec![Container {
                        name: REDIS.into(),
                        image: Some(site.images.redis.clone()),
                        image_pull_policy: Some("Always".into()),
                        args: Some(
                            [
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--maxmemory-policy",
                                "allkeys-lru",
                                "--protected-mode",
                                "no",
                            ]
                            .map(String::from)
                            .to_vec(),
                        ),
                        ports: Some(vec![ContainerPort {
                            name: Some(REDIS.into()),
                            container_port: REDIS_PORT,
                            ..ContainerPort::default()
                        }]),
                        resources: Some(resources(&site.redis)),
                        security_context: Some(container_security()),
                        readiness_probe: Some(probe(2)),
                        liveness_probe: Some(Probe {
                            tcp_socket: Some(TCPSocketAction {
                                port: IntOrString::String(REDIS.into()),
                                ..TCPSocketAction::default()
                            }),
                            period_seconds: Some(10),
                            ..Probe::default()
                        }),
                        volume_mounts: Some(vec![VolumeMount {
                            name: "data".into(),
                            mount_path: "/data".into(),
                            ..VolumeMount::default()
                        }]),
                        ..Container::default()
                    }],
                    volumes: Some(vec![Volume {
                        name: "data".into(),
                        empty_dir: Some(EmptyDirVolumeSource::default()),
                        ..Volume::default()
                    }]),
                    ..PodSpec::default()
                }),
            },
            ..DeploymentSpec::default()
        }),
        ..Deployment::default()
    }));
    out.push(Object::Service(Service {
        metadata: meta(site, REDIS, labels),
        spec: Some(ServiceSpec {
            selector: selector.match_labels,
            ports: Some(vec![ServicePort {
                name: Some(REDIS.into()),
                port: REDIS_PORT,
                target_port: Some(IntOrString::String(REDIS.into())),
                ..ServicePort::default()
            }]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }));
}
