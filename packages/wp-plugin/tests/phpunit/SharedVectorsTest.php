<?php
/**
 * The vectors @wordsocket/crypto shares with PHP: packages/crypto/test/vectors/.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Crypto;
use WPSignal\Signature;

final class SharedVectorsTest extends TestCase {

	/**
	 * @return array<string,mixed>
	 */
	private static function vectors( string $file ): array {
		$path = dirname( __DIR__, 3 ) . '/crypto/test/vectors/' . $file;
		if ( ! is_file( $path ) ) {
			throw new \RuntimeException( "missing $path" );
		}

		return json_decode( (string) file_get_contents( $path ), true, 512, JSON_THROW_ON_ERROR );
	}

	private static function key_of( array $vector ): string {
		return 1 === $vector['version']
			? Crypto::v1_key( $vector['seed'], $vector['site_key'] )
			: Crypto::channel_key( $vector['seed'], $vector['site_key'], $vector['bare_channel'] ?? $vector['message']['data']['c'] );
	}

	public function test_derived_keys_match(): void {
		$keys = self::vectors( 'shared-vectors.json' )['keys'];
		$this->assertNotEmpty( $keys );

		foreach ( $keys as $vector ) {
			$key = isset( $vector['bare_channel'] )
				? Crypto::channel_key( $vector['seed'], $vector['site_key'], $vector['bare_channel'] )
				: Crypto::v1_key( $vector['seed'], $vector['site_key'] );
			$this->assertSame( $vector['key_hex'], bin2hex( $key ), $vector['name'] );
		}
	}

	public function test_sealing_with_the_vectors_iv_reproduces_every_envelope_byte_for_byte(): void {
		$envelopes = self::vectors( 'shared-vectors.json' )['envelopes'];
		$this->assertNotEmpty( $envelopes );

		foreach ( $envelopes as $vector ) {
			$key = self::key_of( $vector );
			$iv  = substr( base64_decode( $vector['message']['data']['p'] ), 0, 12 );

			$sealed = 1 === $vector['version']
				? Crypto::seal_v1( $key, $vector['event'], $vector['data'], $iv )
				: Crypto::seal_v2( $key, $vector['bare_channel'], $vector['event'], $vector['data'], $vector['ts'], $vector['id'], $iv );

			$this->assertSame( $vector['message'], $sealed, $vector['name'] );
		}
	}

	public function test_every_php_sealed_envelope_opens(): void {
		foreach ( self::vectors( 'shared-vectors.json' )['envelopes'] as $vector ) {
			$opened = Crypto::open( self::key_of( $vector ), $vector['message'], $vector['bare_channel'] ?? '', $vector['version'] );

			$this->assertSame( $vector['event'], $opened['event'], $vector['name'] );
			$this->assertSame( $vector['data'], $opened['data'], $vector['name'] );
			if ( 2 === $vector['version'] ) {
				$this->assertSame( array( $vector['ts'], $vector['id'] ), array( $opened['ts'], $opened['id'] ), $vector['name'] );
			}
		}
	}

	public function test_every_typescript_sealed_envelope_opens(): void {
		$envelopes = self::vectors( 'ts-sealed-vectors.json' )['envelopes'];
		$this->assertNotEmpty( $envelopes );

		foreach ( $envelopes as $vector ) {
			$channel = $vector['message']['data']['c'] ?? '';
			$opened  = Crypto::open( self::key_of( $vector ), $vector['message'], $channel, $vector['version'] );

			$this->assertIsArray( $opened, $vector['name'] . ': ' . ( is_wp_error( $opened ) ? $opened->get_error_code() : '' ) );
			$this->assertSame( $vector['event'], $opened['event'], $vector['name'] );
			$this->assertSame( $vector['data'], $opened['data'], $vector['name'] );
		}
	}

	public function test_every_failure_is_refused_with_its_code(): void {
		$failures = self::vectors( 'shared-vectors.json' )['failures'];
		$this->assertNotEmpty( $failures );

		foreach ( $failures as $vector ) {
			$this->assertWPError( $vector['error'], Crypto::open( hex2bin( $vector['key_hex'] ), $vector['message'], $vector['channel'] ?? '', $vector['version'] ), 400 );
		}
	}

	public function test_signatures_match_both_sides(): void {
		foreach ( array( 'shared-vectors.json', 'ts-sealed-vectors.json' ) as $file ) {
			$signatures = self::vectors( $file )['signatures'];
			$this->assertNotEmpty( $signatures );

			foreach ( $signatures as $vector ) {
				$this->assertSame( $vector['signature'], Signature::sign( $vector['publish_secret'], $vector['body'], $vector['ts'] ), $file . ' ' . $vector['name'] );
			}
		}
	}
}
