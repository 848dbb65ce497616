<?php
/*
 * Tests object-cache.php, slipway's Redis object-cache drop-in, without
 * WordPress or a database: the few WordPress functions it may call are
 * stubbed here.
 *
 * Usage: SLIPWAY_REDIS_SOCKET=/path/to/redis.sock php object-cache-test.php
 *
 * The Redis server should be a throwaway one: the test pauses it for a moment
 * and writes keys under the prefixes "slipway-test-*:", "slipway-test-other:"
 * and "shop-production-3:". For example:
 *
 *   redis-server --port 0 --unixsocket /tmp/oc-test.sock --daemonize yes \
 *     --pidfile /tmp/oc-test.pid --save '' --appendonly no
 *   SLIPWAY_REDIS_SOCKET=/tmp/oc-test.sock php -d display_errors=stderr \
 *     -d error_reporting=E_ALL object-cache-test.php
 *   kill "$(cat /tmp/oc-test.pid)"
 *
 * Prints "ok N assertions" and exits 0, or prints each failure and exits 1.
 * The runs without Redis happen in child processes, since the drop-in reads
 * its configuration from constants.
 */

const PREFIX = 'slipway-test-*:'; // The '*' proves that flushes do not treat it as a wildcard.

$checks   = 0;
$failures = array();

function check( $ok, $what ) {
	global $checks, $failures;
	++$checks;
	if ( ! $ok ) {
		// The caller's line, past same() when it called check().
		$frames     = debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS, 2 );
		$line       = ( isset( $frames[1]['function'] ) && 'same' === $frames[1]['function'] ? $frames[1] : $frames[0] )['line'];
		$failures[] = "line $line: $what";
	}
}

function same( $expected, $actual, $what ) {
	check( $expected === $actual, $what . ': expected ' . var_export( $expected, true ) . ', got ' . var_export( $actual, true ) );
}

function finish() {
	global $checks, $failures;
	if ( $failures ) {
		fwrite( STDOUT, implode( "\n", array_map( function ( $f ) {
			return "FAIL $f";
		}, $failures ) ) . "\n" );
		exit( 1 );
	}
	echo "ok $checks assertions\n";
	exit( 0 );
}

// Any warning or notice is a failure, not noise.
set_error_handler( function ( $errno, $message, $file, $line ) {
	if ( error_reporting() & $errno ) {
		check( false, "PHP error $errno at $file:$line: $message" );
	}
	return true;
} );

// The WordPress functions the drop-in calls when they exist.
$doing_it_wrong = array();
$deprecated     = array();
function _doing_it_wrong( $function, $message, $version ) {
	$GLOBALS['doing_it_wrong'][] = $function;
}
function _deprecated_function( $function, $version, $replacement = '' ) {
	$GLOBALS['deprecated'][] = $function;
}
function wp_suspend_cache_addition( $suspend = null ) {
	static $suspended = false;
	if ( is_bool( $suspend ) ) {
		$suspended = $suspend;
	}
	return $suspended;
}

/**
 * What core's own WP_Object_Cache does, which the drop-in must do in every
 * mode: with Redis, in non-persistent groups, and without Redis.
 */
function check_core_semantics( $group ) {
	$g = " (group $group)";
	same( true, wp_cache_add( 'added', 'first', $group ), 'add' . $g );
	same( false, wp_cache_add( 'added', 'second', $group ), 'second add' . $g );
	same( 'first', wp_cache_get( 'added', $group ), 'value kept by the failed add' . $g );

	same( true, wp_cache_set( 'false', false, $group ), 'set false' . $g );
	same( false, wp_cache_get( 'false', $group, false, $found ), 'get false' . $g );
	same( true, $found, 'found flag for a stored false' . $g );
	same( false, wp_cache_get( 'missing', $group, false, $found ), 'get missing' . $g );
	same( false, $found, 'found flag for a missing key' . $g );
	same( array( 1, 'two' => 2 ), ( wp_cache_set( 'array', array( 1, 'two' => 2 ), $group ) ? wp_cache_get( 'array', $group ) : null ), 'array round trip' . $g );
	same( null, ( wp_cache_set( 'null', null, $group ) ? wp_cache_get( 'null', $group, true, $found ) : 'not set' ), 'null round trip, forced' . $g );
	same( true, $found, 'found flag for a stored null' . $g );

	$object        = new stdClass();
	$object->value = 'stored';
	wp_cache_set( 'object', $object, $group );
	$object->value = 'changed after set';
	$got           = wp_cache_get( 'object', $group );
	same( 'stored', $got->value, 'object cloned on set' . $g );
	$got->value = 'changed after get';
	same( 'stored', wp_cache_get( 'object', $group )->value, 'object cloned on get' . $g );

	same( false, wp_cache_replace( 'replaced', 'x', $group ), 'replace of a missing key' . $g );
	same( false, wp_cache_get( 'replaced', $group ), 'nothing stored by a failed replace' . $g );
	wp_cache_set( 'replaced', 'old', $group );
	same( true, wp_cache_replace( 'replaced', 'new', $group ), 'replace' . $g );
	same( 'new', wp_cache_get( 'replaced', $group ), 'replaced value' . $g );

	wp_cache_set( 'counter', 5, $group );
	same( 6, wp_cache_incr( 'counter', 1, $group ), 'incr' . $g );
	same( 16, wp_cache_incr( 'counter', 10, $group ), 'incr by 10' . $g );
	same( 13, wp_cache_decr( 'counter', 3, $group ), 'decr by 3' . $g );
	same( 0, wp_cache_decr( 'counter', 20, $group ), 'decr floors at 0' . $g );
	same( 0, wp_cache_incr( 'counter', -5, $group ), 'negative incr floors at 0' . $g );
	same( 0, wp_cache_get( 'counter', $group ), 'counter after decr' . $g );
	same( false, wp_cache_incr( 'no-counter', 1, $group ), 'incr of a missing key' . $g );
	same( false, wp_cache_decr( 'no-counter', 1, $group ), 'decr of a missing key' . $g );
	same( false, wp_cache_get( 'no-counter', $group ), 'incr does not create keys' . $g );
	wp_cache_set( 'word', 'abc', $group );
	same( 2, wp_cache_incr( 'word', 2, $group ), 'incr of a non-numeric value counts from 0' . $g );
	wp_cache_set( 'numeric', '7', $group );
	same( 8, wp_cache_incr( 'numeric', 1, $group ), 'incr of a numeric string' . $g );
	wp_cache_set( 'float', 1.5, $group );
	same( 2.5, wp_cache_incr( 'float', 1, $group ), 'incr of a float' . $g );

	same( array( 'a' => true, 'b' => true ), wp_cache_set_multiple( array( 'a' => 'A', 'b' => 'B' ), $group ), 'set_multiple' . $g );
	same( array( 'b' => false, 'c' => true ), wp_cache_add_multiple( array( 'b' => 'X', 'c' => 'C' ), $group ), 'add_multiple' . $g );
	same( array( 'c' => 'C', 'zz' => false, 'a' => 'A', 'b' => 'B' ), wp_cache_get_multiple( array( 'c', 'zz', 'a', 'b' ), $group ), 'get_multiple, in the order asked' . $g );
	same( array( 'a' => 'A', 7 => false ), wp_cache_get_multiple( array( 'a', 7 ), $group, true ), 'get_multiple forced' . $g );
	same( array( 'a' => true, 'zz' => false ), wp_cache_delete_multiple( array( 'a', 'zz' ), $group ), 'delete_multiple' . $g );
	same( false, wp_cache_get( 'a', $group ), 'deleted by delete_multiple' . $g );

	same( true, wp_cache_delete( 'added', $group ), 'delete' . $g );
	same( false, wp_cache_delete( 'added', $group ), 'second delete' . $g );
	same( false, wp_cache_get( 'added', $group, false, $found ), 'get after delete' . $g );
	same( false, $found, 'found flag after delete' . $g );
	same( true, wp_cache_add( 'added', 'again', $group ), 'add after delete' . $g );

	wp_cache_set( 7, 'seven', $group );
	same( 'seven', wp_cache_get( 7, $group ), 'integer key' . $g );
	$before = count( $GLOBALS['doing_it_wrong'] );
	same( false, wp_cache_set( '', 'x', $group ), 'empty key refused' . $g );
	same( false, wp_cache_get( ' ', $group ), 'blank key refused' . $g );
	same( $before + 2, count( $GLOBALS['doing_it_wrong'] ), 'invalid keys reported' . $g );

	wp_suspend_cache_addition( true );
	same( false, wp_cache_add( 'suspended', 'x', $group ), 'add while cache addition is suspended' . $g );
	wp_suspend_cache_addition( false );

	wp_cache_set( 'flushed', 'x', $group );
	same( true, wp_cache_flush_group( $group ), 'flush_group' . $g );
	same( false, wp_cache_get( 'flushed', $group ), 'flushed with its group' . $g );
	wp_cache_set( 'flushed', 'x', $group );
	same( true, wp_cache_flush(), 'flush' . $g );
	same( false, wp_cache_get( 'flushed', $group ), 'flushed' . $g );
}

/** The runs without Redis: one child process per way of not having it. */
function run_child( $mode ) {
	if ( 'unreachable' === $mode ) {
		// A port that was free a moment ago has nothing listening on it.
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		$port   = (int) substr( strrchr( stream_socket_get_name( $server, false ), ':' ), 1 );
		fclose( $server );
		define( 'SLIPWAY_REDIS_HOST', '127.0.0.1' );
		define( 'SLIPWAY_REDIS_PORT', $port );
		define( 'SLIPWAY_CACHE_PREFIX', PREFIX );
	} elseif ( 'no-prefix' === $mode ) {
		define( 'SLIPWAY_REDIS_SOCKET', getenv( 'SLIPWAY_REDIS_SOCKET' ) );
	}
	require __DIR__ . '/object-cache.php';
	wp_cache_init();
	wp_cache_add_non_persistent_groups( array( 'counts' ) );
	check_core_semantics( 'default' );
	check_core_semantics( 'counts' );
	wp_cache_set( 'k', 'v' );
	$next = new WP_Object_Cache();
	same( false, $next->get( 'k' ), 'nothing persists without Redis' );
	finish();
}

if ( isset( $argv[1] ) && '--child' === $argv[1] ) {
	run_child( $argv[2] );
}

$socket = getenv( 'SLIPWAY_REDIS_SOCKET' );
if ( ! $socket ) {
	fwrite( STDERR, "usage: SLIPWAY_REDIS_SOCKET=/path/to/redis.sock php object-cache-test.php\n" );
	exit( 2 );
}
define( 'SLIPWAY_REDIS_SOCKET', $socket );
define( 'SLIPWAY_CACHE_PREFIX', PREFIX );
$redis = new Redis();
$redis->connect( $socket );
$redis->del( $redis->keys( '*' ) );

require __DIR__ . '/object-cache.php';
$log = tempnam( sys_get_temp_dir(), 'object-cache-log-' );
ini_set( 'error_log', $log );

wp_cache_init();
check( $wp_object_cache instanceof WP_Object_Cache, 'wp_cache_init() sets $wp_object_cache' );
foreach ( array( 'cache_hits', 'cache_misses' ) as $property ) {
	check( ( new ReflectionProperty( 'WP_Object_Cache', $property ) )->isPublic(), "$property is public" );
}
wp_cache_add_global_groups( array( 'users', 'site-options' ) );
wp_cache_add_non_persistent_groups( array( 'counts', 'plugins' ) );

check_core_semantics( 'default' );
check_core_semantics( 'counts' );
check_core_semantics( 'users' );

// What Redis holds.
wp_cache_set( 'post', array( 'ID' => 1 ), 'posts' );
same( serialize( array( 'ID' => 1 ) ), $redis->get( PREFIX . '1:posts:post' ), 'blog key layout and serialized value' );
wp_cache_set( 'user', 'u', 'users' );
same( serialize( 'u' ), $redis->get( PREFIX . 'users:user' ), 'global key layout' );
wp_cache_set( 'count', 3, 'counts' );
same( array(), $redis->keys( '*counts*' ), 'non-persistent groups stay out of Redis' );
wp_cache_set( 'hits', 41 );
same( '41', $redis->get( PREFIX . '1:default:hits' ), 'integers are plain decimals in Redis' );
$redis->incrBy( PREFIX . '1:default:hits', 2 );
same( 44, wp_cache_incr( 'hits' ), 'incr works from what Redis holds, not a stale copy' );
same( true, wp_cache_add( 'unique', 'mine' ), 'add' );
same( false, ( new WP_Object_Cache() )->add( 'unique', 'theirs' ), 'add of a key another request stored' );

// Expiry.
wp_cache_set( 'short', 'lived', 'default', 1 );
same( 1, $redis->ttl( PREFIX . '1:default:short' ), 'expiry set in Redis' );
wp_cache_set( 'long', 0, 'default', 100 );
wp_cache_incr( 'long' );
check( $redis->ttl( PREFIX . '1:default:long' ) > 90, 'incr keeps the expiry' );
wp_cache_set( 'forever', 'x', 'default', 0 );
same( -1, $redis->ttl( PREFIX . '1:default:forever' ), 'expiry 0 means none' );
sleep( 2 );
same( false, ( new WP_Object_Cache() )->get( 'short' ), 'expired for the next request' );
same( false, wp_cache_get( 'short', 'default', true, $found ), 'forced get sees the expiry' );
same( false, $found, 'found flag after expiry' );
same( false, wp_cache_replace( 'short', 'again' ), 'replace of an expired key' );

// A second request.
$object        = new stdClass();
$object->value = 'persisted';
wp_cache_set( 'object', $object );
wp_cache_set_multiple( array( 'm1' => 'one', 'm2' => 2 ) );
$next = new WP_Object_Cache();
$next->add_global_groups( array( 'users' ) );
same( 'persisted', $next->get( 'object', 'default', false, $found )->value, 'object seen by the next request' );
same( true, $found, 'found flag in the next request' );
same( array( 'm1' => 'one', 'nope' => false, 'm2' => 2 ), $next->get_multiple( array( 'm1', 'nope', 'm2' ) ), 'get_multiple in the next request' );
same( 'u', $next->get( 'user', 'users' ), 'global value in the next request' );
same( array( 4, 1, 4 ), array( $next->cache_hits, $next->cache_misses, $next->redis_hits ), 'hits, misses and Redis hits' );
ob_start();
$next->stats();
check( false !== strpos( ob_get_clean(), 'Cache Hits:</strong> 4' ), 'stats() prints the hits' );
$hits = $wp_object_cache->redis_hits;
same( true, wp_cache_flush_runtime(), 'flush_runtime' );
same( 'one', wp_cache_get( 'm1' ), 'value back from Redis after flush_runtime' );
same( $hits + 1, $wp_object_cache->redis_hits, 'flush_runtime empties only the runtime array' );
$redis->set( PREFIX . '1:default:m1', serialize( 'changed elsewhere' ) );
same( 'one', wp_cache_get( 'm1' ), 'unforced get answers from the runtime array' );
same( 'changed elsewhere', wp_cache_get( 'm1', 'default', true ), 'forced get reads Redis' );

// Blogs.
wp_cache_set( 'name', 'blog one' );
wp_cache_set( 'shared', 'everyone', 'users' );
wp_cache_switch_to_blog( 2 );
same( false, wp_cache_get( 'name' ), 'blog values stay with their blog' );
same( 'everyone', wp_cache_get( 'shared', 'users' ), 'global values are seen from every blog' );
wp_cache_set( 'name', 'blog two' );
same( serialize( 'blog two' ), $redis->get( PREFIX . '2:default:name' ), 'blog 2 key' );
same( serialize( 'blog one' ), $redis->get( PREFIX . '1:default:name' ), 'blog 1 key untouched' );
$next = new WP_Object_Cache();
$next->switch_to_blog( 2 );
same( 'blog two', $next->get( 'name' ), 'blog 2 value in the next request' );
wp_cache_switch_to_blog( 1 );
same( 'blog one', wp_cache_get( 'name' ), 'back on blog 1' );
wp_cache_reset();
same( array( 'wp_cache_reset' ), $deprecated, 'wp_cache_reset() is deprecated' );
same( 'blog one', wp_cache_get( 'name' ), 'values survive a reset' );

// Group flushes take every blog's keys of that group and nothing else.
wp_cache_set( 'x', 1, 'fg' );
wp_cache_switch_to_blog( 2 );
wp_cache_set( 'x', 2, 'fg' );
wp_cache_set( 'fg:x', 'lookalike', 'other' );
wp_cache_set( 'x', 'lookalike', 'xfg' );
wp_cache_set( 'x', 'lookalike', 'f?' );
wp_cache_switch_to_blog( 1 );
wp_cache_flush_group( 'fg' );
same( 0, $redis->exists( PREFIX . '1:fg:x' ) + $redis->exists( PREFIX . '2:fg:x' ), 'flush_group removes the group in every blog' );
same( 1, $redis->exists( PREFIX . '2:other:fg:x' ) + 0, 'a key containing ":fg:" in another group survives' );
same( 1, $redis->exists( PREFIX . '2:xfg:x' ) + 0, 'a group ending in "fg" survives' );
wp_cache_flush_group( 'f?' );
same( 0, $redis->exists( PREFIX . '2:f?:x' ) + 0, 'a group with glob characters is flushed' );
same( 1, $redis->exists( PREFIX . '2:xfg:x' ) + 0, 'its glob does not match other groups' );
same( true, wp_cache_flush_group( 'counts' ), 'flush of a non-persistent group' );

// Full flushes stay within the prefix.
$redis->set( 'slipway-test-other:1:default:k', 'other instance' );
$redis->set( 'shop-production-3:1:default:k', 'other instance' );
wp_cache_set( 'doomed', 'x' );
same( true, wp_cache_flush(), 'flush' );
same( array(), $redis->keys( addcslashes( PREFIX, '*' ) . '*' ), 'flush removes every key under the prefix' );
same( 'other instance', $redis->get( 'slipway-test-other:1:default:k' ), 'flush leaves a similar prefix alone' );
same( 'other instance', $redis->get( 'shop-production-3:1:default:k' ), 'flush leaves other instances alone' );
same( false, wp_cache_get( 'doomed' ), 'flush empties the runtime array' );

same( array( true, true, true, true, true, true, false ), array_map( 'wp_cache_supports', array( 'add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple', 'flush_runtime', 'flush_group', 'teleport' ) ), 'wp_cache_supports' );
same( true, wp_cache_close(), 'wp_cache_close' );
same( '', file_get_contents( $log ), 'nothing logged while Redis works' );

// Redis stops answering mid-request: the request carries on in memory.
wp_cache_set( 'before', 'kept' );
$redis->rawCommand( 'CLIENT', 'PAUSE', '2500' );
$started = microtime( true );
same( 'kept', wp_cache_get( 'before', 'default', true ), 'forced get while Redis hangs falls back to memory' );
check( microtime( true ) - $started < 2, 'a hanging Redis costs about one timeout' );
wp_cache_set( 'after', 'memory' );
same( 'memory', wp_cache_get( 'after' ), 'set and get after Redis failed' );
wp_cache_set( 'after-counter', 3 );
same( 4, wp_cache_incr( 'after-counter' ), 'incr after Redis failed' );
$lines = file( $log, FILE_IGNORE_NEW_LINES );
same( 1, count( $lines ), 'one line logged' );
check( (bool) preg_match( '/slipway object cache: Redis at .* failed: .*; caching in memory for this request$/', $lines[0] ?? '' ), 'log line: ' . ( $lines[0] ?? '' ) );
usleep( 1600000 );
same( 0, $redis->exists( PREFIX . '1:default:after' ) + 0, 'nothing written after the failure' );

foreach ( array( 'unreachable', 'no-prefix' ) as $mode ) {
	$child = proc_open(
		array( PHP_BINARY, '-d', 'display_errors=stderr', '-d', 'error_reporting=E_ALL', '-d', 'log_errors=1', '-d', 'error_log=', __FILE__, '--child', $mode ),
		array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
		$pipes
	);
	$out    = stream_get_contents( $pipes[1] );
	$err    = stream_get_contents( $pipes[2] );
	$status = proc_close( $child );
	same( 0, $status, "without Redis ($mode): exit status; it printed: $out$err" );
	check( (bool) preg_match( '/^ok \d+ assertions$/', trim( $out ) ), "without Redis ($mode): $out" );
	$logged = array_filter( explode( "\n", $err ) );
	same( 2, count( $logged ), "without Redis ($mode): one line logged per request, two requests" );
	$expected = 'unreachable' === $mode ? '/cannot connect to Redis at 127\.0\.0\.1:\d+: .*; caching in memory/' : '/SLIPWAY_CACHE_PREFIX is not defined; caching in memory/';
	check( (bool) preg_match( $expected, $err ), "without Redis ($mode): logged $err" );
}
same( array(), $redis->keys( '1:*' ), 'no unprefixed keys written without a prefix' );

unlink( $log );
$redis->del( $redis->keys( '*' ) );
finish();
