<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

final class CommentEventsTest extends TriggerTestCase {

	/** @var int */
	private $post;

	protected function setUp(): void {
		parent::setUp();
		$this->post = wp_insert_post( array( 'post_title' => 'Commented', 'post_status' => 'publish' ) );
		\WPSignal\Publisher::clear_pending();
	}

	private function comment( $approved, array $extra = array() ): int {
		return wp_insert_comment(
			$extra + array(
				'comment_post_ID'  => $this->post,
				'comment_author'   => 'Ann <b>',
				'comment_content'  => 'Nice & short',
				'comment_approved' => $approved,
			)
		);
	}

	public function test_an_approved_comment_is_announced_once(): void {
		$id = $this->comment( 1 );

		$published = $this->published();
		$this->assertCount( 1, $published );
		[ $channel, $event, $data ] = $published[0];
		$this->assertSame( array( 'comments', 'comment.approved' ), array( $channel, $event ) );
		$this->assertSame( $id, $data['id'] );
		$this->assertSame( $this->post, $data['post_id'] );
		$this->assertSame( 'Ann <b>', $data['author'] );
		$this->assertSame( 'Nice & short', $data['content'] );
	}

	public function test_a_comment_through_the_rest_api_by_an_editor_is_announced(): void {
		$this->rest_as( 'editor', 'POST', '/wp/v2/comments', array( 'post' => $this->post, 'content' => 'From REST' ) );

		$this->assertSame( array( 'comment.approved' ), $this->events() );
	}

	public function test_pending_and_spam_comments_are_not_announced(): void {
		$this->comment( 0 );
		$this->comment( 'spam' );
		$this->comment( 'trash' );

		$this->assertSame( array(), $this->events() );
	}

	public function test_approving_a_pending_comment_is_announced_once(): void {
		$id = $this->comment( 0 );

		wp_set_comment_status( $id, 'approve' );

		$this->assertSame( array( 'comment.approved' ), $this->events() );
	}

	public function test_approving_a_spam_comment_is_announced(): void {
		$id = $this->comment( 'spam' );

		wp_set_comment_status( $id, 'approve' );

		$this->assertSame( array( 'comment.approved' ), $this->events() );
	}

	public function test_marking_an_approved_comment_as_spam_is_not_announced(): void {
		$id = $this->comment( 1 );
		\WPSignal\Publisher::clear_pending();

		wp_spam_comment( $id );
		wp_set_comment_status( $id, 'hold' );

		$this->assertSame( array(), $this->events() );
	}

	public function test_notes_and_comments_on_hidden_posts_are_not_announced(): void {
		$this->comment( 1, array( 'comment_type' => 'note' ) );

		$this->post = wp_insert_post( array( 'post_title' => 'Draft', 'post_status' => 'draft' ) );
		$this->comment( 1 );

		$this->post = wp_insert_post( array( 'post_title' => 'Locked', 'post_status' => 'publish', 'post_password' => 'pw' ) );
		\WPSignal\Publisher::clear_pending();
		$this->comment( 1 );

		$this->assertSame( array(), $this->events() );
	}
}
