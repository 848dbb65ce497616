//! The local runtime end to end, through the `slipway` binary as a user runs
//! it: real MariaDB, Redis, PHP-FPM, nginx and WordPress on loopback, each
//! test in its own state directory on its own ports.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_page, head, Slipway};
use slipway_testkit::{Components, MariaDb, WordPressSite};

#[test]
fn a_created_site_serves_its_title_and_keeps_its_data_across_down_and_up() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["up"]);
    let pids: Vec<u32> = ["mariadb", "redis", "php-fpm", "nginx"]
        .iter()
        .map(|n| s.pid(n))
        .collect();
    s.ok(&["up"]);
    let again: Vec<u32> = ["mariadb", "redis", "php-fpm", "nginx"]
        .iter()
        .map(|n| s.pid(n))
        .collect();
    assert_eq!(pids, again, "a second `up` starts nothing");

    let created = s.ok(&["site", "create", "harbour", "--title", "Harbour Café"]);
    assert!(
        created.contains(&format!("http://harbour.localhost:{}", s.port)),
        "{created}"
    );
    assert!(
        !created.contains("password: ") || created.contains("--show-secrets"),
        "{created}"
    );
    assert_page(&s.get(&s.host("harbour"), "/"), "Harbour Café");

    // The secret is kept private and shown only when asked.
    let password_file = s.home.path().join("secrets/harbour/admin-password");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&password_file).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    let password = std::fs::read_to_string(&password_file).unwrap();
    assert!(!s.ok(&["site", "show", "harbour"]).contains(password.trim()));
    assert!(s
        .ok(&["site", "show", "harbour", "--show-secrets"])
        .contains(password.trim()));
    let check = s.php(
        "harbour",
        &format!(
            "echo wp_check_password('{}', get_userdata(1)->user_pass) ? 'yes' : 'no';",
            password.trim()
        ),
    );
    assert_eq!(check, "yes");

    let id = s.php(
        "harbour",
        "echo wp_insert_post(array('post_title' => 'Kept across restarts', 'post_status' => 'publish', 'post_content' => 'Still here.'));",
    );
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["site", "ls", "--json"])).unwrap();
    assert_eq!(listed[0]["name"], "harbour");
    assert_eq!(listed[0]["environments"][0]["state"], "ready");

    s.ok(&["down"]);
    let status = s.run(&["status", "--json"]);
    assert_eq!(
        status.status.code(),
        Some(3),
        "status fails while services are down"
    );
    let statuses: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(
        statuses
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["health"] == "down"),
        "{statuses}"
    );

    s.ok(&["up"]);
    assert_page(
        &s.follow(&s.host("harbour"), &format!("/?p={id}")),
        "Kept across restarts",
    );
    assert!(s.run(&["status"]).status.success());
}

#[test]
fn anonymous_pages_are_cached_and_logged_in_pages_are_not() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["site", "create", "cached", "--title", "Cached Site"]);
    let host = s.host("cached");
    s.get(&host, "/");
    let second = s.get(&host, "/");
    assert_eq!(second.header("x-slipway-cache"), Some("HIT"));

    let cookie = s.php(
        "cached",
        "echo LOGGED_IN_COOKIE . '=' . wp_generate_auth_cookie(1, time() + 3600, 'logged_in');",
    );
    for _ in 0..2 {
        let page = s.get_with(&host, "/", &[("Cookie", &cookie)]);
        assert_eq!(page.header("x-slipway-cache"), Some("BYPASS"));
        // The toolbar is shown to logged-in users only.
        assert_page(&page, "wpadminbar");
    }
    let login = s.get(&host, "/wp-login.php");
    assert_eq!(login.status, 200);
    assert_ne!(login.header("x-slipway-cache"), Some("HIT"));
    assert_ne!(
        s.get(&host, "/wp-login.php").header("x-slipway-cache"),
        Some("HIT")
    );
}

/// Creates the subdomain network `net` ("Sub Network") with the subsite
/// `news` ("Harbour News").
fn subdomain_network(s: &Slipway) {
    s.ok(&[
        "site",
        "create",
        "net",
        "--multisite",
        "subdomain",
        "--title",
        "Sub Network",
    ]);
    let port = s.port;
    s.php(
        "net",
        &format!("$id = wpmu_create_blog('news.net.localhost:{port}', '/', 'Harbour News', 1); if (is_wp_error($id)) {{ echo $id->get_error_message(); exit(1); }}"),
    );
}

#[test]
fn multisite_networks_serve_their_subsites() {
    let Some(s) = Slipway::new() else { return };
    subdomain_network(&s);
    let port = s.port;
    assert_page(&s.get(&s.host("net"), "/"), "Sub Network");
    assert_page(
        &s.get(&format!("news.net.localhost:{port}"), "/"),
        "Harbour News",
    );

    s.ok(&[
        "site",
        "create",
        "dirs",
        "--multisite",
        "subdirectory",
        "--title",
        "Dir Network",
    ]);
    s.php(
        "dirs",
        &format!("$id = wp_insert_site(array('domain' => 'dirs.localhost:{port}', 'path' => '/shop/', 'title' => 'Dir Shop', 'user_id' => 1)); if (is_wp_error($id)) {{ echo $id->get_error_message(); exit(1); }}"),
    );
    assert_page(&s.get(&s.host("dirs"), "/"), "Dir Network");
    assert_page(&s.get(&s.host("dirs"), "/shop/"), "Dir Shop");
    assert_eq!(s.get(&s.host("dirs"), "/shop/wp-login.php").status, 200);
}

#[test]
fn an_imported_site_serves_at_its_new_address() {
    let Some(s) = Slipway::new() else { return };
    let Some(components) = Components::require() else {
        return;
    };
    // The site to import: a real WordPress with content, dumped with
    // mariadb-dump, as it would come from another host.
    let db = MariaDb::start_with(&components).unwrap();
    let tree = tempfile::tempdir().unwrap();
    let old = WordPressSite::install(
        &db,
        "old_site",
        "https://old.example.com",
        &tree.path().join("site"),
    )
    .unwrap();
    let post = old
        .content()
        .unwrap()
        .published_posts()
        .next()
        .unwrap()
        .clone();
    // A trigger a plugin made, as the old server's account (one that does
    // not exist here), and a counter it fills.
    db.sql(
        "old_site",
        "CREATE TABLE wp_comment_count (id INT PRIMARY KEY, n INT NOT NULL);
         INSERT INTO wp_comment_count VALUES (1, 0);
         CREATE DEFINER = 'wordpress'@'localhost' TRIGGER wp_count_comments AFTER INSERT ON wp_comments
           FOR EACH ROW UPDATE wp_comment_count SET n = n + 1 WHERE id = 1;",
    )
    .unwrap();
    let dump_dir = tempfile::tempdir().unwrap();
    let dump: PathBuf = dump_dir.path().join("old.sql");
    std::fs::write(&dump, db.dump("old_site").unwrap()).unwrap();
    assert!(String::from_utf8_lossy(&std::fs::read(&dump).unwrap())
        .contains("DEFINER=`wordpress`@`localhost`"));

    s.ok(&[
        "site",
        "import",
        "moved",
        "--files",
        path(old.dir()),
        "--db",
        path(&dump),
    ]);
    let home = s.get(&s.host("moved"), "/");
    assert_page(&home, "Boutique Exemple");
    // Every link to the old address now leads to the new one; only the
    // partner shop at old.example.com.au, another site, is still named.
    let page = home.text();
    for (at, _) in page.match_indices("://old.example.com") {
        let rest = &page[at + "://old.example.com".len()..];
        let around: String = page[at.saturating_sub(60)..].chars().take(120).collect();
        assert!(
            rest.starts_with(".au"),
            "a link to the old address is left: {around}"
        );
    }
    assert!(page.contains(&format!("http://moved.localhost:{}/", s.port)));
    let page = s.follow(&s.host("moved"), &format!("/?p={}", post.id));
    assert_page(&page, &post.title);
    // Serialized options survived the rewrite: the widgets still unserialize.
    let widgets = s.php(
        "moved",
        "echo is_array(get_option('widget_block')) ? 'array' : 'broken';",
    );
    assert_eq!(widgets, "array");
    let address = s.php("moved", "echo get_option('siteurl');");
    assert_eq!(address, format!("http://moved.localhost:{}", s.port));
    // The trigger is the site's own account's now, so comments are taken
    // (with the old server's definer every insert into wp_comments fails)
    // and it still counts them.
    let counted = s.php(
        "moved",
        "global $wpdb;
         $id = wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'After the move', 'comment_approved' => 1]);
         echo $id ? 'taken ' : 'refused: ' . $wpdb->last_error . ' ';
         echo $wpdb->get_var('SELECT n FROM wp_comment_count WHERE id = 1');",
    );
    assert_eq!(counted.trim(), "taken 1");
}

#[test]
fn killed_services_recover_with_nothing_lost() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["site", "create", "sturdy", "--title", "Sturdy Site"]);
    let id = s.php(
        "sturdy",
        "echo wp_insert_post(array('post_title' => 'Written before the crash', 'post_status' => 'publish'));",
    );
    for service in ["php-fpm", "nginx", "mariadb"] {
        let pid = s.pid(service);
        assert!(Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success());
        let status = s.run(&["status"]);
        assert_eq!(
            status.status.code(),
            Some(3),
            "{service} is seen down:\n{}",
            String::from_utf8_lossy(&status.stdout)
        );
        s.ok(&["up"]);
        assert!(
            s.run(&["status"]).status.success(),
            "everything is healthy after {service} was killed"
        );
        assert_page(
            &s.follow(&s.host("sturdy"), &format!("/?p={id}")),
            "Written before the crash",
        );
    }
    // All three at once.
    for service in ["php-fpm", "nginx", "mariadb"] {
        Command::new("kill")
            .args(["-9", &s.pid(service).to_string()])
            .status()
            .unwrap();
    }
    s.ok(&["up"]);
    assert_page(&s.get(&s.host("sturdy"), "/"), "Sturdy Site");
    assert_page(
        &s.follow(&s.host("sturdy"), &format!("/?p={id}")),
        "Written before the crash",
    );
}

#[test]
fn removing_a_site_needs_force_and_leaves_nothing() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["site", "create", "gone", "--title", "Soon Gone"]);
    let refused = s.run(&["site", "rm", "gone", "--yes"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    let unconfirmed = s.run(&["site", "rm", "gone", "--force"]);
    assert!(
        !unconfirmed.status.success(),
        "without a terminal and --yes nothing is removed"
    );
    assert_page(&s.get(&s.host("gone"), "/"), "Soon Gone");

    s.ok(&["site", "rm", "gone", "--force", "--yes"]);
    assert_eq!(s.get(&s.host("gone"), "/").status, 404);
    assert!(!s.home.path().join("instances/gone-production-1").exists());
    let databases = Command::new("mariadb")
        .arg(format!(
            "--socket={}",
            s.home.path().join("run/mariadb.sock").display()
        ))
        .args(["--batch", "--skip-column-names", "-e", "SHOW DATABASES"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&databases.stdout).contains("gone_production"));
    assert_eq!(s.ok(&["site", "ls", "--json"]).trim(), "[]");
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A plugin that answers `/?slipway-hello` with its version, which only an
/// active plugin does.
fn hello_plugin(version: &str) -> Vec<u8> {
    format!(
        "<?php\n/*\n * Plugin Name: Hello Slipway\n * Version: {version}\n */\nadd_action('init', function () {{\n    if (isset($_GET['slipway-hello'])) {{\n        header('Content-Type: text/plain');\n        echo 'Hello from plugin {version}';\n        exit;\n    }}\n}});\n"
    )
    .into_bytes()
}

/// Every file of a code tree with its contents as PHP sees them (links
/// followed), leaving out uploads.
fn code_files(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string();
            if rel == "wp-content/uploads" {
                continue;
            }
            if std::fs::metadata(entry.path()).unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

#[test]
fn locked_code_is_installed_served_reproduced_and_verified() {
    let Some(s) = Slipway::new() else { return };
    let directory = slipway_testkit::PackageDirectory::start().unwrap();
    directory.publish(
        "plugins",
        "hello-slipway",
        "1.0",
        &[("hello-slipway.php", &hello_plugin("1.0"))],
    );
    let v11 = directory.publish(
        "plugins",
        "hello-slipway",
        "1.1",
        &[("hello-slipway.php", &hello_plugin("1.1"))],
    );
    s.ok(&["site", "create", "dock", "--title", "Dock"]);
    let host = s.host("dock");
    let manifest = format!(
        "[kubernetes]\nreplicas = 2\n\n[directory]\nurl = \"{}\"\n\n[core]\nversion = \"6.1\"\npath = \"/usr/share/wordpress\"\n",
        directory.url()
    );
    let site_dir = s.home.path().join("sites/dock");
    std::fs::create_dir_all(&site_dir).unwrap();
    std::fs::write(site_dir.join("slipway.toml"), &manifest).unwrap();

    let added = s.ok(&[
        "plugin",
        "add",
        "dock",
        "hello-slipway",
        "--version",
        "=1.0",
    ]);
    assert!(added.contains("locked plugin hello-slipway 1.0"), "{added}");
    let text = std::fs::read_to_string(site_dir.join("slipway.toml")).unwrap();
    assert!(text.starts_with("[kubernetes]\nreplicas = 2\n"), "{text}");
    // A declared theme becomes active when the site's theme is not declared.
    directory.publish(
        "themes",
        "harbour",
        "1.0",
        &[
            ("style.css", b"/*\nTheme Name: Harbour\nVersion: 1.0\n*/"),
            (
                "index.php",
                b"<?php echo '<title>' . get_bloginfo('name') . '</title><p>Harbour theme</p>';",
            ),
        ],
    );
    s.ok(&["theme", "add", "dock", "harbour", "--version", "1.0"]);
    // The home page as the micro-cache keeps it for 10 s.
    assert_page(&s.get(&host, "/"), "Dock");
    assert_eq!(
        s.get(&host, "/").header("x-slipway-cache"),
        Some("HIT"),
        "the home page is cached before the install"
    );
    let installed = s.ok(&["install", "dock"]);
    assert!(
        installed.contains("activated hello-slipway/hello-slipway.php"),
        "{installed}"
    );
    assert!(installed.contains("activated theme harbour"), "{installed}");
    // At once, not when the cached page expires.
    assert_page(&s.get(&host, "/"), "Harbour theme");
    assert_eq!(s.php("dock", "echo get_stylesheet();").trim(), "harbour");
    assert_page(&s.get(&host, "/?slipway-hello"), "Hello from plugin 1.0");
    assert_page(&s.get(&host, "/"), "Dock");
    let clean = s.run(&["verify", "dock", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(clean.status.code(), Some(0), "{report}");
    assert_eq!(report["instances"][0]["drift"], serde_json::json!([]));
    assert!(
        report["instances"][0]["files_checked"].as_u64().unwrap() > 1000,
        "{report}"
    );

    // Allowing 1.1 keeps 1.0 locked until the plugin is updated; then the
    // site serves the new code.
    let updated = s.ok(&[
        "plugin",
        "add",
        "dock",
        "hello-slipway",
        "--version",
        "^1.0",
    ]);
    assert!(
        !updated.contains("locked plugin"),
        "1.0 still satisfies ^1.0: {updated}"
    );
    let updated = s.ok(&["plugin", "update", "dock", "hello-slipway"]);
    assert!(
        updated.contains("locked plugin hello-slipway 1.1 (was 1.0)"),
        "{updated}"
    );
    s.ok(&["install", "dock"]);
    // The same address as with 1.0, cached then.
    assert_page(&s.get(&host, "/?slipway-hello"), "Hello from plugin 1.1");

    // The lock alone reproduces the same tree in another state directory;
    // an archive that differs from the lock is refused there first.
    let Some(other) = Slipway::new() else { return };
    other.ok(&["site", "create", "dock", "--title", "Dock"]);
    let other_dir = other.home.path().join("sites/dock");
    std::fs::create_dir_all(&other_dir).unwrap();
    for file in ["slipway.toml", "slipway.lock"] {
        std::fs::copy(site_dir.join(file), other_dir.join(file)).unwrap();
    }
    let path = v11.strip_prefix(&directory.url()).unwrap().to_string();
    let genuine = slipway_testkit::zip_of(
        Some("hello-slipway"),
        &[("hello-slipway.php", &hello_plugin("1.1"))],
    );
    directory.serve(
        &path,
        slipway_testkit::zip_of(
            Some("hello-slipway"),
            &[("hello-slipway.php", b"<?php system($_GET['c']);")],
        ),
    );
    let refused = other.run(&["install", "dock"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains(&v11) && stderr.contains("sha256"),
        "{stderr}"
    );
    directory.serve(&path, genuine);
    other.ok(&["install", "dock"]);
    assert_page(
        &other.get(&other.host("dock"), "/?slipway-hello"),
        "Hello from plugin 1.1",
    );
    let tree = |s: &Slipway| {
        let listed: serde_json::Value =
            serde_json::from_str(&s.ok(&["site", "ls", "--json"])).unwrap();
        let instance = listed[0]["environments"][0]["instance"]
            .as_str()
            .unwrap()
            .to_string();
        s.home
            .path()
            .join("instances")
            .join(instance)
            .join("htdocs")
    };
    let (mine, theirs) = (code_files(&tree(&s)), code_files(&tree(&other)));
    assert_eq!(mine.len(), theirs.len());
    assert!(mine == theirs, "the two trees differ");

    // The lock materialized from the store by its sha256, as an instance's
    // init container does on Kubernetes: the instance's files (less what
    // the runtime adds), and WordPress runs from it with the site's
    // settings, the locked plugin and theme loaded from the new tree.
    let locked = s.ok(&["lock", "dock"]);
    let sha = locked
        .split("(sha256 ")
        .nth(1)
        .and_then(|rest| rest.get(..64))
        .unwrap_or_else(|| panic!("{locked}"))
        .to_string();
    let materialized = s.home.path().join("materialized");
    let config = tree(&s).parent().unwrap().join("wp-config.php");
    let store = s.home.path().join("store");
    let done = s.ok(&[
        "code",
        "materialize",
        "--store",
        store.to_str().unwrap(),
        "--lock",
        &sha,
        "--dest",
        materialized.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(done.contains("every one checked"), "{done}");
    let mut files = code_files(&materialized);
    assert!(files.remove("wp-config.php").is_some());
    assert_eq!(
        files.remove(".slipway-lock"),
        Some(format!("{sha}\n").into_bytes())
    );
    let mut expected = mine.clone();
    for runtime_file in slipway_local::RUNTIME_FILES {
        expected.remove(runtime_file);
    }
    assert_eq!(files.len(), expected.len());
    assert!(files == expected, "the materialized tree differs");
    let run = Command::new("php")
        .arg("-r")
        .arg(format!(
            "require '{}/wp-load.php'; require_once ABSPATH . 'wp-admin/includes/plugin.php'; echo get_bloginfo('name'), '|', WP_PLUGIN_DIR, '|', get_stylesheet(), '|', get_plugin_data(WP_PLUGIN_DIR . '/hello-slipway/hello-slipway.php')['Version'] ?? '';",
            materialized.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        format!(
            "Dock|{}/wp-content/plugins|harbour|1.1",
            materialized.display()
        ),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // A web shell in uploads and a changed core file are both reported.
    let htdocs = tree(&s);
    std::fs::create_dir_all(htdocs.join("wp-content/uploads/2026/12")).unwrap();
    std::fs::write(
        htdocs.join("wp-content/uploads/2026/12/cache.php"),
        "<?php eval($_REQUEST['x']);",
    )
    .unwrap();
    let core_file = htdocs.join("wp-includes/functions.php");
    let mut body = std::fs::read(&core_file).unwrap();
    body.extend_from_slice(b"\n/* injected */\n");
    std::fs::write(&core_file, body).unwrap();
    let drift = s.run(&["verify", "--all", "--json"]);
    assert_eq!(drift.status.code(), Some(3), "verify exits 3 on drift");
    let report: serde_json::Value = serde_json::from_slice(&drift.stdout).unwrap();
    let found: Vec<(String, String)> = report["instances"][0]["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "wp-content/uploads/2026/12/cache.php".into(),
            "code-in-uploads".into()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&("wp-includes/functions.php".into(), "modified".into())),
        "{found:?}"
    );
    let human = String::from_utf8_lossy(&s.run(&["verify", "dock"]).stdout).into_owned();
    assert!(
        human.contains("modified") && human.contains("wp-includes/functions.php"),
        "{human}"
    );
}

/// The repository's location and password, as the state directory keeps
/// them.
fn repository_of(s: &Slipway) -> (String, String) {
    let text = std::fs::read_to_string(s.home.path().join("repository.toml")).unwrap();
    let field = |name: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} = ")))
            .unwrap_or_else(|| panic!("no {name} in repository.toml:\n{text}"))
            .trim_matches('"')
            .to_string()
    };
    (field("location"), field("password"))
}

/// Creates the site `shop` ("Harbour Shop") with a post linking to its own
/// address, a customer's comment (name, email, IP) and an upload
/// (`chart.txt`); returns production's host and port.
fn harbour_shop(s: &Slipway) -> String {
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    let production = format!("shop.localhost:{}", s.port);
    s.php(
        "shop",
        &format!(
            "wp_insert_post(['post_title' => 'Tide tables', 'post_status' => 'publish', 'post_content' => '<a href=\"http://{production}/tides/\">tides</a>']);
             wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Lovely harbour', 'comment_author' => 'Jane Doe', 'comment_author_email' => 'jane.doe@customer.example', 'comment_author_IP' => '81.2.69.160', 'comment_approved' => 1]);
             $dir = wp_upload_dir(); wp_mkdir_p($dir['path']); file_put_contents($dir['path'] . '/chart.txt', 'high water 06:12');"
        ),
    );
    production
}

/// Every value (outside `guid`) of `target`'s database that still holds
/// production's address (`production`), the test customer's email or IP:
/// one `table.column: what` per line.
fn production_traces(s: &Slipway, target: &str, production: &str) -> String {
    s.php(
        target,
        &format!(
            "global $wpdb; $found = [];
             foreach ($wpdb->get_col('SHOW TABLES') as $t) {{
               foreach ($wpdb->get_results(\"SELECT * FROM `$t`\", ARRAY_A) as $row) {{
                 foreach ($row as $column => $value) {{
                   if ($column === 'guid' || $value === null) continue;
                   foreach (['//{production}', 'jane.doe@customer.example', '81.2.69.160'] as $needle) {{
                     if (strpos($value, $needle) !== false) $found[] = \"$t.$column: $needle\";
                   }}
                 }}
               }}
             }}
             echo implode(\"\\n\", $found);"
        ),
    )
}

#[test]
fn a_version_is_derived_into_a_database_given_only_its_connection() {
    // What a Kubernetes derive Job does: the repository, the database and
    // the keys come as files, with no state directory or catalog. Here the
    // database is another site's, so WordPress then serves the result.
    let Some(s) = Slipway::new() else { return };
    let production = harbour_shop(&s);
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    let version = drawn["version"].as_str().unwrap().to_string();
    s.ok(&["site", "create", "dock", "--title", "Dock"]);
    let dock = s.host("dock");

    // The database account as a mounted Secret gives it.
    let secrets = s.home.path().join("secrets-for-derive");
    let db = secrets.join("db");
    let database = s.connection_files("dock", &db);
    let (location, password) = repository_of(&s);
    std::fs::write(secrets.join("repository-password"), &password).unwrap();
    std::fs::write(secrets.join("scrub-key"), "5c".repeat(32)).unwrap();
    let uploads = s.php("dock", "echo wp_upload_dir()['basedir'];");
    let url = format!("http://{dock}");
    let password_file = secrets.join("repository-password");
    let key_file = secrets.join("scrub-key");
    let derive_with = |version: &str, extra: &[&str]| {
        let mut args = vec![
            "derive",
            "--repository",
            &location,
            "--password-file",
            password_file.to_str().unwrap(),
            "--version",
            version,
            "--url",
            &url,
            "--database",
            db.to_str().unwrap(),
            "--uploads",
            uploads.trim(),
            "--scrub-key-file",
            key_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        s.command(&args)
            .env_remove("SLIPWAY_HOME")
            .output()
            .unwrap()
    };
    let derive = |version: &str| derive_with(version, &[]);
    let missing = derive("shop-v9");
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("there is no version \"shop-v9\""),
        "{stderr}"
    );
    assert_eq!(s.php("dock", "echo get_option('blogname');").trim(), "Dock");

    // A run that restored `version`, and what it printed.
    let restored = |run: std::process::Output, version: &str| {
        let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
        assert!(
            run.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            stdout.contains(&format!("restored {version} into database {database}")),
            "{stdout}"
        );
        stdout
    };
    let stdout = restored(derive(&version), &version);
    assert!(
        stdout.contains(&format!("{production} → {dock}")),
        "{stdout}"
    );

    // Dock's WordPress now serves shop's content at dock's address, with
    // no trace of production's address outside `guid`, nor of the customer.
    s.php("dock", "wp_cache_flush();");
    assert_eq!(
        s.php("dock", "echo get_option('blogname');").trim(),
        "Harbour Shop"
    );
    // (Another address than the one the site's health check cached.)
    assert_page(&s.get(&dock, "/?after-derive"), "Tide tables");
    let post = s.php(
        "dock",
        "echo get_page_by_path('tide-tables', OBJECT, 'post')->post_content;",
    );
    assert_eq!(
        post.trim(),
        format!("<a href=\"http://{dock}/tides/\">tides</a>")
    );
    let leftovers = production_traces(&s, "dock", &production);
    assert_eq!(leftovers.trim(), "", "production data left in the copy");
    assert_eq!(
        s.php("dock", "echo get_comments(['count' => true]);")
            .trim(),
        "2",
        "the comment is there, scrubbed"
    );
    let subdir = s.php("shop", "echo ltrim(wp_upload_dir()['subdir'], '/');");
    let chart = s.get(
        &dock,
        &format!("/wp-content/uploads/{}/chart.txt", subdir.trim()),
    );
    assert_eq!(chart.status, 200);
    assert_eq!(chart.text(), "high water 06:12");
    // Production is as it was.
    assert_eq!(
        s.php(
            "shop",
            "echo get_comments(['search' => 'jane.doe@customer.example', 'count' => true]);"
        )
        .trim(),
        "1"
    );

    let written_on_the_copy = || {
        s.php(
            "dock",
            "echo get_comments(['search' => 'Written on the copy', 'count' => true]);",
        )
        .trim()
        .to_string()
    };
    // Run again (a Job whose pod changed): what the copy wrote since stays.
    s.php(
        "dock",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Written on the copy', 'comment_approved' => 1]);",
    );
    let again = derive(&version);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("holds {version} already; nothing restored")),
        "{stdout}"
    );
    assert_eq!(written_on_the_copy(), "1");

    // Its media moved (an instance's own, new and empty): the uploads go
    // there, and the database is still left alone.
    let uploads_dir = std::path::Path::new(uploads.trim());
    std::fs::remove_dir_all(uploads_dir).unwrap();
    std::fs::create_dir_all(uploads_dir).unwrap();
    let moved = derive(&version);
    let stdout = String::from_utf8_lossy(&moved.stdout);
    assert!(moved.status.success(), "{stdout}");
    assert!(stdout.contains("nothing restored"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(uploads_dir.join(subdir.trim()).join("chart.txt")).unwrap(),
        "high water 06:12"
    );
    assert_eq!(written_on_the_copy(), "1");

    // Another version (the derive Job of a changed `derive_from`): the
    // database holds one already and its instance may serve it, so nothing
    // is touched, neither the database nor the uploads, unless asked.
    s.php("shop", "update_option('blogname', 'Harbour Shop II');");
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    let newer = drawn["version"].as_str().unwrap().to_string();
    let refused = derive(&newer);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!(
            "holds {version}, restored whole; restoring {newer} over it"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--replace"), "{stderr}");
    assert_eq!(written_on_the_copy(), "1");
    assert_eq!(
        std::fs::read_to_string(uploads_dir.join(subdir.trim()).join("chart.txt")).unwrap(),
        "high water 06:12"
    );
    let blogname = || {
        s.php("dock", "wp_cache_flush(); echo get_option('blogname');")
            .trim()
            .to_string()
    };
    assert_eq!(blogname(), "Harbour Shop");

    restored(derive_with(&newer, &["--replace"]), &newer);
    assert_eq!(blogname(), "Harbour Shop II");
    assert_eq!(written_on_the_copy(), "0");
}

#[test]
fn a_database_is_carried_whole_into_another_and_waited_for() {
    // What a Kubernetes instance made as a copy of the serving one runs:
    // `slipway carry` copies the serving database whole, and `slipway carry
    // --wait` (its pods' last init container) succeeds only once it is in.
    let Some(s) = Slipway::new() else { return };
    harbour_shop(&s);
    s.ok(&["site", "create", "dock", "--title", "Dock"]);
    let secrets = s.home.path().join("secrets-for-carry");
    let (from, into) = (secrets.join("from"), secrets.join("db"));
    s.connection_files("shop", &from);
    let database = s.connection_files("dock", &into);
    let (from, into) = (from.to_str().unwrap(), into.to_str().unwrap());
    let carry = |args: &[&str]| {
        let out = s
            .command(&[&["carry"], args].concat())
            .env_remove("SLIPWAY_HOME")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let wait = [
        "--wait",
        "--database",
        into,
        "--timeout",
        "2",
        "--interval",
        "1",
    ];
    let (code, stdout, stderr) = carry(&wait);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("no copy is finished in it yet"), "{stdout}");
    assert!(
        stderr.contains(&format!("database {database} at"))
            && stderr.contains("holds no whole copy after 2s"),
        "{stderr}"
    );

    let (code, stdout, stderr) = carry(&["--from", from, "--database", into]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("copied database"), "{stdout}");
    let content = "wp_cache_flush(); echo get_option('blogname'), ' | ', implode(',', $GLOBALS['wpdb']->get_col('SELECT post_title FROM wp_posts WHERE post_status = \"publish\" ORDER BY ID')), ' | ', get_comments(['count' => true]);";
    assert_eq!(s.php("dock", content), s.php("shop", content));
    assert!(s.php("dock", content).starts_with("Harbour Shop | "));
    // Its pods wait on until the install Job has upgraded the copy to
    // their code, which marks it so last.
    let (code, stdout, stderr) = carry(&wait);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("is in; the install Job has not upgraded it yet"),
        "{stdout}"
    );
    s.php(
        "dock",
        "$GLOBALS['wpdb']->query('UPDATE `slipway_copy` SET upgraded = 1');",
    );
    let (code, stdout, stderr) = carry(&wait);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("holds a whole copy, upgraded"), "{stdout}");

    // Run again (a Job whose pod changed), it copies nothing over what the
    // copy has become.
    s.php(
        "shop",
        "wp_insert_post(['post_title' => 'Written after the copy', 'post_status' => 'publish']);",
    );
    let (code, stdout, stderr) = carry(&["--from", from, "--database", into]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("already; nothing copied"), "{stdout}");
    assert!(!s.php("dock", content).contains("Written after the copy"));
}

#[test]
fn a_derived_database_is_waited_for_until_it_is_restored_and_fenced() {
    // What a derived instance's web and wp-cron pods on Kubernetes run
    // before WordPress starts: `slipway derive --wait`, on the connection
    // files the derive Job reads, succeeds only once `slipway derive` has
    // restored the version whole and the database fence has run over it.
    let Some(s) = Slipway::new() else { return };
    harbour_shop(&s);
    let draw = |s: &Slipway| -> String {
        let drawn: serde_json::Value =
            serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
        drawn["version"].as_str().unwrap().to_string()
    };
    let first = draw(&s);
    // A fenced copy to derive into, as a Kubernetes staging database is.
    s.ok(&["env", "create", "shop/staging", "--from", &first]);
    let staging = format!("http://staging.shop.localhost:{}", s.port);

    let secrets = s.home.path().join("secrets-for-wait");
    let db = secrets.join("db");
    let database = s.connection_files("shop/staging", &db);
    let socket = std::fs::read_to_string(db.join("host")).unwrap();
    let socket = socket.trim();
    let (location, password) = repository_of(&s);
    std::fs::write(secrets.join("repository-password"), &password).unwrap();
    let derive = |version: &str| {
        let out = s
            .command(&[
                "derive",
                "--repository",
                &location,
                "--password-file",
                secrets.join("repository-password").to_str().unwrap(),
                "--version",
                version,
                "--url",
                &staging,
                "--database",
                db.to_str().unwrap(),
                "--no-scrub",
                // The second version goes over the first, as the derive Job
                // of an instance named in `reload` does.
                "--replace",
            ])
            .env_remove("SLIPWAY_HOME")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    let wait = |version: &str| {
        s.command(&[
            "derive",
            "--wait",
            "--version",
            version,
            "--database",
            db.to_str().unwrap(),
            "--timeout",
            "2",
            "--interval",
            "1",
        ])
        .env_remove("SLIPWAY_HOME")
        .output()
        .unwrap()
    };
    let not_yet = |version: &str, reason: &str| {
        let out = wait(version);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        let waiting = format!(
            "waiting for database {} at {socket}:3306 to hold {version}, restored and fenced (0s so far): {reason}",
            database
        );
        assert!(stdout.starts_with(&waiting), "{stdout}");
        assert!(
            stderr.contains(&format!(
                "does not hold {version} restored and fenced after 2s: {reason}"
            )),
            "{stderr}"
        );
    };
    let fence = || {
        let script = secrets.join("database-fence.php");
        std::fs::write(&script, slipway_runtime::DATABASE_FENCE_PHP).unwrap();
        let args = [
            slipway_runtime::OUTGOING_HOOKS.join(","),
            slipway_runtime::GatewayTestMode::encode_all(),
            slipway_runtime::OFFLINE_GATEWAYS.join(","),
        ];
        let mut command = vec!["php", "shop/staging", "--", script.to_str().unwrap()];
        command.extend(args.iter().map(String::as_str));
        s.ok(&command);
    };

    // Copied and fenced by the local runtime, but never restored by
    // `slipway derive`: nothing says which version it holds.
    not_yet(&first, "no version is restored into it yet");
    derive(&first);
    not_yet(
        &first,
        &format!("{first} is restored; the database fence has not run over it yet"),
    );
    fence();
    let started = std::time::Instant::now();
    let ready = wait(&first);
    let stdout = String::from_utf8_lossy(&ready.stdout);
    assert!(ready.status.success(), "{stdout}");
    assert_eq!(
        stdout.trim(),
        format!(
            "database {} at {socket}:3306 holds {first}, restored and fenced",
            database
        )
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    // Derived from a later version: the earlier one's fence does not count.
    s.php(
        "shop",
        "wp_insert_post(['post_title' => 'Spring tides', 'post_status' => 'publish']);",
    );
    let second = draw(&s);
    derive(&second);
    not_yet(
        &second,
        &format!("{second} is restored; the database fence has not run over it yet"),
    );
    not_yet(
        &first,
        &format!("it holds {second}; {first} is not restored yet"),
    );
    fence();
    assert!(wait(&second).status.success());
}

#[test]
fn versions_are_drawn_once_and_derived_into_a_scrubbed_fenced_copy() {
    let Some(s) = Slipway::new() else { return };
    let production = harbour_shop(&s);
    let port = s.port;

    // A first draw reads every table; a second with nothing changed reads
    // none and stores almost nothing.
    let first: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(first["version"], "shop-v1");
    assert!(first["tables_read"].as_u64().unwrap() >= 10, "{first}");
    let second: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop/production", "--json"])).unwrap();
    assert_eq!(second["tables_read"], 0, "{second}");
    // What is new is the version's own metadata and directory listings.
    assert!(
        second["new_bytes"].as_u64().unwrap() < 16 << 10,
        "second draw stored {} bytes (the first {})",
        second["new_bytes"],
        first["new_bytes"]
    );
    // A comment changes one table, which the next draw reads alone.
    s.php(
        "shop",
        "wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Second visit', 'comment_approved' => 1]);",
    );
    let third: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert!(third["tables_read"].as_u64().unwrap() <= 3, "{third}");
    let diff = s.ok(&["version", "diff", "shop-v2", "shop-v3"]);
    assert!(
        diff.contains("wp_comments: 1 added, 0 changed, 0 removed"),
        "{diff}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&s.ok(&["versions", "shop", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);

    // Staging from a version: serves at its own address with no trace of
    // production's address outside `guid`, nor of the customer.
    s.ok(&["env", "create", "shop/staging", "--from", "shop-v3"]);
    let staging = format!("staging.shop.localhost:{port}");
    let home = s.get(&staging, "/");
    assert_page(&home, "Harbour Shop");
    assert!(home.text().contains(&format!("http://{staging}/")));
    assert!(
        !home.text().contains(&format!("//{production}")),
        "{}",
        head(&home)
    );
    assert_eq!(home.header("x-robots-tag"), Some("noindex, nofollow"));
    let chart = s.get(&staging, &format!("/wp-content/uploads/{}/chart.txt", s.php("shop", "echo wp_upload_dir()['subdir'] === '' ? '' : ltrim(wp_upload_dir()['subdir'], '/');").trim()));
    assert_eq!(chart.status, 200);
    assert_eq!(chart.text(), "high water 06:12");
    let leftovers = production_traces(&s, "shop/staging", &production);
    assert_eq!(leftovers.trim(), "", "production data left in staging");
    // Production is as it was.
    assert!(
        s.php("shop", "echo get_comments(['count' => true]);")
            .trim()
            == "3"
    );

    // Mail from staging lands in its trap and nowhere else.
    s.php(
        "shop/staging",
        "wp_mail('customer@example.org', 'Your order', 'Shipped');",
    );
    let mail = s.ok(&["mail", "shop/staging", "--json"]);
    assert!(mail.contains("Your order"), "{mail}");
    assert!(!s.ok(&["mail", "shop", "--json"]).contains("Your order"));
    let envs = s.ok(&["env", "ls", "shop"]);
    assert!(
        envs.contains("staging") && envs.contains("fenced"),
        "{envs}"
    );

    // Stock restic lists the versions and restores their files.
    let (location, password) = repository_of(&s);
    let restic = |args: &[&str]| common::restic(&location, &password, &[], args);
    let snapshots: serde_json::Value =
        serde_json::from_str(&restic(&["snapshots", "--json"])).unwrap();
    assert_eq!(snapshots.as_array().unwrap().len(), 3);
    let target = s.home.path().join("restored");
    let v3 = third["snapshot"].as_str().unwrap();
    restic(&["restore", v3, "--target", target.to_str().unwrap()]);
    let comments = std::fs::read_to_string(target.join("db/wp_comments.sql")).unwrap();
    assert!(comments.contains("Second visit") && comments.contains("jane.doe@customer.example"));
    assert!(target.join("slipway.json").is_file());

    // Removing staging leaves production and the versions.
    s.ok(&["env", "rm", "shop/staging"]);
    assert_eq!(s.get(&staging, "/").status, 404);
    assert_page(&s.get(&production, "/"), "Harbour Shop");
    assert!(s.ok(&["versions", "shop"]).contains("shop-v3"));
    let refused = s.run(&["env", "create", "shop/production", "--from", "shop-v1"]);
    assert!(!refused.status.success());
}

#[test]
fn a_network_derived_to_a_new_domain_serves_every_subsite() {
    let Some(s) = Slipway::new() else { return };
    subdomain_network(&s);
    let port = s.port;
    s.ok(&[
        "env",
        "create",
        "net/staging",
        "--from",
        "production",
        "--no-scrub",
    ]);
    let main = s.get(&format!("staging.net.localhost:{port}"), "/");
    assert_page(&main, "Sub Network");
    let news = s.get(&format!("news.staging.net.localhost:{port}"), "/");
    assert_page(&news, "Harbour News");
    assert!(!news
        .text()
        .contains(&format!("//news.net.localhost:{port}")));
    // Production's subsite is untouched.
    assert_page(
        &s.get(&format!("news.net.localhost:{port}"), "/"),
        "Harbour News",
    );
}

#[test]
fn views_routines_and_triggers_travel_with_versions() {
    let Some(s) = Slipway::new() else { return };
    s.ok(&["site", "create", "shop", "--title", "Harbour Shop"]);
    // What a plugin might keep in the database besides tables: a log table
    // filled by a trigger, a view over it, a function and a procedure.
    s.php(
        "shop",
        "global $wpdb; $p = $wpdb->prefix;
         foreach ([
           \"CREATE TABLE {$p}audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(200))\",
           \"CREATE TRIGGER {$p}audit_comments AFTER INSERT ON {$p}comments FOR EACH ROW BEGIN INSERT INTO {$p}audit (what) VALUES (CONCAT('comment; ', NEW.comment_ID)); END\",
           \"CREATE VIEW {$p}audit_count AS SELECT COUNT(*) AS n FROM {$p}audit\",
           \"CREATE VIEW {$p}audit_summary AS SELECT n * 2 AS doubled FROM {$p}audit_count\",
           \"CREATE FUNCTION {$p}shout(s VARCHAR(50)) RETURNS VARCHAR(60) DETERMINISTIC RETURN UPPER(s)\",
           \"CREATE PROCEDURE {$p}audit_clear() BEGIN DELETE FROM {$p}audit; END\",
           \"CREATE FUNCTION {$p}home_link() RETURNS VARCHAR(200) DETERMINISTIC RETURN '\" . home_url('/') . \"'\",
           \"CREATE TABLE {$p}ticks (id INT PRIMARY KEY, n INT NOT NULL)\",
           \"INSERT INTO {$p}ticks VALUES (1, 0)\",
           \"CREATE EVENT {$p}tick ON SCHEDULE EVERY 1 SECOND DO UPDATE {$p}ticks SET n = n + 1 WHERE id = 1\",
         ] as $sql) { if ($wpdb->query($sql) === false) { fwrite(STDERR, $wpdb->last_error); exit(1); } }
         wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Ahoy', 'comment_approved' => 1]);",
    );
    let drawn: serde_json::Value =
        serde_json::from_str(&s.ok(&["draw", "shop", "--json"])).unwrap();
    assert_eq!(drawn["not_captured"], serde_json::json!([]), "{drawn}");

    s.ok(&["env", "create", "shop/staging", "--from", "shop-v1"]);
    let check = |target: &str| -> String {
        s.php(
            target,
            "global $wpdb; $p = $wpdb->prefix;
             wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'Again', 'comment_approved' => 1]);
             $definers = $wpdb->get_col(\"SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()\");
             echo json_encode([
               'audit' => (int) $wpdb->get_var(\"SELECT n FROM {$p}audit_count\"),
               'doubled' => (int) $wpdb->get_var(\"SELECT doubled FROM {$p}audit_summary\"),
               'shout' => $wpdb->get_var(\"SELECT {$p}shout('ahoy')\"),
               'home_link' => $wpdb->get_var(\"SELECT {$p}home_link()\"),
               'home' => home_url('/'),
               'definers' => $definers,
               'user' => DB_USER,
             ]);",
        )
    };
    // In staging: the trigger fires on a new comment (the loaded rows did
    // not fire it), the views and the function answer, and the definer is
    // staging's own account, not production's.
    let staging: serde_json::Value = serde_json::from_str(check("shop/staging").trim()).unwrap();
    assert_eq!(staging["audit"], 2, "{staging}");
    assert_eq!(staging["doubled"], 4, "{staging}");
    assert_eq!(staging["shout"], "AHOY", "{staging}");
    // A definition naming production's address names staging's there.
    assert_eq!(staging["home_link"], staging["home"], "{staging}");
    assert!(
        staging["home"].as_str().unwrap().contains("staging."),
        "{staging}"
    );
    let user = staging["user"].as_str().unwrap();
    assert_eq!(
        staging["definers"],
        serde_json::json!([format!("{user}@localhost")]),
        "{staging}"
    );
    // The event came too, as staging's account. (The local server, like
    // MariaDB by default, does not run events.)
    let event = s.php(
        "shop/staging",
        "global $wpdb; $e = $wpdb->get_row(\"SELECT EVENT_NAME, DEFINER, EVENT_DEFINITION, INTERVAL_VALUE, INTERVAL_FIELD FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()\", ARRAY_A);
         echo json_encode($e + ['expected' => $wpdb->prefix . 'tick']);",
    );
    let event: serde_json::Value = serde_json::from_str(event.trim()).unwrap();
    assert_eq!(event["EVENT_NAME"], event["expected"], "{event}");
    assert_eq!(event["DEFINER"], format!("{user}@localhost"), "{event}");
    assert_eq!(event["INTERVAL_VALUE"], "1", "{event}");
    assert_eq!(event["INTERVAL_FIELD"], "SECOND", "{event}");
    assert!(
        event["EVENT_DEFINITION"]
            .as_str()
            .is_some_and(|d| d.contains("ticks SET n = n + 1")),
        "{event}"
    );

    // A release carries them into production's new instance, after the
    // final draw reloaded the tables production wrote.
    s.ok(&["release", "shop", "--from", "staging"]);
    let production: serde_json::Value = serde_json::from_str(check("shop").trim()).unwrap();
    assert_eq!(production["audit"], 2, "{production}");
    assert_eq!(production["shout"], "AHOY", "{production}");
    assert_eq!(production["home_link"], production["home"], "{production}");
    let procedure = s.php(
        "shop",
        "global $wpdb; $wpdb->query(\"CALL {$wpdb->prefix}audit_clear()\"); echo $wpdb->get_var(\"SELECT COUNT(*) FROM {$wpdb->prefix}audit\");",
    );
    assert_eq!(procedure.trim(), "0");
}
