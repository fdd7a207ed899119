<?php
/**
 * POST /wpsignal/v1/keys: more channel keys for a page, under the token route's checks.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Crypto;

final class KeysRestTest extends TestCase {

	private function keys_as( string $role, array $channels ): \WP_REST_Response {
		wp_set_current_user( '' === $role ? 0 : $this->user_id( $role ) );
		$request = new \WP_REST_Request( 'POST', '/wpsignal/v1/keys' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( wp_json_encode( array( 'channels' => $channels ) ) );

		return rest_do_request( $request );
	}

	public function test_readable_channels_get_their_key_and_the_rest_is_refused(): void {
		$response = $this->keys_as( 'subscriber', array( 'posts', 'options', 'has space', 'secret-things' ) );
		$data     = $response->get_data();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'posts' => base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'posts' ) ) ), (array) $data['keys'] );
		$this->assertSame( array( 'options', 'has space', 'secret-things' ), $data['refused'] );
		$this->assertStringContainsString( 'no-store', $response->get_headers()['Cache-Control'] );
	}

	public function test_a_collaboration_room_key_goes_only_to_users_who_can_edit_the_post(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room = 'yjs:postType/post:' . $post;

		$this->assertArrayHasKey( $room, (array) $this->keys_as( 'editor', array( $room ) )->get_data()['keys'] );
		$this->assertSame( array( $room ), $this->keys_as( 'subscriber', array( $room ) )->get_data()['refused'] );
	}

	public function test_visitors_are_refused_unless_allow_client_opens_the_route(): void {
		$this->assertSame( 401, $this->keys_as( '', array( 'posts' ) )->get_status() );

		$this->filter( 'wpsignal_allow_client', '__return_true' );
		$this->assertArrayHasKey( 'posts', (array) $this->keys_as( '', array( 'posts' ) )->get_data()['keys'] );
	}

	public function test_bad_requests_get_defined_errors(): void {
		$this->assertSame( 'rest_invalid_param', $this->keys_as( 'editor', array() )->get_data()['code'] );
		$this->assertSame( 'rest_invalid_param', $this->keys_as( 'editor', array_fill( 0, 51, 'posts' ) )->get_data()['code'] );

		Config::clear_credentials();
		$this->assertSame( 503, $this->keys_as( 'editor', array( 'posts' ) )->get_status() );
	}

	public function test_on_v1_a_room_gets_its_own_v2_key_and_only_editors_of_the_post_get_it(): void {
		update_option( Config::ENCRYPTION, 1 );
		$post     = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room     = 'yjs:postType/post:' . $post;
		$room_key = base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, $room ) );
		$site_key = base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) );

		$editor = $this->keys_as( 'editor', array( 'posts', $room ) )->get_data();
		$this->assertSame(
			array(
				'*'   => $site_key,
				$room => $room_key,
			),
			(array) $editor['keys']
		);
		$this->assertNotSame( $site_key, $room_key );
		$this->assertSame( 1, $editor['encryption'] );

		$subscriber = $this->keys_as( 'subscriber', array( 'posts', $room ) )->get_data();
		$this->assertSame( array( '*' => $site_key ), (array) $subscriber['keys'] );
		$this->assertSame( array( $room ), $subscriber['refused'] );
	}

	public function test_a_post_room_is_granted_only_under_its_canonical_decimal_id(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room = 'yjs:postType/post:' . $post;
		$odd  = array(
			'yjs:postType/post:0' . $post,
			'yjs:postType/post:+' . $post,
			'yjs:postType/post:' . $post . '.0',
			'yjs:postType/post:' . $post . 'e0',
			'yjs:postType/post:0x' . dechex( $post ),
			'yjs:postType/post:-' . $post,
			'yjs:postType/post:0',
		);

		foreach ( array( 'editor', 'admin' ) as $role ) {
			$data = $this->keys_as( $role, array_merge( array( $room ), $odd ) )->get_data();
			$this->assertSame( array( $room ), array_keys( (array) $data['keys'] ), $role );
			$this->assertSame( $odd, $data['refused'], $role );
		}
		$this->assertArrayHasKey( 'yjs:postType/wp_template:twentytwentyfour//home', (array) $this->keys_as( 'editor', array( 'yjs:postType/wp_template:twentytwentyfour//home' ) )->get_data()['keys'] );
	}
}
