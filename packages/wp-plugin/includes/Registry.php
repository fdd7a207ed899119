<?php
/**
 * The registered triggers.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Remembers every registered trigger, for the Explorer.
 *
 * @since 0.1.0
 */
final class Registry {

	/** @var Trigger[] */
	private static $triggers = array();

	/**
	 * @param Trigger $trigger A registered trigger.
	 */
	public static function add( Trigger $trigger ): void {
		self::$triggers[] = $trigger;
	}

	/**
	 * @param Trigger $trigger A trigger being unregistered.
	 */
	public static function remove( Trigger $trigger ): void {
		self::$triggers = array_values(
			array_filter(
				self::$triggers,
				static function ( $known ) use ( $trigger ) {
					return $known !== $trigger;
				}
			)
		);
	}

	/**
	 * @return Trigger[]
	 */
	public static function all(): array {
		return self::$triggers;
	}
}
