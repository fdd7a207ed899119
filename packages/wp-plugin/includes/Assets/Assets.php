<?php
/**
 * The plugin's scripts.
 *
 * @package WPSignal
 */

namespace WPSignal\Assets;

use WPSignal\Config;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the built bundles (build/*.js with their *.asset.php), enqueues the client on the
 * front end for users who may use it, and completes `window.wpSignalConfig` before the `wpsignal`
 * script wherever it ends up printed, also when another plugin's script pulled it in.
 *
 * @since 0.1.0
 */
final class Assets {

	const CLIENT        = 'wpsignal';
	const COLLABORATION = 'wpsignal-collaboration';
	const ADMIN         = 'wpsignal-admin';

	/** @var bool */
	private static $configured = false;

	/**
	 * Hooks the scripts in.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'register_scripts' ) );
		add_action( 'wp_enqueue_scripts', array( self::class, 'enqueue_front' ) );
		add_filter( 'print_scripts_array', array( self::class, 'attach_config' ) );
	}

	/**
	 * Registers the three bundles that are built.
	 */
	public static function register_scripts(): void {
		self::register_bundle( self::CLIENT, 'wpsignal' );
		self::register_bundle( self::COLLABORATION, 'collaboration' );
		self::register_bundle( self::ADMIN, 'admin' );
		wp_set_script_translations( self::ADMIN, 'wordsocket', WPSIGNAL_DIR . 'languages' );
	}

	/**
	 * Enqueues the client on the front end when the site is connected and the visitor may get a
	 * token.
	 */
	public static function enqueue_front(): void {
		if ( Config::is_connected() && Client_Config::allowed() ) {
			wp_enqueue_script( self::CLIENT );
		}
	}

	/**
	 * Adds the configuration before `wpsignal` once it is known to be printed.
	 *
	 * @param string[] $handles Handles about to be printed.
	 * @return string[]
	 */
	public static function attach_config( $handles ) {
		if ( ! self::$configured && is_array( $handles ) && in_array( self::CLIENT, $handles, true ) ) {
			self::$configured = true;
			wp_add_inline_script( self::CLIENT, 'window.wpSignalConfig = Object.assign( window.wpSignalConfig || {}, ' . wp_json_encode( Client_Config::build() ) . ' );', 'before' );
		}

		return $handles;
	}

	/**
	 * Registers one bundle from build/, if it was built.
	 *
	 * @param string $handle Script handle.
	 * @param string $name   File name in build/ without `.js`.
	 */
	private static function register_bundle( string $handle, string $name ): bool {
		$asset_file = WPSIGNAL_DIR . 'build/' . $name . '.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			return false;
		}

		$asset = require $asset_file;

		return wp_register_script(
			$handle,
			plugins_url( 'build/' . $name . '.js', WPSIGNAL_FILE ),
			isset( $asset['dependencies'] ) ? (array) $asset['dependencies'] : array(),
			isset( $asset['version'] ) ? (string) $asset['version'] : WPSIGNAL_VERSION,
			array( 'in_footer' => true )
		);
	}
}
