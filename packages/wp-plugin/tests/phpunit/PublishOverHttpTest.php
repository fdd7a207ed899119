<?php
/**
 * A real publish through the REST API of the running site, and what its server then sends to
 * the relay (the capture listener).
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Crypto;
use WPSignal\Signature;

final class PublishOverHttpTest extends TestCase {

	public function test_publishing_over_http_sends_one_signed_encrypted_event_after_the_response(): void {
		Capture_Server::start();
		$cookies = $this->login( 'editor' );

		[ $status, $post ] = $this->rest_http(
			'POST',
			'/wp/v2/posts',
			array(
				'cookies' => $cookies,
				'headers' => array(
					'X-WP-Nonce'   => $this->rest_nonce( $cookies ),
					'Content-Type' => 'application/json',
				),
				'body'    => wp_json_encode( array( 'title' => 'Over the wire', 'status' => 'publish' ) ),
			)
		);

		try {
			$this->assertSame( 201, $status );
			Capture_Server::requests( 1, 10 );
			usleep( 300000 );
			$requests = Capture_Server::requests();

			$this->assertCount( 1, $requests );
			$request = $requests[0];
			$this->assertTrue( Signature::verify( self::PUBLISH_SECRET, $request['body'], $request['headers']['x-wp-signal-ts'], $request['headers']['x-wp-signal-sign'] ) );
			$this->assertStringNotContainsString( 'Over the wire', $request['body'] );

			$message = json_decode( $request['body'], true );
			$opened  = Crypto::open( Crypto::channel_key( AUTH_KEY . SECURE_AUTH_KEY, self::SITE_KEY, 'posts' ), $message, 'posts' );
			$this->assertSame( 'post.published', $opened['event'] );
			$this->assertSame( $post['id'], $opened['data']['id'] );
			$this->assertSame( 'Over the wire', $opened['data']['title'] );
		} finally {
			$this->committed(
				static function () use ( $post ) {
					wp_delete_post( (int) $post['id'], true );
				}
			);
		}
	}
}
