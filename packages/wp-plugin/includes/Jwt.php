<?php
/**
 * HS256 JSON Web Tokens.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A minimal HS256 JWS compact encoder and verifier (RFC 7515, RFC 7519). Only HS256 is ever
 * written or accepted.
 *
 * @since 0.1.0
 */
final class Jwt {

	/**
	 * Signs the claims with HS256.
	 *
	 * @param array<string,mixed> $claims Token claims.
	 * @param string              $secret The HMAC key (its UTF-8 bytes).
	 */
	public static function encode( array $claims, string $secret ): string {
		$header  = self::base64url( (string) wp_json_encode( array( 'alg' => 'HS256', 'typ' => 'JWT' ) ) );
		$payload = self::base64url( (string) wp_json_encode( $claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		$signed  = $header . '.' . $payload;

		return $signed . '.' . self::base64url( hash_hmac( 'sha256', $signed, $secret, true ) );
	}

	/**
	 * Verifies an HS256 token and returns its claims; expiry is checked with 30 s of leeway.
	 * Any other algorithm, a `crit` header, a bad signature or an expired token is a WP_Error
	 * `invalid_token` (status 401).
	 *
	 * @param string   $token  A JWS compact serialisation.
	 * @param string   $secret The HMAC key.
	 * @param int|null $now    Current unix time, for tests.
	 * @return array<string,mixed>|WP_Error
	 */
	public static function decode( string $token, string $secret, ?int $now = null ) {
		$parts = explode( '.', $token );
		if ( 3 !== count( $parts ) ) {
			return self::invalid( 'the token is not three dot-separated parts' );
		}

		$header = json_decode( (string) self::unbase64url( $parts[0] ), true );
		if ( ! is_array( $header ) || 'HS256' !== ( $header['alg'] ?? null ) || isset( $header['crit'] ) ) {
			return self::invalid( 'the token is not HS256' );
		}

		$expected = hash_hmac( 'sha256', $parts[0] . '.' . $parts[1], $secret, true );
		$given    = self::unbase64url( $parts[2] );
		if ( null === $given || ! hash_equals( $expected, $given ) ) {
			return self::invalid( 'the token signature does not verify' );
		}

		$claims = json_decode( (string) self::unbase64url( $parts[1] ), true );
		if ( ! is_array( $claims ) || ! is_int( $claims['exp'] ?? null ) ) {
			return self::invalid( 'the token has no exp claim' );
		}
		if ( $claims['exp'] + 30 < ( $now ?? time() ) ) {
			return self::invalid( 'the token has expired' );
		}

		return $claims;
	}

	/**
	 * Base64url without padding.
	 *
	 * @param string $bytes Raw bytes.
	 */
	public static function base64url( string $bytes ): string {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' );
	}

	/**
	 * @param string $text Base64url text.
	 * @return string|null Raw bytes, or null when the text is not base64url.
	 */
	private static function unbase64url( string $text ): ?string {
		if ( 1 !== preg_match( '/^[A-Za-z0-9_-]*$/', $text ) ) {
			return null;
		}

		$bytes = base64_decode( strtr( $text, '-_', '+/' ), true );

		return false === $bytes ? null : $bytes;
	}

	/**
	 * @param string $reason Why the token is refused.
	 */
	private static function invalid( string $reason ): WP_Error {
		return new WP_Error( 'invalid_token', $reason, array( 'status' => 401 ) );
	}
}
