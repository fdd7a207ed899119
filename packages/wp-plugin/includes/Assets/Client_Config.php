<?php
/**
 * What the browser client is told about the site: `window.wpSignalConfig`.
 *
 * @package WPSignal
 */

namespace WPSignal\Assets;

use WP_REST_Request;
use WPSignal\Config;
use WPSignal\Grants;
use WPSignal\Tokens;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Builds the configuration of the `wpsignal` script for the current user. It holds URLs, the REST
 * nonce, channel names and the keys of the channels this user may read; never the jwt_secret,
 * the publish_secret or the encryption seed.
 *
 * @since 0.1.0
 */
final class Client_Config {

	/**
	 * Channels this page's first token asks for beyond the static grants (see `grant()`).
	 *
	 * @var string[]
	 */
	private static $granted = array();

	/**
	 * Asks for a channel in the page's first token, so that a channel the page will surely use
	 * (the collaboration room of the post being edited) needs no second connection. Ignored when
	 * the current user may not read it.
	 *
	 * @since 0.1.0
	 *
	 * @param string $bare Bare channel name.
	 */
	public static function grant( string $bare ): void {
		if ( Grants::can_read( get_current_user_id(), $bare ) && ! in_array( $bare, self::$granted, true ) ) {
			self::$granted[] = $bare;
		}
	}

	/**
	 * Whether the current visitor may use the client: logged-in users always, visitors when
	 * `wpsignal_allow_client` opens the token route to them.
	 *
	 * @since 0.1.0
	 */
	public static function allowed(): bool {
		if ( is_user_logged_in() ) {
			return true;
		}

		/** This filter is documented in includes/Rest/Token_Controller.php */
		return true === apply_filters( 'wpsignal_allow_client', false, new WP_REST_Request( 'POST', '/wpsignal/v1/token' ) );
	}

	/**
	 * The prefixes a token of this user grants without asking for more: the static grants and the
	 * channels added by `wpsignal_token_channels`, through `wpsignal_token_channel_prefixes`.
	 *
	 * @since 0.1.0
	 *
	 * @param int $user_id User id, 0 for a visitor.
	 * @return array{channels:string[],prefixes:string[]}
	 */
	public static function grants( int $user_id ): array {
		/** This filter is documented in includes/Tokens.php */
		$channels = apply_filters( 'wpsignal_token_channels', array(), $user_id );
		$channels = array_values( array_filter( is_array( $channels ) ? $channels : array(), 'is_string' ) );

		/** This filter is documented in includes/Tokens.php */
		$prefixes = apply_filters( 'wpsignal_token_channel_prefixes', Grants::static_prefixes( 'read', $user_id ), $user_id );
		$prefixes = array_values( array_unique( array_filter( is_array( $prefixes ) ? $prefixes : array(), 'is_string' ) ) );

		return array(
			'channels' => $channels,
			'prefixes' => $prefixes,
		);
	}

	/**
	 * The configuration for the current user.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string,mixed>
	 */
	public static function build(): array {
		$user_id   = get_current_user_id();
		$connected = Config::is_connected();
		$grants    = $connected ? self::grants( $user_id ) : array(
			'channels' => array(),
			'prefixes' => array(),
		);

		$whole = array_values(
			array_unique(
				array_filter(
					array_merge( $grants['prefixes'], $grants['channels'] ),
					static function ( $prefix ) {
						return '' !== $prefix && ':' !== substr( $prefix, -1 ) && 0 !== strpos( $prefix, 'yjs:' );
					}
				)
			)
		);

		/**
		 * Filters the channels the page subscribes to as soon as `window.WPS` loads. By default,
		 * every whole channel the user may read without asking (`posts`, `comments`, ...).
		 *
		 * @since 0.1.0
		 *
		 * @param string[] $channels Bare channel names.
		 * @param int      $user_id  User id, 0 for a visitor.
		 */
		$subscribe = apply_filters( 'wpsignal_client_channels', $whole, $user_id );

		return array(
			'relayUrl' => $connected ? Config::relay_url() : '',
			'siteId'   => $connected ? Config::site_id() : '',
			'userId'   => $user_id,
			'tokenUrl' => rest_url( 'wpsignal/v1/token' ),
			'keysUrl'  => rest_url( 'wpsignal/v1/keys' ),
			'ajaxUrl'  => is_user_logged_in() ? admin_url( 'admin-ajax.php' ) : '',
			'nonce'    => wp_create_nonce( 'wp_rest' ),
			'channels' => $connected ? array_values( array_filter( (array) $subscribe, 'is_string' ) ) : array(),
			'prefixes' => $connected ? $grants['prefixes'] : array(),
			'exact'    => $connected ? $grants['channels'] : array(),
			'grant'    => $connected ? self::$granted : array(),
			'keys'     => $connected ? (object) Tokens::keys( array_merge( $whole, self::$granted ) ) : new \stdClass(),
			'forceSse' => self::force_sse(),
		);
	}

	/**
	 * Whether the client must use Server-Sent Events only.
	 *
	 * @since 0.1.0
	 */
	public static function force_sse(): bool {
		/**
		 * Filters whether browsers skip WebSocket and use Server-Sent Events, for testing the
		 * fallback or for hosts whose proxies break WebSocket upgrades.
		 *
		 * @since 0.1.0
		 *
		 * @param bool $force False by default.
		 */
		return true === apply_filters( 'wpsignal_force_sse', false );
	}
}
