<?php
/*
 * Activates the plugins named in $argv (by directory slug) that are not
 * active yet, network-wide in a network, and prints each one activated as
 * "activated SLUG/FILE". A slug whose plugin WordPress cannot find or
 * activate is an error: the lock installed it, so it must load.
 */
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$failed = false;
foreach (array_slice($argv, 1) as $slug) {
    $found = get_plugins('/' . $slug);
    if (empty($found)) {
        fwrite(STDERR, "plugin $slug: no plugin header in wp-content/plugins/$slug\n");
        $failed = true;
        continue;
    }
    $file = $slug . '/' . array_key_first($found);
    if (is_plugin_active($file)) {
        continue;
    }
    $result = activate_plugin($file, '', is_multisite());
    if (is_wp_error($result)) {
        fwrite(STDERR, "plugin $file: " . $result->get_error_message() . "\n");
        $failed = true;
        continue;
    }
    echo "activated $file\n";
}
exit($failed ? 1 : 0);
