//! Proof without a cluster: every rendered object passes
//! `kubernetes-validate --strict` for Kubernetes 1.31 and 1.34, every
//! custom resource its upstream CRD schema, and checkov finds nothing but
//! the accepted findings listed in docs/kubernetes.md.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::schema::{crds_dir, Schemas};
use common::{render_case, validator, CASES};

/// API groups of the custom resources slipway renders: kubernetes-validate
/// has no schema for them, the CRD test covers them.
const CUSTOM_GROUPS: [&str; 3] = [
    "k8s.mariadb.com/",
    "cert-manager.io/",
    "gateway.networking.k8s.io/",
];

fn write_case(dir: &Path, case: &str, env: &str) -> Vec<String> {
    let files = render_case(case, env);
    slipway_kube::output::write_tree(dir, &files).expect("writes the tree");
    files
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| n != "kustomization.yaml")
        .collect()
}

#[test]
fn built_in_objects_pass_strict_validation_for_1_31_and_1_34() {
    let Some(program) = validator("kubernetes-validate") else {
        return slipway_testkit::skip_or_fail::<()>(
            "kubernetes-validate not found (scripts/install-deps installs it)",
        )
        .unwrap_or(());
    };
    for &(case, env) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        let names = write_case(&tree, case, env);
        for version in ["1.31.0", "1.34.0"] {
            let output = Command::new(&program)
                .args(["--strict", "--kubernetes-version", version])
                .args(&names)
                .current_dir(&tree)
                .output()
                .expect("runs kubernetes-validate");
            let text = String::from_utf8_lossy(&output.stdout).to_string()
                + &String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "{case}/{env} on {version}:\n{text}"
            );
            let mut validated = 0;
            for line in text.lines() {
                if line.starts_with("INFO") && line.contains(" passed for resource ") {
                    validated += 1;
                } else if line.starts_with("WARN") {
                    assert!(
                        CUSTOM_GROUPS
                            .iter()
                            .any(|g| line.contains(&format!("api version {g}"))),
                        "{case}/{env} on {version}: unexpected warning: {line}"
                    );
                } else if !line.trim().is_empty() {
                    panic!("{case}/{env} on {version}: {line}");
                }
            }
            assert!(
                validated >= 20,
                "{case}/{env}: only {validated} objects validated:\n{text}"
            );
        }
    }
}

#[test]
fn custom_resources_match_the_upstream_crds() {
    let dir = crds_dir();
    if !dir.is_dir() {
        return slipway_testkit::skip_or_fail::<()>(format!(
            "CRD schemas not found at {} (set SLIPWAY_CRDS)",
            dir.display()
        ))
        .unwrap_or(());
    }
    let schemas = Schemas::load(&dir).expect("CRDs load");
    assert!(
        schemas.len() >= 20,
        "only {} CRD versions under {}",
        schemas.len(),
        dir.display()
    );
    let mut kinds = BTreeSet::new();
    for &(case, env) in CASES {
        for (name, yaml) in render_case(case, env) {
            if name == "kustomization.yaml" {
                continue;
            }
            let object: serde_json::Value = serde_norway::from_str(&yaml).expect("reads back");
            let api_version = object["apiVersion"].as_str().unwrap_or_default();
            if !CUSTOM_GROUPS.iter().any(|g| api_version.starts_with(g)) {
                continue;
            }
            let errors = schemas
                .validate(&object)
                .unwrap_or_else(|| panic!("{case}/{env} {name}: no CRD for {api_version}"));
            assert!(
                errors.is_empty(),
                "{case}/{env} {name}:\n{}",
                errors.join("\n")
            );
            kinds.insert(object["kind"].as_str().unwrap_or_default().to_string());
        }
    }
    let expected = [
        "Backup",
        "Certificate",
        "Connection",
        "Database",
        "Grant",
        "HTTPRoute",
        "MariaDB",
        "PhysicalBackup",
        "PointInTimeRecovery",
        "ReferenceGrant",
        "User",
    ];
    assert_eq!(
        kinds,
        expected
            .iter()
            .map(|k| k.to_string())
            .collect::<BTreeSet<_>>()
    );
}

#[test]
fn the_schema_check_catches_an_undeclared_field_and_a_wrong_enum() {
    let dir = crds_dir();
    if !dir.is_dir() {
        return slipway_testkit::skip_or_fail::<()>(format!(
            "CRD schemas not found at {}",
            dir.display()
        ))
        .unwrap_or(());
    }
    let schemas = Schemas::load(&dir).expect("CRDs load");
    let database = serde_json::json!({
        "apiVersion": "k8s.mariadb.com/v1alpha1",
        "kind": "Database",
        "metadata": {"name": "x"},
        "spec": {"mariaDbRef": {"name": "shared", "waitForIt": "yes"}, "cleanupPolicy": "Keep", "charset": "utf8"}
    });
    let errors = schemas
        .validate(&database)
        .expect("Database has a schema")
        .join("\n");
    assert!(
        errors.contains(".spec.charset: field not declared"),
        "{errors}"
    );
    assert!(
        errors.contains(".spec.cleanupPolicy: `Keep` is not one of"),
        "{errors}"
    );
    assert!(
        errors.contains(".spec.mariaDbRef.waitForIt: expected boolean"),
        "{errors}"
    );
}

/// The accepted checkov checks: the first column of the table under
/// "Accepted checkov findings" in docs/kubernetes.md.
fn accepted_checks() -> BTreeSet<String> {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/kubernetes.md");
    let text = std::fs::read_to_string(&doc).expect("docs/kubernetes.md");
    let section = text
        .split("## Accepted checkov findings")
        .nth(1)
        .expect("the accepted findings section");
    section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| `CKV"))
        .filter_map(|l| l.split('`').next())
        .map(|id| format!("CKV{id}"))
        .collect()
}

#[test]
fn checkov_finds_only_accepted_checks() {
    let Some(program) = validator("checkov") else {
        return slipway_testkit::skip_or_fail::<()>(
            "checkov not found (scripts/install-deps installs it)",
        )
        .unwrap_or(());
    };
    let accepted = accepted_checks();
    assert!(
        !accepted.is_empty(),
        "no accepted checks parsed from docs/kubernetes.md"
    );
    // checkov skips hidden directories, and tempfile's default names are.
    let dir = tempfile::Builder::new()
        .prefix("slipway-kube-")
        .tempdir()
        .unwrap();
    for &(case, env) in CASES {
        write_case(&dir.path().join(format!("{case}-{env}")), case, env);
    }
    let output = Command::new(&program)
        .args(["--directory"])
        .arg(dir.path())
        .args([
            "--framework",
            "kubernetes",
            "--skip-download",
            "--quiet",
            "--compact",
            "--output",
            "json",
        ])
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .expect("runs checkov");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov's report: {e}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let reports = match report {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut passed = 0;
    let mut unexpected = Vec::new();
    for r in &reports {
        passed += r["summary"]["passed"].as_u64().unwrap_or(0);
        for failed in r["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let id = failed["check_id"].as_str().unwrap_or_default();
            if !accepted.contains(id) {
                unexpected.push(format!(
                    "{id} {} on {}",
                    failed["check_name"].as_str().unwrap_or_default(),
                    failed["resource"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    assert!(
        passed > 500,
        "checkov passed only {passed} checks: did it read the tree?"
    );
    assert!(
        unexpected.is_empty(),
        "checkov findings not accepted in docs/kubernetes.md:\n{}",
        unexpected.join("\n")
    );
}
