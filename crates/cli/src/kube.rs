//! `slipway kube render | apply | diff | switch`: a site environment's
//! Kubernetes objects, as a directory of YAML or applied to the current
//! kubeconfig's cluster, and the switch between its instances.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use slipway_kube::apply::Change;
use slipway_kube::Rendered;
use slipway_local::Home;

/// `slipway kube …`
#[derive(Debug, Subcommand)]
pub enum KubeCommand {
    /// Write the site environment's objects as a kustomize-ready directory
    /// of YAML (stable names and order, for GitOps).
    ///
    /// Example: slipway kube render shop --env staging -o deploy/shop-staging
    Render {
        #[command(flatten)]
        target: Target,
        /// The directory to write (replaced if slipway rendered it before).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Apply the objects to the cluster of the current kubeconfig context
    /// (server-side apply as field manager `slipway`), create missing
    /// Secrets, and prune objects of this site environment no longer
    /// rendered.
    ///
    /// Example: slipway kube apply shop --env production
    Apply {
        #[command(flatten)]
        target: Target,
    },
    /// Show what `apply` would create, change and prune (exit 2 if
    /// anything).
    ///
    /// Example: slipway kube diff shop
    Diff {
        #[command(flatten)]
        target: Target,
    },
    /// Route the environment to another of its instances (blue/green):
    /// once that instance's Deployment is ready, its Service and wp-cron
    /// follow and the manifest's `active` says so. Switching back to the
    /// instance left is a rollback.
    ///
    /// Example: slipway kube switch shop --env production --to green
    Switch {
        #[command(flatten)]
        target: Target,
        /// The instance to route to (one of the environment's instances).
        #[arg(long)]
        to: String,
        /// Switch production to an instance made as a copy of the one it
        /// leaves although what that one took in since the copy (orders,
        /// comments, posts) is not carried over.
        #[arg(long)]
        lose_writes_since_copy: bool,
    },
    /// List the mail a fenced environment tried to send: its trap keeps no
    /// message in a pod, only a line in PHP's log, which this reads from
    /// every pod of the environment (as long as the cluster keeps it).
    ///
    /// Example: slipway kube mail shop --env staging
    Mail {
        #[command(flatten)]
        target: Target,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Which site environment, from which manifest.
#[derive(Debug, Args)]
pub struct Target {
    /// The site.
    site: String,
    /// The environment.
    #[arg(long = "env", default_value = "production")]
    env: String,
    /// The site's manifest (default: sites/<site>/slipway.toml in the state
    /// directory).
    #[arg(long)]
    manifest: Option<PathBuf>,
}

impl Target {
    fn manifest_path(&self) -> Result<PathBuf> {
        Ok(match &self.manifest {
            Some(path) => path.clone(),
            None => Home::from_env()?
                .root()
                .join("sites")
                .join(&self.site)
                .join("slipway.toml"),
        })
    }

    fn read_manifest(&self) -> Result<(PathBuf, String)> {
        let path = self.manifest_path()?;
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading the manifest {}", path.display()))?;
        Ok((path, text))
    }

    fn render_text(&self, path: &std::path::Path, text: &str) -> Result<Rendered> {
        let lock = site_lock(path)?;
        Ok(slipway_kube::render_manifest(
            text,
            &path.display().to_string(),
            &self.site,
            &self.env,
            lock.as_deref(),
        )?)
    }

    fn render(&self) -> Result<Rendered> {
        let (path, text) = self.read_manifest()?;
        self.render_text(&path, &text)
    }
}

/// The sha256 of the `slipway.lock` beside the manifest at `manifest`, if
/// there is one, after keeping the lock in the code store by that sha256
/// (instances materialize their code from the store by it).
fn site_lock(manifest: &std::path::Path) -> Result<Option<String>> {
    let path = manifest
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("slipway.lock");
    let Some(text) = crate::code::read_optional(&path)? else {
        return Ok(None);
    };
    // A lock that does not parse would fail every pod; say so here.
    slipway_manifest::Lock::parse(&path.display().to_string(), &text)?;
    let store = slipway_codestore::Store::open(Home::from_env()?.root().join("store"))?;
    Ok(Some(store.keep_lock(text.as_bytes())?))
}

/// Runs a `slipway kube` command.
pub fn run(command: KubeCommand) -> Result<ExitCode> {
    match command {
        KubeCommand::Render { target, output } => {
            let rendered = target.render()?;
            let files =
                slipway_kube::output::files(&rendered, &format!("{}/{}", target.site, target.env))?;
            slipway_kube::output::write_tree(&output, &files)?;
            println!("wrote {} objects to {}", files.len() - 1, output.display());
            Ok(ExitCode::SUCCESS)
        }
        KubeCommand::Apply { target } => {
            let rendered = target.render()?;
            let report = with_cluster(|client| async move {
                slipway_kube::apply::apply(&client, &rendered).await
            })?;
            for secret in &report.secrets_created {
                println!("created Secret/{secret} (random values, not shown)");
            }
            println!("applied {} objects", report.applied.len());
            for pruned in &report.pruned {
                println!("pruned {pruned}");
            }
            Ok(ExitCode::SUCCESS)
        }
        KubeCommand::Diff { target } => {
            let rendered = target.render()?;
            let changes = with_cluster(|client| async move {
                slipway_kube::apply::diff(&client, &rendered).await
            })?;
            for change in &changes {
                match change {
                    Change::Create(what) => println!("+ {what}"),
                    Change::Prune(what) => println!("- {what}"),
                    Change::Update(what, fields) => {
                        println!("~ {what}");
                        for field in fields {
                            println!("    {field}");
                        }
                    }
                }
            }
            Ok(if changes.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        KubeCommand::Mail { target, json } => mail(&target, json),
        KubeCommand::Switch {
            target,
            to,
            lose_writes_since_copy,
        } => {
            let (path, text) = target.read_manifest()?;
            let file = path.display().to_string();
            let copy_of_active =
                slipway_kube::switch::copy_left_behind(&text, &file, &target.env, &to)?;
            if let Some(source) = copy_of_active {
                let production = slipway_runtime::EnvironmentType::of(&target.env)
                    == slipway_runtime::EnvironmentType::Production;
                if production && !lose_writes_since_copy {
                    anyhow::bail!(
                        "{to} started as a copy of {source}'s database, and what {source} took in since that copy is not carried into it on this runtime; pass --lose-writes-since-copy to switch all the same"
                    );
                }
                println!(
                    "{to} started as a copy of {source}'s database: what {source} took in since that copy is not in {to}"
                );
            }
            let switched_text = slipway_kube::switch::with_active(&text, &file, &target.env, &to)?;
            let rendered = target.render_text(&path, &switched_text)?;
            let instance = to.clone();
            let switched = with_cluster(|client| async move {
                slipway_kube::switch::switch(&client, &rendered, &instance).await
            })?;
            // The manifest follows only a switch made, so the next apply
            // keeps it.
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            let mut staged = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("writing next to {}", path.display()))?;
            std::io::Write::write_all(&mut staged, switched_text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            if let Ok(meta) = std::fs::metadata(&path) {
                let _ = staged.as_file().set_permissions(meta.permissions());
            }
            staged
                .persist(&path)
                .with_context(|| format!("replacing {}", path.display()))?;
            println!(
                "{}/{} now routes to {} (was {}); {} set active in {}",
                target.site,
                target.env,
                switched.to,
                switched.from.as_deref().unwrap_or("none"),
                switched.to,
                path.display()
            );
            for pruned in &switched.applied.pruned {
                println!("pruned {pruned}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `slipway kube mail`: the trapped mail of the environment's pods.
fn mail(target: &Target, json: bool) -> Result<ExitCode> {
    if slipway_runtime::EnvironmentType::of(&target.env)
        == slipway_runtime::EnvironmentType::Production
    {
        anyhow::bail!(
            "{}/{} is production, which is never fenced: its mail is sent, not trapped",
            target.site,
            target.env
        );
    }
    let rendered = target.render()?;
    let mail = with_cluster(|client| async move {
        slipway_kube::mail::trapped_mail(&client, &rendered).await
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&mail)?);
    } else if mail.is_empty() {
        println!(
            "no mail trapped in the logs of {}/{}'s pods",
            target.site, target.env
        );
    } else {
        crate::mail::print_listing(mail.iter().map(|m| {
            (
                m.time.as_str(),
                m.from.as_str(),
                &m.to[..],
                m.subject.as_str(),
            )
        }));
        println!(
            "{} messages, from the pods' logs; none was sent, and only their headers were kept",
            mail.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `work` with a client for the current kubeconfig context, turning
/// "no configuration" and "nothing answers" into errors that say so.
fn with_cluster<F, Fut, T>(work: F) -> Result<T>
where
    F: FnOnce(kube::Client) -> Fut,
    Fut: std::future::Future<Output = slipway_kube::Result<T>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the Kubernetes client")?;
    runtime.block_on(async move {
        let config = kube::Config::infer().await.context(
            "no Kubernetes cluster is configured: set KUBECONFIG or write ~/.kube/config (or run inside a cluster)",
        )?;
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config)
            .with_context(|| format!("setting up the client for {server}"))?;
        let version = tokio::time::timeout(std::time::Duration::from_secs(15), client.apiserver_version()).await;
        match version {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(anyhow::Error::new(e).context(format!("the cluster at {server} is not reachable")))
            }
            Err(_) => anyhow::bail!("the cluster at {server} did not answer within 15 s"),
        }
        Ok(work(client).await?)
    })
}
