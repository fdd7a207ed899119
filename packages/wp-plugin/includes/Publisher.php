<?php
/**
 * Sends events to the relay.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Seals events as they are published and sends them, signed, to `<relay>/publish` once the
 * response has gone to the browser (at `shutdown`, after `fastcgi_finish_request()` where the
 * server has it). What the relay does not take is kept in a bounded queue that WP-Cron retries;
 * the last outcome is recorded for the admin notice. Nothing here ever throws into the request.
 *
 * @since 0.1.0
 */
final class Publisher {

	const QUEUE_OPTION  = 'wpsignal_retry_queue';
	const STATUS_OPTION = 'wpsignal_publish_status';
	const RETRY_HOOK    = 'wpsignal_retry_publish';
	const MAX_QUEUE     = 500;
	const MAX_ATTEMPTS  = 5;
	const MAX_BATCH     = 100;
	const RETRY_DELAY   = 60;

	/**
	 * Sealed messages waiting for the end of the request.
	 *
	 * @var array<int,array{channel:string,event:string,data:array<string,mixed>}>
	 */
	private static $pending = array();

	/** @var bool */
	private static $flush_hooked = false;

	/**
	 * Seals one event and queues it for sending at the end of the request.
	 *
	 * @since 0.1.0
	 *
	 * @param string $channel Channel, bare or qualified.
	 * @param string $event   Event name: 1 to 200 characters, not starting with `wps.`.
	 * @param mixed  $data    Any JSON-encodable value.
	 * @return true|WP_Error
	 */
	public static function publish( string $channel, string $event, $data = null ) {
		$bare = Channels::bare( $channel );
		if ( is_wp_error( $bare ) ) {
			return $bare;
		}
		if ( '' === $event || strlen( $event ) > 200 || 0 === strpos( $event, 'wps.' ) ) {
			return new WP_Error( 'invalid_event', __( 'An event name is 1 to 200 characters and does not start with "wps.".', 'wordsocket' ), array( 'status' => 400 ) );
		}
		if ( ! Config::is_connected() ) {
			return new WP_Error( 'wpsignal_not_connected', __( 'This site is not connected to a relay.', 'wordsocket' ), array( 'status' => 503 ) );
		}

		$sealed = 1 === Config::encryption_version()
			? Crypto::seal_v1( Crypto::key_for( $bare, 1 ), $event, $data )
			: Crypto::seal_v2( Crypto::key_for( $bare, 2 ), $bare, $event, $data );
		if ( is_wp_error( $sealed ) ) {
			return $sealed;
		}

		self::$pending[] = array( 'channel' => $bare ) + $sealed;
		if ( ! self::$flush_hooked ) {
			self::$flush_hooked = true;
			add_action( 'shutdown', array( self::class, 'flush_after_response' ), 100 );
		}

		return true;
	}

	/**
	 * The messages waiting to be sent in this request.
	 *
	 * @return array<int,array{channel:string,event:string,data:array<string,mixed>}>
	 */
	public static function pending(): array {
		return self::$pending;
	}

	/**
	 * Drops the messages waiting in this request.
	 */
	public static function clear_pending(): void {
		self::$pending = array();
	}

	/**
	 * `shutdown` callback: ends the response first where the server allows it, then flushes.
	 */
	public static function flush_after_response(): void {
		if ( empty( self::$pending ) ) {
			return;
		}
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		} elseif ( function_exists( 'litespeed_finish_request' ) ) {
			litespeed_finish_request();
		}

		try {
			self::flush();
		} catch ( \Throwable $thrown ) {
			self::record( new WP_Error( 'wpsignal_publish_threw', $thrown->getMessage() ) );
		}
	}

	/**
	 * Sends the waiting messages now; see deliver() for what happens to refusals.
	 *
	 * @return true|WP_Error True, or the first failure.
	 */
	public static function flush() {
		$messages      = self::$pending;
		self::$pending = array();

		return self::deliver( $messages, 1 );
	}

	/**
	 * WP-Cron callback: sends what the retry queue holds; gives a message up after
	 * MAX_ATTEMPTS tries.
	 */
	public static function retry(): void {
		$queue = get_option( self::QUEUE_OPTION, array() );
		delete_option( self::QUEUE_OPTION );
		if ( ! is_array( $queue ) || empty( $queue ) ) {
			return;
		}

		$by_attempts = array();
		foreach ( $queue as $item ) {
			if ( is_array( $item ) && isset( $item['message'], $item['attempts'] ) ) {
				$by_attempts[ (int) $item['attempts'] ][] = $item['message'];
			}
		}

		foreach ( $by_attempts as $attempts => $messages ) {
			self::deliver( $messages, $attempts + 1 );
		}
	}

	/**
	 * Sends messages in batches of at most MAX_BATCH. A batch the relay refuses as a request (a
	 * baseline relay without batches, or one bad message in it) is sent again one message at a
	 * time. What failed for a reason that may pass (relay unreachable, 5xx, 401, 408, 429) goes
	 * to the retry queue as try number `$attempts`; what the relay refused for good is dropped.
	 *
	 * @param array<int,array<string,mixed>> $messages Sealed messages.
	 * @param int                            $attempts The try this is.
	 * @return true|WP_Error True, or the first failure.
	 */
	private static function deliver( array $messages, int $attempts ) {
		$failure = true;
		foreach ( array_chunk( $messages, self::MAX_BATCH ) as $chunk ) {
			$result = self::send( $chunk );
			$parts  = is_wp_error( $result ) && count( $chunk ) > 1 && ! self::retryable( $result )
				? array_chunk( $chunk, 1 )
				: array( $chunk );

			foreach ( $parts as $part ) {
				$outcome = count( $parts ) > 1 ? self::send( $part ) : $result;
				if ( ! is_wp_error( $outcome ) ) {
					continue;
				}
				if ( true === $failure ) {
					$failure = $outcome;
				}
				if ( self::retryable( $outcome ) ) {
					self::enqueue_retry( $part, $attempts );
				}
			}
		}

		return $failure;
	}

	/**
	 * Whether a failure may pass by itself: no answer, a server error, a stale clock, a timeout
	 * or a rate limit.
	 *
	 * @param WP_Error $error A failed send.
	 */
	private static function retryable( WP_Error $error ): bool {
		$status = (int) ( $error->get_error_data()['status'] ?? 0 );

		return 0 === $status || $status >= 500 || in_array( $status, array( 401, 408, 429 ), true );
	}

	/**
	 * Posts messages to the relay, signed: one message as `{channel, event, data}`, several as
	 * a `{"messages": […]}` batch.
	 *
	 * @param array<int,array<string,mixed>> $messages Sealed messages.
	 * @return true|WP_Error
	 */
	public static function send( array $messages ) {
		if ( ! Config::is_connected() ) {
			return self::record( new WP_Error( 'wpsignal_not_connected', __( 'This site is not connected to a relay.', 'wordsocket' ) ) );
		}

		$body     = (string) wp_json_encode( 1 === count( $messages ) ? $messages[0] : array( 'messages' => array_values( $messages ) ), Crypto::JSON_FLAGS );
		$response = wp_remote_post(
			Config::relay_url() . '/publish',
			array(
				'body'        => $body,
				'headers'     => array( 'Content-Type' => 'application/json' ) + Signature::headers( $body ),
				'timeout'     => 5,
				'redirection' => 0,
				'user-agent'  => 'WordSocket/' . WPSIGNAL_VERSION . '; ' . home_url( '/' ),
			)
		);

		if ( is_wp_error( $response ) ) {
			return self::record( new WP_Error( 'wpsignal_relay_unreachable', $response->get_error_message() ) );
		}

		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( $status < 200 || $status >= 300 ) {
			$answer = json_decode( wp_remote_retrieve_body( $response ), true );
			$code   = is_array( $answer ) && is_string( $answer['error'] ?? null ) ? $answer['error'] : 'http_' . $status;

			/* translators: 1: HTTP status, 2: error code from the relay */
			return self::record( new WP_Error( 'wpsignal_relay_refused', sprintf( __( 'The relay answered %1$d (%2$s).', 'wordsocket' ), $status, $code ), array( 'status' => $status ) ) );
		}

		return self::record( true, count( $messages ) );
	}

	/**
	 * The last outcome: `ok` (bool), `time` (unix), and `code`, `message` when it failed.
	 *
	 * @return array<string,mixed>
	 */
	public static function status(): array {
		$status = get_option( self::STATUS_OPTION, array() );

		return is_array( $status ) ? $status : array();
	}

	/**
	 * @param array<int,array<string,mixed>> $messages Sealed messages.
	 * @param int                            $attempts Tries made so far.
	 */
	private static function enqueue_retry( array $messages, int $attempts ): void {
		if ( $attempts > self::MAX_ATTEMPTS ) {
			return;
		}

		$queue = get_option( self::QUEUE_OPTION, array() );
		$queue = is_array( $queue ) ? $queue : array();
		foreach ( $messages as $message ) {
			$queue[] = array(
				'message'  => $message,
				'attempts' => $attempts,
			);
		}
		update_option( self::QUEUE_OPTION, array_slice( $queue, -self::MAX_QUEUE ), false );

		if ( ! wp_next_scheduled( self::RETRY_HOOK ) ) {
			wp_schedule_single_event( time() + self::RETRY_DELAY, self::RETRY_HOOK );
		}
	}

	/**
	 * Records an outcome for the admin notice and returns it.
	 *
	 * @param true|WP_Error $outcome What happened.
	 * @param int           $count   Messages delivered.
	 * @return true|WP_Error
	 */
	private static function record( $outcome, int $count = 0 ) {
		$status = is_wp_error( $outcome )
			? array(
				'ok'      => false,
				'time'    => time(),
				'code'    => $outcome->get_error_code(),
				'message' => $outcome->get_error_message(),
			)
			: array(
				'ok'    => true,
				'time'  => time(),
				'count' => $count,
			);
		update_option( self::STATUS_OPTION, $status, false );

		/**
		 * Fires after every attempt to deliver messages to the relay.
		 *
		 * @since 0.1.0
		 *
		 * @param true|WP_Error $outcome What happened.
		 */
		do_action( 'wpsignal_published', $outcome );

		return $outcome;
	}
}
