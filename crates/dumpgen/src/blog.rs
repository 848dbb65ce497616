//! The content side: articles and pages in block markup, their revisions and
//! images, comments, categories and tags.

use std::io::{self, Write};

use crate::php;
use crate::rng::Rng;
use crate::site::{local, meta_row, stream, PostRow, Site, ARTICLE_BLOCK, SITE_START, STAFF};
use crate::sql::DumpWriter;
use crate::text::{
    push_2d, push_alnum_into, push_hex, push_ip, push_u64, push_year_month, sentence, sentences,
    title, Lang, Person,
};

/// What an article is, drawn before its content so that every table can ask
/// cheaply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Article {
    pub(crate) g: u64,
    pub(crate) id: u64,
    pub(crate) lang: Lang,
    pub(crate) page: bool,
    pub(crate) status: &'static str,
    /// Whether the body links to the site (images, internal links, shares).
    pub(crate) site_urls: bool,
    pub(crate) blocks: u64,
    pub(crate) revisions: u64,
    pub(crate) images: u64,
    pub(crate) comments: u64,
    pub(crate) author: u64,
    pub(crate) date: i64,
    pub(crate) modified: i64,
    /// Random bits deciding the optional meta rows.
    pub(crate) flags: u64,
}

/// An uploaded image.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Image {
    pub(crate) id: u64,
    pub(crate) parent: u64,
    pub(crate) date: i64,
    pub(crate) name: &'static str,
    pub(crate) ext: &'static str,
    pub(crate) width: u64,
    pub(crate) height: u64,
    pub(crate) alt: bool,
}

const IMAGE_NAMES: &[&str] = &[
    "atelier",
    "ceramic-bowl",
    "morning-light",
    "market-stall",
    "workshop",
    "linen-napkins",
    "oak-table",
    "glaze-test",
    "kiln",
    "studio-window",
    "packaging",
    "team-photo",
    "img",
    "dsc",
    "photo",
    "hero",
    "banner",
    "product-shot",
    "detail",
    "sketchbook",
];

/// Share of articles whose body links to the site: tuned so that 5–10 % of
/// the dump's bytes sit in values that contain the site URL.
const SITE_URL_PER_MILLE: u64 = 115;

/// How a comment came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentKind {
    Comment,
    Pingback,
    Review,
}

/// A comment on an article or a product review.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Comment {
    pub(crate) kind: CommentKind,
    pub(crate) approved: &'static str,
    pub(crate) person: Person,
    pub(crate) user_id: u64,
    pub(crate) date: i64,
    pub(crate) reply: bool,
    pub(crate) links_site: bool,
    pub(crate) rating: u64,
}

impl Site {
    /// Article `g`'s shape.
    pub(crate) fn article(&self, g: u64) -> Article {
        let mut rng = self.rng(stream::ARTICLE, g);
        let page = rng.chance(40);
        let date = self.spread(SITE_START, g, self.plan.articles, &mut rng);
        Article {
            g,
            id: 1 + g * ARTICLE_BLOCK,
            lang: Lang::draw(&mut rng),
            page,
            status: match rng.below(100) {
                0..=91 => "publish",
                92..=96 => "draft",
                _ => "private",
            },
            site_urls: rng.chance(SITE_URL_PER_MILLE),
            blocks: rng.range(6, 30),
            revisions: rng.range(0, 4),
            images: rng.range(0, 2),
            comments: if page {
                0
            } else {
                match rng.below(10) {
                    0..=3 => 0,
                    4..=7 => rng.range(1, 3),
                    _ => rng.range(4, 12),
                }
            },
            author: rng.range(1, STAFF - 1),
            date,
            modified: date + rng.below(400 * 86_400) as i64,
            flags: rng.next_u64(),
        }
    }

    /// Image `k` (0 or 1) of article `a`.
    pub(crate) fn article_image(&self, a: &Article, k: u64) -> Image {
        self.image(a.id + 5 + k, a.id, a.date - 3600)
    }

    /// The image with post id `id`.
    pub(crate) fn image(&self, id: u64, parent: u64, date: i64) -> Image {
        let mut rng = self.rng(stream::ATTACHMENT, id);
        let (width, height) = match rng.below(4) {
            0 => (2560, 1707),
            1 => (1920, 1280),
            2 => (1200, 1200),
            _ => (1600, 2400),
        };
        Image {
            id,
            parent,
            date,
            name: rng.pick(IMAGE_NAMES),
            ext: if rng.chance(700) { "jpg" } else { "webp" },
            width,
            height,
            alt: rng.chance(500),
        }
    }

    /// Appends article `g`'s title to `title_buf` (if given) and its slug to
    /// `slug`.
    pub(crate) fn article_title(
        &self,
        g: u64,
        lang: Lang,
        title_buf: Option<&mut Vec<u8>>,
        slug: Option<&mut Vec<u8>>,
    ) {
        title(
            title_buf,
            slug,
            &mut self.rng(stream::ARTICLE_TITLE, g),
            lang,
        );
    }

    /// Appends the permalink of article `a` (`/YYYY/MM/slug/` for posts).
    pub(crate) fn push_permalink(&self, out: &mut Vec<u8>, a: &Article) {
        out.extend_from_slice(self.url.plain.as_bytes());
        out.push(b'/');
        if !a.page {
            push_year_month(out, local(a.date), b"/");
            out.push(b'/');
        }
        self.article_title(a.g, a.lang, None, Some(out));
        out.push(b'/');
    }

    /// Appends `2019/04/name-123` (no extension).
    fn push_upload_stem(&self, out: &mut Vec<u8>, image: &Image) {
        push_year_month(out, local(image.date), b"/");
        out.push(b'/');
        out.extend_from_slice(image.name.as_bytes());
        out.push(b'-');
        push_u64(out, image.id);
    }

    /// Appends the image's URL, optionally of a resized copy, with `/` as
    /// `sep` (`\/` inside JSON).
    fn push_image_url(
        &self,
        out: &mut Vec<u8>,
        image: &Image,
        size: Option<(u64, u64)>,
        json: bool,
    ) {
        let (base, sep): (&[u8], &[u8]) = if json {
            (self.url.json.as_bytes(), b"\\/")
        } else {
            (self.url.plain.as_bytes(), b"/")
        };
        out.extend_from_slice(base);
        out.extend_from_slice(sep);
        out.extend_from_slice(b"wp-content");
        out.extend_from_slice(sep);
        out.extend_from_slice(b"uploads");
        out.extend_from_slice(sep);
        push_year_month(out, local(image.date), sep);
        out.extend_from_slice(sep);
        out.extend_from_slice(image.name.as_bytes());
        out.push(b'-');
        push_u64(out, image.id);
        if let Some((w, h)) = size {
            out.push(b'-');
            push_u64(out, w);
            out.push(b'x');
            push_u64(out, h);
        }
        out.push(b'.');
        out.extend_from_slice(image.ext.as_bytes());
    }

    /// Appends article `a`'s body: its first `max_blocks` blocks, so that a
    /// revision is an earlier, shorter draft of the same text.
    pub(crate) fn article_content(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        a: &Article,
        max_blocks: u64,
    ) {
        let mut rng = self.rng(stream::ARTICLE_BODY, a.g);
        for i in 0..a.blocks.min(max_blocks) {
            if i > 0 {
                out.extend_from_slice(b"\n\n");
            }
            let roll = rng.below(100);
            if a.site_urls {
                match roll {
                    0..=44 => self.paragraph(out, tmp, &mut rng, a, true),
                    45..=54 => heading(out, &mut rng, a.lang),
                    55..=66 => self.image_block(out, &mut rng, a),
                    67..=74 => list(out, &mut rng, a.lang),
                    75..=78 => quote(out, &mut rng, a.lang),
                    79..=83 => self.cover_block(out, &mut rng, a),
                    84..=87 => self.share_block(out, tmp, a),
                    88..=91 => self.buttons_block(out),
                    92..=95 => embed(out, &mut rng),
                    _ => separator(out),
                }
            } else {
                match roll {
                    0..=59 => self.paragraph(out, tmp, &mut rng, a, false),
                    60..=71 => heading(out, &mut rng, a.lang),
                    72..=81 => list(out, &mut rng, a.lang),
                    82..=87 => quote(out, &mut rng, a.lang),
                    88..=92 => embed(out, &mut rng),
                    _ => separator(out),
                }
            }
        }
    }

    fn paragraph(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        rng: &mut Rng,
        a: &Article,
        site: bool,
    ) {
        out.extend_from_slice(b"<!-- wp:paragraph -->\n<p>");
        sentences(out, rng, a.lang, 2, 6);
        let link = rng.below(100);
        if site && link < 35 && a.g > 0 {
            let target = self.article(rng.below(a.g));
            tmp.clear();
            self.push_permalink(tmp, &target);
            out.extend_from_slice(b" <a href=\"");
            out.extend_from_slice(tmp);
            out.extend_from_slice(b"\">");
            self.article_title(target.g, target.lang, Some(out), None);
            out.extend_from_slice(b"</a>");
            sentences(out, rng, a.lang, 1, 2);
        } else if link < 50 {
            out.extend_from_slice(b" <a href=\"");
            out.extend_from_slice(
                rng.pick(&[
                    "https://en.wikipedia.org/wiki/Pottery",
                    "https://fr.wikipedia.org/wiki/C%C3%A9ramique",
                    "https://www.instagram.com/p/C6x0aBcD1eF/",
                    "https://ja.wikipedia.org/wiki/%E9%99%B6%E7%A3%81%E5%99%A8",
                    "https://www.theguardian.com/lifeandstyle/food-and-drink",
                ])
                .as_bytes(),
            );
            out.extend_from_slice(b"\" target=\"_blank\" rel=\"noreferrer noopener\">");
            sentence(out, rng, a.lang);
            out.extend_from_slice(b"</a>");
        }
        out.extend_from_slice(b"</p>\n<!-- /wp:paragraph -->");
    }

    fn pick_image(&self, rng: &mut Rng, a: &Article) -> Image {
        if a.images > 0 {
            self.article_image(a, rng.below(a.images))
        } else {
            // Reuse an earlier article's upload, as editors do.
            let other = self.article(rng.below(a.g.max(1)));
            self.article_image(&other, 0)
        }
    }

    fn image_block(&self, out: &mut Vec<u8>, rng: &mut Rng, a: &Article) {
        let image = self.pick_image(rng, a);
        let (w, h) = (1024, 1024 * image.height / image.width.max(1));
        out.extend_from_slice(b"<!-- wp:image {\"id\":");
        push_u64(out, image.id);
        out.extend_from_slice(
            b",\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"",
        );
        self.push_image_url(out, &image, Some((w, h)), false);
        out.extend_from_slice(b"\" alt=\"\" class=\"wp-image-");
        push_u64(out, image.id);
        out.extend_from_slice(b"\"/>");
        if rng.chance(300) {
            out.extend_from_slice(b"<figcaption class=\"wp-element-caption\">");
            sentence(out, rng, a.lang);
            out.extend_from_slice(b"</figcaption>");
        }
        out.extend_from_slice(b"</figure>\n<!-- /wp:image -->");
    }

    fn cover_block(&self, out: &mut Vec<u8>, rng: &mut Rng, a: &Article) {
        let image = self.pick_image(rng, a);
        out.extend_from_slice(b"<!-- wp:cover {\"url\":\"");
        self.push_image_url(out, &image, None, true);
        out.extend_from_slice(b"\",\"id\":");
        push_u64(out, image.id);
        out.extend_from_slice(
            b",\"dimRatio\":50,\"overlayColor\":\"black\",\"isUserOverlayColor\":true,\"layout\":{\"type\":\"constrained\"}} -->\n\
              <div class=\"wp-block-cover\"><span aria-hidden=\"true\" class=\"wp-block-cover__background has-black-background-color has-background-dim\"></span>\
              <img class=\"wp-block-cover__image-background wp-image-",
        );
        push_u64(out, image.id);
        out.extend_from_slice(b"\" alt=\"\" src=\"");
        self.push_image_url(out, &image, None, false);
        out.extend_from_slice(
            b"\" data-object-fit=\"cover\"/><div class=\"wp-block-cover__inner-container\">\
              <!-- wp:paragraph {\"align\":\"center\",\"fontSize\":\"large\"} -->\n\
              <p class=\"has-text-align-center has-large-font-size\">",
        );
        sentence(out, rng, a.lang);
        out.extend_from_slice(b"</p>\n<!-- /wp:paragraph --></div></div>\n<!-- /wp:cover -->");
    }

    fn share_block(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, a: &Article) {
        // The article's own permalink, URL-encoded into each network's link.
        tmp.clear();
        self.push_permalink(tmp, a);
        let path = tmp.get(self.url.plain.len()..).unwrap_or_default();
        out.extend_from_slice(
            b"<!-- wp:paragraph {\"className\":\"share-links\"} -->\n<p class=\"share-links\">\
              <a href=\"https://www.facebook.com/sharer/sharer.php?u=",
        );
        out.extend_from_slice(self.url.encoded.as_bytes());
        push_url_encoded(out, path);
        out.extend_from_slice(b"\">Facebook</a> \xc2\xb7 <a href=\"https://x.com/intent/post?url=");
        out.extend_from_slice(self.url.encoded.as_bytes());
        push_url_encoded(out, path);
        out.extend_from_slice(b"&amp;via=atelier\">X</a> \xc2\xb7 <a href=\"mailto:?subject=Lu%20sur%20le%20blog&amp;body=");
        out.extend_from_slice(self.url.encoded.as_bytes());
        push_url_encoded(out, path);
        out.extend_from_slice(b"\">E-mail</a></p>\n<!-- /wp:paragraph -->");
    }

    fn buttons_block(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(
            b"<!-- wp:buttons -->\n<div class=\"wp-block-buttons\"><!-- wp:button -->\n\
              <div class=\"wp-block-button\"><a class=\"wp-block-button__link wp-element-button\" href=\"",
        );
        out.extend_from_slice(self.url.plain.as_bytes());
        out.extend_from_slice(
            b"/shop/\">Visit the shop</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->",
        );
    }

    /// `wp_posts` rows of article `a`: itself, its revisions, its images.
    pub(crate) fn article_posts<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        a: &Article,
    ) -> io::Result<()> {
        s.a.clear();
        self.article_content(&mut s.a, &mut s.d, a, u64::MAX);
        s.b.clear();
        s.c.clear();
        self.article_title(a.g, a.lang, Some(&mut s.b), Some(&mut s.c));
        s.e.clear();
        s.e.extend_from_slice(self.url.plain.as_bytes());
        s.e.extend_from_slice(b"/?");
        s.e.extend_from_slice(if a.page { b"page_id=" } else { b"p=" });
        push_u64(&mut s.e, a.id);
        let mut rng = self.rng(stream::META, a.id);
        s.f.clear();
        if !a.page && rng.chance(300) {
            sentences(&mut s.f, &mut rng, a.lang, 1, 2);
        }
        let open: &[u8] = if a.page { b"closed" } else { b"open" };
        PostRow {
            id: a.id,
            author: a.author,
            date: a.date,
            date_gmt: if a.status == "draft" { 0 } else { a.date },
            content: &s.a,
            title: &s.b,
            excerpt: &s.f,
            status: a.status.as_bytes(),
            comment_status: open,
            ping_status: open,
            password: b"",
            name: if a.status == "draft" { b"" } else { &s.c },
            modified: a.modified,
            parent: 0,
            guid: &s.e,
            post_type: if a.page { b"page" } else { b"post" },
            mime_type: b"",
            comment_count: a.comments,
        }
        .write(w)?;
        for r in 0..a.revisions {
            let id = a.id + 1 + r;
            // Drafts grow: revision r holds the first (r+1)/(n+1) of the text.
            let blocks = a.blocks * (r + 1) / (a.revisions + 1);
            s.a.clear();
            self.article_content(&mut s.a, &mut s.d, a, blocks.max(1));
            let when = a.date - ((a.revisions - r) as i64) * 5400;
            s.e.clear();
            push_u64(&mut s.e, a.id);
            s.e.extend_from_slice(b"-revision-v1");
            s.f.clear();
            s.f.extend_from_slice(self.url.plain.as_bytes());
            s.f.extend_from_slice(b"/?p=");
            push_u64(&mut s.f, id);
            PostRow {
                id,
                author: a.author,
                date: when,
                date_gmt: when,
                content: &s.a,
                title: &s.b,
                excerpt: b"",
                status: b"inherit",
                comment_status: b"closed",
                ping_status: b"closed",
                password: b"",
                name: &s.e,
                modified: when,
                parent: a.id,
                guid: &s.f,
                post_type: b"revision",
                mime_type: b"",
                comment_count: 0,
            }
            .write(w)?;
        }
        for k in 0..a.images {
            let image = self.article_image(a, k);
            self.image_post(w, s, &image, a.author)?;
        }
        Ok(())
    }

    /// The `attachment` row of `image`.
    pub(crate) fn image_post<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        image: &Image,
        author: u64,
    ) -> io::Result<()> {
        s.a.clear();
        self.push_image_url(&mut s.a, image, None, false);
        s.b.clear();
        s.b.extend_from_slice(image.name.as_bytes());
        s.b.push(b'-');
        push_u64(&mut s.b, image.id);
        PostRow {
            id: image.id,
            author,
            date: image.date,
            date_gmt: image.date,
            content: b"",
            title: &s.b,
            excerpt: b"",
            status: b"inherit",
            comment_status: b"open",
            ping_status: b"closed",
            password: b"",
            name: &s.b,
            modified: image.date,
            parent: image.parent,
            guid: &s.a,
            post_type: b"attachment",
            mime_type: if image.ext == "jpg" {
                b"image/jpeg"
            } else {
                b"image/webp"
            },
            comment_count: 0,
        }
        .write(w)
    }

    /// `wp_postmeta` rows of article `a` and its images.
    pub(crate) fn article_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        id: &mut u64,
        a: &Article,
    ) -> io::Result<()> {
        let mut rng = self.rng(stream::META, a.id ^ (1 << 60));
        s.a.clear();
        push_u64(&mut s.a, a.modified as u64);
        s.a.extend_from_slice(b":");
        push_u64(&mut s.a, a.author);
        meta_row(w, id, a.id, b"_edit_lock", &s.a)?;
        s.a.clear();
        push_u64(&mut s.a, a.author);
        meta_row(w, id, a.id, b"_edit_last", &s.a)?;
        if a.page {
            meta_row(w, id, a.id, b"_wp_page_template", b"default")?;
        }
        if a.images > 0 {
            s.a.clear();
            push_u64(&mut s.a, a.id + 5);
            meta_row(w, id, a.id, b"_thumbnail_id", &s.a)?;
        }
        if a.flags & 1 != 0 {
            s.a.clear();
            sentence(&mut s.a, &mut rng, a.lang);
            meta_row(w, id, a.id, b"_yoast_wpseo_metadesc", &s.a)?;
            s.a.clear();
            self.article_title(a.g, a.lang, Some(&mut s.a), None);
            meta_row(w, id, a.id, b"_yoast_wpseo_focuskw", &s.a)?;
        }
        if a.site_urls && a.images > 0 && a.flags & 2 != 0 {
            s.a.clear();
            self.push_image_url(&mut s.a, &self.article_image(a, 0), None, false);
            meta_row(w, id, a.id, b"_yoast_wpseo_opengraph-image", &s.a)?;
            s.a.clear();
            push_u64(&mut s.a, a.id + 5);
            meta_row(w, id, a.id, b"_yoast_wpseo_opengraph-image-id", &s.a)?;
        }
        if a.flags & 0x1c == 0 {
            s.a.clear();
            self.article_title(a.g.wrapping_add(7), a.lang, None, Some(&mut s.a));
            meta_row(w, id, a.id, b"_wp_old_slug", &s.a)?;
        }
        if a.flags & 0x60 == 0 {
            self.layout_meta(&mut s.a, &mut s.b, &mut rng, a);
            meta_row(w, id, a.id, b"_acme_page_layout", &s.a)?;
        }
        if a.site_urls && a.flags & 0x180 == 0 {
            self.share_settings(&mut s.a, &mut s.b, &mut s.c, a);
            meta_row(w, id, a.id, b"_acme_share_settings", &s.a)?;
        }
        if a.flags & 0xe00 == 0 {
            s.b.clear();
            push_hex(&mut s.b, &mut rng, 32);
            let video = rng.pick(&["dQw4w9WgXcQ", "M7lc1UVf-VE", "aqz-KE-bpKQ", "ScMzIvxBSi4"]);
            s.a.clear();
            s.a.extend_from_slice(b"_oembed_");
            s.a.extend_from_slice(&s.b);
            s.c.clear();
            s.c.extend_from_slice(b"<iframe title=\"");
            sentence(&mut s.c, &mut rng, Lang::En);
            s.c.extend_from_slice(
                b"\" width=\"500\" height=\"281\" src=\"https://www.youtube.com/embed/",
            );
            s.c.extend_from_slice(video.as_bytes());
            s.c.extend_from_slice(
                b"?feature=oembed\" frameborder=\"0\" allow=\"accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe>",
            );
            meta_row(w, id, a.id, &s.a, &s.c)?;
            s.a.clear();
            s.a.extend_from_slice(b"_oembed_time_");
            s.a.extend_from_slice(&s.b);
            s.c.clear();
            push_u64(&mut s.c, a.modified as u64);
            meta_row(w, id, a.id, &s.a, &s.c)?;
        }
        for k in 0..a.images {
            let image = self.article_image(a, k);
            self.image_meta(w, s, id, &image)?;
        }
        Ok(())
    }

    /// A page builder's layout: nested arrays, some holding upload URLs.
    fn layout_meta(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, rng: &mut Rng, a: &Article) {
        out.clear();
        let sections = rng.range(1, 3);
        php::array(out, 2);
        php::kv(out, "version", b"2.4.1");
        php::st(out, "sections");
        php::array(out, sections);
        for i in 0..sections {
            php::i(out, i as i64);
            php::array(out, 4);
            php::kv(
                out,
                "type",
                rng.pick(&["hero", "text", "gallery"]).as_bytes(),
            );
            tmp.clear();
            sentence(tmp, rng, a.lang);
            php::kv(out, "heading", tmp);
            php::st(out, "image");
            php::array(out, 2);
            let image = self.pick_image(rng, a);
            php::ki(out, "id", image.id as i64);
            tmp.clear();
            if a.site_urls {
                self.push_image_url(tmp, &image, None, false);
            }
            php::kv(out, "url", tmp);
            php::end(out);
            php::st(out, "settings");
            php::array(out, 4);
            php::kv(out, "background", b"#f5f1ea");
            php::st(out, "full_width");
            php::b(out, rng.chance(500));
            php::ki(out, "columns", rng.range(1, 3) as i64);
            php::st(out, "padding");
            php::array(out, 4);
            for side in ["top", "right", "bottom", "left"] {
                php::ki(out, side, rng.range(0, 80) as i64);
            }
            php::end(out);
            php::end(out);
            php::end(out);
        }
        php::end(out);
        php::end(out);
    }

    /// A value a plugin serialized twice: a string holding a serialized array.
    fn share_settings(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        link: &mut Vec<u8>,
        a: &Article,
    ) {
        tmp.clear();
        php::array(tmp, 3);
        php::st(tmp, "enabled");
        php::b(tmp, true);
        link.clear();
        self.push_permalink(link, a);
        php::kv(tmp, "url", link);
        php::st(tmp, "networks");
        php::array(tmp, 3);
        php::i(tmp, 0);
        php::st(tmp, "facebook");
        php::i(tmp, 1);
        php::st(tmp, "x");
        php::i(tmp, 2);
        php::st(tmp, "pinterest");
        php::end(tmp);
        php::end(tmp);
        out.clear();
        php::s(out, tmp);
    }

    /// `_wp_attached_file`, `_wp_attachment_metadata` and alt text of `image`.
    pub(crate) fn image_meta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        id: &mut u64,
        image: &Image,
    ) -> io::Result<()> {
        s.b.clear();
        self.push_upload_stem(&mut s.b, image);
        s.a.clear();
        s.a.extend_from_slice(&s.b);
        s.a.push(b'.');
        s.a.extend_from_slice(image.ext.as_bytes());
        meta_row(w, id, image.id, b"_wp_attached_file", &s.a)?;
        self.attachment_metadata(&mut s.c, &mut s.d, image);
        meta_row(w, id, image.id, b"_wp_attachment_metadata", &s.c)?;
        if image.alt {
            s.a.clear();
            sentence(
                &mut s.a,
                &mut self.rng(stream::ATTACHMENT, image.id ^ (1 << 61)),
                Lang::En,
            );
            meta_row(w, id, image.id, b"_wp_attachment_image_alt", &s.a)?;
        }
        Ok(())
    }

    /// `_wp_attachment_metadata`: sizes, file names and EXIF, as WordPress
    /// writes it after generating the intermediate sizes.
    fn attachment_metadata(&self, out: &mut Vec<u8>, tmp: &mut Vec<u8>, image: &Image) {
        const SIZES: &[(&str, u64, u64, bool)] = &[
            ("medium", 300, 300, false),
            ("large", 1024, 1024, false),
            ("thumbnail", 150, 150, true),
            ("medium_large", 768, 0, false),
            ("1536x1536", 1536, 1536, false),
            ("2048x2048", 2048, 2048, false),
            ("woocommerce_thumbnail", 300, 300, true),
            ("woocommerce_single", 600, 0, false),
            ("woocommerce_gallery_thumbnail", 100, 100, true),
        ];
        let mut rng = self.rng(stream::ATTACHMENT, image.id ^ (1 << 62));
        let mime: &[u8] = if image.ext == "jpg" {
            b"image/jpeg"
        } else {
            b"image/webp"
        };
        out.clear();
        php::array(out, 6);
        php::ki(out, "width", image.width as i64);
        php::ki(out, "height", image.height as i64);
        tmp.clear();
        self.push_upload_stem(tmp, image);
        tmp.push(b'.');
        tmp.extend_from_slice(image.ext.as_bytes());
        php::kv(out, "file", tmp);
        php::ki(out, "filesize", rng.range(150_000, 4_000_000) as i64);
        php::st(out, "sizes");
        let fits = |(_, w, _, _): &&(&str, u64, u64, bool)| *w < image.width;
        php::array(out, SIZES.iter().filter(fits).count() as u64);
        for (name, max_w, max_h, crop) in SIZES.iter().filter(fits) {
            let (w, h) = if *crop {
                (*max_w, *max_h)
            } else {
                let h = max_w * image.height / image.width.max(1);
                if *max_h > 0 && h > *max_h {
                    (max_h * image.width / image.height.max(1), *max_h)
                } else {
                    (*max_w, h)
                }
            };
            php::st(out, name);
            php::array(out, 5);
            tmp.clear();
            tmp.extend_from_slice(image.name.as_bytes());
            tmp.push(b'-');
            push_u64(tmp, image.id);
            tmp.push(b'-');
            push_u64(tmp, w);
            tmp.push(b'x');
            push_u64(tmp, h);
            tmp.push(b'.');
            tmp.extend_from_slice(image.ext.as_bytes());
            php::kv(out, "file", tmp);
            php::ki(out, "width", w as i64);
            php::ki(out, "height", h as i64);
            php::kv(out, "mime-type", mime);
            php::ki(out, "filesize", (w * h / 8 + rng.below(9000)) as i64);
            php::end(out);
        }
        php::end(out);
        php::st(out, "image_meta");
        php::array(out, 12);
        let camera = rng.chance(600);
        php::kv(out, "aperture", if camera { b"1.8" } else { b"0" });
        php::kv(out, "credit", b"");
        php::kv(out, "camera", if camera { b"iPhone 14 Pro" } else { b"" });
        php::kv(out, "caption", b"");
        tmp.clear();
        if camera {
            push_u64(tmp, image.date as u64);
        } else {
            tmp.push(b'0');
        }
        php::kv(out, "created_timestamp", tmp);
        php::kv(out, "copyright", b"");
        php::kv(out, "focal_length", if camera { b"6.86" } else { b"0" });
        php::kv(out, "iso", if camera { b"64" } else { b"0" });
        php::kv(
            out,
            "shutter_speed",
            if camera { b"0.0083333333333333" } else { b"0" },
        );
        php::kv(out, "title", b"");
        php::kv(out, "orientation", b"1");
        php::st(out, "keywords");
        php::array(out, 0);
        php::end(out);
        php::end(out);
        php::end(out);
    }

    /// Comment `j` on post `post_id` (article or product).
    pub(crate) fn comment(&self, post_id: u64, j: u64, date: i64, review: bool) -> Comment {
        let mut rng = self.rng(stream::COMMENT, post_id * 64 + j);
        let registered = self.plan.customers > 0 && rng.chance(250);
        let (person, user_id) = if registered {
            let k = rng.below(self.plan.customers);
            (self.customer(k), self.plan.customer_user(k))
        } else {
            (Person::draw(&mut rng), 0)
        };
        let kind = if review {
            CommentKind::Review
        } else if rng.chance(60) {
            CommentKind::Pingback
        } else {
            CommentKind::Comment
        };
        Comment {
            kind,
            approved: match rng.below(100) {
                0..=84 => "1",
                85..=91 => "0",
                _ => "spam",
            },
            person,
            user_id,
            date: date + rng.range(3600, 90 * 86_400) as i64 + (j as i64) * 7200,
            reply: j > 0 && rng.chance(250),
            links_site: rng.chance(100),
            rating: rng.range(3, 5),
        }
    }

    /// Writes `wp_comments` rows for article `a`; `next_id` counts comment
    /// ids across the table.
    pub(crate) fn article_comments<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        next_id: &mut u64,
        a: &Article,
    ) -> io::Result<()> {
        for j in 0..a.comments {
            let c = self.comment(a.id, j, a.date, false);
            *next_id += 1;
            self.comment_row(w, s, *next_id, a.id, &c, a.lang)?;
        }
        Ok(())
    }

    /// One `wp_comments` row.
    pub(crate) fn comment_row<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        id: u64,
        post_id: u64,
        c: &Comment,
        lang: Lang,
    ) -> io::Result<()> {
        let mut rng = self.rng(stream::COMMENT, id ^ (1 << 59));
        s.a.clear();
        s.b.clear();
        s.c.clear();
        s.d.clear();
        s.e.clear();
        match c.kind {
            CommentKind::Pingback => {
                // A pingback from another article of the same site.
                let from = self.article(rng.below(self.plan.articles));
                self.article_title(from.g, from.lang, Some(&mut s.a), None);
                self.push_permalink(&mut s.c, &from);
                s.e.extend_from_slice(b"[&#8230;] ");
                sentence(&mut s.e, &mut rng, from.lang);
                s.e.extend_from_slice(b" [&#8230;]");
                push_ip(&mut s.d, &mut rng);
                // The pinging site is this one: WordPress names itself in the agent.
                s.f.clear();
                s.f.extend_from_slice(b"WordPress/6.8.1; ");
                s.f.extend_from_slice(self.url.plain.as_bytes());
            }
            CommentKind::Comment | CommentKind::Review => {
                c.person.push_full_name(&mut s.a);
                c.person.push_email(&mut s.b);
                if rng.chance(120) {
                    s.c.extend_from_slice(b"https://");
                    s.c.extend_from_slice(c.person.last.ascii.as_bytes());
                    s.c.extend_from_slice(b"-studio.");
                    s.c.extend_from_slice(rng.pick(&["fr", "com", "co.uk", "jp", "de"]).as_bytes());
                }
                push_ip(&mut s.d, &mut rng);
                sentences(&mut s.e, &mut rng, lang, 1, 4);
                if c.links_site {
                    s.e.extend_from_slice(b" ");
                    s.e.extend_from_slice(self.url.plain.as_bytes());
                    s.e.extend_from_slice(b"/shop/");
                }
            }
        }
        w.row()
            .int(id)
            .int(post_id)
            .str(&s.a)
            .str(&s.b)
            .str(&s.c)
            .str(&s.d)
            .datetime(local(c.date))
            .datetime(c.date)
            .str(&s.e)
            .int(0)
            .str(c.approved.as_bytes())
            .str(if c.kind == CommentKind::Pingback {
                &s.f
            } else {
                c.person.agent.as_bytes()
            })
            .str(match c.kind {
                CommentKind::Comment => b"comment".as_slice(),
                CommentKind::Pingback => b"pingback",
                CommentKind::Review => b"review",
            })
            .int(if c.reply { id - 1 } else { 0 })
            .int(c.user_id);
        w.end_row()
    }

    /// Writes `wp_commentmeta` rows for the comments of article `a`.
    pub(crate) fn article_commentmeta<W: Write>(
        &self,
        w: &mut DumpWriter<W>,
        s: &mut crate::site::Scratch,
        meta_id: &mut u64,
        comment_id: &mut u64,
        a: &Article,
    ) -> io::Result<()> {
        for j in 0..a.comments {
            let c = self.comment(a.id, j, a.date, false);
            *comment_id += 1;
            if c.kind == CommentKind::Pingback {
                continue;
            }
            let spam = c.approved == "spam";
            meta_row(
                w,
                meta_id,
                *comment_id,
                b"akismet_result",
                if spam { b"true" } else { b"false" },
            )?;
            s.a.clear();
            php::array(&mut s.a, 3);
            php::st(&mut s.a, "time");
            s.b.clear();
            push_u64(&mut s.b, c.date as u64);
            s.b.push(b'.');
            // A fraction without trailing zeros: PHP's shortest form.
            let mut rng = self.rng(stream::COMMENT, *comment_id ^ (1 << 58));
            push_u64(&mut s.b, rng.range(1, 999));
            s.b.push(b'1' + rng.below(9) as u8);
            php::d(&mut s.a, &s.b);
            php::kv(
                &mut s.a,
                "event",
                if spam { b"check-spam" } else { b"check-ham" },
            );
            php::kv(&mut s.a, "user", b"");
            php::end(&mut s.a);
            meta_row(w, meta_id, *comment_id, b"akismet_history", &s.a)?;
            if spam {
                self.akismet_submission(&mut s.a, &mut s.b, &mut s.c, a, &c, &mut rng);
                meta_row(w, meta_id, *comment_id, b"akismet_as_submitted", &s.a)?;
            }
        }
        Ok(())
    }

    /// What Akismet kept of a spam comment: the commenter's details and the
    /// article's permalink.
    fn akismet_submission(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        link: &mut Vec<u8>,
        a: &Article,
        c: &Comment,
        rng: &mut Rng,
    ) {
        out.clear();
        php::array(out, 8);
        tmp.clear();
        c.person.push_full_name(tmp);
        php::kv(out, "comment_author", tmp);
        tmp.clear();
        c.person.push_email(tmp);
        php::kv(out, "comment_author_email", tmp);
        php::kv(out, "comment_type", b"comment");
        tmp.clear();
        sentence(tmp, rng, a.lang);
        php::kv(out, "comment_content", tmp);
        tmp.clear();
        push_ip(tmp, rng);
        php::kv(out, "user_ip", tmp);
        php::kv(out, "user_agent", c.person.agent.as_bytes());
        link.clear();
        self.push_permalink(link, a);
        php::kv(out, "permalink", link);
        php::kv(out, "blog", self.url.plain.as_bytes());
        php::end(out);
    }
}

fn heading(out: &mut Vec<u8>, rng: &mut Rng, lang: Lang) {
    let level = if rng.chance(300) { 3 } else { 2 };
    if level == 3 {
        out.extend_from_slice(
            b"<!-- wp:heading {\"level\":3} -->\n<h3 class=\"wp-block-heading\">",
        );
    } else {
        out.extend_from_slice(b"<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">");
    }
    title(Some(out), None, rng, lang);
    out.extend_from_slice(if level == 3 { b"</h3>" } else { b"</h2>" });
    out.extend_from_slice(b"\n<!-- /wp:heading -->");
}

fn list(out: &mut Vec<u8>, rng: &mut Rng, lang: Lang) {
    out.extend_from_slice(b"<!-- wp:list -->\n<ul class=\"wp-block-list\">");
    for _ in 0..rng.range(2, 6) {
        out.extend_from_slice(b"<!-- wp:list-item -->\n<li>");
        sentence(out, rng, lang);
        out.extend_from_slice(b"</li>\n<!-- /wp:list-item -->");
    }
    out.extend_from_slice(b"</ul>\n<!-- /wp:list -->");
}

fn quote(out: &mut Vec<u8>, rng: &mut Rng, lang: Lang) {
    out.extend_from_slice(
        b"<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>",
    );
    sentences(out, rng, lang, 1, 3);
    out.extend_from_slice(b"</p>\n<!-- /wp:paragraph --><cite>");
    Person::draw(rng).push_full_name(out);
    out.extend_from_slice(b"</cite></blockquote>\n<!-- /wp:quote -->");
}

fn embed(out: &mut Vec<u8>, rng: &mut Rng) {
    let mut id = [0u8; 11];
    push_alnum_into(&mut id, rng);
    out.extend_from_slice(b"<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=");
    out.extend_from_slice(&id);
    out.extend_from_slice(
        b"\",\"type\":\"video\",\"providerNameSlug\":\"youtube\",\"responsive\":true,\"className\":\"wp-embed-aspect-16-9 wp-has-aspect-ratio\"} -->\n\
          <figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">\n\
          https://www.youtube.com/watch?v=",
    );
    out.extend_from_slice(&id);
    out.extend_from_slice(b"\n</div></figure>\n<!-- /wp:embed -->");
}

fn separator(out: &mut Vec<u8>) {
    out.extend_from_slice(
        b"<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->",
    );
}

/// Appends `path` percent-encoded as `encodeURIComponent` would.
fn push_url_encoded(out: &mut Vec<u8>, path: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in path {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte);
        } else {
            out.push(b'%');
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 15)]);
        }
    }
}

/// Appends `HH:MM` of a local time, for order titles.
pub(crate) fn push_clock(out: &mut Vec<u8>, secs: i64) {
    let tod = secs.rem_euclid(86_400) as u64;
    let hour = tod / 3600;
    let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    push_2d(out, h12);
    out.push(b':');
    push_2d(out, tod / 60 % 60);
    out.extend_from_slice(if hour < 12 { b" AM" } else { b" PM" });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Plan;

    #[test]
    fn a_revision_is_a_prefix_of_its_article() {
        let site = Site::new(9, Plan::with_units(2), "https://example.com", "wp_");
        let a = site.article(3);
        let (mut full, mut draft, mut tmp) = (Vec::new(), Vec::new(), Vec::new());
        site.article_content(&mut full, &mut tmp, &a, u64::MAX);
        site.article_content(&mut draft, &mut tmp, &a, 2);
        assert!(full.starts_with(&draft));
        assert!(full.len() > draft.len());
    }

    #[test]
    fn share_links_encode_the_permalink() {
        let mut out = Vec::new();
        push_url_encoded(&mut out, b"/2024/05/caf%c3%a9/");
        assert_eq!(out, b"%2F2024%2F05%2Fcaf%25c3%25a9%2F".to_vec());
    }

    #[test]
    fn twelve_hour_clock() {
        let mut out = Vec::new();
        push_clock(&mut out, 15 * 3600 + 7 * 60);
        assert_eq!(out, b"03:07 PM".to_vec());
        out.clear();
        push_clock(&mut out, 0);
        assert_eq!(out, b"12:00 AM".to_vec());
    }
}
