//! Fetching: HTTP(S) and `file://` downloads, WordPress.org-shaped
//! directory APIs, and git checkouts through the system's `git`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use slipway_manifest::Kind;

use crate::store::Store;
use crate::unpack::MAX_FILE;
use crate::{Error, Result};

/// The largest download accepted (an archive, or an API answer).
const MAX_DOWNLOAD: u64 = 4 * MAX_FILE;

/// Downloads over HTTP(S) and from local files, and git checkouts.
#[derive(Debug, Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
}

impl Default for Fetcher {
    fn default() -> Fetcher {
        Fetcher::new(Duration::from_secs(300))
    }
}

/// What a directory says of one package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectoryInfo {
    /// Every version it offers, with its archive's URL.
    pub versions: BTreeMap<String, String>,
}

/// A git checkout in the store's staging area, removed when dropped.
#[derive(Debug)]
pub struct Checkout {
    dir: tempfile::TempDir,
    /// The commit checked out.
    pub commit: String,
}

impl Checkout {
    /// The working tree.
    pub fn dir(&self) -> std::path::PathBuf {
        self.dir.path().join("checkout")
    }
}

impl Fetcher {
    /// A fetcher whose requests give up after `timeout`.
    pub fn new(timeout: Duration) -> Fetcher {
        Fetcher {
            agent: ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(10).min(timeout))
                .timeout(timeout)
                .build(),
        }
    }

    /// The bytes at `url`: `http://`, `https://` or `file://`.
    pub fn get(&self, url: &str) -> Result<Vec<u8>> {
        if let Some(path) = url.strip_prefix("file://") {
            return std::fs::read(path).map_err(|e| Error::io(format!("reading {url}"), e));
        }
        let response = match self.agent.get(url).call() {
            Ok(response) => response,
            Err(ureq::Error::Status(code, _)) => {
                return Err(Error::Invalid(format!("{url}: the server answered {code}")))
            }
            Err(e) => return Err(Error::Invalid(format!("{url}: {e}"))),
        };
        let mut bytes = Vec::new();
        response
            .into_reader()
            .take(MAX_DOWNLOAD + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(format!("downloading {url}"), e))?;
        if bytes.len() as u64 > MAX_DOWNLOAD {
            return Err(Error::Invalid(format!(
                "{url} is larger than {MAX_DOWNLOAD} bytes"
            )));
        }
        Ok(bytes)
    }

    fn json(&self, url: &str) -> Result<serde_json::Value> {
        let bytes = self.get(url)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| Error::Invalid(format!("{url} did not answer JSON: {e}")))
    }

    /// What the directory at `base` offers of the plugin or theme `slug`
    /// (WordPress.org's `plugins/info/1.2` and `themes/info/1.2`).
    pub fn directory_info(&self, base: &str, kind: Kind, slug: &str) -> Result<DirectoryInfo> {
        let (path, action) = match kind {
            Kind::Theme => ("themes", "theme_information"),
            _ => ("plugins", "plugin_information"),
        };
        let url = format!(
            "{}/{path}/info/1.2/?action={action}&request%5Bslug%5D={slug}&request%5Bfields%5D%5Bversions%5D=1",
            base.trim_end_matches('/')
        );
        let answer = match self.json(&url) {
            Ok(answer) => answer,
            Err(Error::Invalid(m)) if m.ends_with("answered 404") => {
                return Err(Error::Invalid(format!(
                    "{kind} {slug} is not in the directory at {base}"
                )))
            }
            Err(e) => return Err(e),
        };
        if let Some(error) = answer.get("error").and_then(|e| e.as_str()) {
            return Err(Error::Invalid(format!(
                "{kind} {slug}: the directory at {base} says: {error}"
            )));
        }
        let mut info = DirectoryInfo::default();
        if let Some(versions) = answer.get("versions").and_then(|v| v.as_object()) {
            for (version, link) in versions {
                if let Some(link) = link.as_str() {
                    info.versions.insert(version.clone(), link.to_string());
                }
            }
        }
        let latest = answer.get("version").and_then(|v| v.as_str());
        let link = answer.get("download_link").and_then(|v| v.as_str());
        if let (Some(latest), Some(link)) = (latest, link) {
            info.versions
                .entry(latest.to_string())
                .or_insert_with(|| link.to_string());
        }
        if info.versions.is_empty() {
            return Err(Error::Invalid(format!(
                "{url}: no versions and no download_link in the answer"
            )));
        }
        Ok(info)
    }

    /// The WordPress core releases the directory at `base` offers
    /// (WordPress.org's `core/version-check/1.7`: the latest release and the
    /// latest of each older branch still maintained), with their zips.
    pub fn core_offers(&self, base: &str) -> Result<DirectoryInfo> {
        let url = format!("{}/core/version-check/1.7/", base.trim_end_matches('/'));
        let answer = self.json(&url)?;
        let mut info = DirectoryInfo::default();
        for offer in answer
            .get("offers")
            .and_then(|o| o.as_array())
            .into_iter()
            .flatten()
        {
            let version = offer.get("version").and_then(|v| v.as_str());
            let download = offer
                .pointer("/packages/full")
                .or_else(|| offer.get("download"))
                .and_then(|d| d.as_str());
            if let (Some(version), Some(download)) = (version, download) {
                info.versions
                    .entry(version.to_string())
                    .or_insert_with(|| download.to_string());
            }
        }
        if info.versions.is_empty() {
            return Err(Error::Invalid(format!(
                "{url}: the answer offers no WordPress release"
            )));
        }
        Ok(info)
    }

    /// Clones `url` and checks out `reference` (branch, tag or commit) in
    /// the store's staging area.
    pub fn git_checkout(&self, url: &str, reference: &str, store: &Store) -> Result<Checkout> {
        let dir = store.staging()?;
        let work = dir.path().join("checkout");
        let work_str = work.to_string_lossy().into_owned();
        git(&["clone", "--quiet", "--", url, &work_str], None)?;
        let commit = [reference.to_string(), format!("origin/{reference}")]
            .iter()
            .find_map(|r| {
                git(
                    &[
                        "rev-parse",
                        "--verify",
                        "--quiet",
                        &format!("{r}^{{commit}}"),
                    ],
                    Some(&work),
                )
                .ok()
            })
            .ok_or_else(|| {
                Error::Invalid(format!("{url}: no branch, tag or commit {reference:?}"))
            })?;
        git(&["checkout", "--quiet", "--detach", &commit], Some(&work))?;
        // The tree is hashed without git's own files.
        let dot_git = work.join(".git");
        std::fs::remove_dir_all(&dot_git)
            .map_err(|e| Error::io(format!("removing {}", dot_git.display()), e))?;
        Ok(Checkout { dir, commit })
    }
}

fn git(args: &[&str], dir: Option<&Path>) -> Result<String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    command.args(args).env("GIT_TERMINAL_PROMPT", "0");
    let out = command
        .output()
        .map_err(|e| Error::io("running git (is it installed?)", e))?;
    if !out.status.success() {
        return Err(Error::Invalid(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// WordPress' published md5 checksums of core `version`'s files, from the
/// directory at `base` (`core/checksums/1.0`); `None` when they cannot be
/// fetched (offline, or no such version).
pub fn core_checksums(
    fetcher: &Fetcher,
    base: &str,
    version: &str,
) -> Option<BTreeMap<String, String>> {
    let url = format!(
        "{}/core/checksums/1.0/?version={version}&locale=en_US",
        base.trim_end_matches('/')
    );
    let answer = fetcher.json(&url).ok()?;
    let sums = answer.get("checksums")?.as_object()?;
    // Some answers nest the list under the version.
    let sums = match sums.get(version).and_then(|v| v.as_object()) {
        Some(inner) => inner,
        None => sums,
    };
    let map: BTreeMap<String, String> = sums
        .iter()
        .filter_map(|(path, sum)| Some((path.clone(), sum.as_str()?.to_string())))
        .collect();
    (!map.is_empty()).then_some(map)
}
