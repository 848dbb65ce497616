<?php
/*
 * Fills a freshly installed site with the content a real one accumulates,
 * through WordPress' own functions, so every value is stored the way
 * WordPress stores it: block markup with absolute links (plain, JSON-escaped,
 * \u0026-escaped and URL-encoded), multibyte text, an uploaded image with its
 * generated sizes, a navigation menu, widgets and theme modifications
 * (serialized arrays and objects), postmeta holding serialized, double-
 * serialized and JSON values, users with names and e-mail addresses,
 * comments with e-mail and IP addresses, and an option holding an object of
 * a class that is not loaded when WordPress reads it.
 *
 * Runs with WordPress loaded (see runner.php); prints a JSON summary.
 */

// As the administrator, who may post unfiltered HTML: block markup is then
// stored exactly as given, as it is when an editor saves it.
wp_set_current_user(1);

$home = untrailingslashit(home_url());
$host = wp_parse_url($home, PHP_URL_HOST);

/** A URL as PHP's json_encode() writes it inside a string: slashes escaped. */
function slipway_json_url($url) {
    return str_replace('/', '\/', $url);
}

/** Fails the whole run on a WP_Error or a zero id, naming what failed. */
function slipway_check($result, $what) {
    if (is_wp_error($result)) {
        fwrite(STDERR, "$what: " . $result->get_error_message() . "\n");
        exit(1);
    }
    if (!$result) {
        fwrite(STDERR, "$what failed\n");
        exit(1);
    }
    return $result;
}

/** wp_insert_post() unslashes its input; block markup keeps its backslashes only if slashed first. */
function slipway_post($fields) {
    $fields += array('post_status' => 'publish', 'post_type' => 'post', 'comment_status' => 'open');
    return slipway_check(wp_insert_post(wp_slash($fields), true), 'inserting "' . $fields['post_title'] . '"');
}

/* Users ------------------------------------------------------------------ */

wp_update_user(array('ID' => 1, 'first_name' => 'Alex', 'last_name' => 'Martin', 'display_name' => 'Alex Martin'));

$users = array();
foreach (array(
    array('user_login' => 'marie', 'first_name' => 'Marie', 'last_name' => 'Dupont', 'user_email' => 'marie.dupont@example.net',
          'user_url' => 'https://marie-dupont.example.net', 'role' => 'editor',
          'description' => "Rédactrice en chef. Écrivez-moi : marie.dupont@example.net — ou passez à la boutique ($home/contact/)."),
    array('user_login' => 'kenji', 'first_name' => '健二', 'last_name' => '山田', 'display_name' => '山田 健二',
          'user_email' => 'kenji.yamada@jp.example.net', 'user_url' => '', 'role' => 'author',
          'description' => '東京在住のライター。📷 写真も撮ります。'),
    array('user_login' => 'john', 'first_name' => 'John', 'last_name' => 'Smith', 'user_email' => 'john.smith@example.org',
          'user_url' => 'http://john-smith.example.org', 'role' => 'subscriber', 'description' => ''),
) as $fields) {
    $fields['user_pass'] = wp_generate_password(20);
    $id = slipway_check(wp_insert_user(wp_slash($fields)), 'creating user ' . $fields['user_login']);
    $users[] = array('id' => $id, 'login' => $fields['user_login'], 'email' => $fields['user_email']);
}
$marie = $users[0]['id'];
$kenji = $users[1]['id'];

// A login session, as WordPress records it: IP address and browser included.
$_SERVER['REMOTE_ADDR'] = '198.51.100.23';
$_SERVER['HTTP_USER_AGENT'] = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
WP_Session_Tokens::get_instance($marie)->create(time() + 14 * DAY_IN_SECONDS);

/* Terms ------------------------------------------------------------------ */

$news = slipway_check(wp_insert_term('Nouveautés', 'category', array(
    'slug' => 'nouveautes',
    'description' => "Les nouveautés de <a href=\"$home/\">la boutique</a>.",
)), 'creating a category');
$news = (int) $news['term_id'];
add_term_meta($news, 'banner_url', "$home/wp-content/uploads/2024/05/banner.jpg");
$japan = slipway_check(wp_insert_term('日本', 'post_tag'), 'creating a tag');
$japan = (int) $japan['term_id'];

/* An uploaded image, with the sizes WordPress generates ------------------ */

require_once ABSPATH . 'wp-admin/includes/image.php';
$uploads = wp_upload_dir('2024/05');
if (!empty($uploads['error'])) {
    fwrite(STDERR, 'uploads directory: ' . $uploads['error'] . "\n");
    exit(1);
}
if (function_exists('imagecreatetruecolor')) {
    $image_name = 'storefront-hero.jpg';
    $mime = 'image/jpeg';
    $canvas = imagecreatetruecolor(1200, 800);
    imagefilledrectangle($canvas, 0, 0, 1199, 799, imagecolorallocate($canvas, 32, 96, 160));
    imagefilledrectangle($canvas, 300, 200, 899, 599, imagecolorallocate($canvas, 240, 200, 64));
    imagejpeg($canvas, $uploads['path'] . '/' . $image_name, 70);
} else {
    // Without GD there are no generated sizes, but the attachment is real.
    $image_name = 'storefront-hero.png';
    $mime = 'image/png';
    file_put_contents($uploads['path'] . '/' . $image_name, base64_decode(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='));
}
$image_file = $uploads['path'] . '/' . $image_name;
$attachment = slipway_check(wp_insert_attachment(array(
    'post_title' => 'Vitrine de la boutique',
    'post_mime_type' => $mime,
    'post_status' => 'inherit',
    'post_date' => '2024-05-02 09:00:00',
    'guid' => $uploads['url'] . '/' . $image_name,
), $image_file, 0, true), 'inserting the image attachment');
wp_update_attachment_metadata($attachment, wp_generate_attachment_metadata($attachment, $image_file));
update_post_meta($attachment, '_wp_attachment_image_alt', 'Vitrine — 店頭');
$image_full = wp_get_attachment_image_url($attachment, 'full');
$image_large = wp_get_attachment_image_url($attachment, 'large');
$image_srcset = wp_get_attachment_image_srcset($attachment, 'large');

/* Posts ------------------------------------------------------------------ */

$tokens = array(
    '{HOME}' => $home,
    '{JHOME}' => slipway_json_url($home),
    '{EHOME}' => rawurlencode($home),
    '{HOST}' => $host,
    '{IMG}' => $image_large,
    '{JIMG}' => slipway_json_url($image_full),
    '{SRCSET}' => $image_srcset,
    '{ATT}' => $attachment,
);
$fill = function ($template) use ($tokens) {
    return strtr($template, $tokens);
};

$welcome = slipway_post(array(
    'post_title' => 'Bienvenue à la boutique',
    'post_name' => 'bienvenue',
    'post_author' => $marie,
    'post_date' => '2024-05-03 10:15:00',
    'post_category' => array($news),
    'post_content' => $fill(<<<'HTML'
<!-- wp:paragraph -->
<p>Bienvenue ! Découvrez <a href="{HOME}/shop/">nos produits</a>, le café crème ☕ et les nouveautés 🛍️. Prix en €, livraison à Zürich et à 東京.</p>
<!-- /wp:paragraph -->

<!-- wp:cover {"url":"{JIMG}","id":{ATT},"dimRatio":50,"isDark":false} -->
<div class="wp-block-cover is-light"><span aria-hidden="true" class="wp-block-cover__background has-background-dim"></span><img class="wp-block-cover__image-background wp-image-{ATT}" alt="" src="{IMG}" data-object-fit="cover"/><div class="wp-block-cover__inner-container"><!-- wp:heading -->
<h2>La collection d'été</h2>
<!-- /wp:heading --></div></div>
<!-- /wp:cover -->

<!-- wp:image {"id":{ATT},"sizeSlug":"large","linkDestination":"custom"} -->
<figure class="wp-block-image size-large"><a href="{HOME}/shop/"><img src="{IMG}" alt="Vitrine — 店頭" class="wp-image-{ATT}"/></a></figure>
<!-- /wp:image -->

<!-- wp:slipway/product-card {"productUrl":"{JHOME}\/shop\/mug\/","addToCart":"{JHOME}\/?add-to-cart=42\u0026quantity=2","label":"Tasse \u00e0 caf\u00e9"} /-->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube","responsive":true} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:paragraph -->
<p>Partagez : <a href="https://www.facebook.com/sharer/sharer.php?u={EHOME}%2Fbienvenue%2F">Facebook</a> · <a href="https://twitter.com/intent/tweet?url={EHOME}%2Fbienvenue%2F&amp;text=Bienvenue">X</a> · <a href="mailto:?subject=Bienvenue&amp;body={EHOME}%2Fbienvenue%2F">e-mail</a></p>
<!-- /wp:paragraph -->
HTML
    ),
));
set_post_thumbnail($welcome, $attachment);
wp_set_post_tags($welcome, array($japan), true);

$japanese = slipway_post(array(
    'post_title' => '日本語のお知らせ',
    'post_author' => $kenji,
    'post_date' => '2024-05-04 08:30:00',
    'post_category' => array($news),
    'tags_input' => array('日本'),
    'post_content' => $fill(<<<'HTML'
<!-- wp:paragraph -->
<p>新しい商品が入荷しました！🎉 詳しくは<a href="{HOME}/shop/">ショップ</a>をご覧ください。絵文字も大丈夫です：🍣🗻✨</p>
<!-- /wp:paragraph -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>「良い品物を、良い値段で。」 — <a href="{HOME}/about/">私たちについて</a></p>
<!-- /wp:paragraph --></blockquote>
<!-- /wp:quote -->
HTML
    ),
));

$sale = slipway_post(array(
    'post_title' => 'Summer sale 2024',
    'post_name' => 'summer-sale',
    'post_author' => 1,
    'post_date' => '2024-05-10 12:00:00',
    'post_category' => array($news),
    'post_content' => $fill(<<<'HTML'
<!-- wp:paragraph -->
<p>Everything is 20% off at <a href="{HOME}/sale/">{HOST}/sale</a> until the end of June. Old links such as <a href="http://{HOST}/old-sale.html">http://{HOST}/old-sale.html</a> and <a href="//{HOST}/shop/">//{HOST}/shop/</a> still work. Our partner shop is at <a href="https://{HOST}.au/">https://{HOST}.au/</a> (a different site).</p>
<!-- /wp:paragraph -->

<!-- wp:gallery {"linkTo":"media"} -->
<figure class="wp-block-gallery has-nested-images columns-default is-cropped"><!-- wp:image {"id":{ATT},"sizeSlug":"large","linkDestination":"media"} -->
<figure class="wp-block-image size-large"><a href="{IMG}"><img src="{IMG}" alt="" class="wp-image-{ATT}" srcset="{SRCSET}" sizes="(max-width: 1024px) 100vw, 1024px"/></a></figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:buttons -->
<div class="wp-block-buttons"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="{HOME}/?add-to-cart=42&amp;quantity=1">Add to cart</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:shortcode -->
[sale_banner url="{HOME}/sale/" image="{IMG}"]
<!-- /wp:shortcode -->
HTML
    ),
));
// A pingback from the welcome post, as WordPress records one.
$sale_permalink = get_permalink($sale);

$draft = slipway_post(array(
    'post_title' => 'Collection automne (brouillon)',
    'post_status' => 'draft',
    'post_author' => $marie,
    'post_date' => '2024-05-12 18:00:00',
    'post_content' => $fill("<!-- wp:paragraph -->\n<p>Bientôt sur <a href=\"{HOME}/automne/\">{HOST}/automne</a>.</p>\n<!-- /wp:paragraph -->"),
));

// Editing a published post leaves a revision behind, with the old content.
slipway_check(wp_update_post(wp_slash(array(
    'ID' => $welcome,
    'post_content' => get_post_field('post_content', $welcome) . "\n\n<!-- wp:paragraph -->\n<p>Mise à jour : <a href=\"$home/livraison/\">livraison offerte</a> dès 50 €.</p>\n<!-- /wp:paragraph -->",
)), true), 'updating the welcome post');

/* Pages ------------------------------------------------------------------ */

$about = slipway_post(array(
    'post_type' => 'page',
    'post_title' => 'About us',
    'post_name' => 'about',
    'post_author' => 1,
    'post_date' => '2024-05-01 09:00:00',
    'comment_status' => 'closed',
    'post_content' => $fill(<<<'HTML'
<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>We are a small shop in Lyon. Write to <a href="mailto:hello@{HOST}">hello@{HOST}</a> or call <a href="tel:+33472000000">+33 4 72 00 00 00</a>.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column -->

<!-- wp:column -->
<div class="wp-block-column"><!-- wp:image {"id":{ATT},"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="{IMG}" alt="" class="wp-image-{ATT}" srcset="{SRCSET}"/></figure>
<!-- /wp:image --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->
HTML
    ),
));

$team = slipway_post(array(
    'post_type' => 'page',
    'post_title' => 'Our team',
    'post_name' => 'team',
    'post_parent' => $about,
    'post_author' => 1,
    'post_date' => '2024-05-01 09:30:00',
    'comment_status' => 'closed',
    'post_content' => $fill("<!-- wp:list -->\n<ul><li>Marie Dupont — <a href=\"{HOME}/author/marie/\">articles</a></li><li>山田 健二 — <a href=\"{HOME}/author/kenji/\">記事</a></li></ul>\n<!-- /wp:list -->"),
));

$contact = slipway_post(array(
    'post_type' => 'page',
    'post_title' => 'Contact',
    'post_name' => 'contact',
    'post_author' => 1,
    'post_date' => '2024-05-01 10:00:00',
    'comment_status' => 'closed',
    'post_content' => $fill(<<<'HTML'
<!-- wp:paragraph -->
<p>Boutique Exemple, 12 rue de la République, 69002 Lyon. Questions? <a href="{HOME}/contact/#form">Use the form</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:shortcode -->
[contact-form-7 id="123" title="Contact form 1"]
<!-- /wp:shortcode -->

<!-- wp:html -->
<iframe src="https://www.openstreetmap.org/export/embed.html?bbox=4.83%2C45.75%2C4.84%2C45.76&amp;layer=mapnik" title="Map"></iframe>
<!-- /wp:html -->
HTML
    ),
));

/* Meta: serialized, double-serialized, JSON and multi-line values --------- */

update_post_meta($welcome, '_slipway_gallery', array(
    'images' => array(
        array('src' => $image_full, 'caption' => 'Vitrine — 店頭'),
        array('src' => "$home/wp-content/uploads/2024/05/detail.jpg", 'caption' => 'Détail'),
    ),
    'link' => "$home/shop/",
));
// Given an already serialized string, WordPress serializes it again: plugins
// that serialize before saving leave double-serialized values like this one.
update_post_meta($welcome, '_legacy_builder_data', serialize(array(
    'button_url' => "$home/checkout/",
    'label' => 'Acheter ✓',
)));
// Page builders keep their layout as JSON, with escaped slashes.
update_post_meta($welcome, '_builder_layout', wp_slash(json_encode(array(
    array('type' => 'button', 'settings' => array('link' => array('url' => "$home/shop/", 'is_external' => false))),
    array('type' => 'image', 'settings' => array('image' => array('url' => $image_full, 'id' => $attachment))),
))));
// Podcast enclosures are three lines: URL, length, MIME type.
add_post_meta($sale, 'enclosure', "$home/wp-content/uploads/2024/05/episode-1.mp3\n4816512\naudio/mpeg\n");

/* Navigation: a classic menu and the block theme's navigation ------------ */

$menu = slipway_check(wp_create_nav_menu('Main menu'), 'creating the menu');
foreach (array(
    array('menu-item-title' => 'Accueil', 'menu-item-url' => "$home/", 'menu-item-type' => 'custom'),
    array('menu-item-title' => 'About us', 'menu-item-object' => 'page', 'menu-item-object-id' => $about, 'menu-item-type' => 'post_type'),
    array('menu-item-title' => 'Shop', 'menu-item-url' => "$home/shop/", 'menu-item-type' => 'custom'),
    array('menu-item-title' => 'Soldes', 'menu-item-url' => "$home/?s=soldes&lang=fr", 'menu-item-type' => 'custom'),
    array('menu-item-title' => 'Partners', 'menu-item-url' => 'https://partners.example.org/?ref=' . rawurlencode("$home/"), 'menu-item-type' => 'custom'),
) as $item) {
    slipway_check(wp_update_nav_menu_item($menu, 0, $item + array('menu-item-status' => 'publish')), 'adding menu item ' . $item['menu-item-title']);
}
set_theme_mod('nav_menu_locations', array('primary' => $menu));

// Block themes keep menus as wp_navigation posts; the editor writes block
// attributes with plain slashes, as JavaScript's JSON.stringify() does.
$navigation = slipway_post(array(
    'post_type' => 'wp_navigation',
    'post_title' => 'Navigation',
    'post_author' => 1,
    'post_date' => '2024-05-01 08:00:00',
    'comment_status' => 'closed',
    'post_content' => $fill('<!-- wp:navigation-link {"label":"Shop","url":"{HOME}/shop/","kind":"custom","isTopLevelLink":true} /--><!-- wp:navigation-link {"label":"About us","type":"page","id":' . $about . ',"url":"{HOME}/about/","kind":"post-type","isTopLevelLink":true} /-->'),
));

/* Widgets, theme modifications and plugin options ------------------------ */

update_option('widget_text', array(
    2 => array('title' => 'Nous trouver', 'text' => "<a href=\"$home/contact/\">Contact</a> — Café de la Place, Lyon", 'filter' => true, 'visual' => true),
    '_multiwidget' => 1,
));
update_option('widget_block', array(
    3 => array('content' => "<!-- wp:paragraph -->\n<p><a href=\"$home/sale/\">Soldes d'été</a> 🌞</p>\n<!-- /wp:paragraph -->"),
    '_multiwidget' => 1,
));
update_option('sidebars_widgets', array(
    'wp_inactive_widgets' => array(),
    'sidebar-1' => array('text-2', 'block-3'),
    'array_version' => 3,
));

set_theme_mod('custom_logo', $attachment);
set_theme_mod('header_image', $image_full);
// WordPress itself stores this one as an object (stdClass).
set_theme_mod('header_image_data', (object) array(
    'attachment_id' => $attachment,
    'url' => $image_full,
    'thumbnail_url' => $image_full,
    'width' => 1200,
    'height' => 800,
));
set_theme_mod('background_image', "$home/wp-content/uploads/2024/05/background.jpg");

update_option('shop_settings', array(
    'logo' => $image_full,
    'support_email' => "support@$host",
    'social' => array(
        'facebook' => 'https://www.facebook.com/boutique.exemple',
        'share' => 'https://www.facebook.com/sharer/sharer.php?u=' . rawurlencode("$home/"),
    ),
    'footer_html' => "<a href=\"$home/privacy-policy/\">Confidentialité</a> · © Boutique Exemple",
    'hero' => array('title' => 'Été 2024 😎', 'url' => "$home/sale/", 'position' => 2, 'enabled' => true, 'ratio' => 1.5),
    // A JSON document inside a serialized array.
    'tracking' => json_encode(array('endpoint' => "$home/wp-json/shop/v1/track", 'sample_rate' => 0.1)),
));
set_site_transient('shop_remote_banner', (object) array('url' => "$home/banner/", 'fetched' => '2024-05-10T12:00:00Z'), 0);

// A plugin's settings object. The class exists only here, so WordPress
// reading the option later gets a __PHP_Incomplete_Class; the value is
// written directly so WordPress never unserializes it on the way in.
class Foo_Bar {
    public $url;
    protected $email;
    private $items;

    public function __construct($url, $email, $items) {
        $this->url = $url;
        $this->email = $email;
        $this->items = $items;
    }
}
global $wpdb;
$object = serialize(new Foo_Bar("$home/foo/", "foo@$host", array('next' => "$home/foo/next/", 'count' => 3)));
slipway_check($wpdb->insert($wpdb->options, array('option_name' => 'foo_bar_settings', 'option_value' => $object, 'autoload' => 'no')), 'inserting the object option');

/* Comments --------------------------------------------------------------- */

$comment_ids = array();
$comment = function ($fields) use (&$comment_ids) {
    $fields += array('comment_approved' => 1, 'comment_type' => 'comment', 'comment_date' => '2024-05-05 14:00:00');
    $fields['comment_date_gmt'] = $fields['comment_date'];
    $id = slipway_check(wp_insert_comment(wp_slash($fields)), 'inserting a comment by ' . $fields['comment_author']);
    $comment_ids[] = $id;
    return $id;
};
$sophie = $comment(array(
    'comment_post_ID' => $welcome,
    'comment_author' => 'Sophie Martin',
    'comment_author_email' => 'sophie.martin@fr.example.org',
    'comment_author_url' => 'https://sophie-martin.example.org',
    'comment_author_IP' => '203.0.113.10',
    'comment_agent' => 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'comment_content' => "Superbe boutique ! J'ai commandé la tasse : $home/shop/mug/",
));
add_comment_meta($sophie, 'rating', '5');
$comment(array(
    'comment_post_ID' => $welcome,
    'comment_parent' => $sophie,
    'user_id' => $marie,
    'comment_author' => 'Marie Dupont',
    'comment_author_email' => 'marie.dupont@example.net',
    'comment_author_url' => 'https://marie-dupont.example.net',
    'comment_author_IP' => '198.51.100.23',
    'comment_agent' => $_SERVER['HTTP_USER_AGENT'],
    'comment_date' => '2024-05-05 15:30:00',
    'comment_content' => 'Merci Sophie ! 😊',
));
$comment(array(
    'comment_post_ID' => $welcome,
    'comment_author' => 'Bob Buyer',
    'comment_author_email' => 'bob.buyer@example.com',
    'comment_author_url' => 'https://bob-buyer.example.com',
    'comment_author_IP' => '192.0.2.77',
    'comment_agent' => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
    'comment_date' => '2024-05-06 09:12:00',
    'comment_content' => 'Great shop! Mail me at bob.buyer@example.com when the mugs are back.',
));
$hanako = $comment(array(
    'comment_post_ID' => $japanese,
    'comment_author' => '佐藤 花子',
    'comment_author_email' => 'hanako.sato@jp.example.net',
    'comment_author_url' => '',
    'comment_author_IP' => '2001:db8::42',
    'comment_agent' => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    'comment_date' => '2024-05-04 21:05:00',
    'comment_content' => '素敵ですね！また来ます 🌸',
));
add_comment_meta($hanako, 'akismet_history', array('time' => 1714856700.12, 'event' => 'check-ham', 'user' => ''));
$comment(array(
    'comment_post_ID' => $sale,
    'comment_author' => 'Boutique Exemple',
    'comment_author_email' => '',
    'comment_author_url' => get_permalink($welcome),
    'comment_author_IP' => '127.0.0.1',
    'comment_agent' => 'WordPress/' . get_bloginfo('version') . '; ' . $home,
    'comment_type' => 'pingback',
    'comment_date' => '2024-05-10 12:05:00',
    'comment_content' => '[&#8230;] See the <a href="' . $sale_permalink . '">summer sale</a> [&#8230;]',
));
$comment(array(
    'comment_post_ID' => $sale,
    'comment_author' => 'Cheap Watches',
    'comment_author_email' => 'offers@spam.example',
    'comment_author_url' => 'http://spam.example/watches',
    'comment_author_IP' => '192.0.2.200',
    'comment_agent' => 'curl/8.5.0',
    'comment_approved' => 'spam',
    'comment_date' => '2024-05-11 03:33:00',
    'comment_content' => 'Buy now http://spam.example/watches',
));

$posts = array();
foreach (array($welcome, $japanese, $sale, $draft, $about, $team, $contact) as $id) {
    $post = get_post($id);
    $posts[] = array('id' => $id, 'type' => $post->post_type, 'status' => $post->post_status, 'title' => $post->post_title);
}
echo json_encode(array(
    'posts' => $posts,
    'users' => $users,
    'comments' => $comment_ids,
    'attachment' => $attachment,
    'menu' => $menu,
    'navigation' => $navigation,
));
