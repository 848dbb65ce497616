//! The thin shell between rendered objects and a cluster: server-side
//! apply with field manager `slipway`, creation of missing generated
//! Secrets, pruning of what slipway applied before and no longer renders,
//! and a diff computed by a server-side dry run.
//!
//! Everything here goes through a [`kube::Client`], so tests hand it a
//! recorded conversation instead of a cluster.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams,
};
use kube::Client;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::object::{Object, TypeInfo, ALL_TYPES};
use crate::render::{GeneratedSecret, Rendered};

/// The field manager of every change slipway makes.
pub const FIELD_MANAGER: &str = "slipway";

/// What an apply did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// `Kind/name` of every object applied, in order.
    pub applied: Vec<String>,
    /// Secrets that were missing and were generated.
    pub secrets_created: Vec<String>,
    /// `Kind/name` of objects deleted because they are no longer rendered.
    pub pruned: Vec<String>,
}

/// One difference between the rendered objects and the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The object does not exist yet.
    Create(String),
    /// The object exists and applying would change these fields.
    Update(String, Vec<String>),
    /// The object exists, slipway applied it, and it is no longer rendered.
    Prune(String),
}

fn resource(t: &TypeInfo) -> ApiResource {
    let (group, version) = t
        .api_version
        .rsplit_once('/')
        .unwrap_or(("", t.api_version));
    ApiResource {
        group: group.into(),
        version: version.into(),
        api_version: t.api_version.into(),
        kind: t.kind.into(),
        plural: t.plural.into(),
    }
}

fn api_for(client: &Client, t: &TypeInfo, namespace: Option<&str>) -> Api<DynamicObject> {
    let resource = resource(t);
    match (t.namespaced, namespace) {
        (true, Some(ns)) => Api::namespaced_with(client.clone(), ns, &resource),
        _ => Api::all_with(client.clone(), &resource),
    }
}

fn label(t: &TypeInfo, name: &str) -> String {
    format!("{}/{name}", t.kind)
}

fn body(object: &Object) -> Result<Value> {
    serde_json::to_value(object).map_err(|e| Error::Cluster {
        message: format!("serializing {}: {e}", object.name()),
        source: None,
    })
}

/// Applies `rendered`: every object by server-side apply (taking over
/// fields other managers set, as a GitOps source of truth does), the
/// generated Secrets that are missing, then prunes what slipway applied to
/// this site environment before and no longer renders.
pub async fn apply(client: &Client, rendered: &Rendered) -> Result<ApplyReport> {
    let mut report = ApplyReport::default();
    let params = PatchParams::apply(FIELD_MANAGER).force();
    let mut secrets_done = false;
    for object in &rendered.objects {
        let t = object.type_info();
        // Secrets go in once the namespace exists and before anything that
        // mounts them.
        if t.namespaced && !secrets_done {
            report.secrets_created = create_missing_secrets(client, &rendered.secrets).await?;
            secrets_done = true;
        }
        let api = api_for(client, &t, object.namespace());
        api.patch(object.name(), &params, &Patch::Apply(body(object)?))
            .await
            .map_err(|e| Error::cluster(format!("applying {}", label(&t, object.name())), e))?;
        report.applied.push(label(&t, object.name()));
    }
    if !secrets_done {
        report.secrets_created = create_missing_secrets(client, &rendered.secrets).await?;
    }
    for (t, name) in prunable(client, rendered).await? {
        api_for(client, &t, Some(&rendered.namespace))
            .delete(&name, &DeleteParams::background())
            .await
            .map_err(|e| Error::cluster(format!("pruning {}", label(&t, &name)), e))?;
        report.pruned.push(label(&t, &name));
    }
    Ok(report)
}

/// Creates each generated Secret that does not exist, with random values
/// (32 alphanumeric characters from a CSPRNG, 64 for WordPress' salts). An
/// existing Secret is never touched: its values are what running pods and
/// the database already use.
async fn create_missing_secrets(
    client: &Client,
    secrets: &[GeneratedSecret],
) -> Result<Vec<String>> {
    let mut created = Vec::new();
    for secret in secrets {
        let api: Api<Secret> = Api::namespaced(client.clone(), &secret.namespace);
        let existing = api
            .get_opt(&secret.name)
            .await
            .map_err(|e| Error::cluster(format!("reading Secret/{}", secret.name), e))?;
        if existing.is_some() {
            continue;
        }
        let mut rng = rand::thread_rng();
        let data: BTreeMap<String, ByteString> = secret
            .keys
            .iter()
            .map(|key| {
                let value = if secret.hex {
                    let mut bytes = [0u8; 32];
                    rand::RngCore::fill_bytes(&mut rng, &mut bytes);
                    bytes.iter().map(|b| format!("{b:02x}")).collect()
                } else {
                    let length = if *key == "password" { 32 } else { 64 };
                    Alphanumeric.sample_string(&mut rng, length)
                };
                (key.to_string(), ByteString(value.into_bytes()))
            })
            .collect();
        let object = Secret {
            metadata: ObjectMeta {
                name: Some(secret.name.clone()),
                namespace: Some(secret.namespace.clone()),
                labels: Some(secret.labels.clone()),
                ..ObjectMeta::default()
            },
            type_: Some("Opaque".into()),
            data: Some(data),
            ..Secret::default()
        };
        let params = PostParams {
            dry_run: false,
            field_manager: Some(FIELD_MANAGER.into()),
        };
        match api.create(&params, &object).await {
            Ok(_) => created.push(secret.name.clone()),
            // Created meanwhile by another apply: theirs stands.
            Err(kube::Error::Api(status)) if status.code == 409 => {}
            Err(e) => {
                return Err(Error::cluster(
                    format!("creating Secret/{}", secret.name),
                    e,
                ))
            }
        }
    }
    Ok(created)
}

/// Objects in the namespace that carry this site environment's labels
/// and are not rendered any more. Types the cluster does not serve (an
/// operator not installed) have nothing to prune.
async fn prunable(client: &Client, rendered: &Rendered) -> Result<Vec<(TypeInfo, String)>> {
    let keep: BTreeSet<(&str, &str)> = rendered
        .objects
        .iter()
        .map(|o| (o.type_info().kind, o.name()))
        .collect();
    let params = ListParams::default().labels(&rendered.label_selector());
    let mut prune = Vec::new();
    for &(api_version, kind, plural, namespaced) in ALL_TYPES {
        if !namespaced {
            continue;
        }
        let t = TypeInfo {
            api_version,
            kind,
            plural,
            namespaced,
        };
        let list = match api_for(client, &t, Some(&rendered.namespace))
            .list(&params)
            .await
        {
            Ok(list) => list,
            Err(kube::Error::Api(status)) if status.code == 404 => continue,
            Err(e) => {
                return Err(Error::cluster(
                    format!("listing {plural} in {}", rendered.namespace),
                    e,
                ))
            }
        };
        for item in list.items {
            let name = item.metadata.name.unwrap_or_default();
            if !keep.contains(&(kind, name.as_str())) {
                prune.push((t, name));
            }
        }
    }
    Ok(prune)
}

/// What applying `rendered` would change: objects to create, fields a
/// server-side dry-run apply changes, and objects apply would prune.
pub async fn diff(client: &Client, rendered: &Rendered) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    let params = PatchParams {
        dry_run: true,
        ..PatchParams::apply(FIELD_MANAGER).force()
    };
    for object in &rendered.objects {
        let t = object.type_info();
        let api = api_for(client, &t, object.namespace());
        let what = label(&t, object.name());
        let live = match api.get_opt(object.name()).await {
            Ok(live) => live,
            // The namespace or the type does not exist yet.
            Err(kube::Error::Api(status)) if status.code == 404 => None,
            Err(e) => return Err(Error::cluster(format!("reading {what}"), e)),
        };
        let Some(live) = live else {
            changes.push(Change::Create(what));
            continue;
        };
        let applied = api
            .patch(object.name(), &params, &Patch::Apply(body(object)?))
            .await
            .map_err(|e| Error::cluster(format!("dry-run applying {what}"), e))?;
        let mut fields = Vec::new();
        compare(
            &comparable(serde_json::to_value(&live).unwrap_or_default()),
            &comparable(serde_json::to_value(&applied).unwrap_or_default()),
            "",
            &mut fields,
        );
        if !fields.is_empty() {
            changes.push(Change::Update(what, fields));
        }
    }
    for (t, name) in prunable(client, rendered).await? {
        changes.push(Change::Prune(label(&t, &name)));
    }
    Ok(changes)
}

/// An object without the fields the server changes on every write.
fn comparable(mut value: Value) -> Value {
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        for field in [
            "managedFields",
            "resourceVersion",
            "generation",
            "uid",
            "creationTimestamp",
        ] {
            meta.remove(field);
        }
    }
    if let Some(map) = value.as_object_mut() {
        map.remove("status");
    }
    value
}

/// The paths at which `a` and `b` differ.
fn compare(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let at = format!("{path}.{key}");
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) => compare(l, r, &at, out),
                    _ => out.push(at),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (l, r)) in x.iter().zip(y).enumerate() {
                compare(l, r, &format!("{path}[{i}]"), out);
            }
        }
        (l, r) if l != r => out.push(if path.is_empty() {
            ".".into()
        } else {
            path.into()
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_names_the_changed_fields() {
        let a = serde_json::json!({"spec": {"replicas": 2, "x": [1, 2]}, "metadata": {"resourceVersion": "1"}});
        let b = serde_json::json!({"spec": {"replicas": 3, "x": [1, 2], "y": true}, "metadata": {"resourceVersion": "2"}});
        let mut out = Vec::new();
        compare(&comparable(a), &comparable(b), "", &mut out);
        assert_eq!(out, [".spec.replicas", ".spec.y"]);
    }
}
