<?php
/**
 * Channel names (docs/protocol.md section 2).
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Checks and converts channel names between the bare form (`posts`) and the qualified form
 * (`site:{site_id}:posts`).
 *
 * @since 0.1.0
 */
final class Channels {

	const MAX_BYTES = 200;

	/**
	 * Prefix of collaboration rooms (docs/protocol.md section 11).
	 */
	const ROOM_PREFIX = 'yjs:';

	/**
	 * The bare form of a channel name, or a WP_Error `invalid_channel` (status 400) when the name
	 * is empty, longer than 200 bytes, holds whitespace or control characters, names another
	 * site or has a malformed `site:` prefix.
	 *
	 * @param mixed $channel A channel name, bare or qualified.
	 * @return string|WP_Error
	 */
	public static function bare( $channel ) {
		if ( ! is_string( $channel ) ) {
			return self::invalid( 'the channel name is not a string' );
		}

		$bare = $channel;
		if ( 1 === preg_match( '/^site:([0-9a-f]{64}):/', $channel, $match ) ) {
			if ( ! hash_equals( Config::site_id(), $match[1] ) ) {
				return new WP_Error( 'forbidden', __( 'The channel belongs to another site.', 'wordsocket' ), array( 'status' => 403 ) );
			}
			$bare = substr( $channel, 70 );
		}

		if ( '' === $bare ) {
			return self::invalid( 'the channel name is empty' );
		}
		if ( 0 === strpos( $bare, 'site:' ) ) {
			return self::invalid( 'the channel name has a malformed site: prefix' );
		}
		if ( strlen( $bare ) > self::MAX_BYTES ) {
			return self::invalid( 'the channel name is longer than 200 bytes' );
		}
		if ( 1 !== preg_match( '//u', $bare ) || 1 === preg_match( '/[\p{Cc}\p{Z}\x{FEFF}]/u', $bare ) ) {
			return self::invalid( 'the channel name holds whitespace, a control character or invalid UTF-8' );
		}

		return $bare;
	}

	/**
	 * The qualified form `site:{site_id}:{bare}` of a valid bare name.
	 *
	 * @param string $bare A bare channel name.
	 */
	public static function qualify( string $bare ): string {
		return 'site:' . Config::site_id() . ':' . $bare;
	}

	/**
	 * Whether a bare channel name starts with one of the prefixes (the empty prefix grants all).
	 *
	 * @param string   $bare     A bare channel name.
	 * @param string[] $prefixes Allowed prefixes.
	 */
	public static function matches( string $bare, array $prefixes ): bool {
		foreach ( $prefixes as $prefix ) {
			if ( '' === $prefix || 0 === strpos( $bare, $prefix ) ) {
				return true;
			}
		}

		return false;
	}

	/**
	 * Whether a bare channel name is a collaboration room, which is always sealed with its own
	 * v2 key.
	 *
	 * @param string $bare A bare channel name.
	 */
	public static function is_room( string $bare ): bool {
		return 0 === strpos( $bare, self::ROOM_PREFIX );
	}

	/**
	 * @param string $reason Why the name is refused.
	 */
	private static function invalid( string $reason ): WP_Error {
		return new WP_Error( 'invalid_channel', $reason, array( 'status' => 400 ) );
	}
}
