<?php
/**
 * Installs WordPress for one test site: creates its database, runs wp_install() once, sets
 * pretty permalinks, makes the test users and activates the listed plugins. Safe to run again.
 *
 * Usage: WP_ENV_SITE_DIR=<site dir> php install.php
 * The site dir holds env.json (written by index.mjs) and wp-config.php.
 */

$wordsocket_site_dir = (string) getenv( 'WP_ENV_SITE_DIR' );
$wordsocket_env      = json_decode( (string) file_get_contents( $wordsocket_site_dir . '/env.json' ), true );

if ( ! is_array( $wordsocket_env ) ) {
	fwrite( STDERR, "install.php: no env.json in WP_ENV_SITE_DIR\n" );
	exit( 1 );
}

mysqli_report( MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT );
$wordsocket_db = $wordsocket_env['db'];
$wordsocket_link = new mysqli( $wordsocket_db['host'], $wordsocket_db['user'], $wordsocket_db['password'], '', (int) $wordsocket_db['port'] );
$wordsocket_link->query( 'CREATE DATABASE IF NOT EXISTS `' . $wordsocket_link->real_escape_string( $wordsocket_db['name'] ) . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci' );
$wordsocket_link->close();

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = parse_url( $wordsocket_env['url'], PHP_URL_HOST ) . ':' . $wordsocket_env['port'];
$_SERVER['REQUEST_URI'] = '/';

require $wordsocket_env['core'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-includes/pluggable.php';

$wordsocket_admin = $wordsocket_env['users']['admin'];

if ( ! is_blog_installed() ) {
	wp_install( $wordsocket_env['title'], $wordsocket_admin['login'], $wordsocket_admin['email'], false, '', wp_slash( $wordsocket_admin['password'] ) );
	echo "installed WordPress in database {$wordsocket_db['name']}\n";
}

update_option( 'permalink_structure', '/%postname%/' );
update_option( 'blog_public', '0' );
flush_rewrite_rules( false );

foreach ( $wordsocket_env['users'] as $wordsocket_role => $wordsocket_user ) {
	$wordsocket_existing = get_user_by( 'login', $wordsocket_user['login'] );
	$wordsocket_fields   = array(
		'user_login' => $wordsocket_user['login'],
		'user_email' => $wordsocket_user['email'],
		'user_pass'  => $wordsocket_user['password'],
		'role'       => 'admin' === $wordsocket_role ? 'administrator' : $wordsocket_role,
	);

	if ( $wordsocket_existing ) {
		$wordsocket_fields['ID'] = $wordsocket_existing->ID;
		$wordsocket_result       = wp_update_user( $wordsocket_fields );
	} else {
		$wordsocket_result = wp_insert_user( $wordsocket_fields );
	}

	if ( is_wp_error( $wordsocket_result ) ) {
		fwrite( STDERR, 'install.php: user ' . $wordsocket_user['login'] . ': ' . $wordsocket_result->get_error_message() . "\n" );
		exit( 1 );
	}
}

switch_theme( 'twentytwentyfive' );

foreach ( $wordsocket_env['plugins'] as $wordsocket_plugin ) {
	$wordsocket_result = activate_plugin( $wordsocket_plugin );

	if ( is_wp_error( $wordsocket_result ) ) {
		fwrite( STDERR, "install.php: activating $wordsocket_plugin: " . $wordsocket_result->get_error_message() . "\n" );
		exit( 1 );
	}
}

echo 'WordPress ' . get_bloginfo( 'version' ) . " ready in database {$wordsocket_db['name']}\n";
