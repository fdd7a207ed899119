<?php
/**
 * REST: POST /wp-sync/v1/save.
 *
 * @package WPSignal
 */

namespace WPSignal\Collaboration;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The route the block editor's core-data posts a synced document to when a post is saved,
 * `{room: "postType/{type}:{id}", doc}`, which stock WordPress 7.1 does not register. The
 * document goes to the post's `_crdt_document` meta. Users who cannot edit the post are refused.
 *
 * @since 0.1.0
 */
final class Save_Controller {

	const NAMESPACE = 'wp-sync/v1';

	/**
	 * Registers the route unless another plugin already did.
	 */
	public static function register_routes(): void {
		if ( ! Collaboration::enabled() || isset( rest_get_server()->get_routes( self::NAMESPACE )[ '/' . self::NAMESPACE . '/save' ] ) ) {
			return;
		}

		register_rest_route(
			self::NAMESPACE,
			'/save',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'save' ),
				'permission_callback' => array( self::class, 'permission' ),
				'args'                => array(
					'room' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^postType/[a-z0-9_-]+:[1-9][0-9]*$',
					),
					'doc'  => array(
						'type'     => 'string',
						'required' => true,
					),
				),
			)
		);
	}

	/**
	 * Only users who can edit the room's post.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public static function permission( WP_REST_Request $request ) {
		$post = self::post( (string) $request->get_param( 'room' ) );
		if ( ! $post ) {
			return new WP_Error( 'rest_invalid_param', __( 'The room names no post.', 'wordsocket' ), array( 'status' => 400 ) );
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return new WP_Error( 'rest_forbidden', __( 'You may not edit this post.', 'wordsocket' ), array( 'status' => rest_authorization_required_code() ) );
		}

		return true;
	}

	/**
	 * Stores the document.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function save( WP_REST_Request $request ) {
		$post = self::post( (string) $request->get_param( 'room' ) );
		if ( ! $post ) {
			return new WP_Error( 'rest_invalid_param', __( 'The room names no post.', 'wordsocket' ), array( 'status' => 400 ) );
		}

		update_post_meta( $post->ID, Collaboration::META, wp_slash( (string) $request->get_param( 'doc' ) ) );

		return new WP_REST_Response( array( 'saved' => true ) );
	}

	/**
	 * The post a room `postType/{type}:{id}` names, when it exists with that type.
	 *
	 * @param string $room Room name.
	 */
	private static function post( string $room ): ?\WP_Post {
		if ( 1 !== preg_match( '#^postType/([a-z0-9_-]+):([1-9][0-9]*)$#', $room, $match ) ) {
			return null;
		}

		$post = get_post( (int) $match[2] );

		return $post instanceof \WP_Post && $post->post_type === $match[1] ? $post : null;
	}
}
