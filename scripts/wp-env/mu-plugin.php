<?php
/**
 * Plugin Name: WordSocket test environment
 * Description: Keeps a test site from calling WordPress.org for updates. Installed by scripts/wp-env.
 */

foreach ( array( 'wp_version_check', 'wp_update_plugins', 'wp_update_themes', 'wp_maybe_auto_update' ) as $wordsocket_env_hook ) {
	remove_action( $wordsocket_env_hook, $wordsocket_env_hook );
}

foreach ( array( '_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes' ) as $wordsocket_env_check ) {
	remove_action( 'admin_init', $wordsocket_env_check );
}

foreach ( array( 'load-plugins.php', 'load-update.php', 'load-update-core.php', 'upgrader_process_complete' ) as $wordsocket_env_screen ) {
	remove_action( $wordsocket_env_screen, 'wp_update_plugins' );
	remove_action( $wordsocket_env_screen, 'wp_update_themes' );
}
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_version_check' );
