<?php
/*
 * Plugin Name: slipway
 * Description: What every instance run by slipway needs from WordPress.
 *
 * Networks on a port other than 80 or 443: WordPress keeps a site's port in
 * its domain (`blog.shop.localhost:8080`, as the request's Host header has
 * it), but when a site is added, wp_normalize_site_data() passes the domain
 * through sanitize_user(), which drops the colon and leaves
 * `blog.shop.localhost8080`, a domain no request ever matches. The domain as
 * given is remembered before that step and its port put back after it.
 */
if (is_multisite()) {
    add_filter('wp_normalize_site_data', function ($data) {
        $GLOBALS['slipway_site_domain'] = isset($data['domain']) ? trim($data['domain']) : null;
        return $data;
    }, 9);
    add_filter('wp_normalize_site_data', function ($data) {
        $given = isset($GLOBALS['slipway_site_domain']) ? $GLOBALS['slipway_site_domain'] : null;
        unset($GLOBALS['slipway_site_domain']);
        if ($given === null || !isset($data['domain']) || !preg_match('/^(.+):(\d{1,5})$/', $given, $parts)) {
            return $data;
        }
        $host = preg_replace('/\s+/', '', sanitize_user($parts[1], true));
        if ($data['domain'] === $host . $parts[2]) {
            $data['domain'] = $host . ':' . $parts[2];
        }
        return $data;
    }, 11);
}
