<?php
/*
 * Plugin Name: slipway fence
 * Description: Keeps a staging or development copy of a live site from
 * reaching the outside world. Installed only in fenced instances, which
 * define SLIPWAY_FENCED in wp-config.php; see docs/fencing.md.
 *
 * - Mail: no plugin may send from `pre_wp_mail`, and every PHPMailer is
 *   forced onto PHP's mail() transport, whose sendmail is slipway's trap
 *   (the pool's and the command line's `sendmail_path`). A message is
 *   composed exactly as WordPress would send it, and caught.
 * - HTTP: WP_HTTP_BLOCK_EXTERNAL and WP_ACCESSIBLE_HOSTS (wp-config.php)
 *   refuse every host but the instance's own; `pre_http_request` refuses
 *   them first, with an error that says why.
 * - Search engines: `blog_public` reads 0 on every site of a network (which
 *   also makes WordPress emit `noindex` and a `Disallow: /` robots.txt), and
 *   every response says `X-Robots-Tag: noindex, nofollow`.
 * - Payments: gateways with a known test mode always read as in it; checkout
 *   offers only those and the offline ones.
 * - Scheduled work that calls out never runs: the WP-Cron events and Action
 *   Scheduler actions of SLIPWAY_FENCE_HOOKS, WooCommerce webhook deliveries, and
 *   WooCommerce Subscriptions' automatic renewals (its staging mode).
 */
if (!defined('SLIPWAY_FENCED') || !SLIPWAY_FENCED) {
    return;
}

/**
 * Hooks of scheduled work that reaches outside the site: slipway's list
 * (slipway_runtime::OUTGOING_HOOKS), written into wp-config.php.
 */
function slipway_fence_blocked_hooks()
{
    return defined('SLIPWAY_FENCE_HOOKS') ? explode(',', SLIPWAY_FENCE_HOOKS) : array();
}

/* Mail. */
add_filter('wp_mail', function ($atts) {
    // Runs just before `pre_wp_mail`: a plugin that sends through an API
    // from there would bypass PHPMailer, so none may.
    remove_all_filters('pre_wp_mail');
    return $atts;
}, PHP_INT_MAX);
add_action('phpmailer_init', function ($phpmailer) {
    $phpmailer->isMail();
    $phpmailer->Host = 'localhost';
    $phpmailer->SMTPAuth = false;
    $phpmailer->Username = '';
    $phpmailer->Password = '';
}, PHP_INT_MAX);

/* Outgoing HTTP. */
function slipway_fence_host_allowed($host)
{
    $host = strtolower((string) $host);
    if ($host === 'localhost') {
        return true;
    }
    $allowed = defined('WP_ACCESSIBLE_HOSTS') ? preg_split('/\s*,\s*/', strtolower(WP_ACCESSIBLE_HOSTS)) : array();
    foreach ($allowed as $pattern) {
        if ($pattern === $host) {
            return true;
        }
        if (strncmp($pattern, '*.', 2) === 0 && substr($host, -strlen($pattern) + 1) === substr($pattern, 1)) {
            return true;
        }
    }
    return false;
}
add_filter('pre_http_request', function ($pre, $args, $url) {
    $host = parse_url($url, PHP_URL_HOST);
    if (slipway_fence_host_allowed($host)) {
        return $pre;
    }
    return new WP_Error(
        'http_request_not_executed',
        sprintf('slipway fence: outgoing HTTP to %s is blocked in this %s copy', $host, wp_get_environment_type())
    );
}, PHP_INT_MAX, 3);

/* Search engines. */
add_filter('pre_option_blog_public', function () {
    return '0';
}, PHP_INT_MAX);
if (PHP_SAPI !== 'cli' && !headers_sent()) {
    header('X-Robots-Tag: noindex, nofollow');
}

/* Scheduled work that calls out. */
add_filter('pre_get_ready_cron_jobs', function ($pre) {
    if (null !== $pre) {
        return $pre;
    }
    $blocked = slipway_fence_blocked_hooks();
    $now = microtime(true);
    $ready = array();
    foreach ((array) _get_cron_array() as $timestamp => $hooks) {
        if (!is_array($hooks) || $timestamp > $now) {
            continue;
        }
        $hooks = array_diff_key($hooks, array_flip($blocked));
        if ($hooks) {
            $ready[$timestamp] = $hooks;
        }
    }
    return $ready;
}, PHP_INT_MAX);
add_action('action_scheduler_before_execute', function ($action_id) {
    if (!class_exists('ActionScheduler')) {
        return;
    }
    $hook = ActionScheduler::store()->fetch_action($action_id)->get_hook();
    if (in_array($hook, slipway_fence_blocked_hooks(), true)) {
        // The action runs with nothing attached and is marked done.
        remove_all_actions($hook);
    }
}, PHP_INT_MAX);
add_filter('woocommerce_webhook_should_deliver', '__return_false', PHP_INT_MAX);

/*
 * Payments: gateways with a known test mode read as being in it, whatever
 * their settings say (an administrator of the copy cannot switch them
 * live), and checkout offers no other gateway but the offline ones.
 */
$slipway_test_modes = array();
foreach (defined('SLIPWAY_FENCE_TEST_MODES') ? explode(',', SLIPWAY_FENCE_TEST_MODES) : array() as $slipway_entry) {
    list($slipway_gateway, $slipway_option, $slipway_key, $slipway_value) = explode(' ', $slipway_entry);
    $slipway_test_modes[$slipway_gateway] = true;
    $slipway_value = $slipway_value === 'true' ? true : $slipway_value;
    add_filter("option_$slipway_option", function ($settings) use ($slipway_key, $slipway_value) {
        if (is_array($settings)) {
            $settings[$slipway_key] = $slipway_value;
        }
        return $settings;
    }, PHP_INT_MAX);
}
$GLOBALS['slipway_fence_allowed_gateways'] = array_merge(
    array_keys($slipway_test_modes),
    defined('SLIPWAY_FENCE_OFFLINE_GATEWAYS') ? explode(',', SLIPWAY_FENCE_OFFLINE_GATEWAYS) : array()
);
unset($slipway_test_modes, $slipway_entry, $slipway_gateway, $slipway_option, $slipway_key, $slipway_value);
add_filter('woocommerce_available_payment_gateways', function ($gateways) {
    return array_intersect_key((array) $gateways, array_flip($GLOBALS['slipway_fence_allowed_gateways']));
}, PHP_INT_MAX);
add_filter('woocommerce_subscriptions_is_duplicate_site', '__return_true', PHP_INT_MAX);
