<?php
/**
 * Admin notices.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Tells administrators when the last delivery to the relay failed.
 *
 * @since 0.1.0
 */
final class Notices {

	/**
	 * `admin_notices` callback.
	 */
	public static function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}

		$status = Publisher::status();
		if ( empty( $status ) || ! empty( $status['ok'] ) ) {
			return;
		}

		$queued = get_option( Publisher::QUEUE_OPTION, array() );
		printf(
			'<div class="notice notice-error"><p><strong>%1$s</strong> %2$s %3$s</p></div>',
			esc_html__( 'WordSocket could not deliver events to the relay.', 'wordsocket' ),
			esc_html( (string) ( $status['message'] ?? '' ) ),
			esc_html(
				sprintf(
					/* translators: %d: number of events waiting */
					_n( '%d event is waiting to be retried.', '%d events are waiting to be retried.', is_array( $queued ) ? count( $queued ) : 0, 'wordsocket' ),
					is_array( $queued ) ? count( $queued ) : 0
				)
			)
		);
	}
}
