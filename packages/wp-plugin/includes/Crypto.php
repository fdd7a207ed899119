<?php
/**
 * Payload envelopes (docs/protocol.md section 10), byte-compatible with @wordsocket/crypto.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Key derivation and AES-256-GCM sealing of events. v1 uses one site-wide key; v2 uses a key
 * per channel and binds the ciphertext to the channel through the AAD.
 *
 * @since 0.1.0
 */
final class Crypto {

	const V1_INFO        = 'wpsignal-v1';
	const V2_INFO_PREFIX = 'wordsocket-v2|';
	const IV_BYTES       = 12;
	const TAG_BYTES      = 16;
	/**
	 * The inner JSON is written as PHP's json_encode writes it by default (`\/`, `\uXXXX`), as
	 * the baseline plugin does; every reader accepts this and JSON.stringify's spelling alike.
	 */
	const JSON_FLAGS     = 0;

	/**
	 * The encryption seed: `AUTH_KEY . SECURE_AUTH_KEY`, unless `wpsignal_encryption_seed`
	 * supplies another. It never leaves the server.
	 *
	 * @since 0.1.0
	 */
	public static function seed(): string {
		$seed = ( defined( 'AUTH_KEY' ) ? AUTH_KEY : '' ) . ( defined( 'SECURE_AUTH_KEY' ) ? SECURE_AUTH_KEY : '' );

		/**
		 * Filters the seed every encryption key is derived from.
		 *
		 * @since 0.1.0
		 *
		 * @param string $seed AUTH_KEY . SECURE_AUTH_KEY.
		 */
		return (string) apply_filters( 'wpsignal_encryption_seed', $seed );
	}

	/**
	 * The site-wide v1 key: HKDF-SHA256(seed, salt = site_key, info = "wpsignal-v1", 32).
	 *
	 * @param string $seed     Encryption seed.
	 * @param string $site_key The site key.
	 */
	public static function v1_key( string $seed, string $site_key ): string {
		return hash_hkdf( 'sha256', $seed, 32, self::V1_INFO, $site_key );
	}

	/**
	 * The v2 key of one channel: HKDF-SHA256(seed, salt = site_key,
	 * info = "wordsocket-v2|" + bare channel, 32).
	 *
	 * @param string $seed     Encryption seed.
	 * @param string $site_key The site key.
	 * @param string $bare     Bare channel name.
	 */
	public static function channel_key( string $seed, string $site_key, string $bare ): string {
		return hash_hkdf( 'sha256', $seed, 32, self::V2_INFO_PREFIX . $bare, $site_key );
	}

	/**
	 * The key a reader of this channel needs, as the site is configured now.
	 *
	 * @param string $bare Bare channel name.
	 */
	public static function key_for( string $bare, ?int $version = null ): string {
		$version = $version ?? Config::encryption_version();

		return 1 === $version
			? self::v1_key( self::seed(), Config::site_key() )
			: self::channel_key( self::seed(), Config::site_key(), $bare );
	}

	/**
	 * Seals a v1 message: `{"event":"encrypted","data":{"v":1,"p":…}}`.
	 *
	 * @param string      $key   32-byte v1 key.
	 * @param string      $event Application event.
	 * @param mixed       $data  Any JSON-encodable value.
	 * @param string|null $iv    12-byte nonce, for test vectors only; random otherwise.
	 * @return array{event:string,data:array<string,mixed>}|WP_Error
	 */
	public static function seal_v1( string $key, string $event, $data, ?string $iv = null ) {
		$plaintext = self::plaintext( $event, $data, '' );
		if ( is_wp_error( $plaintext ) ) {
			return $plaintext;
		}

		return self::envelope( array( 'v' => 1 ), self::encrypt( $key, $plaintext, '', $iv ) );
	}

	/**
	 * Seals a v2 message: `{"event":"encrypted","data":{"v":2,"c":<bare>,"p":…}}`, with AAD =
	 * the bare channel and `ts`, `id` added to the inner JSON.
	 *
	 * @param string      $key   32-byte key of this channel.
	 * @param string      $bare  Bare channel name.
	 * @param string      $event Application event.
	 * @param mixed       $data  Any JSON-encodable value.
	 * @param int|null    $ts    Seal time in unix ms; now when null.
	 * @param string|null $id    32 lowercase hex characters; random when null.
	 * @param string|null $iv    12-byte nonce, for test vectors only; random otherwise.
	 * @return array{event:string,data:array<string,mixed>}|WP_Error
	 */
	public static function seal_v2( string $key, string $bare, string $event, $data, ?int $ts = null, ?string $id = null, ?string $iv = null ) {
		$ts    = $ts ?? (int) floor( microtime( true ) * 1000 );
		$id    = $id ?? bin2hex( random_bytes( 16 ) );
		$extra = ',"ts":' . $ts . ',"id":' . wp_json_encode( $id );

		$plaintext = self::plaintext( $event, $data, $extra );
		if ( is_wp_error( $plaintext ) ) {
			return $plaintext;
		}

		return self::envelope( array( 'v' => 2, 'c' => $bare ), self::encrypt( $key, $plaintext, $bare, $iv ) );
	}

	/**
	 * Opens a v1 or v2 message sealed by either side and returns the inner JSON as an array
	 * (`event`, `data`, and for v2 `ts`, `id`). Failures are WP_Errors (status 400) with the
	 * codes of @wordsocket/crypto, checked in its order: `malformed_envelope`,
	 * `unknown_version`, `wrong_version`, `wrong_channel`, `tampered`, `malformed_plaintext`.
	 *
	 * @param string   $key     The v1 key, or the channel's v2 key.
	 * @param mixed    $message The outer message (`event` = "encrypted").
	 * @param string   $bare    Bare channel name (the v2 AAD).
	 * @param int|null $version The version expected, or null for either.
	 * @return array<string,mixed>|WP_Error
	 */
	public static function open( string $key, $message, string $bare = '', ?int $version = null ) {
		$data = is_array( $message ) && 'encrypted' === ( $message['event'] ?? null ) ? ( $message['data'] ?? null ) : null;
		if ( ! is_array( $data ) || ( ! empty( $data ) && wp_is_numeric_array( $data ) ) || ! is_int( $data['v'] ?? null ) || ! is_string( $data['p'] ?? null )
			|| ( isset( $data['c'] ) && ! is_string( $data['c'] ) ) ) {
			return self::error( 'malformed_envelope', 'not {event: "encrypted", data: {v, p[, c]}}' );
		}

		$payload = base64_decode( $data['p'], true );
		if ( false === $payload || base64_encode( $payload ) !== $data['p'] || strlen( $payload ) < self::IV_BYTES + self::TAG_BYTES ) {
			return self::error( 'malformed_envelope', 'p is not base64 of iv, ciphertext and tag' );
		}
		if ( ! in_array( $data['v'], array( 1, 2 ), true ) ) {
			return self::error( 'unknown_version', 'v is neither 1 nor 2' );
		}
		if ( null !== $version && $version !== $data['v'] ) {
			return self::error( 'wrong_version', 'the envelope is not of the version expected' );
		}
		if ( 2 === $data['v'] && isset( $data['c'] ) && $data['c'] !== $bare ) {
			return self::error( 'wrong_channel', 'the envelope was sealed for another channel' );
		}

		$aad       = 2 === $data['v'] ? $bare : '';
		$iv        = substr( $payload, 0, self::IV_BYTES );
		$tag       = substr( $payload, -self::TAG_BYTES );
		$sealed    = substr( $payload, self::IV_BYTES, -self::TAG_BYTES );
		$plaintext = openssl_decrypt( $sealed, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag, $aad );
		if ( false === $plaintext ) {
			return self::error( 'tampered', 'the message does not authenticate with this key and channel' );
		}

		$inner = json_decode( $plaintext, true );
		if ( ! is_array( $inner ) || ! is_string( $inner['event'] ?? null ) || ! array_key_exists( 'data', $inner ) ) {
			return self::error( 'malformed_plaintext', 'the inner JSON is not {event, data}' );
		}
		if ( 2 === $data['v'] && ( ! is_int( $inner['ts'] ?? null ) || $inner['ts'] < 0 || ! is_string( $inner['id'] ?? null ) || 1 !== preg_match( '/^[A-Za-z0-9_-]{1,128}$/', $inner['id'] ) ) ) {
			return self::error( 'malformed_plaintext', 'the v2 inner JSON lacks ts or id' );
		}

		return $inner;
	}

	/**
	 * The inner JSON in the fixed key order `{"event":…,"data":…[,"ts":…,"id":…]}`.
	 *
	 * @param string $event Application event.
	 * @param mixed  $data  Any JSON-encodable value.
	 * @param string $extra Members appended before the closing brace.
	 * @return string|WP_Error
	 */
	private static function plaintext( string $event, $data, string $extra ) {
		$encoded = wp_json_encode( $data, self::JSON_FLAGS );
		if ( '' === $event || false === $encoded ) {
			return new WP_Error( 'invalid_message', 'the event is empty or the data is not JSON-encodable', array( 'status' => 400 ) );
		}

		return '{"event":' . wp_json_encode( $event, self::JSON_FLAGS ) . ',"data":' . $encoded . $extra . '}';
	}

	/**
	 * @param string      $key       32-byte key.
	 * @param string      $plaintext Inner JSON.
	 * @param string      $aad       Additional authenticated data.
	 * @param string|null $iv        12-byte nonce or null for a random one.
	 */
	private static function encrypt( string $key, string $plaintext, string $aad, ?string $iv ): string {
		$iv     = $iv ?? random_bytes( self::IV_BYTES );
		$tag    = '';
		$sealed = openssl_encrypt( $plaintext, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag, $aad, self::TAG_BYTES );

		return base64_encode( $iv . $sealed . $tag );
	}

	/**
	 * @param string $code    Error code.
	 * @param string $message What is wrong.
	 */
	private static function error( string $code, string $message ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => 400 ) );
	}

	/**
	 * @param array<string,mixed> $data    `v` (and `c`).
	 * @param string              $payload base64(iv ‖ ciphertext ‖ tag).
	 * @return array{event:string,data:array<string,mixed>}
	 */
	private static function envelope( array $data, string $payload ): array {
		$data['p'] = $payload;

		return array(
			'event' => 'encrypted',
			'data'  => $data,
		);
	}
}
