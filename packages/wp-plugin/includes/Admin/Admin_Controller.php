<?php
/**
 * REST routes of the admin app.
 *
 * @package WPSignal
 */

namespace WPSignal\Admin;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPSignal\Collaboration\Collaboration;
use WPSignal\Config;
use WPSignal\Grants;
use WPSignal\Rest\Token_Controller;
use WPSignal\WPS;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * `wpsignal/v1/admin/*`: the settings, the Explorer's overview of triggers and grants, a health
 * check of the relay made from the server, and a test publish. Administrators only
 * (`manage_options`), with the REST nonce like every cookie-authenticated REST call.
 *
 * @since 0.1.0
 */
final class Admin_Controller {

	/**
	 * Registers the routes.
	 */
	public static function register_routes(): void {
		$admin = array( self::class, 'permission' );

		register_rest_route(
			Token_Controller::NAMESPACE,
			'/admin/settings',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( self::class, 'settings' ),
					'permission_callback' => $admin,
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( self::class, 'update_settings' ),
					'permission_callback' => $admin,
					'args'                => array(
						'collaboration' => array(
							'type'     => 'boolean',
							'required' => false,
						),
						'relay_blind'   => array(
							'type'     => 'boolean',
							'required' => false,
						),
					),
				),
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/admin/overview',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( self::class, 'overview' ),
				'permission_callback' => $admin,
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/admin/health',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( self::class, 'health' ),
				'permission_callback' => $admin,
			)
		);
		register_rest_route(
			Token_Controller::NAMESPACE,
			'/admin/publish',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'publish' ),
				'permission_callback' => $admin,
				'args'                => array(
					'channel' => array(
						'type'     => 'string',
						'required' => true,
					),
					'event'   => array(
						'type'     => 'string',
						'required' => true,
					),
					'data'    => array(
						'required' => false,
					),
				),
			)
		);
	}

	/**
	 * Administrators only.
	 *
	 * @return true|WP_Error
	 */
	public static function permission() {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}

		return new WP_Error( 'rest_forbidden', __( 'You may not manage WordSocket.', 'wordsocket' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * The settings and what they lead to.
	 */
	public static function settings(): WP_REST_Response {
		return new WP_REST_Response(
			array(
				'collaboration'        => Collaboration::enabled(),
				'collaboration_status' => Collaboration::status(),
				'relay_blind'          => Collaboration::relay_blind(),
			)
		);
	}

	/**
	 * Saves the settings that the request names.
	 *
	 * @param WP_REST_Request $request The request.
	 */
	public static function update_settings( WP_REST_Request $request ): WP_REST_Response {
		if ( $request->has_param( 'collaboration' ) ) {
			update_option( Config::COLLABORATION, $request->get_param( 'collaboration' ) ? '1' : '0' );
		}
		if ( $request->has_param( 'relay_blind' ) ) {
			Collaboration::set_relay_blind( $request->get_param( 'relay_blind' ) );
		}

		return self::settings();
	}

	/**
	 * The registered triggers and channel grants.
	 */
	public static function overview(): WP_REST_Response {
		$grants = array();
		foreach ( Grants::all() as $prefix => $grant ) {
			$grants[] = array(
				'prefix'  => (string) $prefix,
				'read'    => self::rule( $grant['read'] ),
				'publish' => self::rule( $grant['publish'] ),
			);
		}

		return new WP_REST_Response(
			array(
				'triggers' => WPS::triggers(),
				'grants'   => $grants,
			)
		);
	}

	/**
	 * Asks the relay's `/healthz` from the server.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public static function health() {
		$relay = Config::relay_url();
		if ( '' === $relay ) {
			return new WP_Error( 'wpsignal_not_connected', __( 'No relay URL is set.', 'wordsocket' ), array( 'status' => 409 ) );
		}

		$started  = microtime( true );
		$response = wp_remote_get( $relay . '/healthz', array( 'timeout' => 5 ) );
		$elapsed  = (int) round( ( microtime( true ) - $started ) * 1000 );
		if ( is_wp_error( $response ) ) {
			return new WP_REST_Response(
				array(
					'ok'      => false,
					'status'  => 0,
					'ms'      => $elapsed,
					'message' => $response->get_error_message(),
				)
			);
		}

		$code = (int) wp_remote_retrieve_response_code( $response );
		$body = json_decode( (string) wp_remote_retrieve_body( $response ), true );

		return new WP_REST_Response(
			array(
				'ok'      => 200 === $code && is_array( $body ) && 'ok' === ( $body['status'] ?? null ),
				'status'  => $code,
				'ms'      => $elapsed,
				'message' => '',
			)
		);
	}

	/**
	 * Publishes a test event the way triggers do: encrypted, signed, after the response.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function publish( WP_REST_Request $request ) {
		$result = WPS::publish( (string) $request->get_param( 'channel' ), (string) $request->get_param( 'event' ), $request->get_param( 'data' ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}

		return new WP_REST_Response( array( 'queued' => true ), 202 );
	}

	/**
	 * A grant rule as text: `anyone`, `nobody`, a capability, or `per channel` for callbacks.
	 *
	 * @param mixed $rule The rule.
	 */
	private static function rule( $rule ): string {
		if ( true === $rule ) {
			return 'anyone';
		}
		if ( is_callable( $rule ) ) {
			return 'per channel';
		}

		return is_string( $rule ) && '' !== $rule ? $rule : 'nobody';
	}
}
