<?php
/**
 * Wires the plugin's parts to WordPress.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WPSignal\Events\Comment_Events;
use WPSignal\Events\Option_Events;
use WPSignal\Events\Post_Events;
use WPSignal\Rest\Connection_Controller;
use WPSignal\Rest\Token_Controller;
use WPSignal\Rest\Triggers_Controller;

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
		add_action( 'rest_api_init', array( Triggers_Controller::class, 'register_routes' ) );
		add_action( 'rest_api_init', array( Connection_Controller::class, 'register_routes' ) );
		add_action( 'admin_menu', array( Admin_Page::class, 'register' ) );
		add_action( 'admin_init', array( Connect::class, 'handle_callback' ) );
		add_action( Publisher::RETRY_HOOK, array( Publisher::class, 'retry' ) );
		add_action( 'admin_notices', array( Notices::class, 'render' ) );

		Post_Events::register();
		Comment_Events::register();
		Option_Events::register();
		Assets\Assets::register();
		Admin\Admin_App::register();
		Collaboration\Collaboration::register();
		add_action( 'rest_api_init', array( Rest\Keys_Controller::class, 'register_routes' ) );
		add_action( 'init', array( Custom_Triggers::class, 'register_all' ), 100 );

		add_action( 'plugins_loaded', array( self::class, 'loaded' ) );
	}

	/**
	 * Tells extensions the API is ready.
	 */
	public static function loaded(): void {
		/**
		 * Fires once WordSocket is loaded; register triggers with `WPS::trigger()` here.
		 *
		 * @since 0.1.0
		 */
		do_action( 'wpsignal_loaded' );
	}
}
