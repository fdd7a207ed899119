<?php
/**
 * The token route over real HTTP against the site's server: cookies, nonces, visitors.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Jwt;

final class TokenRestTest extends TestCase {

	public function test_an_anonymous_request_is_refused(): void {
		[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token' );

		$this->assertSame( 401, $status );
		$this->assertSame( 'rest_forbidden', $body['code'] );
	}

	public function test_a_logged_in_user_with_the_nonce_header_gets_a_token(): void {
		$cookies = $this->login( 'subscriber' );
		$response = wp_remote_get(
			self::site()['restUrl'] . 'wpsignal/v1/token',
			array(
				'cookies' => $cookies,
				'headers' => array( 'X-WP-Nonce' => $this->rest_nonce( $cookies ) ),
			)
		);
		$body   = json_decode( wp_remote_retrieve_body( $response ), true );
		$claims = Jwt::decode( $body['token'], self::JWT_SECRET );

		$this->assertSame( 200, wp_remote_retrieve_response_code( $response ) );
		$this->assertStringContainsString( 'no-store', wp_remote_retrieve_header( $response, 'cache-control' ) );
		$this->assertSame( (string) $this->user_id( 'subscriber' ), $claims['user_id'] );
		$this->assertSame( $claims['exp'], $body['expires_at'] );
		$this->assertArrayHasKey( 'posts', $body['keys'] );
	}

	public function test_the_nonce_may_come_as_the_wpnonce_parameter_of_a_post(): void {
		$cookies = $this->login( 'editor' );
		[ $status, $body ] = $this->rest_http(
			'POST',
			'/wpsignal/v1/token?_wpnonce=' . $this->rest_nonce( $cookies ),
			array( 'cookies' => $cookies )
		);

		$this->assertSame( 200, $status );
		$this->assertSame( (string) $this->user_id( 'editor' ), Jwt::decode( $body['token'], self::JWT_SECRET )['user_id'] );
	}

	public function test_cookies_without_a_nonce_count_as_a_visitor_and_are_refused(): void {
		[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token', array( 'cookies' => $this->login( 'admin' ) ) );

		$this->assertSame( 401, $status );
		$this->assertSame( 'rest_forbidden', $body['code'] );
	}

	public function test_a_wrong_nonce_is_refused(): void {
		[ $status, $body ] = $this->rest_http(
			'GET',
			'/wpsignal/v1/token',
			array(
				'cookies' => $this->login( 'admin' ),
				'headers' => array( 'X-WP-Nonce' => '0123456789' ),
			)
		);

		$this->assertSame( 403, $status );
		$this->assertSame( 'rest_cookie_invalid_nonce', $body['code'] );
	}

	public function test_wpsignal_allow_client_opens_the_route_to_visitors(): void {
		$this->committed(
			static function () {
				update_option( 'wordsocket_fixture_allow_client', '1' );
			}
		);

		try {
			[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token' );
		} finally {
			$this->committed(
				static function () {
					delete_option( 'wordsocket_fixture_allow_client' );
				}
			);
		}

		$this->assertSame( 200, $status );
		$this->assertSame( '0', Jwt::decode( $body['token'], self::JWT_SECRET )['user_id'] );
	}

	public function test_a_bad_channels_parameter_gets_a_defined_error(): void {
		$cookies = $this->login( 'subscriber' );
		$nonce   = $this->rest_nonce( $cookies );

		[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token?channels[]=has%20space', array( 'cookies' => $cookies, 'headers' => array( 'X-WP-Nonce' => $nonce ) ) );
		$this->assertSame( 400, $status );
		$this->assertSame( 'invalid_channel', $body['code'] );

		[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token?channels[]=options', array( 'cookies' => $cookies, 'headers' => array( 'X-WP-Nonce' => $nonce ) ) );
		$this->assertSame( 403, $status );
		$this->assertSame( 'forbidden', $body['code'] );

		[ $status, $body ] = $this->rest_http( 'GET', '/wpsignal/v1/token?channels[a][b]=1', array( 'cookies' => $cookies, 'headers' => array( 'X-WP-Nonce' => $nonce ) ) );
		$this->assertSame( 400, $status );
		$this->assertSame( 'rest_invalid_param', $body['code'] );
	}
}
