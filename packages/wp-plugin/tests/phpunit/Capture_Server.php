<?php
/**
 * A loopback HTTP listener standing in for the relay.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

/**
 * Starts tests/fixtures/capture.php under `php -S 127.0.0.1:PORT`, reads what it recorded and
 * stops it (by the process it started). Nothing listens beyond the loopback address.
 */
final class Capture_Server {

	/** @var resource|null */
	private static $process = null;

	/** @var string */
	private static $dir = '';

	/**
	 * Starts the listener unless it runs, and forgets what it recorded.
	 */
	public static function start(): void {
		if ( null === self::$process ) {
			self::$dir = sys_get_temp_dir() . '/wordsocket-capture-' . getmypid();
			wp_mkdir_p( self::$dir );

			$command       = array( PHP_BINARY, '-S', '127.0.0.1:' . TestCase::CAPTURE_PORT, dirname( __DIR__ ) . '/fixtures/capture.php' );
			$env           = array( 'CAPTURE_DIR' => self::$dir, 'PATH' => (string) getenv( 'PATH' ) );
			$null          = array( 'file', '/dev/null', 'w' );
			self::$process = proc_open( $command, array( array( 'file', '/dev/null', 'r' ), $null, $null ), $pipes, null, $env );
			register_shutdown_function( array( self::class, 'stop' ) );
			self::wait_until_listening();
		}

		self::clear();
		self::respond_with( 200 );
	}

	/**
	 * Stops the listener it started.
	 */
	public static function stop(): void {
		if ( null !== self::$process ) {
			proc_terminate( self::$process );
			proc_close( self::$process );
			self::$process = null;
			self::clear();
			@rmdir( self::$dir );
		}
	}

	/**
	 * Makes the listener answer every request with this status.
	 *
	 * @param int $status HTTP status.
	 */
	public static function respond_with( int $status ): void {
		file_put_contents( self::$dir . '/status', (string) $status );
	}

	/**
	 * Makes the listener answer batches (`{"messages": …}`) with this status.
	 *
	 * @param int $status HTTP status.
	 */
	public static function respond_to_batches_with( int $status ): void {
		file_put_contents( self::$dir . '/status-batch', (string) $status );
	}

	/**
	 * The recorded requests, oldest first; waits up to `$timeout` seconds for `$at_least`.
	 *
	 * @param int   $at_least Requests to wait for.
	 * @param float $timeout  Seconds.
	 * @return array<int,array{method:string,path:string,headers:array<string,string>,body:string}>
	 */
	public static function requests( int $at_least = 0, float $timeout = 5.0 ): array {
		$deadline = microtime( true ) + $timeout;
		do {
			$files = glob( self::$dir . '/*.json' );
			sort( $files );
			if ( count( $files ) >= $at_least ) {
				break;
			}
			usleep( 50000 );
		} while ( microtime( true ) < $deadline );

		return array_map(
			static function ( $file ) {
				return json_decode( (string) file_get_contents( $file ), true );
			},
			$files
		);
	}

	/**
	 * Forgets the recorded requests.
	 */
	public static function clear(): void {
		foreach ( (array) glob( self::$dir . '/*' ) as $file ) {
			unlink( $file );
		}
	}

	private static function wait_until_listening(): void {
		$deadline = microtime( true ) + 5;
		while ( microtime( true ) < $deadline ) {
			$socket = @fsockopen( '127.0.0.1', TestCase::CAPTURE_PORT, $errno, $errstr, 0.2 );
			if ( $socket ) {
				fclose( $socket );
				return;
			}
			usleep( 50000 );
		}
		throw new \RuntimeException( 'the capture server did not start on port ' . TestCase::CAPTURE_PORT );
	}
}
