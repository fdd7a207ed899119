<?php
/**
 * Class loader for the plugin's `WPSignal\` namespace: `WPSignal\Rest\Token_Controller`
 * lives in `includes/Rest/Token_Controller.php`.
 *
 * @package WPSignal
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

spl_autoload_register(
	static function ( string $class_name ): void {
		if ( 0 !== strpos( $class_name, 'WPSignal\\' ) ) {
			return;
		}

		$relative = str_replace( '\\', '/', substr( $class_name, strlen( 'WPSignal\\' ) ) );
		$file     = __DIR__ . '/' . $relative . '.php';

		if ( is_file( $file ) ) {
			require $file;
		}
	}
);
