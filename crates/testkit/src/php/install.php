<?php
/*
 * Installs WordPress into an empty database, as the web installer would.
 * Usage: php install.php SITE_DIR SITE_URL TITLE ADMIN_EMAIL ADMIN_PASSWORD
 *
 * The site's address is pinned for this run only, so the installer stores it
 * in the siteurl and home options instead of guessing it from a request that
 * does not exist; afterwards WordPress reads it from the database, as on a
 * real host.
 */
if ($argc !== 6) {
    fwrite(STDERR, "usage: php install.php SITE_DIR SITE_URL TITLE ADMIN_EMAIL ADMIN_PASSWORD\n");
    exit(2);
}
list(, $slipway_dir, $slipway_url, $slipway_title, $slipway_email, $slipway_password) = $argv;
$slipway_parts = parse_url($slipway_url);
$_SERVER['HTTP_HOST'] = $slipway_parts['host'] . (isset($slipway_parts['port']) ? ':' . $slipway_parts['port'] : '');
$_SERVER['SERVER_NAME'] = $slipway_parts['host'];
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
if ($slipway_parts['scheme'] === 'https') {
    $_SERVER['HTTPS'] = 'on';
}

define('WP_INSTALLING', true);
define('WP_SITEURL', $slipway_url);
define('WP_HOME', $slipway_url);
require rtrim($slipway_dir, '/') . '/wp-load.php';
// The installer would mail the password to the administrator.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (is_blog_installed()) {
    fwrite(STDERR, "WordPress is already installed in database " . DB_NAME . "\n");
    exit(1);
}
$slipway_result = wp_install($slipway_title, 'admin', $slipway_email, true, '', wp_slash($slipway_password));
if (empty($slipway_result['user_id'])) {
    fwrite(STDERR, "wp_install() did not create the administrator\n");
    exit(1);
}
echo json_encode(array('user_id' => (int) $slipway_result['user_id'], 'url' => get_option('home')));
