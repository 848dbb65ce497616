use super::*;

fn key(byte: u8) -> ScrubKey {
    ScrubKey::from_bytes([byte; 32])
}

fn scrubber(presets: &[&str], options: Options) -> Scrubber {
    let mut policy = Policy::default();
    for p in presets {
        policy.extend(Policy::preset(p).expect("preset"));
    }
    Scrubber::new(policy, key(7), options).expect("compiles")
}

/// Scrubs one row given as (column, value) pairs; returns the verdict and
/// the row afterwards.
fn row(
    s: &Scrubber,
    table: &str,
    values: &[(&str, Option<&str>)],
) -> (RowVerdict, Vec<Option<String>>) {
    let columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
    let mut out: Vec<Option<String>> = values.iter().map(|(_, v)| v.map(str::to_owned)).collect();
    let Some(plan) = s.plan_table(table, &columns) else {
        return (RowVerdict::Keep, out);
    };
    let mut cells: Vec<Cell> = plan
        .needed_columns()
        .iter()
        .map(|&i| Cell {
            value: values[i].1.map(|v| v.as_bytes().to_vec()),
            changed: false,
        })
        .collect();
    let verdict = plan.scrub_row(s, &mut cells);
    for (slot, &i) in plan.needed_columns().iter().enumerate() {
        if cells[slot].changed {
            out[i] = cells[slot]
                .value
                .as_ref()
                .map(|v| String::from_utf8_lossy(v).into_owned());
        }
    }
    (verdict, out)
}

#[test]
fn fakes_are_deterministic_per_key_and_differ_across_keys() {
    let a = key(1);
    let b = key(2);
    assert_eq!(a.email(b"Jane@Mail.com"), a.email(b"jane@mail.com"));
    assert_ne!(a.email(b"jane@mail.com"), b.email(b"jane@mail.com"));
    assert_eq!(a.name(b"Jane Doe"), key(1).name(b"Jane Doe"));
}

#[test]
fn fake_emails_are_valid_unique_and_reserved() {
    let k = key(3);
    let mut seen = HashSet::new();
    for i in 0..100_000 {
        let email =
            String::from_utf8(k.email(format!("person{i}@mail.com").as_bytes())).expect("ascii");
        assert!(email.ends_with("@example.invalid"), "{email}");
        assert!(email.split('@').next().is_some_and(
            |l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        ));
        assert!(seen.insert(email), "collision at {i}");
    }
}

#[test]
fn phones_and_postcodes_keep_their_shape() {
    let k = key(4);
    let phone = String::from_utf8(k.same_shape("phone", b"+44 (20) 7946-0958")).expect("ascii");
    assert_eq!(phone.len(), 18);
    assert!(phone.starts_with("+4"));
    assert_eq!(
        phone
            .chars()
            .map(|c| c.is_ascii_digit())
            .collect::<Vec<_>>(),
        "+44 (20) 7946-0958"
            .chars()
            .map(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
    );
    assert_ne!(phone, "+44 (20) 7946-0958");
    let postcode = String::from_utf8(k.same_shape("postcode", b"SW1A 1AA")).expect("ascii");
    assert!(postcode
        .chars()
        .zip("SW1A 1AA".chars())
        .all(|(a, b)| a.is_ascii_uppercase() == b.is_ascii_uppercase()
            && a.is_ascii_digit() == b.is_ascii_digit()));
}

#[test]
fn the_same_email_gets_the_same_fake_in_every_table() {
    let s = scrubber(&["wordpress", "woocommerce"], Options::default());
    let (_, users) = row(
        &s,
        "wp_users",
        &[("ID", Some("5")), ("user_email", Some("Jane@Mail.com"))],
    );
    let (_, comments) = row(
        &s,
        "wp_comments",
        &[("comment_author_email", Some("jane@mail.com"))],
    );
    let (_, orders) = row(
        &s,
        "wp_wc_orders",
        &[("billing_email", Some("jane@mail.com"))],
    );
    assert_eq!(users[1], comments[0]);
    assert_eq!(users[1], orders[0]);
    assert!(users[1]
        .as_deref()
        .is_some_and(|e| e.ends_with("@example.invalid")));
}

#[test]
fn key_value_rows_are_scrubbed_by_their_key() {
    let s = scrubber(&["wordpress", "woocommerce"], Options::default());
    let meta = |k: &str, v: &str| {
        row(
            &s,
            "wp_usermeta",
            &[
                ("umeta_id", Some("1")),
                ("user_id", Some("9")),
                ("meta_key", Some(k)),
                ("meta_value", Some(v)),
            ],
        )
        .1[3]
            .clone()
    };
    assert_eq!(meta("rich_editing", "true").as_deref(), Some("true"));
    assert_ne!(meta("first_name", "Jane").as_deref(), Some("Jane"));
    assert_ne!(
        meta("billing_phone", "+44 20 7946 0958").as_deref(),
        Some("+44 20 7946 0958")
    );
    let tokens = r#"a:1:{s:64:"0123456789012345678901234567890123456789012345678901234567890123";a:4:{s:10:"expiration";i:1;s:2:"ip";s:11:"81.2.69.160";s:2:"ua";s:7:"Firefox";s:5:"login";i:1;}}"#;
    assert_eq!(meta("session_tokens", tokens).as_deref(), Some("a:0:{}"));
    let post = |k: &str, v: &str| {
        row(
            &s,
            "wp_postmeta",
            &[
                ("meta_id", Some("1")),
                ("post_id", Some("2")),
                ("meta_key", Some(k)),
                ("meta_value", Some(v)),
            ],
        )
        .1[3]
            .clone()
    };
    assert_eq!(
        post("_billing_email", "jane@mail.com"),
        Some(String::from_utf8(key(7).email(b"jane@mail.com")).expect("ascii"))
    );
    assert_eq!(
        post("_customer_ip_address", "81.2.69.160")
            .as_deref()
            .map(|ip| ip.starts_with("192.0.2.")),
        Some(true)
    );
    assert_eq!(
        post("_edit_lock", "1700000000:1").as_deref(),
        Some("1700000000:1")
    );
}

#[test]
fn serialized_values_are_scrubbed_inside_and_stay_valid() {
    let s = scrubber(&["wordpress", "woocommerce"], Options::default());
    let submitted = r#"a:3:{s:14:"comment_author";s:8:"Jane Doe";s:20:"comment_author_email";s:13:"jane@mail.com";s:7:"user_ip";s:11:"81.2.69.160";}"#;
    let (_, out) = row(
        &s,
        "wp_commentmeta",
        &[
            ("meta_id", Some("1")),
            ("comment_id", Some("3")),
            ("meta_key", Some("akismet_as_submitted")),
            ("meta_value", Some(submitted)),
        ],
    );
    let value = out[3].clone().expect("value");
    assert_eq!(slipway_phpser::validate(value.as_bytes()), Ok(()));
    assert!(
        !value.contains("jane@mail.com")
            && !value.contains("81.2.69.160")
            && !value.contains("Jane Doe"),
        "{value}"
    );

    let customer = r#"a:3:{s:5:"email";s:13:"jane@mail.com";s:10:"first_name";s:4:"Jane";s:5:"phone";s:13:"+441234567890";}"#;
    let session = format!(
        r#"a:2:{{s:4:"cart";s:6:"a:0:{{}}";s:8:"customer";s:{}:"{customer}";}}"#,
        customer.len()
    );
    let (_, out) = row(
        &s,
        "wp_woocommerce_sessions",
        &[
            ("session_id", Some("1")),
            ("session_key", Some("k")),
            ("session_value", Some(&session)),
        ],
    );
    let value = out[2].clone().expect("value");
    assert_eq!(slipway_phpser::validate(value.as_bytes()), Ok(()));
    assert!(
        !value.contains("jane@mail.com")
            && !value.contains("+441234567890")
            && !value.contains("Jane"),
        "{value}"
    );
    assert!(value.contains("example.invalid"));
}

#[test]
fn prefixes_and_multisite_tables_are_recognised() {
    let s = scrubber(&["wordpress"], Options::default());
    assert_eq!(s.base_name("wp_comments"), Some("comments"));
    assert_eq!(s.base_name("shop_comments"), Some("comments"));
    assert_eq!(s.base_name("wp_12_comments"), Some("comments"));
    assert_eq!(s.base_name("wp_usermeta"), Some("usermeta"));
    assert_eq!(s.base_name("wp_mycomments"), None);
    let custom = scrubber(
        &["wordpress"],
        Options {
            table_prefix: Some("a1b2_".into()),
            ..Options::default()
        },
    );
    assert_eq!(custom.base_name("a1b2_3_comments"), Some("comments"));
    assert_eq!(custom.base_name("wp_comments"), None);
}

#[test]
fn kept_accounts_stay_intact() {
    let mut s = scrubber(
        &["wordpress"],
        Options {
            keep_users: vec!["admin".into()],
            ..Options::default()
        },
    );
    let columns = |id: &'static str, login: &'static str| {
        vec![
            ("ID", Some(id)),
            ("user_login", Some(login)),
            ("user_email", Some("a@mail.com")),
        ]
    };
    let (_, kept) = row(&s, "wp_users", &columns("1", "admin"));
    assert_eq!(kept[2].as_deref(), Some("a@mail.com"));
    let (_, other) = row(&s, "wp_users", &columns("2", "bob"));
    assert_ne!(other[2].as_deref(), Some("a@mail.com"));
    // Learned from the users row: the account's usermeta is kept too.
    let (_, meta) = row(
        &s,
        "wp_usermeta",
        &[
            ("user_id", Some("1")),
            ("meta_key", Some("first_name")),
            ("meta_value", Some("Ada")),
        ],
    );
    assert_eq!(meta[2].as_deref(), Some("Ada"));
    s.keep_user_id(7);
    let (_, meta) = row(
        &s,
        "wp_usermeta",
        &[
            ("user_id", Some("7")),
            ("meta_key", Some("first_name")),
            ("meta_value", Some("Eve")),
        ],
    );
    assert_eq!(meta[2].as_deref(), Some("Eve"));
}

#[test]
fn hpos_forms_and_order_notes() {
    let s = scrubber(
        &[
            "wordpress",
            "woocommerce",
            "gravityforms",
            "wpforms",
            "contact-form-7",
        ],
        Options::default(),
    );
    let (_, a) = row(
        &s,
        "wp_wc_order_addresses",
        &[
            ("first_name", Some("Jane")),
            ("email", Some("jane@mail.com")),
            ("phone", Some("+441234567890")),
            ("country", Some("GB")),
        ],
    );
    assert!(
        a[0].as_deref() != Some("Jane")
            && a[1].as_deref() != Some("jane@mail.com")
            && a[2].as_deref() != Some("+441234567890")
    );
    assert_eq!(a[3].as_deref(), Some("GB"));
    let (_, note) = row(
        &s,
        "wp_comments",
        &[
            ("comment_content", Some("Mail sent to jane@mail.com")),
            ("comment_type", Some("order_note")),
        ],
    );
    assert!(note[0]
        .as_deref()
        .is_some_and(|n| n.starts_with("Mail sent to user-") && !n.contains("jane")));
    let (_, gf) = row(
        &s,
        "wp_gf_entry_meta",
        &[
            ("meta_key", Some("3")),
            ("meta_value", Some("jane@mail.com")),
        ],
    );
    assert!(gf[1]
        .as_deref()
        .is_some_and(|v| v.ends_with("@example.invalid")));
    let fields = r#"{"1":{"name":"Email","value":"jane@mail.com","id":1}}"#;
    let (_, wpf) = row(
        &s,
        "wp_wpforms_entries",
        &[
            ("fields", Some(fields)),
            ("ip_address", Some("81.2.69.160")),
        ],
    );
    let new = wpf[0].clone().expect("fields");
    assert!(
        !new.contains("jane@mail.com") && new.contains("\"name\":\"Email\""),
        "{new}"
    );
}

#[test]
fn strict_mode_lists_uncovered_keys() {
    let s = scrubber(
        &["wordpress"],
        Options {
            strict: true,
            ..Options::default()
        },
    );
    row(
        &s,
        "wp_usermeta",
        &[
            ("user_id", Some("3")),
            ("meta_key", Some("my_plugin_secret_phone")),
            ("meta_value", Some("x")),
        ],
    );
    row(
        &s,
        "wp_usermeta",
        &[
            ("user_id", Some("3")),
            ("meta_key", Some("rich_editing")),
            ("meta_value", Some("true")),
        ],
    );
    row(
        &s,
        "wp_usermeta",
        &[
            ("user_id", Some("3")),
            ("meta_key", Some("first_name")),
            ("meta_value", Some("x")),
        ],
    );
    let uncovered = s.uncovered_keys();
    assert_eq!(
        uncovered,
        [UncoveredKey {
            table: "usermeta".into(),
            key: "my_plugin_secret_phone".into(),
            rows: 1
        }]
    );
}

#[test]
fn the_leak_scan_finds_planted_data_only() {
    let mut scan = LeakScanner::new();
    scan.scan(
        "wp_posts",
        "post_content",
        None,
        b"Write to jane@mail.com from 81.2.69.160 or +44 20 7946 0958",
    );
    scan.scan(
        "wp_posts",
        "post_date",
        None,
        b"2024-01-02 10:11:12 v1.2.3 id 1234567 user-1@example.invalid 192.0.2.4",
    );
    let report = scan.report();
    let kinds: Vec<Kind> = report.leaks.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [Kind::Email, Kind::Ip, Kind::Phone]);
    assert!(report
        .leaks
        .iter()
        .all(|l| l.column == "post_content" && l.count == 1));
    assert!(!report.to_string().contains("jane@mail.com"));
}

proptest::proptest! {
    #[test]
    fn any_bytes_scrub_without_panic_and_serialized_stays_valid(value: Vec<u8>, pick in 0usize..5) {
        let s = scrubber(&["wordpress", "woocommerce"], Options::default());
        let keys = ["first_name", "session_tokens", "description", "billing_phone", "nickname"];
        let plan = s.plan_table("wp_usermeta", &["meta_key", "meta_value"]).expect("plan");
        let mut cells = vec![Cell { value: Some(keys[pick].as_bytes().to_vec()), changed: false }, Cell { value: Some(value.clone()), changed: false }];
        plan.scrub_row(&s, &mut cells);
        if slipway_phpser::validate(&value).is_ok() {
            if let Some(v) = &cells[1].value {
                proptest::prop_assert_eq!(slipway_phpser::validate(v), Ok(()));
            }
        }
    }
}
