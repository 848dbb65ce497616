//! What the tests of the rendered trees share: the sample sites, rendering
//! them, finding the validators.

#![allow(dead_code)]

pub mod schema;

use std::path::{Path, PathBuf};

/// The sample sites (under tests/cases/) and the environments rendered of
/// each: a small site (and its fenced staging), a multisite network with
/// mapped domains (and its derived staging), a large tenant with a
/// dedicated database.
pub const CASES: &[(&str, &str)] = &[
    ("small", "production"),
    ("small", "staging"),
    ("multisite", "production"),
    ("multisite", "staging"),
    ("large", "production"),
];

/// The sha256 the sample sites' locks are taken to have.
pub const LOCK: &str = "5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

/// The files of one rendered case.
pub fn render_case(case: &str, env: &str) -> Vec<(String, String)> {
    let path = cases_dir().join(case).join("slipway.toml");
    let text = std::fs::read_to_string(&path).expect("sample manifest");
    let rendered = slipway_kube::render_manifest(
        &text,
        &format!("tests/cases/{case}/slipway.toml"),
        case,
        env,
        Some(LOCK),
    )
    .unwrap_or_else(|e| panic!("{case}/{env}: {e}"));
    slipway_kube::output::files(&rendered, &format!("{case}/{env}")).expect("serializes")
}

/// The sample sites' directory.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// A validator program: in `$SLIPWAY_VALIDATORS`, in the virtualenv
/// scripts/install-deps makes, or on PATH.
pub fn validator(name: &str) -> Option<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("SLIPWAY_VALIDATORS").filter(|d| !d.is_empty()) {
        dirs.push(PathBuf::from(dir));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    if let Some(cache) = cache {
        dirs.push(cache.join("slipway/validators/bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}
