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
	 * @return Trigger[]
	 */
	public static function all(): array {
		return self::$triggers;
	}
}
