<?php
/**
 * WordPress' database upgrade, as wp-admin/upgrade.php runs it, for the site
 * and every site of a network; then the object cache is emptied, since the
 * database was loaded behind its back. Prints one JSON line: the database
 * version before and after, and the one the code expects.
 *
 * Run by slipway with WordPress loaded.
 */

require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wp_db_version;
wp_cache_flush();
$before = (string) get_option( 'db_version' );
wp_upgrade();
if ( is_multisite() ) {
	foreach ( get_sites( array( 'number' => 0, 'fields' => 'ids' ) ) as $blog_id ) {
		switch_to_blog( $blog_id );
		wp_upgrade();
		restore_current_blog();
	}
}
wp_cache_flush();
echo json_encode(
	array(
		'before'   => $before,
		'after'    => (string) get_option( 'db_version' ),
		'expected' => (string) $wp_db_version,
	)
), "\n";
