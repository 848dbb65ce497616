<?php
/*
 * Plugin Name: slipway
 * Description: What every instance run by slipway needs from WordPress.
 *
 * Networks on a port other than 80 or 443: WordPress keeps a site's port in
 * its domain (`blog.shop.localhost:8080`, as the request's Host header has
 * it), but when a site is added (wpmu_create_blog(), wp_insert_site()) the
 * domain passes through sanitize_user() in strict mode, which drops the
 * colon and leaves `blog.shop.localhost8080`, a domain no request matches.
 * A host name followed by the network's own port keeps its colon.
 */
if (is_multisite() && defined('DOMAIN_CURRENT_SITE') && preg_match('/:(\d{1,5})$/', DOMAIN_CURRENT_SITE, $slipway_port)) {
    $GLOBALS['slipway_network_port'] = $slipway_port[1];
    add_filter('sanitize_user', function ($sanitized, $raw, $strict) {
        $port = $GLOBALS['slipway_network_port'];
        if ($strict && preg_match('/^([A-Za-z0-9.-]+):' . $port . '$/', trim($raw), $parts)
            && $sanitized === $parts[1] . $port) {
            return strtolower($parts[1]) . ':' . $port;
        }
        return $sanitized;
    }, 10, 3);
}
unset($slipway_port);
