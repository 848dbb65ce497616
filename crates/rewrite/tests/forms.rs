//! The matching rules, form by form and boundary by boundary.

mod common;

use common::{rewriter, site, text};
use slipway_rewrite::{MapError, Mapping, Problem, Reason, Rewriter};

#[test]
fn a_url_is_rewritten_in_each_form_it_is_written_in() {
    let r = site();
    for (input, expected) in [
        (
            "see https://example.com/a",
            "see https://staging.example.org/a",
        ),
        (
            r#"{"url":"https:\/\/example.com\/a"}"#,
            r#"{"url":"https:\/\/staging.example.org\/a"}"#,
        ),
        (
            "u=https%3A%2F%2Fexample.com%2Fa",
            "u=https%3A%2F%2Fstaging.example.org%2Fa",
        ),
        (
            "u=https%3a%2f%2fexample.com%2fa",
            "u=https%3a%2f%2fstaging.example.org%2fa",
        ),
        (
            r#"<img src="//example.com/x.png">"#,
            r#"<img src="//staging.example.org/x.png">"#,
        ),
        (r#""\/\/example.com\/x""#, r#""\/\/staging.example.org\/x""#),
        ("u=%2F%2Fexample.com%2Fx", "u=%2F%2Fstaging.example.org%2Fx"),
        ("u=%2f%2fexample.com", "u=%2f%2fstaging.example.org"),
    ] {
        assert_eq!(text(&r, input), expected, "{input}");
    }
}

#[test]
fn the_replacement_is_written_in_the_form_matched() {
    let r = rewriter(&[(
        "https://example.com/blog",
        "https://new.example.org:8443/news/all",
    )]);
    assert_eq!(
        text(&r, "https:\\/\\/example.com\\/blog\\/post"),
        "https:\\/\\/new.example.org:8443\\/news\\/all\\/post"
    );
    assert_eq!(
        text(&r, "https%3a%2f%2fexample.com%2fblog%2fpost"),
        "https%3a%2f%2fnew.example.org%3a8443%2fnews%2fall%2fpost"
    );
    assert_eq!(
        text(&r, "https%3A%2F%2Fexample.com%2Fblog"),
        "https%3A%2F%2Fnew.example.org%3A8443%2Fnews%2Fall"
    );
    assert_eq!(
        text(&r, "(//example.com/blog)"),
        "(//new.example.org:8443/news/all)"
    );
}

#[test]
fn another_scheme_is_another_pair() {
    let r = site();
    for untouched in [
        "http://example.com/x",
        "http:\\/\\/example.com",
        "http%3A%2F%2Fexample.com",
        "ftp://example.com",
        "xhttps://example.com",
    ] {
        assert_eq!(text(&r, untouched), untouched);
    }
    let both = rewriter(&[
        ("https://example.com", "https://new.test"),
        ("http://example.com", "http://old.new.test"),
    ]);
    assert_eq!(
        text(
            &both,
            "http://example.com https://example.com //example.com"
        ),
        "http://old.new.test https://new.test //new.test"
    );
}

#[test]
fn hosts_match_only_at_their_boundaries() {
    let r = site();
    for untouched in [
        "https://example.com.au/x",
        "https://example.community",
        "https://example.com-old.net",
        "https://example.com_x",
        "https://sub.example.com",
        "https://myexample.com",
        "//sub.example.com/x",
        "///example.com",
    ] {
        assert_eq!(text(&r, untouched), untouched);
    }
    for (input, expected) in [
        ("at https://example.com.", "at https://staging.example.org."),
        (
            "https://example.com:8080/",
            "https://staging.example.org:8080/",
        ),
        ("\"https://example.com\"", "\"https://staging.example.org\""),
        ("https://example.com?p=1", "https://staging.example.org?p=1"),
        ("https://example.com#top", "https://staging.example.org#top"),
        ("(https://example.com)", "(https://staging.example.org)"),
        ("https://example.com", "https://staging.example.org"),
        (
            "a%3Dhttps%3A%2F%2Fexample.com%26b",
            "a%3Dhttps%3A%2F%2Fstaging.example.org%26b",
        ),
    ] {
        assert_eq!(text(&r, input), expected, "{input}");
    }
}

#[test]
fn a_path_matches_whole_segments() {
    let r = rewriter(&[("https://example.com/blog", "https://blog.example.org")]);
    for (input, expected) in [
        ("https://example.com/blog", "https://blog.example.org"),
        ("https://example.com/blog/x", "https://blog.example.org/x"),
        (
            "https://example.com/blog?p=2",
            "https://blog.example.org?p=2",
        ),
        ("https://example.com/blog.", "https://blog.example.org."),
        ("https://example.com/blogger", "https://example.com/blogger"),
        (
            "https://example.com/blog-old",
            "https://example.com/blog-old",
        ),
        (
            "https://example.com/blog.html",
            "https://example.com/blog.html",
        ),
        ("https://example.com/other", "https://example.com/other"),
    ] {
        assert_eq!(text(&r, input), expected, "{input}");
    }
}

#[test]
fn scheme_and_host_ignore_case_paths_do_not() {
    let r = site();
    assert_eq!(
        text(&r, "HTTPS://EXAMPLE.COM/A"),
        "https://staging.example.org/A"
    );
    assert_eq!(
        text(&r, "Https://Example.Com"),
        "https://staging.example.org"
    );
    let r = rewriter(&[("https://example.com/Shop", "https://shop.example.org")]);
    assert_eq!(
        text(&r, "https://EXAMPLE.com/Shop/x"),
        "https://shop.example.org/x"
    );
    assert_eq!(
        text(&r, "https://example.com/shop/x"),
        "https://example.com/shop/x"
    );
    assert_eq!(
        text(&r, "https%3A%2F%2Fexample.com%2Fshop"),
        "https%3A%2F%2Fexample.com%2Fshop"
    );
    assert_eq!(
        text(&r, "https%3A%2F%2Fexample.com%2FShop"),
        "https%3A%2F%2Fshop.example.org"
    );
}

#[test]
fn bare_hosts_match_anywhere_a_host_stands() {
    let r = rewriter(&[("example.com", "staging.example.org")]);
    assert_eq!(
        text(
            &r,
            "mail admin@example.com, visit EXAMPLE.COM. https%3A%2F%2Fexample.com \
             https:\\/\\/example.com\\/x http://example.com:81"
        ),
        "mail admin@staging.example.org, visit staging.example.org. \
         https%3A%2F%2Fstaging.example.org https:\\/\\/staging.example.org\\/x \
         http://staging.example.org:81"
    );
    for untouched in [
        "example.com.au",
        "myexample.com",
        "example.community",
        "sub.example.com",
        "my-example.com",
        "example.com-x",
    ] {
        assert_eq!(text(&r, untouched), untouched);
    }
}

#[test]
fn the_longest_match_wins_and_pairs_apply_in_one_pass() {
    let r = rewriter(&[
        ("https://example.com", "https://a.test"),
        ("https://example.com/shop", "https://shop.test"),
        ("https://blog.example.com", "https://blog.test"),
        ("example.com", "b.test"),
    ]);
    assert_eq!(
        text(
            &r,
            "https://example.com/shop/x https://example.com/x https://blog.example.com/y \
             mail@example.com https://example.com/shopping"
        ),
        "https://shop.test/x https://a.test/x https://blog.test/y mail@b.test \
         https://a.test/shopping"
    );
    // A replacement is never rewritten again.
    let r = rewriter(&[
        ("https://a.test", "https://b.test"),
        ("https://b.test", "https://c.test"),
    ]);
    assert_eq!(
        text(&r, "https://a.test https://b.test"),
        "https://b.test https://c.test"
    );
}

#[test]
fn a_trailing_slash_names_the_same_site() {
    let r = rewriter(&[("https://example.com/", "https://new.test/")]);
    assert_eq!(
        text(&r, "https://example.com/x https://example.com"),
        "https://new.test/x https://new.test"
    );
}

#[test]
fn hundreds_of_pairs_apply_in_one_pass() {
    let pairs: Vec<Mapping> = (0..300)
        .map(|i| Mapping {
            from: format!("https://site{i}.example.com"),
            to: format!("https://site{i}.staging.test"),
        })
        .collect();
    let r = Rewriter::new(&pairs).expect("valid");
    let input: String = (0..300)
        .rev()
        .map(|i| format!("<a href=\"https://site{i}.example.com/p\">"))
        .collect();
    let expected: String = (0..300)
        .rev()
        .map(|i| format!("<a href=\"https://site{i}.staging.test/p\">"))
        .collect();
    let mut out = Vec::new();
    assert_eq!(r.rewrite_text(input.as_bytes(), &mut out), 300);
    assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
}

#[test]
fn the_pre_filter_never_says_no_to_a_match() {
    let r = rewriter(&[
        ("https://example.com", "https://a.test"),
        ("other.org", "b.test"),
    ]);
    for yes in [
        "https://EXAMPLE.com",
        "x other.org",
        "https:\\\\/\\\\/example.com",
    ] {
        assert!(r.may_match(yes.as_bytes()), "{yes}");
    }
    for no in ["", "https://example.co", "exampl", "other.or g", "publish"] {
        assert!(!r.may_match(no.as_bytes()), "{no}");
    }
}

#[test]
fn bad_pairs_are_refused_with_the_reason() {
    let bad = |from: &str, to: &str| {
        Rewriter::new(&[Mapping {
            from: from.into(),
            to: to.into(),
        }])
        .expect_err("refused")
    };
    let reason = |from: &str, to: &str| match bad(from, to) {
        MapError::Invalid { reason, .. } => reason,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        reason("https://example.com", "staging.example.org"),
        Reason::Mixed
    );
    assert_eq!(reason("", "x.org"), Reason::From(Problem::Empty));
    assert_eq!(
        reason("https://", "https://x.org"),
        Reason::From(Problem::BadHost)
    );
    assert_eq!(
        reason("https://x.org", "https://a b"),
        Reason::To(Problem::BadByte)
    );
    assert_eq!(
        reason("example.com/blog", "x.org"),
        Reason::From(Problem::HostWithPath)
    );
    assert_eq!(
        bad("https://example.com", "x.org").to_string(),
        "`https://example.com` → `x.org`: map a URL to a URL, or a bare host to a bare host"
    );
    assert_eq!(Rewriter::new(&[]).expect_err("refused"), MapError::NoPairs);
    let twice = [
        Mapping {
            from: "https://a.test/".into(),
            to: "https://b.test".into(),
        },
        Mapping {
            from: "HTTPS://A.TEST".into(),
            to: "https://c.test".into(),
        },
    ];
    assert_eq!(
        Rewriter::new(&twice).expect_err("refused").to_string(),
        "`HTTPS://A.TEST` is mapped twice: to `https://b.test` and to `https://c.test`"
    );
}
