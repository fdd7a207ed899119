<?php
/**
 * What the suite's site needs committed before the suite starts.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Publisher;

/**
 * Test credentials pointing the site at the capture listener, and the extension fixture plugin
 * activated. Kept free of PHPUnit so tests/fixtures/install.php can run it in a process of its
 * own before the suite's WordPress loads (a plugin activated mid-request misses `plugins_loaded`
 * and so `wpsignal_loaded`).
 */
final class Fixtures {

	const SITE_KEY       = '5f1c0c3e9a7b4d2e8f6a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e';
	const PUBLISH_SECRET = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d';
	const JWT_SECRET     = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
	const CAPTURE_PORT   = 8895;
	const PLUGIN         = 'wordsocket-extension/wordsocket-extension.php';

	public static function capture_url(): string {
		return 'http://127.0.0.1:' . self::CAPTURE_PORT;
	}

	/**
	 * Writes the credentials, clears what earlier runs left, activates the fixture plugin.
	 * Returns an error message, or '' when all went well.
	 */
	public static function install(): string {
		Config::save_credentials( self::capture_url(), self::SITE_KEY, self::PUBLISH_SECRET, self::JWT_SECRET );
		delete_option( Config::ENCRYPTION );
		delete_option( Publisher::QUEUE_OPTION );
		delete_option( Publisher::STATUS_OPTION );
		delete_option( 'wordsocket_fixture_allow_client' );

		$link = WP_CONTENT_DIR . '/plugins/wordsocket-extension';
		if ( ! file_exists( $link ) ) {
			symlink( dirname( __DIR__ ) . '/fixtures/wordsocket-extension', $link );
		}

		if ( ! function_exists( 'activate_plugin' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$result = activate_plugin( self::PLUGIN );

		return is_wp_error( $result ) ? 'could not activate the extension fixture: ' . $result->get_error_message() : '';
	}
}
