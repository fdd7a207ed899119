<?php
/**
 * The server side of collaboration on stock WordPress 7.1 (includes/Collaboration/).
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Collaboration\Collaboration;
use WPSignal\Collaboration\Save_Controller;
use WPSignal\Config;

final class CollaborationTest extends TestCase {

	const DOC = '{"document":"AAECAw==","updateId":7}';

	private function post_by( string $role ): int {
		return wp_insert_post( array( 'post_title' => 'Shared', 'post_author' => $this->user_id( $role ), 'post_status' => 'draft' ) );
	}

	private function save_as( string $role, array $body ): \WP_REST_Response {
		wp_set_current_user( $this->user_id( $role ) );
		$request = new \WP_REST_Request( 'POST', '/wp-sync/v1/save' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( wp_json_encode( $body ) );

		return rest_do_request( $request );
	}

	public function test_the_crdt_meta_is_registered_for_block_editor_post_types_only(): void {
		$this->assertTrue( registered_meta_key_exists( 'post', '_crdt_document', 'post' ) );
		$this->assertTrue( registered_meta_key_exists( 'post', '_crdt_document', 'page' ) );
		$this->assertFalse( registered_meta_key_exists( 'post', '_crdt_document', 'attachment' ) );
	}

	public function test_the_editor_reads_and_writes_the_meta_through_the_posts_route(): void {
		$post = $this->post_by( 'editor' );
		wp_set_current_user( $this->user_id( 'editor' ) );
		$request = new \WP_REST_Request( 'POST', '/wp/v2/posts/' . $post );
		$request->set_body_params( array( 'meta' => array( '_crdt_document' => self::DOC ) ) );

		$this->assertSame( 200, rest_do_request( $request )->get_status() );
		$this->assertSame( self::DOC, get_post_meta( $post, '_crdt_document', true ) );
		$this->assertSame( self::DOC, rest_do_request( new \WP_REST_Request( 'GET', '/wp/v2/posts/' . $post ) )->get_data()['meta']['_crdt_document'] );
	}

	public function test_a_user_who_cannot_edit_the_post_cannot_write_the_meta(): void {
		$post = $this->post_by( 'admin' );

		wp_set_current_user( $this->user_id( 'subscriber' ) );
		$this->assertFalse( current_user_can( 'edit_post_meta', $post, '_crdt_document' ) );

		wp_set_current_user( $this->user_id( 'editor' ) );
		$this->assertTrue( current_user_can( 'edit_post_meta', $post, '_crdt_document' ) );
	}

	public function test_the_save_route_stores_the_document_for_someone_who_can_edit_the_post(): void {
		$post = $this->post_by( 'editor' );

		$response = $this->save_as( 'editor', array( 'room' => 'postType/post:' . $post, 'doc' => self::DOC ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( self::DOC, get_post_meta( $post, '_crdt_document', true ) );
	}

	public function test_the_save_route_refuses_users_who_cannot_edit_the_post(): void {
		$post = $this->post_by( 'admin' );

		$this->assertSame( 403, $this->save_as( 'subscriber', array( 'room' => 'postType/post:' . $post, 'doc' => self::DOC ) )->get_status() );
		$this->assertSame( '', get_post_meta( $post, '_crdt_document', true ) );
	}

	public function test_the_save_route_answers_bad_rooms_with_a_code(): void {
		$post = $this->post_by( 'editor' );

		foreach ( array( 'root/comment:1', 'postType/page:' . $post, 'postType/post:999999999', '' ) as $room ) {
			$response = $this->save_as( 'editor', array( 'room' => $room, 'doc' => self::DOC ) );
			$this->assertSame( 400, $response->get_status(), $room );
			$this->assertSame( 'rest_invalid_param', $response->get_data()['code'], $room );
		}
		$this->assertSame( 400, $this->save_as( 'editor', array( 'room' => 'postType/post:' . $post ) )->get_status() );
	}

	public function test_a_save_route_that_exists_already_is_left_alone(): void {
		$before = rest_get_server()->get_routes()['/wp-sync/v1/save'];

		Save_Controller::register_routes();

		$this->assertSame( $before, rest_get_server()->get_routes()['/wp-sync/v1/save'] );
		$this->assertCount( 1, $before );
	}

	public function test_the_sync_engine_of_this_wordpress_is_detected_and_collaboration_is_active(): void {
		$this->assertTrue( Collaboration::engine_present() );
		$this->assertSame( 'active', Collaboration::status() );
	}

	public function test_the_status_says_why_collaboration_is_off(): void {
		update_option( Config::COLLABORATION, '0' );
		$this->assertSame( 'disabled', Collaboration::status() );

		update_option( Config::COLLABORATION, '1' );
		Config::clear_credentials();
		$this->assertSame( 'not_connected', Collaboration::status() );
	}
}
