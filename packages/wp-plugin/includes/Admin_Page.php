<?php
/**
 * The settings page the admin app mounts into.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Settings › WordSocket: a mount point for the admin app (`#wordsocket-admin`) with the
 * connection state as plain text underneath, so the page says something without JavaScript.
 *
 * @since 0.1.0
 */
final class Admin_Page {

	const SLUG = 'wordsocket';

	/**
	 * `admin_menu` callback.
	 */
	public static function register(): void {
		add_options_page(
			__( 'WordSocket', 'wordsocket' ),
			__( 'WordSocket', 'wordsocket' ),
			'manage_options',
			self::SLUG,
			array( self::class, 'render' )
		);
	}

	/**
	 * Prints the page.
	 */
	public static function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}

		$outcome = isset( $_GET['wpsignal-connected'] ) ? sanitize_key( wp_unslash( $_GET['wpsignal-connected'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$status  = Config::is_connected()
			/* translators: %s: relay URL */
			? sprintf( __( 'Connected to %s.', 'wordsocket' ), Config::relay_url() )
			: __( 'Not connected to a relay.', 'wordsocket' );

		echo '<div class="wrap"><h1>' . esc_html__( 'WordSocket', 'wordsocket' ) . '</h1>';
		if ( '' !== $outcome ) {
			$ok = 'connected' === $outcome;
			printf(
				'<div class="notice %1$s"><p>%2$s</p></div>',
				esc_attr( $ok ? 'notice-success' : 'notice-error' ),
				esc_html(
					$ok
						? __( 'The site is connected.', 'wordsocket' )
						/* translators: %s: error code */
						: sprintf( __( 'The connection failed (%s).', 'wordsocket' ), $outcome )
				)
			);
		}
		echo '<div id="wordsocket-admin"><p>' . esc_html( $status ) . '</p></div></div>';
	}
}
