<?php
/**
 * Base class of the trigger tests.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Crypto;
use WPSignal\Publisher;

/**
 * Reads what the triggers published in this request, opened with each channel's key.
 */
abstract class TriggerTestCase extends TestCase {

	/**
	 * The events waiting to be sent, decrypted: [channel, event, data] each.
	 *
	 * @return array<int,array{0:string,1:string,2:mixed}>
	 */
	protected function published(): array {
		return array_map(
			function ( $message ) {
				$opened = Crypto::open( Crypto::key_for( $message['channel'] ), $message, $message['channel'] );
				$this->assertIsArray( $opened );

				return array( $message['channel'], $opened['event'], $opened['data'] );
			},
			Publisher::pending()
		);
	}

	/**
	 * Event names published so far.
	 *
	 * @return string[]
	 */
	protected function events(): array {
		return array_column( $this->published(), 1 );
	}

	/**
	 * Dispatches a REST request in this process as the given test user.
	 *
	 * @param string              $role   Role key in env.json.
	 * @param string              $method HTTP method.
	 * @param string              $route  Route.
	 * @param array<string,mixed> $params Body parameters.
	 */
	protected function rest_as( string $role, string $method, string $route, array $params = array() ): \WP_REST_Response {
		wp_set_current_user( $this->user_id( $role ) );
		$request = new \WP_REST_Request( $method, $route );
		$request->set_body_params( $params );
		$response = rest_do_request( $request );
		$this->assertLessThan( 300, $response->get_status(), wp_json_encode( $response->get_data() ) );

		return $response;
	}
}
