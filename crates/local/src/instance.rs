//! An instance on this machine: its directory, code tree, `wp-config.php`,
//! database and PHP-FPM pool.
//!
//! Layout of `instances/<id>/`:
//! - `htdocs/`: the document root. Core's PHP entry points are copies (PHP
//!   resolves symbolic links, and an entry point must find this instance's
//!   `wp-load.php` next to its real path); `wp-includes` and `wp-admin`'s
//!   include and asset directories link to the shared core tree; themes and
//!   plugins bundled with core are linked into the instance's own
//!   `wp-content`.
//! - `wp-config.php`: one level above the document root, where WordPress
//!   looks for it and where nginx cannot serve it; mode 0600.
//! - `log/`, `tmp/`: PHP's error log and temporary files.

use std::fmt::Write as _;
use std::os::unix::fs::symlink;
use std::path::Path;

use rand::distributions::{Alphanumeric, DistString};
use slipway_runtime::{php_quote, CodeSource, InstanceSpec, NetworkMode};

use crate::error::{Error, Result};
use crate::home::{create_private_dir, write_private};

/// The document root's name inside an instance's directory; nginx reads
/// the instance's name from the directory above it.
pub const DOCROOT: &str = "htdocs";

/// The object-cache drop-in installed in every instance.
pub const OBJECT_CACHE: &str = include_str!("php/object-cache.php");

/// slipway's must-use plugin, installed in every instance.
pub const MU_PLUGIN: &str = include_str!("php/mu-plugin.php");

/// Where the fence's plugin lives in an instance's code tree.
const FENCE_PLUGIN_PATH: &str = "wp-content/mu-plugins/slipway-fence.php";

/// Core directories reached only through `ABSPATH` or by URL: linked, not
/// copied.
const LINKED_CORE_DIRS: [&str; 5] = [
    "wp-includes",
    "wp-admin/includes",
    "wp-admin/css",
    "wp-admin/js",
    "wp-admin/images",
];

/// Files of a source tree that are never taken: the instance's
/// configuration is generated, and Debian's reads `/etc/wordpress`.
const SKIPPED_FILES: [&str; 2] = ["wp-config.php", "wp-config-sample.php"];

/// The salts and keys WordPress signs cookies and nonces with.
const SALTS: [&str; 8] = slipway_runtime::WORDPRESS_SALTS;

/// Paths the instance's configuration needs.
#[derive(Debug, Clone)]
pub struct ConfigPaths<'a> {
    /// MariaDB's socket.
    pub mariadb_socket: &'a Path,
    /// Redis' socket.
    pub redis_socket: &'a Path,
}

/// Builds the instance's code tree in `htdocs` from `source`; `htdocs` must
/// not exist yet.
pub fn build_tree(source: &CodeSource, htdocs: &Path) -> Result<()> {
    let built = match source {
        CodeSource::Core(core) => {
            check_core(core)?;
            build_from_core(core, htdocs)
        }
        CodeSource::Tree(tree) => {
            check_core(tree)?;
            copy_tree(tree, htdocs, Path::new(""))
        }
        CodeSource::Locked(locked) => crate::code::build_locked(locked, htdocs),
    };
    built?;
    let content = htdocs.join("wp-content");
    for sub in ["themes", "plugins", "mu-plugins", "uploads"] {
        create_dir(&content.join(sub))?;
    }
    std::fs::write(content.join("object-cache.php"), OBJECT_CACHE)
        .map_err(|e| Error::io("installing the object-cache drop-in", e))?;
    std::fs::write(content.join("mu-plugins").join("slipway.php"), MU_PLUGIN)
        .map_err(|e| Error::io("installing slipway's must-use plugin", e))?;
    Ok(())
}

fn check_core(core: &Path) -> Result<()> {
    if !core.join("wp-includes").join("version.php").is_file()
        || !core.join("wp-load.php").is_file()
    {
        return Err(Error::new(format!(
            "{} is not a WordPress tree (no wp-load.php and wp-includes/version.php)",
            core.display()
        )));
    }
    Ok(())
}

type TreeResult = Result<()>;

fn io_at(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let what = format!("{what} {}", path.display());
    move |e| Error::io(what, e)
}

/// Lays out a WordPress tree in `htdocs` from the core tree `core`: core's
/// PHP entry points copied, its include and asset directories linked, and
/// the themes and plugins core bundles linked into `wp-content`; core's
/// `wp-config.php` is left out.
pub fn link_core(core: &Path, htdocs: &Path) -> Result<()> {
    build_from_core(core, htdocs)
}

fn build_from_core(core: &Path, htdocs: &Path) -> TreeResult {
    std::fs::create_dir_all(htdocs).map_err(io_at("creating", htdocs))?;
    mirror_core(core, htdocs, Path::new(""))?;
    let content = htdocs.join("wp-content");
    for sub in ["themes", "plugins"] {
        let target = content.join(sub);
        std::fs::create_dir_all(&target).map_err(io_at("creating", &target))?;
        let source = core.join("wp-content").join(sub);
        let Ok(entries) = std::fs::read_dir(&source) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(io_at("reading", &source))?;
            if entry.path().is_dir() {
                symlink(entry.path(), target.join(entry.file_name()))
                    .map_err(io_at("linking", &entry.path()))?;
            }
        }
    }
    Ok(())
}

/// Copies core's files at `relative`, linking [`LINKED_CORE_DIRS`] and
/// leaving out `wp-content` and [`SKIPPED_FILES`].
fn mirror_core(core: &Path, site: &Path, relative: &Path) -> TreeResult {
    let dir = core.join(relative);
    for entry in std::fs::read_dir(&dir).map_err(io_at("reading", &dir))? {
        let entry = entry.map_err(io_at("reading", &dir))?;
        let rel = relative.join(entry.file_name());
        let rel_str = rel.to_string_lossy();
        if rel_str == "wp-content"
            || rel_str == ".htaccess"
            || SKIPPED_FILES.contains(&rel_str.as_ref())
        {
            continue;
        }
        let source = core.join(&rel);
        let target = site.join(&rel);
        if LINKED_CORE_DIRS.contains(&rel_str.as_ref()) {
            symlink(&source, &target).map_err(io_at("linking", &target))?;
        } else if source.is_dir() {
            std::fs::create_dir_all(&target).map_err(io_at("creating", &target))?;
            mirror_core(core, site, &rel)?;
        } else {
            std::fs::copy(&source, &target).map_err(io_at("copying", &source))?;
        }
    }
    Ok(())
}

/// Copies a whole WordPress tree (an imported site), keeping symbolic
/// links as links, leaving out its configuration and any object-cache
/// drop-in (the instance gets slipway's).
fn copy_tree(source_root: &Path, target_root: &Path, relative: &Path) -> TreeResult {
    let dir = source_root.join(relative);
    let target_dir = target_root.join(relative);
    std::fs::create_dir_all(&target_dir).map_err(io_at("creating", &target_dir))?;
    for entry in std::fs::read_dir(&dir).map_err(io_at("reading", &dir))? {
        let entry = entry.map_err(io_at("reading", &dir))?;
        let rel = relative.join(entry.file_name());
        let rel_str = rel.to_string_lossy();
        if SKIPPED_FILES.contains(&rel_str.as_ref()) || rel_str == "wp-content/object-cache.php" {
            continue;
        }
        let source = source_root.join(&rel);
        let target = target_root.join(&rel);
        let kind = entry.file_type().map_err(io_at("reading", &source))?;
        if kind.is_symlink() {
            let link = std::fs::read_link(&source).map_err(io_at("reading", &source))?;
            symlink(link, &target).map_err(io_at("linking", &target))?;
        } else if kind.is_dir() {
            copy_tree(source_root, target_root, &rel)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target).map_err(io_at("copying", &source))?;
        }
    }
    Ok(())
}

/// Generates a password: 32 characters from a CSPRNG (`rand`'s
/// `thread_rng` is one).
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
}

/// The instance's `wp-config.php`.
pub fn wp_config(spec: &InstanceSpec, db_password: &str, paths: &ConfigPaths<'_>) -> String {
    let mut c = String::new();
    let _ = writeln!(
        c,
        "<?php\n// Generated by slipway for instance {} ({}/{}); regenerated, not edited.",
        spec.id, spec.site, spec.environment
    );
    let define = |c: &mut String, name: &str, value: String| {
        let _ = writeln!(c, "define('{name}', {value});");
    };
    define(&mut c, "DB_NAME", php_quote(&spec.db_name));
    define(&mut c, "DB_USER", php_quote(&spec.db_user));
    define(&mut c, "DB_PASSWORD", php_quote(db_password));
    define(
        &mut c,
        "DB_HOST",
        php_quote(&format!("localhost:{}", paths.mariadb_socket.display())),
    );
    define(&mut c, "DB_CHARSET", php_quote("utf8mb4"));
    define(&mut c, "DB_COLLATE", php_quote(""));
    let mut rng = rand::thread_rng();
    for salt in SALTS {
        define(
            &mut c,
            salt,
            php_quote(&Alphanumeric.sample_string(&mut rng, 64)),
        );
    }
    let _ = writeln!(c, "$table_prefix = {};", php_quote(&spec.table_prefix));
    define(
        &mut c,
        "WP_ENVIRONMENT_TYPE",
        php_quote(spec.environment_type().as_str()),
    );
    c.push_str("// Code is immutable: installs, updates and the file editor are off.\n");
    define(&mut c, "DISALLOW_FILE_MODS", "true".into());
    define(&mut c, "DISALLOW_FILE_EDIT", "true".into());
    define(&mut c, "AUTOMATIC_UPDATER_DISABLED", "true".into());
    c.push_str("// Scheduled events run from slipway's cron service, not on page views.\n");
    define(&mut c, "DISABLE_WP_CRON", "true".into());
    define(&mut c, "SLIPWAY_INSTANCE", php_quote(&spec.id));
    define(
        &mut c,
        "SLIPWAY_REDIS_SOCKET",
        php_quote(&paths.redis_socket.display().to_string()),
    );
    define(
        &mut c,
        "SLIPWAY_CACHE_PREFIX",
        php_quote(&format!("{}:", spec.id)),
    );
    define(&mut c, "WP_DEBUG", "false".into());
    if spec.fence.is_some() {
        c.push_str(
            "// Fenced: mail is trapped, outgoing HTTP reaches only these hosts,\n\
             // search engines are kept out (mu-plugins/slipway-fence.php).\n",
        );
        define(&mut c, "SLIPWAY_FENCED", "true".into());
        define(&mut c, "WP_HTTP_BLOCK_EXTERNAL", "true".into());
        define(
            &mut c,
            "WP_ACCESSIBLE_HOSTS",
            php_quote(&fence_hosts(spec).join(",")),
        );
        define(
            &mut c,
            "SLIPWAY_FENCE_HOOKS",
            php_quote(&slipway_runtime::OUTGOING_HOOKS.join(",")),
        );
        define(
            &mut c,
            "SLIPWAY_FENCE_TEST_MODES",
            php_quote(&slipway_runtime::GatewayTestMode::encode_all()),
        );
        define(
            &mut c,
            "SLIPWAY_FENCE_OFFLINE_GATEWAYS",
            php_quote(&slipway_runtime::OFFLINE_GATEWAYS.join(",")),
        );
    }
    match spec.network {
        None => {
            define(&mut c, "WP_HOME", php_quote(&spec.url));
            define(&mut c, "WP_SITEURL", php_quote(&spec.url));
        }
        Some(mode) => {
            // A network's sites each have their own address, so WP_HOME
            // (which would override them all) is not set. The network is
            // switched on only once slipway's installer has created it.
            let authority = authority_of(&spec.url);
            c.push_str("define('WP_ALLOW_MULTISITE', true);\n");
            c.push_str("define('MULTISITE', !defined('SLIPWAY_INSTALLING'));\n");
            define(
                &mut c,
                "SUBDOMAIN_INSTALL",
                (mode == NetworkMode::Subdomain).to_string(),
            );
            define(&mut c, "DOMAIN_CURRENT_SITE", php_quote(authority));
            define(&mut c, "PATH_CURRENT_SITE", php_quote("/"));
            define(&mut c, "SITE_ID_CURRENT_SITE", "1".into());
            define(&mut c, "BLOG_ID_CURRENT_SITE", "1".into());
        }
    }
    c.push_str("if (!defined('ABSPATH')) {\n    define('ABSPATH', __DIR__ . '/htdocs/');\n}\n");
    c.push_str("require_once ABSPATH . 'wp-settings.php';\n");
    c
}

/// The hosts outgoing HTTP of a fenced instance may reach: its own (every
/// name under it for a subdomain network) and the fence's allowed hosts.
pub fn fence_hosts(spec: &InstanceSpec) -> Vec<String> {
    let authority = authority_of(&spec.url);
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
        .to_ascii_lowercase();
    let mut hosts = vec![host.clone()];
    if spec.network == Some(NetworkMode::Subdomain) {
        hosts.push(format!("*.{host}"));
    }
    for allowed in spec.fence.iter().flat_map(|f| &f.allowed_hosts) {
        let allowed = allowed.trim().to_ascii_lowercase();
        if !allowed.is_empty() && !hosts.contains(&allowed) {
            hosts.push(allowed);
        }
    }
    hosts
}

/// Installs the fence's plugin in a fenced instance's tree and removes it
/// from one that is not, so the code tree always matches the spec.
pub fn install_fence(spec: &InstanceSpec, htdocs: &Path) -> Result<()> {
    let path = htdocs.join(FENCE_PLUGIN_PATH);
    if spec.fence.is_some() {
        if std::fs::read(&path).ok().as_deref()
            != Some(slipway_runtime::FENCE_PLUGIN_PHP.as_bytes())
        {
            std::fs::write(&path, slipway_runtime::FENCE_PLUGIN_PHP)
                .map_err(|e| Error::io(format!("installing {}", path.display()), e))?;
        }
    } else if path.exists() {
        std::fs::remove_file(&path)
            .map_err(|e| Error::io(format!("removing {}", path.display()), e))?;
    }
    Ok(())
}

/// `host[:port]` of an `http(s)://` address.
pub fn authority_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.split('/').next().unwrap_or(rest)
}

/// Creates the instance's private directories.
pub fn create_dirs(dir: &Path) -> Result<()> {
    for sub in ["", "log", "tmp"] {
        create_private_dir(&dir.join(sub))?;
    }
    Ok(())
}

/// Writes `wp-config.php` (mode 0600: it holds the database password).
pub fn write_config(dir: &Path, config: &str) -> Result<()> {
    write_private(&dir.join("wp-config.php"), config.as_bytes())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(network: Option<NetworkMode>) -> InstanceSpec {
        InstanceSpec {
            id: "shop-production-1".into(),
            site: "shop".into(),
            environment: "production".into(),
            url: "http://shop.localhost:8080".into(),
            db_name: "shop_production_1".into(),
            db_user: "shop_production_1".into(),
            table_prefix: "wp_".into(),
            network,
            code: CodeSource::Core("/usr/share/wordpress".into()),
            fence: None,
        }
    }

    fn staging(network: Option<NetworkMode>) -> InstanceSpec {
        InstanceSpec {
            id: "shop-staging-2".into(),
            environment: "staging".into(),
            url: "http://staging.shop.localhost:8080".into(),
            fence: Some(slipway_runtime::Fence {
                allowed_hosts: vec!["API.partner.test".into()],
            }),
            ..spec(network)
        }
    }

    fn paths() -> ConfigPaths<'static> {
        ConfigPaths {
            mariadb_socket: Path::new("/s/run/mariadb.sock"),
            redis_socket: Path::new("/s/run/redis.sock"),
        }
    }

    #[test]
    fn a_single_site_config_pins_its_address_and_locks_its_code() {
        let c = wp_config(&spec(None), "pa'ss", &paths());
        assert!(c.contains("define('DB_PASSWORD', 'pa\\'ss');"));
        assert!(c.contains("define('DB_HOST', 'localhost:/s/run/mariadb.sock');"));
        assert!(c.contains("define('WP_HOME', 'http://shop.localhost:8080');"));
        assert!(c.contains("define('DISALLOW_FILE_MODS', true);"));
        assert!(c.contains("define('DISABLE_WP_CRON', true);"));
        assert!(c.contains("define('WP_ENVIRONMENT_TYPE', 'production');"));
        assert!(c.contains("define('SLIPWAY_CACHE_PREFIX', 'shop-production-1:');"));
        assert!(!c.contains("MULTISITE"));
        assert!(!c.contains("FENCED") && !c.contains("WP_HTTP_BLOCK_EXTERNAL"));
        // Fresh salts every time.
        assert_ne!(c, wp_config(&spec(None), "pa'ss", &paths()));
    }

    #[test]
    fn a_network_config_names_its_domain_with_the_port() {
        let c = wp_config(&spec(Some(NetworkMode::Subdomain)), "p", &paths());
        assert!(c.contains("define('DOMAIN_CURRENT_SITE', 'shop.localhost:8080');"));
        assert!(c.contains("define('SUBDOMAIN_INSTALL', true);"));
        assert!(!c.contains("WP_HOME"));
    }

    #[test]
    fn a_fenced_config_reaches_only_its_own_hosts() {
        let c = wp_config(&staging(Some(NetworkMode::Subdomain)), "p", &paths());
        assert!(c.contains("define('SLIPWAY_FENCED', true);"));
        assert!(c.contains("define('WP_HTTP_BLOCK_EXTERNAL', true);"));
        assert!(c.contains(
            "define('WP_ACCESSIBLE_HOSTS', 'staging.shop.localhost,*.staging.shop.localhost,api.partner.test');"
        ));
        assert!(c.contains("define('WP_ENVIRONMENT_TYPE', 'staging');"));
        assert!(c.contains("define('SLIPWAY_FENCE_HOOKS', 'wp_version_check,"));
        assert!(c.contains("define('SLIPWAY_FENCE_OFFLINE_GATEWAYS', 'bacs,cheque,cod');"));
    }

    #[test]
    fn the_fence_plugin_follows_the_spec() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("wp-content/mu-plugins")).unwrap();
        let plugin = dir.path().join(FENCE_PLUGIN_PATH);
        install_fence(&staging(None), dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&plugin).unwrap(),
            slipway_runtime::FENCE_PLUGIN_PHP
        );
        install_fence(&spec(None), dir.path()).unwrap();
        assert!(!plugin.exists());
    }

    #[test]
    fn a_tree_from_core_copies_entry_points_and_links_the_rest() {
        let core = tempfile::tempdir().unwrap();
        let c = core.path();
        for d in [
            "wp-includes",
            "wp-admin/includes",
            "wp-admin/network",
            "wp-content/themes/t1",
        ] {
            std::fs::create_dir_all(c.join(d)).unwrap();
        }
        for f in [
            "wp-load.php",
            "wp-config.php",
            "wp-admin/admin.php",
            "wp-includes/version.php",
        ] {
            std::fs::write(c.join(f), f).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let htdocs = out.path().join("htdocs");
        build_tree(&CodeSource::Core(c.to_path_buf()), &htdocs).unwrap();
        let is_link = |p: &str| {
            std::fs::symlink_metadata(htdocs.join(p))
                .unwrap()
                .file_type()
                .is_symlink()
        };
        assert!(is_link("wp-includes"));
        assert!(!is_link("wp-admin/admin.php"));
        assert!(is_link("wp-content/themes/t1"));
        assert!(!htdocs.join("wp-config.php").exists());
        assert!(htdocs.join("wp-content/uploads").is_dir());
        assert!(htdocs.join("wp-content/object-cache.php").is_file());

        let not_wp = tempfile::tempdir().unwrap();
        let err = build_tree(
            &CodeSource::Core(not_wp.path().to_path_buf()),
            &out.path().join("x"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("is not a WordPress tree"), "{err}");
    }
}
