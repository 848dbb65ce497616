//! The local runtime's commands: `up`, `down`, `status`, `site …`, `php`
//! and `cron`.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use slipway_catalog::Catalog;
use slipway_lifecycle::{ImportSite, NewSite, Platform, Secrets, ADMIN_PASSWORD};
use slipway_local::{Home, LocalRuntime};
use slipway_runtime::{NetworkMode, PhpIo, PhpRun, Runtime};

/// Where the default WordPress core comes from: Debian's `wordpress`
/// package.
pub(crate) const DEBIAN_CORE: &str = "/usr/share/wordpress";

/// `slipway site …`
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Create a site from WordPress core: its production environment, served
    /// at http://<name>.localhost:<port>.
    ///
    /// Example: slipway site create shop --title "The Shop"
    Create(CreateArgs),
    /// Take an existing WordPress (its files and a dump of its database)
    /// into slipway, moving its URLs to the new address.
    ///
    /// Example: slipway site import blog --files ./public_html --db blog.sql
    Import(ImportArgs),
    /// List sites and their environments.
    Ls {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one site: its environments, instances and how to log in.
    Show {
        /// The site.
        name: String,
        /// Print the administrator's password too.
        #[arg(long)]
        show_secrets: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a site with every environment, database and file.
    Rm {
        /// The site.
        name: String,
        /// Required: removing a site removes its production environment.
        #[arg(long)]
        force: bool,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
}

/// `slipway site create`
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The site's name: lower-case letters, digits and hyphens.
    name: String,
    /// The site title.
    #[arg(long)]
    title: Option<String>,
    /// The administrator's e-mail address.
    #[arg(long)]
    admin_email: Option<String>,
    /// Create a multisite network.
    #[arg(long, value_enum)]
    multisite: Option<NetworkArg>,
    /// WordPress core: a directory or a .zip (default: Debian's
    /// /usr/share/wordpress).
    #[arg(long, value_name = "PATH|ZIP")]
    core: Option<PathBuf>,
    /// Print the administrator's password.
    #[arg(long)]
    show_secrets: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway site import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The site's name in slipway.
    name: String,
    /// The WordPress directory (with wp-load.php and wp-content).
    #[arg(long, value_name = "DIR")]
    files: PathBuf,
    /// A dump of its database (mysqldump or mariadb-dump).
    #[arg(long, value_name = "DUMP.sql")]
    db: PathBuf,
    /// The address it was served at (default: the dump's `home` option).
    #[arg(long, value_name = "OLD_URL")]
    url: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// How a network addresses its sites.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NetworkArg {
    /// blog.site.localhost
    Subdomain,
    /// site.localhost/blog/
    Subdirectory,
}

/// `slipway php`
#[derive(Debug, Args)]
pub struct PhpArgs {
    /// The instance to run in: SITE or SITE/ENV.
    target: String,
    /// The PHP file to run, or - for standard input; arguments follow.
    #[arg(last = true, required = true, value_name = "FILE|- [ARGS]")]
    script: Vec<String>,
    /// Run at this address of the site (a network's subsite).
    #[arg(long)]
    url: Option<String>,
}

/// `slipway cron`
#[derive(Debug, Subcommand)]
pub enum CronCommand {
    /// Run the due WordPress scheduled events of every instance.
    Run {
        /// Keep running them every minute (what `slipway up` starts).
        #[arg(long)]
        every_minute: bool,
    },
}

fn open_runtime() -> Result<LocalRuntime> {
    let home = Home::from_env()?;
    let exe = std::env::current_exe().context("finding the slipway program")?;
    let cron = vec![
        exe.display().to_string(),
        "cron".to_string(),
        "run".to_string(),
        "--every-minute".to_string(),
    ];
    Ok(LocalRuntime::open(home, Some(cron))?)
}

/// The lifecycle over the local runtime of `$SLIPWAY_HOME`.
pub(crate) fn open_platform() -> Result<Platform<LocalRuntime>> {
    let runtime = open_runtime()?;
    let home = runtime.home().clone();
    let catalog = Catalog::open(&home.catalog())
        .with_context(|| format!("opening the catalog {}", home.catalog().display()))?;
    Ok(Platform::new(
        runtime,
        catalog,
        Secrets::new(home.secrets_dir()),
        home.instances_dir(),
    ))
}

/// `slipway up`
pub fn up() -> Result<ExitCode> {
    let runtime = open_runtime()?;
    runtime.services().up()?;
    print_status(&runtime, false)?;
    Ok(ExitCode::SUCCESS)
}

/// `slipway down`
pub fn down() -> Result<ExitCode> {
    let runtime = open_runtime()?;
    runtime.services().down()?;
    println!("all services stopped");
    Ok(ExitCode::SUCCESS)
}

/// `slipway status`
pub fn status(json: bool) -> Result<ExitCode> {
    let runtime = open_runtime()?;
    let healthy = print_status(&runtime, json)?;
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

fn print_status(runtime: &LocalRuntime, json: bool) -> Result<bool> {
    let statuses = runtime.services().status();
    let healthy = statuses
        .iter()
        .all(|s| s.health == slipway_runtime::Health::Healthy);
    if json {
        println!("{}", serde_json::to_string_pretty(&statuses)?);
        return Ok(healthy);
    }
    println!("{:<8} {:>8}  {:<10} address", "service", "pid", "health");
    for s in &statuses {
        let pid = s.pid.map_or("-".to_string(), |p| p.to_string());
        println!(
            "{:<8} {:>8}  {:<10} {}",
            s.service.name(),
            pid,
            s.health.to_string(),
            s.address
        );
    }
    println!("state directory: {}", runtime.home().root().display());
    Ok(healthy)
}

/// `slipway site …`
pub fn site(command: SiteCommand) -> Result<ExitCode> {
    let mut platform = open_platform()?;
    match command {
        SiteCommand::Create(args) => {
            let core = match args.core {
                Some(path) => resolve_core(&platform, &path)?,
                None => PathBuf::from(DEBIAN_CORE),
            };
            let created = platform.create_site(&NewSite {
                name: args.name.clone(),
                title: args.title,
                admin_email: args.admin_email,
                network: args.multisite.map(|m| match m {
                    NetworkArg::Subdomain => NetworkMode::Subdomain,
                    NetworkArg::Subdirectory => NetworkMode::Subdirectory,
                }),
                core,
            })?;
            let password = if args.show_secrets {
                Some(platform.secrets().read(&created.site, ADMIN_PASSWORD)?)
            } else {
                None
            };
            if args.json {
                let mut value = serde_json::to_value(&created)?;
                if let Some(password) = password {
                    value["admin_password"] = password.into();
                }
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!("created site {} at {}/", created.site, created.url);
                print_login(
                    &created.url,
                    created.admin_user.as_deref(),
                    password.as_deref(),
                    &created.site,
                );
            }
        }
        SiteCommand::Import(args) => {
            let created = platform.import_site(&ImportSite {
                name: args.name,
                files: args.files,
                dump: args.db,
                old_url: args.url,
            })?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&created)?);
            } else {
                println!("imported site {} at {}/", created.site, created.url);
                println!(
                    "log in at {}/wp-admin/ with the accounts the site had",
                    created.url
                );
            }
        }
        SiteCommand::Ls { json } => {
            let sites = platform.sites()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sites)?);
            } else if sites.is_empty() {
                println!("no sites yet; create one with `slipway site create NAME`");
            } else {
                println!(
                    "{:<24} {:<12} {:<12} {:<40} instance",
                    "site", "environment", "state", "address"
                );
                for site in &sites {
                    for env in &site.environments {
                        let state = env.state.as_ref().map_or("-", |s| s.as_str());
                        println!(
                            "{:<24} {:<12} {:<12} {:<40} {}",
                            site.name,
                            env.name,
                            state,
                            env.url,
                            env.instance.as_deref().unwrap_or("-")
                        );
                    }
                }
            }
        }
        SiteCommand::Show {
            name,
            show_secrets,
            json,
        } => {
            let site = platform
                .sites()?
                .into_iter()
                .find(|s| s.name == name)
                .with_context(|| format!("there is no site {name:?}; see `slipway site ls`"))?;
            let password_file = platform.secrets().path(&name, ADMIN_PASSWORD);
            let password = if show_secrets {
                platform.secrets().read(&name, ADMIN_PASSWORD).ok()
            } else {
                None
            };
            if json {
                let mut value = serde_json::to_value(&site)?;
                if password_file.exists() {
                    value["admin_user"] = slipway_lifecycle::ADMIN_USER.into();
                    value["admin_password_file"] = password_file.display().to_string().into();
                }
                if let Some(password) = password {
                    value["admin_password"] = password.into();
                }
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!("{} ({})", site.name, site.title);
                for env in &site.environments {
                    println!(
                        "  {:<12} {}/  instance {}",
                        env.name,
                        env.url,
                        env.instance.as_deref().unwrap_or("-")
                    );
                }
                if let Some(production) = site.environments.first() {
                    let admin = password_file
                        .exists()
                        .then_some(slipway_lifecycle::ADMIN_USER);
                    print_login(&production.url, admin, password.as_deref(), &name);
                }
            }
        }
        SiteCommand::Rm { name, force, yes } => {
            // Refused before asking, not after.
            platform.check_removal(&name, force)?;
            if !yes && !confirm(&format!("Remove site {name} with all its environments and data? Type its name to confirm: "), &name)? {
                bail!("not removed");
            }
            platform.remove_site(&name, force)?;
            println!("removed site {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_login(url: &str, admin: Option<&str>, password: Option<&str>, site: &str) {
    let Some(admin) = admin else { return };
    println!("log in at {url}/wp-admin/ as {admin}");
    match password {
        Some(password) => println!("password: {password}"),
        None => println!("password: `slipway site show {site} --show-secrets`"),
    }
}

/// Asks on the terminal; without one, there is nobody to ask and the answer
/// is no (use `--yes`).
fn confirm(question: &str, expected: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!("refusing to remove without confirmation: not a terminal; pass --yes");
    }
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(answer.trim() == expected)
}

/// A `--core` directory, or a zip extracted once into the state directory.
fn resolve_core(platform: &Platform<LocalRuntime>, path: &std::path::Path) -> Result<PathBuf> {
    if path.is_dir() {
        return Ok(path.to_path_buf());
    }
    if !path.is_file() {
        bail!("--core {}: no such directory or file", path.display());
    }
    let cores = platform.runtime().home().root().join("cores");
    Ok(slipway_lifecycle::core_zip::extract(path, &cores)?)
}

/// `slipway php`
pub fn php(args: PhpArgs) -> Result<ExitCode> {
    let platform = open_platform()?;
    let instance = platform.resolve(&args.target)?;
    let Some((script, rest)) = args.script.split_first() else {
        bail!("give a PHP file, or - for standard input");
    };
    // PHP from standard input is saved to a file first: the runner loads
    // WordPress before it runs the code.
    let mut stdin_file = None;
    let script_path = if script == "-" {
        let mut code = Vec::new();
        std::io::stdin()
            .read_to_end(&mut code)
            .context("reading PHP from standard input")?;
        let mut file = tempfile::Builder::new()
            .prefix("slipway-php-")
            .suffix(".php")
            .tempfile()
            .context("creating a file for the PHP code")?;
        if !String::from_utf8_lossy(&code)
            .trim_start()
            .starts_with("<?php")
        {
            file.write_all(b"<?php\n")?;
        }
        file.write_all(&code)?;
        file.flush()?;
        let path = file.path().to_path_buf();
        stdin_file = Some(file);
        path
    } else {
        std::fs::canonicalize(script).with_context(|| format!("cannot find {script}"))?
    };
    let out = platform.runtime().run_php(
        &instance.id,
        &PhpRun {
            script: &script_path,
            args: rest,
            load_wordpress: true,
            url: args.url.as_deref(),
            input: None,
            io: PhpIo::Inherit,
        },
    )?;
    drop(stdin_file);
    Ok(match out.status {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// `slipway cron run`
pub fn cron(command: CronCommand) -> Result<ExitCode> {
    let CronCommand::Run { every_minute } = command;
    let runtime = open_runtime()?;
    loop {
        // A release killed under its write freeze leaves production
        // refusing writes; this lifts it within a minute even if nobody
        // runs slipway again.
        match open_platform().and_then(|mut p| Ok(p.recover_releases()?)) {
            Ok(done) => done.iter().for_each(|line| eprintln!("{line}")),
            Err(e) => eprintln!("recovering interrupted releases: {e:#}"),
        }
        for (instance, outcome) in runtime.run_cron_once() {
            if let Err(e) = outcome {
                eprintln!("cron of instance {instance}: {e}");
            }
        }
        if !every_minute {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(Duration::from_secs(60));
    }
}
