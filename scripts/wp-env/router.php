<?php
/**
 * Router for PHP's built-in server in front of a test WordPress.
 *
 * The server's document root is the shared WordPress core. Requests under /wp-content/ are
 * answered from the site's own content folder (WP_ENV_SITE_DIR), existing core files are left
 * to the built-in server, and every other path goes to WordPress's index.php, which is what
 * pretty permalinks and /wp-json/ need.
 */

$wordsocket_core = $_SERVER['DOCUMENT_ROOT'];
$wordsocket_site = (string) getenv( 'WP_ENV_SITE_DIR' );
$wordsocket_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );

if ( false !== strpos( $wordsocket_path, '..' ) ) {
	http_response_code( 400 );
	return true;
}

if ( 0 === strpos( $wordsocket_path, '/wp-content/' ) ) {
	$wordsocket_file = $wordsocket_site . $wordsocket_path;

	if ( is_file( $wordsocket_file ) && '.php' !== substr( $wordsocket_file, -4 ) ) {
		$wordsocket_types = array(
			'css'   => 'text/css',
			'js'    => 'text/javascript',
			'mjs'   => 'text/javascript',
			'json'  => 'application/json',
			'svg'   => 'image/svg+xml',
			'png'   => 'image/png',
			'jpg'   => 'image/jpeg',
			'jpeg'  => 'image/jpeg',
			'gif'   => 'image/gif',
			'webp'  => 'image/webp',
			'woff'  => 'font/woff',
			'woff2' => 'font/woff2',
			'ttf'   => 'font/ttf',
			'map'   => 'application/json',
			'txt'   => 'text/plain',
		);
		$wordsocket_ext   = strtolower( pathinfo( $wordsocket_file, PATHINFO_EXTENSION ) );

		header( 'Content-Type: ' . ( $wordsocket_types[ $wordsocket_ext ] ?? 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( $wordsocket_file ) );
		readfile( $wordsocket_file );
		return true;
	}

	if ( is_file( $wordsocket_file ) ) {
		require $wordsocket_file;
		return true;
	}
}

$wordsocket_file = $wordsocket_core . $wordsocket_path;

if ( is_file( $wordsocket_file ) || is_file( rtrim( $wordsocket_file, '/' ) . '/index.php' ) ) {
	return false;
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $wordsocket_core . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
chdir( $wordsocket_core );
require $wordsocket_core . '/index.php';
