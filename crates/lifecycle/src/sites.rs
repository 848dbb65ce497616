//! Sites: create one from WordPress core, import an existing one, list,
//! remove. Each operation records its catalog changes in one transaction
//! and undoes what it built when it fails part-way.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use slipway_catalog::{Catalog, Instance, InstanceState, Multisite};
use slipway_rewrite::{Mapping, Rewriter};
use slipway_runtime::{
    CodeSource, EnvironmentType, Fence, Health, InstanceSpec, NetworkMode, PhpIo, PhpRun, Route,
    RouteFence, Runtime,
};
use slipway_transform::Transform;

use crate::error::{Error, Result};
use crate::inspect::inspect;
use crate::names::{check_site, parse_target};
use crate::secrets::Secrets;

/// WordPress' installer, run inside a new instance.
const INSTALLER: &str = include_str!("php/install.php");

/// The administrator account every created site gets.
pub const ADMIN_USER: &str = "admin";

/// The name of the administrator's password in [`Secrets`].
pub const ADMIN_PASSWORD: &str = "admin-password";

/// How long a new instance may take to answer its first page.
const FIRST_PAGE: Duration = Duration::from_secs(60);

/// What `slipway site create` asks for.
#[derive(Debug, Clone)]
pub struct NewSite {
    /// The site's name.
    pub name: String,
    /// The site title (the name if not given).
    pub title: Option<String>,
    /// The administrator's e-mail (`admin@<site>.localhost` if not given).
    pub admin_email: Option<String>,
    /// Set for a multisite network.
    pub network: Option<NetworkMode>,
    /// The WordPress core tree.
    pub core: PathBuf,
}

/// What `slipway site import` asks for.
#[derive(Debug, Clone)]
pub struct ImportSite {
    /// The site's name in slipway.
    pub name: String,
    /// The existing WordPress tree (core, `wp-content`).
    pub files: PathBuf,
    /// Its database, as an SQL dump.
    pub dump: PathBuf,
    /// The address it was served at; read from the dump's `home` option if
    /// not given.
    pub old_url: Option<String>,
}

/// A site that was created or imported.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    /// The site's name.
    pub site: String,
    /// Its production address.
    pub url: String,
    /// The instance serving it.
    pub instance: String,
    /// The administrator's login, for created sites.
    pub admin_user: Option<String>,
    /// Where the administrator's password is kept, for created sites.
    pub admin_password_file: Option<PathBuf>,
}

/// One site as `slipway site ls` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The site's name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Set for a network.
    pub multisite: Option<Multisite>,
    /// Its environments, production first.
    pub environments: Vec<EnvironmentView>,
}

/// One environment of a [`SiteView`].
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentView {
    /// The environment's name.
    pub name: String,
    /// Its address.
    pub url: String,
    /// The instance it points at.
    pub instance: Option<String>,
    /// That instance's state.
    pub state: Option<InstanceState>,
}

/// The lifecycle operations over one runtime and its catalog.
pub struct Platform<R: Runtime> {
    pub(crate) runtime: R,
    pub(crate) catalog: Catalog,
    pub(crate) secrets: Secrets,
    pub(crate) instances_root: PathBuf,
    /// The version repository, once opened.
    pub(crate) store: std::cell::OnceCell<slipway_repository::Store>,
}

impl<R: Runtime> Platform<R> {
    /// Operations on `runtime`, recorded in `catalog`, with secrets kept in
    /// `secrets` and instance directories under `instances_root`.
    pub fn new(
        runtime: R,
        catalog: Catalog,
        secrets: Secrets,
        instances_root: PathBuf,
    ) -> Platform<R> {
        Platform {
            runtime,
            catalog,
            secrets,
            instances_root,
            store: std::cell::OnceCell::new(),
        }
    }

    /// The runtime.
    pub fn runtime(&self) -> &R {
        &self.runtime
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The secrets.
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// The catalog, to record changes in.
    pub fn catalog_mut(&mut self) -> &mut Catalog {
        &mut self.catalog
    }

    /// Creates a site with its production environment: an instance from
    /// WordPress core, installed, routed and answering.
    pub fn create_site(&mut self, new: &NewSite) -> Result<Created> {
        check_site(&new.name)?;
        self.refuse_existing(&new.name)?;
        self.runtime.ensure_running()?;
        let url = self.runtime.default_url(&new.name, "production");
        let title = new.title.clone().unwrap_or_else(|| new.name.clone());
        let email = new
            .admin_email
            .clone()
            .unwrap_or_else(|| format!("admin@{}.localhost", new.name));
        let instance = self.reserve(&new.name, &title, new.network, "wp_", &url, "site.create")?;
        let password = Secrets::generate();
        let built = self
            .secrets
            .store(&new.name, ADMIN_PASSWORD, &password)
            .and_then(|()| {
                let spec = self.spec(
                    &instance,
                    &url,
                    "wp_",
                    new.network,
                    CodeSource::Core(new.core.clone()),
                );
                self.runtime.provision(&spec)?;
                self.install(&instance.id, &title, &email, &password, new.network)?;
                self.serve(&instance, &url, new.network)
            });
        self.finish(
            &new.name,
            &instance,
            built,
            "site.created",
            &format!("created at {url}"),
        )?;
        Ok(Created {
            site: new.name.clone(),
            url,
            instance: instance.id,
            admin_user: Some(ADMIN_USER.to_string()),
            admin_password_file: Some(self.secrets.path(&new.name, ADMIN_PASSWORD)),
        })
    }

    /// Takes an existing WordPress into slipway: its files become the
    /// production instance's code and content, and its dump is loaded
    /// through the rewrite engine, moving every URL of the old address
    /// (plain, JSON-escaped, URL-encoded, inside serialized values) to the
    /// new one.
    pub fn import_site(&mut self, import: &ImportSite) -> Result<Created> {
        check_site(&import.name)?;
        self.refuse_existing(&import.name)?;
        let facts = {
            let file = open(&import.dump)?;
            inspect(BufReader::with_capacity(1 << 20, file)).map_err(|e| {
                Error::Invalid(format!(
                    "{} is not a readable SQL dump: {e}",
                    import.dump.display()
                ))
            })?
        };
        if facts.multisite {
            return Err(Error::Invalid(format!(
                "{} holds a multisite network; importing networks is not supported yet",
                import.dump.display()
            )));
        }
        let prefix = facts.table_prefix.clone().ok_or_else(|| {
            Error::Invalid(format!(
                "{} has no WordPress tables (no users, posts or options table)",
                import.dump.display()
            ))
        })?;
        let old_url = import
            .old_url
            .clone()
            .or(facts.home.clone())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{} has no `home` option in {prefix}options; give the old address with --url",
                    import.dump.display()
                ))
            })?;
        let old_url = old_url.trim_end_matches('/').to_string();
        if !(old_url.starts_with("http://") || old_url.starts_with("https://")) {
            return Err(Error::Invalid(format!(
                "the old address {old_url:?} must start with http:// or https://"
            )));
        }
        self.runtime.ensure_running()?;
        let url = self.runtime.default_url(&import.name, "production");
        let rewriter = import_rewriter(&old_url, facts.siteurl.as_deref(), &url)?;
        let title = import.name.clone();
        let instance = self.reserve(&import.name, &title, None, &prefix, &url, "site.import")?;
        let built = (|| {
            let spec = self.spec(
                &instance,
                &url,
                &prefix,
                None,
                CodeSource::Tree(import.files.clone()),
            );
            self.runtime.provision(&spec)?;
            self.load_dump(&instance.id, &import.dump, Some(rewriter))?;
            self.own_objects(&instance.id)?;
            self.serve(&instance, &url, None)
        })();
        self.finish(
            &import.name,
            &instance,
            built,
            "site.imported",
            &format!(
                "imported from {old_url} ({}) to {url}",
                import.dump.display()
            ),
        )?;
        Ok(Created {
            site: import.name.clone(),
            url,
            instance: instance.id,
            admin_user: None,
            admin_password_file: None,
        })
    }

    /// Every site with its environments.
    pub fn sites(&self) -> Result<Vec<SiteView>> {
        let instances = self.catalog.instances(None)?;
        let mut views = Vec::new();
        for site in self.catalog.sites()? {
            let environments = self
                .catalog
                .environments(&site.name)?
                .into_iter()
                .map(|env| {
                    let state = env
                        .instance
                        .as_ref()
                        .and_then(|id| instances.iter().find(|i| &i.id == id))
                        .map(|i| i.state);
                    EnvironmentView {
                        name: env.name,
                        url: env.url,
                        instance: env.instance,
                        state,
                    }
                })
                .collect();
            views.push(SiteView {
                name: site.name,
                title: site.title,
                multisite: site.multisite,
                environments,
            });
        }
        Ok(views)
    }

    /// Removes a site: its routes, instances (databases, files, workers),
    /// secrets and catalog entries. A site always has production, which is
    /// removed only with `force`.
    pub fn remove_site(&mut self, name: &str, force: bool) -> Result<()> {
        self.check_removal(name, force)?;
        let environments = self.catalog.environments(name)?;
        for env in &environments {
            self.runtime.unroute(name, &env.name)?;
        }
        for instance in self.catalog.instances(Some(name))? {
            self.runtime.destroy(&instance.id)?;
        }
        self.secrets.remove_site(name)?;
        self.catalog.change(|c| -> Result<()> {
            c.remove_site(name)?;
            c.event(
                Some(name),
                "site.removed",
                "removed with its environments and instances",
            )?;
            Ok(())
        })
    }

    /// Whether [`remove_site`](Platform::remove_site) would go ahead: the
    /// site exists, and if it has production, `force` is given.
    pub fn check_removal(&self, name: &str, force: bool) -> Result<()> {
        check_site(name)?;
        if self.catalog.site(name)?.is_none() {
            return Err(Error::Invalid(format!("there is no site {name:?}")));
        }
        let production = self.catalog.environment(name, "production")?;
        if !force && production.is_some() {
            return Err(Error::Invalid(format!(
                "removing site {name:?} removes its production environment and all its data; pass --force to do so"
            )));
        }
        Ok(())
    }

    /// The instance a `site[/environment]` target points at.
    pub fn resolve(&self, target: &str) -> Result<Instance> {
        let (site, env) = parse_target(target)?;
        let environment = self.catalog.environment(&site, &env)?.ok_or_else(|| {
            Error::Invalid(format!(
                "there is no environment {site}/{env}; see `slipway site ls`"
            ))
        })?;
        let id = environment
            .instance
            .ok_or_else(|| Error::Invalid(format!("{site}/{env} has no instance")))?;
        self.catalog.instance(&id)?.ok_or_else(|| {
            Error::Invalid(format!(
                "{site}/{env} points at instance {id}, which is not in the catalog"
            ))
        })
    }

    fn refuse_existing(&self, name: &str) -> Result<()> {
        if self.catalog.site(name)?.is_some() {
            return Err(Error::Invalid(format!(
                "site {name:?} exists already; see `slipway site ls`"
            )));
        }
        Ok(())
    }

    /// Records the site, its production environment and a new instance in
    /// one transaction.
    fn reserve(
        &mut self,
        name: &str,
        title: &str,
        network: Option<NetworkMode>,
        prefix: &str,
        url: &str,
        kind: &str,
    ) -> Result<Instance> {
        let root = self.instances_root.clone();
        self.catalog.change(|c| -> Result<Instance> {
            c.add_site(name, title, network.map(multisite_of), prefix)?;
            c.add_environment(name, "production", url)?;
            let instance = c.add_instance(name, "production", &root)?;
            c.event(
                Some(name),
                kind,
                &format!("instance {} for {url}", instance.id),
            )?;
            Ok(instance)
        })
    }

    pub(crate) fn spec(
        &self,
        instance: &Instance,
        url: &str,
        prefix: &str,
        network: Option<NetworkMode>,
        code: CodeSource,
    ) -> InstanceSpec {
        InstanceSpec {
            id: instance.id.clone(),
            site: instance.site.clone(),
            environment: instance.environment.clone(),
            url: url.to_string(),
            db_name: instance.db_name.clone(),
            db_user: instance.db_user.clone(),
            table_prefix: prefix.to_string(),
            network,
            code,
            // Production (the only environment sites make) is never fenced.
            fence: Fence::for_environment(EnvironmentType::of(&instance.environment)),
        }
    }

    /// Marks the instance ready and points production at it, or, if
    /// building it failed, removes everything the attempt created.
    fn finish(
        &mut self,
        site: &str,
        instance: &Instance,
        built: Result<()>,
        kind: &str,
        message: &str,
    ) -> Result<()> {
        match built {
            Ok(()) => self.catalog.change(|c| -> Result<()> {
                c.set_instance_state(&instance.id, InstanceState::Ready)?;
                c.point_environment(site, &instance.environment, &instance.id)?;
                c.event(Some(site), kind, message)?;
                Ok(())
            }),
            Err(error) => {
                let _ = self.runtime.unroute(site, &instance.environment);
                let _ = self.runtime.destroy(&instance.id);
                let _ = self.secrets.remove_site(site);
                let failure = error.to_string();
                let _ = self.catalog.change(|c| -> Result<()> {
                    c.remove_site(site)?;
                    c.event(Some(site), "site.failed", &failure)?;
                    Ok(())
                });
                Err(error)
            }
        }
    }

    fn install(
        &self,
        instance: &str,
        title: &str,
        email: &str,
        password: &str,
        network: Option<NetworkMode>,
    ) -> Result<()> {
        let script = crate::code::php_script("install", INSTALLER)?;
        let network = match network {
            None => "none",
            Some(NetworkMode::Subdomain) => "subdomain",
            Some(NetworkMode::Subdirectory) => "subdirectory",
        };
        let args = [
            title.to_string(),
            ADMIN_USER.to_string(),
            email.to_string(),
            network.to_string(),
        ];
        let input = format!("{password}\n");
        let out = self.runtime.run_php(
            instance,
            &PhpRun {
                script: script.path(),
                args: &args,
                load_wordpress: false,
                url: None,
                input: Some(input.as_bytes()),
                io: PhpIo::Capture,
            },
        )?;
        if !out.success() {
            return Err(Error::Invalid(format!(
                "WordPress' installer failed in instance {instance}: {}{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            )));
        }
        Ok(())
    }

    /// Makes the instance's account the definer of the triggers, views,
    /// routines and events a dump brought: the accounts it names are the
    /// source server's, and a trigger whose definer does not exist here
    /// fails every write to its table. Each is created again from its
    /// definition, in load order.
    fn own_objects(&self, instance: &str) -> Result<()> {
        let access = self.runtime.database_access(instance)?;
        let mut snapshot = crate::versions::begin_snapshot(&access)?;
        let (objects, hidden) = snapshot.objects().map_err(crate::versions::db_error)?;
        snapshot.finish().map_err(crate::versions::db_error)?;
        for object in &hidden {
            tracing::warn!(instance, "kept as the dump made it: {object}");
        }
        if objects.is_empty() {
            return Ok(());
        }
        let file = slipway_mysql::objects::write_objects(objects)
            .and_then(|file| slipway_mysql::objects::with_definer(&file, &access.definer()))
            .map_err(|e| Error::Invalid(format!("the dump's views, routines or triggers: {e}")))?;
        self.runtime
            .load_sql(instance, &mut |out: &mut dyn Write| {
                out.write_all(b"SET SESSION sql_log_bin = 0;\n")?;
                out.write_all(&file)?;
                Ok(())
            })
            .map_err(Error::from)
    }

    /// Streams a dump into an instance's database, through `rewriter`.
    fn load_dump(&self, instance: &str, dump: &Path, rewriter: Option<Rewriter>) -> Result<()> {
        let transform = Transform::new(rewriter, None, slipway_transform::Options::default());
        let file = open(dump)?;
        let mut problem: Option<Error> = None;
        let loaded = self.runtime.load_sql(instance, &mut |out: &mut dyn Write| {
            // Unlogged, as a derive's load: the site's first draw
            // reads every table anyway, and a logged import would
            // leave twice its size in the binary log for days.
            out.write_all(b"SET SESSION sql_log_bin = 0;\n")?;
            match transform.run(BufReader::with_capacity(1 << 20, &file), out, &mut |_| {}) {
                Ok((report, _)) => {
                    tracing::info!(
                        instance,
                        "loaded the dump; {} values rewritten",
                        report.totals().replacements
                    );
                    Ok(())
                }
                Err(e) => {
                    let message = e.to_string();
                    problem = Some(Error::Dump {
                        what: format!("loading {}", dump.display()),
                        source: e,
                    });
                    Err(message.into())
                }
            }
        });
        match (loaded, problem) {
            (_, Some(problem)) => Err(problem),
            (Err(e), None) => Err(e.into()),
            (Ok(()), None) => Ok(()),
        }
    }

    /// Routes production to the instance and waits until its home page
    /// answers 200.
    fn serve(&self, instance: &Instance, url: &str, network: Option<NetworkMode>) -> Result<()> {
        let fence = RouteFence::for_environment(EnvironmentType::of(&instance.environment), None);
        self.serve_with(instance, url, network, fence)
    }

    /// Routes the instance's environment to it, behind `fence`, and waits
    /// until its home page answers 200.
    pub(crate) fn serve_with(
        &self,
        instance: &Instance,
        url: &str,
        network: Option<NetworkMode>,
        fence: Option<RouteFence>,
    ) -> Result<()> {
        self.runtime.route(&Route {
            site: instance.site.clone(),
            environment: instance.environment.clone(),
            instance: instance.id.clone(),
            hosts: hosts_for(url, network),
            network,
            fence,
            frozen: false,
        })?;
        let deadline = std::time::Instant::now() + FIRST_PAGE;
        loop {
            match self.runtime.health(&instance.id, &format!("{url}/"))? {
                Health::Healthy => return Ok(()),
                _ if std::time::Instant::now() > deadline => {
                    return Err(Error::Invalid(format!(
                        "instance {} does not answer {url}/ with a page; see its PHP log in its directory ({})",
                        instance.id,
                        instance.dir.join("log/php-error.log").display()
                    )))
                }
                _ => std::thread::sleep(Duration::from_millis(250)),
            }
        }
    }
}

/// The hosts an environment at `url` answers to: its own, and for a
/// subdomain network every name under it.
pub fn hosts_for(url: &str, network: Option<NetworkMode>) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = authority.split(':').next().unwrap_or(authority).to_string();
    let mut hosts = vec![host.clone()];
    if network == Some(NetworkMode::Subdomain) {
        hosts.push(format!("*.{host}"));
    }
    hosts
}

fn multisite_of(network: NetworkMode) -> Multisite {
    match network {
        NetworkMode::Subdomain => Multisite::Subdomain,
        NetworkMode::Subdirectory => Multisite::Subdirectory,
    }
}

/// The rewrite of an import: the old address in both schemes (sites often
/// hold both), and `siteurl` if it differs from `home`, to the new address.
fn import_rewriter(old_home: &str, old_siteurl: Option<&str>, new: &str) -> Result<Rewriter> {
    let mut pairs: Vec<Mapping> = Vec::new();
    let mut add = |old: &str| {
        let rest = old.split_once("://").map_or(old, |(_, r)| r);
        for scheme in ["https://", "http://"] {
            let from = format!("{scheme}{rest}");
            if !pairs.iter().any(|p| p.from == from) && from != new {
                pairs.push(Mapping {
                    from,
                    to: new.to_string(),
                });
            }
        }
    };
    add(old_home);
    if let Some(siteurl) = old_siteurl {
        add(siteurl.trim_end_matches('/'));
    }
    Rewriter::new(&pairs)
        .map_err(|e| Error::Invalid(format!("cannot rewrite {old_home} to {new}: {e}")))
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_networks_answer_to_every_name_under_their_host() {
        assert_eq!(
            hosts_for("http://shop.localhost:8080", None),
            ["shop.localhost"]
        );
        assert_eq!(
            hosts_for("http://shop.localhost:8080", Some(NetworkMode::Subdomain)),
            ["shop.localhost", "*.shop.localhost"]
        );
    }

    #[test]
    fn an_import_moves_both_schemes_of_the_old_address() {
        let r = import_rewriter(
            "https://old.example.com",
            Some("https://old.example.com/wp"),
            "http://shop.localhost:8080",
        )
        .unwrap();
        let mut out = Vec::new();
        r.rewrite_text(
            b"see http://old.example.com/a and https://old.example.com/wp/b",
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "see http://shop.localhost:8080/a and http://shop.localhost:8080/b"
        );
    }
}
