<?php
/**
 * The React admin app on Settings › WordSocket.
 *
 * @package WPSignal
 */

namespace WPSignal\Admin;

use WPSignal\Admin_Page;
use WPSignal\Assets\Assets;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Loads the admin app (`wpsignal-admin`, built from js/admin) into the page's `#wordsocket-admin`
 * mount point, with the components' styles and the client it uses for the live event log.
 *
 * @since 0.1.0
 */
final class Admin_App {

	/**
	 * Hooks in.
	 */
	public static function register(): void {
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
		add_action( 'rest_api_init', array( Admin_Controller::class, 'register_routes' ) );
	}

	/**
	 * Enqueues the app on its own page only.
	 *
	 * @param string $hook_suffix The admin page's hook suffix.
	 */
	public static function enqueue( $hook_suffix ): void {
		if ( 'settings_page_' . Admin_Page::SLUG !== $hook_suffix || ! current_user_can( 'manage_options' ) ) {
			return;
		}

		$asset = is_readable( WPSIGNAL_DIR . 'build/admin.asset.php' ) ? require WPSIGNAL_DIR . 'build/admin.asset.php' : array();
		wp_enqueue_style( Assets::ADMIN, plugins_url( 'build/admin.css', WPSIGNAL_FILE ), array( 'wp-components' ), $asset['version'] ?? WPSIGNAL_VERSION );
		wp_enqueue_script( Assets::ADMIN );
		wp_add_inline_script(
			Assets::ADMIN,
			'window.wpSignalAdmin = ' . wp_json_encode(
				array(
					'pageUrl'   => admin_url( 'options-general.php?page=' . Admin_Page::SLUG ),
					'siteUrl'   => home_url( '/' ),
					'siteName'  => get_bloginfo( 'name' ),
					'postTypes' => self::post_types(),
				)
			) . ';',
			'before'
		);
	}

	/**
	 * Public post types, for the trigger builder's choices.
	 *
	 * @return array<int,array{name:string,label:string}>
	 */
	private static function post_types(): array {
		$types = array();
		foreach ( get_post_types( array( 'public' => true ), 'objects' ) as $type ) {
			if ( 'attachment' !== $type->name ) {
				$types[] = array(
					'name'  => $type->name,
					'label' => $type->labels->singular_name,
				);
			}
		}

		return $types;
	}
}
