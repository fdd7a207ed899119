<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

final class PostEventsTest extends TriggerTestCase {

	private function create( string $status, array $extra = array() ): int {
		return $this->rest_as( 'editor', 'POST', '/wp/v2/posts', array( 'title' => 'Fish & Chips', 'status' => $status ) + $extra )->get_data()['id'];
	}

	public function test_publishing_through_the_rest_api_announces_post_published_once(): void {
		$id = $this->create( 'publish' );

		$published = $this->published();
		$this->assertCount( 1, $published );
		[ $channel, $event, $data ] = $published[0];
		$this->assertSame( 'posts', $channel );
		$this->assertSame( 'post.published', $event );
		$this->assertSame( $id, $data['id'] );
		$this->assertSame( 'post', $data['type'] );
		$this->assertSame( 'Fish & Chips', $data['title'] );
		$this->assertSame( get_permalink( $id ), $data['url'] );
	}

	public function test_publishing_a_draft_announces_post_published(): void {
		$id = $this->create( 'draft' );
		$this->assertSame( array(), $this->events() );

		$this->rest_as( 'editor', 'POST', '/wp/v2/posts/' . $id, array( 'status' => 'publish' ) );
		$this->assertSame( array( 'post.published' ), $this->events() );
	}

	public function test_updating_a_published_post_announces_post_updated_once(): void {
		$id = $this->create( 'publish' );
		\WPSignal\Publisher::clear_pending();

		$this->rest_as( 'editor', 'POST', '/wp/v2/posts/' . $id, array( 'title' => 'New title', 'content' => 'changed' ) );

		$published = $this->published();
		$this->assertSame( array( 'post.updated' ), array_column( $published, 1 ) );
		$this->assertSame( 'New title', $published[0][2]['title'] );
	}

	public function test_unpublishing_announces_post_unpublished_with_id_and_type_only(): void {
		$id = $this->create( 'publish' );
		\WPSignal\Publisher::clear_pending();

		$this->rest_as( 'editor', 'POST', '/wp/v2/posts/' . $id, array( 'status' => 'draft' ) );

		$this->assertSame( array( array( 'posts', 'post.unpublished', array( 'id' => $id, 'type' => 'post' ) ) ), $this->published() );
	}

	public function test_trashing_a_published_post_announces_post_unpublished(): void {
		$id = $this->create( 'publish' );
		\WPSignal\Publisher::clear_pending();

		$this->rest_as( 'editor', 'DELETE', '/wp/v2/posts/' . $id );

		$this->assertSame( array( 'post.unpublished' ), $this->events() );
	}

	public function test_drafts_pending_and_private_posts_announce_nothing(): void {
		$this->create( 'draft' );
		$this->create( 'pending' );
		$this->create( 'private' );

		$this->assertSame( array(), $this->events() );
	}

	/**
	 * The autosaves route defines DOING_AUTOSAVE for the rest of the process, hence its own.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_an_autosave_announces_nothing(): void {
		$id = $this->create( 'publish' );
		\WPSignal\Publisher::clear_pending();

		$this->rest_as( 'editor', 'POST', '/wp/v2/posts/' . $id . '/autosaves', array( 'title' => 'autosaved', 'content' => 'autosaved body' ) );

		$this->assertSame( array(), $this->events() );
	}

	public function test_the_revision_a_save_makes_is_not_announced(): void {
		$id = $this->create( 'publish' );
		\WPSignal\Publisher::clear_pending();

		$this->rest_as( 'editor', 'POST', '/wp/v2/posts/' . $id, array( 'content' => 'revised' ) );

		$this->assertNotEmpty( wp_get_post_revisions( $id ) );
		$this->assertSame( array( 'post.updated' ), $this->events() );
	}

	public function test_a_plugin_saving_again_inside_the_save_does_not_announce_twice(): void {
		$resave = static function ( $post_id ) use ( &$resave ) {
			remove_action( 'save_post', $resave );
			wp_update_post( array( 'ID' => $post_id, 'post_excerpt' => 'set by a plugin' ) );
		};
		$this->filter( 'save_post', $resave );

		$this->create( 'publish' );

		$this->assertSame( array( 'post.published' ), $this->events() );
	}

	public function test_a_public_custom_post_type_is_announced_and_a_private_one_is_not(): void {
		register_post_type( 'wps_book', array( 'public' => true, 'show_in_rest' => true ) );
		register_post_type( 'wps_ledger', array( 'public' => false ) );

		try {
			$book = wp_insert_post( array( 'post_type' => 'wps_book', 'post_title' => 'A book', 'post_status' => 'publish' ) );
			wp_insert_post( array( 'post_type' => 'wps_ledger', 'post_title' => 'Secret', 'post_status' => 'publish' ) );
		} finally {
			unregister_post_type( 'wps_book' );
			unregister_post_type( 'wps_ledger' );
		}

		$published = $this->published();
		$this->assertCount( 1, $published );
		$this->assertSame( 'post.published', $published[0][1] );
		$this->assertSame( array( $book, 'wps_book' ), array( $published[0][2]['id'], $published[0][2]['type'] ) );
	}

	public function test_attachments_are_not_announced(): void {
		wp_insert_attachment( array( 'post_title' => 'file', 'post_mime_type' => 'image/png', 'post_status' => 'inherit' ) );

		$this->assertSame( array(), $this->events() );
	}
}
