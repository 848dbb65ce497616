//! Validates custom resources against the upstream CRDs' structural
//! schemas the way the API server does before storing them: types,
//! required fields, enums, patterns and bounds; and strictly, so a field a
//! schema does not declare is an error (the server would silently drop it).
//! CEL rules (`x-kubernetes-validations`) are not evaluated here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The CRD schemas of a directory tree, by (apiVersion, kind).
pub struct Schemas {
    by_type: BTreeMap<(String, String), Value>,
}

/// `<repo>/../shared/crds`, or `$SLIPWAY_CRDS`.
pub fn crds_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SLIPWAY_CRDS").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/crds")
}

impl Schemas {
    /// Every CRD in the YAML files under `dir`.
    pub fn load(dir: &Path) -> Result<Schemas, String> {
        let mut by_type = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for entry in entries {
                let path = entry.map_err(|e| e.to_string())?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let crd: Value = serde_norway::from_str(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let spec = &crd["spec"];
                let group = spec["group"].as_str().unwrap_or_default();
                let kind = spec["names"]["kind"].as_str().unwrap_or_default();
                for version in spec["versions"].as_array().into_iter().flatten() {
                    let name = version["name"].as_str().unwrap_or_default();
                    by_type.insert(
                        (format!("{group}/{name}"), kind.to_string()),
                        version["schema"]["openAPIV3Schema"].clone(),
                    );
                }
            }
        }
        Ok(Schemas { by_type })
    }

    /// How many schemas were found.
    pub fn len(&self) -> usize {
        self.by_type.len()
    }

    /// The errors of `object` against its schema; `None` when no schema
    /// covers its type.
    pub fn validate(&self, object: &Value) -> Option<Vec<String>> {
        let api_version = object["apiVersion"].as_str()?;
        let kind = object["kind"].as_str()?;
        let schema = self
            .by_type
            .get(&(api_version.to_string(), kind.to_string()))?;
        let mut errors = Vec::new();
        // ObjectMeta is validated by the server's own schema, not the CRD's.
        let mut body = object.clone();
        if let Some(map) = body.as_object_mut() {
            map.remove("metadata");
        }
        check(schema, &body, "", &mut errors);
        Some(errors)
    }
}

fn check(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if value.is_null() && schema["nullable"].as_bool() == Some(true) {
        return;
    }
    if let Some(any) = schema["anyOf"].as_array() {
        let passes = any.iter().any(|s| {
            let mut e = Vec::new();
            check_type_only(s, value, &mut e);
            e.is_empty()
        });
        if !passes {
            errors.push(format!("{path}: matches none of anyOf"));
        }
    }
    for s in schema["allOf"].as_array().into_iter().flatten() {
        check(s, value, path, errors);
    }
    if schema["x-kubernetes-int-or-string"].as_bool() == Some(true) {
        if !(value.is_i64() || value.is_u64() || value.is_string()) {
            errors.push(format!("{path}: expected an integer or a string"));
        }
        return;
    }
    let ty = schema["type"].as_str();
    match (ty, value) {
        (Some("object") | None, Value::Object(map)) => {
            let props = schema["properties"].as_object();
            let additional = &schema["additionalProperties"];
            let preserve = schema["x-kubernetes-preserve-unknown-fields"].as_bool() == Some(true);
            for required in schema["required"].as_array().into_iter().flatten() {
                let name = required.as_str().unwrap_or_default();
                if !map.contains_key(name) {
                    errors.push(format!("{path}: missing required field `{name}`"));
                }
            }
            for (key, v) in map {
                let at = format!("{path}.{key}");
                match props.and_then(|p| p.get(key)) {
                    Some(s) => check(s, v, &at, errors),
                    None if additional.is_object() => check(additional, v, &at, errors),
                    None if additional.as_bool() == Some(true) || preserve => {}
                    None => errors.push(format!("{at}: field not declared by the schema")),
                }
            }
            bound(
                schema,
                "maxProperties",
                "minProperties",
                map.len(),
                path,
                errors,
            );
        }
        (Some("array"), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(&schema["items"], item, &format!("{path}[{i}]"), errors);
            }
            bound(schema, "maxItems", "minItems", items.len(), path, errors);
        }
        (Some("string"), Value::String(s)) => {
            if let Some(options) = schema["enum"].as_array() {
                if !options.iter().any(|o| o.as_str() == Some(s)) {
                    errors.push(format!("{path}: `{s}` is not one of {options:?}"));
                }
            }
            if let Some(pattern) = schema["pattern"].as_str() {
                match regex::Regex::new(pattern) {
                    Ok(re) if !re.is_match(s) => {
                        errors.push(format!("{path}: `{s}` does not match {pattern}"))
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("{path}: schema pattern {pattern}: {e}")),
                }
            }
            bound(
                schema,
                "maxLength",
                "minLength",
                s.chars().count(),
                path,
                errors,
            );
        }
        (Some("integer"), v) if v.is_i64() || v.is_u64() => number(schema, v, path, errors),
        (Some("number"), v) if v.is_number() => number(schema, v, path, errors),
        (Some("boolean"), Value::Bool(_)) => {}
        (Some(ty), v) => errors.push(format!("{path}: expected {ty}, found {v}")),
        (None, _) => {}
    }
}

fn check_type_only(schema: &Value, value: &Value, errors: &mut Vec<String>) {
    let ok = match schema["type"].as_str() {
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("string") => value.is_string(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if !ok {
        errors.push("type".into());
    }
}

fn bound(schema: &Value, max: &str, min: &str, n: usize, path: &str, errors: &mut Vec<String>) {
    if let Some(m) = schema[max].as_u64() {
        if n as u64 > m {
            errors.push(format!("{path}: more than {max} {m}"));
        }
    }
    if let Some(m) = schema[min].as_u64() {
        if (n as u64) < m {
            errors.push(format!("{path}: fewer than {min} {m}"));
        }
    }
}

fn number(schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let x = v.as_f64().unwrap_or_default();
    if let Some(m) = schema["maximum"].as_f64() {
        if x > m {
            errors.push(format!("{path}: {x} above maximum {m}"));
        }
    }
    if let Some(m) = schema["minimum"].as_f64() {
        if x < m {
            errors.push(format!("{path}: {x} below minimum {m}"));
        }
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(v) {
            errors.push(format!("{path}: {v} is not one of {options:?}"));
        }
    }
}
