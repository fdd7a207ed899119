<?php
/**
 * The public PHP API, also available as the global class `WPS`.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * `WPS::trigger()` and `WPS::publish()`: what extensions are written against. Use them from the
 * `wpsignal_loaded` action, which fires once the plugin is ready.
 *
 * @since 0.1.0
 */
final class WPS {

	/**
	 * Starts a trigger for an event; finish it with `->register()`.
	 *
	 * @since 0.1.0
	 *
	 * @param string $event Event name.
	 */
	public static function trigger( string $event ): Trigger {
		return new Trigger( $event );
	}

	/**
	 * Publishes one event now (sent after the response).
	 *
	 * @since 0.1.0
	 *
	 * @param string $channel Channel, bare or qualified.
	 * @param string $event   Event name.
	 * @param mixed  $data    Any JSON-encodable value.
	 * @return true|\WP_Error
	 */
	public static function publish( string $channel, string $event, $data = null ) {
		return Publisher::publish( $channel, $event, $data );
	}

	/**
	 * Every registered trigger, described.
	 *
	 * @since 0.1.0
	 *
	 * @return array<int,array<string,mixed>>
	 */
	public static function triggers(): array {
		return array_map(
			static function ( Trigger $trigger ) {
				return $trigger->describe();
			},
			Registry::all()
		);
	}
}
