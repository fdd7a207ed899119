<?php
/**
 * Connecting the site to a relay and disconnecting it (docs/protocol.md section 9).
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Three ways in and one way out:
 *
 * - manual: the owner gives the relay URL and the operator API key; WordPress registers itself
 *   with `POST /api/sites/register` and keeps the three credentials (the key is not stored);
 * - automatic: WordPress sends the admin to the relay's authorize page with a per-admin `state`
 *   and a PKCE challenge; the relay sends them back with a single-use code, which WordPress
 *   exchanges with its verifier at `POST /api/connect/exchange`;
 * - disconnect: `POST /api/sites/unregister`, then the credentials are forgotten.
 *
 * @since 0.1.0
 */
final class Connect {

	const STATE_TRANSIENT = 'wpsignal_connect_';
	const STATE_TTL       = 600;
	const CALLBACK_ARG    = 'wpsignal-connect';

	/**
	 * Registers the site with an operator API key.
	 *
	 * @param string $relay_url The relay's base URL.
	 * @param string $api_key   The relay's operator API key (used once, never stored).
	 * @return true|WP_Error
	 */
	public static function manual( string $relay_url, string $api_key ) {
		$relay_url = self::relay_url( $relay_url );
		if ( is_wp_error( $relay_url ) ) {
			return $relay_url;
		}
		if ( '' === trim( $api_key ) ) {
			return new WP_Error( 'wpsignal_invalid_api_key', __( 'Enter the relay\'s operator API key.', 'wordsocket' ), array( 'status' => 400 ) );
		}

		$answer = self::call(
			$relay_url . '/api/sites/register',
			array(
				'site_url'  => home_url( '/' ),
				'site_name' => self::site_name(),
			),
			array( 'Authorization' => 'Bearer ' . trim( $api_key ) )
		);

		return is_wp_error( $answer ) ? $answer : self::store( $relay_url, $answer );
	}

	/**
	 * Starts the automatic flow for the current admin: remembers a fresh state and PKCE
	 * verifier and returns the relay's authorize URL to send the browser to.
	 *
	 * @param string $relay_url The relay's base URL.
	 * @return string|WP_Error
	 */
	public static function start( string $relay_url ) {
		$relay_url = self::relay_url( $relay_url );
		if ( is_wp_error( $relay_url ) ) {
			return $relay_url;
		}

		$state    = bin2hex( random_bytes( 16 ) );
		$verifier = Jwt::base64url( random_bytes( 48 ) );
		set_transient(
			self::STATE_TRANSIENT . get_current_user_id(),
			array(
				'state'     => $state,
				'verifier'  => $verifier,
				'relay_url' => $relay_url,
			),
			self::STATE_TTL
		);

		return add_query_arg(
			rawurlencode_deep(
				array(
					'site_url'              => home_url( '/' ),
					'site_name'             => self::site_name(),
					'callback_url'          => self::callback_url(),
					'state'                 => $state,
					'code_challenge'        => Jwt::base64url( hash( 'sha256', $verifier, true ) ),
					'code_challenge_method' => 'S256',
				)
			),
			$relay_url . '/dashboard/connect'
		);
	}

	/**
	 * Finishes the automatic flow: checks the state against the one remembered for this admin
	 * (single use), then exchanges the code.
	 *
	 * @param string $code  The code the relay sent back.
	 * @param string $state The state the relay sent back.
	 * @return true|WP_Error
	 */
	public static function finish( string $code, string $state ) {
		$key     = self::STATE_TRANSIENT . get_current_user_id();
		$pending = get_transient( $key );
		delete_transient( $key );

		if ( ! is_array( $pending ) || ! is_string( $pending['state'] ?? null ) || '' === $state || ! hash_equals( $pending['state'], $state ) ) {
			return new WP_Error( 'wpsignal_connect_state', __( 'This connection request is unknown or expired. Start again.', 'wordsocket' ), array( 'status' => 400 ) );
		}
		if ( '' === $code ) {
			return new WP_Error( 'wpsignal_connect_denied', __( 'The relay did not approve the connection.', 'wordsocket' ), array( 'status' => 400 ) );
		}

		$answer = self::call(
			$pending['relay_url'] . '/api/connect/exchange',
			array(
				'code'          => $code,
				'code_verifier' => $pending['verifier'],
				'callback_url'  => self::callback_url(),
			)
		);

		return is_wp_error( $answer ) ? $answer : self::store( $pending['relay_url'], $answer );
	}

	/**
	 * Removes the site from the relay and forgets the credentials. With `$force`, the
	 * credentials are forgotten even when the relay cannot be reached or refuses.
	 *
	 * @param bool $force Forget the credentials whatever the relay says.
	 * @return true|WP_Error
	 */
	public static function disconnect( bool $force = false ) {
		if ( ! Config::is_connected() ) {
			return new WP_Error( 'wpsignal_not_connected', __( 'This site is not connected to a relay.', 'wordsocket' ), array( 'status' => 409 ) );
		}

		$answer = self::call(
			Config::relay_url() . '/api/sites/unregister',
			array(
				'site_key'       => Config::site_key(),
				'publish_secret' => Config::publish_secret(),
			)
		);
		if ( is_wp_error( $answer ) && ! $force ) {
			return $answer;
		}

		Config::clear_credentials();

		return true;
	}

	/**
	 * Where the relay sends the admin back to.
	 */
	public static function callback_url(): string {
		return add_query_arg( self::CALLBACK_ARG, '1', admin_url( 'options-general.php?page=wordsocket' ) );
	}

	/**
	 * `admin_init` callback: completes the automatic flow when the relay sends the admin back,
	 * then redirects to the settings page with the outcome.
	 */
	public static function handle_callback(): void {
		if ( ! isset( $_GET[ self::CALLBACK_ARG ] ) || ! current_user_can( 'manage_options' ) ) {
			return;
		}

		// The state parameter, matched against this admin's stored state, is the CSRF check here.
		$code   = isset( $_GET['code'] ) ? sanitize_text_field( wp_unslash( $_GET['code'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$state  = isset( $_GET['state'] ) ? sanitize_text_field( wp_unslash( $_GET['state'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$result = self::finish( $code, $state );

		$outcome = is_wp_error( $result ) ? $result->get_error_code() : 'connected';
		wp_safe_redirect( add_query_arg( 'wpsignal-connected', rawurlencode( $outcome ), admin_url( 'options-general.php?page=wordsocket' ) ) );
		exit;
	}

	/**
	 * @param string $relay_url What the owner typed.
	 * @return string|WP_Error The URL without a trailing slash.
	 */
	private static function relay_url( string $relay_url ) {
		$relay_url = untrailingslashit( esc_url_raw( trim( $relay_url ), array( 'http', 'https' ) ) );
		$host = (string) wp_parse_url( $relay_url, PHP_URL_HOST );
		if ( '' === $relay_url || 1 !== preg_match( '/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i', $host ) ) {
			return new WP_Error( 'wpsignal_invalid_relay_url', __( 'The relay URL must be an http:// or https:// address.', 'wordsocket' ), array( 'status' => 400 ) );
		}

		return $relay_url;
	}

	/**
	 * POSTs JSON to the relay and returns the decoded answer, or a WP_Error that carries the
	 * relay's error code.
	 *
	 * @param string               $url     Endpoint.
	 * @param array<string,string> $body    JSON body.
	 * @param array<string,string> $headers Extra headers.
	 * @return array<string,mixed>|WP_Error
	 */
	private static function call( string $url, array $body, array $headers = array() ) {
		$response = wp_remote_post(
			$url,
			array(
				'body'        => wp_json_encode( $body ),
				'headers'     => array( 'Content-Type' => 'application/json' ) + $headers,
				'timeout'     => 10,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error( 'wpsignal_relay_unreachable', $response->get_error_message(), array( 'status' => 502 ) );
		}

		$status = (int) wp_remote_retrieve_response_code( $response );
		$answer = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( $status < 200 || $status >= 300 || ! is_array( $answer ) ) {
			$code = is_array( $answer ) && is_string( $answer['error'] ?? null ) ? $answer['error'] : 'http_' . $status;

			/* translators: 1: HTTP status, 2: error code from the relay */
			return new WP_Error( 'wpsignal_relay_refused', sprintf( __( 'The relay answered %1$d (%2$s).', 'wordsocket' ), $status, $code ), array( 'status' => 502, 'relay_error' => $code ) );
		}

		return $answer;
	}

	/**
	 * Keeps the credentials a relay handed over, after checking their form.
	 *
	 * @param string              $relay_url The relay's base URL.
	 * @param array<string,mixed> $answer    `{site_key, publish_secret, jwt_secret}`.
	 * @return true|WP_Error
	 */
	private static function store( string $relay_url, array $answer ) {
		foreach ( array( 'site_key', 'publish_secret', 'jwt_secret' ) as $name ) {
			if ( ! is_string( $answer[ $name ] ?? null ) || 1 !== preg_match( '/^[\x21-\x7e]{16,256}$/', $answer[ $name ] ) ) {
				return new WP_Error( 'wpsignal_relay_answer', __( 'The relay\'s answer did not hold usable credentials.', 'wordsocket' ), array( 'status' => 502 ) );
			}
		}

		Config::save_credentials( $relay_url, $answer['site_key'], $answer['publish_secret'], $answer['jwt_secret'] );

		return true;
	}

	private static function site_name(): string {
		$name = wp_strip_all_tags( (string) get_bloginfo( 'name' ) );

		return '' === $name ? (string) wp_parse_url( home_url(), PHP_URL_HOST ) : mb_substr( $name, 0, 200 );
	}
}
