//! The bundled sample dump, `examples/sample.sql`, is what its README says:
//! a real dump that loads into MariaDB and runs as a WordPress shop.

use slipway_testkit::{free_port, Components, MariaDb, PhpServer, WordPressSite};
use std::path::PathBuf;

const SAMPLE_URL: &str = "https://shop.example.com";

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample.sql")
}

#[test]
fn the_sample_is_mariadb_dump_output_within_size() {
    let sample = std::fs::read(sample_path()).unwrap();
    assert!(sample.len() < 300 * 1024, "{} bytes", sample.len());
    let text = String::from_utf8(sample).unwrap();
    assert!(text.contains("-- MariaDB dump"), "not mariadb-dump output");
    assert!(text.contains("-- Dump completed"), "the dump is cut short");
}

#[test]
fn the_sample_loads_and_runs_as_a_woocommerce_shop() {
    let Some(components) = Components::require() else {
        return;
    };
    let sample = std::fs::read(sample_path()).unwrap();
    let db = MariaDb::start_with(&components).unwrap();
    db.create_database("shop").unwrap();
    db.load("shop", &sample).unwrap();

    let count = |sql: &str| -> u64 { db.sql("shop", sql).unwrap().trim().parse().unwrap() };
    for table in [
        "wp_wc_orders",
        "wp_wc_order_addresses",
        "wp_wc_orders_meta",
        "wp_wc_customer_lookup",
        "wp_woocommerce_sessions",
    ] {
        assert!(
            count(&format!("SELECT COUNT(*) FROM {table}")) > 0,
            "{table} is empty"
        );
    }
    // Legacy orders and their HPOS copies share IDs, as in WooCommerce's sync mode.
    assert_eq!(
        count("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'shop_order'"),
        count("SELECT COUNT(*) FROM wp_posts p JOIN wp_wc_orders o ON o.id = p.ID"),
    );
    assert!(count("SELECT COUNT(*) FROM wp_postmeta WHERE meta_key IN ('_billing_email', '_billing_phone', '_customer_ip_address')") >= 9);

    let dir = tempfile::tempdir().unwrap();
    let site = WordPressSite::open(&db, "shop", &dir.path().join("site")).unwrap();
    assert_eq!(site.url(), SAMPLE_URL);

    // A session's customer entry is a serialized array inside the serialized
    // session, holding the same e-mail address as the customer lookup table.
    let emails = site
        .php(
            "global $wpdb; foreach ($wpdb->get_col(\"SELECT session_value FROM {$wpdb->prefix}woocommerce_sessions\") as $v) {\
               $customer = unserialize(unserialize($v)['customer']); echo $customer['email'], \"\\n\"; }",
        )
        .unwrap();
    let lookup = db
        .sql("shop", "SELECT email FROM wp_wc_customer_lookup")
        .unwrap();
    let emails: Vec<&str> = emails.lines().collect();
    assert!(!emails.is_empty());
    for email in &emails {
        assert!(
            lookup.lines().any(|l| l == *email),
            "{email} is not a known customer"
        );
    }

    let port = free_port().unwrap();
    let server = PhpServer::serve_with(&components.php, site.dir(), port).unwrap();
    let front = server.get("/", "shop.example.com").unwrap();
    assert_eq!(front.status, 200, "{}", server.log());
    assert!(front.text().contains(SAMPLE_URL));
    // Pretty permalinks: a post's address is its slug, routed to WordPress.
    let post = server.get("/bienvenue/", "shop.example.com").unwrap();
    assert_eq!(post.status, 200, "{}", server.log());
    assert!(post.text().contains("Bienvenue à la boutique"));
}
