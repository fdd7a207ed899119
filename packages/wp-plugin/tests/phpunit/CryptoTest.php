<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Crypto;
use WPSignal\Signature;

final class CryptoTest extends TestCase {

	const SEED = 'seed-for-tests';
	const IV   = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b";
	const DATA = array(
		'id'    => 1,
		'title' => 'Héllo/wörld',
	);

	// Known answers computed with Node's crypto module (hkdfSync, createCipheriv) from the same
	// inputs, an implementation independent of PHP's.
	const V1_KEY = 'f9fd407eccb1b9bad76bc2aed68e6a63b8e4ddf18a35b1adefb2da86ceb432a6';
	const V2_KEY = '1f3f1cabb5417eec0b9a8e667b98a97dfb0bc9e0d38de0921ff2918bb99a2026';
	const V1_P   = 'AAECAwQFBgcICQoLE9Ht2GZwHP8WFnoqOpgPkjk+bCiRp+agoJdTU4OMRp6K0Owzh2Swjr+QxOu9GcIr4f/ruY8azsrPjLfxku1z9HA4+F/12VBv/uA84BDLOhdkIQ==';
	const V2_P   = 'AAECAwQFBgcICQoLp9M/u7gzJ9hdy1HrZFw2ak4oFWrj1g6wyfz4aOfhkRztJzGXjD9TNm46an11tF5B5z7IcyDS9iPdL++TU2C3YSVRYbpUteJYp0MSQFCGLXhUxdLp5Y9tCZTs7PEvr+/2Jgo49JpKr6sXDgDmgCz2QW8pl29huh+pnkWW8hW/TB3u26kNW4W0Y8CpqnVy';

	public function test_v1_key_is_hkdf_sha256_with_the_site_key_as_salt(): void {
		$this->assertSame( self::V1_KEY, bin2hex( Crypto::v1_key( self::SEED, self::SITE_KEY ) ) );
	}

	public function test_v2_key_is_per_channel(): void {
		$this->assertSame( self::V2_KEY, bin2hex( Crypto::channel_key( self::SEED, self::SITE_KEY, 'posts' ) ) );
		$this->assertNotSame( self::V2_KEY, bin2hex( Crypto::channel_key( self::SEED, self::SITE_KEY, 'comments' ) ) );
	}

	public function test_opens_a_v1_message_sealed_by_node_with_json_stringify_spelling(): void {
		$message = array( 'event' => 'encrypted', 'data' => array( 'v' => 1, 'p' => self::V1_P ) );

		$this->assertSame( array( 'event' => 'post.published', 'data' => self::DATA ), Crypto::open( hex2bin( self::V1_KEY ), $message ) );
	}

	public function test_opens_a_v2_message_sealed_by_node_with_json_stringify_spelling(): void {
		$message = array( 'event' => 'encrypted', 'data' => array( 'v' => 2, 'c' => 'posts', 'p' => self::V2_P ) );

		$this->assertSame(
			array( 'event' => 'post.published', 'data' => self::DATA, 'ts' => 1700000000000, 'id' => '00112233445566778899aabbccddeeff' ),
			Crypto::open( hex2bin( self::V2_KEY ), $message, 'posts' )
		);
	}

	public function test_seal_v2_writes_the_channel_hint_and_php_json_spelling(): void {
		$key    = hex2bin( self::V2_KEY );
		$sealed = Crypto::seal_v2( $key, 'posts', 'a/b', array( 'é' => '/' ), 5, str_repeat( 'ab', 16 ), self::IV );
		$bytes  = base64_decode( $sealed['data']['p'] );
		$tag    = substr( $bytes, -16 );
		$plain  = openssl_decrypt( substr( $bytes, 12, -16 ), 'aes-256-gcm', $key, OPENSSL_RAW_DATA, self::IV, $tag, 'posts' );

		$this->assertSame( 'posts', $sealed['data']['c'] );
		$this->assertSame( '{"event":"a\/b","data":{"\u00e9":"\/"},"ts":5,"id":"abababababababababababababababab"}', $plain );
	}

	public function test_open_reads_both_versions(): void {
		$v1 = Crypto::open( hex2bin( self::V1_KEY ), Crypto::seal_v1( hex2bin( self::V1_KEY ), 'e', array( 'a' => 1 ) ) );
		$v2 = Crypto::open( hex2bin( self::V2_KEY ), Crypto::seal_v2( hex2bin( self::V2_KEY ), 'posts', 'e', null ), 'posts' );

		$this->assertSame( array( 'event' => 'e', 'data' => array( 'a' => 1 ) ), $v1 );
		$this->assertSame( 'e', $v2['event'] );
		$this->assertNull( $v2['data'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $v2['id'] );
		$this->assertEqualsWithDelta( microtime( true ) * 1000, $v2['ts'], 5000 );
	}

	public function test_a_v2_message_moved_to_another_channel_does_not_open(): void {
		$key    = hex2bin( self::V2_KEY );
		$sealed = Crypto::seal_v2( $key, 'posts', 'e', 1 );

		$sealed['data']['c'] = 'comments';
		$this->assertWPError( 'tampered', Crypto::open( $key, $sealed, 'comments' ) );
		unset( $sealed['data']['c'] );
		$this->assertWPError( 'tampered', Crypto::open( $key, $sealed, 'comments' ) );
	}

	public function test_a_tampered_payload_does_not_open(): void {
		$key          = hex2bin( self::V1_KEY );
		$sealed       = Crypto::seal_v1( $key, 'e', 1 );
		$bytes        = base64_decode( $sealed['data']['p'] );
		$bytes[20]    = chr( ord( $bytes[20] ) ^ 1 );
		$sealed['data']['p'] = base64_encode( $bytes );

		$this->assertWPError( 'tampered', Crypto::open( $key, $sealed ) );
	}

	public function test_malformed_envelopes_get_a_defined_error(): void {
		$key = hex2bin( self::V1_KEY );
		foreach ( array( null, 'x', array(), array( 'event' => 'encrypted' ), array( 'event' => 'encrypted', 'data' => array( 'v' => 1, 'p' => '@@' ) ), array( 'event' => 'encrypted', 'data' => array( 'v' => 1, 'p' => 'AAAA' ) ) ) as $bad ) {
			$this->assertWPError( 'malformed_envelope', Crypto::open( $key, $bad ) );
		}
	}

	public function test_data_that_cannot_be_json_is_refused(): void {
		$this->assertWPError( 'invalid_message', Crypto::seal_v1( hex2bin( self::V1_KEY ), 'e', INF ) );
		$this->assertWPError( 'invalid_message', Crypto::seal_v1( hex2bin( self::V1_KEY ), '', 1 ) );
	}

	public function test_the_seed_is_auth_key_and_secure_auth_key_unless_filtered(): void {
		$this->assertSame( AUTH_KEY . SECURE_AUTH_KEY, Crypto::seed() );

		$this->filter(
			'wpsignal_encryption_seed',
			static function () {
				return 'custom seed';
			}
		);
		$this->assertSame( 'custom seed', Crypto::seed() );
		$this->assertSame( Crypto::channel_key( 'custom seed', self::SITE_KEY, 'posts' ), Crypto::key_for( 'posts' ) );
	}

	public function test_publish_signature_is_hex_hmac_of_body_dot_timestamp(): void {
		// printf '%s' '{"a":1}.1700000000000' | openssl dgst -sha256 -hmac secret
		$this->assertSame( '147f896cb1234b622992d21fe98a6bc459dc6840aa9655f2267f9e6ba91aa154', Signature::sign( 'secret', '{"a":1}', 1700000000000 ) );
		$this->assertTrue( Signature::verify( 'secret', '{"a":1}', '1700000000000', Signature::sign( 'secret', '{"a":1}', 1700000000000 ) ) );
		$this->assertFalse( Signature::verify( 'secret', '{"a":2}', '1700000000000', Signature::sign( 'secret', '{"a":1}', 1700000000000 ) ) );
	}
}
