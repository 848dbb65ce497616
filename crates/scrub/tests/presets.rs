//! Each shipped preset against realistic rows: personal data is gone,
//! structure (serialization, JSON) survives, known-safe values stay.

mod support;

use slipway_phpser::validate;
use slipway_scrub::{LeakScanner, RowVerdict, Scrubber};
use support::*;

const PII: &[&str] = &[
    "jane.doe@mail.com",
    "Jane",
    "Doe",
    "81.2.69.160",
    "2a02:1810:4d02::5",
    "7946 0958",
    "Baker Street",
    "London",
    "NW1 6XE",
    "Acme Widgets",
];

/// Scans every value of a row as a dump transformer would after scrubbing.
fn leaks(table: &str, columns: &[&str], out: &Row) -> u64 {
    let mut scanner = LeakScanner::new();
    for (column, value) in columns.iter().zip(out) {
        if let Some(value) = value {
            scanner.scan(table, column, None, value);
        }
    }
    scanner.report().total()
}

fn session_tokens() -> Vec<u8> {
    let session = |ip: &'static str| {
        assoc(vec![
            ("expiration", Php::I(1_700_086_400)),
            ("ip", Php::S(ip)),
            (
                "ua",
                Php::S("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) Safari/605.1.15"),
            ),
            ("login", Php::I(1_699_913_600)),
        ])
    };
    assoc(vec![
        (
            "7c4a8d09ca3762af61e59520943dc26494f8941b7c4a8d09ca3762af61e59520",
            session("81.2.69.160"),
        ),
        (
            "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15f1d2d2f924e986ac86fdf7b3",
            session("2a02:1810:4d02::5"),
        ),
    ])
    .ser()
}

#[test]
fn wordpress_users_and_usermeta() {
    let s = scrubber(&["wordpress"]);
    let columns = [
        "ID",
        "user_login",
        "user_pass",
        "user_nicename",
        "user_email",
        "user_url",
        "user_registered",
        "user_activation_key",
        "user_status",
        "display_name",
    ];
    let input = row(&[
        Some("5"),
        Some("janedoe"),
        Some("$wp$2y$10$abcdefghijklmnopqrstuv"),
        Some("janedoe"),
        Some("jane.doe@mail.com"),
        Some("https://janedoe.net"),
        Some("2021-03-04 10:11:12"),
        Some("1700000000:$P$BqTvcrkR1b2"),
        Some("0"),
        Some("Jane Doe"),
    ]);
    let (_, out) = run(&s, "wp_users", &columns, &input);
    for (i, value) in out.iter().enumerate() {
        assert_gone(value.as_deref().unwrap_or_default(), PII);
        assert_gone(
            value.as_deref().unwrap_or_default(),
            &["janedoe", "$P$", "$wp$"],
        );
        if [0, 6, 8].contains(&i) {
            assert_eq!(value, &input[i], "{} is not personal", columns[i]);
        }
    }
    assert_eq!(
        out[1], out[3],
        "login and nicename were equal and still are"
    );
    assert!(text(&out[2]).starts_with("*scrubbed*"));

    let tokens = meta(&s, "wp_usermeta", "session_tokens", &session_tokens()).unwrap();
    assert_eq!(tokens, b"a:0:{}");
    let app = assoc(vec![(
        "0",
        assoc(vec![
            ("uuid", Php::S("a1")),
            ("password", Php::S("$P$Bhash")),
            ("last_ip", Php::S("81.2.69.160")),
        ]),
    )])
    .ser();
    assert_eq!(
        meta(&s, "wp_usermeta", "_application_passwords", &app).unwrap(),
        b"a:0:{}"
    );
    let nickname = meta(&s, "wp_usermeta", "nickname", b"janedoe");
    assert_eq!(nickname, out[1], "the nickname follows the login");
    let events = assoc(vec![
        ("description", Php::S("London")),
        ("latitude", Php::S("51.5074")),
        ("longitude", Php::S("-0.1278")),
        ("country", Php::S("GB")),
        ("ip", Php::S("81.2.69.0")),
    ])
    .ser();
    let scrubbed = meta(&s, "wp_usermeta", "community-events-location", &events).unwrap();
    validate(&scrubbed).unwrap();
    assert_gone(&scrubbed, &["London", "51.5074", "81.2.69.0"]);
    assert!(contains(&scrubbed, "\"GB\""));
    for (key, value) in [
        ("first_name", "Jane"),
        ("last_name", "Doe"),
        ("description", "I am Jane Doe from London"),
    ] {
        assert_gone(
            &meta(&s, "wp_usermeta", key, value.as_bytes()).unwrap(),
            &[value],
        );
    }
    assert_eq!(
        meta(
            &s,
            "wp_usermeta",
            "wp_capabilities",
            b"a:1:{s:13:\"administrator\";b:1;}"
        )
        .as_deref(),
        Some(&b"a:1:{s:13:\"administrator\";b:1;}"[..])
    );
}

#[test]
fn session_tokens_can_be_scrubbed_inside_instead() {
    let s = scrubber_with(
        &["wordpress"],
        "[[rule]]\ntable='usermeta'\nkey='session_tokens'\naction='keep'\ninner={ip='ip', ua='fixed'}\nvalue='Mozilla/5.0 (scrubbed)'",
        Default::default(),
    );
    let out = meta(&s, "wp_usermeta", "session_tokens", &session_tokens()).unwrap();
    validate(&out).unwrap();
    assert_gone(&out, &["81.2.69.160", "2a02:1810", "Macintosh"]);
    assert!(
        contains(&out, "7c4a8d09ca3762af61e5"),
        "the verifiers (keys) stay"
    );
    assert!(contains(&out, "i:1700086400;"), "numbers stay");
}

#[test]
fn wordpress_comments_and_akismet() {
    let s = scrubber(&["wordpress"]);
    let columns = [
        "comment_ID",
        "comment_post_ID",
        "comment_author",
        "comment_author_email",
        "comment_author_url",
        "comment_author_IP",
        "comment_date",
        "comment_content",
        "comment_agent",
        "comment_type",
        "user_id",
    ];
    let input = row(&[
        Some("7"), Some("12"), Some("Jane Doe"), Some("jane.doe@mail.com"),
        Some("http://janedoe.net"), Some("81.2.69.160"), Some("2024-01-02 10:30:00"),
        Some("Great post! Write to jane.doe@mail.com or call +44 20 7946 0958. Version 1.2.3.4 fixed it."),
        Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"), Some("comment"), Some("0"),
    ]);
    let (_, out) = run(&s, "wp_comments", &columns, &input);
    for value in &out {
        assert_gone(value.as_deref().unwrap_or_default(), PII);
    }
    let content = text(&out[7]);
    assert!(
        content.starts_with("Great post! Write to user-")
            && content.ends_with("Version 1.2.3.4 fixed it."),
        "{content}"
    );
    assert_eq!(out[6], input[6]);
    assert_eq!(leaks("wp_comments", &columns, &out), 0);

    let submitted = assoc(vec![
        ("comment_post_ID", Php::S("12")),
        ("comment_author", Php::S("Jane Doe")),
        ("comment_author_email", Php::S("jane.doe@mail.com")),
        ("comment_author_url", Php::S("http://janedoe.net")),
        ("comment_content", Php::S("Call me on +44 20 7946 0958")),
        ("comment_type", Php::S("comment")),
        ("user_ip", Php::S("81.2.69.160")),
        (
            "user_agent",
            Php::S("Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"),
        ),
        (
            "referrer",
            Php::S("https://www.google.com/search?q=jane+doe"),
        ),
        ("blog", Php::S("https://blog.example.org")),
        ("POST_email_copy", Php::S("jane.doe@mail.com")),
        ("HTTP_X_FORWARDED_FOR", Php::S("81.2.69.160, 10.0.0.1")),
        ("user_ID", Php::I(0)),
    ])
    .ser();
    let out = meta(&s, "wp_commentmeta", "akismet_as_submitted", &submitted).unwrap();
    validate(&out).unwrap();
    assert_gone(&out, PII);
    assert_gone(&out, &["jane+doe", "10.0.0.1", "Firefox"]);
    assert!(contains(&out, "https://blog.example.org") && contains(&out, "s:7:\"comment\""));

    let history = Php::A(vec![(
        support::PhpKey::I(0),
        assoc(vec![
            ("time", Php::S("1700000000.123")),
            ("event", Php::S("status-approved")),
            ("user", Php::S("janedoe")),
        ]),
    )])
    .ser();
    let out = meta(&s, "wp_commentmeta", "akismet_history", &history).unwrap();
    validate(&out).unwrap();
    assert_gone(&out, &["janedoe"]);
    assert!(contains(&out, "status-approved"));
}

#[test]
fn wordpress_options_multisite_and_privacy_requests() {
    let s = scrubber(&["wordpress"]);
    let columns = ["option_id", "option_name", "option_value", "autoload"];
    let option = |name: &str, value: &[u8]| {
        let (_, out) = run(
            &s,
            "wp_3_options",
            &columns,
            &raw_row(&[b"1", name.as_bytes(), value, b"yes"]),
        );
        out[2].clone().unwrap()
    };
    assert!(text(&Some(option("admin_email", b"jane.doe@mail.com"))).ends_with("@example.invalid"));
    assert_eq!(option("blogname", b"Jane's Kitchen"), b"Jane's Kitchen");
    assert_eq!(option("auth_salt", b"x7#Qp..."), b"");
    let hash = assoc(vec![
        ("hash", Php::S("5f4dcc3b5aa765d61d8327deb882cf99")),
        ("newemail", Php::S("jane.doe@mail.com")),
    ])
    .ser();
    let out = option("adminhash", &hash);
    validate(&out).unwrap();
    assert_gone(&out, &["jane.doe@mail.com", "5f4dcc3b5aa765d61d83"]);

    let admins = Php::A(vec![
        (support::PhpKey::I(0), Php::S("janedoe")),
        (support::PhpKey::I(1), Php::S("netadmin")),
    ])
    .ser();
    let out = meta(&s, "wp_sitemeta", "site_admins", &admins).unwrap();
    validate(&out).unwrap();
    // The same pseudonym as the login in `users`, so super admins stay.
    let (_, user) = run(
        &s,
        "wp_users",
        &["ID", "user_login"],
        &row(&[Some("5"), Some("janedoe")]),
    );
    assert!(
        contains(&out, &text(&user[1])),
        "{}",
        String::from_utf8_lossy(&out)
    );

    let signups = [
        "signup_id",
        "domain",
        "path",
        "title",
        "user_login",
        "user_email",
        "registered",
        "activated",
        "active",
        "activation_key",
        "meta",
    ];
    let signup_meta = assoc(vec![
        ("add_to_blog", Php::I(2)),
        ("new_role", Php::S("subscriber")),
        ("email_copy", Php::S("jane.doe@mail.com")),
    ])
    .ser();
    let input = vec![
        Some(b"1".to_vec()),
        Some(b"site.org".to_vec()),
        Some(b"/jane/".to_vec()),
        Some(b"Jane's blog".to_vec()),
        Some(b"janedoe".to_vec()),
        Some(b"jane.doe@mail.com".to_vec()),
        Some(b"2024-01-01 00:00:00".to_vec()),
        Some(b"0000-00-00 00:00:00".to_vec()),
        Some(b"0".to_vec()),
        Some(b"4e1f2a3b5c6d7e8f".to_vec()),
        Some(signup_meta),
    ];
    let (_, out) = run(&s, "wp_signups", &signups, &input);
    validate(out[10].as_deref().unwrap()).unwrap();
    for value in out.iter().skip(4) {
        assert_gone(
            value.as_deref().unwrap(),
            &["janedoe", "jane.doe@mail.com", "4e1f2a3b5c6d7e8f"],
        );
    }
    let (_, out) = run(
        &s,
        "wp_registration_log",
        &["ID", "email", "IP", "blog_id", "date_registered"],
        &row(&[
            Some("1"),
            Some("jane.doe@mail.com"),
            Some("81.2.69.160"),
            Some("2"),
            Some("2024-01-01"),
        ]),
    );
    assert_gone(out[1].as_deref().unwrap(), PII);
    assert_gone(out[2].as_deref().unwrap(), PII);

    let posts = [
        "ID",
        "post_author",
        "post_title",
        "post_password",
        "post_type",
    ];
    let (_, out) = run(
        &s,
        "wp_posts",
        &posts,
        &row(&[
            Some("9"),
            Some("0"),
            Some("jane.doe@mail.com"),
            Some("$P$Bconfirmkey"),
            Some("user_request"),
        ]),
    );
    assert_gone(out[2].as_deref().unwrap(), PII);
    assert!(text(&out[3]).starts_with("*scrubbed*"));
    let post = row(&[
        Some("10"),
        Some("1"),
        Some("Contact jane.doe@mail.com"),
        Some(""),
        Some("post"),
    ]);
    assert_eq!(
        run(&s, "wp_posts", &posts, &post).1,
        post,
        "ordinary posts are content, not personal data"
    );
}

fn customer() -> Vec<u8> {
    assoc(vec![
        ("id", Php::S("0")),
        ("date_modified", Php::S("")),
        ("first_name", Php::S("Jane")),
        ("last_name", Php::S("Doe")),
        ("company", Php::S("Acme Widgets")),
        ("phone", Php::S("+44 20 7946 0958")),
        ("email", Php::S("jane.doe@mail.com")),
        ("address_1", Php::S("221B Baker Street")),
        ("address_2", Php::S("Flat 2")),
        ("city", Php::S("London")),
        ("state", Php::S("")),
        ("postcode", Php::S("NW1 6XE")),
        ("country", Php::S("GB")),
        ("shipping_first_name", Php::S("Jane")),
        ("shipping_last_name", Php::S("Doe")),
        ("shipping_address_1", Php::S("221B Baker Street")),
        ("shipping_city", Php::S("London")),
        ("shipping_postcode", Php::S("NW1 6XE")),
        ("shipping_country", Php::S("GB")),
        ("is_vat_exempt", Php::S("")),
        ("calculated_shipping", Php::S("1")),
    ])
    .ser()
}

#[test]
fn woocommerce_sessions_are_scrubbed_two_levels_deep() {
    let s = scrubber(&["woocommerce"]);
    let value = assoc(vec![
        (
            "cart",
            Php::Owned(
                assoc(vec![(
                    "c4ca4238a0b923820dcc509a6f75849b",
                    assoc(vec![("product_id", Php::I(31)), ("quantity", Php::I(2))]),
                )])
                .ser(),
            ),
        ),
        ("customer", Php::Owned(customer())),
        (
            "wc_notices",
            Php::Owned(
                assoc(vec![(
                    "error",
                    Php::A(vec![(
                        support::PhpKey::I(0),
                        assoc(vec![(
                            "notice",
                            Php::S("An account is already registered with jane.doe@mail.com."),
                        )]),
                    )]),
                )])
                .ser(),
            ),
        ),
        (
            "chosen_shipping_methods",
            Php::Owned(b"a:1:{i:0;s:11:\"flat_rate:1\";}".to_vec()),
        ),
    ])
    .ser();
    let columns = [
        "session_id",
        "session_key",
        "session_value",
        "session_expiry",
    ];
    let (_, out) = run(
        &s,
        "wp_woocommerce_sessions",
        &columns,
        &raw_row(&[b"1", b"t_8d2b5c", &value, b"1700000000"]),
    );
    let out = out[2].clone().unwrap();
    validate(&out).unwrap();
    assert_gone(&out, PII);
    assert_gone(&out, &["Flat 2"]);
    assert!(
        contains(&out, "flat_rate:1")
            && contains(&out, "c4ca4238a0b923820dcc509a6f75849b")
            && contains(&out, "s:2:\"GB\"")
    );
    // The nested customer is itself still valid serialization.
    let start = memchr::memmem::find(&out, b"s:8:\"customer\";s:").unwrap() + 15;
    let len_end = start + out[start + 2..].iter().position(|&b| b == b':').unwrap() + 2;
    let len: usize = std::str::from_utf8(&out[start + 2..len_end])
        .unwrap()
        .parse()
        .unwrap();
    validate(&out[len_end + 2..len_end + 2 + len]).unwrap();
}

#[test]
fn woocommerce_legacy_orders_and_customers() {
    let s = scrubber(&["wordpress", "woocommerce"]);
    let scrubbed: Vec<(&str, Vec<u8>)> = [
        ("_billing_first_name", "Jane"),
        ("_billing_last_name", "Doe"),
        ("_billing_company", "Acme Widgets"),
        ("_billing_address_1", "221B Baker Street"),
        ("_billing_city", "London"),
        ("_billing_postcode", "NW1 6XE"),
        ("_billing_email", "jane.doe@mail.com"),
        ("_billing_phone", "+44 20 7946 0958"),
        ("_shipping_phone", "020 7946 0958"),
        ("_billing_address_index", "Jane Doe Acme Widgets 221B Baker Street London NW1 6XE GB jane.doe@mail.com +44 20 7946 0958"),
        ("_customer_ip_address", "81.2.69.160"),
        ("_customer_user_agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0"),
        ("_order_key", "wc_order_Jane8XyZ1"),
    ]
    .iter()
    .map(|(k, v)| (*k, meta(&s, "wp_postmeta", k, v.as_bytes()).unwrap()))
    .collect();
    for (key, value) in &scrubbed {
        assert_gone(value, PII);
        assert_gone(value, &["Pixel 8", "wc_order_Jane"]);
        let mut scan = LeakScanner::new();
        scan.scan("wp_postmeta", "meta_value", Some(key.as_bytes()), value);
        assert_eq!(
            scan.report().total(),
            0,
            "{key}: {}",
            String::from_utf8_lossy(value)
        );
    }
    for (key, value) in [
        ("_billing_country", "GB"),
        ("_order_total", "59.90"),
        ("_payment_method", "stripe"),
        ("_customer_user", "5"),
    ] {
        assert_eq!(
            meta(&s, "wp_postmeta", key, value.as_bytes()).unwrap(),
            value.as_bytes()
        );
    }
    // Saved addresses in usermeta, and the customer lookup table.
    assert_gone(
        &meta(
            &s,
            "wp_usermeta",
            "shipping_address_1",
            b"221B Baker Street",
        )
        .unwrap(),
        PII,
    );
    let lookup = [
        "customer_id",
        "user_id",
        "username",
        "first_name",
        "last_name",
        "email",
        "date_last_active",
        "country",
        "postcode",
        "city",
        "state",
    ];
    let (_, out) = run(
        &s,
        "wp_wc_customer_lookup",
        &lookup,
        &row(&[
            Some("3"),
            Some("5"),
            Some("janedoe"),
            Some("Jane"),
            Some("Doe"),
            Some("jane.doe@mail.com"),
            None,
            Some("GB"),
            Some("NW1 6XE"),
            Some("London"),
            Some(""),
        ]),
    );
    for value in out.iter().flatten() {
        assert_gone(value, PII);
    }
    let email_in_meta = scrubbed
        .iter()
        .find(|(k, _)| *k == "_billing_email")
        .map(|(_, v)| v.clone());
    assert_eq!(out[5], email_in_meta, "one customer, one fake address");
    // Order notes quote customers.
    let comments = [
        "comment_ID",
        "comment_author",
        "comment_content",
        "comment_type",
    ];
    let (_, out) = run(
        &s,
        "wp_comments",
        &comments,
        &row(&[
            Some("9"),
            Some("WooCommerce"),
            Some("Refund sent to jane.doe@mail.com (+44 20 7946 0958)."),
            Some("order_note"),
        ]),
    );
    assert_gone(out[2].as_deref().unwrap(), PII);
}

#[test]
fn woocommerce_hpos_tables() {
    let s = scrubber(&["woocommerce"]);
    let orders = [
        "id",
        "status",
        "currency",
        "type",
        "total_amount",
        "customer_id",
        "billing_email",
        "date_created_gmt",
        "payment_method",
        "transaction_id",
        "ip_address",
        "user_agent",
        "customer_note",
    ];
    let input = row(&[
        Some("100"),
        Some("wc-processing"),
        Some("GBP"),
        Some("shop_order"),
        Some("59.90"),
        Some("5"),
        Some("jane.doe@mail.com"),
        Some("2024-01-02 10:30:00"),
        Some("stripe"),
        Some("pi_3Nx"),
        Some("2a02:1810:4d02::5"),
        Some("Mozilla/5.0 (iPhone)"),
        Some("Leave with Jane's neighbour at 221B Baker Street"),
    ]);
    let (_, out) = run(&s, "wp_wc_orders", &orders, &input);
    for (i, value) in out.iter().enumerate() {
        assert_gone(value.as_deref().unwrap_or_default(), PII);
        if [0, 1, 2, 3, 4, 5, 7, 8, 9].contains(&i) {
            assert_eq!(value, &input[i]);
        }
    }
    assert!(text(&out[10]).starts_with("2001:db8::"));

    let addresses = [
        "id",
        "order_id",
        "address_type",
        "first_name",
        "last_name",
        "company",
        "address_1",
        "address_2",
        "city",
        "state",
        "postcode",
        "country",
        "email",
        "phone",
    ];
    let input = row(&[
        Some("1"),
        Some("100"),
        Some("billing"),
        Some("Jane"),
        Some("Doe"),
        Some("Acme Widgets"),
        Some("221B Baker Street"),
        Some("Flat 2"),
        Some("London"),
        Some(""),
        Some("NW1 6XE"),
        Some("GB"),
        Some("jane.doe@mail.com"),
        Some("+44 20 7946 0958"),
    ]);
    let (_, out) = run(&s, "wp_wc_order_addresses", &addresses, &input);
    for value in out.iter().flatten() {
        assert_gone(value, PII);
        assert_gone(value, &["Flat 2"]);
    }
    assert_eq!(leaks("wp_wc_order_addresses", &addresses, &out), 0);
    assert_eq!(
        (text(&out[2]), text(&out[11])),
        ("billing".into(), "GB".into())
    );

    assert!(meta(
        &s,
        "wp_wc_orders_meta",
        "_wc_order_attribution_user_agent",
        b"Mozilla/5.0 (Pixel 8)"
    )
    .unwrap()
    .starts_with(b"Mozilla/5.0 (scrubbed)"));
    let op = ["id", "order_id", "created_via", "cart_hash", "order_key"];
    let (_, out) = run(
        &s,
        "wp_wc_order_operational_data",
        &op,
        &row(&[
            Some("1"),
            Some("100"),
            Some("checkout"),
            Some("abc"),
            Some("wc_order_Jane8XyZ1"),
        ]),
    );
    let legacy = meta(&s, "wp_postmeta", "_order_key", b"wc_order_Jane8XyZ1");
    assert_eq!(
        out[4], legacy,
        "HPOS and legacy copies of the order key agree"
    );
    assert_eq!(text(&out[3]), "abc");

    let keys = [
        "key_id",
        "user_id",
        "description",
        "permissions",
        "consumer_key",
        "consumer_secret",
        "truncated_key",
    ];
    let (_, out) = run(
        &s,
        "wp_woocommerce_api_keys",
        &keys,
        &row(&[
            Some("1"),
            Some("1"),
            Some("Zapier"),
            Some("read_write"),
            Some("a3f1c2e4b5d6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70"),
            Some("cs_0123456789abcdef0123456789abcdef01234567"),
            Some("ef70000"),
        ]),
    );
    assert!(text(&out[4]).starts_with("*scrubbed*") && text(&out[5]).starts_with("*scrubbed*"));
    assert!(
        out[5].as_ref().unwrap().len() <= 43,
        "fits consumer_secret char(43)"
    );

    let hooks = [
        "webhook_id",
        "status",
        "name",
        "delivery_url",
        "secret",
        "topic",
    ];
    let (_, out) = run(
        &s,
        "wp_wc_webhooks",
        &hooks,
        &row(&[
            Some("1"),
            Some("active"),
            Some("CRM"),
            Some("https://crm.acme-widgets.com/hook"),
            Some("s3cr3t"),
            Some("order.created"),
        ]),
    );
    assert!(text(&out[3]).contains(".example.invalid/") && text(&out[4]).starts_with("*scrubbed*"));

    let tokens = [
        "token_id",
        "gateway_id",
        "token",
        "user_id",
        "type",
        "is_default",
    ];
    let (_, out) = run(
        &s,
        "wp_woocommerce_payment_tokens",
        &tokens,
        &row(&[
            Some("1"),
            Some("stripe"),
            Some("pm_1NxYzABC"),
            Some("5"),
            Some("CC"),
            Some("1"),
        ]),
    );
    assert!(text(&out[2]).starts_with("*scrubbed*"));
    let tokenmeta = |key: &str, value: &str| {
        text(&meta(
            &s,
            "wp_woocommerce_payment_tokenmeta",
            key,
            value.as_bytes(),
        ))
    };
    assert_eq!(tokenmeta("card_type", "visa"), "visa");
    assert_eq!(tokenmeta("expiry_year", "2027"), "2027");
    assert_eq!(tokenmeta("last4", "4242").len(), 4);
    assert!(tokenmeta("email", "jane.doe@mail.com").ends_with("@example.invalid"));

    let (_, out) = run(
        &s,
        "wp_wc_download_log",
        &[
            "download_log_id",
            "timestamp",
            "permission_id",
            "user_id",
            "user_ip_address",
        ],
        &row(&[
            Some("1"),
            Some("2024-01-01"),
            Some("3"),
            Some("5"),
            Some("81.2.69.160"),
        ]),
    );
    assert_gone(out[4].as_deref().unwrap(), PII);
    let perms = [
        "permission_id",
        "download_id",
        "product_id",
        "order_id",
        "order_key",
        "user_email",
        "user_id",
    ];
    let (_, out) = run(
        &s,
        "wp_woocommerce_downloadable_product_permissions",
        &perms,
        &row(&[
            Some("1"),
            Some("d1"),
            Some("31"),
            Some("100"),
            Some("wc_order_Jane8XyZ1"),
            Some("jane.doe@mail.com"),
            Some("5"),
        ]),
    );
    assert_gone(out[5].as_deref().unwrap(), PII);
    assert_eq!(out[4], legacy);
}

#[test]
fn woocommerce_gateway_secrets_are_invalidated_in_settings() {
    let s = scrubber(&["woocommerce"]);
    let settings = assoc(vec![
        ("enabled", Php::S("yes")),
        ("title", Php::S("Credit card")),
        ("publishable_key", Php::S("pk_live_abc")),
        ("secret_key", Php::S("sk_live_abc123")),
        ("webhook_secret", Php::S("whsec_abc")),
        (
            "recipient",
            Php::S("orders@acme-widgets.com, jane.doe@mail.com"),
        ),
    ])
    .ser();
    let columns = ["option_id", "option_name", "option_value", "autoload"];
    let (_, out) = run(
        &s,
        "wp_options",
        &columns,
        &raw_row(&[b"1", b"woocommerce_stripe_settings", &settings, b"yes"]),
    );
    let out = out[2].clone().unwrap();
    validate(&out).unwrap();
    assert_gone(
        &out,
        &[
            "sk_live_abc123",
            "whsec_abc",
            "acme-widgets.com",
            "jane.doe@mail.com",
        ],
    );
    assert!(contains(&out, "pk_live_abc") && contains(&out, "Credit card"));
}

#[test]
fn gravity_forms_entries() {
    let s = scrubber(&["gravityforms"]);
    let entry = [
        "id",
        "form_id",
        "post_id",
        "date_created",
        "is_starred",
        "ip",
        "source_url",
        "user_agent",
        "currency",
        "payment_status",
        "created_by",
        "status",
    ];
    let input = row(&[
        Some("1"),
        Some("2"),
        None,
        Some("2024-01-02 10:30:00"),
        Some("0"),
        Some("81.2.69.160"),
        Some("https://site.org/contact/?email=jane.doe@mail.com"),
        Some("Mozilla/5.0 (Windows NT 10.0)"),
        Some("GBP"),
        None,
        Some("5"),
        Some("active"),
    ]);
    let (_, out) = run(&s, "wp_gf_entry", &entry, &input);
    for value in out.iter().flatten() {
        assert_gone(value, PII);
    }
    assert_eq!((out[2].clone(), text(&out[11])), (None, "active".into()));

    let entry_meta = [
        "id",
        "form_id",
        "entry_id",
        "meta_key",
        "meta_value",
        "item_index",
    ];
    let list_field = Php::A(vec![(
        support::PhpKey::I(0),
        assoc(vec![
            ("Name", Php::S("Jane Doe")),
            ("Email", Php::S("jane.doe@mail.com")),
        ]),
    )])
    .ser();
    let values: Vec<(&str, Vec<u8>)> = vec![
        ("1.3", b"Jane".to_vec()),
        ("1.6", b"Doe".to_vec()),
        ("2", b"jane.doe@mail.com".to_vec()),
        ("3", b"(555) 010-9999".to_vec()),
        ("4.1", b"221B Baker Street".to_vec()),
        ("4.5", b"NW1 6XE".to_vec()),
        (
            "5",
            b"I'd like a quote for Acme Widgets, I am in London".to_vec(),
        ),
        ("6", list_field),
        (
            "7",
            b"[\"https:\\/\\/site.org\\/uploads\\/jane-doe-cv.pdf\"]".to_vec(),
        ),
    ];
    for (key, value) in &values {
        let (_, out) = run(
            &s,
            "wp_gf_entry_meta",
            &entry_meta,
            &raw_row(&[b"1", b"2", b"1", key.as_bytes(), value, b""]),
        );
        let out = out[4].clone().unwrap();
        assert_gone(&out, PII);
        assert_gone(&out, &["555) 010", "jane-doe-cv"]);
        if *key == "6" {
            validate(&out).unwrap();
            assert!(contains(&out, "s:4:\"Name\""), "keys stay");
        }
        if *key == "7" {
            serde_json::from_slice::<serde_json::Value>(&out).unwrap();
        }
    }
    let notes = [
        "id",
        "entry_id",
        "user_name",
        "user_id",
        "date_created",
        "value",
        "note_type",
    ];
    let (_, out) = run(
        &s,
        "wp_gf_entry_notes",
        &notes,
        &row(&[
            Some("1"),
            Some("1"),
            Some("Jane Doe"),
            Some("1"),
            Some("2024-01-02"),
            Some("Notification sent to jane.doe@mail.com"),
            Some("notification"),
        ]),
    );
    for value in out.iter().flatten() {
        assert_gone(value, PII);
    }
    let plan = s
        .plan_table(
            "wp_gf_draft_submissions",
            &[
                "uuid",
                "email",
                "form_id",
                "date_created",
                "ip",
                "source_url",
                "submission",
            ],
        )
        .unwrap();
    assert!(plan.truncates());
    let (_, out) = run(
        &s,
        "wp_rg_lead_detail",
        &["id", "lead_id", "form_id", "field_number", "value"],
        &row(&[
            Some("1"),
            Some("1"),
            Some("2"),
            Some("2"),
            Some("jane.doe@mail.com"),
        ]),
    );
    assert_gone(out[4].as_deref().unwrap(), PII);
}

#[test]
fn flamingo_messages_and_contacts() {
    let s = scrubber(&["wordpress", "contact-form-7"]);
    let posts = [
        "ID",
        "post_author",
        "post_date",
        "post_content",
        "post_title",
        "post_status",
        "post_name",
        "post_type",
    ];
    let contact = row(&[
        Some("40"),
        Some("0"),
        Some("2024-01-02"),
        Some("jane.doe@mail.com Jane Doe"),
        Some("jane.doe@mail.com"),
        Some("publish"),
        Some("jane-doe-mail-com"),
        Some("flamingo_contact"),
    ]);
    let (_, out) = run(&s, "wp_posts", &posts, &contact);
    for value in out.iter().flatten() {
        assert_gone(value, PII);
        assert_gone(value, &["jane-doe"]);
    }
    let inbound = row(&[
        Some("41"),
        Some("0"),
        Some("2024-01-02"),
        Some("Jane Doe\njane.doe@mail.com\nQuote for Acme Widgets\nPlease call +44 20 7946 0958"),
        Some("Quote for Acme Widgets"),
        Some("publish"),
        Some("quote-for-acme-widgets"),
        Some("flamingo_inbound"),
    ]);
    let (_, out) = run(&s, "wp_posts", &posts, &inbound);
    for value in out.iter().flatten() {
        assert_gone(value, PII);
        assert_gone(value, &["acme-widgets"]);
    }
    assert_eq!(text(&out[7]), "flamingo_inbound");

    let request = assoc(vec![
        ("remote_ip", Php::S("81.2.69.160")),
        ("user_agent", Php::S("Mozilla/5.0 (Windows NT 10.0)")),
        ("url", Php::S("https://site.org/contact/")),
        ("date", Php::S("January 2, 2024")),
        ("post_author", Php::S("Site Owner")),
        ("post_author_email", Php::S("owner@site.org")),
        ("site_title", Php::S("Acme")),
    ])
    .ser();
    let out = meta(&s, "wp_postmeta", "_meta", &request).unwrap();
    validate(&out).unwrap();
    assert_gone(
        &out,
        &["81.2.69.160", "Windows NT", "owner@site.org", "Site Owner"],
    );
    assert!(contains(&out, "January 2, 2024"));
    for (key, value) in [
        ("_from", "Jane Doe <jane.doe@mail.com>"),
        ("_from_name", "Jane Doe"),
        ("_from_email", "jane.doe@mail.com"),
        ("_field_your-name", "Jane Doe"),
        ("_field_your-email", "jane.doe@mail.com"),
        ("_field_your-phone", "+44 20 7946 0958"),
        ("_field_your-message", "Hello from London, Baker Street"),
        ("_email", "jane.doe@mail.com"),
        ("_subject", "Quote for Jane"),
    ] {
        assert_gone(
            &meta(&s, "wp_postmeta", key, value.as_bytes()).unwrap(),
            PII,
        );
    }
    assert_eq!(
        meta(&s, "wp_postmeta", "_email", b"field_5f3a1b2c3d4e5").unwrap(),
        b"field_5f3a1b2c3d4e5"
    );
}

#[test]
fn wpforms_entries_keep_their_json() {
    let s = scrubber(&["wpforms"]);
    let fields = serde_json::json!({
        "1": {"name": "Name", "value": "Jane Doe", "id": 1, "type": "name", "first": "Jane", "middle": "", "last": "Doe"},
        "2": {"name": "Email", "value": "jane.doe@mail.com", "id": 2, "type": "email"},
        "3": {"name": "Phone", "value": "+44 20 7946 0958", "id": 3, "type": "phone"},
        "4": {"name": "Address", "value": "221B Baker Street\nLondon NW1 6XE", "id": 4, "type": "address", "address1": "221B Baker Street", "address2": "", "city": "London", "state": "", "postal": "NW1 6XE", "country": "GB"},
        "5": {"name": "Comment or Message", "value": "We run Acme Widgets.", "id": 5, "type": "textarea"}
    })
    .to_string();
    let entries = [
        "entry_id",
        "form_id",
        "post_id",
        "user_id",
        "status",
        "type",
        "fields",
        "meta",
        "date",
        "ip_address",
        "user_agent",
        "user_uuid",
    ];
    let input = row(&[
        Some("1"),
        Some("9"),
        Some("0"),
        Some("0"),
        Some(""),
        Some(""),
        Some(&fields),
        Some("{\"note\":\"from jane.doe@mail.com\"}"),
        Some("2024-01-02 10:30:00"),
        Some("81.2.69.160"),
        Some("Mozilla/5.0 (X11)"),
        Some("3f2a9c1b-77e4-4d1a-9c3e-2b8f1a6d5e40"),
    ]);
    let (verdict, out) = run(&s, "wp_wpforms_entries", &entries, &input);
    assert_eq!(verdict, RowVerdict::Keep);
    for value in out.iter().flatten() {
        assert_gone(value, PII);
        assert_gone(value, &["3f2a9c1b-77e4"]);
    }
    let json: serde_json::Value = serde_json::from_slice(out[6].as_deref().unwrap()).unwrap();
    assert_eq!(json["2"]["name"], "Email");
    assert_eq!(json["4"]["type"], "address");
    assert_eq!(json["4"]["country"], "GB");
    assert_eq!(json["1"]["id"], 1);
    assert!(json["2"]["value"]
        .as_str()
        .unwrap()
        .ends_with("@example.invalid"));
    serde_json::from_slice::<serde_json::Value>(out[7].as_deref().unwrap()).unwrap();

    let (_, out) = run(
        &s,
        "wp_wpforms_entry_fields",
        &["id", "entry_id", "form_id", "field_id", "value", "date"],
        &row(&[
            Some("1"),
            Some("1"),
            Some("9"),
            Some("2"),
            Some("jane.doe@mail.com"),
            Some("2024-01-02"),
        ]),
    );
    assert_gone(out[4].as_deref().unwrap(), PII);
    let (_, out) = run(
        &s,
        "wp_wpforms_entry_meta",
        &[
            "id", "entry_id", "form_id", "user_id", "status", "type", "data", "date",
        ],
        &row(&[
            Some("1"),
            Some("1"),
            Some("9"),
            Some("1"),
            Some(""),
            Some("note"),
            Some("Called back on +44 20 7946 0958"),
            Some("2024-01-02"),
        ]),
    );
    assert_gone(out[6].as_deref().unwrap(), PII);
}

#[test]
fn every_preset_loads_with_every_other() {
    let names = slipway_scrub::Policy::preset_names();
    assert_eq!(
        names,
        [
            "wordpress",
            "woocommerce",
            "gravityforms",
            "contact-form-7",
            "wpforms"
        ]
    );
    let all = slipway_scrub::Policy::presets(names.iter().copied()).unwrap();
    Scrubber::new(all, key(1), Default::default()).unwrap();
}
