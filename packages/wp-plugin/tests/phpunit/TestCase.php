<?php
/**
 * Base class of the plugin's tests.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Grants;
use WPSignal\Publisher;
use WPSignal\Registry;

/**
 * Each test runs inside a database transaction that is rolled back afterwards, so what a test
 * writes in this process never reaches the next one. What the site's HTTP server must see
 * (credentials, the fixture plugin) is written once, committed, by Fixtures::install().
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase {

	const SITE_KEY       = Fixtures::SITE_KEY;
	const PUBLISH_SECRET = Fixtures::PUBLISH_SECRET;
	const JWT_SECRET     = Fixtures::JWT_SECRET;
	const CAPTURE_PORT   = Fixtures::CAPTURE_PORT;

	/** @var array<int,array{0:string,1:callable,2:int}> */
	private $filters = array();

	/** @var \WPSignal\Trigger[] */
	private $triggers_before = array();

	/**
	 * Puts the committed fixtures back (credentials, fixture plugin); see Fixtures::install().
	 */
	public static function install_fixtures(): void {
		Fixtures::install();
	}

	/**
	 * The capture server's URL, which the test site uses as its relay.
	 */
	public static function capture_url(): string {
		return Fixtures::capture_url();
	}

	/**
	 * The site description written by scripts/wp-env.
	 *
	 * @return array<string,mixed>
	 */
	protected static function site(): array {
		return $GLOBALS['wordsocket_test_env'];
	}

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;

		$wpdb->query( 'START TRANSACTION' );
		wp_set_current_user( 0 );
		Publisher::clear_pending();
		$this->triggers_before = Registry::all();
	}

	protected function tearDown(): void {
		global $wpdb;

		foreach ( $this->filters as $filter ) {
			remove_filter( $filter[0], $filter[1], $filter[2] );
		}
		$this->filters = array();
		foreach ( Registry::all() as $trigger ) {
			if ( ! in_array( $trigger, $this->triggers_before, true ) ) {
				$trigger->unregister();
			}
		}
		Grants::reset();
		Grants::register_defaults();
		Publisher::clear_pending();
		$wpdb->query( 'ROLLBACK' );
		wp_cache_flush();
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/**
	 * Runs `$change` outside the test's transaction, so the site's HTTP server sees it. What it
	 * writes stays: the caller undoes it (in a `finally`).
	 *
	 * @param callable $change Writes to commit.
	 */
	protected function committed( callable $change ): void {
		global $wpdb;

		$wpdb->query( 'COMMIT' );
		try {
			$change();
		} finally {
			$wpdb->query( 'START TRANSACTION' );
		}
	}

	/**
	 * Adds a filter for this test only.
	 *
	 * @param string   $hook     Hook name.
	 * @param callable $callback Callback.
	 * @param int      $priority Priority.
	 * @param int      $args     Accepted arguments.
	 */
	protected function filter( string $hook, callable $callback, int $priority = 10, int $args = 1 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->filters[] = array( $hook, $callback, $priority );
	}

	/**
	 * The id of one of the site's test users: 'admin', 'editor' or 'subscriber'.
	 *
	 * @param string $role Role key in env.json.
	 */
	protected function user_id( string $role ): int {
		return get_user_by( 'login', self::site()['users'][ $role ]['login'] )->ID;
	}

	/**
	 * Logs a test user in over HTTP and returns the session cookies.
	 *
	 * @param string $role Role key in env.json.
	 * @return \WP_Http_Cookie[]
	 */
	protected function login( string $role ): array {
		$user     = self::site()['users'][ $role ];
		$response = wp_remote_post(
			self::site()['url'] . '/wp-login.php',
			array(
				'body'        => array(
					'log'        => $user['login'],
					'pwd'        => $user['password'],
					'testcookie' => '1',
				),
				'cookies'     => array( 'wordpress_test_cookie' => 'WP Cookie check' ),
				'redirection' => 0,
			)
		);
		$this->assertSame( 302, wp_remote_retrieve_response_code( $response ), 'login of ' . $role );

		return wp_remote_retrieve_cookies( $response );
	}

	/**
	 * A REST nonce for the logged-in session, from WordPress's own rest-nonce endpoint.
	 *
	 * @param \WP_Http_Cookie[] $cookies Session cookies.
	 */
	protected function rest_nonce( array $cookies ): string {
		$response = wp_remote_get(
			self::site()['url'] . '/wp-admin/admin-ajax.php?action=rest-nonce',
			array( 'cookies' => $cookies )
		);
		$nonce    = trim( wp_remote_retrieve_body( $response ) );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{10}$/', $nonce );

		return $nonce;
	}

	/**
	 * Sends a request to the site's REST API over HTTP and returns [status, decoded body].
	 *
	 * @param string               $method  HTTP method.
	 * @param string               $route   Route, for example '/wpsignal/v1/token'.
	 * @param array<string,mixed>  $args    wp_remote_request() arguments (cookies, headers, body).
	 * @return array{0:int,1:mixed}
	 */
	protected function rest_http( string $method, string $route, array $args = array() ): array {
		$args['method'] = $method;
		$args['timeout'] = 20;
		$response       = wp_remote_request( self::site()['restUrl'] . ltrim( $route, '/' ), $args );
		$this->assertNotWPError( $response );

		return array( wp_remote_retrieve_response_code( $response ), json_decode( wp_remote_retrieve_body( $response ), true ) );
	}

	/**
	 * @param mixed  $value   Value.
	 * @param string $message Failure message.
	 */
	protected function assertNotWPError( $value, string $message = '' ): void {
		$this->assertFalse( is_wp_error( $value ), $message . ( is_wp_error( $value ) ? ' ' . $value->get_error_code() . ': ' . $value->get_error_message() : '' ) );
	}

	/**
	 * Asserts a WP_Error with this code (and status, when given).
	 *
	 * @param string   $code   Expected error code.
	 * @param mixed    $value  Value.
	 * @param int|null $status Expected `status` in the error data.
	 */
	protected function assertWPError( string $code, $value, ?int $status = null ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
		$this->assertSame( $code, $value->get_error_code(), $value->get_error_message() );
		if ( null !== $status ) {
			$this->assertSame( $status, $value->get_error_data()['status'] ?? null );
		}
	}
}
