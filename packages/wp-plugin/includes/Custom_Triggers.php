<?php
/**
 * Custom trigger rows.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Triggers an admin defines without code, stored as rows in one option.
 *
 * @since 0.1.0
 */
final class Custom_Triggers {

	const OPTION = 'wpsignal_custom_triggers';
}
