//! Blue/green on Kubernetes: an environment runs the instances its
//! manifest lists (`kubernetes.env.<env>.instances`), each a Deployment
//! of its own, and its Service selects the `active` one. A switch makes
//! another instance active: the manifest says so, and the Service (and
//! the wp-cron CronJob, which runs on the active instance) follow, but
//! only once the instance's Deployment is ready, so a switch never routes
//! visitors to pods that cannot answer. Switching back is a rollback.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use kube::{Api, Client};

use crate::apply::{apply, ApplyReport};
use crate::{Error, Object, Rendered, Result};

/// The label that names an instance on its objects.
const INSTANCE_LABEL: &str = "slipway.dev/instance";

/// The manifest `text` with `kubernetes.env.<env>.active` set to
/// `instance`, and `instance` no longer listed in `copy_of` (a copy that
/// serves is a copy no longer); every other line, comment included, stays
/// as it was.
pub fn with_active(text: &str, file: &str, env: &str, instance: &str) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::manifest(file, e.to_string()))?;
    let kubernetes = doc
        .entry("kubernetes")
        .or_insert_with(toml_edit::table)
        .as_table_mut()
        .ok_or_else(|| Error::setting(file, "kubernetes", "is not a table"))?;
    let envs = kubernetes
        .entry("env")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| Error::setting(file, "kubernetes.env", "is not a table"))?;
    let table = envs
        .entry(env)
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()
        .ok_or_else(|| Error::setting(file, format!("kubernetes.env.{env}"), "is not a table"))?;
    table.insert("active", toml_edit::value(instance));
    if let Some(copies) = table.get_mut("copy_of").and_then(|c| c.as_table_like_mut()) {
        copies.remove(instance);
    }
    Ok(doc.to_string())
}

/// The instance `to` started as a copy of, when that is the instance the
/// environment `env` of the manifest `text` routes to now: a switch to `to`
/// leaves behind what that one took in since the copy.
pub fn copy_left_behind(text: &str, file: &str, env: &str, to: &str) -> Result<Option<String>> {
    let manifest = crate::Manifest::parse(text, file)?;
    let table = manifest.kubernetes.as_ref().and_then(|k| k.env.get(env));
    Ok(table.and_then(|t| {
        t.copy_of
            .get(to)
            .filter(|source| source.as_str() == t.active_instance())
            .cloned()
    }))
}

/// What [`switch`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switched {
    /// The instance the Service selected before, if it existed.
    pub from: Option<String>,
    /// The instance it selects now.
    pub to: String,
    /// The apply that made the switch.
    pub applied: ApplyReport,
}

/// Makes `rendered` (rendered from a manifest whose active instance is
/// the one to switch to) the cluster's state, once that instance's
/// Deployment has every replica updated and available; otherwise nothing
/// is sent and the error says what the Deployment lacks.
pub async fn switch(client: &Client, rendered: &Rendered, to: &str) -> Result<Switched> {
    let deployment = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::Deployment(d) if instance_of(d.metadata.labels.as_ref()) == Some(to) => {
                d.metadata.name.clone()
            }
            _ => None,
        })
        .ok_or_else(|| {
            Error::refused(format!(
                "no Deployment of instance {to} is rendered: list it in the environment's instances"
            ))
        })?;
    let service = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::Service(s)
                if instance_of(s.spec.as_ref().and_then(|s| s.selector.as_ref())).is_some() =>
            {
                s.metadata.name.clone()
            }
            _ => None,
        })
        .ok_or_else(|| Error::refused("no Service selecting an instance is rendered"))?;
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &rendered.namespace);
    let running = deployments
        .get_opt(&deployment)
        .await
        .map_err(|e| Error::cluster(format!("reading Deployment/{deployment}"), e))?
        .ok_or_else(|| {
            Error::refused(format!(
                "Deployment/{deployment} does not exist: apply the environment with {to} among its instances, and switch once it is ready"
            ))
        })?;
    if let Some(lack) = not_ready(&running) {
        return Err(Error::refused(format!(
            "Deployment/{deployment} is not ready ({lack}); nothing was switched"
        )));
    }
    let services: Api<Service> = Api::namespaced(client.clone(), &rendered.namespace);
    let from = services
        .get_opt(&service)
        .await
        .map_err(|e| Error::cluster(format!("reading Service/{service}"), e))?
        .and_then(|s| s.spec?.selector?.remove(INSTANCE_LABEL));
    let applied = apply(client, rendered).await?;
    Ok(Switched {
        from,
        to: to.to_string(),
        applied,
    })
}

/// The instance labels (or a selector) name.
fn instance_of(labels: Option<&std::collections::BTreeMap<String, String>>) -> Option<&str> {
    labels?.get(INSTANCE_LABEL).map(String::as_str)
}

/// What a Deployment lacks to take traffic, if anything: its controller
/// has seen its latest spec, and every replica it wants is updated and
/// available.
fn not_ready(d: &Deployment) -> Option<String> {
    let wanted = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let status = d.status.clone().unwrap_or_default();
    let generation = d.metadata.generation.unwrap_or(0);
    if status.observed_generation.unwrap_or(0) < generation {
        return Some("its latest spec is not rolled out yet".to_string());
    }
    let updated = status.updated_replicas.unwrap_or(0);
    let available = status.available_replicas.unwrap_or(0);
    if wanted == 0 {
        return Some("it is scaled to 0 replicas".to_string());
    }
    if updated < wanted || available < wanted {
        return Some(format!(
            "{available} of {wanted} replicas available, {updated} updated"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_active_key_changes_and_comments_stay() {
        let text = "# The shop.\n[kubernetes]\ntenant = \"acme\" # who pays\n\n[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\n";
        let out = with_active(text, "slipway.toml", "production", "green").unwrap();
        assert_eq!(out, text.replace("active = \"blue\"", "active = \"green\""));
        let fresh = with_active(
            "[kubernetes]\ntenant = \"acme\"\n",
            "slipway.toml",
            "staging",
            "main",
        )
        .unwrap();
        assert!(
            fresh.contains("[kubernetes.env.staging]\nactive = \"main\"\n"),
            "{fresh}"
        );
        // A copy switched to is a copy no longer; other copies stay.
        let copies = "[kubernetes.env.production]\ninstances = [\"blue\", \"green\", \"red\"]\nactive = \"blue\"\ncopy_of = { green = \"blue\", red = \"blue\" }\n";
        let out = with_active(copies, "slipway.toml", "production", "green").unwrap();
        assert!(
            out.contains("active = \"green\"\ncopy_of = { red = \"blue\" }\n"),
            "{out}"
        );
        let bad = with_active("kubernetes = 3\n", "slipway.toml", "production", "x").unwrap_err();
        assert_eq!(bad.to_string(), "slipway.toml: kubernetes: is not a table");
    }
}
