<?php
/**
 * REST: /wpsignal/v1/triggers.
 *
 * @package WPSignal
 */

namespace WPSignal\Rest;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPSignal\Custom_Triggers;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Create, read, update and delete custom trigger rows; administrators only.
 *
 * @since 0.1.0
 */
final class Triggers_Controller {

	const ID_PATTERN = '(?P<id>ct_[0-9a-f]{12})';

	/**
	 * Registers the routes.
	 */
	public static function register_routes(): void {
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/triggers',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( self::class, 'list_rows' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( self::class, 'create_row' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
			)
		);

		register_rest_route(
			Token_Controller::NAMESPACE,
			'/triggers/' . self::ID_PATTERN,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( self::class, 'get_row' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( self::class, 'update_row' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( self::class, 'delete_row' ),
					'permission_callback' => array( self::class, 'permission' ),
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

		return new WP_Error( 'rest_forbidden', __( 'You may not manage WordSocket triggers.', 'wordsocket' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * GET /triggers.
	 */
	public static function list_rows(): WP_REST_Response {
		return new WP_REST_Response( Custom_Triggers::all() );
	}

	/**
	 * POST /triggers.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_row( WP_REST_Request $request ) {
		$row = Custom_Triggers::create( self::fields( $request ) );

		return is_wp_error( $row ) ? $row : new WP_REST_Response( $row, 201 );
	}

	/**
	 * GET /triggers/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_row( WP_REST_Request $request ) {
		$row = Custom_Triggers::find( (string) $request['id'] );

		return null === $row
			? new WP_Error( 'wpsignal_trigger_not_found', __( 'No custom trigger has this id.', 'wordsocket' ), array( 'status' => 404 ) )
			: new WP_REST_Response( $row );
	}

	/**
	 * PUT|PATCH /triggers/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_row( WP_REST_Request $request ) {
		$row = Custom_Triggers::update( (string) $request['id'], self::fields( $request ) );

		return is_wp_error( $row ) ? $row : new WP_REST_Response( $row );
	}

	/**
	 * DELETE /triggers/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_row( WP_REST_Request $request ) {
		$row = Custom_Triggers::delete( (string) $request['id'] );

		return is_wp_error( $row ) ? $row : new WP_REST_Response(
			array(
				'deleted'  => true,
				'previous' => $row,
			)
		);
	}

	/**
	 * The row fields a request sent (JSON body or form), nothing else.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array<string,mixed>
	 */
	private static function fields( WP_REST_Request $request ): array {
		$body   = $request->get_json_params();
		$source = is_array( $body ) ? $body : $request->get_body_params();
		$fields = array();
		foreach ( array( 'type', 'target', 'priority', 'args', 'channel', 'event', 'read', 'enabled' ) as $name ) {
			if ( array_key_exists( $name, $source ) ) {
				$fields[ $name ] = $source[ $name ];
			}
		}

		return $fields;
	}
}
