<?php
/**
 * The browser client: script handle `wpsignal` and `window.wpSignalConfig`.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the bundled client (built by the JS build into `build/wpsignal.js`, with its
 * dependencies in `build/wpsignal.asset.php`) and prints its configuration before it. Pages get
 * keys only for the channels their user may read; the token comes from the REST route.
 *
 * @since 0.1.0
 */
final class Assets {

	const HANDLE = 'wpsignal';

	/**
	 * Registers and, where the user may connect, enqueues the client.
	 */
	public static function enqueue(): void {
		if ( ! Config::is_connected() || ! self::register() ) {
			return;
		}

		$user_id = get_current_user_id();

		/** This filter is documented in includes/Rest/Token_Controller.php */
		if ( 0 === $user_id && true !== apply_filters( 'wpsignal_allow_client', false, null ) ) {
			return;
		}

		wp_add_inline_script( self::HANDLE, 'window.wpSignalConfig = ' . wp_json_encode( self::config( $user_id ) ) . ';', 'before' );
		wp_enqueue_script( self::HANDLE );
	}

	/**
	 * Registers the script from the build folder; false when there is no build.
	 */
	public static function register(): bool {
		if ( wp_script_is( self::HANDLE, 'registered' ) ) {
			return true;
		}

		$dir = WPSIGNAL_DIR . 'build/';
		if ( ! is_file( $dir . 'wpsignal.js' ) ) {
			return false;
		}

		$asset = is_file( $dir . 'wpsignal.asset.php' ) ? require $dir . 'wpsignal.asset.php' : array();
		$asset = is_array( $asset ) ? $asset : array();

		return wp_register_script(
			self::HANDLE,
			plugins_url( 'build/wpsignal.js', WPSIGNAL_FILE ),
			isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array(),
			isset( $asset['version'] ) && is_string( $asset['version'] ) ? $asset['version'] : WPSIGNAL_VERSION,
			array( 'in_footer' => true )
		);
	}

	/**
	 * What the page's client needs: where the relay and the token route are, the nonce, and the
	 * keys of the channels the user may read. Never a secret.
	 *
	 * @param int $user_id User id, 0 for a visitor.
	 * @return array<string,mixed>
	 */
	public static function config( int $user_id ): array {
		$readable = Grants::static_prefixes( 'read', $user_id );

		/** This filter is documented in includes/Tokens.php */
		$channels = apply_filters( 'wpsignal_token_channels', array(), $user_id );
		$channels = is_array( $channels ) ? array_values( array_filter( $channels, 'is_string' ) ) : array();
		$names    = array_values( array_unique( array_merge( $readable, $channels ) ) );

		return array(
			'relayUrl'   => Config::relay_url(),
			'siteId'     => Config::site_id(),
			'tokenUrl'   => rest_url( Rest\Token_Controller::NAMESPACE . '/token' ),
			'nonce'      => 0 === $user_id ? '' : wp_create_nonce( 'wp_rest' ),
			'userId'     => (string) $user_id,
			'channels'   => array_values(
				array_filter(
					$names,
					static function ( $name ) {
						return '' !== $name && ':' !== substr( $name, -1 );
					}
				)
			),
			'keys'       => Tokens::keys( $names ),
			'encryption' => Config::encryption_version(),

			/**
			 * Filters whether the client skips WebSocket and uses Server-Sent Events.
			 *
			 * @since 0.1.0
			 *
			 * @param bool $force False by default.
			 */
			'forceSse'   => (bool) apply_filters( 'wpsignal_force_sse', false ),
			'version'    => WPSIGNAL_VERSION,
		);
	}
}
