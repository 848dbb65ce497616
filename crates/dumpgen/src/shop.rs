//! The shop side: products, customers, orders in both WooCommerce storages
//! (legacy `shop_order` posts with `_billing_*` meta, and the HPOS tables),
//! order items, order notes and cart sessions.

use std::io::{self, Write};

use crate::blog::{push_clock, Comment};
use crate::php;
use crate::rng::Rng;
use crate::site::{
    local, meta_row, stream, PostRow, Scratch, Site, PRODUCT_BLOCK, SHOP_START, SITE_END, STAFF,
};
use crate::sql::DumpWriter;
use crate::text::{
    month_name, push_alnum, push_datetime, push_hex, push_ip, push_money, push_u64, sentence,
    sentences, title, Lang, Person,
};

/// A product of the catalogue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Product {
    pub(crate) p: u64,
    pub(crate) id: u64,
    pub(crate) lang: Lang,
    pub(crate) price: u64,
    pub(crate) sale: bool,
    pub(crate) date: i64,
    pub(crate) reviews: u64,
    pub(crate) stock: u64,
    pub(crate) category: u64,
}

/// Up to four line items: product index and quantity.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lines {
    items: [(u64, u64); 4],
    len: usize,
}

impl Lines {
    fn iter(&self) -> impl Iterator<Item = &(u64, u64)> {
        self.items.iter().take(self.len)
    }
}

/// An order, as both storages describe it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Order {
    pub(crate) o: u64,
    pub(crate) id: u64,
    pub(crate) date: i64,
    pub(crate) paid: Option<i64>,
    pub(crate) completed: Option<i64>,
    pub(crate) status: &'static str,
    pub(crate) customer: Option<u64>,
    pub(crate) billing: Person,
    pub(crate) shipping: Option<Person>,
    pub(crate) payment: (&'static str, &'static str),
    pub(crate) lines: Lines,
    pub(crate) subtotal: u64,
    pub(crate) shipping_cost: u64,
    pub(crate) tax: u64,
    pub(crate) notes: u64,
    pub(crate) customer_note: bool,
    pub(crate) mobile: bool,
}

impl Order {
    /// The grand total in cents.
    pub(crate) fn total(&self) -> u64 {
        self.subtotal + self.shipping_cost + self.tax
    }

    /// The address goods go to: the shipping person, else the buyer.
    fn ship_to(&self) -> &Person {
        self.shipping.as_ref().unwrap_or(&self.billing)
    }
}

/// Which of an order's strings a stream draws.
#[derive(Debug, Clone, Copy)]
enum OrderString {
    Key = 1,
    CartHash = 2,
    Transaction = 3,
    Ip = 4,
    Attribution = 5,
    Notes = 6,
}

const PAYMENTS: &[(&str, &str)] = &[
    ("stripe", "Credit Card (Stripe)"),
    ("stripe", "Credit Card (Stripe)"),
    ("ppcp-gateway", "PayPal"),
    ("bacs", "Direct bank transfer"),
    ("cod", "Cash on delivery"),
];

impl Site {
    /// Product `p`.
    pub(crate) fn product(&self, p: u64) -> Product {
        let mut rng = self.rng(stream::PRODUCT, p);
        Product {
            p,
            id: self.plan.product_base() + p * PRODUCT_BLOCK,
            lang: if rng.chance(700) { Lang::En } else { Lang::Fr },
            price: rng.range(8, 240) * 100 + rng.pick(&[0, 50, 90, 95]),
            sale: rng.chance(150),
            date: SHOP_START - 30 * 86_400 + (p as i64) * 3 * 86_400 % (2 * 365 * 86_400),
            reviews: match rng.below(10) {
                0..=5 => 0,
                6..=8 => rng.range(1, 2),
                _ => rng.range(3, 6),
            },
            stock: rng.range(0, 120),
            category: rng.below(PRODUCT_CATEGORIES.len() as u64),
        }
    }

    /// The product's name and slug.
    pub(crate) fn product_title(
        &self,
        p: &Product,
        name: Option<&mut Vec<u8>>,
        slug: Option<&mut Vec<u8>>,
    ) {
        title(
            name,
            slug,
            &mut self.rng(stream::PRODUCT_TITLE, p.p),
            p.lang,
        );
    }

    /// Order `o`.
    pub(crate) fn order(&self, o: u64) -> Order {
        let mut rng = self.rng(stream::ORDER, o << 3);
        let date = self.spread(SHOP_START, o, self.plan.orders, &mut rng);
        let status = match rng.below(100) {
            0..=79 => "wc-completed",
            80..=89 => "wc-processing",
            90..=94 => "wc-on-hold",
            95..=97 => "wc-cancelled",
            _ => "wc-refunded",
        };
        let payment = rng.pick(PAYMENTS);
        let paid = match (status, payment.0) {
            ("wc-on-hold" | "wc-cancelled", _) => None,
            (_, "bacs" | "cod") if status == "wc-processing" => None,
            _ => Some(date + rng.range(5, 600) as i64),
        };
        let completed =
            (status == "wc-completed").then(|| date + rng.range(86_400, 5 * 86_400) as i64);
        let mut lines = Lines::default();
        let mut subtotal = 0;
        let count = rng.range(1, 4) as usize;
        for slot in lines.items.iter_mut().take(count) {
            let p = rng.below(self.plan.products.max(1));
            let qty = if rng.chance(800) { 1 } else { rng.range(2, 3) };
            subtotal += self.product(p).price * qty;
            *slot = (p, qty);
        }
        lines.len = count;
        let shipping_cost = if subtotal >= 10_000 { 0 } else { 490 };
        let tax = (subtotal + shipping_cost) / 5;
        let shipping = rng.chance(200).then(|| Person::draw(&mut rng));
        Order {
            o,
            id: self.plan.order_base() + o,
            date,
            paid,
            completed,
            status,
            customer: self.order_customer(o),
            billing: self.order_person(o),
            shipping,
            payment,
            lines,
            subtotal,
            shipping_cost,
            tax,
            notes: rng.range(1, 3),
            customer_note: rng.chance(100),
            mobile: rng.chance(550),
        }
    }

    fn order_rng(&self, order: &Order, which: OrderString) -> Rng {
        self.rng(stream::ORDER, (order.o << 3) | which as u64)
    }

    fn push_order_key(&self, out: &mut Vec<u8>, order: &Order) {
        out.extend_from_slice(b"wc_order_");
        push_alnum(out, &mut self.order_rng(order, OrderString::Key), 13);
    }

    fn push_cart_hash(&self, out: &mut Vec<u8>, order: &Order) {
        push_hex(out, &mut self.order_rng(order, OrderString::CartHash), 32);
    }

    fn push_transaction(&self, out: &mut Vec<u8>, order: &Order) {
        let mut rng = self.order_rng(order, OrderString::Transaction);
        match (order.payment.0, order.paid) {
            ("stripe", Some(_)) => {
                out.extend_from_slice(b"pi_3");
                push_alnum(out, &mut rng, 23);
            }
            ("ppcp-gateway", Some(_)) => push_alnum(out, &mut rng, 17),
            _ => {}
        }
    }

    fn push_order_ip(&self, out: &mut Vec<u8>, order: &Order) {
        push_ip(out, &mut self.order_rng(order, OrderString::Ip));
    }

    fn push_customer_note(&self, out: &mut Vec<u8>, order: &Order) {
        if order.customer_note {
            let mut rng = self.order_rng(order, OrderString::Notes);
            sentence(out, &mut rng, Lang::Fr);
        }
    }

    /// The `shop_order` post of order `o`, as WooCommerce keeps it in sync
    /// with the HPOS tables.
    pub(crate) fn order_post<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        order: &Order,
    ) -> io::Result<()> {
        let when = local(order.date);
        let (year, month_day) = {
            let (y, _, d) = crate::text::civil_from_days(when.div_euclid(86_400));
            (y, d)
        };
        s.a.clear();
        s.a.extend_from_slice(b"Order &ndash; ");
        s.a.extend_from_slice(month_name(when).as_bytes());
        s.a.push(b' ');
        push_u64(&mut s.a, month_day);
        s.a.extend_from_slice(b", ");
        push_u64(&mut s.a, year.max(0) as u64);
        s.a.extend_from_slice(b" @ ");
        push_clock(&mut s.a, when);
        s.b.clear();
        s.b.extend_from_slice(b"order-");
        for (i, word) in s.a.split(|&c| c == b' ').enumerate().skip(2) {
            if i > 2 {
                s.b.push(b'-');
            }
            for &c in word {
                if c.is_ascii_alphanumeric() {
                    s.b.push(c.to_ascii_lowercase());
                }
            }
        }
        s.c.clear();
        self.push_customer_note(&mut s.c, order);
        s.d.clear();
        self.push_order_key(&mut s.d, order);
        s.e.clear();
        s.e.extend_from_slice(self.url.plain.as_bytes());
        s.e.extend_from_slice(b"/?post_type=shop_order&#038;p=");
        push_u64(&mut s.e, order.id);
        let modified = order.completed.or(order.paid).unwrap_or(order.date);
        PostRow {
            id: order.id,
            author: 1,
            date: order.date,
            date_gmt: order.date,
            content: b"",
            title: &s.a,
            excerpt: &s.c,
            status: order.status.as_bytes(),
            comment_status: b"closed",
            ping_status: b"closed",
            password: &s.d,
            name: &s.b,
            modified,
            parent: 0,
            guid: &s.e,
            post_type: b"shop_order",
            mime_type: b"",
            comment_count: order.notes,
        }
        .write(w)
    }

    /// The product's post and its image.
    pub(crate) fn product_posts<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        p: &Product,
    ) -> io::Result<()> {
        let mut rng = self.rng(stream::PRODUCT, p.p ^ (1 << 60));
        s.a.clear();
        let paragraphs = rng.range(2, 5);
        for i in 0..paragraphs {
            if i > 0 {
                s.a.extend_from_slice(b"\n\n");
            }
            s.a.extend_from_slice(b"<!-- wp:paragraph -->\n<p>");
            sentences(&mut s.a, &mut rng, p.lang, 2, 5);
            s.a.extend_from_slice(b"</p>\n<!-- /wp:paragraph -->");
        }
        s.b.clear();
        s.c.clear();
        self.product_title(p, Some(&mut s.b), Some(&mut s.c));
        s.d.clear();
        sentence(&mut s.d, &mut rng, p.lang);
        s.e.clear();
        s.e.extend_from_slice(self.url.plain.as_bytes());
        s.e.extend_from_slice(b"/?post_type=product&#038;p=");
        push_u64(&mut s.e, p.id);
        let modified = p.date + rng.below(500 * 86_400) as i64;
        PostRow {
            id: p.id,
            author: STAFF - 1,
            date: p.date,
            date_gmt: p.date,
            content: &s.a,
            title: &s.b,
            excerpt: &s.d,
            status: b"publish",
            comment_status: b"open",
            ping_status: b"closed",
            password: b"",
            name: &s.c,
            modified,
            parent: 0,
            guid: &s.e,
            post_type: b"product",
            mime_type: b"",
            comment_count: p.reviews,
        }
        .write(w)?;
        self.image_post(w, s, &self.image(p.id + 1, p.id, p.date - 600), STAFF - 1)
    }

    /// The product's meta rows and its image's.
    pub(crate) fn product_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: &mut u64,
        p: &Product,
    ) -> io::Result<()> {
        let mut rng = self.rng(stream::META, p.id);
        let num = |s: &mut Scratch, n: u64| {
            s.a.clear();
            push_u64(&mut s.a, n);
        };
        num(s, p.date as u64);
        s.a.extend_from_slice(b":5");
        meta_row(w, id, p.id, b"_edit_lock", &s.a)?;
        meta_row(w, id, p.id, b"_edit_last", b"5")?;
        s.a.clear();
        s.a.extend_from_slice(b"AT-");
        push_u64(&mut s.a, 1000 + p.p);
        meta_row(w, id, p.id, b"_sku", &s.a)?;
        num(s, rng.below(400));
        meta_row(w, id, p.id, b"total_sales", &s.a)?;
        meta_row(w, id, p.id, b"_tax_status", b"taxable")?;
        meta_row(w, id, p.id, b"_tax_class", b"")?;
        meta_row(w, id, p.id, b"_manage_stock", b"yes")?;
        meta_row(w, id, p.id, b"_backorders", b"no")?;
        meta_row(w, id, p.id, b"_sold_individually", b"no")?;
        meta_row(w, id, p.id, b"_virtual", b"no")?;
        meta_row(w, id, p.id, b"_downloadable", b"no")?;
        meta_row(w, id, p.id, b"_download_limit", b"-1")?;
        meta_row(w, id, p.id, b"_download_expiry", b"-1")?;
        num(s, p.id + 1);
        meta_row(w, id, p.id, b"_thumbnail_id", &s.a)?;
        num(s, p.stock);
        meta_row(w, id, p.id, b"_stock", &s.a)?;
        meta_row(
            w,
            id,
            p.id,
            b"_stock_status",
            if p.stock > 0 {
                b"instock"
            } else {
                b"outofstock"
            },
        )?;
        s.a.clear();
        if p.reviews > 0 {
            s.a.extend_from_slice(b"4.");
            push_u64(&mut s.a, rng.range(10, 99));
        } else {
            s.a.push(b'0');
        }
        meta_row(w, id, p.id, b"_wc_average_rating", &s.a)?;
        num(s, p.reviews);
        meta_row(w, id, p.id, b"_wc_review_count", &s.a)?;
        s.a.clear();
        php::array(&mut s.a, u64::from(p.reviews > 0));
        if p.reviews > 0 {
            php::i(&mut s.a, 5);
            php::i(&mut s.a, p.reviews as i64);
        }
        php::end(&mut s.a);
        meta_row(w, id, p.id, b"_wc_rating_count", &s.a)?;
        self.product_attributes(&mut s.a, &mut rng);
        meta_row(w, id, p.id, b"_product_attributes", &s.a)?;
        meta_row(w, id, p.id, b"_product_version", b"9.8.2")?;
        s.a.clear();
        push_money(&mut s.a, p.price);
        meta_row(w, id, p.id, b"_regular_price", &s.a)?;
        if p.sale {
            s.b.clear();
            push_money(&mut s.b, p.price * 8 / 10);
            meta_row(w, id, p.id, b"_sale_price", &s.b)?;
            meta_row(w, id, p.id, b"_price", &s.b)?;
        } else {
            meta_row(w, id, p.id, b"_price", &s.a)?;
        }
        meta_row(w, id, p.id, b"_product_image_gallery", b"")?;
        self.image_meta(w, s, id, &self.image(p.id + 1, p.id, p.date - 600))
    }

    /// `_product_attributes`: a nested array per attribute.
    fn product_attributes(&self, out: &mut Vec<u8>, rng: &mut Rng) {
        out.clear();
        let attrs: &[(&str, &str)] = &[
            ("pa_color", ""),
            ("pa_material", ""),
            ("care", "Hand wash only | Lavage à la main"),
        ];
        let n = rng.range(1, 3);
        php::array(out, n);
        for (i, (name, value)) in attrs.iter().take(n as usize).enumerate() {
            php::st(out, name);
            php::array(out, 6);
            php::kv(out, "name", name.as_bytes());
            php::kv(out, "value", value.as_bytes());
            php::ki(out, "position", i as i64);
            php::ki(out, "is_visible", 1);
            php::ki(out, "is_variation", 0);
            php::ki(out, "is_taxonomy", i64::from(value.is_empty()));
            php::end(out);
        }
        php::end(out);
    }

    /// The reviews of product `p` (comments with a rating).
    pub(crate) fn product_reviews<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        next_id: &mut u64,
        p: &Product,
    ) -> io::Result<()> {
        for j in 0..p.reviews {
            let c = self.comment(p.id, j, p.date, true);
            *next_id += 1;
            self.comment_row(w, s, *next_id, p.id, &c, p.lang)?;
        }
        Ok(())
    }

    /// `rating` and `verified` of each review of `p`.
    pub(crate) fn product_review_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        meta_id: &mut u64,
        comment_id: &mut u64,
        p: &Product,
    ) -> io::Result<()> {
        for j in 0..p.reviews {
            let c: Comment = self.comment(p.id, j, p.date, true);
            *comment_id += 1;
            s.a.clear();
            push_u64(&mut s.a, c.rating);
            meta_row(w, meta_id, *comment_id, b"rating", &s.a)?;
            meta_row(
                w,
                meta_id,
                *comment_id,
                b"verified",
                if c.user_id > 0 { b"1" } else { b"0" },
            )?;
        }
        Ok(())
    }

    /// The notes WooCommerce and the payment gateway left on order `o`.
    pub(crate) fn order_notes<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        next_id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        s.b.clear();
        s.b.extend_from_slice(b"woocommerce@");
        s.b.extend_from_slice(self.url.host.as_bytes());
        for j in 0..order.notes {
            *next_id += 1;
            s.a.clear();
            let customer_note = order.customer_note && j + 1 == order.notes;
            if customer_note {
                s.a.extend_from_slice("Bonjour, votre colis est parti aujourd'hui. Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A".as_bytes());
                push_u64(&mut s.a, 10_000_000_000 + order.o);
            } else {
                match (j, order.payment.0) {
                    (0, "stripe") => {
                        s.a.extend_from_slice(b"Stripe charge complete (Charge ID: ch_3");
                        push_alnum(
                            &mut s.a,
                            &mut self.order_rng(order, OrderString::Transaction),
                            23,
                        );
                        s.a.push(b')');
                    }
                    (0, _) => s.a.extend_from_slice(
                        b"Order status changed from Pending payment to Processing.",
                    ),
                    _ => {
                        s.a.extend_from_slice(b"Order status changed from Processing to Completed.")
                    }
                }
            }
            let when = order.date + 60 + (j as i64) * 86_400;
            w.row()
                .int(*next_id)
                .int(order.id)
                .str(b"WooCommerce")
                .str(&s.b)
                .str(b"")
                .str(b"")
                .datetime(local(when))
                .datetime(when)
                .str(&s.a)
                .int(0)
                .str(b"1")
                .str(b"WooCommerce")
                .str(b"order_note")
                .int(0)
                .int(0);
            w.end_row()?;
        }
        Ok(())
    }

    /// `is_customer_note` on the note addressed to the customer.
    pub(crate) fn order_note_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        meta_id: &mut u64,
        comment_id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        for j in 0..order.notes {
            *comment_id += 1;
            if order.customer_note && j + 1 == order.notes {
                meta_row(w, meta_id, *comment_id, b"is_customer_note", b"1")?;
            }
        }
        Ok(())
    }

    /// Calls `f` with each meta pair both storages keep for an order beyond
    /// its columns: attribution, gateway details, flags.
    fn order_extra_meta(
        &self,
        s: &mut Scratch,
        order: &Order,
        mut f: impl FnMut(&[u8], &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut rng = self.order_rng(order, OrderString::Attribution);
        let organic = rng.chance(500);
        f(
            b"_wc_order_attribution_source_type",
            if organic { b"organic" } else { b"typein" },
        )?;
        if organic {
            f(
                b"_wc_order_attribution_referrer",
                b"https://www.google.com/",
            )?;
            f(b"_wc_order_attribution_utm_source", b"google")?;
        } else {
            f(b"_wc_order_attribution_utm_source", b"(direct)")?;
        }
        s.f.clear();
        s.f.extend_from_slice(self.url.plain.as_bytes());
        s.f.extend_from_slice(b"/product/");
        if let Some(&(p, _)) = order.lines.iter().next() {
            self.product_title(&self.product(p), None, Some(&mut s.f));
        }
        s.f.push(b'/');
        f(b"_wc_order_attribution_session_entry", &s.f)?;
        s.f.clear();
        push_datetime(&mut s.f, order.date - rng.range(60, 3600) as i64);
        f(b"_wc_order_attribution_session_start_time", &s.f)?;
        s.f.clear();
        push_u64(&mut s.f, rng.range(2, 14));
        f(b"_wc_order_attribution_session_pages", &s.f)?;
        f(b"_wc_order_attribution_session_count", b"1")?;
        f(
            b"_wc_order_attribution_user_agent",
            order.billing.agent.as_bytes(),
        )?;
        f(
            b"_wc_order_attribution_device_type",
            if order.mobile { b"Mobile" } else { b"Desktop" },
        )?;
        f(b"is_vat_exempt", b"no")?;
        if order.payment.0 == "stripe" && order.paid.is_some() {
            s.f.clear();
            s.f.extend_from_slice(b"cus_");
            push_alnum(&mut s.f, &mut rng, 14);
            f(b"_stripe_customer_id", &s.f)?;
            s.f.clear();
            push_money(&mut s.f, 25 + order.total() * 15 / 1000);
            f(b"_stripe_fee", &s.f)?;
            s.f.clear();
            push_money(
                &mut s.f,
                order.total().saturating_sub(25 + order.total() * 15 / 1000),
            );
            f(b"_stripe_net", &s.f)?;
            f(b"_stripe_currency", b"EUR")?;
        }
        Ok(())
    }

    /// The legacy `wp_postmeta` rows of an order: addresses, totals, flags.
    pub(crate) fn order_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        let oid = order.id;
        s.a.clear();
        self.push_order_key(&mut s.a, order);
        meta_row(w, id, oid, b"_order_key", &s.a)?;
        s.a.clear();
        push_u64(
            &mut s.a,
            order.customer.map_or(0, |k| self.plan.customer_user(k)),
        );
        meta_row(w, id, oid, b"_customer_user", &s.a)?;
        meta_row(w, id, oid, b"_payment_method", order.payment.0.as_bytes())?;
        meta_row(
            w,
            id,
            oid,
            b"_payment_method_title",
            order.payment.1.as_bytes(),
        )?;
        s.a.clear();
        self.push_order_ip(&mut s.a, order);
        meta_row(w, id, oid, b"_customer_ip_address", &s.a)?;
        meta_row(
            w,
            id,
            oid,
            b"_customer_user_agent",
            order.billing.agent.as_bytes(),
        )?;
        meta_row(w, id, oid, b"_created_via", b"checkout")?;
        s.a.clear();
        self.push_cart_hash(&mut s.a, order);
        meta_row(w, id, oid, b"_cart_hash", &s.a)?;
        self.address_meta(w, s, id, oid, "_billing_", &order.billing, true)?;
        self.address_meta(w, s, id, oid, "_shipping_", order.ship_to(), false)?;
        meta_row(w, id, oid, b"_order_currency", b"EUR")?;
        meta_row(w, id, oid, b"_cart_discount", b"0")?;
        meta_row(w, id, oid, b"_cart_discount_tax", b"0")?;
        s.a.clear();
        push_money(&mut s.a, order.shipping_cost);
        meta_row(w, id, oid, b"_order_shipping", &s.a)?;
        s.a.clear();
        push_money(&mut s.a, order.shipping_cost / 5);
        meta_row(w, id, oid, b"_order_shipping_tax", &s.a)?;
        s.a.clear();
        push_money(&mut s.a, order.tax - order.shipping_cost / 5);
        meta_row(w, id, oid, b"_order_tax", &s.a)?;
        s.a.clear();
        push_money(&mut s.a, order.total());
        meta_row(w, id, oid, b"_order_total", &s.a)?;
        meta_row(w, id, oid, b"_order_version", b"9.8.2")?;
        meta_row(w, id, oid, b"_prices_include_tax", b"no")?;
        for (key, person) in [
            (b"_billing_address_index".as_slice(), &order.billing),
            (b"_shipping_address_index", order.ship_to()),
        ] {
            s.a.clear();
            person.push_full_name(&mut s.a);
            s.a.push(b' ');
            s.a.extend_from_slice(person.company.as_bytes());
            s.a.push(b' ');
            person.push_address_1(&mut s.a);
            s.a.push(b' ');
            person.push_address_2(&mut s.a);
            s.a.push(b' ');
            s.a.extend_from_slice(person.place.city.as_bytes());
            s.a.push(b' ');
            s.a.extend_from_slice(person.place.state.as_bytes());
            s.a.push(b' ');
            person.push_postcode(&mut s.a);
            s.a.push(b' ');
            s.a.extend_from_slice(person.place.country.as_bytes());
            s.a.push(b' ');
            person.push_email(&mut s.a);
            s.a.push(b' ');
            person.push_phone(&mut s.a);
            meta_row(w, id, oid, key, &s.a)?;
        }
        if let Some(paid) = order.paid {
            s.a.clear();
            push_u64(&mut s.a, paid as u64);
            meta_row(w, id, oid, b"_date_paid", &s.a)?;
            s.a.clear();
            push_datetime(&mut s.a, local(paid));
            meta_row(w, id, oid, b"_paid_date", &s.a)?;
            s.a.clear();
            self.push_transaction(&mut s.a, order);
            meta_row(w, id, oid, b"_transaction_id", &s.a)?;
        }
        if let Some(done) = order.completed {
            s.a.clear();
            push_u64(&mut s.a, done as u64);
            meta_row(w, id, oid, b"_date_completed", &s.a)?;
            s.a.clear();
            push_datetime(&mut s.a, local(done));
            meta_row(w, id, oid, b"_completed_date", &s.a)?;
        }
        meta_row(w, id, oid, b"_download_permissions_granted", b"yes")?;
        meta_row(w, id, oid, b"_recorded_sales", b"yes")?;
        meta_row(w, id, oid, b"_recorded_coupon_usage_counts", b"yes")?;
        meta_row(w, id, oid, b"_new_order_email_sent", b"true")?;
        meta_row(w, id, oid, b"_order_stock_reduced", b"yes")?;
        let mut next = *id;
        self.order_extra_meta(s, order, |key, value| {
            meta_row(w, &mut next, oid, key, value)
        })?;
        *id = next;
        Ok(())
    }

    /// `{prefix}first_name` … `{prefix}phone` of one address.
    #[allow(clippy::too_many_arguments)]
    fn address_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: &mut u64,
        owner: u64,
        prefix: &str,
        person: &Person,
        billing: bool,
    ) -> io::Result<()> {
        let fields: &[&str] = if billing {
            &[
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
            ]
        } else {
            &[
                "first_name",
                "last_name",
                "company",
                "address_1",
                "address_2",
                "city",
                "state",
                "postcode",
                "country",
                "phone",
            ]
        };
        for field in fields {
            s.a.clear();
            push_address_field(&mut s.a, person, field);
            s.b.clear();
            s.b.extend_from_slice(prefix.as_bytes());
            s.b.extend_from_slice(field.as_bytes());
            meta_row(w, id, owner, &s.b, &s.a)?;
        }
        Ok(())
    }

    /// The `wp_wc_orders` row.
    pub(crate) fn wc_order<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        order: &Order,
    ) -> io::Result<()> {
        s.a.clear();
        order.billing.push_email(&mut s.a);
        s.b.clear();
        self.push_transaction(&mut s.b, order);
        s.c.clear();
        self.push_order_ip(&mut s.c, order);
        s.d.clear();
        self.push_customer_note(&mut s.d, order);
        w.row()
            .int(order.id)
            .str(order.status.as_bytes())
            .str(b"EUR")
            .str(b"shop_order")
            .decimal8(order.tax)
            .decimal8(order.total())
            .int(order.customer.map_or(0, |k| self.plan.customer_user(k)))
            .str(&s.a)
            .datetime(order.date)
            .datetime(order.completed.or(order.paid).unwrap_or(order.date))
            .int(0)
            .str(order.payment.0.as_bytes())
            .str(order.payment.1.as_bytes())
            .str(&s.b)
            .str(&s.c)
            .str(order.billing.agent.as_bytes())
            .str(&s.d);
        w.end_row()
    }

    /// The `wp_wc_order_addresses` rows (billing, then shipping).
    pub(crate) fn wc_order_addresses<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        next_id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        for (kind, person) in [("billing", &order.billing), ("shipping", order.ship_to())] {
            *next_id += 1;
            let billing = kind == "billing";
            w.row().int(*next_id).int(order.id).str(kind.as_bytes());
            for field in [
                "first_name",
                "last_name",
                "company",
                "address_1",
                "address_2",
                "city",
                "state",
                "postcode",
                "country",
            ] {
                s.a.clear();
                push_address_field(&mut s.a, person, field);
                w.str(&s.a);
            }
            if billing {
                s.a.clear();
                person.push_email(&mut s.a);
                w.str(&s.a);
            } else {
                w.null();
            }
            s.a.clear();
            person.push_phone(&mut s.a);
            w.str(&s.a);
            w.end_row()?;
        }
        Ok(())
    }

    /// The `wp_wc_order_operational_data` row.
    pub(crate) fn wc_order_operational<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        order: &Order,
    ) -> io::Result<()> {
        s.a.clear();
        self.push_cart_hash(&mut s.a, order);
        s.b.clear();
        self.push_order_key(&mut s.b, order);
        w.row()
            .int(order.o + 1)
            .int(order.id)
            .str(b"checkout")
            .str(b"9.8.2")
            .int(0)
            .int(1)
            .int(1)
            .str(&s.a)
            .int(1)
            .str(&s.b)
            .int(1);
        match order.paid {
            Some(t) => w.datetime(t),
            None => w.null(),
        };
        match order.completed {
            Some(t) => w.datetime(t),
            None => w.null(),
        };
        w.decimal8(order.shipping_cost / 5)
            .decimal8(order.shipping_cost)
            .decimal8(0)
            .decimal8(0)
            .int(1);
        w.end_row()
    }

    /// The `wp_wc_orders_meta` rows.
    pub(crate) fn wc_orders_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        let oid = order.id;
        let mut next = *id;
        self.order_extra_meta(s, order, |key, value| {
            meta_row(w, &mut next, oid, key, value)
        })?;
        *id = next;
        Ok(())
    }

    /// The `wp_woocommerce_order_items` rows of an order.
    pub(crate) fn order_items<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        next_id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        for &(p, _) in order.lines.iter() {
            *next_id += 1;
            s.a.clear();
            self.product_title(&self.product(p), Some(&mut s.a), None);
            w.row()
                .int(*next_id)
                .str(&s.a)
                .str(b"line_item")
                .int(order.id);
            w.end_row()?;
        }
        *next_id += 1;
        w.row()
            .int(*next_id)
            .str(if order.shipping_cost == 0 {
                b"Free shipping"
            } else {
                b"Flat rate"
            })
            .str(b"shipping")
            .int(order.id);
        w.end_row()?;
        *next_id += 1;
        w.row()
            .int(*next_id)
            .str(b"FR-TVA-1")
            .str(b"tax")
            .int(order.id);
        w.end_row()
    }

    /// The `wp_woocommerce_order_itemmeta` rows of an order.
    pub(crate) fn order_itemmeta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        meta_id: &mut u64,
        item_id: &mut u64,
        order: &Order,
    ) -> io::Result<()> {
        for &(p, qty) in order.lines.iter() {
            *item_id += 1;
            let product = self.product(p);
            let line = product.price * qty;
            let item = *item_id;
            number_meta(
                w,
                &mut s.a,
                meta_id,
                item,
                b"_product_id",
                product.id,
                false,
            )?;
            number_meta(w, &mut s.a, meta_id, item, b"_variation_id", 0, false)?;
            number_meta(w, &mut s.a, meta_id, item, b"_qty", qty, false)?;
            meta_row(w, meta_id, item, b"_tax_class", b"")?;
            number_meta(w, &mut s.a, meta_id, item, b"_line_subtotal", line, true)?;
            number_meta(
                w,
                &mut s.a,
                meta_id,
                item,
                b"_line_subtotal_tax",
                line / 5,
                true,
            )?;
            number_meta(w, &mut s.a, meta_id, item, b"_line_total", line, true)?;
            number_meta(w, &mut s.a, meta_id, item, b"_line_tax", line / 5, true)?;
            s.b.clear();
            push_money(&mut s.b, line / 5);
            s.a.clear();
            php::array(&mut s.a, 2);
            for key in ["total", "subtotal"] {
                php::st(&mut s.a, key);
                php::array(&mut s.a, 1);
                php::i(&mut s.a, 1);
                php::s(&mut s.a, &s.b);
                php::end(&mut s.a);
            }
            php::end(&mut s.a);
            meta_row(w, meta_id, *item_id, b"_line_tax_data", &s.a)?;
            number_meta(w, &mut s.a, meta_id, item, b"_reduced_stock", qty, false)?;
        }
        *item_id += 1;
        let ship_tax = order.shipping_cost / 5;
        meta_row(
            w,
            meta_id,
            *item_id,
            b"method_id",
            if order.shipping_cost == 0 {
                b"free_shipping"
            } else {
                b"flat_rate"
            },
        )?;
        meta_row(w, meta_id, *item_id, b"instance_id", b"1")?;
        s.a.clear();
        push_money(&mut s.a, order.shipping_cost);
        meta_row(w, meta_id, *item_id, b"cost", &s.a)?;
        s.b.clear();
        push_money(&mut s.b, ship_tax);
        meta_row(w, meta_id, *item_id, b"total_tax", &s.b)?;
        s.a.clear();
        php::array(&mut s.a, 1);
        php::st(&mut s.a, "total");
        php::array(&mut s.a, 1);
        php::i(&mut s.a, 1);
        php::s(&mut s.a, &s.b);
        php::end(&mut s.a);
        php::end(&mut s.a);
        meta_row(w, meta_id, *item_id, b"taxes", &s.a)?;
        s.a.clear();
        for (i, &(p, qty)) in order.lines.iter().enumerate() {
            if i > 0 {
                s.a.extend_from_slice(b", ");
            }
            self.product_title(&self.product(p), Some(&mut s.a), None);
            s.a.extend_from_slice(" &times; ".as_bytes());
            push_u64(&mut s.a, qty);
        }
        meta_row(w, meta_id, *item_id, b"Items", &s.a)?;
        *item_id += 1;
        meta_row(w, meta_id, *item_id, b"rate_code", b"FR-TVA-1")?;
        meta_row(w, meta_id, *item_id, b"rate_id", b"1")?;
        meta_row(w, meta_id, *item_id, b"label", b"TVA")?;
        meta_row(w, meta_id, *item_id, b"compound", b"")?;
        s.a.clear();
        push_money(&mut s.a, order.tax - ship_tax);
        meta_row(w, meta_id, *item_id, b"tax_amount", &s.a)?;
        meta_row(w, meta_id, *item_id, b"shipping_tax_amount", &s.b)?;
        meta_row(w, meta_id, *item_id, b"rate_percent", b"20")
    }

    /// Customer `k`'s registration time.
    pub(crate) fn registered_at(&self, k: u64) -> i64 {
        let mut rng = self.rng(stream::USER_META, k);
        self.spread(SHOP_START, k, self.plan.customers, &mut rng)
    }

    /// The `wp_users` row of user `id` (staff or customer).
    pub(crate) fn user_row<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: u64,
    ) -> io::Result<()> {
        let (person, registered) = self.user_person(id);
        let mut rng = self.rng(stream::USER_META, id ^ (1 << 62));
        s.a.clear();
        self.push_login(&mut s.a, id, &person);
        s.b.clear();
        s.b.extend_from_slice(b"$wp$2y$10$");
        const BCRYPT: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for _ in 0..53 {
            s.b.push(BCRYPT.get(rng.below(64) as usize).copied().unwrap_or(b'.'));
        }
        s.c.clear();
        for &c in &s.a {
            s.c.push(if c == b'.' { b'-' } else { c });
        }
        s.d.clear();
        self.push_user_email(&mut s.d, id, &person);
        s.e.clear();
        if rng.chance(100) {
            s.e.extend_from_slice(b"https://");
            s.e.extend_from_slice(person.first.ascii.as_bytes());
            s.e.extend_from_slice(person.last.ascii.as_bytes());
            s.e.extend_from_slice(b".fr");
        }
        s.f.clear();
        person.push_full_name(&mut s.f);
        w.row()
            .int(id)
            .str(&s.a)
            .str(&s.b)
            .str(&s.c)
            .str(&s.d)
            .str(&s.e)
            .datetime(registered)
            .str(b"")
            .int(0)
            .str(&s.f);
        w.end_row()
    }

    /// The person behind user `id` and their registration time.
    fn user_person(&self, id: u64) -> (Person, i64) {
        if id <= STAFF {
            let mut rng = self.rng(stream::STAFF, id);
            (
                Person::draw(&mut rng),
                crate::site::SITE_START - 86_400 * (10 - id as i64),
            )
        } else {
            let k = id - STAFF - 1;
            (self.customer(k), self.registered_at(k))
        }
    }

    fn push_login(&self, out: &mut Vec<u8>, id: u64, person: &Person) {
        if id == 1 {
            out.extend_from_slice(b"admin");
        } else {
            person.push_login(out);
            if id > STAFF {
                // Logins are unique even when two customers share a name.
                push_u64(out, id);
            }
        }
    }

    fn push_user_email(&self, out: &mut Vec<u8>, id: u64, person: &Person) {
        if id <= STAFF {
            person.push_login(out);
            out.push(b'@');
            out.extend_from_slice(self.url.host.as_bytes());
        } else {
            person.push_email(out);
        }
    }

    /// The `wp_usermeta` rows of user `id`.
    pub(crate) fn user_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        meta_id: &mut u64,
        id: u64,
    ) -> io::Result<()> {
        let (person, registered) = self.user_person(id);
        let mut rng = self.rng(stream::USER_META, id ^ (1 << 61));
        let staff = id <= STAFF;
        s.a.clear();
        self.push_login(&mut s.a, id, &person);
        meta_row(w, meta_id, id, b"nickname", &s.a)?;
        meta_row(
            w,
            meta_id,
            id,
            b"first_name",
            person.first.display.as_bytes(),
        )?;
        meta_row(w, meta_id, id, b"last_name", person.last.display.as_bytes())?;
        s.a.clear();
        if staff {
            sentences(&mut s.a, &mut rng, Lang::Fr, 1, 3);
        }
        meta_row(w, meta_id, id, b"description", &s.a)?;
        meta_row(w, meta_id, id, b"rich_editing", b"true")?;
        meta_row(w, meta_id, id, b"syntax_highlighting", b"true")?;
        meta_row(w, meta_id, id, b"comment_shortcuts", b"false")?;
        meta_row(w, meta_id, id, b"admin_color", b"fresh")?;
        meta_row(w, meta_id, id, b"use_ssl", b"0")?;
        meta_row(w, meta_id, id, b"show_admin_bar_front", b"true")?;
        meta_row(
            w,
            meta_id,
            id,
            b"locale",
            if person.place.country == "FR" {
                b"fr_FR"
            } else {
                b""
            },
        )?;
        let role = match id {
            1 => "administrator",
            2 => "editor",
            3 | 4 => "author",
            5 | 6 => "shop_manager",
            _ => "customer",
        };
        s.a.clear();
        php::array(&mut s.a, 1);
        php::st(&mut s.a, role);
        php::b(&mut s.a, true);
        php::end(&mut s.a);
        self.prefixed_into(&mut s.b, "capabilities");
        meta_row(w, meta_id, id, &s.b, &s.a)?;
        self.prefixed_into(&mut s.b, "user_level");
        let level: &[u8] = match role {
            "administrator" => b"10",
            "editor" | "shop_manager" => b"7",
            "author" => b"2",
            _ => b"0",
        };
        meta_row(w, meta_id, id, &s.b, level)?;
        meta_row(w, meta_id, id, b"dismissed_wp_pointers", b"")?;
        if staff {
            meta_row(w, meta_id, id, b"show_welcome_panel", b"0")?;
            self.prefixed_into(&mut s.b, "dashboard_quick_press_last_post_id");
            s.a.clear();
            push_u64(
                &mut s.a,
                self.plan.site_base() + crate::options::AUTO_DRAFTS_AT + id - 1,
            );
            meta_row(w, meta_id, id, &s.b, &s.a)?;
            self.prefixed_into(&mut s.b, "user-settings");
            meta_row(
                w,
                meta_id,
                id,
                &s.b,
                b"libraryContent=browse&editor=tinymce&posts_list_mode=list&mfold=o",
            )?;
            self.prefixed_into(&mut s.b, "user-settings-time");
            s.a.clear();
            push_u64(&mut s.a, (SITE_END - 86_400 * id as i64) as u64);
            meta_row(w, meta_id, id, &s.b, &s.a)?;
            meta_row(
                w,
                meta_id,
                id,
                b"closedpostboxes_dashboard",
                b"a:1:{i:0;s:21:\"dashboard_site_health\";}",
            )?;
        }
        if staff || rng.chance(400) {
            self.session_tokens(&mut s.a, &mut s.b, &mut rng, &person);
            meta_row(w, meta_id, id, b"session_tokens", &s.a)?;
        }
        if !staff {
            s.a.clear();
            push_u64(&mut s.a, (registered + 3600) as u64);
            meta_row(w, meta_id, id, b"last_update", &s.a)?;
            self.address_meta(w, s, meta_id, id, "billing_", &person, true)?;
            self.address_meta(w, s, meta_id, id, "shipping_", &person, false)?;
            meta_row(w, meta_id, id, b"paying_customer", b"1")?;
            s.a.clear();
            push_u64(
                &mut s.a,
                (SITE_END - rng.below(300) as i64 * 86_400) as u64 / 86_400 * 86_400,
            );
            meta_row(w, meta_id, id, b"wc_last_active", &s.a)?;
            if rng.chance(300) {
                self.persistent_cart(&mut s.a, &mut s.b, &mut rng);
                meta_row(w, meta_id, id, b"_woocommerce_persistent_cart_1", &s.a)?;
            }
        }
        Ok(())
    }

    /// `session_tokens`: one entry per logged-in browser, with IP and agent.
    fn session_tokens(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, rng: &mut Rng, person: &Person) {
        let n = rng.range(1, 2);
        out.clear();
        php::array(out, n);
        for _ in 0..n {
            tmp.clear();
            push_hex(tmp, rng, 64);
            php::s(out, tmp);
            php::array(out, 4);
            let login = SITE_END - rng.range(3600, 10 * 86_400) as i64;
            php::ki(out, "expiration", login + 14 * 86_400);
            tmp.clear();
            push_ip(tmp, rng);
            php::kv(out, "ip", tmp);
            php::kv(out, "ua", person.agent.as_bytes());
            php::ki(out, "login", login);
            php::end(out);
        }
        php::end(out);
    }

    /// A saved cart: `a:1:{s:4:"cart";a:N:{…}}`.
    fn persistent_cart(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, rng: &mut Rng) {
        out.clear();
        php::array(out, 1);
        php::st(out, "cart");
        self.cart_contents(out, tmp, rng);
        php::end(out);
    }

    /// The cart array WooCommerce keeps in sessions and persistent carts.
    fn cart_contents(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, rng: &mut Rng) {
        let n = rng.range(1, 3);
        php::array(out, n);
        for _ in 0..n {
            let product = self.product(rng.below(self.plan.products.max(1)));
            let qty = rng.range(1, 2);
            tmp.clear();
            push_hex(tmp, rng, 32);
            php::s(out, tmp);
            php::array(out, 11);
            php::kv(out, "key", tmp);
            php::ki(out, "product_id", product.id as i64);
            php::ki(out, "variation_id", 0);
            php::st(out, "variation");
            php::array(out, 0);
            php::end(out);
            php::ki(out, "quantity", qty as i64);
            tmp.clear();
            push_hex(tmp, rng, 32);
            php::kv(out, "data_hash", tmp);
            php::st(out, "line_tax_data");
            php::array(out, 2);
            php::st(out, "subtotal");
            php::array(out, 1);
            php::i(out, 1);
            tmp.clear();
            push_money(tmp, product.price * qty / 5);
            php::d(out, trim_money(tmp));
            php::end(out);
            php::st(out, "total");
            php::array(out, 1);
            php::i(out, 1);
            php::d(out, trim_money(tmp));
            php::end(out);
            php::end(out);
            tmp.clear();
            push_money(tmp, product.price * qty);
            php::st(out, "line_subtotal");
            php::d(out, trim_money(tmp));
            tmp.clear();
            push_money(tmp, product.price * qty / 5);
            php::st(out, "line_subtotal_tax");
            php::d(out, trim_money(tmp));
            tmp.clear();
            push_money(tmp, product.price * qty);
            php::st(out, "line_total");
            php::d(out, trim_money(tmp));
            tmp.clear();
            push_money(tmp, product.price * qty / 5);
            php::st(out, "line_tax");
            php::d(out, trim_money(tmp));
            php::end(out);
        }
        php::end(out);
    }

    /// The `wp_wc_customer_lookup` row of registered customer `k`.
    pub(crate) fn customer_lookup<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        k: u64,
    ) -> io::Result<()> {
        let person = self.customer(k);
        let user = self.plan.customer_user(k);
        s.a.clear();
        self.push_login(&mut s.a, user, &person);
        s.b.clear();
        person.push_email(&mut s.b);
        s.c.clear();
        person.push_postcode(&mut s.c);
        let registered = self.registered_at(k);
        w.row()
            .int(k + 1)
            .int(user)
            .str(&s.a)
            .str(person.first.display.as_bytes())
            .str(person.last.display.as_bytes())
            .str(&s.b)
            .datetime(SITE_END - (k as i64 % 300) * 86_400)
            .datetime(registered)
            .str(person.place.country.as_bytes())
            .str(&s.c)
            .str(person.place.city.as_bytes())
            .str(person.place.state.as_bytes());
        w.end_row()
    }

    /// The `wp_wc_customer_lookup` row of the guest behind order `order`.
    pub(crate) fn guest_lookup<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: u64,
        order: &Order,
    ) -> io::Result<()> {
        let person = &order.billing;
        s.b.clear();
        person.push_email(&mut s.b);
        s.c.clear();
        person.push_postcode(&mut s.c);
        w.row()
            .int(id)
            .null()
            .str(b"")
            .str(person.first.display.as_bytes())
            .str(person.last.display.as_bytes())
            .str(&s.b)
            .datetime(order.date)
            .null()
            .str(person.place.country.as_bytes())
            .str(&s.c)
            .str(person.place.city.as_bytes())
            .str(person.place.state.as_bytes());
        w.end_row()
    }

    /// The `wp_woocommerce_sessions` row of session `i`: the session value is
    /// an array of serialized strings, the customer among them.
    pub(crate) fn session<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        i: u64,
    ) -> io::Result<()> {
        let mut rng = self.rng(stream::SESSION, i);
        // A logged-in session is keyed by its user id, which must be unique:
        // session `i` belongs to customer `i`.
        let logged_in = i < self.plan.customers && rng.chance(400);
        let (key_person, user) = if logged_in {
            (self.customer(i), Some(self.plan.customer_user(i)))
        } else {
            (Person::draw(&mut rng), None)
        };
        s.a.clear();
        match user {
            Some(id) => push_u64(&mut s.a, id),
            None => {
                s.a.extend_from_slice(b"t_");
                push_hex(&mut s.a, &mut rng, 30);
            }
        }
        let value = &mut s.b;
        value.clear();
        php::array(value, 9);
        php::st(value, "cart");
        s.c.clear();
        self.cart_contents(&mut s.c, &mut s.d, &mut rng);
        php::s(value, &s.c);
        php::st(value, "cart_totals");
        s.c.clear();
        php::array(&mut s.c, 3);
        php::kv(&mut s.c, "subtotal", b"48.00");
        php::ki(&mut s.c, "shipping_total", 0);
        php::kv(&mut s.c, "total", b"57.60");
        php::end(&mut s.c);
        php::s(value, &s.c);
        for key in [
            "applied_coupons",
            "coupon_discount_totals",
            "coupon_discount_tax_totals",
            "removed_cart_contents",
        ] {
            php::st(value, key);
            php::s(value, b"a:0:{}");
        }
        php::st(value, "customer");
        self.session_customer(&mut s.c, &mut s.d, &key_person, user);
        php::s(value, &s.c);
        php::st(value, "chosen_shipping_methods");
        php::s(value, b"a:1:{i:0;s:11:\"flat_rate:1\";}");
        php::st(value, "wc_notices");
        php::null(value);
        php::end(value);
        w.row()
            .int(i + 1)
            .str(&s.a)
            .str(&s.b)
            .int((SITE_END + rng.range(86_400, 2 * 86_400) as i64) as u64);
        w.end_row()
    }

    /// The serialized customer inside a session.
    fn session_customer(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        person: &Person,
        user: Option<u64>,
    ) {
        out.clear();
        php::array(out, 26);
        tmp.clear();
        push_u64(tmp, user.unwrap_or(0));
        php::kv(out, "id", tmp);
        php::kv(out, "date_modified", b"");
        for (prefix, fields) in [
            (
                "",
                &[
                    "postcode",
                    "city",
                    "address_1",
                    "address",
                    "address_2",
                    "state",
                    "country",
                ][..],
            ),
            (
                "shipping_",
                &[
                    "postcode",
                    "city",
                    "address_1",
                    "address_2",
                    "state",
                    "country",
                ][..],
            ),
        ] {
            for field in fields {
                tmp.clear();
                push_address_field(
                    tmp,
                    person,
                    if *field == "address" {
                        "address_1"
                    } else {
                        field
                    },
                );
                php::st2(out, prefix, field);
                php::s(out, tmp);
            }
        }
        php::kv(out, "is_vat_exempt", b"");
        php::kv(out, "calculated_shipping", b"1");
        for (key, field) in [
            ("first_name", "first_name"),
            ("last_name", "last_name"),
            ("company", "company"),
            ("phone", "phone"),
            ("email", "email"),
            ("shipping_first_name", "first_name"),
            ("shipping_last_name", "last_name"),
            ("shipping_company", "company"),
            ("shipping_phone", "phone"),
        ] {
            tmp.clear();
            push_address_field(tmp, person, field);
            php::kv(out, key, tmp);
        }
        php::end(out);
    }
}

/// A meta row whose value is a count or an amount in cents.
fn number_meta<W: Write>(
    w: &mut DumpWriter<W>,
    buf: &mut Vec<u8>,
    meta_id: &mut u64,
    owner: u64,
    key: &[u8],
    n: u64,
    money: bool,
) -> io::Result<()> {
    buf.clear();
    if money {
        push_money(buf, n);
    } else {
        push_u64(buf, n);
    }
    meta_row(w, meta_id, owner, key, buf)
}

/// PHP writes floats in their shortest form: `48.00` → `48`, `9.50` → `9.5`.
fn trim_money(money: &[u8]) -> &[u8] {
    let mut end = money.len();
    if money.contains(&b'.') {
        while end > 0 && money.get(end - 1) == Some(&b'0') {
            end -= 1;
        }
        if end > 0 && money.get(end - 1) == Some(&b'.') {
            end -= 1;
        }
    }
    money.get(..end).unwrap_or(money)
}

/// Appends one address field of `person`.
fn push_address_field(out: &mut Vec<u8>, person: &Person, field: &str) {
    match field {
        "first_name" => out.extend_from_slice(person.first.display.as_bytes()),
        "last_name" => out.extend_from_slice(person.last.display.as_bytes()),
        "company" => out.extend_from_slice(person.company.as_bytes()),
        "address_1" => person.push_address_1(out),
        "address_2" => person.push_address_2(out),
        "city" => out.extend_from_slice(person.place.city.as_bytes()),
        "state" => out.extend_from_slice(person.place.state.as_bytes()),
        "postcode" => person.push_postcode(out),
        "country" => out.extend_from_slice(person.place.country.as_bytes()),
        "email" => person.push_email(out),
        "phone" => person.push_phone(out),
        _ => {}
    }
}

/// Product categories: name, slug.
pub(crate) const PRODUCT_CATEGORIES: &[(&str, &str)] = &[
    ("Céramique", "ceramique"),
    ("Linge de maison", "linge-de-maison"),
    ("Kitchen", "kitchen"),
    ("Lighting", "lighting"),
    ("Furniture", "furniture"),
    ("Gift cards", "gift-cards"),
    ("Workshops", "workshops"),
    ("陶器", "%e9%99%b6%e5%99%a8"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_trimmed_like_php_floats() {
        assert_eq!(trim_money(b"48.00"), b"48");
        assert_eq!(trim_money(b"9.50"), b"9.5");
        assert_eq!(trim_money(b"0.05"), b"0.05");
        assert_eq!(trim_money(b"120.00"), b"120");
    }

    #[test]
    fn an_order_is_the_same_wherever_it_is_drawn() {
        let site = Site::new(
            3,
            crate::site::Plan::with_units(4),
            "https://example.com",
            "wp_",
        );
        let a = site.order(5);
        let b = site.order(5);
        assert_eq!(a.total(), b.total());
        assert_eq!(a.billing.first.display, b.billing.first.display);
        assert_eq!(a.total(), a.subtotal + a.shipping_cost + a.tax);
    }
}
