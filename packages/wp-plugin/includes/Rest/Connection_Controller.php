<?php
/**
 * REST: /wpsignal/v1/connection.
 *
 * @package WPSignal
 */

namespace WPSignal\Rest;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPSignal\Config;
use WPSignal\Connect;
use WPSignal\Publisher;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The connection's state, and the connect and disconnect flows; administrators only. No route
 * ever answers with a secret.
 *
 * @since 0.1.0
 */
final class Connection_Controller {

	/**
	 * Registers the routes.
	 */
	public static function register_routes(): void {
		$admin = array( self::class, 'permission' );

		register_rest_route(
			Token_Controller::NAMESPACE,
			'/connection',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( self::class, 'status' ),
				'permission_callback' => $admin,
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/connection/manual',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'manual' ),
				'permission_callback' => $admin,
				'args'                => array(
					'relay_url' => array(
						'type'     => 'string',
						'required' => true,
					),
					'api_key'   => array(
						'type'     => 'string',
						'required' => true,
					),
				),
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/connection/start',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'start' ),
				'permission_callback' => $admin,
				'args'                => array(
					'relay_url' => array(
						'type'     => 'string',
						'required' => true,
					),
				),
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/connection/disconnect',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'disconnect' ),
				'permission_callback' => $admin,
				'args'                => array(
					'force' => array(
						'type'    => 'boolean',
						'default' => false,
					),
				),
			)
		);
	}

	/**
	 * Users who can `manage_options`.
	 *
	 * @return true|WP_Error
	 */
	public static function permission() {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}

		return new WP_Error( 'rest_forbidden', __( 'You may not manage the WordSocket connection.', 'wordsocket' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * GET /connection: connected or not, to which relay, the public identifiers, whether
	 * constants fix the settings, and the last delivery's outcome.
	 */
	public static function status(): WP_REST_Response {
		return new WP_REST_Response(
			array(
				'connected'     => Config::is_connected(),
				'relay_url'     => Config::relay_url(),
				'site_key'      => Config::site_key(),
				'site_id'       => '' === Config::site_key() ? '' : Config::site_id(),
				'constants'     => Config::is_constant( Config::SITE_KEY ) || Config::is_constant( Config::RELAY_URL ),
				'encryption'    => Config::encryption_version(),
				'last_delivery' => Publisher::status(),
			)
		);
	}

	/**
	 * POST /connection/manual.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function manual( WP_REST_Request $request ) {
		$result = Connect::manual( (string) $request['relay_url'], (string) $request['api_key'] );

		return is_wp_error( $result ) ? $result : self::status();
	}

	/**
	 * POST /connection/start: where to send the browser.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function start( WP_REST_Request $request ) {
		$url = Connect::start( (string) $request['relay_url'] );

		return is_wp_error( $url ) ? $url : new WP_REST_Response( array( 'authorize_url' => $url ) );
	}

	/**
	 * POST /connection/disconnect.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function disconnect( WP_REST_Request $request ) {
		$result = Connect::disconnect( (bool) $request['force'] );

		return is_wp_error( $result ) ? $result : self::status();
	}
}
