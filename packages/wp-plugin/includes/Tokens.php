<?php
/**
 * Browser tokens (docs/protocol.md section 3).
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Mints the HS256 tokens a browser connects with, and the channel keys that go with them.
 *
 * @since 0.1.0
 */
final class Tokens {

	const LIFETIME = 300;

	/**
	 * Mints a token for a user (0 for a visitor), granting the channels they may read.
	 *
	 * `$requested` names channels the page wants beyond the built-in namespaces (a
	 * collaboration room, a plugin's channel); each must pass the grants, or the answer is a
	 * WP_Error (`invalid_channel` 400, `forbidden` 403).
	 *
	 * @since 0.1.0
	 *
	 * @param int      $user_id   User id.
	 * @param string[] $requested Channel names, bare or qualified.
	 * @param int|null $now       Unix time, for tests.
	 * @return array{token:string,expires_at:int,site_id:string,channels:string[],keys:array<string,string>,encryption:int}|WP_Error
	 */
	public static function mint( int $user_id, array $requested = array(), ?int $now = null ) {
		if ( ! Config::is_connected() ) {
			return new WP_Error( 'wpsignal_not_connected', __( 'This site is not connected to a relay.', 'wordsocket' ), array( 'status' => 503 ) );
		}

		$channels = array();
		$publish  = array();
		foreach ( $requested as $name ) {
			$bare = Channels::bare( $name );
			if ( is_wp_error( $bare ) ) {
				return $bare;
			}
			if ( ! Grants::can_read( $user_id, $bare ) ) {
				/* translators: %s: channel name */
				return new WP_Error( 'forbidden', sprintf( __( 'You may not read the channel %s.', 'wordsocket' ), $bare ), array( 'status' => 403 ) );
			}
			$channels[] = $bare;
			if ( Grants::can_publish( $user_id, $bare ) ) {
				$publish[] = $bare;
			}
		}

		/**
		 * Filters the exact channels a token grants beyond the static namespaces. They go into
		 * the `allowed_channels` claim, which grants each name whole (a room for post 4 grants
		 * nothing of post 42), and the page receives their keys.
		 *
		 * @since 0.1.0
		 *
		 * @param string[] $channels Bare channel names.
		 * @param int      $user_id  User id, 0 for a visitor.
		 */
		$channels = self::names( apply_filters( 'wpsignal_token_channels', $channels, $user_id ) );

		/**
		 * Filters the channel prefixes the token may subscribe to.
		 *
		 * @since 0.1.0
		 *
		 * @param string[] $prefixes Bare prefixes.
		 * @param int      $user_id  User id, 0 for a visitor.
		 */
		$prefixes = self::names(
			apply_filters( 'wpsignal_token_channel_prefixes', Grants::static_prefixes( 'read', $user_id ), $user_id )
		);

		/**
		 * Filters the channel prefixes the token may publish to from the browser.
		 *
		 * @since 0.1.0
		 *
		 * @param string[] $prefixes Bare prefixes.
		 * @param int      $user_id  User id, 0 for a visitor.
		 */
		$publish_prefixes = self::names(
			apply_filters( 'wpsignal_token_publish_prefixes', Grants::static_prefixes( 'publish', $user_id ), $user_id )
		);
		$publish = self::names( array_values( array_intersect( $publish, $channels ) ) );

		$now    = $now ?? time();
		$claims = array(
			'site_id'                  => Config::site_id(),
			'tenant_id'                => Config::tenant_id(),
			'user_id'                  => (string) $user_id,
			'allowed_channel_prefixes' => $prefixes,
			'allowed_channels'         => $channels,
			'v'                        => 2,
			'allowed_publish_prefixes' => $publish_prefixes,
			'allowed_publish_channels' => $publish,
			'iat'                      => $now,
			'exp'                      => $now + self::LIFETIME,
		);

		return array(
			'token'      => Jwt::encode( $claims, Config::jwt_secret() ),
			'expires_at' => $claims['exp'],
			'site_id'    => $claims['site_id'],
			'channels'   => $channels,
			'keys'       => self::keys( array_merge( Grants::static_prefixes( 'read', $user_id ), $channels ) ),
			'encryption' => Config::encryption_version(),
		);
	}

	/**
	 * Base64 keys for channels the caller has already cleared: with v2 one per whole channel
	 * name (prefixes that end in `:` and the empty prefix name no single channel and get none);
	 * with v1 the site-wide key under `*`. A collaboration room (`yjs:`) always gets its own v2
	 * key under its name, whatever version events use: rooms are sealed with it, never with the
	 * site-wide key that every reader of any channel holds on v1.
	 *
	 * @param string[] $names Bare channel names.
	 * @return array<string,string>
	 */
	public static function keys( array $names ): array {
		$keys = array();
		$v1   = 1 === Config::encryption_version();
		foreach ( array_unique( $names ) as $bare ) {
			if ( '' === $bare || ':' === substr( $bare, -1 ) ) {
				continue;
			}
			if ( $v1 && ! Channels::is_room( $bare ) ) {
				$keys['*'] = $keys['*'] ?? base64_encode( Crypto::key_for( $bare, 1 ) );
			} else {
				$keys[ $bare ] = base64_encode( Crypto::key_for( $bare, 2 ) );
			}
		}

		return $keys;
	}

	/**
	 * Strings only, bare, unique, in order.
	 *
	 * @param mixed $names Whatever a filter returned.
	 * @return string[]
	 */
	private static function names( $names ): array {
		$clean = array();
		foreach ( is_array( $names ) ? $names : array() as $name ) {
			$bare = is_string( $name ) && 0 === strpos( $name, 'site:' ) ? Channels::bare( $name ) : $name;
			if ( is_string( $bare ) && ! in_array( $bare, $clean, true ) ) {
				$clean[] = $bare;
			}
		}

		return $clean;
	}
}
