<?php
/**
 * REST: POST /wpsignal/v1/keys.
 *
 * @package WPSignal
 */

namespace WPSignal\Rest;

use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPSignal\Assets\Client_Config;
use WPSignal\Channels;
use WPSignal\Config;
use WPSignal\Grants;
use WPSignal\Tokens;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Hands a page the keys of channels it subscribes to after it loaded, with the checks of the
 * token route: the same permission (logged in, or `wpsignal_allow_client`, with the REST nonce)
 * and the same grants per channel. Channels the user may not read are listed in `refused`, so a
 * page can tell "not allowed" from "not yet asked".
 *
 * @since 0.1.0
 */
final class Keys_Controller {

	/**
	 * Registers the route.
	 */
	public static function register_routes(): void {
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/keys',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'keys' ),
				'permission_callback' => array( Token_Controller::class, 'permission' ),
				'args'                => array(
					'channels' => array(
						'description' => __( 'Channels whose keys the page needs.', 'wordsocket' ),
						'type'        => 'array',
						'items'       => array( 'type' => 'string' ),
						'minItems'    => 1,
						'maxItems'    => 50,
						'required'    => true,
					),
				),
			)
		);
	}

	/**
	 * Answers `{keys, refused, encryption}`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public static function keys( WP_REST_Request $request ) {
		if ( ! Config::is_connected() ) {
			return new \WP_Error( 'wpsignal_not_connected', __( 'This site is not connected to a relay.', 'wordsocket' ), array( 'status' => 503 ) );
		}

		$user_id = get_current_user_id();
		$grants  = Client_Config::grants( $user_id );
		// Registered namespaces are decided by Grants (longest prefix wins); only prefixes a
		// filter added beyond them grant by prefix here, as they do in the token.
		$filtered = array_values( array_diff( $grants['prefixes'], Grants::static_prefixes( 'read', $user_id ) ) );
		$readable = array();
		$refused  = array();
		foreach ( (array) $request->get_param( 'channels' ) as $channel ) {
			$bare = Channels::bare( $channel );
			if ( is_wp_error( $bare ) ) {
				// A name no channel can have is refused; echoed no longer than a channel may be.
				$refused[] = substr( (string) $channel, 0, Channels::MAX_BYTES );
				continue;
			}

			if ( Grants::can_read( $user_id, $bare ) || in_array( $bare, $grants['channels'], true ) || Channels::matches( $bare, $filtered ) ) {
				$readable[] = $bare;
			} else {
				$refused[] = (string) $channel;
			}
		}

		$response = new WP_REST_Response(
			array(
				'keys'       => (object) Tokens::keys( $readable ),
				'refused'    => $refused,
				'encryption' => Config::encryption_version(),
			)
		);
		$response->header( 'Cache-Control', 'no-store, private' );

		return $response;
	}
}
