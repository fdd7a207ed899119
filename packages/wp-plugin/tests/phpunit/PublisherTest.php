<?php
/**
 * The publisher's requests, captured on a loopback listener standing in for the relay.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Crypto;
use WPSignal\Notices;
use WPSignal\Publisher;
use WPSignal\Signature;

final class PublisherTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		Capture_Server::start();
	}

	/**
	 * Asserts a captured request is a correctly signed POST /publish and returns its body.
	 *
	 * @param array<string,mixed> $request Captured request.
	 * @return array<string,mixed>
	 */
	private function verified_body( array $request ): array {
		$this->assertSame( 'POST', $request['method'] );
		$this->assertSame( '/publish', $request['path'] );
		$this->assertSame( 'application/json', $request['headers']['content-type'] );
		$this->assertSame( self::SITE_KEY, $request['headers']['x-wp-signal-key'] );
		$this->assertEqualsWithDelta( microtime( true ) * 1000, (int) $request['headers']['x-wp-signal-ts'], 10000 );
		$this->assertSame(
			hash_hmac( 'sha256', $request['body'] . '.' . $request['headers']['x-wp-signal-ts'], self::PUBLISH_SECRET ),
			$request['headers']['x-wp-signal-sign']
		);

		return json_decode( $request['body'], true );
	}

	public function test_a_published_event_is_sent_signed_and_sealed_with_the_channel_key(): void {
		$this->assertTrue( Publisher::publish( 'posts', 'post.published', array( 'title' => 'Hi / there' ) ) );
		$this->assertTrue( Publisher::flush() );

		$requests = Capture_Server::requests( 1 );
		$this->assertCount( 1, $requests );
		$body = $this->verified_body( $requests[0] );

		$this->assertSame( 'posts', $body['channel'] );
		$this->assertSame( 'encrypted', $body['event'] );
		$this->assertSame( 2, $body['data']['v'] );
		$this->assertSame( 'posts', $body['data']['c'] );
		$this->assertStringNotContainsString( 'Hi / there', $requests[0]['body'] );

		$opened = Crypto::open( Crypto::channel_key( AUTH_KEY . SECURE_AUTH_KEY, self::SITE_KEY, 'posts' ), $body, 'posts' );
		$this->assertSame( 'post.published', $opened['event'] );
		$this->assertSame( array( 'title' => 'Hi / there' ), $opened['data'] );
	}

	public function test_several_events_in_one_request_go_as_one_batch(): void {
		Publisher::publish( 'posts', 'one', 1 );
		Publisher::publish( 'site:' . Config::site_id() . ':comments', 'two', 2 );
		Publisher::flush();

		$requests = Capture_Server::requests( 1 );
		$this->assertCount( 1, $requests );
		$body = $this->verified_body( $requests[0] );

		$this->assertSame( array( 'posts', 'comments' ), array_column( $body['messages'], 'channel' ) );
		$this->assertSame( 'two', Crypto::open( Crypto::key_for( 'comments' ), $body['messages'][1], 'comments' )['event'] );
	}

	public function test_with_v1_chosen_events_are_sealed_with_the_site_wide_key(): void {
		update_option( Config::ENCRYPTION, 1 );
		Publisher::publish( 'posts', 'post.updated', array( 'id' => 3 ) );
		Publisher::flush();

		$body = $this->verified_body( Capture_Server::requests( 1 )[0] );
		$this->assertSame( 1, $body['data']['v'] );
		$this->assertSame(
			array( 'event' => 'post.updated', 'data' => array( 'id' => 3 ) ),
			Crypto::open( Crypto::v1_key( AUTH_KEY . SECURE_AUTH_KEY, self::SITE_KEY ), $body )
		);
	}

	public function test_bad_input_is_refused_with_a_code(): void {
		$this->assertWPError( 'invalid_channel', Publisher::publish( 'has space', 'e' ), 400 );
		$this->assertWPError( 'invalid_event', Publisher::publish( 'posts', '' ), 400 );
		$this->assertWPError( 'invalid_event', Publisher::publish( 'posts', 'wps.presence' ), 400 );
		$this->assertWPError( 'invalid_event', Publisher::publish( 'posts', str_repeat( 'e', 201 ) ), 400 );
		$this->assertWPError( 'invalid_message', Publisher::publish( 'posts', 'e', NAN ), 400 );
		$this->assertSame( array(), Publisher::pending() );
	}

	public function test_nothing_is_queued_when_the_site_is_not_connected(): void {
		Config::clear_credentials();

		$this->assertWPError( 'wpsignal_not_connected', Publisher::publish( 'posts', 'e' ), 503 );
	}

	public function test_a_refused_delivery_is_queued_retried_by_cron_and_then_delivered(): void {
		Capture_Server::respond_with( 429 );
		Publisher::publish( 'posts', 'post.published', array( 'id' => 9 ) );

		$this->assertWPError( 'wpsignal_relay_refused', Publisher::flush(), 429 );
		$this->assertCount( 1, get_option( Publisher::QUEUE_OPTION ) );
		$this->assertNotFalse( wp_next_scheduled( Publisher::RETRY_HOOK ) );
		$this->assertFalse( Publisher::status()['ok'] );
		$this->assertStringContainsString( 'quota_exceeded', Publisher::status()['message'] );

		Capture_Server::clear();
		Capture_Server::respond_with( 200 );
		do_action( Publisher::RETRY_HOOK );

		$requests = Capture_Server::requests( 1 );
		$this->assertCount( 1, $requests );
		$this->assertSame( 'post.published', Crypto::open( Crypto::key_for( 'posts' ), $this->verified_body( $requests[0] ), 'posts' )['event'] );
		$this->assertFalse( get_option( Publisher::QUEUE_OPTION ) );
		$this->assertTrue( Publisher::status()['ok'] );
	}

	public function test_a_message_is_given_up_after_five_attempts(): void {
		Capture_Server::respond_with( 500 );
		Publisher::publish( 'posts', 'e', 1 );
		Publisher::flush();

		for ( $try = 2; $try <= 5; $try++ ) {
			Publisher::retry();
			$this->assertSame( $try, get_option( Publisher::QUEUE_OPTION )[0]['attempts'] );
		}
		Publisher::retry();

		$this->assertFalse( get_option( Publisher::QUEUE_OPTION ) );
		$this->assertCount( 6, Capture_Server::requests( 6 ) );
	}

	public function test_a_batch_the_relay_refuses_as_a_request_is_sent_one_message_at_a_time(): void {
		Capture_Server::respond_to_batches_with( 400 );
		Publisher::publish( 'posts', 'one', 1 );
		Publisher::publish( 'comments', 'two', 2 );

		$this->assertTrue( Publisher::flush() );

		$bodies = array_map(
			function ( $request ) {
				return $this->verified_body( $request );
			},
			Capture_Server::requests( 3 )
		);
		$this->assertCount( 3, $bodies );
		$this->assertArrayHasKey( 'messages', $bodies[0] );
		$this->assertSame( array( 'posts', 'comments' ), array( $bodies[1]['channel'], $bodies[2]['channel'] ) );
		$this->assertFalse( get_option( Publisher::QUEUE_OPTION ) );
	}

	public function test_a_message_the_relay_refuses_for_good_is_not_retried(): void {
		Capture_Server::respond_with( 400 );
		Publisher::publish( 'posts', 'e', 1 );

		$this->assertWPError( 'wpsignal_relay_refused', Publisher::flush(), 400 );
		$this->assertFalse( get_option( Publisher::QUEUE_OPTION ) );
		$this->assertFalse( wp_next_scheduled( Publisher::RETRY_HOOK ) );
	}

	public function test_more_than_100_events_go_in_batches_of_at_most_100(): void {
		for ( $i = 0; $i < 205; $i++ ) {
			Publisher::publish( 'posts', 'e', $i );
		}

		$this->assertTrue( Publisher::flush() );

		$sizes = array_map(
			function ( $request ) {
				return count( $this->verified_body( $request )['messages'] ?? array( 1 ) );
			},
			Capture_Server::requests( 3 )
		);
		$this->assertSame( array( 100, 100, 5 ), $sizes );
	}

	public function test_an_unreachable_relay_is_an_error_not_a_fatal(): void {
		update_option( Config::RELAY_URL, 'http://127.0.0.1:9' );
		Publisher::publish( 'posts', 'e', 1 );

		$this->assertWPError( 'wpsignal_relay_unreachable', Publisher::flush() );
		$this->assertCount( 1, get_option( Publisher::QUEUE_OPTION ) );
	}

	public function test_the_admin_notice_shows_the_last_failure_escaped_to_administrators_only(): void {
		update_option( Publisher::STATUS_OPTION, array( 'ok' => false, 'time' => time(), 'code' => 'x', 'message' => '<script>alert(1)</script>' ) );

		wp_set_current_user( $this->user_id( 'editor' ) );
		$this->assertSame( '', $this->render_notice() );

		wp_set_current_user( $this->user_id( 'admin' ) );
		$html = $this->render_notice();
		$this->assertStringContainsString( 'could not deliver', $html );
		$this->assertStringContainsString( '&lt;script&gt;', $html );
		$this->assertStringNotContainsString( '<script>', $html );

		update_option( Publisher::STATUS_OPTION, array( 'ok' => true, 'time' => time() ) );
		$this->assertSame( '', $this->render_notice() );
	}

	private function render_notice(): string {
		ob_start();
		Notices::render();
		return (string) ob_get_clean();
	}
}
