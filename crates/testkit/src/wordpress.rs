//! A WordPress site of our own: core from Debian's package, our own
//! `wp-config.php` and `wp-content`, installed and filled through
//! WordPress' own PHP functions.

use crate::components::Components;
use crate::mariadb::MariaDb;
use crate::process::run_text;
use anyhow::{bail, Context, Result};
use rand::distributions::{Alphanumeric, DistString};
use serde_json::Value;
pub use slipway_local::php_quote;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

const RUNNER: &str = include_str!("php/runner.php");
const INSTALLER: &str = include_str!("php/install.php");
/// Shared with the quickstart, which fills its demo site with it.
const CONTENT: &str = include_str!("../../../examples/demo-content.php");
const WOOCOMMERCE: &str = include_str!("php/woocommerce.php");
const MU_PLUGIN: &str = include_str!("php/mu-plugin.php");

/// A WordPress site directory connected to a [`MariaDb`] database.
///
/// Its core comes from the WordPress core directory ([`Components`]):
/// `wp-includes` and `wp-admin`'s asset and include directories are
/// symbolic links, the PHP entry points are copies, and `wp-config.php` and
/// `wp-content` are the site's own. WordPress reads its address from the
/// `home` and `siteurl` options, as on a real host, so a database whose URLs
/// were rewritten shows the new address.
///
/// The site keeps working only while its [`MariaDb`] runs.
#[derive(Debug)]
pub struct WordPressSite {
    dir: PathBuf,
    db_name: String,
    url: String,
    php: PathBuf,
    content: Option<SampleContent>,
    // The runner script and the code files handed to it.
    scripts: TempDir,
}

/// A post or page created by [`WordPressSite::add_sample_content`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamplePost {
    /// The post ID (`/?p=ID` shows a published post).
    pub id: u64,
    /// `post`, `page`, …
    pub post_type: String,
    /// `publish`, `draft`, …
    pub status: String,
    /// The title as stored.
    pub title: String,
}

/// A user created by [`WordPressSite::add_sample_content`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleUser {
    /// The user ID.
    pub id: u64,
    /// The login name.
    pub login: String,
    /// The e-mail address.
    pub email: String,
}

/// What [`WordPressSite::add_sample_content`] created, by ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleContent {
    /// Posts and pages, published and draft.
    pub posts: Vec<SamplePost>,
    /// Users besides the administrator.
    pub users: Vec<SampleUser>,
    /// Comment IDs, including a reply, a pingback and a spam comment.
    pub comments: Vec<u64>,
    /// The uploaded image's attachment ID.
    pub attachment: u64,
    /// The classic navigation menu's term ID.
    pub menu: u64,
}

impl SampleContent {
    /// The published posts of type `post`.
    pub fn published_posts(&self) -> impl Iterator<Item = &SamplePost> {
        self.posts
            .iter()
            .filter(|p| p.post_type == "post" && p.status == "publish")
    }
}

/// What [`WordPressSite::add_woocommerce_data`] created, by ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WooCommerceData {
    /// Order IDs: `shop_order` posts and the same IDs in `wp_wc_orders`.
    pub orders: Vec<u64>,
    /// `session_key`s of the rows in `wp_woocommerce_sessions`.
    pub sessions: Vec<String>,
    /// Product post IDs.
    pub products: Vec<u64>,
}

impl WordPressSite {
    /// Builds a site in `dir` on database `db_name` (created if missing),
    /// installs WordPress at address `url` (title "Boutique Exemple",
    /// administrator `admin` with e-mail `admin@` the site's host), and fills
    /// it with [`add_sample_content`](WordPressSite::add_sample_content).
    pub fn install(db: &MariaDb, db_name: &str, url: &str, dir: &Path) -> Result<WordPressSite> {
        let mut site = WordPressSite::install_bare(db, db_name, url, dir)?;
        site.add_sample_content()?;
        Ok(site)
    }

    /// [`WordPressSite::install`] without the sample content: what the
    /// WordPress installer creates and nothing else.
    pub fn install_bare(
        db: &MariaDb,
        db_name: &str,
        url: &str,
        dir: &Path,
    ) -> Result<WordPressSite> {
        let host = host_of(url)?;
        let components = Components::find()?;
        db.ensure_database(db_name)?;
        let site = WordPressSite::build(&components, db, db_name, url, dir)?;
        let installer = site.scripts.path().join("install.php");
        std::fs::write(&installer, INSTALLER).context("writing the installer script")?;
        let password = Alphanumeric.sample_string(&mut rand::thread_rng(), 20);
        let out = site
            .run_php(
                &installer,
                &[url, "Boutique Exemple", &format!("admin@{host}"), &password],
            )
            .with_context(|| format!("installing WordPress at {url} in {}", dir.display()))?;
        let installed = parse_json(&out, "the installer")?;
        let installed_at = installed["url"].as_str().map(|u| u.trim_end_matches('/'));
        if installed_at != Some(url.trim_end_matches('/')) {
            bail!(
                "WordPress was installed at {} instead of {url}",
                installed["url"]
            );
        }
        Ok(site)
    }

    /// Builds a site in `dir` for database `db_name`, which already holds a
    /// WordPress site (loaded from a dump, say); nothing is installed. Its
    /// address is whatever the database's `home` option says.
    pub fn open(db: &MariaDb, db_name: &str, dir: &Path) -> Result<WordPressSite> {
        let components = Components::find()?;
        let mut site = WordPressSite::build(&components, db, db_name, "", dir)?;
        let home = site
            .php("echo get_option('home');")
            .with_context(|| format!("reading the address of the site in database {db_name}"))?;
        site.url = home.trim().to_string();
        Ok(site)
    }

    /// The site directory (the web server's document root).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The site's address as installed, or as the `home` option said when it
    /// was opened.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database the site uses.
    pub fn db_name(&self) -> &str {
        &self.db_name
    }

    /// What [`add_sample_content`](WordPressSite::add_sample_content) created,
    /// if it ran on this value.
    pub fn content(&self) -> Option<&SampleContent> {
        self.content.as_ref()
    }

    /// Runs PHP `code` (statements; the opening `<?php` may be left out)
    /// with WordPress loaded, at global scope as a plugin file runs, and
    /// returns what it printed. A fatal error or a non-zero `exit` is an
    /// error quoting PHP's messages.
    ///
    /// Text from Rust goes into the code safely with [`php_quote`].
    pub fn php(&self, code: &str) -> Result<String> {
        let mut file = tempfile::Builder::new()
            .prefix("code-")
            .suffix(".php")
            .tempfile_in(self.scripts.path())
            .context("creating a PHP code file")?;
        // Whole script files (which open with the tag) are accepted as well.
        if !code.trim_start().starts_with("<?php") {
            file.write_all(b"<?php\n")?;
        }
        file.write_all(code.as_bytes())?;
        file.flush()?;
        let path = file.path().to_path_buf();
        let code_file = path.to_string_lossy().into_owned();
        self.run_php(
            &self.scripts.path().join("runner.php"),
            &[&code_file, &self.url],
        )
    }

    /// Adds the content a real site accumulates, created through WordPress'
    /// functions so it is stored as WordPress stores it: posts and pages with
    /// Gutenberg blocks holding absolute links to the site (plain,
    /// JSON-escaped `https:\/\/…`, `\u0026`-escaped, URL-encoded
    /// `https%3A%2F%2F…`), an image in uploads with generated sizes,
    /// multibyte text (é, 日本語, emoji), a revision and a draft; a navigation
    /// menu with custom links; widgets, theme modifications and plugin options
    /// that are serialized arrays and objects with URLs; postmeta that is
    /// serialized, double-serialized, JSON and multi-line; users with names,
    /// e-mail addresses and a login session; comments with e-mail and IP
    /// addresses (IPv4 and IPv6); and an option holding an object of a class
    /// WordPress does not know.
    pub fn add_sample_content(&mut self) -> Result<&SampleContent> {
        let out = self
            .php(CONTENT)
            .with_context(|| format!("adding sample content to the site at {}", self.url))?;
        let content = parse_sample_content(&out)?;
        Ok(self.content.insert(content))
    }

    /// Adds WooCommerce-shaped data without WooCommerce: customers with
    /// billing and shipping details, products, orders both as `shop_order`
    /// posts with postmeta (`_billing_email`, `_billing_phone`,
    /// `_customer_ip_address`, …), order items and order notes, and in the
    /// HPOS tables (`wp_wc_orders`, `wp_wc_order_addresses`,
    /// `wp_wc_order_operational_data`, `wp_wc_orders_meta`), plus
    /// `wp_wc_customer_lookup` and `wp_woocommerce_sessions` (whose
    /// serialized `session_value` holds a serialized `customer`). The tables
    /// have WooCommerce's own column layouts.
    pub fn add_woocommerce_data(&self) -> Result<WooCommerceData> {
        let out = self
            .php(WOOCOMMERCE)
            .with_context(|| format!("adding WooCommerce data to the site at {}", self.url))?;
        parse_woocommerce_data(&out)
    }

    fn build(
        components: &Components,
        db: &MariaDb,
        db_name: &str,
        url: &str,
        dir: &Path,
    ) -> Result<WordPressSite> {
        build_tree(&components.wordpress, dir)
            .with_context(|| format!("building a WordPress site in {}", dir.display()))?;
        std::fs::write(dir.join("wp-config.php"), wp_config(db, db_name))
            .context("writing wp-config.php")?;
        let scripts = tempfile::Builder::new()
            .prefix("slipway-wp-scripts-")
            .tempdir()
            .context("creating a directory for PHP scripts")?;
        std::fs::write(scripts.path().join("runner.php"), RUNNER)
            .context("writing the PHP runner")?;
        Ok(WordPressSite {
            dir: dir.to_path_buf(),
            db_name: db_name.to_string(),
            url: url.to_string(),
            php: components.php.clone(),
            content: None,
            scripts,
        })
    }

    /// Runs a PHP script with the site directory as its first argument.
    fn run_php(&self, script: &Path, args: &[&str]) -> Result<String> {
        let mut php = Command::new(&self.php);
        php.args(["-d", "display_errors=stderr", "-d", "log_errors=0"])
            .arg(script)
            .arg(&self.dir)
            .args(args)
            .current_dir(&self.dir);
        run_text(&mut php, None)
    }
}

fn host_of(url: &str) -> Result<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .with_context(|| format!("site address {url:?} must start with http:// or https://"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.split(':').next().unwrap_or_default();
    if host.is_empty() {
        bail!("site address {url:?} has no host");
    }
    Ok(host)
}

/// Lays out a site directory as the local runtime lays out an instance
/// ([`slipway_local::link_core`]), with the kit's must-use plugin and an
/// uploads directory.
fn build_tree(core: &Path, dir: &Path) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!("{} is not empty", dir.display());
    }
    slipway_local::link_core(core, dir)?;
    let content = dir.join("wp-content");
    for sub in ["mu-plugins", "uploads"] {
        std::fs::create_dir_all(content.join(sub))?;
    }
    std::fs::write(content.join("mu-plugins/slipway-testkit.php"), MU_PLUGIN)?;
    Ok(())
}

/// The site's configuration: the database over TCP with the application
/// account, fresh salts, and nothing that reaches outside the machine.
fn wp_config(db: &MariaDb, db_name: &str) -> String {
    let mut rng = rand::thread_rng();
    let salts: String = [
        "AUTH_KEY",
        "SECURE_AUTH_KEY",
        "LOGGED_IN_KEY",
        "NONCE_KEY",
        "AUTH_SALT",
        "SECURE_AUTH_SALT",
        "LOGGED_IN_SALT",
        "NONCE_SALT",
    ]
    .iter()
    .map(|name| {
        format!(
            "define('{name}', '{}');\n",
            Alphanumeric.sample_string(&mut rng, 64)
        )
    })
    .collect();
    format!(
        "<?php\n\
         // A throwaway test site; written by slipway-testkit.\n\
         define('DB_NAME', {name});\n\
         define('DB_USER', {user});\n\
         define('DB_PASSWORD', {password});\n\
         define('DB_HOST', '127.0.0.1:{port}');\n\
         define('DB_CHARSET', 'utf8mb4');\n\
         define('DB_COLLATE', '');\n\
         {salts}\
         $table_prefix = 'wp_';\n\
         define('WP_DEBUG', false);\n\
         define('DISABLE_WP_CRON', true);\n\
         define('AUTOMATIC_UPDATER_DISABLED', true);\n\
         define('WP_AUTO_UPDATE_CORE', false);\n\
         define('WP_HTTP_BLOCK_EXTERNAL', true);\n\
         if (!defined('ABSPATH')) {{\n    define('ABSPATH', __DIR__ . '/');\n}}\n\
         require_once ABSPATH . 'wp-settings.php';\n",
        name = php_quote(db_name),
        user = php_quote(db.user()),
        password = php_quote(db.password()),
        port = db.port(),
    )
}

fn parse_json(out: &str, what: &str) -> Result<Value> {
    serde_json::from_str(out.trim())
        .with_context(|| format!("{what} printed {out:?}, not its JSON summary"))
}

fn id(value: &Value, what: &str) -> Result<u64> {
    value
        .as_u64()
        .with_context(|| format!("{what} is {value}, not an ID"))
}

fn text(value: &Value, what: &str) -> Result<String> {
    value
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("{what} is {value}, not a string"))
}

fn array<'a>(value: &'a Value, what: &str) -> Result<&'a Vec<Value>> {
    value
        .as_array()
        .with_context(|| format!("{what} is {value}, not a list"))
}

fn parse_sample_content(out: &str) -> Result<SampleContent> {
    let v = parse_json(out, "the sample content script")?;
    let posts = array(&v["posts"], "posts")?
        .iter()
        .map(|p| {
            Ok(SamplePost {
                id: id(&p["id"], "post id")?,
                post_type: text(&p["type"], "post type")?,
                status: text(&p["status"], "post status")?,
                title: text(&p["title"], "post title")?,
            })
        })
        .collect::<Result<_>>()?;
    let users = array(&v["users"], "users")?
        .iter()
        .map(|u| {
            Ok(SampleUser {
                id: id(&u["id"], "user id")?,
                login: text(&u["login"], "user login")?,
                email: text(&u["email"], "user email")?,
            })
        })
        .collect::<Result<_>>()?;
    let comments = array(&v["comments"], "comments")?
        .iter()
        .map(|c| id(c, "comment id"))
        .collect::<Result<_>>()?;
    Ok(SampleContent {
        posts,
        users,
        comments,
        attachment: id(&v["attachment"], "attachment id")?,
        menu: id(&v["menu"], "menu id")?,
    })
}

fn parse_woocommerce_data(out: &str) -> Result<WooCommerceData> {
    let v = parse_json(out, "the WooCommerce data script")?;
    Ok(WooCommerceData {
        orders: array(&v["orders"], "orders")?
            .iter()
            .map(|o| id(o, "order id"))
            .collect::<Result<_>>()?,
        sessions: array(&v["sessions"], "sessions")?
            .iter()
            .map(|s| text(s, "session key"))
            .collect::<Result<_>>()?,
        products: array(&v["products"], "products")?
            .iter()
            .map(|p| id(p, "product id"))
            .collect::<Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_quote_escapes_quotes_and_backslashes() {
        assert_eq!(php_quote(r"it's a \ test"), r"'it\'s a \\ test'");
        assert_eq!(php_quote("日本"), "'日本'");
    }

    #[test]
    fn hosts_are_taken_from_site_addresses() {
        assert_eq!(
            host_of("https://shop.example.com").unwrap(),
            "shop.example.com"
        );
        assert_eq!(host_of("http://a.test:8080/blog").unwrap(), "a.test");
        assert!(host_of("ftp://x").is_err());
        assert!(host_of("http://").is_err());
    }

    #[test]
    fn a_site_tree_copies_entry_points_and_links_the_rest() {
        let core = tempfile::tempdir().unwrap();
        let c = core.path();
        for d in [
            "wp-includes",
            "wp-admin/includes",
            "wp-admin/css",
            "wp-admin/network",
            "wp-content/themes/t1",
            "wp-content/plugins/p1",
        ] {
            std::fs::create_dir_all(c.join(d)).unwrap();
        }
        for f in [
            "index.php",
            "wp-load.php",
            "wp-config.php",
            "wp-admin/admin.php",
            "wp-admin/network/index.php",
            "wp-includes/version.php",
        ] {
            std::fs::write(c.join(f), f).unwrap();
        }
        let site_parent = tempfile::tempdir().unwrap();
        let site = site_parent.path().join("site");
        build_tree(c, &site).unwrap();

        let is_link = |p: &str| {
            std::fs::symlink_metadata(site.join(p))
                .unwrap()
                .file_type()
                .is_symlink()
        };
        assert!(is_link("wp-includes"));
        assert!(is_link("wp-admin/includes"));
        assert!(!is_link("wp-admin"));
        assert!(!is_link("wp-admin/admin.php"));
        assert!(!is_link("wp-admin/network/index.php"));
        assert!(!is_link("wp-load.php"));
        assert!(is_link("wp-content/themes/t1"));
        assert!(is_link("wp-content/plugins/p1"));
        assert!(site.join("wp-content/uploads").is_dir());
        assert!(site
            .join("wp-content/mu-plugins/slipway-testkit.php")
            .is_file());
        assert!(
            !site.join("wp-config.php").exists(),
            "Debian's wp-config.php must not be used"
        );
        assert_eq!(
            std::fs::read_to_string(site.join("wp-includes/version.php")).unwrap(),
            "wp-includes/version.php"
        );

        assert!(
            build_tree(c, &site).is_err(),
            "a non-empty directory is refused"
        );
    }

    #[test]
    fn summaries_that_are_not_json_are_errors() {
        assert!(parse_sample_content("Fatal error").is_err());
        assert!(parse_sample_content(r#"{"posts": 3}"#).is_err());
        assert!(
            parse_woocommerce_data(r#"{"orders": ["x"], "sessions": [], "products": []}"#).is_err()
        );
    }

    #[test]
    fn a_sample_content_summary_is_read() {
        let c = parse_sample_content(
            r#"{"posts":[{"id":5,"type":"post","status":"publish","title":"T"},{"id":6,"type":"post","status":"draft","title":"D"}],
                "users":[{"id":2,"login":"marie","email":"m@example.net"}],"comments":[1,2],"attachment":4,"menu":3,"navigation":9}"#,
        )
        .unwrap();
        assert_eq!(c.published_posts().map(|p| p.id).collect::<Vec<_>>(), [5]);
        assert_eq!(c.users[0].email, "m@example.net");
        assert_eq!(c.comments, [1, 2]);
    }
}
