//! The engine through its public API: actions, joins across tables,
//! precedence, prefixes, kept accounts, strict mode, counters.

mod support;

use std::collections::HashSet;

use slipway_scrub::{
    detect_prefix, Cell, Options, Policy, RowVerdict, ScrubKey, ScrubStats, Scrubber,
    FAKE_EMAIL_DOMAIN,
};
use support::*;

const USERS: &[&str] = &[
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

fn user(id: &str, login: &str, email: &str) -> Row {
    row(&[
        Some(id),
        Some(login),
        Some("$P$BWbGqWzmTDVT6.HQ2qpTz1RXHvZkqR0"),
        Some(login),
        Some(email),
        Some("https://janedoe.net"),
        Some("2021-03-04 10:11:12"),
        Some("1700000000:$P$Bxyz"),
        Some("0"),
        Some("Jane Doe"),
    ])
}

const COMMENTS: &[&str] = &[
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

fn comment(email: &str, content: &str, kind: &str, user_id: &str) -> Row {
    row(&[
        Some("7"),
        Some("12"),
        Some("Jane Doe"),
        Some(email),
        Some("http://janedoe.net"),
        Some("81.2.69.160"),
        Some("2024-01-02 10:30:00"),
        Some(content),
        Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"),
        Some(kind),
        Some(user_id),
    ])
}

fn email_rule(table: &str, column: &str) -> String {
    format!("[[rule]]\ntable='{table}'\ncolumn='{column}'\naction='email'\n")
}

/// The fake email of `input` from a scrubber with `key`, through `wc_orders`.
fn fake_email(key: ScrubKey, input: &str) -> String {
    let policy = Policy::from_toml(&email_rule("wc_orders", "billing_email")).unwrap();
    let scrubber = Scrubber::new(policy, key, Options::default()).unwrap();
    let (_, out) = run(
        &scrubber,
        "wp_wc_orders",
        &["id", "billing_email"],
        &row(&[Some("1"), Some(input)]),
    );
    text(&out[1])
}

#[test]
fn fakes_are_deterministic_per_key_and_differ_across_keys() {
    let a = fake_email(support::key(1), "jane@mail.com");
    assert_eq!(a, fake_email(support::key(1), "jane@mail.com"));
    assert_ne!(a, fake_email(support::key(2), "jane@mail.com"));
    assert_ne!(a, fake_email(support::key(1), "john@mail.com"));
    // Case and surrounding spaces do not make another person.
    assert_eq!(a, fake_email(support::key(1), " Jane@MAIL.com "));
}

#[test]
fn the_same_email_gets_the_same_fake_in_users_comments_and_orders() {
    let s = scrubber(&["wordpress", "woocommerce"]);
    let (_, u) = run(
        &s,
        "wp_users",
        USERS,
        &user("5", "jane", "Jane.Doe@mail.com"),
    );
    let (_, c) = run(
        &s,
        "wp_comments",
        COMMENTS,
        &comment("jane.doe@mail.com", "Hi", "comment", "0"),
    );
    let orders = [
        "id",
        "status",
        "billing_email",
        "ip_address",
        "user_agent",
        "customer_note",
    ];
    let (_, o) = run(
        &s,
        "wp_wc_orders",
        &orders,
        &row(&[
            Some("100"),
            Some("wc-completed"),
            Some("jane.doe@mail.com"),
            Some("81.2.69.160"),
            Some("UA"),
            Some(""),
        ]),
    );
    let from_users = text(&u[4]);
    assert!(
        from_users.ends_with(&format!("@{FAKE_EMAIL_DOMAIN}")),
        "{from_users}"
    );
    assert_eq!(from_users, text(&c[3]));
    assert_eq!(from_users, text(&o[2]));
    // The IP agrees too: comments and orders can still be matched.
    assert_eq!(text(&c[5]), text(&o[3]));
}

#[test]
fn fake_emails_are_valid_and_unique_over_100k_inputs() {
    let s = Scrubber::new(
        Policy::from_toml(&email_rule("users", "user_email")).unwrap(),
        support::key(3),
        Options::default(),
    )
    .unwrap();
    let plan = s.plan_table("wp_users", &["ID", "user_email"]).unwrap();
    assert_eq!(plan.needed_columns(), [1]);
    let mut seen = HashSet::new();
    for i in 0..100_000 {
        let mut cells = [Cell {
            value: Some(format!("person.{i}@mail-{}.com", i % 97).into_bytes()),
            changed: false,
        }];
        plan.scrub_row(&s, &mut cells);
        let fake = String::from_utf8(cells[0].value.take().unwrap()).unwrap();
        let (local, domain) = fake.split_once('@').unwrap();
        assert_eq!(domain, FAKE_EMAIL_DOMAIN);
        assert!(!local.is_empty() && local.len() <= 64);
        assert!(
            local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "{fake}"
        );
        assert!(seen.insert(fake), "duplicate fake at {i}");
    }
}

#[test]
fn phones_keep_their_pattern_through_the_engine() {
    let s = scrubber(&["woocommerce"]);
    for phone in [
        "+44 20 7946 0958",
        "(555) 010-9999",
        "06 12 34 56 78",
        "0049-30-1234567",
    ] {
        let fake = meta(&s, "wp_usermeta", "billing_phone", phone.as_bytes()).unwrap();
        let fake = String::from_utf8(fake).unwrap();
        assert_ne!(fake, phone);
        let shape = |p: &str| {
            p.chars()
                .map(|c| if c.is_ascii_digit() { '9' } else { c })
                .collect::<String>()
        };
        assert_eq!(shape(&fake), shape(phone), "{phone} → {fake}");
    }
}

#[test]
fn every_value_action_does_what_it_says() {
    let policy = "
        [[rule]]
        table = 't'
        column = 'a'
        action = 'fixed'
        value = 'FIX'
        [[rule]]
        table = 't'
        column = 'b'
        action = 'null'
        [[rule]]
        table = 't'
        column = 'c'
        action = 'empty'
        [[rule]]
        table = 't'
        column = 'd'
        action = 'invalidate'
        [[rule]]
        table = 't'
        column = 'e'
        action = 'ip'
        [[rule]]
        table = 't'
        column = 'f'
        action = 'url'
        [[rule]]
        table = 't'
        column = 'g'
        action = 'text'
        [[rule]]
        table = 't'
        column = 'h'
        action = 'keep'
        [[rule]]
        table = 't'
        column = 'i'
        action = 'postcode'
        [[rule]]
        table = 't'
        column = 'j'
        action = 'address'
    ";
    let s = scrubber_with(&[], policy, Options::default());
    let columns = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    let input = row(&[
        Some("x"),
        Some("y"),
        Some("z"),
        Some("$P$Bsecret"),
        Some("2a02:1810::5"),
        Some("https://jane.example.org/about?me=1"),
        Some("Some long text about me."),
        Some("kept"),
        Some("SW1A 1AA"),
        Some("10 Downing Street, London"),
        Some("untouched"),
    ]);
    let (verdict, out) = run(&s, "t", &columns, &input);
    assert_eq!(verdict, RowVerdict::Keep);
    assert_eq!(text(&out[0]), "FIX");
    assert_eq!(out[1], None);
    assert_eq!(text(&out[2]), "");
    assert!(text(&out[3]).starts_with("*scrubbed*"));
    assert!(text(&out[4]).starts_with("2001:db8::"), "{}", text(&out[4]));
    assert!(text(&out[5]).starts_with("https://") && text(&out[5]).ends_with(".example.invalid/"));
    assert_eq!(text(&out[6]).len(), "Some long text about me.".len());
    assert_eq!(text(&out[7]), "kept");
    assert_ne!(text(&out[8]), "SW1A 1AA");
    assert_eq!(text(&out[8]).len(), 8);
    assert!(text(&out[9]).contains(", "), "{}", text(&out[9]));
    assert_eq!(out[10], input[10]);
    // NULL stays NULL, empty stays empty: there is nothing to hide.
    let (_, out) = run(
        &s,
        "t",
        &columns,
        &row(&[
            None,
            None,
            None,
            Some(""),
            None,
            Some(" "),
            None,
            None,
            None,
            None,
            None,
        ]),
    );
    assert_eq!(
        (out[0].clone(), text(&out[3]), text(&out[5])),
        (None, String::new(), " ".into())
    );
}

#[test]
fn later_and_more_specific_rules_win() {
    let s = scrubber_with(
        &["wordpress", "woocommerce"],
        "
        [[rule]]
        table = 'users'
        column = 'display_name'
        action = 'keep'
        [[rule]]
        table = 'usermeta'
        key = 'billing_*'
        action = 'fixed'
        value = 'glob'
        [[rule]]
        table = 'usermeta'
        key = 'billing_*_name'
        action = 'fixed'
        value = 'longer glob'
        ",
        Options::default(),
    );
    let (_, u) = run(&s, "wp_users", USERS, &user("5", "jane", "jane@mail.com"));
    assert_eq!(
        text(&u[9]),
        "Jane Doe",
        "the site's policy comes last and wins"
    );
    // An exact key (the preset's) beats any pattern.
    assert!(text(&meta(&s, "wp_usermeta", "billing_email", b"jane@mail.com")).starts_with("user-"));
    // Patterns: the longer literal part wins.
    assert_eq!(
        text(&meta(&s, "wp_usermeta", "billing_x_name", b"Jane")),
        "longer glob"
    );
    assert_eq!(
        text(&meta(&s, "wp_usermeta", "billing_vat", b"GB123")),
        "glob"
    );
}

#[test]
fn truncate_and_conditional_deletes() {
    let s = scrubber_with(
        &["gravityforms"],
        "
        [[rule]]
        table = 'posts'
        action = 'delete_row'
        when = { column = 'post_type', in = ['flamingo_inbound'] }
        [[rule]]
        table = 'postmeta'
        key = '_secret_*'
        action = 'delete_row'
        ",
        Options::default(),
    );
    let plan = s
        .plan_table("wp_gf_draft_submissions", &["uuid", "email"])
        .unwrap();
    assert!(plan.truncates());
    assert_eq!(plan.scrub_row(&s, &mut []), RowVerdict::Delete);
    let posts = ["ID", "post_type", "post_content"];
    let (v, _) = run(
        &s,
        "wp_posts",
        &posts,
        &row(&[Some("1"), Some("flamingo_inbound"), Some("x")]),
    );
    assert_eq!(v, RowVerdict::Delete);
    let (v, _) = run(
        &s,
        "wp_posts",
        &posts,
        &row(&[Some("2"), Some("post"), Some("x")]),
    );
    assert_eq!(v, RowVerdict::Keep);
    let meta_cols = ["meta_id", "post_id", "meta_key", "meta_value"];
    let (v, _) = run(
        &s,
        "wp_postmeta",
        &meta_cols,
        &row(&[Some("1"), Some("1"), Some("_secret_token"), Some("x")]),
    );
    assert_eq!(v, RowVerdict::Delete);
    let (v, _) = run(
        &s,
        "wp_postmeta",
        &meta_cols,
        &row(&[Some("1"), Some("1"), Some("_other"), Some("x")]),
    );
    assert_eq!(v, RowVerdict::Keep);
    // A table-wide keep in the site's policy lifts the preset's truncate.
    let s = scrubber_with(
        &["gravityforms"],
        "[[rule]]\ntable='gf_draft_submissions'\naction='keep'",
        Options::default(),
    );
    assert!(s
        .plan_table("wp_gf_draft_submissions", &["uuid", "email"])
        .is_none());
}

#[test]
fn tables_without_rules_are_left_alone() {
    let s = scrubber(&["wordpress"]);
    assert!(s.plan_table("wp_terms", &["term_id", "name"]).is_none());
    assert!(s
        .plan_table("wp_yoast_indexable", &["id", "permalink"])
        .is_none());
    assert!(s.plan_table("orders", &["id", "email"]).is_none());
    // Rules that only mark keys as known need no plan, unless strict mode
    // is to count the keys they do not name.
    let blogmeta = ["meta_id", "blog_id", "meta_key", "meta_value"];
    assert!(s.plan_table("wp_blogmeta", &blogmeta).is_none());
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let strict = scrubber_with(&["wordpress"], "", strict);
    assert!(strict.plan_table("wp_blogmeta", &blogmeta).is_some());
    // A rule naming a missing column is reported, not applied.
    let s = scrubber_with(&[], &email_rule("users", "user_emial"), Options::default());
    assert!(s.plan_table("wp_users", &["ID", "user_email"]).is_none());
    let s = scrubber_with(
        &["wordpress"],
        &email_rule("users", "user_emial"),
        Options::default(),
    );
    let plan = s.plan_table("wp_users", &["ID", "user_email"]).unwrap();
    assert!(
        plan.warnings().iter().any(|w| w.contains("user_emial")),
        "{:?}",
        plan.warnings()
    );
}

#[test]
fn prefixes_and_multisite_tables_are_recognised() {
    let s = scrubber(&["wordpress", "woocommerce"]);
    for table in [
        "wp_comments",
        "a1b2_comments",
        "wp_12_comments",
        "shop_3_comments",
        "comments",
    ] {
        let (_, out) = run(
            &s,
            table,
            COMMENTS,
            &comment("jane@mail.com", "x", "comment", "0"),
        );
        assert!(text(&out[3]).ends_with(FAKE_EMAIL_DOMAIN), "{table}");
    }
    let t = s.split_table("wp_12_commentmeta").unwrap();
    assert_eq!(
        (t.prefix, t.blog_id, t.base),
        ("wp_", Some(12), "commentmeta")
    );
    let t = s.split_table("shop_wc_orders").unwrap();
    assert_eq!((t.prefix, t.blog_id, t.base), ("shop_", None, "wc_orders"));
    assert_eq!(
        s.base_name("wp_2_woocommerce_sessions"),
        Some("woocommerce_sessions")
    );
    assert!(s.split_table("wp_myplugin_log").is_none());

    // With the prefix given, only its tables count and any base is read.
    let options = Options {
        table_prefix: Some("a1b2_".into()),
        ..Options::default()
    };
    let s = scrubber_with(&["wordpress"], "", options);
    assert!(s.plan_table("wp_comments", COMMENTS).is_none());
    assert!(s.plan_table("a1b2_17_comments", COMMENTS).is_some());
    assert_eq!(s.base_name("a1b2_myplugin_log"), Some("myplugin_log"));

    let names = [
        "wp_commentmeta",
        "wp_comments",
        "wp_2_posts",
        "wp_usermeta",
        "wp_users",
    ];
    assert_eq!(detect_prefix(names).as_deref(), Some("wp_"));
}

#[test]
fn kept_accounts_stay_intact() {
    let options = Options {
        keep_users: vec!["Admin".into(), "owner@shop.ie".into()],
        ..Options::default()
    };
    let mut s = scrubber_with(&["wordpress", "woocommerce"], "", options);
    // Found in a pre-pass over `users` (dumps write usermeta first).
    s.keep_user_id(1);
    let meta_cols = ["umeta_id", "user_id", "meta_key", "meta_value"];
    let kept = row(&[
        Some("1"),
        Some("1"),
        Some("billing_phone"),
        Some("+44 20 7946 0958"),
    ]);
    assert_eq!(run(&s, "wp_usermeta", &meta_cols, &kept).1, kept);
    let other = row(&[
        Some("2"),
        Some("2"),
        Some("billing_phone"),
        Some("+44 20 7946 0958"),
    ]);
    assert_ne!(run(&s, "wp_usermeta", &meta_cols, &other).1, other);

    // In `users`, by login or email in any case; the ID is learned for the
    // tables that come after.
    let admin = user("1", "admin", "root@site.org");
    assert_eq!(run(&s, "wp_users", USERS, &admin).1, admin);
    let owner = user("9", "owner", "Owner@Shop.ie");
    assert_eq!(run(&s, "wp_users", USERS, &owner).1, owner);
    let lookup = ["customer_id", "user_id", "username", "first_name", "email"];
    let later = row(&[
        Some("3"),
        Some("9"),
        Some("owner"),
        Some("Olive"),
        Some("owner@shop.ie"),
    ]);
    assert_eq!(run(&s, "wp_wc_customer_lookup", &lookup, &later).1, later);
    let stranger = user("4", "jane", "jane@mail.com");
    assert_ne!(run(&s, "wp_users", USERS, &stranger).1, stranger);
    // A kept email stays wherever it is written.
    let (_, c) = run(
        &s,
        "wp_comments",
        COMMENTS,
        &comment("owner@shop.ie", "mail owner@shop.ie", "comment", "0"),
    );
    assert_eq!(text(&c[3]), "owner@shop.ie");
    assert_eq!(text(&c[7]), "mail owner@shop.ie");
}

#[test]
fn strict_mode_lists_only_keys_no_rule_covers() {
    let options = Options {
        strict: true,
        ..Options::default()
    };
    let s = scrubber_with(&["wordpress", "woocommerce"], "", options);
    for (key, value) in [
        ("_edit_lock", "1700000000:1"),
        ("_billing_email", "jane@mail.com"),
        ("_price", "10"),
        ("_yoast_wpseo_title", "Title"),
        ("_yoast_wpseo_title", "Other"),
        ("_elementor_data", "[]"),
    ] {
        meta(&s, "wp_postmeta", key, value.as_bytes());
    }
    let option_cols = ["option_id", "option_name", "option_value", "autoload"];
    for name in [
        "siteurl",
        "_transient_feed_1",
        "widget_text",
        "my_plugin_license",
    ] {
        run(
            &s,
            "wp_options",
            &option_cols,
            &row(&[Some("1"), Some(name), Some("v"), Some("yes")]),
        );
    }
    let listed: Vec<String> = s.uncovered_keys().iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        [
            "options: my_plugin_license (1 rows)",
            "postmeta: _elementor_data (1 rows)",
            "postmeta: _yoast_wpseo_title (2 rows)",
        ]
    );
    // Without strict, nothing is collected.
    let s = scrubber(&["wordpress"]);
    meta(&s, "wp_postmeta", "_yoast_wpseo_title", b"Title");
    assert!(s.uncovered_keys().is_empty());
}

#[test]
fn counters_say_what_changed_per_table_and_column() {
    let s = scrubber(&["wordpress"]);
    let plan = s
        .plan_table(
            "wp_usermeta",
            &["umeta_id", "user_id", "meta_key", "meta_value"],
        )
        .unwrap();
    let mut stats = plan.new_stats();
    let tokens = assoc(vec![("abc", assoc(vec![("ip", Php::S("81.2.69.160"))]))]).ser();
    for (key, value) in [
        ("first_name", &b"Jane"[..]),
        ("session_tokens", &tokens),
        ("locale", b"en_GB"),
        ("first_name", b""),
        (
            "community-events-location",
            &assoc(vec![("ip", Php::S("81.2.69.0"))]).ser(),
        ),
        (
            "community-events-location",
            b"a:1:{s:2:\"ip\";s:99:\"broken\";}",
        ),
    ] {
        let mut cells: Vec<Cell> = plan
            .needed_columns()
            .iter()
            .map(|&i| Cell {
                value: Some([&b"1"[..], b"2", key.as_bytes(), value][i].to_vec()),
                changed: false,
            })
            .collect();
        plan.scrub_row_counted(&s, &mut cells, &mut stats);
    }
    let mut all = ScrubStats::default();
    all.add("wp_usermeta", &stats);
    let table = &all.tables["wp_usermeta"];
    assert_eq!(table.rows, 6);
    let value = table.columns["meta_value"];
    assert_eq!(
        (
            value.changed,
            value.scrubbed_inside,
            value.broken_serialized
        ),
        (3, 1, 1)
    );
    assert!(!table.columns.contains_key("meta_key"));
    assert!(
        all.to_string()
            .contains("meta_value: 3 changed, 1 scrubbed inside"),
        "{all}"
    );
}

#[test]
fn a_scrubber_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Scrubber>();
    shared::<slipway_scrub::TablePlan>();
}
