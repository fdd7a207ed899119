<?php
/**
 * Settings and credentials.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads the plugin's settings. Each credential is an option, and a constant of the same name in
 * upper case (`WPSIGNAL_SITE_KEY` for `wpsignal_site_key`) overrides it, so a host can keep
 * secrets in wp-config.php.
 *
 * @since 0.1.0
 */
final class Config {

	const RELAY_URL      = 'wpsignal_relay_url';
	const SITE_KEY       = 'wpsignal_site_key';
	const PUBLISH_SECRET = 'wpsignal_publish_secret';
	const JWT_SECRET     = 'wpsignal_jwt_secret';
	const ENCRYPTION     = 'wpsignal_encryption_version';
	const WATCHED        = 'wpsignal_watched_options';
	const COLLABORATION  = 'wpsignal_collaboration';
	const RELAY_BLIND    = 'wpsignal_relay_blind_collaboration';

	/**
	 * Every option the plugin writes, for uninstall.
	 *
	 * @var string[]
	 */
	const OPTIONS = array(
		self::RELAY_URL,
		self::SITE_KEY,
		self::PUBLISH_SECRET,
		self::JWT_SECRET,
		self::ENCRYPTION,
		self::WATCHED,
		self::COLLABORATION,
		self::RELAY_BLIND,
		Publisher::QUEUE_OPTION,
		Publisher::STATUS_OPTION,
		Custom_Triggers::OPTION,
	);

	/**
	 * The relay's base URL without a trailing slash, or '' when none is set.
	 */
	public static function relay_url(): string {
		return untrailingslashit( self::read( self::RELAY_URL ) );
	}

	/**
	 * The site's public `site_key`, or '' when not connected.
	 */
	public static function site_key(): string {
		return self::read( self::SITE_KEY );
	}

	/**
	 * The HMAC key for calls to the relay, or ''.
	 */
	public static function publish_secret(): string {
		return self::read( self::PUBLISH_SECRET );
	}

	/**
	 * The HS256 key for browser tokens, or ''.
	 */
	public static function jwt_secret(): string {
		return self::read( self::JWT_SECRET );
	}

	/**
	 * Whether the relay URL and all three credentials are set.
	 */
	public static function is_connected(): bool {
		return '' !== self::relay_url() && '' !== self::site_key()
			&& '' !== self::publish_secret() && '' !== self::jwt_secret();
	}

	/**
	 * `sha256hex("site:" + site_key)`: names the site inside channel names.
	 */
	public static function site_id(): string {
		return hash( 'sha256', 'site:' . self::site_key() );
	}

	/**
	 * `sha256hex("tenant:" + site_key)`: the token's `tenant_id` claim.
	 */
	public static function tenant_id(): string {
		return hash( 'sha256', 'tenant:' . self::site_key() );
	}

	/**
	 * The envelope version the publisher seals with: 2 (per-channel keys, the default) or 1
	 * (one site-wide key, for relays and clients that know only the baseline).
	 */
	public static function encryption_version(): int {
		return 1 === (int) get_option( self::ENCRYPTION, 2 ) ? 1 : 2;
	}

	/**
	 * Names of the options whose updates are published (`option.updated`).
	 *
	 * @return string[]
	 */
	public static function watched_options(): array {
		$names = get_option( self::WATCHED, array() );

		return is_array( $names ) ? array_values( array_filter( $names, 'is_string' ) ) : array();
	}

	/**
	 * Stores credentials received from a relay. Values set by constants still win when read.
	 *
	 * @param string $relay_url      The relay's base URL.
	 * @param string $site_key       The site key.
	 * @param string $publish_secret The publish secret.
	 * @param string $jwt_secret     The token secret.
	 */
	public static function save_credentials( string $relay_url, string $site_key, string $publish_secret, string $jwt_secret ): void {
		update_option( self::RELAY_URL, esc_url_raw( $relay_url ), false );
		update_option( self::SITE_KEY, $site_key, false );
		update_option( self::PUBLISH_SECRET, $publish_secret, false );
		update_option( self::JWT_SECRET, $jwt_secret, false );
	}

	/**
	 * Forgets the stored credentials (constants, if any, stay in force).
	 */
	public static function clear_credentials(): void {
		foreach ( array( self::SITE_KEY, self::PUBLISH_SECRET, self::JWT_SECRET ) as $name ) {
			delete_option( $name );
		}
	}

	/**
	 * Whether a constant overrides the option.
	 *
	 * @param string $name Option name.
	 */
	public static function is_constant( string $name ): bool {
		return defined( strtoupper( $name ) );
	}

	/**
	 * The constant's value when it is defined, else the option's.
	 *
	 * @param string $name Option name.
	 */
	private static function read( string $name ): string {
		$constant = strtoupper( $name );
		$value    = defined( $constant ) ? constant( $constant ) : get_option( $name, '' );

		return is_string( $value ) ? trim( $value ) : '';
	}
}
