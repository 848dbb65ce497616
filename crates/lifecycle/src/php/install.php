<?php
/*
 * Installs WordPress into the instance's empty database, as the web
 * installer would, and for a network creates the network as the network
 * setup screen would. Runs through runner.php in "plain" mode.
 * Usage: install.php TITLE ADMIN_USER ADMIN_EMAIL NETWORK
 *   NETWORK is "none", "subdomain" or "subdirectory".
 * The administrator's password comes on standard input, so it never shows
 * in a process listing. Prints a JSON summary.
 */
if ($argc !== 5) {
    fwrite(STDERR, "usage: install.php TITLE ADMIN_USER ADMIN_EMAIL NETWORK\n");
    exit(2);
}
list(, $slipway_title, $slipway_user, $slipway_email, $slipway_network) = $argv;
$slipway_password = rtrim(stream_get_contents(STDIN), "\r\n");
if ($slipway_password === '') {
    fwrite(STDERR, "install.php: no password on standard input\n");
    exit(2);
}

define('WP_INSTALLING', true);
// wp-config.php switches a network on only once it exists.
define('SLIPWAY_INSTALLING', true);
require $slipway_docroot . '/wp-load.php';
// The installer would mail the password to the administrator.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (is_blog_installed()) {
    fwrite(STDERR, "WordPress is already installed in database " . DB_NAME . "\n");
    exit(1);
}
$slipway_url = (is_ssl() ? 'https://' : 'http://') . $_SERVER['HTTP_HOST'];
$slipway_result = wp_install($slipway_title, $slipway_user, $slipway_email, true, '', wp_slash($slipway_password));
if (empty($slipway_result['user_id'])) {
    fwrite(STDERR, "wp_install() did not create the administrator\n");
    exit(1);
}
// Stored as given rather than guessed from a request that does not exist.
update_option('siteurl', $slipway_url);
update_option('home', $slipway_url);
update_option('permalink_structure', '/%postname%/');

if ($slipway_network !== 'none') {
    require_once ABSPATH . 'wp-admin/includes/network.php';
    // As the network setup screen does: the network's tables get their names
    // before the network exists.
    foreach ($wpdb->tables('ms_global') as $slipway_table => $slipway_prefixed) {
        $wpdb->$slipway_table = $slipway_prefixed;
    }
    install_network();
    $slipway_network_result = populate_network(
        1,
        $_SERVER['HTTP_HOST'],
        $slipway_email,
        $slipway_title,
        '/',
        $slipway_network === 'subdomain'
    );
    // "no_wildcard_dns" is the setup screen's warning that it could not
    // reach a random subdomain; the network is complete all the same.
    if (is_wp_error($slipway_network_result) && $slipway_network_result->get_error_code() !== 'no_wildcard_dns') {
        fwrite(STDERR, "creating the network: " . $slipway_network_result->get_error_message() . "\n");
        exit(1);
    }
}
echo json_encode(array('user_id' => (int) $slipway_result['user_id'], 'url' => $slipway_url)), "\n";
