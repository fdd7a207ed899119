<?php
/**
 * REST: GET|POST /wpsignal/v1/token.
 *
 * @package WPSignal
 */

namespace WPSignal\Rest;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPSignal\Tokens;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Hands a browser a fresh token and the keys of the channels it may read. Logged-in users only
 * (the REST nonce proves the request comes from a page of this site), unless
 * `wpsignal_allow_client` opens it to visitors.
 *
 * @since 0.1.0
 */
final class Token_Controller {

	const NAMESPACE = 'wpsignal/v1';

	/**
	 * Registers the route.
	 */
	public static function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/token',
			array(
				'methods'             => WP_REST_Server::READABLE . ', ' . WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'mint' ),
				'permission_callback' => array( self::class, 'permission' ),
				'args'                => array(
					'channels' => array(
						'description' => __( 'Channels the page wants to read, beyond the built-in ones.', 'wordsocket' ),
						'type'        => 'array',
						'items'       => array( 'type' => 'string' ),
						'maxItems'    => 50,
						'default'     => array(),
					),
				),
			)
		);
	}

	/**
	 * Logged-in users, or anyone when `wpsignal_allow_client` says so.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public static function permission( WP_REST_Request $request ) {
		if ( is_user_logged_in() ) {
			return true;
		}

		/**
		 * Filters whether visitors (not logged in) may get a token.
		 *
		 * @since 0.1.0
		 *
		 * @param bool            $allow   False by default.
		 * @param WP_REST_Request $request The token request.
		 */
		if ( true === apply_filters( 'wpsignal_allow_client', false, $request ) ) {
			return true;
		}

		return new WP_Error( 'rest_forbidden', __( 'Log in to receive a realtime token.', 'wordsocket' ), array( 'status' => 401 ) );
	}

	/**
	 * Mints the token.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function mint( WP_REST_Request $request ) {
		$minted = Tokens::mint( get_current_user_id(), (array) $request->get_param( 'channels' ) );
		if ( is_wp_error( $minted ) ) {
			return $minted;
		}

		$response = new WP_REST_Response( $minted );
		$response->header( 'Cache-Control', 'no-store, private' );

		return $response;
	}
}
