//! The rendered tree: one YAML file per object and a kustomization.yaml
//! listing them in apply order. [`files`] is pure; [`write_tree`] puts the
//! files on disk without ever leaving a half-written tree.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::render::Rendered;

/// The first line of the kustomization.yaml slipway writes; a directory
/// whose kustomization.yaml starts otherwise is not slipway's to replace.
const HEADER: &str = "# Rendered by slipway";

/// The files of the rendered tree, as (file name, contents), in apply order
/// with kustomization.yaml last.
pub fn files(rendered: &Rendered, title: &str) -> Result<Vec<(String, String)>> {
    let mut files = Vec::with_capacity(rendered.objects.len() + 1);
    let mut kustomization = format!("{HEADER} for {title}; render again instead of editing.\n");
    if !rendered.secrets.is_empty() {
        kustomization.push_str(
            "# Secrets referred to and not rendered (`slipway kube apply` creates the missing ones with random values):\n",
        );
        for secret in &rendered.secrets {
            let _ = writeln!(
                kustomization,
                "#   {} (keys: {})",
                secret.name,
                secret.keys.join(", ")
            );
        }
    }
    kustomization
        .push_str("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
    for object in &rendered.objects {
        let name = object.file_name();
        let yaml = crate::yaml::to_string(object).map_err(|e| Error::Io {
            path: name.clone(),
            cause: std::io::Error::other(e),
        })?;
        let _ = writeln!(kustomization, "- {name}");
        files.push((name, yaml));
    }
    files.push(("kustomization.yaml".to_string(), kustomization));
    Ok(files)
}

/// Writes `files` as the directory `dir`, replacing a tree slipway wrote
/// there before (files of objects no longer rendered go with it). The new
/// tree is written beside it and renamed into place.
pub fn write_tree(dir: &Path, files: &[(String, String)]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io {
            path,
            cause: source,
        }
    };
    if dir.exists() {
        let ours = std::fs::read_to_string(dir.join("kustomization.yaml"))
            .map(|k| k.starts_with(HEADER))
            .unwrap_or(false);
        let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !ours && !empty {
            return Err(Error::Io {
                path: dir.display().to_string(),
                cause: std::io::Error::other(
                    "exists and is not a tree slipway rendered; choose an empty or new directory",
                ),
            });
        }
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let leaf = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rendered".into());
    let staging = parent.join(format!(".{leaf}.slipway-new"));
    let old = parent.join(format!(".{leaf}.slipway-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    std::fs::create_dir(&staging).map_err(io(&staging))?;
    for (name, contents) in files {
        let path = staging.join(name);
        std::fs::write(&path, contents).map_err(io(&path))?;
    }
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(io(dir))?;
    }
    std::fs::rename(&staging, dir).map_err(io(dir))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(())
}
