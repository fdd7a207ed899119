<?php
/**
 * Plugin Name:       WordSocket
 * Plugin URI:        https://github.com/wordsocket/wordsocket
 * Description:       Realtime events from WordPress to browsers over WebSocket, end-to-end encrypted, and a transport for the block editor's collaboration.
 * Version:           0.1.0
 * Requires at least: 6.2
 * Requires PHP:      7.4
 * Author:            WordSocket
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       wordsocket
 * Domain Path:       /languages
 *
 * @package WPSignal
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'WPSIGNAL_VERSION', '0.1.0' );
define( 'WPSIGNAL_FILE', __FILE__ );
define( 'WPSIGNAL_DIR', __DIR__ . '/' );

require_once __DIR__ . '/includes/autoload.php';

if ( ! class_exists( 'WPS', false ) ) {
	class_alias( WPSignal\WPS::class, 'WPS' );
}

WPSignal\Plugin::boot();
