<?php
/**
 * Built-in triggers: posts of any public type published, updated, unpublished.
 *
 * @package WPSignal
 */

namespace WPSignal\Events;

use WP_Post;
use WPSignal\WPS;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Publishes `post.published`, `post.updated` and `post.unpublished` on the `posts` channel from
 * `wp_after_insert_post`, which fires once a save is complete, terms and meta included. Never for
 * autosaves, revisions, drafts or types that are not public; once per save even when a plugin
 * saves the post again from inside its `save_post`.
 *
 * @since 0.1.0
 */
final class Post_Events {

	const CHANNEL = 'posts';

	/**
	 * Ids of the posts whose `save_post` is running: a save nested in one (a plugin saving the
	 * post again from its `save_post` callback) is part of that save and is not announced.
	 *
	 * @var int[]
	 */
	private static $saving = array();

	/**
	 * Registers the three triggers.
	 */
	public static function register(): void {
		add_action( 'save_post', array( self::class, 'enter_save' ), PHP_INT_MIN );
		add_action( 'save_post', array( self::class, 'leave_save' ), PHP_INT_MAX );

		foreach ( array( 'published', 'updated', 'unpublished' ) as $kind ) {
			WPS::trigger( 'post.' . $kind )
				->on( 'wp_after_insert_post', 10, 4 )
				->channel( self::CHANNEL )
				->when(
					static function ( $post_id, $post, $update, $before ) use ( $kind ) {
						return self::claim( $kind, $post, $before );
					}
				)
				->data(
					static function ( $post_id, $post ) use ( $kind ) {
						return self::data( $post, $kind );
					}
				)
				->register();
		}
	}

	/**
	 * What a save did to a post's visibility: 'published', 'updated', 'unpublished' or null.
	 *
	 * @param WP_Post      $post   The post after the save.
	 * @param WP_Post|null $before The post before it, null for a new post.
	 */
	public static function transition( WP_Post $post, ?WP_Post $before ): ?string {
		$was = $before instanceof WP_Post && 'publish' === $before->post_status;
		$is  = 'publish' === $post->post_status;

		if ( $is ) {
			return $was ? 'updated' : 'published';
		}

		return $was ? 'unpublished' : null;
	}

	/**
	 * Whether a post type's posts are announced: public, viewable, not attachments.
	 *
	 * @param string $post_type Post type name.
	 */
	public static function is_announced_type( string $post_type ): bool {
		$object = get_post_type_object( $post_type );

		return $object && $object->public && is_post_type_viewable( $object ) && 'attachment' !== $post_type;
	}

	/**
	 * The `when` of each trigger; claims the event so one save announces it once.
	 *
	 * @param string $kind   'published', 'updated' or 'unpublished'.
	 * @param mixed  $post   The saved post.
	 * @param mixed  $before The post before the save.
	 */
	private static function claim( string $kind, $post, $before ): bool {
		if ( ! $post instanceof WP_Post || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return false;
		}
		if ( ! self::is_announced_type( $post->post_type ) ) {
			return false;
		}
		if ( self::transition( $post, $before instanceof WP_Post ? $before : null ) !== $kind ) {
			return false;
		}

		return ! in_array( $post->ID, self::$saving, true );
	}

	/**
	 * `save_post` callback, first of all.
	 *
	 * @param int $post_id Post id.
	 */
	public static function enter_save( $post_id ): void {
		self::$saving[] = (int) $post_id;
	}

	/**
	 * `save_post` callback, last of all.
	 *
	 * @param int $post_id Post id.
	 */
	public static function leave_save( $post_id ): void {
		$at = array_search( (int) $post_id, self::$saving, true );
		if ( false !== $at ) {
			array_splice( self::$saving, $at, 1 );
		}
	}

	/**
	 * The event's data: public facts only; an unpublished post is named by id and type.
	 *
	 * @param WP_Post $post The post.
	 * @param string  $kind 'published', 'updated' or 'unpublished'.
	 * @return array<string,mixed>
	 */
	private static function data( WP_Post $post, string $kind ): array {
		$data = array(
			'id'   => $post->ID,
			'type' => $post->post_type,
		);
		if ( 'unpublished' === $kind ) {
			return $data;
		}

		return $data + array(
			'title'    => html_entity_decode( get_the_title( $post ), ENT_QUOTES, 'UTF-8' ),
			'url'      => get_permalink( $post ),
			'author'   => (int) $post->post_author,
			'date'     => mysql_to_rfc3339( $post->post_date_gmt ),
			'modified' => mysql_to_rfc3339( $post->post_modified_gmt ),
		);
	}
}
