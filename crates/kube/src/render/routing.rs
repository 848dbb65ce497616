//! How requests reach the site: an Ingress with cert-manager's issuer
//! annotation, or a Gateway API HTTPRoute with explicit Certificates. Every
//! mapped multisite domain gets a certificate of its own, so adding or
//! losing one domain never touches the others' certificates.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};

use super::{meta, site_labels};
use crate::crd::{
    BackendRef, CertificateSpec, GrantFrom, GrantTo, HttpRouteMatch, HttpRouteRule, HttpRouteSpec,
    IssuerRef, ParentRef, PathMatch, PrivateKey, ReferenceGrantSpec,
};
use crate::manifest::RoutingKind;
use crate::object::{custom, Object};
use crate::site::SiteEnv;

/// One certificate: its Secret and its domains.
struct Tls {
    secret: String,
    hosts: Vec<String>,
}

/// The site's own domains share a certificate; each mapped domain has its
/// own.
fn certificates(site: &SiteEnv) -> Vec<Tls> {
    let base = site.base();
    let mut certs = vec![Tls {
        secret: format!("{base}-tls"),
        hosts: site.domains.clone(),
    }];
    for domain in &site.mapped_domains {
        certs.push(Tls {
            secret: format!("{base}-tls-{}", domain.replace('.', "-")),
            hosts: vec![domain.clone()],
        });
    }
    certs
}

fn hosts(site: &SiteEnv) -> Vec<String> {
    site.domains
        .iter()
        .chain(&site.mapped_domains)
        .cloned()
        .collect()
}

pub(super) fn render(site: &SiteEnv, out: &mut Vec<Object>) {
    match site.routing.kind {
        RoutingKind::Ingress => ingress(site, out),
        RoutingKind::Gateway => gateway(site, out),
    }
}

fn ingress(site: &SiteEnv, out: &mut Vec<Object>) {
    let base = site.base();
    let annotation = match site.routing.issuer_kind.as_str() {
        "Issuer" => "cert-manager.io/issuer",
        _ => "cert-manager.io/cluster-issuer",
    };
    let mut metadata = meta(site, &base, site_labels(site, "routing"));
    metadata.annotations = Some(BTreeMap::from([(
        annotation.to_string(),
        site.routing.issuer.clone(),
    )]));
    let backend = IngressBackend {
        service: Some(IngressServiceBackend {
            name: base.clone(),
            port: Some(ServiceBackendPort {
                name: Some("http".into()),
                ..ServiceBackendPort::default()
            }),
        }),
        ..IngressBackend::default()
    };
    let rules = hosts(site)
        .into_iter()
        .map(|host| IngressRule {
            host: Some(host),
            http: Some(HTTPIngressRuleValue {
                paths: vec![HTTPIngressPath {
                    path: Some("/".into()),
                    path_type: "Prefix".into(),
                    backend: backend.clone(),
                }],
            }),
        })
        .collect();
    out.push(Object::Ingress(Ingress {
        metadata,
        spec: Some(IngressSpec {
            ingress_class_name: Some(site.routing.class.clone()),
            rules: Some(rules),
            tls: Some(
                certificates(site)
                    .into_iter()
                    .map(|tls| IngressTLS {
                        hosts: Some(tls.hosts),
                        secret_name: Some(tls.secret),
                    })
                    .collect(),
            ),
            ..IngressSpec::default()
        }),
        ..Ingress::default()
    }));
}

fn gateway(site: &SiteEnv, out: &mut Vec<Object>) {
    let base = site.base();
    let labels = site_labels(site, "routing");
    out.push(Object::HttpRoute(custom(
        meta(site, &base, labels.clone()),
        HttpRouteSpec {
            parent_refs: vec![ParentRef {
                group: "gateway.networking.k8s.io".into(),
                kind: "Gateway".into(),
                name: site.routing.gateway.clone(),
                namespace: site.routing.gateway_namespace.clone(),
            }],
            hostnames: hosts(site),
            rules: vec![HttpRouteRule {
                matches: vec![HttpRouteMatch {
                    path: PathMatch {
                        kind: "PathPrefix".into(),
                        value: "/".into(),
                    },
                }],
                backend_refs: vec![BackendRef {
                    group: String::new(),
                    kind: "Service".into(),
                    name: base.clone(),
                    port: 80,
                }],
            }],
        },
    )));
    for tls in certificates(site) {
        out.push(Object::Certificate(custom(
            meta(site, &tls.secret, labels.clone()),
            CertificateSpec {
                secret_name: tls.secret.clone(),
                dns_names: tls.hosts,
                issuer_ref: IssuerRef {
                    name: site.routing.issuer.clone(),
                    kind: site.routing.issuer_kind.clone(),
                    group: "cert-manager.io".into(),
                },
                private_key: PrivateKey {
                    algorithm: "ECDSA".into(),
                    size: 256,
                    rotation_policy: "Always".into(),
                },
            },
        )));
    }
    // The Gateway terminates TLS with the certificates' Secrets, which live
    // here: it may read Secrets of this namespace, nothing else.
    out.push(Object::ReferenceGrant(custom(
        meta(site, format!("{base}-gateway-tls"), labels),
        ReferenceGrantSpec {
            from: vec![GrantFrom {
                group: "gateway.networking.k8s.io".into(),
                kind: "Gateway".into(),
                namespace: site.routing.gateway_namespace.clone(),
            }],
            to: vec![GrantTo {
                group: String::new(),
                kind: "Secret".into(),
            }],
        },
    )));
}
