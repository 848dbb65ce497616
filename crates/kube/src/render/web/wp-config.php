<?php
// slipway's wp-config.php for Kubernetes. Settings come from the pod's
// environment, passwords from Secrets mounted as files under
// /run/secrets/slipway/<secret>/<key>; the code tree is read-only.
function slipway_fail( $what ) {
	error_log( "slipway: $what" );
	http_response_code( 503 );
	exit( 1 );
}

function slipway_env( $name ) {
	$value = getenv( $name );
	if ( false === $value || '' === $value ) {
		slipway_fail( "$name is not set" );
	}
	return $value;
}

function slipway_secret( $secret, $key ) {
	$value = @file_get_contents( "/run/secrets/slipway/$secret/$key" );
	if ( false === $value || '' === $value ) {
		slipway_fail( "secret $secret/$key is missing" );
	}
	return $value;
}

define( 'DB_NAME', slipway_secret( 'db', 'database' ) );
define( 'DB_USER', slipway_secret( 'db', 'username' ) );
define( 'DB_PASSWORD', slipway_secret( 'db', 'password' ) );
define( 'DB_HOST', slipway_secret( 'db', 'host' ) . ':' . slipway_secret( 'db', 'port' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $slipway_salt ) {
	define( $slipway_salt, slipway_secret( 'wordpress', $slipway_salt ) );
}
$table_prefix = 'wp_';
define( 'WP_ENVIRONMENT_TYPE', slipway_env( 'WP_ENVIRONMENT_TYPE' ) );
define( 'DISALLOW_FILE_MODS', true );
define( 'DISALLOW_FILE_EDIT', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
// wp-cron runs from the CronJob, not on page views.
define( 'DISABLE_WP_CRON', true );
define( 'SLIPWAY_REDIS_HOST', slipway_env( 'SLIPWAY_REDIS_HOST' ) );
define( 'SLIPWAY_REDIS_PORT', (int) slipway_env( 'SLIPWAY_REDIS_PORT' ) );
define( 'SLIPWAY_CACHE_PREFIX', slipway_env( 'SLIPWAY_CACHE_PREFIX' ) );
// slipway:fence
if ( false !== getenv( 'S3_UPLOADS_BUCKET' ) ) {
	define( 'S3_UPLOADS_BUCKET', slipway_env( 'S3_UPLOADS_BUCKET' ) );
	define( 'S3_UPLOADS_REGION', slipway_env( 'S3_UPLOADS_REGION' ) );
	define( 'S3_UPLOADS_KEY', slipway_secret( 's3', 'access-key-id' ) );
	define( 'S3_UPLOADS_SECRET', slipway_secret( 's3', 'secret-access-key' ) );
	// A custom endpoint (MinIO, Garage) reaches the SDK through
	// S3-Uploads' s3_uploads_s3_client_params filter, with path-style
	// addressing.
	define( 'SLIPWAY_S3_ENDPOINT', slipway_env( 'S3_UPLOADS_ENDPOINT' ) );
	$GLOBALS['wp_filter']['s3_uploads_s3_client_params'][10]['slipway'] = array(
		'function'      => function ( $params ) {
			$params['endpoint']                = SLIPWAY_S3_ENDPOINT;
			$params['use_path_style_endpoint'] = true;
			return $params;
		},
		'accepted_args' => 1,
	);
	// Fail closed: uploads never fall back to the local disk (which is
	// read-only here anyway).
	define( 'S3_UPLOADS_USE_LOCAL', false );
}
if ( '1' === getenv( 'SLIPWAY_MULTISITE' ) ) {
	define( 'WP_ALLOW_MULTISITE', true );
	define( 'MULTISITE', ! defined( 'SLIPWAY_INSTALLING' ) );
	define( 'SUBDOMAIN_INSTALL', true );
	define( 'DOMAIN_CURRENT_SITE', parse_url( slipway_env( 'WP_HOME' ), PHP_URL_HOST ) );
	define( 'PATH_CURRENT_SITE', '/' );
	define( 'SITE_ID_CURRENT_SITE', 1 );
	define( 'BLOG_ID_CURRENT_SITE', 1 );
	// Mapped domains are the domains of rows in wp_blogs; cookies follow
	// whichever domain a request came in on.
	define( 'COOKIE_DOMAIN', '' );
} else {
	define( 'WP_HOME', slipway_env( 'WP_HOME' ) );
	define( 'WP_SITEURL', slipway_env( 'WP_HOME' ) );
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', '/var/www/html/' );
}
require_once ABSPATH . 'wp-settings.php';
