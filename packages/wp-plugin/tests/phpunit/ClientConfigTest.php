<?php
/**
 * What a page is told: `window.wpSignalConfig` (includes/Assets/Client_Config.php).
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Assets\Client_Config;
use WPSignal\Config;
use WPSignal\Crypto;

final class ClientConfigTest extends TestCase {

	public function test_a_logged_in_page_gets_the_relay_the_token_route_and_keys_of_readable_channels(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );

		$config = Client_Config::build();

		$this->assertTrue( Client_Config::allowed() );
		$this->assertSame( self::capture_url(), $config['relayUrl'] );
		$this->assertSame( Config::site_id(), $config['siteId'] );
		$this->assertSame( rest_url( 'wpsignal/v1/token' ), $config['tokenUrl'] );
		$this->assertSame( 1, wp_verify_nonce( $config['nonce'], 'wp_rest' ) );
		$this->assertSame( array( 'posts', 'comments', 'fixture' ), $config['channels'] );
		$this->assertSame( base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'posts' ) ), $config['keys']->posts );
		$this->assertArrayNotHasKey( 'options', (array) $config['keys'] );
	}

	public function test_the_page_holds_no_secret(): void {
		wp_set_current_user( $this->user_id( 'admin' ) );

		$json = wp_json_encode( Client_Config::build() );

		foreach ( array( self::JWT_SECRET, self::PUBLISH_SECRET, AUTH_KEY, SECURE_AUTH_KEY, base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) ) ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $json );
		}
	}

	public function test_visitors_may_use_the_client_only_when_allow_client_opens_it(): void {
		$this->assertFalse( Client_Config::allowed() );

		$this->filter( 'wpsignal_allow_client', '__return_true' );
		$this->assertTrue( Client_Config::allowed() );
		$this->assertSame( 0, Client_Config::build()['userId'] );
	}

	public function test_wpsignal_force_sse_reaches_the_config(): void {
		$this->assertFalse( Client_Config::build()['forceSse'] );

		$this->filter( 'wpsignal_force_sse', '__return_true' );
		$this->assertTrue( Client_Config::build()['forceSse'] );
	}

	public function test_a_site_that_is_not_connected_gives_no_relay_and_no_keys(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );
		Config::clear_credentials();

		$config = Client_Config::build();

		$this->assertSame( '', $config['relayUrl'] );
		$this->assertSame( array(), $config['channels'] );
		$this->assertSame( array(), (array) $config['keys'] );
	}
}
