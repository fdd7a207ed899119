<?php
/**
 * The core's wp-config.php in a test environment, in place of Debian's. It loads the
 * configuration of the site named by WP_ENV_SITE_DIR, so one extracted core serves several
 * sites (a developer's, the phpunit suite's, the end-to-end suite's), each with its own
 * database and content folder.
 */

$wordsocket_site_dir = (string) getenv( 'WP_ENV_SITE_DIR' );

if ( '' === $wordsocket_site_dir || ! is_file( $wordsocket_site_dir . '/wp-config.php' ) ) {
	if ( PHP_SAPI !== 'cli' ) {
		http_response_code( 500 );
	}
	echo "WP_ENV_SITE_DIR does not name a site made by scripts/wp-env.\n";
	exit( 1 );
}

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require $wordsocket_site_dir . '/wp-config.php';
