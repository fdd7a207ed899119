<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Jwt;

final class JwtTest extends TestCase {

	private function b64url_json( string $part ): array {
		return json_decode( base64_decode( strtr( $part, '-_', '+/' ) ), true );
	}

	public function test_encode_writes_an_hs256_jws_with_the_claims(): void {
		$token = Jwt::encode( array( 'sub' => 'a/b', 'n' => 1 ), 'secret' );
		$parts = explode( '.', $token );

		$this->assertCount( 3, $parts );
		$this->assertSame( array( 'alg' => 'HS256', 'typ' => 'JWT' ), $this->b64url_json( $parts[0] ) );
		$this->assertSame( array( 'sub' => 'a/b', 'n' => 1 ), $this->b64url_json( $parts[1] ) );
		$this->assertDoesNotMatchRegularExpression( '/[+\/=]/', $token );
		$this->assertSame( hash_hmac( 'sha256', $parts[0] . '.' . $parts[1], 'secret', true ), base64_decode( strtr( $parts[2], '-_', '+/' ) ) );
	}

	public function test_encode_matches_the_rfc_7515_hs256_signature_input(): void {
		// The signing input is base64url(header) . "." . base64url(payload), RFC 7515 section 5.1.
		$token = Jwt::encode( array( 'iss' => 'joe' ), 'k' );
		[ $header, $payload ] = explode( '.', $token );

		$this->assertSame( 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', $header );
		$this->assertSame( 'eyJpc3MiOiJqb2UifQ', $payload );
	}

	public function test_decode_returns_the_claims_of_a_valid_token(): void {
		$claims = array( 'exp' => time() + 60, 'user_id' => '7' );

		$this->assertSame( $claims, Jwt::decode( Jwt::encode( $claims, 'secret' ), 'secret' ) );
	}

	public function test_decode_refuses_a_wrong_secret(): void {
		$this->assertWPError( 'invalid_token', Jwt::decode( Jwt::encode( array( 'exp' => time() + 60 ), 'secret' ), 'other' ), 401 );
	}

	public function test_decode_refuses_a_tampered_payload(): void {
		[ $header, , $signature ] = explode( '.', Jwt::encode( array( 'exp' => time() + 60, 'user_id' => '7' ), 'secret' ) );
		$forged = Jwt::base64url( (string) wp_json_encode( array( 'exp' => time() + 60, 'user_id' => '1' ) ) );

		$this->assertWPError( 'invalid_token', Jwt::decode( "$header.$forged.$signature", 'secret' ) );
	}

	public function test_decode_refuses_alg_none_and_other_algorithms(): void {
		$payload = Jwt::base64url( (string) wp_json_encode( array( 'exp' => time() + 60 ) ) );

		foreach ( array( 'none', 'HS512', 'RS256' ) as $alg ) {
			$header = Jwt::base64url( (string) wp_json_encode( array( 'alg' => $alg ) ) );
			$this->assertWPError( 'invalid_token', Jwt::decode( "$header.$payload.", 'secret' ) );
		}
	}

	public function test_decode_refuses_an_expired_token_after_30_seconds_of_leeway(): void {
		$token = Jwt::encode( array( 'exp' => 1000 ), 'secret' );

		$this->assertIsArray( Jwt::decode( $token, 'secret', 1030 ) );
		$this->assertWPError( 'invalid_token', Jwt::decode( $token, 'secret', 1031 ) );
	}

	public function test_decode_refuses_garbage_without_a_fatal(): void {
		foreach ( array( '', 'a.b', 'a.b.c.d', '!!.??.**', 'eyJ.eyJ.eyJ' ) as $garbage ) {
			$this->assertWPError( 'invalid_token', Jwt::decode( $garbage, 'secret' ) );
		}
	}
}
