<?php
/**
 * Loads the real WordPress of a scripts/wp-env site (its own MariaDB database) for phpunit.
 *
 * The site must be up: `node scripts/wp-env/index.mjs up --site phpunit` (what
 * .ci/suites/30-wp-plugin.sh does), and WP_ENV_SITE_DIR must name its folder. The suite then
 * uses WordPress in this process and, for what only a real request shows (cookies, nonces,
 * work done after the response), talks HTTP to the site's server.
 *
 * @package WPSignal
 */

$wordsocket_site_dir = getenv( 'WP_ENV_SITE_DIR' );
if ( ! $wordsocket_site_dir || ! is_file( $wordsocket_site_dir . '/env.json' ) ) {
	fwrite( STDERR, "WP_ENV_SITE_DIR must name a site made by scripts/wp-env (run .ci/suites/30-wp-plugin.sh)\n" );
	exit( 1 );
}

$GLOBALS['wordsocket_test_env'] = json_decode( (string) file_get_contents( $wordsocket_site_dir . '/env.json' ), true );

passthru( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/fixtures/install.php' ), $wordsocket_status );
if ( 0 !== $wordsocket_status ) {
	exit( 1 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1:' . $GLOBALS['wordsocket_test_env']['port'];
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $GLOBALS['wordsocket_test_env']['core'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

require __DIR__ . '/phpunit/Fixtures.php';
require __DIR__ . '/phpunit/TestCase.php';
require __DIR__ . '/phpunit/Capture_Server.php';
require __DIR__ . '/phpunit/TriggerTestCase.php';
require __DIR__ . '/phpunit/Relay_Server.php';
