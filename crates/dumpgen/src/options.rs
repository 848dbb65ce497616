//! The site's fixed parts: options (serialized widgets, theme mods, roles,
//! cron, a plugin's object with private properties), taxonomy terms, links,
//! and the pages, menus and styles every WooCommerce site has.

use std::io::{self, Write};

use crate::blog::Article;
use crate::php;
use crate::shop::{Product, PRODUCT_CATEGORIES};
use crate::site::{local, meta_row, stream, Scratch, Site, SITE_END, SITE_START, STAFF};
use crate::sql::DumpWriter;
use crate::text::{push_hex, push_u64, sentences, Lang};

/// Site posts: 0 shop, 1 cart, 2 checkout, 3 my account, 4 privacy policy,
/// 5 global styles, 6 navigation, 7..=14 menu items, 15 custom CSS, then one
/// auto-draft per staff member.
pub(crate) const AUTO_DRAFTS_AT: u64 = 16;
const MENU_ITEMS: u64 = 8;
const SITE_POSTS: u64 = AUTO_DRAFTS_AT + STAFF;

/// Term ids: categories, tags, product types, product visibility, product
/// categories, the main menu.
const CATEGORIES: &[(&str, &str)] = &[
    ("Non classé", "non-classe"),
    ("Atelier", "atelier"),
    ("Recettes", "recettes"),
    ("Voyages", "voyages"),
    ("Behind the scenes", "behind-the-scenes"),
    ("Journal", "journal"),
    ("Savoir-faire", "savoir-faire"),
    ("Événements", "evenements"),
    ("Presse", "presse"),
    ("日本", "%e6%97%a5%e6%9c%ac"),
    ("Guides", "guides"),
    ("News", "news"),
];
const TAGS: &[&str] = &[
    "ceramic",
    "linen",
    "oak",
    "walnut",
    "glaze",
    "kiln",
    "summer",
    "winter",
    "gift",
    "paris",
    "kyoto",
    "market",
    "recipe",
    "coffee",
    "bread",
    "tea",
    "workshop",
    "studio",
    "travel",
    "handmade",
    "slow",
    "design",
    "vintage",
    "craft",
    "wool",
    "table",
    "light",
    "bowl",
    "cup",
    "plate",
    "vase",
    "basket",
    "garden",
    "spring",
    "autumn",
    "noel",
    "sale",
    "new",
    "press",
    "interview",
];
const PRODUCT_TYPES: &[&str] = &["simple", "grouped", "variable", "external"];
const VISIBILITY: &[&str] = &[
    "exclude-from-search",
    "exclude-from-catalog",
    "featured",
    "outofstock",
    "rated-1",
    "rated-2",
    "rated-3",
    "rated-4",
    "rated-5",
];

fn first_tag() -> u64 {
    CATEGORIES.len() as u64 + 1
}
fn first_product_type() -> u64 {
    first_tag() + TAGS.len() as u64
}
fn first_visibility() -> u64 {
    first_product_type() + PRODUCT_TYPES.len() as u64
}
fn first_product_cat() -> u64 {
    first_visibility() + VISIBILITY.len() as u64
}
fn menu_term() -> u64 {
    first_product_cat() + PRODUCT_CATEGORIES.len() as u64
}

/// Term taxonomy ids of an object, sorted: the primary key's order.
struct TermSet {
    ids: [u64; 8],
    len: usize,
}

impl TermSet {
    fn new() -> TermSet {
        TermSet {
            ids: [0; 8],
            len: 0,
        }
    }

    fn add(&mut self, id: u64) {
        if self.len < self.ids.len() && !self.ids.iter().take(self.len).any(|&x| x == id) {
            if let Some(slot) = self.ids.get_mut(self.len) {
                *slot = id;
                self.len += 1;
            }
        }
    }

    fn sorted(&mut self) -> &[u64] {
        let ids = self.ids.get_mut(..self.len).unwrap_or_default();
        ids.sort_unstable();
        ids
    }
}

impl Site {
    /// The number of fixed site posts.
    pub(crate) fn site_post_count(&self) -> u64 {
        SITE_POSTS
    }

    fn site_post_id(&self, n: u64) -> u64 {
        self.plan.site_base() + n
    }

    /// Writes every `wp_options` row; returns nothing, the count is the
    /// writer's.
    pub(crate) fn options<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
    ) -> io::Result<()> {
        let mut id = 0u64;
        let url = self.url.plain.as_bytes();
        let host = self.url.host.as_bytes();
        let mut opt = |w: &mut DumpWriter<W>, name: &[u8], value: &[u8], autoload: &[u8]| {
            id += 1;
            w.row().int(id).str(name).str(value).str(autoload);
            w.end_row()
        };
        opt(w, b"siteurl", url, b"on")?;
        opt(w, b"home", url, b"on")?;
        opt(w, b"blogname", "Atelier Lumière".as_bytes(), b"on")?;
        opt(
            w,
            b"blogdescription",
            "Céramique, linge & objets faits main — 手作りの器".as_bytes(),
            b"on",
        )?;
        opt(w, b"users_can_register", b"1", b"on")?;
        s.a.clear();
        s.a.extend_from_slice(b"admin@");
        s.a.extend_from_slice(host);
        opt(w, b"admin_email", &s.a, b"on")?;
        for (name, value) in [
            ("start_of_week", "1"),
            ("use_balanceTags", "0"),
            ("use_smilies", "1"),
            ("require_name_email", "1"),
            ("comments_notify", "1"),
            ("posts_per_rss", "10"),
            ("rss_use_excerpt", "0"),
            ("mailserver_url", "mail.example.com"),
            ("mailserver_login", "login@example.com"),
            ("mailserver_pass", "password"),
            ("mailserver_port", "110"),
            ("default_category", "1"),
            ("default_comment_status", "open"),
            ("default_ping_status", "open"),
            ("default_pingback_flag", "1"),
            ("posts_per_page", "10"),
            ("date_format", "j F Y"),
            ("time_format", "G\\hi"),
            ("links_updated_date_format", "j F Y G\\hi"),
            ("comment_moderation", "0"),
            ("moderation_notify", "1"),
            ("permalink_structure", "/%year%/%monthnum%/%postname%/"),
        ] {
            opt(w, name.as_bytes(), value.as_bytes(), b"on")?;
        }
        self.rewrite_rules(&mut s.a);
        opt(w, b"rewrite_rules", &s.a, b"on")?;
        opt(w, b"hack_file", b"0", b"on")?;
        opt(w, b"blog_charset", b"UTF-8", b"on")?;
        opt(w, b"moderation_keys", b"", b"off")?;
        s.a.clear();
        let plugins = [
            "akismet/akismet.php",
            "woocommerce/woocommerce.php",
            "woocommerce-gateway-stripe/woocommerce-gateway-stripe.php",
            "wordpress-seo/wp-seo.php",
            "acme-share/acme-share.php",
        ];
        php::array(&mut s.a, plugins.len() as u64);
        for (i, plugin) in plugins.iter().enumerate() {
            php::i(&mut s.a, i as i64);
            php::st(&mut s.a, plugin);
        }
        php::end(&mut s.a);
        opt(w, b"active_plugins", &s.a, b"on")?;
        opt(w, b"category_base", b"", b"on")?;
        opt(w, b"ping_sites", b"https://rpc.pingomatic.com/", b"on")?;
        opt(w, b"comment_max_links", b"2", b"on")?;
        opt(w, b"gmt_offset", b"", b"on")?;
        opt(w, b"default_email_category", b"1", b"on")?;
        opt(w, b"recently_edited", b"", b"off")?;
        opt(w, b"template", b"twentytwentyfour", b"on")?;
        opt(w, b"stylesheet", b"twentytwentyfour", b"on")?;
        opt(w, b"comment_registration", b"0", b"on")?;
        opt(w, b"html_type", b"text/html", b"on")?;
        opt(w, b"use_trackback", b"0", b"on")?;
        opt(w, b"default_role", b"subscriber", b"on")?;
        opt(w, b"db_version", b"58975", b"on")?;
        opt(w, b"uploads_use_yearmonth_folders", b"1", b"on")?;
        opt(w, b"upload_path", b"", b"on")?;
        opt(w, b"blog_public", b"1", b"on")?;
        opt(w, b"default_link_category", b"2", b"on")?;
        opt(w, b"show_on_front", b"posts", b"on")?;
        opt(w, b"tag_base", b"", b"on")?;
        opt(w, b"upload_url_path", b"", b"on")?;
        opt(w, b"timezone_string", b"Europe/Paris", b"on")?;
        s.a.clear();
        push_u64(&mut s.a, self.site_post_id(4));
        opt(w, b"wp_page_for_privacy_policy", &s.a, b"on")?;
        self.user_roles(&mut s.a);
        s.b.clear();
        s.b.extend_from_slice(self.prefix.as_bytes());
        s.b.extend_from_slice(b"user_roles");
        opt(w, &s.b, &s.a, b"on")?;
        opt(w, b"fresh_site", b"0", b"off")?;
        opt(w, b"WPLANG", b"fr_FR", b"auto")?;
        self.widget_block(&mut s.a, &mut s.b);
        opt(w, b"widget_block", &s.a, b"auto")?;
        self.widget_text(&mut s.a, &mut s.b);
        opt(w, b"widget_text", &s.a, b"auto")?;
        opt(
            w,
            b"sidebars_widgets",
            b"a:4:{s:19:\"wp_inactive_widgets\";a:0:{}s:9:\"sidebar-1\";a:3:{i:0;s:7:\"block-2\";i:1;s:7:\"block-3\";i:2;s:6:\"text-2\";}s:9:\"sidebar-2\";a:1:{i:0;s:7:\"block-5\";}s:13:\"array_version\";i:3;}",
            b"auto",
        )?;
        self.cron(&mut s.a);
        opt(w, b"cron", &s.a, b"on")?;
        self.theme_mods(&mut s.a, &mut s.b);
        opt(w, b"theme_mods_twentytwentyfour", &s.a, b"auto")?;
        self.share_counter(&mut s.a, &mut s.b);
        opt(w, b"acme_share_counter", &s.a, b"auto")?;
        opt(w, b"recovery_keys", b"a:0:{}", b"off")?;
        opt(w, b"https_detection_errors", b"a:0:{}", b"off")?;
        opt(w, b"finished_updating_comment_type", b"1", b"auto")?;
        s.a.clear();
        push_u64(&mut s.a, self.plan.users());
        opt(w, b"user_count", &s.a, b"off")?;
        self.update_core(&mut s.a);
        opt(w, b"_site_transient_update_core", &s.a, b"off")?;
        opt(
            w,
            b"_transient_health-check-site-status-result",
            b"{\"good\":17,\"recommended\":4,\"critical\":1}",
            b"on",
        )?;
        for (name, value) in [
            ("woocommerce_store_address", "12 rue de la Paix"),
            ("woocommerce_store_address_2", ""),
            ("woocommerce_store_city", "Paris"),
            ("woocommerce_default_country", "FR"),
            ("woocommerce_store_postcode", "75002"),
            ("woocommerce_currency", "EUR"),
            ("woocommerce_price_num_decimals", "2"),
            ("woocommerce_calc_taxes", "yes"),
            ("woocommerce_custom_orders_table_enabled", "yes"),
            ("woocommerce_custom_orders_table_data_sync_enabled", "yes"),
            ("woocommerce_version", "9.8.2"),
            ("woocommerce_db_version", "9.8.2"),
            ("woocommerce_email_from_name", "Atelier Lumière"),
        ] {
            opt(w, name.as_bytes(), value.as_bytes(), b"on")?;
        }
        s.a.clear();
        s.a.extend_from_slice(b"boutique@");
        s.a.extend_from_slice(host);
        opt(w, b"woocommerce_email_from_address", &s.a, b"off")?;
        s.a.clear();
        s.a.extend_from_slice(url);
        s.a.extend_from_slice(b"/wp-content/uploads/2019/01/email-header.png");
        opt(w, b"woocommerce_email_header_image", &s.a, b"off")?;
        for (n, name) in [
            (0, "woocommerce_shop_page_id"),
            (1, "woocommerce_cart_page_id"),
            (2, "woocommerce_checkout_page_id"),
            (3, "woocommerce_myaccount_page_id"),
        ] {
            s.a.clear();
            push_u64(&mut s.a, self.site_post_id(n));
            opt(w, name.as_bytes(), &s.a, b"on")?;
        }
        self.stripe_settings(&mut s.a, &mut s.b);
        opt(w, b"woocommerce_stripe_settings", &s.a, b"on")?;
        opt(w, b"_transient_wc_attribute_taxonomies", b"a:0:{}", b"on")?;
        opt(
            w,
            b"_transient_timeout_wc_low_stock_count",
            b"1748649600",
            b"off",
        )?;
        opt(w, b"_transient_wc_low_stock_count", b"3", b"off")?;
        Ok(())
    }

    /// `rewrite_rules`: regex → query pairs for every registered rewrite.
    fn rewrite_rules(&self, out: &mut Vec<u8>) {
        const BASES: &[(&str, &str)] = &[
            ("category", "category_name"),
            ("tag", "tag"),
            ("type", "post_format"),
            ("produit", "product"),
            ("categorie-produit", "product_cat"),
            ("etiquette-produit", "product_tag"),
            ("author", "author_name"),
            ("wp-json", "rest_route"),
        ];
        const SUFFIXES: &[(&str, &str)] = &[
            (
                "/(.+?)/feed/(feed|rdf|rss|rss2|atom)/?$",
                "&feed=$matches[2]",
            ),
            ("/(.+?)/(feed|rdf|rss|rss2|atom)/?$", "&feed=$matches[2]"),
            ("/(.+?)/embed/?$", "&embed=true"),
            ("/(.+?)/page/?([0-9]{1,})/?$", "&paged=$matches[2]"),
            ("/(.+?)/wc-api(/(.*))?/?$", "&wc-api=$matches[3]"),
            ("/(.+?)/?$", ""),
        ];
        out.clear();
        php::array(out, (BASES.len() * SUFFIXES.len()) as u64);
        let mut value = Vec::with_capacity(96);
        let mut key = Vec::with_capacity(96);
        for (base, var) in BASES {
            for (pattern, extra) in SUFFIXES {
                key.clear();
                key.extend_from_slice(base.as_bytes());
                key.extend_from_slice(pattern.as_bytes());
                value.clear();
                value.extend_from_slice(b"index.php?");
                value.extend_from_slice(var.as_bytes());
                value.extend_from_slice(b"=$matches[1]");
                value.extend_from_slice(extra.as_bytes());
                php::s(out, &key);
                php::s(out, &value);
            }
        }
        php::end(out);
    }

    /// `wp_user_roles`: each role's name and capability map.
    fn user_roles(&self, out: &mut Vec<u8>) {
        const CAPS: &[&str] = &[
            "switch_themes",
            "edit_themes",
            "activate_plugins",
            "edit_plugins",
            "edit_users",
            "edit_files",
            "manage_options",
            "moderate_comments",
            "manage_categories",
            "manage_links",
            "upload_files",
            "import",
            "unfiltered_html",
            "edit_posts",
            "edit_others_posts",
            "edit_published_posts",
            "publish_posts",
            "edit_pages",
            "read",
            "level_10",
            "level_9",
            "level_8",
            "level_7",
            "level_6",
            "level_5",
            "level_4",
            "level_3",
            "level_2",
            "level_1",
            "level_0",
            "edit_others_pages",
            "edit_published_pages",
            "publish_pages",
            "delete_pages",
            "delete_others_pages",
            "delete_published_pages",
            "delete_posts",
            "delete_others_posts",
            "delete_published_posts",
            "delete_private_posts",
            "edit_private_posts",
            "read_private_posts",
            "delete_private_pages",
            "edit_private_pages",
            "read_private_pages",
            "delete_users",
            "create_users",
            "unfiltered_upload",
            "edit_dashboard",
            "update_plugins",
            "delete_plugins",
            "install_plugins",
            "update_themes",
            "install_themes",
            "update_core",
            "list_users",
            "remove_users",
            "promote_users",
            "edit_theme_options",
            "delete_themes",
            "export",
            "manage_woocommerce",
            "view_woocommerce_reports",
            "edit_product",
            "read_product",
            "delete_product",
            "edit_products",
            "edit_others_products",
            "publish_products",
            "read_private_products",
            "delete_products",
            "edit_shop_order",
            "read_shop_order",
            "delete_shop_order",
            "edit_shop_orders",
            "edit_others_shop_orders",
            "publish_shop_orders",
            "read_private_shop_orders",
            "delete_shop_orders",
            "edit_shop_coupon",
            "manage_product_terms",
            "edit_product_terms",
            "assign_product_terms",
        ];
        const ROLES: &[(&str, &str, usize)] = &[
            ("administrator", "Administrator", CAPS.len()),
            ("editor", "Editor", 45),
            ("author", "Author", 10),
            ("contributor", "Contributor", 4),
            ("subscriber", "Subscriber", 1),
            ("customer", "Customer", 1),
            ("shop_manager", "Shop manager", CAPS.len() - 3),
        ];
        out.clear();
        php::array(out, ROLES.len() as u64);
        for (key, name, caps) in ROLES {
            php::st(out, key);
            php::array(out, 2);
            php::st(out, "name");
            php::st(out, name);
            php::st(out, "capabilities");
            php::array(out, *caps as u64);
            for cap in CAPS.iter().take(*caps) {
                php::st(out, cap);
                php::b(out, true);
            }
            php::end(out);
            php::end(out);
        }
        php::end(out);
    }

    /// `widget_block`: block widgets whose HTML holds upload URLs.
    fn widget_block(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>) {
        out.clear();
        php::array(out, 4);
        php::i(out, 2);
        php::array(out, 1);
        php::kv(
            out,
            "content",
            b"<!-- wp:search {\"label\":\"Rechercher\",\"buttonText\":\"Rechercher\"} /-->",
        );
        php::end(out);
        php::i(out, 3);
        php::array(out, 1);
        php::kv(
            out,
            "content",
            "<!-- wp:group --><div class=\"wp-block-group\"><!-- wp:heading --><h2 class=\"wp-block-heading\">Articles récents</h2><!-- /wp:heading --><!-- wp:latest-posts /--></div><!-- /wp:group -->".as_bytes(),
        );
        php::end(out);
        php::i(out, 5);
        php::array(out, 1);
        tmp.clear();
        tmp.extend_from_slice(b"<!-- wp:image {\"id\":12,\"sizeSlug\":\"medium\"} -->\n<figure class=\"wp-block-image size-medium\"><a href=\"");
        tmp.extend_from_slice(self.url.plain.as_bytes());
        tmp.extend_from_slice(b"/shop/\"><img src=\"");
        tmp.extend_from_slice(self.url.plain.as_bytes());
        tmp.extend_from_slice(b"/wp-content/uploads/2016/03/banner-300x200.jpg\" alt=\"\" class=\"wp-image-12\"/></a></figure>\n<!-- /wp:image -->");
        php::kv(out, "content", tmp);
        php::end(out);
        php::ki(out, "_multiwidget", 1);
        php::end(out);
    }

    /// `widget_text`: a classic text widget linking to the contact page,
    /// protocol-relative.
    fn widget_text(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>) {
        out.clear();
        php::array(out, 2);
        php::i(out, 2);
        php::array(out, 4);
        php::kv(out, "title", "Nous écrire".as_bytes());
        tmp.clear();
        tmp.extend_from_slice(b"<p>Une question ? <a href=\"//");
        tmp.extend_from_slice(self.url.host.as_bytes());
        tmp.extend_from_slice("/contact/\">Écrivez-nous</a> ou passez à l'atelier.</p>".as_bytes());
        php::kv(out, "text", tmp);
        php::st(out, "filter");
        php::b(out, true);
        php::st(out, "visual");
        php::b(out, true);
        php::end(out);
        php::ki(out, "_multiwidget", 1);
        php::end(out);
    }

    /// `cron`: scheduled events keyed by time, then hook, then args hash.
    fn cron(&self, out: &mut Vec<u8>) {
        const HOOKS: &[(&str, &str, i64)] = &[
            ("wp_version_check", "twicedaily", 43_200),
            ("wp_update_plugins", "twicedaily", 43_200),
            ("wp_scheduled_delete", "daily", 86_400),
            ("delete_expired_transients", "daily", 86_400),
            ("woocommerce_cleanup_sessions", "twicedaily", 43_200),
            ("woocommerce_scheduled_sales", "daily", 86_400),
            ("action_scheduler_run_queue", "every_minute", 60),
            ("wp_privacy_delete_old_export_files", "hourly", 3600),
        ];
        out.clear();
        php::array(out, HOOKS.len() as u64 + 1);
        for (i, (hook, schedule, interval)) in HOOKS.iter().enumerate() {
            php::i(out, SITE_END + 60 * i as i64);
            php::array(out, 1);
            php::st(out, hook);
            php::array(out, 1);
            php::st(out, "40cd750bba9870f18aada2478b24840a");
            php::array(out, 3);
            php::kv(out, "schedule", schedule.as_bytes());
            php::st(out, "args");
            php::array(out, 0);
            php::end(out);
            php::ki(out, "interval", *interval);
            php::end(out);
            php::end(out);
            php::end(out);
        }
        php::ki(out, "version", 2);
        php::end(out);
    }

    /// `theme_mods_*`: logo, header image (with a `stdClass` of its data),
    /// background, menu locations.
    fn theme_mods(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>) {
        let upload = |tmp: &mut Vec<u8>, file: &str| {
            tmp.clear();
            tmp.extend_from_slice(self.url.plain.as_bytes());
            tmp.extend_from_slice(b"/wp-content/uploads/");
            tmp.extend_from_slice(file.as_bytes());
        };
        out.clear();
        php::array(out, 7);
        php::i(out, 0);
        php::b(out, false);
        php::st(out, "nav_menu_locations");
        php::array(out, 1);
        php::ki(out, "primary", menu_term() as i64);
        php::end(out);
        php::ki(out, "custom_logo", (self.plan.product_base() + 1) as i64);
        upload(tmp, "2016/03/header.jpg");
        php::kv(out, "header_image", tmp);
        php::st(out, "header_image_data");
        php::object(out, "stdClass", 5);
        php::ki(out, "attachment_id", 6);
        php::kv(out, "url", tmp);
        upload(tmp, "2016/03/header-150x150.jpg");
        php::kv(out, "thumbnail_url", tmp);
        php::ki(out, "height", 400);
        php::ki(out, "width", 1600);
        php::end(out);
        upload(tmp, "2016/03/paper-texture.png");
        php::kv(out, "background_image", tmp);
        php::ki(out, "custom_css_post_id", self.site_post_id(15) as i64);
        php::end(out);
    }

    /// A plugin's settings object: private, protected and public properties.
    fn share_counter(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>) {
        const CLASS: &str = "Acme_Share_Counter";
        out.clear();
        php::object(out, CLASS, 4);
        php::private_key(out, CLASS, "endpoint");
        tmp.clear();
        tmp.extend_from_slice(self.url.plain.as_bytes());
        tmp.extend_from_slice(b"/wp-json/acme-share/v1/count");
        php::s(out, tmp);
        php::protected_key(out, "counts");
        php::array(out, 2);
        php::ki(out, "facebook", 1204);
        php::ki(out, "x", 318);
        php::end(out);
        php::st(out, "enabled");
        php::b(out, true);
        php::private_key(out, CLASS, "last_run");
        php::i(out, SITE_END - 3600);
        php::end(out);
    }

    /// `_site_transient_update_core`: nested `stdClass` objects.
    fn update_core(&self, out: &mut Vec<u8>) {
        out.clear();
        php::object(out, "stdClass", 4);
        php::st(out, "updates");
        php::array(out, 1);
        php::i(out, 0);
        php::object(out, "stdClass", 5);
        php::kv(out, "response", b"latest");
        php::kv(
            out,
            "download",
            b"https://downloads.wordpress.org/release/fr_FR/wordpress-6.8.1.zip",
        );
        php::kv(out, "locale", b"fr_FR");
        php::kv(out, "current", b"6.8.1");
        php::kv(out, "php_version", b"7.2.24");
        php::end(out);
        php::end(out);
        php::ki(out, "last_checked", SITE_END - 7200);
        php::kv(out, "version_checked", b"6.8.1");
        php::st(out, "translations");
        php::array(out, 0);
        php::end(out);
        php::end(out);
    }

    /// Stripe's settings, with the live keys a scrub must not leak.
    fn stripe_settings(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>) {
        let mut rng = self.rng(stream::OPTIONS, 1);
        out.clear();
        php::array(out, 6);
        php::kv(out, "enabled", b"yes");
        php::kv(out, "title", "Carte bancaire".as_bytes());
        php::kv(out, "testmode", b"no");
        tmp.clear();
        tmp.extend_from_slice(b"pk_live_");
        push_hex(tmp, &mut rng, 48);
        php::kv(out, "publishable_key", tmp);
        tmp.clear();
        tmp.extend_from_slice(b"sk_live_");
        push_hex(tmp, &mut rng, 48);
        php::kv(out, "secret_key", tmp);
        tmp.clear();
        tmp.extend_from_slice(self.url.plain.as_bytes());
        tmp.extend_from_slice(b"/?wc-api=wc_stripe");
        php::kv(out, "webhook_url", tmp);
        php::end(out);
    }

    /// `wp_terms` rows.
    pub(crate) fn terms<W: Write>(&self, w: &mut DumpWriter<W>) -> io::Result<()> {
        let mut id = 0;
        let mut term = |w: &mut DumpWriter<W>, name: &[u8], slug: &[u8]| {
            id += 1;
            w.row().int(id).str(name).str(slug).int(0);
            w.end_row()
        };
        for (name, slug) in CATEGORIES {
            term(w, name.as_bytes(), slug.as_bytes())?;
        }
        for tag in TAGS {
            term(w, tag.as_bytes(), tag.as_bytes())?;
        }
        for t in PRODUCT_TYPES.iter().chain(VISIBILITY) {
            term(w, t.as_bytes(), t.as_bytes())?;
        }
        for (name, slug) in PRODUCT_CATEGORIES {
            term(w, name.as_bytes(), slug.as_bytes())?;
        }
        term(w, b"Menu principal", b"menu-principal")
    }

    /// `wp_term_taxonomy` rows, with plausible counts.
    pub(crate) fn term_taxonomy<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
    ) -> io::Result<()> {
        let posts = self.plan.articles;
        let products = self.plan.products;
        let row =
            |w: &mut DumpWriter<W>, id: u64, taxonomy: &[u8], description: &[u8], count: u64| {
                w.row()
                    .int(id)
                    .int(id)
                    .str(taxonomy)
                    .str(description)
                    .int(0)
                    .int(count);
                w.end_row()
            };
        let mut rng = self.rng(stream::OPTIONS, 2);
        for id in 1..first_tag() {
            s.a.clear();
            if id > 1 {
                sentences(&mut s.a, &mut rng, Lang::Fr, 1, 2);
            }
            row(
                w,
                id,
                b"category",
                &s.a,
                posts * 3 / 2 / CATEGORIES.len() as u64,
            )?;
        }
        for id in first_tag()..first_product_type() {
            row(w, id, b"post_tag", b"", posts * 2 / TAGS.len() as u64)?;
        }
        for id in first_product_type()..first_visibility() {
            row(
                w,
                id,
                b"product_type",
                b"",
                if id == first_product_type() {
                    products
                } else {
                    0
                },
            )?;
        }
        for id in first_visibility()..first_product_cat() {
            row(w, id, b"product_visibility", b"", products / 10)?;
        }
        for id in first_product_cat()..menu_term() {
            row(
                w,
                id,
                b"product_cat",
                b"",
                products / PRODUCT_CATEGORIES.len() as u64,
            )?;
        }
        row(w, menu_term(), b"nav_menu", b"", MENU_ITEMS)
    }

    /// `wp_termmeta` rows of the product categories.
    pub(crate) fn termmeta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
    ) -> io::Result<()> {
        let mut id = 0;
        for (i, term) in (first_product_cat()..menu_term()).enumerate() {
            s.a.clear();
            push_u64(&mut s.a, i as u64);
            meta_row(w, &mut id, term, b"order", &s.a)?;
            meta_row(w, &mut id, term, b"display_type", b"")?;
            meta_row(w, &mut id, term, b"thumbnail_id", b"0")?;
            s.a.clear();
            push_u64(
                &mut s.a,
                self.plan.products / PRODUCT_CATEGORIES.len() as u64,
            );
            meta_row(w, &mut id, term, b"product_count_product_cat", &s.a)?;
        }
        Ok(())
    }

    /// The `wp_term_relationships` rows of article `a`.
    pub(crate) fn article_terms<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        a: &Article,
    ) -> io::Result<()> {
        if a.page {
            return Ok(());
        }
        let mut rng = self.rng(stream::META, a.id ^ (1 << 57));
        let mut set = TermSet::new();
        set.add(1 + rng.below(CATEGORIES.len() as u64));
        if rng.chance(300) {
            set.add(1 + rng.below(CATEGORIES.len() as u64));
        }
        for _ in 0..rng.range(0, 4) {
            set.add(first_tag() + rng.below(TAGS.len() as u64));
        }
        relationships(w, a.id, set.sorted())
    }

    /// The `wp_term_relationships` rows of product `p`.
    pub(crate) fn product_terms<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        p: &Product,
    ) -> io::Result<()> {
        let mut set = TermSet::new();
        set.add(first_product_type());
        set.add(first_product_cat() + p.category);
        if p.stock == 0 {
            set.add(first_visibility() + 3);
        }
        if p.reviews > 0 {
            set.add(first_visibility() + 8);
        }
        relationships(w, p.id, set.sorted())
    }

    /// The menu items' memberships of the main menu.
    pub(crate) fn menu_terms<W: Write>(&self, w: &mut DumpWriter<W>) -> io::Result<()> {
        for n in 7..7 + MENU_ITEMS {
            relationships(w, self.site_post_id(n), &[menu_term()])?;
        }
        Ok(())
    }

    /// `wp_links`: two blogroll entries left from an old theme.
    pub(crate) fn links<W: Write>(&self, w: &mut DumpWriter<W>, s: &mut Scratch) -> io::Result<()> {
        s.a.clear();
        s.a.extend_from_slice(self.url.plain.as_bytes());
        s.a.extend_from_slice(b"/a-propos/");
        for (id, link, name) in [
            (1, s.a.as_slice(), "À propos".as_bytes()),
            (
                2,
                b"https://wordpress.org/".as_slice(),
                b"WordPress".as_slice(),
            ),
        ] {
            w.row()
                .int(id)
                .str(link)
                .str(name)
                .str(b"")
                .str(b"")
                .str(b"")
                .str(b"Y")
                .int(1)
                .int(0)
                .datetime(0)
                .str(b"")
                .str(b"")
                .str(b"");
            w.end_row()?;
        }
        Ok(())
    }

    /// The site's fixed posts: WooCommerce pages, styles, navigation, menu
    /// items, custom CSS, auto-drafts.
    pub(crate) fn site_posts<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
    ) -> io::Result<()> {
        let url = self.url.plain.as_bytes();
        for n in 0..SITE_POSTS {
            let id = self.site_post_id(n);
            let when = SITE_START + 86_400 + n as i64 * 60;
            s.a.clear();
            s.b.clear();
            s.c.clear();
            let (kind, status): (&[u8], &[u8]) = match n {
                0 => {
                    s.b.extend_from_slice(b"Boutique");
                    s.c.extend_from_slice(b"shop");
                    (b"page", b"publish")
                }
                1 => {
                    s.a.extend_from_slice(b"<!-- wp:woocommerce/cart -->\n<div class=\"wp-block-woocommerce-cart alignwide is-loading\"></div>\n<!-- /wp:woocommerce/cart -->");
                    s.b.extend_from_slice(b"Panier");
                    s.c.extend_from_slice(b"cart");
                    (b"page", b"publish")
                }
                2 => {
                    s.a.extend_from_slice(b"<!-- wp:woocommerce/checkout -->\n<div class=\"wp-block-woocommerce-checkout alignwide wc-block-checkout is-loading\"></div>\n<!-- /wp:woocommerce/checkout -->");
                    s.b.extend_from_slice(b"Commande");
                    s.c.extend_from_slice(b"checkout");
                    (b"page", b"publish")
                }
                3 => {
                    s.a.extend_from_slice(
                        b"<!-- wp:shortcode -->[woocommerce_my_account]<!-- /wp:shortcode -->",
                    );
                    s.b.extend_from_slice(b"Mon compte");
                    s.c.extend_from_slice(b"my-account");
                    (b"page", b"publish")
                }
                4 => {
                    s.a.extend_from_slice(b"<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Qui sommes-nous ?</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p><strong class=\"privacy-policy-tutorial\">Texte sugg\xc3\xa9r\xc3\xa9 : </strong>L\xe2\x80\x99adresse de notre site est : ");
                    s.a.extend_from_slice(url);
                    s.a.extend_from_slice(b".</p>\n<!-- /wp:paragraph -->");
                    s.b.extend_from_slice("Politique de confidentialité".as_bytes());
                    s.c.extend_from_slice(b"politique-de-confidentialite");
                    (b"page", b"draft")
                }
                5 => {
                    s.a.extend_from_slice(
                        b"{\"styles\":{\"background\":{\"backgroundImage\":{\"url\":\"",
                    );
                    s.a.extend_from_slice(self.url.json.as_bytes());
                    s.a.extend_from_slice(b"\\/wp-content\\/uploads\\/2024\\/01\\/paper.webp\",\"source\":\"file\"}},\"color\":{\"background\":\"#f5f1ea\"}},\"isGlobalStylesUserThemeJSON\":true,\"version\":3}");
                    s.b.extend_from_slice(b"Custom Styles");
                    s.c.extend_from_slice(b"wp-global-styles-twentytwentyfour");
                    (b"wp_global_styles", b"publish")
                }
                6 => {
                    for (label, path) in [
                        ("Boutique", "/shop/"),
                        ("Journal", "/category/journal/"),
                        ("À propos", "/a-propos/"),
                    ] {
                        s.a.extend_from_slice(b"<!-- wp:navigation-link {\"label\":\"");
                        s.a.extend_from_slice(label.as_bytes());
                        s.a.extend_from_slice(b"\",\"url\":\"");
                        s.a.extend_from_slice(url);
                        s.a.extend_from_slice(path.as_bytes());
                        s.a.extend_from_slice(
                            b"\",\"kind\":\"custom\",\"isTopLevelLink\":true} /-->\n\n",
                        );
                    }
                    s.b.extend_from_slice(b"Navigation");
                    s.c.extend_from_slice(b"navigation");
                    (b"wp_navigation", b"publish")
                }
                7..=14 => {
                    if n % 2 == 0 {
                        s.b.extend_from_slice(b"Instagram");
                    }
                    push_u64(&mut s.c, id);
                    (b"nav_menu_item", b"publish")
                }
                15 => {
                    s.a.extend_from_slice(b"body{background:url(\"");
                    s.a.extend_from_slice(url);
                    s.a.extend_from_slice(b"/wp-content/uploads/2016/03/paper-texture.png\")}\n.site-logo img{max-height:64px}");
                    s.b.extend_from_slice(b"twentytwentyfour");
                    s.c.extend_from_slice(b"twentytwentyfour");
                    (b"custom_css", b"publish")
                }
                _ => {
                    s.b.extend_from_slice(b"Brouillon auto");
                    (b"post", b"auto-draft")
                }
            };
            s.d.clear();
            s.d.extend_from_slice(url);
            s.d.extend_from_slice(b"/?p=");
            push_u64(&mut s.d, id);
            let author = if n >= AUTO_DRAFTS_AT {
                n - AUTO_DRAFTS_AT + 1
            } else {
                1
            };
            w.row()
                .int(id)
                .int(author)
                .datetime(local(when))
                .datetime(when)
                .str(&s.a)
                .str(&s.b)
                .str(b"")
                .str(status)
                .str(b"closed")
                .str(b"closed")
                .str(b"")
                .str(&s.c)
                .str(b"")
                .str(b"")
                .datetime(local(when))
                .datetime(when)
                .str(b"")
                .int(0)
                .str(&s.d)
                .int(if (7..=14).contains(&n) { n - 6 } else { 0 })
                .str(kind)
                .str(b"")
                .int(0);
            w.end_row()?;
        }
        Ok(())
    }

    /// The menu items' `_menu_item_*` meta.
    pub(crate) fn site_post_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut Scratch,
        id: &mut u64,
    ) -> io::Result<()> {
        for n in 7..7 + MENU_ITEMS {
            let post = self.site_post_id(n);
            let custom = n % 2 == 0;
            meta_row(
                w,
                id,
                post,
                b"_menu_item_type",
                if custom { b"custom" } else { b"post_type" },
            )?;
            meta_row(w, id, post, b"_menu_item_menu_item_parent", b"0")?;
            s.a.clear();
            push_u64(
                &mut s.a,
                if custom {
                    post
                } else {
                    self.site_post_id(n % 4)
                },
            );
            meta_row(w, id, post, b"_menu_item_object_id", &s.a)?;
            meta_row(
                w,
                id,
                post,
                b"_menu_item_object",
                if custom { b"custom" } else { b"page" },
            )?;
            meta_row(w, id, post, b"_menu_item_target", b"")?;
            meta_row(w, id, post, b"_menu_item_classes", b"a:1:{i:0;s:0:\"\";}")?;
            meta_row(w, id, post, b"_menu_item_xfn", b"")?;
            s.a.clear();
            if custom {
                s.a.extend_from_slice(b"https://www.instagram.com/atelier.lumiere/");
            }
            meta_row(w, id, post, b"_menu_item_url", &s.a)?;
        }
        for n in [0, 1, 2, 3, 4] {
            meta_row(
                w,
                id,
                self.site_post_id(n),
                b"_wp_page_template",
                b"default",
            )?;
        }
        Ok(())
    }
}

/// `(object_id, term_taxonomy_id, 0)` rows.
fn relationships<W: Write>(w: &mut DumpWriter<W>, object: u64, ids: &[u64]) -> io::Result<()> {
    for &tt in ids {
        w.row().int(object).int(tt).int(0);
        w.end_row()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_sets_are_sorted_and_unique() {
        let mut set = TermSet::new();
        for id in [9, 3, 9, 1] {
            set.add(id);
        }
        assert_eq!(set.sorted(), &[1, 3, 9]);
    }
}
