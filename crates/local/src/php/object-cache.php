<?php
/**
 * Slipway's object cache: WordPress' object-cache.php drop-in, backed by Redis
 * through the phpredis extension.
 *
 * Slipway installs it as wp-content/object-cache.php and defines, in
 * wp-config.php before wp-settings.php runs:
 *
 *   SLIPWAY_REDIS_SOCKET  the Redis server's Unix socket, or else
 *   SLIPWAY_REDIS_HOST    its host name or address, and
 *   SLIPWAY_REDIS_PORT    its port (6379 when left out);
 *   SLIPWAY_CACHE_PREFIX  the instance's key prefix, e.g. "shop-production-3:" (required).
 *
 * A value lives in Redis at PREFIX BLOG_ID ":" GROUP ":" KEY, without the blog
 * ID for global groups, as serialize() writes it; integers are stored as plain
 * decimals so Redis' own tools read them. An array per request sits in front
 * of Redis, as core's WP_Object_Cache is, and non-persistent groups live only
 * there.
 *
 * Many instances share one Redis server, so flushing removes only keys under
 * this instance's prefix. Without Redis (unreachable, failing, or the
 * configuration incomplete) the site keeps working on the in-memory cache for
 * the rest of the request, and one line goes to error_log().
 */

function wp_cache_init() {
	$GLOBALS['wp_object_cache'] = new WP_Object_Cache();
}

function wp_cache_add( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->add( $key, $data, $group, (int) $expire );
}

function wp_cache_add_multiple( array $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->add_multiple( $data, $group, (int) $expire );
}

function wp_cache_replace( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->replace( $key, $data, $group, (int) $expire );
}

function wp_cache_set( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->set( $key, $data, $group, (int) $expire );
}

function wp_cache_set_multiple( array $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->set_multiple( $data, $group, (int) $expire );
}

function wp_cache_get( $key, $group = '', $force = false, &$found = null ) {
	return $GLOBALS['wp_object_cache']->get( $key, $group, $force, $found );
}

function wp_cache_get_multiple( $keys, $group = '', $force = false ) {
	return $GLOBALS['wp_object_cache']->get_multiple( $keys, $group, $force );
}

function wp_cache_delete( $key, $group = '' ) {
	return $GLOBALS['wp_object_cache']->delete( $key, $group );
}

function wp_cache_delete_multiple( array $keys, $group = '' ) {
	return $GLOBALS['wp_object_cache']->delete_multiple( $keys, $group );
}

function wp_cache_incr( $key, $offset = 1, $group = '' ) {
	return $GLOBALS['wp_object_cache']->incr( $key, $offset, $group );
}

function wp_cache_decr( $key, $offset = 1, $group = '' ) {
	return $GLOBALS['wp_object_cache']->decr( $key, $offset, $group );
}

function wp_cache_flush() {
	return $GLOBALS['wp_object_cache']->flush();
}

function wp_cache_flush_runtime() {
	return $GLOBALS['wp_object_cache']->flush_runtime();
}

function wp_cache_flush_group( $group ) {
	return $GLOBALS['wp_object_cache']->flush_group( $group );
}

function wp_cache_supports( $feature ) {
	return in_array( $feature, array( 'add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple', 'flush_runtime', 'flush_group' ), true );
}

function wp_cache_close() {
	return true;
}

function wp_cache_add_global_groups( $groups ) {
	$GLOBALS['wp_object_cache']->add_global_groups( $groups );
}

function wp_cache_add_non_persistent_groups( $groups ) {
	$GLOBALS['wp_object_cache']->add_non_persistent_groups( $groups );
}

function wp_cache_switch_to_blog( $blog_id ) {
	$GLOBALS['wp_object_cache']->switch_to_blog( $blog_id );
}

function wp_cache_reset() {
	if ( function_exists( '_deprecated_function' ) ) {
		_deprecated_function( __FUNCTION__, '3.5.0', 'wp_cache_switch_to_blog()' );
	}
	$GLOBALS['wp_object_cache']->reset();
}

// wp-activate.php and some plugins set properties of their own on the cache.
#[AllowDynamicProperties]
class WP_Object_Cache {
	/** Seconds to wait for Redis to accept a connection or answer a command. */
	const TIMEOUT = 1.0;
	/** Keys a flush asks SCAN for at a time. */
	const SCAN_COUNT = 1000;

	public $cache_hits = 0;
	public $cache_misses = 0;
	/** Hits that came from Redis: what the cache saved across requests. */
	public $redis_hits = 0;

	/** @var array<string, array<string, mixed>> Group => Redis key => value. */
	private $cache = array();
	private $global_groups = array();
	private $non_persistent_groups = array();
	private $blog_id = 1;
	private $prefix = '';
	/** @var Redis|null Null once the request runs on memory alone. */
	private $redis = null;
	private $server = '';

	public function __construct() {
		if ( function_exists( 'get_current_blog_id' ) ) {
			$this->blog_id = get_current_blog_id() ?: 1;
		}
		$this->redis = $this->connect();
	}

	public function add( $key, $data, $group = '', $expire = 0 ) {
		if ( ( function_exists( 'wp_suspend_cache_addition' ) && wp_suspend_cache_addition() ) || ! $this->valid_key( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->id( $key, $group );
		if ( $this->in_memory( $id, $group ) ) {
			return false;
		}
		$stored = $this->remote( $group, function ( Redis $redis ) use ( $id, $data, $expire ) {
			return $redis->set( $id, $this->encode( $data ), $this->expiry( $expire, 'nx' ) );
		} );
		if ( false === $stored ) {
			return false;
		}
		$this->cache[ $group ][ $id ] = $this->copy( $data );
		return true;
	}

	public function add_multiple( array $data, $group = '', $expire = 0 ) {
		return $this->each( 'add', $data, $group, $expire );
	}

	public function replace( $key, $data, $group = '', $expire = 0 ) {
		if ( ! $this->valid_key( $key ) ) {
			return false;
		}
		$group  = $this->group( $group );
		$id     = $this->id( $key, $group );
		$stored = $this->remote( $group, function ( Redis $redis ) use ( $id, $data, $expire ) {
			return $redis->set( $id, $this->encode( $data ), $this->expiry( $expire, 'xx' ) );
		} );
		if ( false === $stored || ( null === $stored && ! $this->in_memory( $id, $group ) ) ) {
			// Whatever the runtime array still holds has expired or been deleted in Redis.
			unset( $this->cache[ $group ][ $id ] );
			return false;
		}
		$this->cache[ $group ][ $id ] = $this->copy( $data );
		return true;
	}

	public function set( $key, $data, $group = '', $expire = 0 ) {
		if ( ! $this->valid_key( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->id( $key, $group );
		$this->remote( $group, function ( Redis $redis ) use ( $id, $data, $expire ) {
			return $redis->set( $id, $this->encode( $data ), $this->expiry( $expire ) );
		} );
		$this->cache[ $group ][ $id ] = $this->copy( $data );
		return true;
	}

	public function set_multiple( array $data, $group = '', $expire = 0 ) {
		return $this->each( 'set', $data, $group, $expire );
	}

	public function get( $key, $group = '', $force = false, &$found = null ) {
		$found = false;
		if ( ! $this->valid_key( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->id( $key, $group );
		if ( $force || ! $this->in_memory( $id, $group ) ) {
			$raw = $this->remote( $group, function ( Redis $redis ) use ( $id ) {
				return $redis->get( $id );
			} );
			$this->take( $group, $id, $raw );
		}
		return $this->lookup( $group, $id, $found );
	}

	public function get_multiple( $keys, $group = '', $force = false ) {
		$group = $this->group( $group );
		$ids   = array();
		foreach ( $keys as $key ) {
			if ( $this->valid_key( $key ) ) {
				$ids[ $key ] = $this->id( $key, $group );
			}
		}
		$wanted = array_values( array_filter( $ids, function ( $id ) use ( $group, $force ) {
			return $force || ! $this->in_memory( $id, $group );
		} ) );
		if ( $wanted ) {
			$raws = $this->remote( $group, function ( Redis $redis ) use ( $wanted ) {
				return $redis->mget( $wanted );
			} );
			foreach ( $wanted as $i => $id ) {
				$this->take( $group, $id, is_array( $raws ) ? $raws[ $i ] : null );
			}
		}
		$values = array();
		foreach ( $keys as $key ) {
			$values[ $key ] = isset( $ids[ $key ] ) ? $this->lookup( $group, $ids[ $key ] ) : false;
		}
		return $values;
	}

	public function delete( $key, $group = '' ) {
		if ( ! $this->valid_key( $key ) ) {
			return false;
		}
		$group   = $this->group( $group );
		$id      = $this->id( $key, $group );
		$existed = $this->in_memory( $id, $group );
		unset( $this->cache[ $group ][ $id ] );
		$deleted = $this->remote( $group, function ( Redis $redis ) use ( $id ) {
			return $redis->unlink( $id );
		} );
		return $existed || $deleted > 0;
	}

	public function delete_multiple( array $keys, $group = '' ) {
		$results = array();
		foreach ( $keys as $key ) {
			$results[ $key ] = $this->delete( $key, $group );
		}
		return $results;
	}

	public function incr( $key, $offset = 1, $group = '' ) {
		return $this->adjust( $key, (int) $offset, $group );
	}

	public function decr( $key, $offset = 1, $group = '' ) {
		return $this->adjust( $key, -(int) $offset, $group );
	}

	public function flush() {
		$this->cache = array();
		return $this->unlink_matching( null, $this->glob( $this->prefix ) . '*' );
	}

	public function flush_runtime() {
		$this->cache = array();
		return true;
	}

	public function flush_group( $group ) {
		unset( $this->cache[ $group ] );
		// Every blog's keys in the group go, as in core. The glob can also
		// match other groups' keys that merely contain ":GROUP:"; the
		// expression keeps only this group's.
		$pattern = $this->glob( $this->prefix ) . '*' . $this->glob( $group ) . ':*';
		$exact   = '/^' . preg_quote( $this->prefix, '/' ) . '(?:[0-9]+:)?' . preg_quote( $group, '/' ) . ':/s';
		return $this->unlink_matching( $group, $pattern, $exact );
	}

	public function add_global_groups( $groups ) {
		$this->global_groups = array_merge( $this->global_groups, array_fill_keys( (array) $groups, true ) );
	}

	public function add_non_persistent_groups( $groups ) {
		$this->non_persistent_groups = array_merge( $this->non_persistent_groups, array_fill_keys( (array) $groups, true ) );
	}

	public function switch_to_blog( $blog_id ) {
		$this->blog_id = (int) $blog_id;
	}

	/** Deprecated since WordPress 3.5; blog IDs are part of every key already. */
	public function reset() {
		foreach ( array_keys( $this->cache ) as $group ) {
			if ( ! isset( $this->global_groups[ $group ] ) ) {
				unset( $this->cache[ $group ] );
			}
		}
	}

	public function stats() {
		echo '<p>';
		echo "<strong>Cache Hits:</strong> {$this->cache_hits} ({$this->redis_hits} from Redis)<br />";
		echo "<strong>Cache Misses:</strong> {$this->cache_misses}<br />";
		echo '<strong>Redis:</strong> ' . htmlspecialchars( $this->redis ? $this->server : 'not in use' ) . '<br />';
		echo '</p><ul>';
		foreach ( $this->cache as $group => $values ) {
			$size = number_format( strlen( serialize( $values ) ) / 1024, 2 );
			echo '<li><strong>Group:</strong> ' . htmlspecialchars( $group ) . " - ( {$size}k )</li>";
		}
		echo '</ul>';
	}

	/**
	 * Adds or sets key by key, so that each result means exactly what it
	 * would alone; over a local socket the extra round trips cost little.
	 */
	private function each( $method, array $data, $group, $expire ) {
		$results = array();
		foreach ( $data as $key => $value ) {
			$results[ $key ] = $this->$method( $key, $value, $group, $expire );
		}
		return $results;
	}

	/** Returns a connected client, or null (having logged why) for memory only. */
	private function connect() {
		$this->prefix = defined( 'SLIPWAY_CACHE_PREFIX' ) ? (string) SLIPWAY_CACHE_PREFIX : '';
		if ( '' === $this->prefix ) {
			// Without a prefix this site's keys could mix with other instances'.
			return $this->give_up( 'SLIPWAY_CACHE_PREFIX is not defined' );
		}
		if ( ! class_exists( 'Redis' ) ) {
			return $this->give_up( 'the phpredis extension is not loaded' );
		}
		if ( defined( 'SLIPWAY_REDIS_SOCKET' ) ) {
			$host         = (string) SLIPWAY_REDIS_SOCKET;
			$port         = 0;
			$this->server = $host;
		} elseif ( defined( 'SLIPWAY_REDIS_HOST' ) ) {
			$host         = (string) SLIPWAY_REDIS_HOST;
			$port         = defined( 'SLIPWAY_REDIS_PORT' ) ? (int) SLIPWAY_REDIS_PORT : 6379;
			$this->server = "$host:$port";
		} else {
			return $this->give_up( 'neither SLIPWAY_REDIS_SOCKET nor SLIPWAY_REDIS_HOST is defined' );
		}
		try {
			$redis = new Redis();
			if ( $redis->connect( $host, $port, self::TIMEOUT ) ) {
				$redis->setOption( Redis::OPT_READ_TIMEOUT, self::TIMEOUT );
				// Otherwise SCAN hands back empty batches mid-way.
				$redis->setOption( Redis::OPT_SCAN, Redis::SCAN_RETRY );
				return $redis;
			}
			$error = 'connect() failed';
		} catch ( RedisException $e ) {
			$error = $e->getMessage();
		}
		return $this->give_up( "cannot connect to Redis at {$this->server}: $error" );
	}

	private function give_up( $reason ) {
		// phpredis' messages can span lines; the log gets one.
		$reason = preg_replace( '/\s+/', ' ', trim( $reason ) );
		error_log( "slipway object cache: $reason; caching in memory for this request" );
		return null;
	}

	/**
	 * Runs $operation on Redis for a persistent $group (null: any). Returns
	 * null when the group is non-persistent or Redis is out of use; a Redis
	 * failure takes it out of use for the rest of the request.
	 */
	private function remote( $group, callable $operation ) {
		if ( ! $this->persistent( $group ) ) {
			return null;
		}
		try {
			return $operation( $this->redis );
		} catch ( RedisException $e ) {
			$this->redis = $this->give_up( "Redis at {$this->server} failed: " . $e->getMessage() );
			return null;
		}
	}

	private function persistent( $group ) {
		return null !== $this->redis && ! ( null !== $group && isset( $this->non_persistent_groups[ $group ] ) );
	}

	/** Applies what Redis answered for $id ($raw: string, false for none, null for no answer). */
	private function take( $group, $id, $raw ) {
		if ( is_string( $raw ) && $this->decode( $raw, $value ) ) {
			$this->cache[ $group ][ $id ] = $value;
			++$this->redis_hits;
		} elseif ( null !== $raw ) {
			unset( $this->cache[ $group ][ $id ] );
		}
	}

	private function lookup( $group, $id, &$found = null ) {
		$found = $this->in_memory( $id, $group );
		if ( ! $found ) {
			++$this->cache_misses;
			return false;
		}
		++$this->cache_hits;
		return $this->copy( $this->cache[ $group ][ $id ] );
	}

	private function adjust( $key, $offset, $group ) {
		if ( ! $this->valid_key( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->id( $key, $group );
		// Read, compute as core does, write back only if nobody wrote in between.
		$value = $this->remote( $group, function ( Redis $redis ) use ( $id, $offset ) {
			for ( $attempt = 0; $attempt < 10; $attempt++ ) {
				$redis->watch( $id );
				$raw = $redis->get( $id );
				if ( ! is_string( $raw ) || ! $this->decode( $raw, $value ) ) {
					$redis->unwatch();
					return false;
				}
				$value = $this->adjusted( $value, $offset );
				if ( false !== $redis->multi()->set( $id, $this->encode( $value ), array( 'KEEPTTL' ) )->exec() ) {
					return $value;
				}
			}
			return false;
		} );
		if ( null === $value ) {
			$value = $this->in_memory( $id, $group ) ? $this->adjusted( $this->cache[ $group ][ $id ], $offset ) : false;
		}
		if ( false === $value ) {
			unset( $this->cache[ $group ][ $id ] );
			return false;
		}
		$this->cache[ $group ][ $id ] = $value;
		return $value;
	}

	/** Core's arithmetic: anything non-numeric counts as 0, and nothing goes below 0. */
	private function adjusted( $value, $offset ) {
		$value = ( is_numeric( $value ) ? $value : 0 ) + $offset;
		return $value < 0 ? 0 : $value;
	}

	/**
	 * Deletes the keys matching glob $pattern and, if given, expression
	 * $exact. Fails only when Redis fails midway, leaving stale values behind.
	 */
	private function unlink_matching( $group, $pattern, $exact = null ) {
		if ( ! $this->persistent( $group ) ) {
			return true;
		}
		return true === $this->remote( $group, function ( Redis $redis ) use ( $pattern, $exact ) {
			$cursor = null;
			while ( false !== ( $keys = $redis->scan( $cursor, $pattern, self::SCAN_COUNT ) ) ) {
				$keys = null === $exact ? $keys : preg_grep( $exact, $keys );
				if ( $keys ) {
					$redis->unlink( array_values( $keys ) );
				}
			}
			return true;
		} );
	}

	private function id( $key, $group ) {
		$blog = isset( $this->global_groups[ $group ] ) ? '' : $this->blog_id . ':';
		return $this->prefix . $blog . $group . ':' . $key;
	}

	private function group( $group ) {
		return empty( $group ) ? 'default' : (string) $group;
	}

	private function in_memory( $id, $group ) {
		return isset( $this->cache[ $group ] ) && array_key_exists( $id, $this->cache[ $group ] );
	}

	private function valid_key( $key ) {
		if ( is_int( $key ) || ( is_string( $key ) && '' !== trim( $key ) ) ) {
			return true;
		}
		if ( function_exists( '_doing_it_wrong' ) ) {
			_doing_it_wrong( __CLASS__, 'Cache key must be an integer or a non-empty string, ' . gettype( $key ) . ' given.', '6.1.0' );
		}
		return false;
	}

	private function expiry( $expire, $condition = null ) {
		$options = null === $condition ? array() : array( $condition );
		if ( (int) $expire > 0 ) {
			$options['ex'] = (int) $expire;
		}
		return $options;
	}

	/** Redis glob patterns treat these characters specially; prefixes and groups mean them literally. */
	private function glob( $text ) {
		return addcslashes( $text, '\\*?[]' );
	}

	private function encode( $value ) {
		return is_int( $value ) ? (string) $value : serialize( $value );
	}

	private function decode( $raw, &$value ) {
		if ( preg_match( '/^-?[0-9]+\z/', $raw ) ) {
			$value = (int) $raw;
			return true;
		}
		// A value this drop-in did not write is a miss, not a notice.
		$value = @unserialize( $raw );
		return false !== $value || 'b:0;' === $raw;
	}

	/** Callers must not change cached objects through what they stored or got back. */
	private function copy( $value ) {
		return is_object( $value ) ? clone $value : $value;
	}
}
