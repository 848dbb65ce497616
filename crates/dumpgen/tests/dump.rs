//! What a user of the generator checks: the dump is reproducible, shaped like
//! `mariadb-dump` output, sized as asked, and carries the site URL in the
//! forms WordPress stores it.

mod common;

use common::{contains, dump, dump_with, string_literals};
use slipway_dumpgen::{Config, InsertLayout};

const TABLES: &[&str] = &[
    "wp_commentmeta",
    "wp_comments",
    "wp_links",
    "wp_options",
    "wp_postmeta",
    "wp_posts",
    "wp_term_relationships",
    "wp_term_taxonomy",
    "wp_termmeta",
    "wp_terms",
    "wp_usermeta",
    "wp_users",
    "wp_wc_customer_lookup",
    "wp_wc_order_addresses",
    "wp_wc_order_operational_data",
    "wp_wc_orders",
    "wp_wc_orders_meta",
    "wp_woocommerce_order_itemmeta",
    "wp_woocommerce_order_items",
    "wp_woocommerce_sessions",
];

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let (a, _) = dump(600_000, 7);
    let (b, _) = dump(600_000, 7);
    let (c, _) = dump(600_000, 8);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn every_table_is_dumped_in_order_with_its_schema_and_rows() {
    let (bytes, summary) = dump(1 << 20, 1);
    let text = String::from_utf8(bytes).expect("the dump is UTF-8");
    let names: Vec<&str> = summary.tables.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, TABLES);
    let mut last = 0;
    for (table, rows) in &summary.tables {
        let create = format!("DROP TABLE IF EXISTS `{table}`;\n/*!40101 SET @saved_cs_client");
        let at = text
            .find(&create)
            .unwrap_or_else(|| panic!("no structure for {table}"));
        assert!(at > last, "{table} is out of order");
        last = at;
        for part in [
            format!("CREATE TABLE `{table}` (\n"),
            format!(
                "LOCK TABLES `{table}` WRITE;\n/*!40000 ALTER TABLE `{table}` DISABLE KEYS */;\n"
            ),
            format!("/*!40000 ALTER TABLE `{table}` ENABLE KEYS */;\nUNLOCK TABLES;\n"),
        ] {
            assert!(text.contains(&part), "missing {part:?}");
        }
        assert!(*rows > 0, "{table} is empty");
        let head = format!("INSERT INTO `{table}` VALUES\n(");
        assert!(text.contains(&head), "no rows for {table}");
    }
    // The real WordPress and WooCommerce column lists.
    for column in [
        "  `post_content_filtered` longtext NOT NULL,",
        "  `comment_author_IP` varchar(100) NOT NULL DEFAULT '',",
        "  `option_value` longtext NOT NULL,",
        "  `billing_email` varchar(320) DEFAULT NULL,",
        "  `session_value` longtext NOT NULL,",
        "  `woocommerce_version` varchar(20) DEFAULT NULL,",
    ] {
        assert!(text.contains(column), "missing column {column}");
    }
    assert!(text.starts_with(
        "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB"
    ));
    assert!(text.contains("DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`wordpress`@`localhost`*/ /*!50003 TRIGGER `wp_comments_after_insert`"));
    assert!(text.contains("END \n*/;;\nDELIMITER ;\n"));
    assert!(text.ends_with("\n-- Dump completed on 2025-05-01  3:14:07\n"));
}

#[test]
fn inserts_are_cut_like_mariadb_dump_and_rows_sit_on_their_own_lines() {
    let (bytes, _) = dump(4 << 20, 2);
    let text = String::from_utf8(bytes).unwrap();
    let mut statements = 0;
    for statement in text.split("INSERT INTO `").skip(1) {
        let end = statement.find(");\n").expect("every INSERT ends") + 3;
        assert!(end < 1_048_576, "an INSERT of {end} bytes");
        let body = &statement[..end];
        assert_eq!(
            body.matches(",\n(").count() + 1,
            body.lines().count() - 1,
            "one row per line"
        );
        statements += 1;
    }
    assert!(statements > 20);
    // Several statements for the big tables: the cut happens.
    assert!(text.matches("INSERT INTO `wp_posts` VALUES").count() >= 2);
}

#[test]
fn single_line_layout_puts_each_statement_on_one_line() {
    let config = Config {
        size: 700_000,
        layout: InsertLayout::SingleLine,
        ..Config::default()
    };
    let (bytes, _) = dump_with(config);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("INSERT INTO `wp_posts` VALUES (1,"));
    for line in text.lines().filter(|l| l.starts_with("INSERT")) {
        assert!(line.ends_with(");"));
    }
    assert!(!text.lines().any(|l| l.starts_with("(")));
}

#[test]
fn the_size_lands_near_the_target() {
    for target in [3u64 << 20, 12 << 20] {
        let (bytes, summary) = dump(target, 3);
        assert_eq!(summary.bytes, bytes.len() as u64);
        let ratio = bytes.len() as f64 / target as f64;
        assert!(
            (0.9..1.1).contains(&ratio),
            "{} bytes for a target of {target}",
            bytes.len()
        );
    }
}

#[test]
fn the_site_url_takes_the_forms_wordpress_stores_and_a_realistic_share() {
    let config = Config {
        size: 6 << 20,
        url: "https://shop.test".to_owned(),
        ..Config::default()
    };
    let (bytes, _) = dump_with(config);
    for form in [
        &b"'https://shop.test'"[..],
        b"https:\\\\/\\\\/shop.test\\\\/wp-content\\\\/uploads",
        b"u=https%3A%2F%2Fshop.test%2F",
        b"href=\\\"//shop.test/contact/",
        b"woocommerce@shop.test",
    ] {
        assert!(
            contains(&bytes, form),
            "missing {}",
            String::from_utf8_lossy(form)
        );
    }
    let url_bytes: usize = string_literals(&bytes)
        .iter()
        .filter(|v| contains(v, b"shop.test"))
        .map(Vec::len)
        .sum();
    let share = url_bytes as f64 / bytes.len() as f64;
    assert!(
        (0.05..=0.10).contains(&share),
        "{:.1}% of bytes in values with the URL",
        share * 100.0
    );
}

#[test]
fn the_prefix_names_tables_and_prefixed_meta_keys() {
    let config = Config {
        size: 500_000,
        prefix: "shop7_".to_owned(),
        ..Config::default()
    };
    let (bytes, summary) = dump_with(config);
    assert!(summary
        .tables
        .iter()
        .all(|(name, _)| name.starts_with("shop7_")));
    assert!(contains(
        &bytes,
        b"'shop7_capabilities','a:1:{s:8:\\\"customer\\\";b:1;}'"
    ));
    assert!(contains(&bytes, b"'shop7_user_roles'"));
    assert!(!contains(&bytes, b"`wp_"));
}

#[test]
fn personal_data_is_present_where_a_scrub_must_find_it() {
    let (bytes, _) = dump(2 << 20, 5);
    let values = string_literals(&bytes);
    let has = |needle: &[u8]| values.iter().any(|v| contains(v, needle));
    // Order addresses in the legacy meta, sessions with a nested customer,
    // session tokens with IPs, private properties with NUL bytes.
    assert!(contains(&bytes, b"'_billing_email','"));
    assert!(contains(&bytes, b"'_shipping_address_1','"));
    assert!(has(b"s:8:\"customer\";s:"));
    assert!(has(b"s:2:\"ip\";s:"));
    assert!(has(b"\0Acme_Share_Counter\0endpoint"));
    assert!(has(b"\0*\0counts"));
    assert!(has("Zoé".as_bytes()) || has("Chloé".as_bytes()));
    assert!(has("。".as_bytes()));
    assert!(contains(&bytes, b"\\0Acme_Share_Counter\\0"));
}
