<?php
/**
 * Wires the plugin's parts to WordPress.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WPSignal\Rest\Token_Controller;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The plugin's entry point: registers every hook once.
 *
 * @since 0.1.0
 */
final class Plugin {

	/** @var bool */
	private static $booted = false;

	/**
	 * Registers the plugin's hooks. Safe to call more than once.
	 *
	 * @since 0.1.0
	 */
	public static function boot(): void {
		if ( self::$booted ) {
			return;
		}
		self::$booted = true;

		Grants::register_defaults();

		add_action( 'rest_api_init', array( Token_Controller::class, 'register_routes' ) );
		add_action( Publisher::RETRY_HOOK, array( Publisher::class, 'retry' ) );
		add_action( 'admin_notices', array( Notices::class, 'render' ) );
	}
}
