<?php
/**
 * Removes everything the plugin stored.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Run by uninstall.php when the plugin is deleted: every option, transient and scheduled event
 * the plugin wrote goes. (Deactivating keeps them, so reactivating keeps the connection.)
 *
 * @since 0.1.0
 */
final class Uninstaller {

	/**
	 * Deletes the plugin's data.
	 */
	public static function run(): void {
		global $wpdb;

		foreach ( Config::OPTIONS as $name ) {
			delete_option( $name );
		}

		$like  = $wpdb->esc_like( 'wpsignal_' ) . '%';
		$names = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$like,
				$wpdb->esc_like( '_transient_wpsignal_' ) . '%',
				$wpdb->esc_like( '_transient_timeout_wpsignal_' ) . '%'
			)
		);
		foreach ( $names as $name ) {
			delete_option( $name );
		}

		wp_clear_scheduled_hook( Publisher::RETRY_HOOK );
	}
}
