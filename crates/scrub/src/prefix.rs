//! Table names: the WordPress prefix (`wp_`, `shop_`, anything), the blog of
//! a multisite per-site table (`wp_17_commentmeta`) and the base name the
//! policy speaks of.

use std::collections::HashMap;

/// A table name taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableName<'a> {
    /// The installation's prefix (`wp_`), without any blog number.
    pub prefix: &'a str,
    /// The blog of a multisite per-site table (`wp_2_posts` → 2).
    pub blog_id: Option<u32>,
    /// The name without prefix or blog (`posts`).
    pub base: &'a str,
}

/// Tables that exist once per network, under the bare prefix: where they
/// are, the prefix is.
const GLOBAL_BASES: &[&str] = &["users", "usermeta"];

/// Tables every site has, under the prefix and blog number.
const SITE_BASES: &[&str] = &[
    "options",
    "posts",
    "postmeta",
    "comments",
    "commentmeta",
    "terms",
    "termmeta",
    "term_taxonomy",
    "term_relationships",
    "links",
];

/// Base names known without any policy besides the core ones above: the
/// network's tables and those of the plugins the presets cover.
const OTHER_BASES: &[&str] = &[
    "blogs",
    "blogmeta",
    "blog_versions",
    "site",
    "sitemeta",
    "signups",
    "registration_log",
    "wc_orders",
    "wc_orders_meta",
    "wc_order_addresses",
    "wc_order_operational_data",
    "wc_customer_lookup",
    "wc_download_log",
    "wc_webhooks",
    "wc_order_stats",
    "woocommerce_sessions",
    "woocommerce_api_keys",
    "woocommerce_payment_tokens",
    "woocommerce_payment_tokenmeta",
    "woocommerce_downloadable_product_permissions",
    "woocommerce_order_items",
    "woocommerce_order_itemmeta",
    "actionscheduler_actions",
    "actionscheduler_logs",
    "gf_entry",
    "gf_entry_meta",
    "gf_entry_notes",
    "gf_form",
    "gf_form_meta",
    "gf_form_view",
    "gf_draft_submissions",
    "rg_lead",
    "rg_lead_detail",
    "rg_lead_detail_long",
    "rg_lead_meta",
    "rg_lead_notes",
    "rg_form_view",
    "rg_incomplete_submissions",
    "wpforms_entries",
    "wpforms_entry_fields",
    "wpforms_entry_meta",
];

/// Every base name known without any policy: core (single and multisite)
/// and the plugins the presets cover. Recognising them keeps `wp_2_posts`
/// from being read as prefix `wp_2_` even when no rule names `posts`.
pub(crate) fn known_bases() -> impl Iterator<Item = &'static str> {
    GLOBAL_BASES
        .iter()
        .chain(SITE_BASES)
        .chain(OTHER_BASES)
        .copied()
}

/// Reads `name` as `prefix` + optional `N_` + base.
pub(crate) fn split_with_prefix<'a>(name: &'a str, prefix: &str) -> Option<TableName<'a>> {
    let rest = name.strip_prefix(prefix)?;
    let prefix = &name[..prefix.len()];
    let (blog_id, base) = match leading_blog(rest) {
        Some((id, base)) => (Some(id), base),
        None => (None, rest),
    };
    (!base.is_empty()).then_some(TableName {
        prefix,
        blog_id,
        base,
    })
}

/// `17_commentmeta` → (17, `commentmeta`).
fn leading_blog(rest: &str) -> Option<(u32, &str)> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let base = rest.get(digits..)?.strip_prefix('_')?;
    let id = parse_blog_id(&rest[..digits])?;
    (!base.is_empty()).then_some((id, base))
}

fn parse_blog_id(digits: &str) -> Option<u32> {
    if digits.starts_with('0') {
        return None;
    }
    digits.parse().ok().filter(|&id| id > 0)
}

/// Reads `name` as some prefix + one of `bases` (the longest that fits),
/// taking a trailing `N_` of the prefix as the blog of a per-site table.
pub(crate) fn split_by_suffix<'a, B: AsRef<str>>(
    name: &'a str,
    bases: &[B],
) -> Option<TableName<'a>> {
    let base_len = bases
        .iter()
        .map(AsRef::as_ref)
        .filter(|base| ends_with_ignore_case(name, base))
        .map(str::len)
        .filter(|&len| {
            let head = &name[..name.len() - len];
            head.is_empty() || head.ends_with('_')
        })
        .max()?;
    let (head, base) = name.split_at(name.len() - base_len);
    let (prefix, blog_id) = trailing_blog(head);
    Some(TableName {
        prefix,
        blog_id,
        base,
    })
}

fn ends_with_ignore_case(name: &str, base: &str) -> bool {
    name.len() >= base.len()
        && name.is_char_boundary(name.len() - base.len())
        && name[name.len() - base.len()..].eq_ignore_ascii_case(base)
}

/// `wp_2_` → (`wp_`, 2). Blog 1 lives under the bare prefix, so a `1_` is
/// part of the prefix.
fn trailing_blog(head: &str) -> (&str, Option<u32>) {
    let Some(body) = head.strip_suffix('_') else {
        return (head, None);
    };
    let digits = body.bytes().rev().take_while(u8::is_ascii_digit).count();
    let prefix = &body[..body.len() - digits];
    match parse_blog_id(&body[prefix.len()..]) {
        Some(id) if id > 1 && prefix.ends_with('_') => (prefix, Some(id)),
        _ => (head, None),
    }
}

/// The WordPress table prefix of a database, from its table names: where
/// `users` or `usermeta` are (they exist once, under the bare prefix), or
/// else the prefix most core per-site tables share. `None` when no name
/// looks like a WordPress table.
pub fn detect_prefix<'a>(table_names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut global: HashMap<&str, usize> = HashMap::new();
    let mut site: HashMap<&str, usize> = HashMap::new();
    for name in table_names {
        if let Some(t) = split_by_suffix(name, GLOBAL_BASES) {
            *global.entry(t.prefix).or_default() += 1;
        } else if let Some(t) = split_by_suffix(name, SITE_BASES) {
            *site.entry(t.prefix).or_default() += 1;
        }
    }
    let pick = |counts: &HashMap<&str, usize>| {
        counts
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(prefix, _)| (*prefix).to_owned())
    };
    pick(&global).or_else(|| pick(&site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(name: &str) -> Option<(&str, Option<u32>, &str)> {
        let known: Vec<&str> = known_bases().collect();
        split_by_suffix(name, &known).map(|t| (t.prefix, t.blog_id, t.base))
    }

    #[test]
    fn suffixes_give_prefix_blog_and_base() {
        assert_eq!(split("wp_usermeta"), Some(("wp_", None, "usermeta")));
        assert_eq!(
            split("wp_12_commentmeta"),
            Some(("wp_", Some(12), "commentmeta"))
        );
        assert_eq!(split("shop_wc_orders"), Some(("shop_", None, "wc_orders")));
        assert_eq!(
            split("shop_wc_orders_meta"),
            Some(("shop_", None, "wc_orders_meta"))
        );
        assert_eq!(split("a1b2_posts"), Some(("a1b2_", None, "posts")));
        assert_eq!(split("wp_2_wc_orders"), Some(("wp_", Some(2), "wc_orders")));
        assert_eq!(split("site_1_posts"), Some(("site_1_", None, "posts")));
        assert_eq!(split("posts"), Some(("", None, "posts")));
        assert_eq!(
            split("wp_gf_entry_meta"),
            Some(("wp_", None, "gf_entry_meta"))
        );
        assert_eq!(
            split("wp_wpforms_entry_meta"),
            Some(("wp_", None, "wpforms_entry_meta"))
        );
        assert_eq!(split("wpposts_archive"), None);
        assert_eq!(split("wp_myposts"), None);
    }

    #[test]
    fn a_given_prefix_is_taken_at_its_word() {
        let t = split_with_prefix("wp_17_commentmeta", "wp_").unwrap();
        assert_eq!(
            (t.prefix, t.blog_id, t.base),
            ("wp_", Some(17), "commentmeta")
        );
        let t = split_with_prefix("wp_2fa_settings", "wp_").unwrap();
        assert_eq!((t.blog_id, t.base), (None, "2fa_settings"));
        assert!(split_with_prefix("other_posts", "wp_").is_none());
        assert!(split_with_prefix("wp_", "wp_").is_none());
    }

    #[test]
    fn the_prefix_is_detected_from_the_tables() {
        let names = [
            "wp_2_posts",
            "wp_commentmeta",
            "wp_users",
            "wp_usermeta",
            "wp_wc_orders",
        ];
        assert_eq!(detect_prefix(names).as_deref(), Some("wp_"));
        let names = ["a1b2_options", "a1b2_posts", "a1b2_3_posts", "other"];
        assert_eq!(detect_prefix(names).as_deref(), Some("a1b2_"));
        let names = ["shop_users", "shop_usermeta", "old_users", "shop_posts"];
        assert_eq!(detect_prefix(names).as_deref(), Some("shop_"));
        assert_eq!(detect_prefix(["orders", "customers"]), None);
    }
}
