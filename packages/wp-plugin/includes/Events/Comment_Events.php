<?php
/**
 * Built-in trigger: comment approved.
 *
 * @package WPSignal
 */

namespace WPSignal\Events;

use WP_Comment;
use WPSignal\WPS;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Publishes `comment.approved` on the `comments` channel when a comment becomes visible: inserted
 * approved, or moved to approved from pending or spam. Never for spam, pending or trashed
 * comments, for notes and other private comment types, or on posts that are not public.
 *
 * @since 0.1.0
 */
final class Comment_Events {

	const CHANNEL = 'comments';

	/** @var array<int,bool> */
	private static $seen = array();

	/**
	 * Registers the trigger on its two hooks.
	 */
	public static function register(): void {
		WPS::trigger( 'comment.approved' )
			->on( 'wp_insert_comment', 10, 2 )
			->channel( self::CHANNEL )
			->when(
				static function ( $id, $comment ) {
					return $comment instanceof WP_Comment && '1' === (string) $comment->comment_approved && self::claim( $comment );
				}
			)
			->data(
				static function ( $id, $comment ) {
					return self::data( $comment );
				}
			)
			->register();

		WPS::trigger( 'comment.approved' )
			->on( 'transition_comment_status', 10, 3 )
			->channel( self::CHANNEL )
			->when(
				static function ( $new_status, $old_status, $comment ) {
					return 'approved' === $new_status && 'approved' !== $old_status && $comment instanceof WP_Comment && self::claim( $comment );
				}
			)
			->data(
				static function ( $new_status, $old_status, $comment ) {
					return self::data( $comment );
				}
			)
			->register();
	}

	/**
	 * Whether the comment may be announced, once per request.
	 *
	 * @param WP_Comment $comment The comment.
	 */
	private static function claim( WP_Comment $comment ): bool {
		if ( ! in_array( $comment->comment_type, array( '', 'comment', 'pingback', 'trackback' ), true ) ) {
			return false;
		}

		$post = get_post( (int) $comment->comment_post_ID );
		if ( ! $post || 'publish' !== $post->post_status || '' !== $post->post_password || ! Post_Events::is_announced_type( $post->post_type ) ) {
			return false;
		}

		$id = (int) $comment->comment_ID;
		if ( isset( self::$seen[ $id ] ) ) {
			return false;
		}
		self::$seen[ $id ] = true;

		return true;
	}

	/**
	 * The event's data: what the post page shows of the comment.
	 *
	 * @param WP_Comment $comment The comment.
	 * @return array<string,mixed>
	 */
	private static function data( WP_Comment $comment ): array {
		return array(
			'id'      => (int) $comment->comment_ID,
			'post_id' => (int) $comment->comment_post_ID,
			'parent'  => (int) $comment->comment_parent,
			'author'  => $comment->comment_author,
			'content' => get_comment_text( $comment ),
			'date'    => mysql_to_rfc3339( $comment->comment_date_gmt ),
			'url'     => get_comment_link( $comment ),
		);
	}
}
