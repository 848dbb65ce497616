//! The kit against the real components: a private MariaDB, WordPress built
//! from Debian's core and filled with content, served by `php -S`.

use slipway_testkit::{free_port, php_quote, Components, MariaDb, PhpServer, WordPressSite};

/// Escapes a value the way `mariadb-dump` writes it inside a quoted string,
/// so the test can look for a stored value in the dump.
fn dump_escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{1a}' => out.push_str("\\Z"),
            c => out.push(c),
        }
    }
    out
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[test]
fn an_installed_site_serves_its_front_page_and_posts() {
    let Some(components) = Components::require() else {
        return;
    };
    let db = MariaDb::start_with(&components).unwrap();
    let port = free_port().unwrap();
    let host = format!("shop.example.test:{port}");
    let url = format!("http://{host}");
    let dir = tempfile::tempdir().unwrap();
    let site = WordPressSite::install(&db, "shop", &url, &dir.path().join("site")).unwrap();
    let server = PhpServer::serve_with(&components.php, site.dir(), port).unwrap();

    let front = server.get("/", &host).unwrap();
    assert_eq!(front.status, 200, "{}", server.log());
    let front_page = front.text();
    assert!(
        front_page.contains(&url),
        "the front page does not link to {url}"
    );

    let content = site.content().unwrap();
    let mut served = 0;
    for post in content.published_posts() {
        let page = server.get(&format!("/?p={}", post.id), &host).unwrap();
        assert_eq!(page.status, 200, "post {}: {}", post.id, server.log());
        let html = page.text();
        assert!(
            html.contains(&post.title),
            "post {} does not show its title {:?}",
            post.id,
            post.title
        );
        assert!(
            html.contains(&url),
            "post {} does not link to {url}",
            post.id
        );
        served += 1;
    }
    assert!(served >= 2, "only {served} published posts");
    assert!(
        content
            .published_posts()
            .any(|p| p.title.chars().any(|c| c as u32 > 0x3000)),
        "no post has a CJK title"
    );

    // What WordPress stored is what it shows: the Japanese post's text comes
    // back from the database through PHP and appears on its page.
    let japanese = content
        .published_posts()
        .find(|p| p.title.contains('日'))
        .unwrap();
    let page = server
        .get(&format!("/?p={}", japanese.id), &host)
        .unwrap()
        .text();
    let excerpt = site
        .php(&format!(
            "echo wp_strip_all_tags(get_post_field('post_content', {}));",
            japanese.id
        ))
        .unwrap();
    let first_sentence = excerpt.trim().split('！').next().unwrap();
    assert!(
        page.contains(first_sentence),
        "{first_sentence:?} is not on the page"
    );
}

#[test]
fn the_dump_holds_serialized_options_objects_and_personal_data() {
    let Some(components) = Components::require() else {
        return;
    };
    let db = MariaDb::start_with(&components).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = "https://shop.example.com";
    let site = WordPressSite::install(&db, "shop", url, &dir.path().join("site")).unwrap();
    let dump = String::from_utf8(db.dump("shop").unwrap()).unwrap();
    assert!(dump.contains("-- MariaDB dump"), "not mariadb-dump output");

    let emails = lines(
        &db.sql(
            "shop",
            "SELECT DISTINCT comment_author_email FROM wp_comments WHERE comment_author_email <> ''",
        )
        .unwrap(),
    );
    assert!(emails.len() >= 4, "{emails:?}");
    let ips = lines(
        &db.sql(
            "shop",
            "SELECT DISTINCT comment_author_IP FROM wp_comments WHERE comment_author_IP <> ''",
        )
        .unwrap(),
    );
    assert!(
        ips.iter().any(|ip| ip.contains(':')),
        "no IPv6 address among {ips:?}"
    );
    for value in emails.iter().chain(&ips) {
        assert!(
            dump.contains(&dump_escaped(value)),
            "{value} is not in the dump"
        );
    }

    for option in [
        "widget_text",
        "sidebars_widgets",
        "theme_mods_twentytwentythree",
        "shop_settings",
    ] {
        let value = db
            .sql(
                "shop",
                &format!("SELECT option_value FROM wp_options WHERE option_name = '{option}'"),
            )
            .unwrap();
        let value = value.strip_suffix('\n').unwrap_or(&value);
        assert!(
            value.starts_with("a:"),
            "{option} is not a serialized array: {value}"
        );
        assert!(
            dump.contains(&dump_escaped(value)),
            "{option} is not in the dump as stored"
        );
    }
    let widget = db
        .sql(
            "shop",
            "SELECT option_value FROM wp_options WHERE option_name = 'widget_text'",
        )
        .unwrap();
    assert!(widget.contains(url), "{widget}");

    // The object option, class unknown to WordPress, with its private and
    // protected members (whose names hold NUL bytes).
    let class = site
        .php("$o = get_option('foo_bar_settings'); echo get_class($o);")
        .unwrap();
    assert_eq!(class, "__PHP_Incomplete_Class");
    assert!(
        dump.contains(r#"O:7:\"Foo_Bar\":3:{"#),
        "the object option is not in the dump"
    );
    assert!(
        dump.contains(r#"\0Foo_Bar\0items"#),
        "the private member is not in the dump"
    );

    // A double-serialized postmeta value unserializes to a serialized string.
    let inner = site
        .php(
            "global $wpdb; $raw = $wpdb->get_var(\"SELECT meta_value FROM $wpdb->postmeta WHERE meta_key = '_legacy_builder_data'\");\
             $once = unserialize($raw); echo is_string($once) && is_serialized($once) ? unserialize($once)['button_url'] : 'not double';",
        )
        .unwrap();
    assert_eq!(inner, format!("{url}/checkout/"));

    // Block attributes hold JSON-escaped and \u0026-escaped URLs; share links
    // hold URL-encoded ones: all as WordPress stored them.
    let content = db
        .sql("shop", "SELECT post_content FROM wp_posts WHERE post_name = 'bienvenue' AND post_type = 'post'")
        .unwrap();
    assert!(
        content.contains(r"https:\/\/shop.example.com\/shop\/mug\/"),
        "{content}"
    );
    assert!(content.contains(r"\u0026quantity=2"), "{content}");
    assert!(
        content.contains("https%3A%2F%2Fshop.example.com%2Fbienvenue%2F"),
        "{content}"
    );
    assert!(
        content.contains("日本語") || content.contains("東京"),
        "{content}"
    );
    assert!(content.contains('☕'), "{content}");
}

#[test]
fn a_dump_loads_into_another_database_and_serves_there() {
    let Some(components) = Components::require() else {
        return;
    };
    let db = MariaDb::start_with(&components).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().unwrap();
    let url = format!("http://old.example.test:{port}");
    let site = WordPressSite::install_bare(&db, "old", &url, &dir.path().join("old")).unwrap();
    site.php("wp_insert_post(array('post_title' => 'Moved intact', 'post_status' => 'publish'));")
        .unwrap();

    let dump = db.dump("old").unwrap();
    db.create_database("copy").unwrap();
    db.load("copy", &dump).unwrap();
    assert!(
        db.create_database("copy").is_err(),
        "creating an existing database must fail"
    );

    let count = |name: &str| db.sql(name, "SELECT COUNT(*) FROM wp_posts").unwrap();
    assert_eq!(count("old"), count("copy"));

    let copy = WordPressSite::open(&db, "copy", &dir.path().join("copy")).unwrap();
    assert_eq!(copy.url(), url);
    let server = PhpServer::serve_with(&components.php, copy.dir(), port).unwrap();
    let page = server
        .get("/", &format!("old.example.test:{port}"))
        .unwrap();
    assert_eq!(page.status, 200, "{}", server.log());
    assert!(page.text().contains("Moved intact"));

    // The address comes from the database: changing it there changes the
    // links WordPress writes.
    let moved = format!("http://new.example.test:{port}");
    copy.php(&format!(
        "update_option('home', {0}); update_option('siteurl', {0});",
        php_quote(&moved)
    ))
    .unwrap();
    let page = server
        .get("/", &format!("new.example.test:{port}"))
        .unwrap();
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&moved));
}

#[test]
fn a_redirect_is_returned_not_followed() {
    let Some(components) = Components::require() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.php"),
        "<?php header('Location: https://old.example.com/elsewhere', true, 301);",
    )
    .unwrap();
    let server = PhpServer::serve_with(&components.php, dir.path(), free_port().unwrap()).unwrap();
    let response = server.get("/any/pretty/path", "new.example.test").unwrap();
    assert_eq!(response.status, 301);
    assert_eq!(
        response.header("Location"),
        Some("https://old.example.com/elsewhere")
    );
}

#[test]
fn php_errors_are_reported_with_their_message() {
    let Some(components) = Components::require() else {
        return;
    };
    let db = MariaDb::start_with(&components).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let site = WordPressSite::install_bare(
        &db,
        "wp",
        "http://errors.example.test",
        &dir.path().join("s"),
    )
    .unwrap();
    assert_eq!(
        site.php("echo get_option('blogname');").unwrap(),
        "Boutique Exemple"
    );
    let err = site.php("undefined_function_xyz();").unwrap_err();
    assert!(
        format!("{err:#}").contains("undefined_function_xyz"),
        "{err:#}"
    );
    let config = std::fs::read_to_string(dir.path().join("s/wp-config.php")).unwrap();
    assert!(
        config.contains(&format!("'127.0.0.1:{}'", db.port())),
        "{config}"
    );
}
