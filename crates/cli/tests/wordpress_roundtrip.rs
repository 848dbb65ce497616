//! A real round trip: a real WordPress with content, dumped with
//! mariadb-dump, rewritten to a new domain and scrubbed by `slipway sql
//! transform`, loaded into MariaDB, serves its pages at the new domain with no
//! occurrence of the old one; every serialized value still unserializes in
//! PHP.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const OLD: &str = "http://shop.example.com";
const CORE: &str = "/usr/share/wordpress";

/// The components this test needs; in CI a missing one fails the test.
fn components_present() -> bool {
    let missing: Vec<&str> = [
        "/usr/sbin/mariadbd",
        "/usr/bin/mariadb-install-db",
        "/usr/bin/mariadb",
        "/usr/bin/mariadb-dump",
        "/usr/bin/php",
        CORE,
    ]
    .into_iter()
    .filter(|p| !Path::new(p).exists())
    .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!("missing {} (run scripts/install-deps)", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A private MariaDB server on a loopback port, stopped on drop.
struct MariaDb {
    child: Child,
    socket: PathBuf,
    port: u16,
}

impl MariaDb {
    fn start(dir: &Path) -> MariaDb {
        let data = dir.join("data");
        let socket = dir.join("mysqld.sock");
        let is_root = run(Command::new("id").arg("-u")).trim() == "0";
        let mut install = Command::new("mariadb-install-db");
        install
            .args([
                "--no-defaults",
                "--skip-test-db",
                "--auth-root-authentication-method=normal",
            ])
            .arg(format!("--datadir={}", data.display()));
        if is_root {
            install.arg("--user=root");
        }
        run(&mut install);
        let port = free_port();
        let mut server = Command::new("/usr/sbin/mariadbd");
        server
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
            .arg(format!("--log-error={}", dir.join("mysqld.err").display()))
            .arg(format!("--port={port}"))
            .args([
                "--bind-address=127.0.0.1",
                "--skip-grant-tables",
                "--innodb-buffer-pool-size=64M",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if is_root {
            server.arg("--user=root");
        }
        let child = server.spawn().expect("mariadbd starts");
        let db = MariaDb {
            child,
            socket,
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while db
            .client()
            .arg("-e")
            .arg("SELECT 1")
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            assert!(
                Instant::now() < deadline,
                "mariadbd did not answer: {}",
                std::fs::read_to_string(dir.join("mysqld.err")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        db
    }

    fn client(&self) -> Command {
        let mut c = Command::new("mariadb");
        c.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args(["-uroot", "--batch", "--skip-column-names"]);
        c
    }

    fn sql(&self, db: &str, sql: &str) -> String {
        run(self.client().arg(db).arg("-e").arg(sql))
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WordPress tree of its own (core copied from Debian's package) with a
/// wp-config.php for `db`.
fn site(dir: &Path, db: &MariaDb, name: &str, home: Option<&str>) -> PathBuf {
    let root = dir.join(name);
    run(Command::new("cp")
        .arg("-a")
        .arg(format!("{CORE}/."))
        .arg(&root));
    let _ = std::fs::remove_dir_all(root.join("wp-content/languages"));
    let home = home
        .map(|h| format!("define('WP_HOME', '{h}');\ndefine('WP_SITEURL', '{h}');\n"))
        .unwrap_or_default();
    let config = format!(
        "<?php\ndefine('DB_NAME', '{name}');\ndefine('DB_USER', 'root');\ndefine('DB_PASSWORD', '');\ndefine('DB_HOST', '127.0.0.1:{}');\n\
         define('DB_CHARSET', 'utf8mb4');\ndefine('DB_COLLATE', '');\n{home}$table_prefix = 'wp_';\ndefine('WP_DEBUG', false);\n\
         if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');\nrequire_once ABSPATH . 'wp-settings.php';\n",
        db.port
    );
    std::fs::write(root.join("wp-config.php"), config).expect("wp-config.php");
    db.sql("mysql", &format!("CREATE DATABASE IF NOT EXISTS `{name}`"));
    root
}

/// Runs PHP with WordPress loaded in `root`.
fn php(root: &Path, code: &str) -> String {
    let script = root.join("slipway-test.php");
    std::fs::write(
        &script,
        format!("<?php\n$_SERVER['HTTP_HOST'] = 'localhost';\n{code}\n"),
    )
    .expect("script");
    run(Command::new("php").arg(&script).current_dir(root))
}

const CONTENT: &str = r#"
define('WP_INSTALLING', true);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Shop', 'admin', 'owner@mail-provider.net', true, '', 'secret');
define('SLIPWAY_HOME', home_url());
$h = home_url();
$json = str_replace('/', '\/', $h);
$enc = rawurlencode($h);
$post = wp_insert_post(array(
  'post_title' => 'Café visit 日本 🎉', 'post_status' => 'publish', 'post_type' => 'post',
  'post_content' => "<!-- wp:paragraph -->\n<p>Read <a href=\"$h/about/\">about us</a> and share https://twitter.com/intent/tweet?url=$enc%2Fabout</p>\n<!-- /wp:paragraph -->\n<!-- wp:image {\"url\":\"$json\/wp-content\/uploads\/shop.jpg\"} -->\n<figure class=\"wp-block-image\"><img src=\"$h/wp-content/uploads/shop.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->\n<p>Post text that mentions s:5:\"hello\"; as code.</p>",
));
add_post_meta($post, 'gallery', array('items' => array(array('src' => "$h/wp-content/uploads/a.jpg", 'title' => 'élan'))));
add_post_meta($post, 'double', serialize(array('link' => "$h/double")));
update_option('slipway_widget', array('title' => 'Links', 'url' => "$h/contact", 'nested' => array('deep' => "$h/deep", 'json' => json_encode(array('u' => "$h/j")))));
global $wpdb;
$obj = 'O:12:"Shop_Banner_":2:{s:17:"' . "\0" . 'Shop_Banner_' . "\0" . 'url";s:' . strlen("$h/banner") . ':"' . "$h/banner" . '";s:6:"' . "\0*\0" . 'alt";s:4:"Sale";}';
$wpdb->insert($wpdb->options, array('option_name' => 'slipway_banner', 'option_value' => $obj, 'autoload' => 'no'));
$user = wp_insert_user(array('user_login' => 'jane', 'user_pass' => 'x', 'user_email' => 'jane.doe@mail-provider.net', 'first_name' => 'Jane', 'last_name' => 'Doe'));
wp_insert_comment(array('comment_post_ID' => $post, 'comment_author' => 'Bob Buyer', 'comment_author_email' => 'bob.buyer@mail-provider.net', 'comment_author_url' => 'https://bob-blog.net', 'comment_author_IP' => '81.2.69.160', 'comment_content' => "Great! Mail me at bob.buyer@mail-provider.net or see $h/about/", 'comment_approved' => 1));
echo $post;
"#;

fn get(port: u16, host: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("response");
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn a_rewritten_wordpress_serves_its_pages_at_the_new_domain() {
    if !components_present() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = MariaDb::start(dir.path());
    let old_site = site(dir.path(), &db, "shop", Some(OLD));
    let post_id: u64 = php(&old_site, CONTENT).trim().parse().expect("post id");

    let dump = dir.path().join("shop.sql");
    let dumped = run(Command::new("mariadb-dump")
        .arg("--no-defaults")
        .arg(format!("--socket={}", db.socket.display()))
        .args(["-uroot", "--single-transaction", "shop"]));
    std::fs::write(&dump, &dumped).expect("dump");
    if let Ok(sample) = std::env::var("SLIPWAY_WRITE_SAMPLE") {
        std::fs::write(sample, &dumped).expect("sample");
    }

    let port = free_port();
    let new_host = format!("staging.example.test:{port}");
    let new_url = format!("http://{new_host}");
    let out = dir.path().join("staging.sql");
    let report = run(Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args([
            "sql",
            "transform",
            "--json",
            "--preset",
            "wordpress",
            "--key",
        ])
        .arg("11".repeat(32))
        .arg("--map")
        .arg(format!("{OLD}={new_url}"))
        .arg(&dump)
        .arg("-o")
        .arg(&out));
    let report: serde_json::Value = serde_json::from_str(&report).expect("JSON report");
    assert!(
        report["totals"]["serialized_fixed"].as_u64() >= Some(3),
        "{report}"
    );
    assert_eq!(report["problem_count"], 0, "{report}");

    let new_site = site(dir.path(), &db, "staging", None);
    run(db
        .client()
        .arg("staging")
        .stdin(std::fs::File::open(&out).expect("output")));

    // Every serialized value still unserializes in PHP.
    let broken = php(
        &new_site,
        r#"
require __DIR__ . '/wp-load.php';
global $wpdb;
$values = array_merge($wpdb->get_col("SELECT option_value FROM $wpdb->options"), $wpdb->get_col("SELECT meta_value FROM $wpdb->postmeta"), $wpdb->get_col("SELECT meta_value FROM $wpdb->usermeta"));
$bad = 0; $checked = 0;
foreach ($values as $v) { if (is_serialized($v)) { $checked++; $u = @unserialize($v); if ($u === false && $v !== 'b:0;') { $bad++; echo "BROKEN: $v\n"; } if (is_string($u) && is_serialized($u) && @unserialize($u) === false) { $bad++; echo "BROKEN INNER: $u\n"; } } }
echo "checked=$checked bad=$bad";
"#,
    );
    assert!(broken.trim_end().ends_with("bad=0"), "{broken}");
    let banner = php(&new_site, "require __DIR__ . '/wp-load.php'; $o = get_option('slipway_banner'); echo get_class($o), ' ', json_encode((array) $o);");
    assert!(
        banner.contains("__PHP_Incomplete_Class") && banner.contains("staging.example.test"),
        "{banner}"
    );

    let old_domain_left = db.sql("staging", "SELECT COUNT(*) FROM wp_posts WHERE post_content LIKE '%shop.example.com%' OR post_content LIKE '%shop.example.com%'");
    assert_eq!(old_domain_left.trim(), "0");
    let options_left = db.sql(
        "staging",
        "SELECT COUNT(*) FROM wp_options WHERE option_value LIKE '%shop.example.com%'",
    );
    assert_eq!(options_left.trim(), "0");
    let dumped_new = std::fs::read_to_string(&out).expect("output");
    for secret in [
        "bob.buyer@mail-provider.net",
        "81.2.69.160",
        "jane.doe@mail-provider.net",
    ] {
        assert!(
            !dumped_new.contains(secret),
            "{secret} left in the scrubbed dump"
        );
    }

    let mut server = Command::new("php")
        .args(["-S", &format!("127.0.0.1:{port}"), "-t"])
        .arg(&new_site)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("php -S");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "php -S did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let pages = [
        ("/".to_string(), "Café visit"),
        (format!("/?p={post_id}"), "about us"),
    ];
    for (path, expected) in &pages {
        let (status, body) = get(port, &new_host, path);
        assert_eq!(status, 200, "{path}: {}", &body[..body.len().min(600)]);
        assert!(body.contains(expected), "{path} lacks {expected}");
        assert!(body.contains(&new_url), "{path} does not link to {new_url}");
        assert!(
            !body.contains("shop.example.com"),
            "{path} still names the old domain"
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}
