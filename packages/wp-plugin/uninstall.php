<?php
/**
 * Deletes the plugin's data when the plugin is deleted from wp-admin.
 *
 * @package WPSignal
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/autoload.php';

WPSignal\Uninstaller::run();
