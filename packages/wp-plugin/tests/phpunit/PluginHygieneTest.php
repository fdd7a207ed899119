<?php
/**
 * What a plugin reviewer checks, over every PHP file of the plugin.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

final class PluginHygieneTest extends TestCase {

	/**
	 * @return string[] The plugin's shipped PHP files.
	 */
	private static function php_files(): array {
		$root  = dirname( __DIR__, 2 );
		$files = array( $root . '/wordsocket.php', $root . '/uninstall.php' );
		$tree  = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $root . '/includes', \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $tree as $file ) {
			if ( 'php' === $file->getExtension() ) {
				$files[] = $file->getPathname();
			}
		}
		sort( $files );

		return $files;
	}

	public function test_every_file_parses(): void {
		foreach ( self::php_files() as $file ) {
			exec( escapeshellarg( PHP_BINARY ) . ' -l ' . escapeshellarg( $file ) . ' 2>&1', $output, $status );
			$this->assertSame( 0, $status, implode( "\n", $output ) );
		}
	}

	public function test_no_file_runs_when_requested_directly(): void {
		foreach ( self::php_files() as $file ) {
			$source = (string) file_get_contents( $file );
			$this->assertMatchesRegularExpression( "/if \\( ! defined\\( '(ABSPATH|WP_UNINSTALL_PLUGIN)' \\) \\) \\{\\s*exit;/", $source, $file );
		}
	}

	public function test_every_string_uses_the_wordsocket_text_domain(): void {
		$calls = '(?:__|_e|_x|_n|_nx|esc_html__|esc_html_e|esc_html_x|esc_attr__|esc_attr_e|esc_attr_x)';
		foreach ( self::php_files() as $file ) {
			preg_match_all( "/\\b$calls\\((?:[^()]|\\((?:[^()]|\\([^()]*\\))*\\))*\\)/s", (string) file_get_contents( $file ), $matches );
			foreach ( $matches[0] as $call ) {
				$this->assertMatchesRegularExpression( "/,\\s*'wordsocket'\\s*\\)$/", $call, $file );
			}
		}
	}

	public function test_every_route_of_the_plugin_checks_permission(): void {
		$checked = 0;
		foreach ( rest_get_server()->get_routes() as $route => $handlers ) {
			// The bare namespace routes are WordPress's own index of each namespace.
			if ( 1 !== preg_match( '#^/(wpsignal|wp-sync)/v1/.#', $route ) ) {
				continue;
			}
			foreach ( $handlers as $handler ) {
				$this->assertIsCallable( $handler['permission_callback'] ?? null, $route );
				$this->assertNotSame( '__return_true', $handler['permission_callback'], $route );
				++$checked;
			}
		}

		$this->assertGreaterThan( 10, $checked );
	}
}
