<?php
/*
 * Activates what a lock installed. Arguments: "plugin=SLUG" and
 * "theme=SLUG".
 *
 * Plugins not active yet are activated (network-wide in a network), each
 * printed as "activated SLUG/FILE". A slug whose plugin WordPress cannot
 * find or activate is an error: the lock installed it, so it must load.
 *
 * Themes: when the active theme is not one of the declared themes, the one
 * declared theme that is no other declared theme's parent becomes active
 * (a child theme rather than its parent), printed as "theme SLUG". A site
 * already on a declared theme keeps it; with several candidates and none
 * active, the active theme is kept and "theme-kept CURRENT: A, B" says so.
 */
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$failed = false;
$plugins = [];
$themes = [];
foreach (array_slice($argv, 1) as $arg) {
    if (strpos($arg, 'plugin=') === 0) {
        $plugins[] = substr($arg, 7);
    } elseif (strpos($arg, 'theme=') === 0) {
        $themes[] = substr($arg, 6);
    } else {
        fwrite(STDERR, "activate: unknown argument $arg\n");
        exit(2);
    }
}
foreach ($plugins as $slug) {
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
if ($themes) {
    $parents = [];
    foreach ($themes as $slug) {
        $theme = wp_get_theme($slug);
        if (!$theme->exists() || $theme->errors()) {
            $why = $theme->errors() ? $theme->errors()->get_error_message() : 'not found';
            fwrite(STDERR, "theme $slug: $why (wp-content/themes/$slug/style.css)\n");
            $failed = true;
            continue;
        }
        if ($theme->get_template() !== $slug) {
            $parents[] = $theme->get_template();
        }
    }
    $current = get_stylesheet();
    if (!$failed && !in_array($current, $themes, true)) {
        $candidates = array_values(array_diff($themes, $parents));
        if (count($candidates) === 1) {
            switch_theme($candidates[0]);
            echo "theme {$candidates[0]}\n";
        } else {
            echo "theme-kept $current: " . implode(', ', $candidates) . "\n";
        }
    }
}
exit($failed ? 1 : 0);
