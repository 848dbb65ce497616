//! Environments other than production: derived from a version into a new
//! instance at another address, its database streamed from the repository
//! through the rewrite and the scrub into the new database (no dump is
//! written anywhere), then fenced. Listing and removing them.
//!
//! Production is never written here: a derive makes a new instance for a
//! new environment, and refuses `production` as its target.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use slipway_catalog::{Environment, Instance, InstanceState, Multisite};
use slipway_runtime::{NetworkMode, Runtime};
use slipway_scrub::ScrubKey;

use crate::error::{Error, Result};
use crate::fence::{apply_fence, route_fence_for, FenceReport};
use crate::names::{check_environment, parse_target};
use crate::sites::Platform;
use crate::versions::{lock_file, pause_point, repo_error, VersionMeta, Wait};

/// The secret each site's scrub pseudonyms are keyed with, so the same
/// person gets the same pseudonym in every copy.
const SCRUB_KEY: &str = "scrub-key";

/// What `slipway env create` asks for.
#[derive(Debug, Clone, Default)]
pub struct NewEnvironment {
    /// `site/env`.
    pub target: String,
    /// An environment of the site (a fresh version of it is drawn first) or
    /// a version id.
    pub from: String,
    /// The host (`staging.shop.example`, with a port if needed) the copy
    /// answers at; the runtime's default address for the environment if not
    /// given.
    pub domain: Option<String>,
    /// Scrub presets; empty means WordPress' (and WooCommerce's when its
    /// tables exist).
    pub scrub: Vec<String>,
    /// Leave personal data as it is.
    pub no_scrub: bool,
    /// Accounts kept intact by the scrub (login, email or ID).
    pub keep_users: Vec<String>,
    /// Ask for a password (HTTP basic auth).
    pub protect: bool,
}

/// An environment made by a derive.
#[derive(Debug, Clone, Serialize)]
pub struct Derived {
    /// `site/env`.
    pub environment: String,
    /// Its address.
    pub url: String,
    /// Its instance.
    pub instance: String,
    /// The version it was derived from.
    pub version: String,
    /// The rewrite's pairs.
    pub rewritten: Vec<(String, String)>,
    /// Values the rewrite changed.
    pub values_rewritten: u64,
    /// Serialized values whose lengths were recomputed.
    pub serialized_fixed: u64,
    /// Scrub presets applied (none with `--no-scrub`).
    pub scrub_presets: Vec<String>,
    /// Values the scrub replaced.
    pub values_scrubbed: u64,
    /// Personal data the leak scan still found after the scrub.
    pub leaks_left: u64,
    /// What the database fence changed.
    pub fence: FenceReport,
    /// Where the basic-auth password is kept, with `--protect`.
    pub password_file: Option<PathBuf>,
}

/// One environment, as `slipway env ls` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentListing {
    /// Its name.
    pub name: String,
    /// Its address.
    pub url: String,
    /// Its instance.
    pub instance: Option<String>,
    /// That instance's state.
    pub state: Option<InstanceState>,
    /// Whether it is fenced (every environment but production is).
    pub fenced: bool,
}

impl<R: Runtime> Platform<R> {
    /// Derives a new environment from a version (or a fresh draw of an
    /// environment).
    pub fn create_environment(&mut self, new: &NewEnvironment) -> Result<Derived> {
        let (site_name, env) = parse_target(&new.target)?;
        check_environment(&env)?;
        if env == "production" {
            return Err(Error::Invalid(
                "a derive never writes production: choose another environment name".to_string(),
            ));
        }
        let site = self
            .catalog
            .site(&site_name)?
            .ok_or_else(|| Error::Invalid(format!("there is no site {site_name:?}")))?;
        let _creating = self.lock_environment(&site_name, &env)?;
        self.sweep_work()?;
        if let Some(existing) = self.catalog.environment(&site_name, &env)? {
            let serving = match &existing.instance {
                Some(id) => self
                    .catalog
                    .instance(id)?
                    .is_some_and(|i| i.state == InstanceState::Ready),
                None => false,
            };
            if serving {
                return Err(Error::Invalid(format!(
                    "{site_name}/{env} exists already; remove it first (`slipway env rm {site_name}/{env}`)"
                )));
            }
            // Half made by a derive that was killed (no live process holds
            // its lock): undo it and derive again.
            self.discard_environment(
                &site_name,
                &env,
                "env.abandoned",
                &format!("{site_name}/{env} left half made by an interrupted derive, removed"),
            )?;
        }
        let version_id = match self.catalog.version(&new.from)? {
            Some(v) if v.site == site_name => v.id,
            Some(v) => {
                return Err(Error::Invalid(format!(
                    "version {} belongs to site {}, not {site_name}",
                    v.id, v.site
                )))
            }
            None => {
                if self.catalog.environment(&site_name, &new.from)?.is_none() {
                    return Err(Error::Invalid(format!(
                        "--from {:?} is neither a version of {site_name} nor one of its environments",
                        new.from
                    )));
                }
                self.draw_here(&format!("{site_name}/{}", new.from))?
                    .version
            }
        };
        let (_, meta) = self.version_meta(&version_id)?;
        self.runtime.ensure_running()?;
        let url = match &new.domain {
            Some(domain) => url_for_domain(&self.runtime.default_url(&site_name, &env), domain)?,
            None => self.runtime.default_url(&site_name, &env),
        };
        let network = site.multisite.map(|m| match m {
            Multisite::Subdomain => NetworkMode::Subdomain,
            Multisite::Subdirectory => NetworkMode::Subdirectory,
        });
        let root = self.instances_root.clone();
        let instance = self.catalog.change(|c| -> Result<Instance> {
            c.add_environment(&site_name, &env, &url)?;
            let instance = c.add_instance(&site_name, &env, &root)?;
            c.event(
                Some(&site_name),
                "env.create",
                &format!("instance {} for {url} from {version_id}", instance.id),
            )?;
            Ok(instance)
        })?;
        pause_point("derive:reserved");
        let built = self.build_derived(new, &instance, &meta, &url, network);
        match built {
            Ok(mut derived) => {
                // Killed here, the copy is routed while its instance is
                // still `provisioning`; it is fenced already, and the next
                // `env create` or `env rm` unroutes and removes it.
                pause_point("derive:routed");
                // Where the copy's change log stands once it is loaded and
                // fenced: what changes after this, the copy made itself.
                let position = self.current_position(&instance.id).ok().flatten();
                self.catalog.change(|c| -> Result<()> {
                    c.set_instance_state(&instance.id, InstanceState::Ready)?;
                    c.point_environment(&site_name, &env, &instance.id)?;
                    c.set_origin(&instance.id, &version_id, position.as_deref())?;
                    c.event(
                        Some(&site_name),
                        "env.created",
                        &format!("{site_name}/{env} at {url} from {version_id}"),
                    )?;
                    Ok(())
                })?;
                derived.version = version_id;
                Ok(derived)
            }
            Err(error) => {
                let _ = self.runtime.unroute(&site_name, &env);
                let _ = self.runtime.destroy(&instance.id);
                let failure = error.to_string();
                let _ = self.catalog.change(|c| -> Result<()> {
                    c.remove_instance(&instance.id)?;
                    c.remove_environment(&site_name, &env)?;
                    c.event(Some(&site_name), "env.failed", &failure)?;
                    Ok(())
                });
                Err(error)
            }
        }
    }

    fn build_derived(
        &self,
        new: &NewEnvironment,
        instance: &Instance,
        meta: &VersionMeta,
        url: &str,
        network: Option<NetworkMode>,
    ) -> Result<Derived> {
        let code = crate::releases::code_source(meta);
        let spec = self.spec(instance, url, &meta.table_prefix, network, code);
        self.runtime.provision(&spec)?;
        let store = self.repository()?;
        let (version, _) = self.version_meta(&meta.id)?;
        let reader = store.reader(&version.snapshot).map_err(repo_error)?;
        let files = self.runtime.files(&instance.id)?;
        self.restore_files(&reader, &files.wp_content, &files.managed)?;

        let presets = if new.no_scrub {
            Vec::new()
        } else if new.scrub.is_empty() {
            crate::restore::default_presets(meta)
        } else {
            new.scrub.clone()
        };
        let definer = self.runtime.database_access(&instance.id)?.definer();
        let plan = crate::restore::RestorePlan {
            url,
            presets: &presets,
            key: self.scrub_key(&instance.site)?,
            keep_users: &new.keep_users,
            definer: &definer,
            // Loaded as the local server's administrator.
            unlogged: true,
        };
        let mut problem: Option<Error> = None;
        let mut outcome = None;
        self.runtime
            .load_sql(&instance.id, &mut |out: &mut dyn Write| {
                match crate::restore::restore_database(&reader, meta, &plan, out) {
                    Ok(restored) => {
                        outcome = Some(restored);
                        Ok(())
                    }
                    Err(e) => {
                        let message = e.to_string();
                        problem = Some(e);
                        Err(message.into())
                    }
                }
            })
            .map_err(|e| problem.take().unwrap_or(e.into()))?;
        let restored = outcome.ok_or_else(|| {
            Error::Invalid(format!("loading version {} produced no report", meta.id))
        })?;
        let fence = apply_fence(&self.runtime, &instance.id)?;
        let route_fence = route_fence_for(
            &self.secrets,
            &instance.site,
            &instance.environment,
            new.protect,
        )?;
        self.serve_with(instance, url, network, route_fence)?;
        Ok(Derived {
            environment: format!("{}/{}", instance.site, instance.environment),
            url: url.to_string(),
            instance: instance.id.clone(),
            version: meta.id.clone(),
            rewritten: restored.pairs,
            values_rewritten: restored.values_rewritten,
            serialized_fixed: restored.serialized_fixed,
            scrub_presets: presets,
            values_scrubbed: restored.values_scrubbed,
            leaks_left: restored.leaks_left,
            fence,
            password_file: new.protect.then(|| {
                self.secrets.path(
                    &instance.site,
                    &format!("{}-basic-auth", instance.environment),
                )
            }),
        })
    }

    /// Restores a version's uploads and code into an instance's
    /// `wp-content`, leaving what the runtime installs itself.
    fn restore_files(
        &self,
        reader: &slipway_repository::Reader,
        wp_content: &Path,
        managed: &[PathBuf],
    ) -> Result<()> {
        restore_uploads(reader, wp_content)?;
        self.restore_code(reader, wp_content, managed)
    }

    /// Restores a version's code (plugins, themes, must-use plugins,
    /// languages, drop-ins) into an instance's `wp-content`, leaving what
    /// the runtime installs itself.
    pub(crate) fn restore_code(
        &self,
        reader: &slipway_repository::Reader,
        wp_content: &Path,
        managed: &[PathBuf],
    ) -> Result<()> {
        let staging = self.scratch_dir("restore-")?;
        pause_point("derive:restore");
        for (from, to) in [
            ("code/plugins", "plugins"),
            ("code/themes", "themes"),
            ("code/mu-plugins", "mu-plugins"),
            ("code/languages", "languages"),
            ("code/dropins", ""),
        ] {
            if !reader.exists(Path::new(from)) {
                continue;
            }
            let restored = staging.path().join(from.replace('/', "-"));
            reader
                .restore_dir(Path::new(from), &restored)
                .map_err(repo_error)?;
            let target = wp_content.join(to);
            std::fs::create_dir_all(&target)
                .map_err(|e| Error::io(format!("creating {}", target.display()), e))?;
            let entries = std::fs::read_dir(&restored)
                .map_err(|e| Error::io(format!("reading {}", restored.display()), e))?;
            for entry in entries {
                let entry =
                    entry.map_err(|e| Error::io(format!("reading {}", restored.display()), e))?;
                let relative = Path::new(to).join(entry.file_name());
                if managed.contains(&relative) {
                    continue;
                }
                let dest = target.join(entry.file_name());
                if let Ok(existing) = std::fs::symlink_metadata(&dest) {
                    // Core's bundled themes and plugins are linked in by the
                    // runtime already; the version's copy of the link is the
                    // same link.
                    if existing.file_type().is_symlink() || existing.is_file() {
                        std::fs::remove_file(&dest)
                    } else {
                        std::fs::remove_dir_all(&dest)
                    }
                    .map_err(|e| Error::io(format!("replacing {}", dest.display()), e))?;
                }
                std::fs::rename(entry.path(), &dest)
                    .map_err(|e| Error::io(format!("restoring {}", dest.display()), e))?;
            }
        }
        Ok(())
    }

    fn scrub_key(&self, site: &str) -> Result<ScrubKey> {
        let hex = match self.secrets.read(site, SCRUB_KEY) {
            Ok(hex) => hex,
            Err(_) => {
                let mut bytes = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                self.secrets.store(site, SCRUB_KEY, &hex)?;
                hex
            }
        };
        ScrubKey::from_hex(&hex).map_err(|e| {
            Error::Invalid(format!(
                "the scrub key of {site} ({}) is damaged: {e}",
                self.secrets.path(site, SCRUB_KEY).display()
            ))
        })
    }

    /// The environments of `site`.
    pub fn environments(&self, site: &str) -> Result<Vec<EnvironmentListing>> {
        crate::names::check_site(site)?;
        if self.catalog.site(site)?.is_none() {
            return Err(Error::Invalid(format!("there is no site {site:?}")));
        }
        let instances = self.catalog.instances(Some(site))?;
        Ok(self
            .catalog
            .environments(site)?
            .into_iter()
            .map(|env: Environment| {
                // An environment points at its instance once it is ready;
                // before that (or after an interrupted derive) it shows the
                // newest instance made for it, `provisioning`.
                let instance = match &env.instance {
                    Some(id) => instances.iter().find(|i| &i.id == id),
                    None => instances.iter().rev().find(|i| i.environment == env.name),
                };
                EnvironmentListing {
                    fenced: env.name != "production",
                    state: instance.map(|i| i.state),
                    instance: instance.map(|i| i.id.clone()).or(env.instance),
                    name: env.name,
                    url: env.url,
                }
            })
            .collect())
    }

    /// Removes an environment other than production, with its instance
    /// and secrets. Its versions stay (they are backups).
    pub fn remove_environment(&mut self, target: &str) -> Result<()> {
        let (site, env) = parse_target(target)?;
        if env == "production" {
            return Err(Error::Invalid(
                "production is removed only with its site (`slipway site rm SITE --force`)"
                    .to_string(),
            ));
        }
        if self.catalog.environment(&site, &env)?.is_none() {
            return Err(Error::Invalid(format!(
                "there is no environment {site}/{env}"
            )));
        }
        let _removing = self.lock_environment(&site, &env)?;
        self.discard_environment(&site, &env, "env.removed", &format!("{site}/{env} removed"))
    }

    /// Holds `site/env` for this process until dropped, so that no two
    /// processes create or remove it at once; an error if another holds it.
    fn lock_environment(&self, site: &str, env: &str) -> Result<std::fs::File> {
        let dir = self.work_dir()?.join("locks");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        lock_file(&dir.join(format!("env-{site}--{env}.lock")), Wait::No)?.ok_or_else(|| {
            Error::Invalid(format!(
                "another slipway process is creating or removing {site}/{env}; wait for it to finish"
            ))
        })
    }

    /// Unroutes `site/env`, destroys every instance made for it (complete or
    /// not), and removes its basic-auth secret and catalog rows.
    fn discard_environment(
        &mut self,
        site: &str,
        env: &str,
        kind: &str,
        message: &str,
    ) -> Result<()> {
        self.runtime.unroute(site, env)?;
        let instances: Vec<Instance> = self
            .catalog
            .instances(Some(site))?
            .into_iter()
            .filter(|i| i.environment == env)
            .collect();
        for instance in &instances {
            self.runtime.destroy(&instance.id)?;
        }
        let auth = self.secrets.path(site, &format!("{env}-basic-auth"));
        if auth.exists() {
            std::fs::remove_file(&auth)
                .map_err(|e| Error::io(format!("removing {}", auth.display()), e))?;
        }
        self.catalog.change(|c| -> Result<()> {
            c.remove_environment(site, env)?;
            for instance in &instances {
                c.remove_instance(&instance.id)?;
            }
            c.event(Some(site), kind, message)?;
            Ok(())
        })
    }
}

/// Restores a version's uploads into an instance's `wp-content`.
pub(crate) fn restore_uploads(
    reader: &slipway_repository::Reader,
    wp_content: &Path,
) -> Result<()> {
    crate::restore::restore_uploads_into(reader, &wp_content.join("uploads"))
}

/// The address an environment answers at when given `domain`: the default
/// address's scheme, and its port unless the domain names one.
fn url_for_domain(default_url: &str, domain: &str) -> Result<String> {
    let domain = domain.trim().trim_end_matches('/');
    if domain.contains("://") {
        return Ok(domain.to_string());
    }
    let valid = !domain.is_empty()
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !valid {
        return Err(Error::Invalid(format!(
            "--domain {domain:?} is not a host name (letters, digits, dots, hyphens, an optional :port)"
        )));
    }
    let (scheme, rest) = default_url
        .split_once("://")
        .unwrap_or(("http", default_url));
    let authority = rest.split('/').next().unwrap_or(rest);
    let port = authority.rsplit_once(':').map(|(_, p)| p);
    Ok(match port {
        Some(port) if !domain.contains(':') => format!("{scheme}://{domain}:{port}"),
        _ => format!("{scheme}://{domain}"),
    })
}

/// The authority (`host[:port]`) of a URL.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// The rewrite from a version's addresses to a new environment's: the main
/// address, and for a network each site's domain (subdomains move under
/// the new host; other mapped domains become a subdomain of it).
pub(crate) fn domain_pairs(meta: &VersionMeta, new_url: &str) -> Vec<(String, String)> {
    let old_host = authority(&meta.url).to_string();
    let new_host = authority(new_url).to_string();
    let mut pairs = vec![(old_host.clone(), new_host.clone())];
    for (domain, _) in &meta.network_sites {
        if domain.eq_ignore_ascii_case(&old_host) || pairs.iter().any(|(f, _)| f == domain) {
            continue;
        }
        let bare_old = old_host.split(':').next().unwrap_or(&old_host);
        let (domain_host, domain_port) = match domain.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (domain.as_str(), None),
        };
        let (new_bare, new_port) = match new_host.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (new_host.as_str(), None),
        };
        let label = match domain_host.strip_suffix(&format!(".{bare_old}")) {
            Some(sub) => sub.to_string(),
            None => domain_host.replace('.', "-"),
        };
        let port = new_port.or(domain_port);
        let to = match port {
            Some(p) => format!("{label}.{new_bare}:{p}"),
            None => format!("{label}.{new_bare}"),
        };
        pairs.push((domain.clone(), to));
    }
    pairs
}

/// The table files of a version, read one after another as one dump.
pub(crate) struct TableFiles<'a> {
    pub(crate) reader: &'a slipway_repository::Reader,
    pub(crate) paths: &'a [PathBuf],
    pub(crate) next: usize,
    pub(crate) current: Option<slipway_repository::FileReader<'a>>,
}

impl Read for TableFiles<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(file) = &mut self.current {
                let n = file.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                self.current = None;
            }
            let Some(path) = self.paths.get(self.next) else {
                return Ok(0);
            };
            if self.next == self.paths.len() / 2 {
                // Half the database loaded, the loader waiting for more.
                pause_point("derive:load");
            }
            self.next += 1;
            self.current = Some(
                self.reader
                    .open(path)
                    .map_err(|e| std::io::Error::other(e.to_string()))?,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(url: &str, sites: &[(&str, &str)]) -> VersionMeta {
        VersionMeta {
            id: "shop-v1".into(),
            site: "shop".into(),
            environment: "production".into(),
            instance: "shop-production-1".into(),
            parent: None,
            time: String::new(),
            url: url.into(),
            table_prefix: "wp_".into(),
            multisite: Some("subdomain".into()),
            network_sites: sites
                .iter()
                .map(|(d, p)| (d.to_string(), p.to_string()))
                .collect(),
            core: PathBuf::new(),
            position: None,
            tables: Default::default(),
            objects: Vec::new(),
            not_captured: Vec::new(),
            transforms: Vec::new(),
        }
    }

    #[test]
    fn a_network_moves_every_site_under_the_new_host() {
        let m = meta(
            "http://net.localhost:8080",
            &[
                ("net.localhost:8080", "/"),
                ("blog.net.localhost:8080", "/"),
                ("shop-mapped.com", "/"),
            ],
        );
        assert_eq!(
            domain_pairs(&m, "http://staging.net.localhost:8080"),
            [
                (
                    "net.localhost:8080".to_string(),
                    "staging.net.localhost:8080".to_string()
                ),
                (
                    "blog.net.localhost:8080".to_string(),
                    "blog.staging.net.localhost:8080".to_string()
                ),
                (
                    "shop-mapped.com".to_string(),
                    "shop-mapped-com.staging.net.localhost:8080".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_domain_keeps_the_runtime_port_unless_it_names_one() {
        assert_eq!(
            url_for_domain("http://staging.shop.localhost:8080", "copy.shop.test").unwrap(),
            "http://copy.shop.test:8080"
        );
        assert_eq!(
            url_for_domain("http://staging.shop.localhost:8080", "copy.shop.test:9000").unwrap(),
            "http://copy.shop.test:9000"
        );
        assert!(url_for_domain("http://x:1", "bad domain").is_err());
    }
}
