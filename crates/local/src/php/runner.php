<?php
/*
 * Runs a PHP file inside an instance, as the instance's web requests run.
 * Usage: php runner.php load|plain DOCROOT URL SCRIPT [ARGS...]
 *
 * WordPress reads the request from $_SERVER even on the command line: the
 * values below describe a GET of URL, so the site (or the network's subsite)
 * and its scheme are the ones URL names. With "load", WordPress is loaded
 * first and SCRIPT runs at global scope, as a plugin file does; with
 * "plain", SCRIPT loads WordPress itself (the installer, wp-cron.php).
 * SCRIPT sees itself as $argv[0] and ARGS after it.
 */
if ($argc < 5 || ($argv[1] !== 'load' && $argv[1] !== 'plain')) {
    fwrite(STDERR, "usage: php runner.php load|plain DOCROOT URL SCRIPT [ARGS...]\n");
    exit(2);
}
$slipway_mode = $argv[1];
$slipway_docroot = rtrim($argv[2], '/');
$slipway_url = parse_url($argv[3]);
$slipway_script = $argv[4];
if ($slipway_url === false || !isset($slipway_url['host'])) {
    fwrite(STDERR, "runner.php: {$argv[3]} is not an address\n");
    exit(2);
}
$slipway_scheme = isset($slipway_url['scheme']) ? $slipway_url['scheme'] : 'http';
$slipway_port = isset($slipway_url['port']) ? (string) $slipway_url['port'] : ($slipway_scheme === 'https' ? '443' : '80');
$_SERVER['HTTP_HOST'] = $slipway_url['host'] . (isset($slipway_url['port']) ? ':' . $slipway_url['port'] : '');
$_SERVER['SERVER_NAME'] = $slipway_url['host'];
$_SERVER['SERVER_PORT'] = $slipway_port;
$_SERVER['REQUEST_URI'] = isset($slipway_url['path']) ? $slipway_url['path'] : '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['SCRIPT_FILENAME'] = $slipway_script;
if ($slipway_scheme === 'https') {
    $_SERVER['HTTPS'] = 'on';
}
$argv = array_merge(array($slipway_script), array_slice($argv, 5));
$argc = count($argv);
$_SERVER['argv'] = $argv;
$_SERVER['argc'] = $argc;
chdir($slipway_docroot);
if ($slipway_mode === 'load') {
    define('WP_USE_THEMES', false);
    require $slipway_docroot . '/wp-load.php';
}
unset($slipway_mode, $slipway_url, $slipway_scheme, $slipway_port);
require $slipway_script;
