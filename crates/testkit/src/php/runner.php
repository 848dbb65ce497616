<?php
/*
 * Runs a PHP file with WordPress loaded, as a plugin's code would run.
 * Usage: php runner.php SITE_DIR CODE_FILE [SITE_URL]
 *
 * WordPress reads the request from $_SERVER even on the command line; the
 * values below describe a plain GET of the site's front page, so URL and
 * SSL detection agree with the site's own address.
 */
if ($argc < 3) {
    fwrite(STDERR, "usage: php runner.php SITE_DIR CODE_FILE [SITE_URL]\n");
    exit(2);
}
$slipway_url = parse_url(isset($argv[3]) && $argv[3] !== '' ? $argv[3] : 'http://localhost/');
$slipway_host = $slipway_url['host'] . (isset($slipway_url['port']) ? ':' . $slipway_url['port'] : '');
$_SERVER['HTTP_HOST'] = $slipway_host;
$_SERVER['SERVER_NAME'] = $slipway_url['host'];
$_SERVER['SERVER_PORT'] = isset($slipway_url['port']) ? (string) $slipway_url['port'] : ($slipway_url['scheme'] === 'https' ? '443' : '80');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
if ($slipway_url['scheme'] === 'https') {
    $_SERVER['HTTPS'] = 'on';
}
define('WP_USE_THEMES', false);
require rtrim($argv[1], '/') . '/wp-load.php';
require $argv[2];
