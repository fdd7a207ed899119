<?php
/**
 * Publish signatures (docs/protocol.md section 4.1).
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Signs calls from WordPress to the relay:
 * `X-WP-Signal-Sign = hex(HMAC-SHA256(publish_secret, rawBody . "." . ts))`.
 *
 * @since 0.1.0
 */
final class Signature {

	/**
	 * The hex signature of a body at a timestamp.
	 *
	 * @param string     $secret Publish secret.
	 * @param string     $body   The exact bytes sent.
	 * @param int|string $ts     Unix time in milliseconds.
	 */
	public static function sign( string $secret, string $body, $ts ): string {
		return hash_hmac( 'sha256', $body . '.' . $ts, $secret );
	}

	/**
	 * Whether a signature is right, compared in constant time.
	 *
	 * @param string     $secret    Publish secret.
	 * @param string     $body      The exact bytes received.
	 * @param int|string $ts        The timestamp header.
	 * @param string     $signature The signature header.
	 */
	public static function verify( string $secret, string $body, $ts, string $signature ): bool {
		return hash_equals( self::sign( $secret, $body, $ts ), strtolower( $signature ) );
	}

	/**
	 * The three headers of a signed call, timestamped now unless `$ts` is given.
	 *
	 * @param string   $body The exact bytes to send.
	 * @param int|null $ts   Unix time in milliseconds.
	 * @return array<string,string>
	 */
	public static function headers( string $body, ?int $ts = null ): array {
		$ts = $ts ?? (int) floor( microtime( true ) * 1000 );

		return array(
			'X-WP-Signal-Key'  => Config::site_key(),
			'X-WP-Signal-Ts'   => (string) $ts,
			'X-WP-Signal-Sign' => self::sign( Config::publish_secret(), $body, $ts ),
		);
	}
}
