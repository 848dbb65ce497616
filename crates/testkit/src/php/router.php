<?php
/*
 * Router for `php -S`: what a web server's rewrite rules do for WordPress.
 * Existing files (and directories with an index.php) are served as they are;
 * every other path goes to the front controller, index.php.
 */
$slipway_root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$slipway_path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));

if (strpos($slipway_path, "\0") === false && strpos($slipway_path, '..') === false) {
    $slipway_target = $slipway_root . $slipway_path;
    if ($slipway_path !== '/' && is_file($slipway_target)) {
        return false;
    }
    if (is_dir($slipway_target) && is_file(rtrim($slipway_target, '/') . '/index.php')) {
        return false;
    }
}

// WordPress reads these to work out which script runs; without them it would
// see the router.
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $slipway_root . '/index.php';
chdir($slipway_root);
require $slipway_root . '/index.php';
