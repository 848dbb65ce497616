//! The synthetic site: how many of each thing it has, where each thing's ids
//! live, and the state every table writer shares.
//!
//! Ids are laid out in fixed blocks (article `g` owns posts `1 + 8g ..= 8 + 8g`)
//! or counted in emission order, and every entity draws from its own random
//! stream, so each table can be written in one pass, in primary-key order,
//! without remembering what earlier tables contained.

use std::io::{self, Write};

use crate::rng::{hash, Rng};
use crate::sql::DumpWriter;
use crate::text::Person;

/// Random stream tags: one per kind of entity.
pub(crate) mod stream {
    pub(crate) const ARTICLE: u64 = 1;
    pub(crate) const ARTICLE_TITLE: u64 = 2;
    pub(crate) const ARTICLE_BODY: u64 = 3;
    pub(crate) const ATTACHMENT: u64 = 4;
    pub(crate) const COMMENT: u64 = 5;
    pub(crate) const PRODUCT: u64 = 6;
    pub(crate) const PRODUCT_TITLE: u64 = 7;
    pub(crate) const ORDER: u64 = 8;
    pub(crate) const CUSTOMER: u64 = 9;
    pub(crate) const GUEST: u64 = 10;
    pub(crate) const SESSION: u64 = 11;
    pub(crate) const STAFF: u64 = 12;
    pub(crate) const ORDER_CUSTOMER: u64 = 13;
    pub(crate) const META: u64 = 14;
    pub(crate) const USER_META: u64 = 15;
    pub(crate) const OPTIONS: u64 = 16;
}

/// 2016-03-01: the site's first post.
pub(crate) const SITE_START: i64 = 1_456_790_400;
/// 2025-05-01: the day of the dump.
pub(crate) const SITE_END: i64 = 1_746_057_600;
/// 2019-01-01: the shop opens.
pub(crate) const SHOP_START: i64 = 1_546_300_800;

/// Post ids per article: the article, up to four revisions, up to two images.
pub(crate) const ARTICLE_BLOCK: u64 = 8;
/// Post ids per product: the product and its image.
pub(crate) const PRODUCT_BLOCK: u64 = 2;
/// Users 1..=STAFF are the team; customers follow.
pub(crate) const STAFF: u64 = 6;

/// How many of each entity the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) articles: u64,
    pub(crate) products: u64,
    pub(crate) orders: u64,
    pub(crate) customers: u64,
    pub(crate) sessions: u64,
}

impl Plan {
    /// A site of `units` units: the byte mix of a content site with a shop.
    pub(crate) fn with_units(units: u64) -> Plan {
        let units = units.max(1);
        Plan {
            articles: units * 6,
            products: units.div_ceil(2).max(4),
            orders: units * 7,
            customers: units * 4,
            sessions: units * 2,
        }
    }

    /// The first post id after the articles.
    pub(crate) fn product_base(&self) -> u64 {
        1 + self.articles * ARTICLE_BLOCK
    }

    /// The first post id of the orders.
    pub(crate) fn order_base(&self) -> u64 {
        self.product_base() + self.products * PRODUCT_BLOCK
    }

    /// The first post id of the site's fixed pages, menus and styles.
    pub(crate) fn site_base(&self) -> u64 {
        self.order_base() + self.orders
    }

    /// The user id of customer `k`.
    pub(crate) fn customer_user(&self, k: u64) -> u64 {
        STAFF + 1 + k
    }

    /// The total number of users.
    pub(crate) fn users(&self) -> u64 {
        STAFF + self.customers
    }
}

/// The site URL in each form WordPress stores it.
#[derive(Debug, Clone)]
pub(crate) struct SiteUrl {
    /// `https://example.com`
    pub(crate) plain: String,
    /// `https:\/\/example.com`, as in JSON block attributes.
    pub(crate) json: String,
    /// `https%3A%2F%2Fexample.com`, as in share links.
    pub(crate) encoded: String,
    /// `example.com`
    pub(crate) host: String,
}

impl SiteUrl {
    /// The forms of `url`, which the caller has validated (scheme, no
    /// trailing slash).
    pub(crate) fn new(url: &str) -> SiteUrl {
        let host = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        SiteUrl {
            plain: url.to_owned(),
            json: url.replace('/', "\\/"),
            encoded: url.replace(':', "%3A").replace('/', "%2F"),
            host,
        }
    }
}

/// Buffers reused for every value, so writing a row allocates nothing once
/// they have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) a: Vec<u8>,
    pub(crate) b: Vec<u8>,
    pub(crate) c: Vec<u8>,
    pub(crate) d: Vec<u8>,
    pub(crate) e: Vec<u8>,
    pub(crate) f: Vec<u8>,
}

/// Everything the table writers share.
pub(crate) struct Site {
    pub(crate) seed: u64,
    pub(crate) plan: Plan,
    pub(crate) url: SiteUrl,
    pub(crate) prefix: String,
}

impl Site {
    /// A site of `plan` under `seed`.
    pub(crate) fn new(seed: u64, plan: Plan, url: &str, prefix: &str) -> Site {
        Site {
            seed,
            plan,
            url: SiteUrl::new(url),
            prefix: prefix.to_owned(),
        }
    }

    /// The random stream of entity `index` of kind `tag`.
    pub(crate) fn rng(&self, tag: u64, index: u64) -> Rng {
        Rng::for_entity(self.seed, tag, index)
    }

    /// Customer `k`, the same person in every table.
    pub(crate) fn customer(&self, k: u64) -> Person {
        Person::draw(&mut self.rng(stream::CUSTOMER, k))
    }

    /// Who placed order `o`: `Some(k)` for registered customer `k`, `None`
    /// for a guest.
    pub(crate) fn order_customer(&self, o: u64) -> Option<u64> {
        let h = hash(self.seed, stream::ORDER_CUSTOMER, o);
        if self.plan.customers > 0 && h % 10 < 7 {
            Some((h >> 8) % self.plan.customers)
        } else {
            None
        }
    }

    /// The person behind order `o`.
    pub(crate) fn order_person(&self, o: u64) -> Person {
        match self.order_customer(o) {
            Some(k) => self.customer(k),
            None => Person::draw(&mut self.rng(stream::GUEST, o)),
        }
    }

    /// A time spread evenly over `[from, SITE_END)` by `index / count`, plus
    /// up to a day of jitter.
    pub(crate) fn spread(&self, from: i64, index: u64, count: u64, rng: &mut Rng) -> i64 {
        let span = (SITE_END - from - 86_400).max(1) as u64;
        let at = span.saturating_mul(index) / count.max(1);
        from + at as i64 + rng.below(86_400) as i64
    }

    /// Replaces `out` with `suffix` behind the table prefix, as in the
    /// `wp_capabilities` meta key.
    pub(crate) fn prefixed_into(&self, out: &mut Vec<u8>, suffix: &str) {
        out.clear();
        out.extend_from_slice(self.prefix.as_bytes());
        out.extend_from_slice(suffix.as_bytes());
    }
}

/// The local time of a UTC instant on a Paris-based site: +1h in winter,
/// +2h from April to October (close enough to the DST rules for content).
pub(crate) fn local(gmt: i64) -> i64 {
    let (_, month, _) = crate::text::civil_from_days(gmt.div_euclid(86_400));
    gmt + if (4..=10).contains(&month) {
        7200
    } else {
        3600
    }
}

/// One `(meta_id, owner_id, meta_key, meta_value)` row, the shape of every
/// WordPress meta table.
pub(crate) fn meta_row<W: Write>(
    w: &mut DumpWriter<W>,
    id: &mut u64,
    owner: u64,
    key: &[u8],
    value: &[u8],
) -> io::Result<()> {
    *id += 1;
    w.row().int(*id).int(owner).str(key).str(value);
    w.end_row()
}

/// One `wp_posts` row by column name; [`PostRow::write`] puts the columns
/// in the table's order. Times are UTC seconds; the local ones are derived.
pub(crate) struct PostRow<'a> {
    pub(crate) id: u64,
    pub(crate) author: u64,
    pub(crate) date: i64,
    /// `post_date_gmt`: `date`, or 0 for a draft never published.
    pub(crate) date_gmt: i64,
    pub(crate) content: &'a [u8],
    pub(crate) title: &'a [u8],
    pub(crate) excerpt: &'a [u8],
    pub(crate) status: &'a [u8],
    pub(crate) comment_status: &'a [u8],
    pub(crate) ping_status: &'a [u8],
    pub(crate) password: &'a [u8],
    pub(crate) name: &'a [u8],
    pub(crate) modified: i64,
    pub(crate) parent: u64,
    pub(crate) guid: &'a [u8],
    pub(crate) post_type: &'a [u8],
    pub(crate) mime_type: &'a [u8],
    pub(crate) comment_count: u64,
}

impl PostRow<'_> {
    /// Writes the row (`to_ping`, `pinged` and `post_content_filtered` are
    /// empty and `menu_order` is 0, as in every row this site has).
    pub(crate) fn write<W: Write>(&self, w: &mut DumpWriter<W>) -> io::Result<()> {
        w.row()
            .int(self.id)
            .int(self.author)
            .datetime(local(self.date))
            .datetime(self.date_gmt)
            .str(self.content)
            .str(self.title)
            .str(self.excerpt)
            .str(self.status)
            .str(self.comment_status)
            .str(self.ping_status)
            .str(self.password)
            .str(self.name)
            .str(b"")
            .str(b"")
            .datetime(local(self.modified))
            .datetime(self.modified)
            .str(b"")
            .int(self.parent)
            .str(self.guid)
            .int(0)
            .str(self.post_type)
            .str(self.mime_type)
            .int(self.comment_count);
        w.end_row()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_forms() {
        let url = SiteUrl::new("https://example.com/blog");
        assert_eq!(url.json, "https:\\/\\/example.com\\/blog");
        assert_eq!(url.encoded, "https%3A%2F%2Fexample.com%2Fblog");
        assert_eq!(url.host, "example.com");
    }

    #[test]
    fn id_blocks_do_not_overlap() {
        let plan = Plan::with_units(3);
        assert_eq!(plan.product_base(), 1 + plan.articles * ARTICLE_BLOCK);
        assert!(plan.order_base() > plan.product_base());
        assert_eq!(plan.site_base(), plan.order_base() + plan.orders);
    }
}
