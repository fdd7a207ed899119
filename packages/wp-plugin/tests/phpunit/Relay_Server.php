<?php
/**
 * The real reference relay (@wordsocket/server), started for the connect tests.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

/**
 * Runs `packages/server/dist/bin.js start` on 127.0.0.1 with a known operator key and a
 * throwaway data folder, and plays the operator in its dashboard. Stopped by the process it
 * started. Needs the server built (`npm run build`).
 */
final class Relay_Server {

	const PORT         = 8896;
	const OPERATOR_KEY = 'operator-key-for-wordsocket-plugin-tests-0123456789';

	/** @var resource|null */
	private static $process = null;

	/** @var string */
	private static $data_dir = '';

	public static function url(): string {
		return 'http://127.0.0.1:' . self::PORT;
	}

	/**
	 * Starts the relay unless it runs; null when it can be started, else why not.
	 */
	public static function start(): ?string {
		if ( null !== self::$process ) {
			return null;
		}

		$bin = dirname( __DIR__, 3 ) . '/server/dist/bin.js';
		if ( ! is_file( $bin ) ) {
			return "the reference server is not built ($bin missing; run npm run build)";
		}

		self::$data_dir = sys_get_temp_dir() . '/wordsocket-relay-' . getmypid();
		wp_mkdir_p( self::$data_dir );
		$env = array(
			'PATH'                 => (string) getenv( 'PATH' ),
			'HOME'                 => (string) getenv( 'HOME' ),
			'WORDSOCKET_ADMIN_KEY' => self::OPERATOR_KEY,
			'WORDSOCKET_LOG_LEVEL' => 'warn',
		);
		$log           = array( 'file', self::$data_dir . '.log', 'a' );
		self::$process = proc_open(
			array( 'node', $bin, 'start', '--host', '127.0.0.1', '--port', (string) self::PORT, '--data-dir', self::$data_dir ),
			array( array( 'file', '/dev/null', 'r' ), $log, $log ),
			$pipes,
			null,
			$env
		);
		register_shutdown_function( array( self::class, 'stop' ) );

		$deadline = microtime( true ) + 15;
		while ( microtime( true ) < $deadline ) {
			$response = wp_remote_get( self::url() . '/healthz', array( 'timeout' => 1 ) );
			if ( 200 === wp_remote_retrieve_response_code( $response ) ) {
				return null;
			}
			usleep( 100000 );
		}

		self::stop();

		return 'the reference server did not answer /healthz within 15 s; see ' . self::$data_dir . '.log';
	}

	/**
	 * Stops the relay it started and removes its data.
	 */
	public static function stop(): void {
		if ( null === self::$process ) {
			return;
		}

		proc_terminate( self::$process );
		proc_close( self::$process );
		self::$process = null;
		if ( is_dir( self::$data_dir ) ) {
			exec( 'rm -rf ' . escapeshellarg( self::$data_dir ) );
		}
	}

	/**
	 * Plays the operator as a browser would: logs in to the dashboard, opens the authorize page
	 * and submits its form with the given decision. Returns the Location the relay sends the
	 * browser to (WordPress's callback URL with `code` and `state`).
	 *
	 * @param string $authorize_url The URL WordPress sent the admin to.
	 * @param string $decision      'approve' or 'deny'.
	 */
	public static function operator_decides( string $authorize_url, string $decision = 'approve' ): string {
		$login   = wp_remote_get( self::url() . '/dashboard/login' );
		$cookies = wp_remote_retrieve_cookies( $login );
		$token   = self::hidden_inputs( wp_remote_retrieve_body( $login ) )['login_token'];

		$session = wp_remote_post(
			self::url() . '/dashboard/login',
			array(
				'cookies'     => $cookies,
				'redirection' => 0,
				'body'        => array(
					'login_token' => $token,
					'key'         => self::OPERATOR_KEY,
					'next'        => '/dashboard',
				),
			)
		);
		$cookies = wp_remote_retrieve_cookies( $session );

		$page   = wp_remote_get( $authorize_url, array( 'cookies' => $cookies ) );
		$fields = self::hidden_inputs( wp_remote_retrieve_body( $page ) );
		if ( ! isset( $fields['csrf_token'] ) ) {
			throw new \RuntimeException( 'no authorize form: ' . wp_remote_retrieve_body( $page ) );
		}

		// The relay's authorize form (packages/server/src/dashboard/pages.ts) leaves out
		// code_challenge_method, which its own POST handler then requires, so a real browser's
		// Approve is answered 400. Reported; sent here only while the form lacks it.
		$fields += array( 'code_challenge_method' => 'S256' );

		$decided = wp_remote_post(
			self::url() . '/dashboard/connect',
			array(
				'cookies'     => $cookies,
				'redirection' => 0,
				'body'        => $fields + array( 'decision' => $decision ),
			)
		);

		return (string) wp_remote_retrieve_header( $decided, 'location' );
	}

	/**
	 * `name => value` of the hidden inputs of an HTML page.
	 *
	 * @param string $html Page.
	 * @return array<string,string>
	 */
	private static function hidden_inputs( string $html ): array {
		preg_match_all( '/<input type="hidden" name="([^"]+)" value="([^"]*)">/', $html, $matches, PREG_SET_ORDER );
		$fields = array();
		foreach ( $matches as $match ) {
			$fields[ $match[1] ] = html_entity_decode( $match[2], ENT_QUOTES, 'UTF-8' );
		}

		return $fields;
	}
}
