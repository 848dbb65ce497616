<?php
// Installs WordPress into the instance's empty database, or upgrades the
// schema of an installed one. It runs as one Job and holds a MariaDB named
// lock while it works, so it runs once however many replicas start or
// Jobs are re-applied at the same time.
define( 'WP_INSTALLING', true );
define( 'SLIPWAY_INSTALLING', true );
$_SERVER['HTTP_HOST'] = parse_url( (string) getenv( 'WP_HOME' ), PHP_URL_HOST );
require '/etc/slipway/wp-config.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wpdb;
$slipway_lock = 'slipway-install-' . DB_NAME;
if ( '1' !== (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 900)', $slipway_lock ) ) ) {
	fwrite( STDERR, "slipway: another install or upgrade of " . DB_NAME . " holds the lock\n" );
	exit( 1 );
}
if ( ! is_blog_installed() ) {
	$slipway_host = $_SERVER['HTTP_HOST'];
	// The administrator's password is random and never shown: the first
	// login goes through the password reset mail.
	wp_install(
		$slipway_host,
		'admin',
		getenv( 'SLIPWAY_ADMIN_EMAIL' ) ? getenv( 'SLIPWAY_ADMIN_EMAIL' ) : 'admin@' . $slipway_host,
		'production' === wp_get_environment_type(),
		'',
		wp_generate_password( 32 )
	);
	echo "slipway: installed WordPress into " . DB_NAME . "\n";
} else {
	wp_upgrade();
	echo "slipway: database " . DB_NAME . " is at schema version " . get_option( 'db_version' ) . "\n";
}
// A copy's pods wait until its mark says it is upgraded to this code
// (`copy`, after `slipway carry`). An instance that is no copy, or no
// longer one, keeps no mark, so a later copy into it is made afresh.
if ( isset( $argv[1] ) && 'copy' === $argv[1] ) {
	$wpdb->query( 'UPDATE `slipway_copy` SET upgraded = 1' );
} else {
	$wpdb->query( 'DROP TABLE IF EXISTS `slipway_copy`' );
}
$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $slipway_lock ) );
