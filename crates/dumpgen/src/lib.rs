//! A generator of realistic WordPress + WooCommerce database dumps, written
//! exactly as `mariadb-dump` 10.11 writes them, for benchmarking slipway's SQL
//! transform engine on data shaped like production.
//!
//! The site is a content blog with a shop: articles and pages in block markup
//! (JSON-escaped, URL-encoded and plain URLs; French, Japanese and emoji
//! text), revisions, images with their serialized metadata, comments with
//! Akismet data, products, customers with session tokens, orders in both
//! WooCommerce storages (legacy `shop_order` posts with `_billing_*` meta, and
//! the HPOS tables), order items and notes, cart sessions with a nested
//! serialized customer, and options holding serialized widgets, theme mods,
//! roles, cron and a plugin object with private properties.
//!
//! Output is a pure function of [`Config`]: the same seed, size, URL and
//! prefix give the same bytes. Memory stays bounded whatever the size: every
//! entity is regenerated from its own random stream wherever a table needs it,
//! and only one row is buffered at a time.
//!
//! ```
//! let config = slipway_dumpgen::Config {
//!     size: 256 * 1024,
//!     ..slipway_dumpgen::Config::default()
//! };
//! let mut dump = Vec::new();
//! let summary = slipway_dumpgen::generate(&config, &mut dump).unwrap();
//! assert_eq!(summary.bytes, dump.len() as u64);
//! assert!(dump.starts_with(b"/*M!999999\\- enable the sandbox mode */"));
//! ```
#![deny(missing_docs)]

mod blog;
mod options;
mod php;
mod rng;
mod schema;
mod shop;
mod site;
mod size;
mod sql;
mod text;

use std::io::{self, Write};

pub use size::{parse_size, SizeError};

use schema::TableDef;
use site::{Plan, Scratch, Site};
use sql::DumpWriter;

/// How extended `INSERT`s are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InsertLayout {
    /// `INSERT INTO … VALUES` on its own line and one row per line, as
    /// `mariadb-dump` 10.11.19 writes.
    #[default]
    RowPerLine,
    /// The whole statement on one line, as `mysqldump` and older
    /// `mariadb-dump` releases write.
    SingleLine,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The approximate size of the dump in bytes. The site is scaled to it;
    /// the result usually lands within a few percent, and never below the
    /// smallest site (a few hundred KiB).
    pub size: u64,
    /// The site URL used throughout the content: scheme and host, optionally
    /// a path, no trailing slash.
    pub url: String,
    /// The seed of every random choice.
    pub seed: u64,
    /// The table prefix, as in `wp-config.php`.
    pub prefix: String,
    /// How `INSERT` statements are laid out.
    pub layout: InsertLayout,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            size: 1 << 30,
            url: "https://example.com".to_owned(),
            seed: 1,
            prefix: "wp_".to_owned(),
            layout: InsertLayout::RowPerLine,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Bytes written.
    pub bytes: u64,
    /// Each table, in dump order, with its row count.
    pub tables: Vec<(String, u64)>,
    /// Articles and pages (each with revisions and images).
    pub articles: u64,
    /// Products.
    pub products: u64,
    /// Orders, present in both WooCommerce storages.
    pub orders: u64,
    /// Registered customers.
    pub customers: u64,
    /// Cart sessions.
    pub sessions: u64,
}

/// Why a dump could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The site URL is not usable.
    #[error("invalid site URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The table prefix is not one WordPress accepts.
    #[error(
        "invalid table prefix {prefix:?}: only ASCII letters, digits and underscores are allowed"
    )]
    InvalidPrefix {
        /// The prefix given.
        prefix: String,
    },
    /// Writing the output failed.
    #[error("writing the dump failed at {section}")]
    Write {
        /// The part of the dump being written: `header`, a table name or
        /// `trailer`.
        section: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// Writes a dump of about `config.size` bytes to `out`.
///
/// `out` need not be buffered: the writer buffers itself.
pub fn generate<W: Write>(config: &Config, out: W) -> Result<Summary, GenError> {
    validate(config)?;
    let plan = Plan::with_units(units_for(config)?);
    write_site(config, plan, out)
}

fn validate(config: &Config) -> Result<(), GenError> {
    let invalid = |reason| GenError::InvalidUrl {
        url: config.url.clone(),
        reason,
    };
    let rest = config
        .url
        .strip_prefix("https://")
        .or_else(|| config.url.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("it has no host"));
    }
    if rest.ends_with('/') {
        return Err(invalid("it must not end with a slash"));
    }
    if rest
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b"'\"\\<>#?%".contains(&b) || b.is_ascii_control())
    {
        return Err(invalid(
            "it contains a character that cannot appear in a site URL",
        ));
    }
    if config.prefix.is_empty()
        || !config
            .prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(GenError::InvalidPrefix {
            prefix: config.prefix.clone(),
        });
    }
    Ok(())
}

/// Sizes the site: two small runs into a sink measure the fixed part and the
/// bytes per unit, and the target is solved for linearly.
fn units_for(config: &Config) -> Result<u64, GenError> {
    const SMALL: u64 = 4;
    const LARGE: u64 = 36;
    let small = write_site(config, Plan::with_units(SMALL), io::sink())?.bytes;
    if config.size <= small {
        return Ok(1);
    }
    let large = write_site(config, Plan::with_units(LARGE), io::sink())?.bytes;
    let per_unit = (large.saturating_sub(small) / (LARGE - SMALL)).max(1);
    let fixed = small.saturating_sub(SMALL * per_unit);
    Ok((config.size.saturating_sub(fixed) + per_unit / 2) / per_unit).map(|u| u.max(1))
}

/// Runs one table: structure, rows from `rows`, data section closed.
fn table<W: Write>(
    w: &mut DumpWriter<W>,
    tables: &mut Vec<(String, u64)>,
    def: &TableDef,
    next_id: u64,
    rows: impl FnOnce(&mut DumpWriter<W>) -> io::Result<()>,
) -> Result<(), GenError> {
    let name = w.table_name(def);
    let result = w
        .begin_table(def, Some(next_id))
        .and_then(|()| rows(w))
        .and_then(|()| w.end_table(def));
    match result {
        Ok(count) => {
            tables.push((name, count));
            Ok(())
        }
        Err(source) => Err(GenError::Write {
            section: format!("table `{name}`"),
            source,
        }),
    }
}

fn write_site<W: Write>(config: &Config, plan: Plan, out: W) -> Result<Summary, GenError> {
    let site = Site::new(config.seed, plan, &config.url, &config.prefix);
    let mut w = DumpWriter::new(out, &config.prefix, config.layout);
    let mut s = Scratch::default();
    let mut tables = Vec::new();
    let section = |name: &str| {
        let name = name.to_owned();
        move |source| GenError::Write {
            section: name,
            source,
        }
    };
    w.header("wordpress").map_err(section("header"))?;

    let posts = plan.site_base() + site.site_post_count();
    let comments_bound = plan.articles * 12 + plan.products * 6 + plan.orders * 3 + 1;

    table(
        &mut w,
        &mut tables,
        &schema::COMMENTMETA,
        comments_bound * 3,
        |w| {
            let (mut meta, mut comment) = (0, 0);
            for g in 0..plan.articles {
                site.article_commentmeta(w, &mut s, &mut meta, &mut comment, &site.article(g))?;
            }
            for p in 0..plan.products {
                site.product_review_meta(w, &mut s, &mut meta, &mut comment, &site.product(p))?;
            }
            for o in 0..plan.orders {
                site.order_note_meta(w, &mut meta, &mut comment, &site.order(o))?;
            }
            Ok(())
        },
    )?;

    table(
        &mut w,
        &mut tables,
        &schema::COMMENTS,
        comments_bound,
        |w| {
            let mut id = 0;
            for g in 0..plan.articles {
                site.article_comments(w, &mut s, &mut id, &site.article(g))?;
            }
            for p in 0..plan.products {
                site.product_reviews(w, &mut s, &mut id, &site.product(p))?;
            }
            for o in 0..plan.orders {
                site.order_notes(w, &mut s, &mut id, &site.order(o))?;
            }
            Ok(())
        },
    )?;
    w.trigger(
        "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION",
        &format!(
            "TRIGGER `{p}comments_after_insert` AFTER INSERT ON `{p}comments` FOR EACH ROW BEGIN\n  \
             IF NEW.comment_approved = '1' AND NEW.comment_type <> 'order_note' THEN\n    \
             UPDATE `{p}posts` SET comment_count = comment_count + 1 WHERE ID = NEW.comment_post_ID;\n  \
             END IF;\nEND",
            p = config.prefix
        ),
    )
    .map_err(section("the comments trigger"))?;

    table(&mut w, &mut tables, &schema::LINKS, 3, |w| {
        site.links(w, &mut s)
    })?;
    table(&mut w, &mut tables, &schema::OPTIONS, 52_143, |w| {
        site.options(w, &mut s)
    })?;

    table(&mut w, &mut tables, &schema::POSTMETA, posts * 70, |w| {
        let mut id = 0;
        for g in 0..plan.articles {
            site.article_meta(w, &mut s, &mut id, &site.article(g))?;
        }
        for p in 0..plan.products {
            site.product_meta(w, &mut s, &mut id, &site.product(p))?;
        }
        for o in 0..plan.orders {
            site.order_meta(w, &mut s, &mut id, &site.order(o))?;
        }
        site.site_post_meta(w, &mut s, &mut id)
    })?;

    table(&mut w, &mut tables, &schema::POSTS, posts, |w| {
        for g in 0..plan.articles {
            site.article_posts(w, &mut s, &site.article(g))?;
        }
        for p in 0..plan.products {
            site.product_posts(w, &mut s, &site.product(p))?;
        }
        for o in 0..plan.orders {
            site.order_post(w, &mut s, &site.order(o))?;
        }
        site.site_posts(w, &mut s)
    })?;

    table(&mut w, &mut tables, &schema::TERM_RELATIONSHIPS, 0, |w| {
        for g in 0..plan.articles {
            site.article_terms(w, &site.article(g))?;
        }
        for p in 0..plan.products {
            site.product_terms(w, &site.product(p))?;
        }
        site.menu_terms(w)
    })?;
    table(&mut w, &mut tables, &schema::TERM_TAXONOMY, 80, |w| {
        site.term_taxonomy(w, &mut s)
    })?;
    table(&mut w, &mut tables, &schema::TERMMETA, 40, |w| {
        site.termmeta(w, &mut s)
    })?;
    table(&mut w, &mut tables, &schema::TERMS, 80, |w| site.terms(w))?;

    table(
        &mut w,
        &mut tables,
        &schema::USERMETA,
        plan.users() * 60,
        |w| {
            let mut id = 0;
            for user in 1..=plan.users() {
                site.user_meta(w, &mut s, &mut id, user)?;
            }
            Ok(())
        },
    )?;
    table(&mut w, &mut tables, &schema::USERS, plan.users() + 1, |w| {
        (1..=plan.users()).try_for_each(|user| site.user_row(w, &mut s, user))
    })?;

    table(
        &mut w,
        &mut tables,
        &schema::WC_CUSTOMER_LOOKUP,
        plan.customers + plan.orders + 1,
        |w| {
            for k in 0..plan.customers {
                site.customer_lookup(w, &mut s, k)?;
            }
            let mut id = plan.customers;
            for o in 0..plan.orders {
                let order = site.order(o);
                if order.customer.is_none() {
                    id += 1;
                    site.guest_lookup(w, &mut s, id, &order)?;
                }
            }
            Ok(())
        },
    )?;
    table(
        &mut w,
        &mut tables,
        &schema::WC_ORDER_ADDRESSES,
        plan.orders * 2 + 1,
        |w| {
            let mut id = 0;
            (0..plan.orders)
                .try_for_each(|o| site.wc_order_addresses(w, &mut s, &mut id, &site.order(o)))
        },
    )?;
    table(
        &mut w,
        &mut tables,
        &schema::WC_ORDER_OPERATIONAL_DATA,
        plan.orders + 1,
        |w| (0..plan.orders).try_for_each(|o| site.wc_order_operational(w, &mut s, &site.order(o))),
    )?;
    table(&mut w, &mut tables, &schema::WC_ORDERS, 0, |w| {
        (0..plan.orders).try_for_each(|o| site.wc_order(w, &mut s, &site.order(o)))
    })?;
    table(
        &mut w,
        &mut tables,
        &schema::WC_ORDERS_META,
        plan.orders * 16 + 1,
        |w| {
            let mut id = 0;
            (0..plan.orders)
                .try_for_each(|o| site.wc_orders_meta(w, &mut s, &mut id, &site.order(o)))
        },
    )?;
    table(
        &mut w,
        &mut tables,
        &schema::WOOCOMMERCE_ORDER_ITEMMETA,
        plan.orders * 66 + 1,
        |w| {
            let (mut meta, mut item) = (0, 0);
            (0..plan.orders).try_for_each(|o| {
                site.order_itemmeta(w, &mut s, &mut meta, &mut item, &site.order(o))
            })
        },
    )?;
    table(
        &mut w,
        &mut tables,
        &schema::WOOCOMMERCE_ORDER_ITEMS,
        plan.orders * 6 + 1,
        |w| {
            let mut id = 0;
            (0..plan.orders).try_for_each(|o| site.order_items(w, &mut s, &mut id, &site.order(o)))
        },
    )?;
    table(
        &mut w,
        &mut tables,
        &schema::WOOCOMMERCE_SESSIONS,
        plan.sessions + 1,
        |w| (0..plan.sessions).try_for_each(|i| site.session(w, &mut s, i)),
    )?;

    w.trailer(site::SITE_END + 3 * 3600 + 14 * 60 + 7)
        .map_err(section("trailer"))?;
    let bytes = w.finish().map_err(section("trailer"))?;
    Ok(Summary {
        bytes,
        tables,
        articles: plan.articles,
        products: plan.products,
        orders: plan.orders,
        customers: plan.customers,
        sessions: plan.sessions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_come_in_the_order_mariadb_dump_uses() {
        let config = Config {
            size: 1,
            ..Config::default()
        };
        let summary = generate(&config, io::sink()).unwrap();
        let names: Vec<String> = summary.tables.iter().map(|(n, _)| n.clone()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        let expected: Vec<String> = schema::ALL
            .iter()
            .map(|t| format!("wp_{}", t.suffix))
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn bad_urls_and_prefixes_are_refused_with_the_reason() {
        for (url, reason) in [
            ("example.com", "http"),
            ("https://", "no host"),
            ("https://example.com/", "slash"),
            ("https://exa mple.com", "character"),
        ] {
            let config = Config {
                url: url.to_owned(),
                ..Config::default()
            };
            let error = generate(&config, io::sink()).unwrap_err().to_string();
            assert!(error.contains(reason), "{url}: {error}");
            assert!(error.contains(url), "{url}: {error}");
        }
        let config = Config {
            prefix: "wp-".to_owned(),
            ..Config::default()
        };
        assert!(matches!(
            generate(&config, io::sink()),
            Err(GenError::InvalidPrefix { .. })
        ));
    }
}
