<?php
/**
 * The keys route grants what the token route grants, no more: channels a filter adds are granted
 * whole, registered namespaces follow the longest-prefix rule, and refusals stay short.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Assets\Client_Config;
use WPSignal\Grants;

final class KeysFilterGrantsTest extends TestCase {

	private function keys_as_subscriber( array $channels ): array {
		wp_set_current_user( $this->user_id( 'subscriber' ) );
		$request = new \WP_REST_Request( 'POST', '/wpsignal/v1/keys' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( wp_json_encode( array( 'channels' => $channels ) ) );

		return rest_do_request( $request )->get_data();
	}

	public function test_a_channel_a_filter_grants_is_granted_whole_not_as_a_prefix(): void {
		$this->filter(
			'wpsignal_token_channels',
			static function ( array $channels ): array {
				return array_merge( $channels, array( 'team-4' ) );
			}
		);

		$data = $this->keys_as_subscriber( array( 'team-4', 'team-42', 'team-4-admins' ) );

		$this->assertSame( array( 'team-4' ), array_keys( (array) $data['keys'] ) );
		$this->assertSame( array( 'team-42', 'team-4-admins' ), $data['refused'] );
	}

	public function test_a_prefix_a_filter_adds_grants_by_prefix_as_in_the_token(): void {
		$this->filter(
			'wpsignal_token_channel_prefixes',
			static function ( array $prefixes ): array {
				return array_merge( $prefixes, array( 'team-' ) );
			}
		);

		$data = $this->keys_as_subscriber( array( 'team-42', 'teams' ) );

		$this->assertSame( array( 'team-42' ), array_keys( (array) $data['keys'] ) );
		$this->assertSame( array( 'teams' ), $data['refused'] );
	}

	public function test_a_longer_registered_namespace_decides_over_a_shorter_one(): void {
		Grants::register( 'posts-private', 'manage_options' );

		$data = $this->keys_as_subscriber( array( 'posts', 'posts-private', 'posts-private-payroll' ) );

		$this->assertSame( array( 'posts' ), array_keys( (array) $data['keys'] ) );
		$this->assertSame( array( 'posts-private', 'posts-private-payroll' ), $data['refused'] );
	}

	public function test_a_refused_name_is_echoed_no_longer_than_a_channel_may_be(): void {
		$data = $this->keys_as_subscriber( array( str_repeat( 'x', 100000 ) ) );

		$this->assertSame( array( str_repeat( 'x', 200 ) ), $data['refused'] );
	}

	public function test_the_page_lists_prefixes_as_prefixes_and_granted_rooms_apart(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$granted = new \ReflectionProperty( Client_Config::class, 'granted' );
		$granted->setAccessible( true );
		Client_Config::grant( 'yjs:postType/post:' . $post );

		try {
			$config = Client_Config::build();
		} finally {
			$granted->setValue( null, array() );
		}

		$this->assertNotContains( 'yjs:postType/post:' . $post, $config['prefixes'] );
		$this->assertContains( 'yjs:postType/post:' . $post, $config['grant'] );
	}
}
