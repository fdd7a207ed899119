<?php
/**
 * Connect and disconnect against the real reference relay, started by the test.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Connect;
use WPSignal\Crypto;
use WPSignal\Publisher;
use WPSignal\Tokens;

final class ConnectTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();

		$problem = Relay_Server::start();
		if ( null !== $problem ) {
			if ( '1' === getenv( 'WORDSOCKET_REQUIRE_SERVICES' ) ) {
				$this->fail( $problem );
			}
			$this->markTestSkipped( $problem );
		}
		wp_set_current_user( $this->user_id( 'admin' ) );
	}

	private function assert_real_relay_accepts_a_publish(): void {
		$this->assertTrue( Publisher::publish( 'posts', 'post.published', array( 'id' => 1 ) ) );
		$this->assertTrue( Publisher::flush(), wp_json_encode( Publisher::status() ) );
	}

	public function test_manual_connect_registers_the_site_and_the_relay_accepts_its_publishes(): void {
		$this->assertTrue( Connect::manual( Relay_Server::url() . '/', Relay_Server::OPERATOR_KEY ) );

		$this->assertSame( Relay_Server::url(), Config::relay_url() );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', Config::site_key() );
		$this->assertNotSame( self::SITE_KEY, Config::site_key() );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', Config::publish_secret() );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', Config::jwt_secret() );
		$this->assert_real_relay_accepts_a_publish();
	}

	public function test_the_relay_accepts_our_token_and_delivers_our_event_which_decrypts(): void {
		Connect::manual( Relay_Server::url(), Relay_Server::OPERATOR_KEY );
		$stream = $this->open_sse( Tokens::mint( 0 )['token'], 'posts' );
		$opening = $this->read_until( $stream, 'event: ready', "\n\n" );
		$this->assertStringContainsString( ' 200 ', $opening );
		$this->assertStringContainsString( 'event: ready', $opening );

		Publisher::publish( 'posts', 'post.published', array( 'title' => 'Through the relay' ) );
		Publisher::flush();
		$frame = $this->read_until( $stream, 'data: {"type":"message"', "\n" );
		fclose( $stream );

		$this->assertSame( 1, preg_match( '/^data: (\{"type":"message".*)$/m', $frame, $match ), $frame );
		$message = json_decode( $match[1], true );
		$this->assertSame( 'posts', $message['channel'] );
		$this->assertSame( 'server', $message['origin'] );
		$this->assertStringNotContainsString( 'Through the relay', $frame );
		$opened = Crypto::open( Crypto::key_for( 'posts' ), $message, 'posts' );
		$this->assertSame( array( 'title' => 'Through the relay' ), $opened['data'] );
	}

	public function test_the_relay_refuses_a_channel_our_token_does_not_grant(): void {
		Connect::manual( Relay_Server::url(), Relay_Server::OPERATOR_KEY );
		$stream = $this->open_sse( Tokens::mint( 0 )['token'], 'options' );
		$read   = $this->read_until( $stream, 'event: error', "\n\n" );
		fclose( $stream );

		$this->assertSame( 1, preg_match( '/event: error\r?\ndata: (\{.*\})/', $read, $match ), $read );
		$error = json_decode( $match[1], true );
		$this->assertSame( 'forbidden', $error['code'] );
		$this->assertSame( 'options', $error['channel'] );
	}

	/**
	 * Opens `GET /sse` on the relay over a raw socket.
	 *
	 * @return resource
	 */
	private function open_sse( string $token, string $channels ) {
		$stream = fsockopen( '127.0.0.1', Relay_Server::PORT, $errno, $errstr, 5 );
		$this->assertNotFalse( $stream, $errstr );
		stream_set_timeout( $stream, 5 );
		fwrite( $stream, 'GET /sse?token=' . rawurlencode( $token ) . '&channels=' . rawurlencode( $channels ) . " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n" );

		return $stream;
	}

	/**
	 * Reads until `$marker` has been seen (and then until `$then`, when given), or 5 seconds.
	 *
	 * @param resource $stream Socket.
	 */
	private function read_until( $stream, string $marker, string $then = '' ): string {
		$read     = '';
		$deadline = microtime( true ) + 5;
		while ( microtime( true ) < $deadline && ! feof( $stream ) ) {
			$at = strpos( $read, $marker );
			if ( false !== $at && ( '' === $then || false !== strpos( $read, $then, $at ) ) ) {
				break;
			}
			$read .= (string) fread( $stream, 8192 );
		}

		return $read;
	}

	public function test_a_wrong_api_key_is_refused_and_nothing_changes(): void {
		$result = Connect::manual( Relay_Server::url(), 'not-the-operator-key' );

		$this->assertWPError( 'wpsignal_relay_refused', $result, 502 );
		$this->assertSame( 'unauthorized', $result->get_error_data()['relay_error'] );
		$this->assertSame( self::SITE_KEY, Config::site_key() );
	}

	public function test_bad_relay_urls_and_an_unreachable_relay_get_defined_errors(): void {
		$this->assertWPError( 'wpsignal_invalid_relay_url', Connect::manual( 'ftp://127.0.0.1', 'k' ), 400 );
		$this->assertWPError( 'wpsignal_invalid_relay_url', Connect::manual( 'not a url', 'k' ), 400 );
		$this->assertWPError( 'wpsignal_invalid_api_key', Connect::manual( Relay_Server::url(), ' ' ), 400 );
		$this->assertWPError( 'wpsignal_relay_unreachable', Connect::manual( 'http://127.0.0.1:9', 'k' ), 502 );
	}

	public function test_automatic_connect_round_trip_with_state_and_pkce(): void {
		$authorize = Connect::start( Relay_Server::url() );
		parse_str( (string) wp_parse_url( $authorize, PHP_URL_QUERY ), $query );
		$this->assertStringStartsWith( Relay_Server::url() . '/dashboard/connect?', $authorize );
		$this->assertSame( 'S256', $query['code_challenge_method'] );
		$this->assertSame( Connect::callback_url(), $query['callback_url'] );

		$location = Relay_Server::operator_decides( $authorize );
		parse_str( (string) wp_parse_url( $location, PHP_URL_QUERY ), $back );
		$this->assertStringStartsWith( Connect::callback_url(), $location );
		$this->assertSame( $query['state'], $back['state'] );

		$this->assertTrue( Connect::finish( $back['code'], $back['state'] ) );
		$this->assertNotSame( self::SITE_KEY, Config::site_key() );
		$this->assert_real_relay_accepts_a_publish();

		$this->assertWPError( 'wpsignal_connect_state', Connect::finish( $back['code'], $back['state'] ), 400 );
	}

	public function test_a_state_from_another_admin_or_a_forged_one_is_refused(): void {
		$authorize = Connect::start( Relay_Server::url() );
		parse_str( (string) wp_parse_url( $authorize, PHP_URL_QUERY ), $query );

		wp_set_current_user( $this->user_id( 'editor' ) );
		$this->assertWPError( 'wpsignal_connect_state', Connect::finish( 'code', $query['state'] ), 400 );

		wp_set_current_user( $this->user_id( 'admin' ) );
		Connect::start( Relay_Server::url() );
		$this->assertWPError( 'wpsignal_connect_state', Connect::finish( 'code', 'forged' ), 400 );
		$this->assertSame( self::SITE_KEY, Config::site_key() );
	}

	public function test_a_denied_connect_stores_nothing(): void {
		$authorize = Connect::start( Relay_Server::url() );
		parse_str( (string) wp_parse_url( Relay_Server::operator_decides( $authorize, 'deny' ), PHP_URL_QUERY ), $back );

		$this->assertSame( 'access_denied', $back['error'] );
		$this->assertWPError( 'wpsignal_connect_denied', Connect::finish( $back['code'] ?? '', $back['state'] ), 400 );
		$this->assertSame( self::SITE_KEY, Config::site_key() );
	}

	public function test_disconnect_removes_the_site_from_the_relay_and_forgets_it(): void {
		Connect::manual( Relay_Server::url(), Relay_Server::OPERATOR_KEY );
		$credentials = array( Config::relay_url(), Config::site_key(), Config::publish_secret(), Config::jwt_secret() );

		$this->assertTrue( Connect::disconnect() );
		$this->assertFalse( Config::is_connected() );

		Config::save_credentials( ...$credentials );
		Publisher::publish( 'posts', 'e', 1 );
		$this->assertWPError( 'wpsignal_relay_refused', Publisher::flush(), 404 );
		$this->assertStringContainsString( 'unknown_site_key', Publisher::status()['message'] );
	}

	public function test_disconnect_from_a_relay_that_refuses_needs_force(): void {
		$this->assertWPError( 'wpsignal_relay_unreachable', ( function () {
			update_option( Config::RELAY_URL, 'http://127.0.0.1:9' );
			return Connect::disconnect();
		} )() );
		$this->assertTrue( Config::is_connected() );

		$this->assertTrue( Connect::disconnect( true ) );
		$this->assertFalse( Config::is_connected() );
		$this->assertWPError( 'wpsignal_not_connected', Connect::disconnect(), 409 );
	}

	public function test_connection_routes_are_for_administrators_and_never_show_a_secret(): void {
		wp_set_current_user( $this->user_id( 'editor' ) );
		$this->assertSame( 403, rest_do_request( new \WP_REST_Request( 'GET', '/wpsignal/v1/connection' ) )->get_status() );
		$this->assertSame( 403, rest_do_request( new \WP_REST_Request( 'POST', '/wpsignal/v1/connection/disconnect' ) )->get_status() );

		wp_set_current_user( $this->user_id( 'admin' ) );
		$response = rest_do_request( new \WP_REST_Request( 'GET', '/wpsignal/v1/connection' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['connected'] );
		$this->assertSame( Config::site_id(), $response->get_data()['site_id'] );
		$body = wp_json_encode( $response->get_data() );
		$this->assertStringNotContainsString( self::PUBLISH_SECRET, $body );
		$this->assertStringNotContainsString( self::JWT_SECRET, $body );
	}

	public function test_the_admins_browser_lands_on_the_callback_and_the_site_is_connected(): void {
		$cookies = $this->login( 'admin' );
		$nonce   = $this->rest_nonce( $cookies );

		try {
			[ $status, $body ] = $this->rest_http(
				'POST',
				'/wpsignal/v1/connection/start',
				array(
					'cookies' => $cookies,
					'headers' => array( 'X-WP-Nonce' => $nonce ),
					'body'    => array( 'relay_url' => Relay_Server::url() ),
				)
			);
			$this->assertSame( 200, $status );

			$landing = wp_remote_get( Relay_Server::operator_decides( $body['authorize_url'] ), array( 'cookies' => $cookies, 'redirection' => 0 ) );
			$this->assertSame( 302, wp_remote_retrieve_response_code( $landing ) );
			$this->assertStringContainsString( 'wpsignal-connected=connected', wp_remote_retrieve_header( $landing, 'location' ) );

			[ , $connection ] = $this->rest_http( 'GET', '/wpsignal/v1/connection', array( 'cookies' => $cookies, 'headers' => array( 'X-WP-Nonce' => $nonce ) ) );
			$this->assertTrue( $connection['connected'] );
			$this->assertNotSame( self::SITE_KEY, $connection['site_key'] );
		} finally {
			$this->committed( array( TestCase::class, 'install_fixtures' ) );
		}
	}
}
