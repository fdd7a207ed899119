<?php
/**
 * Built-in trigger: chosen options updated.
 *
 * @package WPSignal
 */

namespace WPSignal\Events;

use WPSignal\Config;
use WPSignal\WPS;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Publishes `option.updated` on the `options` channel (administrators only, by default) when an
 * option the owner chose is added or changed. The plugin's own options and WordPress's secrets
 * are never published, whatever the list says.
 *
 * @since 0.1.0
 */
final class Option_Events {

	const CHANNEL = 'options';

	/**
	 * Options that hold secrets.
	 *
	 * @var string[]
	 */
	const NEVER = array( 'auth_key', 'auth_salt', 'logged_in_key', 'logged_in_salt', 'nonce_key', 'nonce_salt', 'secure_auth_key', 'secure_auth_salt', 'secret_key', 'mailserver_pass', 'mailserver_login', 'recovery_keys', 'recovery_mode_email_last_sent', 'cron', 'user_roles' );

	/**
	 * Registers the trigger on `updated_option` and `added_option`.
	 */
	public static function register(): void {
		WPS::trigger( 'option.updated' )
			->on( 'updated_option', 10, 3 )
			->channel( self::CHANNEL )
			->when(
				static function ( $name, $old, $value ) {
					return self::is_watched( (string) $name ) && $old !== $value;
				}
			)
			->data(
				static function ( $name, $old, $value ) {
					return array(
						'option' => $name,
						'value'  => $value,
					);
				}
			)
			->register();

		WPS::trigger( 'option.updated' )
			->on( 'added_option', 10, 2 )
			->channel( self::CHANNEL )
			->when(
				static function ( $name ) {
					return self::is_watched( (string) $name );
				}
			)
			->data(
				static function ( $name, $value ) {
					return array(
						'option' => $name,
						'value'  => $value,
					);
				}
			)
			->register();
	}

	/**
	 * Whether an option is chosen and may be published.
	 *
	 * @param string $name Option name.
	 */
	public static function is_watched( string $name ): bool {
		return self::may_watch( $name ) && in_array( $name, Config::watched_options(), true );
	}

	/**
	 * Whether an option may ever be published: not the plugin's own, not a secret, not a
	 * transient.
	 *
	 * @param string $name Option name.
	 */
	public static function may_watch( string $name ): bool {
		return '' !== $name && 0 !== strpos( $name, 'wpsignal_' ) && 0 !== strpos( $name, '_transient' )
			&& 0 !== strpos( $name, '_site_transient' ) && ! in_array( $name, self::NEVER, true );
	}
}
