<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Assets;
use WPSignal\Config;
use WPSignal\Crypto;

final class AssetsTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		wp_dequeue_script( Assets::HANDLE );
		wp_deregister_script( Assets::HANDLE );
		wp_register_script( Assets::HANDLE, 'http://127.0.0.1/test-client.js', array(), '1', true );
	}

	protected function tearDown(): void {
		wp_dequeue_script( Assets::HANDLE );
		wp_deregister_script( Assets::HANDLE );
		parent::tearDown();
	}

	private function inline_config(): ?array {
		$before = wp_scripts()->get_data( Assets::HANDLE, 'before' );
		if ( ! is_array( $before ) ) {
			return null;
		}

		$this->assertSame( 1, preg_match( '/^window\.wpSignalConfig = (.*);$/s', end( $before ), $match ) );

		return json_decode( $match[1], true );
	}

	public function test_a_logged_in_page_gets_the_client_and_its_config(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );

		Assets::enqueue();

		$this->assertTrue( wp_script_is( Assets::HANDLE, 'enqueued' ) );
		$config = $this->inline_config();
		$this->assertSame( self::capture_url(), $config['relayUrl'] );
		$this->assertSame( Config::site_id(), $config['siteId'] );
		$this->assertSame( rest_url( 'wpsignal/v1/token' ), $config['tokenUrl'] );
		$this->assertSame( 1, wp_verify_nonce( $config['nonce'], 'wp_rest' ) );
		$this->assertSame( array( 'posts', 'comments', 'fixture' ), $config['channels'] );
		$this->assertSame( base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'posts' ) ), $config['keys']['posts'] );
		$this->assertFalse( $config['forceSse'] );
	}

	public function test_the_page_holds_no_secret(): void {
		wp_set_current_user( $this->user_id( 'admin' ) );

		Assets::enqueue();
		$json = wp_json_encode( $this->inline_config() );

		foreach ( array( self::JWT_SECRET, self::PUBLISH_SECRET, self::SITE_KEY, AUTH_KEY, SECURE_AUTH_KEY, base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) ) ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $json );
		}
	}

	public function test_visitors_get_nothing_unless_allow_client_opens_it(): void {
		Assets::enqueue();
		$this->assertFalse( wp_script_is( Assets::HANDLE, 'enqueued' ) );

		$this->filter( 'wpsignal_allow_client', '__return_true' );
		Assets::enqueue();
		$this->assertTrue( wp_script_is( Assets::HANDLE, 'enqueued' ) );
		$this->assertSame( '', $this->inline_config()['nonce'] );
		$this->assertSame( '0', $this->inline_config()['userId'] );
	}

	public function test_wpsignal_force_sse_reaches_the_config(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );
		$this->filter( 'wpsignal_force_sse', '__return_true' );

		Assets::enqueue();

		$this->assertTrue( $this->inline_config()['forceSse'] );
	}

	public function test_nothing_is_enqueued_on_a_site_that_is_not_connected(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );
		Config::clear_credentials();

		Assets::enqueue();

		$this->assertFalse( wp_script_is( Assets::HANDLE, 'enqueued' ) );
	}
}
