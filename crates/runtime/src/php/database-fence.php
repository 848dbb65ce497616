<?php
/*
 * Applies slipway's database-level fence to a loaded copy of a site, with
 * WordPress loaded: on every site of a network, search engines off, payment
 * gateways in test mode or off, webhooks paused, WooCommerce Subscriptions in
 * staging mode, pending outgoing actions cancelled. Idempotent: a second run
 * changes nothing. Prints one JSON object per change:
 * {"site": URL, "kind": KIND, "item": WHAT}.
 * Arguments: the hooks whose pending actions are cancelled, comma-separated;
 * the gateways' test modes (slipway_runtime::GatewayTestMode::encode_all);
 * the offline gateways, comma-separated.
 *
 * Options are read and written in the table, not through get_option(): the
 * fence plugin makes some of them read as fenced already.
 */
if (wp_get_environment_type() === 'production') {
    fwrite(STDERR, "refusing to fence a production instance\n");
    exit(3);
}
$slipway_hooks = isset($argv[1]) && $argv[1] !== '' ? explode(',', $argv[1]) : array();

/* Gateways that have a test mode (gateway => [option, key, value]), and the offline ones. */
$slipway_test_modes = array();
foreach (isset($argv[2]) && $argv[2] !== '' ? explode(',', $argv[2]) : array() as $slipway_entry) {
    list($slipway_gateway, $slipway_option, $slipway_key, $slipway_value) = explode(' ', $slipway_entry);
    $slipway_test_modes[$slipway_gateway] = array($slipway_option, $slipway_key, $slipway_value === 'true' ? true : $slipway_value);
}
$slipway_offline = isset($argv[3]) && $argv[3] !== '' ? explode(',', $argv[3]) : array();

function slipway_change($kind, $item)
{
    echo json_encode(array('site' => home_url(), 'kind' => $kind, 'item' => (string) $item), JSON_UNESCAPED_SLASHES), "\n";
}

function slipway_get($name)
{
    global $wpdb;
    $raw = $wpdb->get_var($wpdb->prepare("SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name));
    return $raw === null ? null : maybe_unserialize($raw);
}

function slipway_set($name, $value)
{
    global $wpdb;
    $raw = maybe_serialize($value);
    $exists = $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name = %s", $name));
    if ($exists) {
        $ok = $wpdb->update($wpdb->options, array('option_value' => $raw), array('option_name' => $name));
    } else {
        $ok = $wpdb->insert($wpdb->options, array('option_name' => $name, 'option_value' => $raw, 'autoload' => 'yes'));
    }
    if ($ok === false) {
        fwrite(STDERR, "cannot write option $name in {$wpdb->options}: {$wpdb->last_error}\n");
        exit(1);
    }
}

function slipway_table_exists($table)
{
    global $wpdb;
    return $wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $wpdb->esc_like($table))) === $table;
}

/** The ids of the payment gateways a site has settings for. */
function slipway_gateway_ids($test_modes)
{
    if (function_exists('WC') && WC()->payment_gateways()) {
        return array_keys(WC()->payment_gateways()->payment_gateways());
    }
    // WooCommerce's code is not loaded: only gateways known by name.
    return array_keys($test_modes);
}

function slipway_fence_site($hooks, $test_modes, $offline)
{
    global $wpdb;

    // Search engines.
    if ((string) slipway_get('blog_public') !== '0') {
        slipway_set('blog_public', '0');
        slipway_change('search_engines_blocked', 'blog_public=0');
    }

    // Payment gateways.
    foreach (slipway_gateway_ids($test_modes) as $id) {
        if (in_array($id, $offline, true)) {
            continue;
        }
        if (isset($test_modes[$id])) {
            list($option, $key, $value) = $test_modes[$id];
            $settings = slipway_get($option);
            if (is_array($settings) && (!isset($settings[$key]) || $settings[$key] !== $value)) {
                $settings[$key] = $value;
                slipway_set($option, $settings);
                slipway_change('gateway_test_mode', "$id ($option $key)");
            }
            continue;
        }
        $option = "woocommerce_{$id}_settings";
        $settings = slipway_get($option);
        if (is_array($settings) && isset($settings['enabled']) && $settings['enabled'] !== 'no') {
            $settings['enabled'] = 'no';
            slipway_set($option, $settings);
            slipway_change('gateway_disabled', $id);
        }
    }

    // Webhooks: WooCommerce's table, and the posts of WooCommerce before 3.3
    // (published is active, draft is paused).
    $table = $wpdb->prefix . 'wc_webhooks';
    if (slipway_table_exists($table)) {
        foreach ($wpdb->get_results("SELECT webhook_id, name FROM `$table` WHERE status <> 'paused'") as $hook) {
            $wpdb->update($table, array('status' => 'paused'), array('webhook_id' => $hook->webhook_id));
            slipway_change('webhook_paused', "#{$hook->webhook_id} {$hook->name}");
        }
    }
    foreach ($wpdb->get_results("SELECT ID, post_title FROM {$wpdb->posts} WHERE post_type = 'shop_webhook' AND post_status = 'publish'") as $post) {
        $wpdb->update($wpdb->posts, array('post_status' => 'draft'), array('ID' => $post->ID));
        slipway_change('webhook_paused', "#{$post->ID} {$post->post_title} (legacy)");
    }

    // WooCommerce Subscriptions' staging mode: it charges renewals only where
    // the site URL it locked to (obfuscated in `wc_subscriptions_siteurl`)
    // is the current one. A lock that names this copy is moved off it.
    $lock = slipway_get('wc_subscriptions_siteurl');
    $has_subscriptions = $lock !== null || class_exists('WC_Subscriptions')
        || $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'woocommerce\\_subscriptions\\_%'");
    if ($has_subscriptions) {
        $marker = '_[wc_subscriptions_siteurl]_';
        $locked = is_string($lock) ? str_replace($marker, '', $lock) : '';
        $current = get_site_url();
        if ($lock === null || untrailingslashit(preg_replace('#^https?://#', '', $locked)) === untrailingslashit(preg_replace('#^https?://#', '', $current))) {
            $elsewhere = 'fenced-by-slipway.invalid';
            slipway_set('wc_subscriptions_siteurl', 'https://' . substr_replace($elsewhere, $marker, intdiv(strlen($elsewhere), 2), 0));
            slipway_change('subscriptions_staging', 'wc_subscriptions_siteurl');
        }
    }

    // Pending actions that would call out: renewals, webhook deliveries and
    // the outgoing hooks.
    $actions = $wpdb->prefix . 'actionscheduler_actions';
    if (slipway_table_exists($actions)) {
        $where = "status = 'pending' AND (hook LIKE '%webhook%' OR hook LIKE '%renewal%' OR hook LIKE '%subscription\\_payment%'";
        if ($hooks) {
            $where .= ' OR hook IN (' . implode(',', array_map(function ($h) use ($wpdb) {
                return $wpdb->prepare('%s', $h);
            }, $hooks)) . ')';
        }
        $where .= ')';
        foreach ($wpdb->get_results("SELECT hook, COUNT(*) AS n FROM `$actions` WHERE $where GROUP BY hook ORDER BY hook") as $row) {
            slipway_change('actions_cancelled', "{$row->hook} x{$row->n}");
        }
        $wpdb->query("UPDATE `$actions` SET status = 'canceled' WHERE $where");
    }
}

if (is_multisite()) {
    foreach (get_sites(array('number' => 0, 'fields' => 'ids')) as $slipway_blog) {
        switch_to_blog($slipway_blog);
        slipway_fence_site($slipway_hooks, $slipway_test_modes, $slipway_offline);
        restore_current_blog();
    }
} else {
    slipway_fence_site($slipway_hooks, $slipway_test_modes, $slipway_offline);
}
// Options were written past WordPress' API: cached copies are stale.
wp_cache_flush();

// Last: a database `slipway derive` restored is marked fenced, naming the
// version it was restored from, so whatever waits to serve the copy (a
// Kubernetes pod's init container) waits until this run is over, not only
// the restore, and a later restore of another version is not taken as
// fenced. (slipway_runtime::DERIVED_FROM_OPTION, FENCED_OPTION.)
$slipway_derived = slipway_get('slipway_derived_from');
if (is_string($slipway_derived) && $slipway_derived !== '' && slipway_get('slipway_fenced') !== $slipway_derived) {
    slipway_set('slipway_fenced', $slipway_derived);
}
