//! slipway on Kubernetes: a site's whole production stack rendered from its
//! manifest as typed objects, and a thin shell applying them.
//!
//! The core is pure: [`Manifest::parse`] reads `slipway.toml` (only its
//! `[site]` and `[kubernetes]` tables), [`SiteEnv::resolve`] fills in
//! defaults and checks names, [`render`] builds k8s-openapi objects and
//! typed custom resources (mariadb-operator, cert-manager, Gateway API) in a
//! stable order, and [`output::files`] serializes them to a kustomize-ready
//! tree. [`apply`] talks to a cluster through kube-rs: server-side apply
//! with field manager `slipway`, pruning and diff.

pub mod apply;
pub mod crd;
mod error;
pub mod mail;
pub mod manifest;
pub mod object;
pub mod output;
mod render;
pub mod site;
pub mod switch;
pub mod yaml;

pub use error::{Error, Result};
pub use manifest::Manifest;
pub use object::Object;
pub use render::{
    render, GeneratedSecret, Rendered, ENV_LABEL, INSTANCE_LABEL, MANAGED_BY, ROLE_LABEL,
    SITE_LABEL, TENANT_LABEL, WORDPRESS_KEYS,
};
pub use site::SiteEnv;

/// Parses a manifest and renders one environment of its site: the whole
/// pure pipeline in one call. `lock` is the sha256 of the site's
/// `slipway.lock`, if it has one (see [`SiteEnv::resolve`]).
pub fn render_manifest(
    text: &str,
    file: &str,
    site: &str,
    env: &str,
    lock: Option<&str>,
) -> Result<Rendered> {
    let manifest = Manifest::parse(text, file)?;
    let site = SiteEnv::resolve(&manifest, site, env, file, lock)?;
    Ok(render(&site))
}
