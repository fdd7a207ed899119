<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Custom_Triggers;
use WPSignal\Publisher;
use WPSignal\Uninstaller;

final class UninstallTest extends TestCase {

	private function leftovers(): array {
		global $wpdb;

		return $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%wpsignal%'" );
	}

	public function test_uninstall_leaves_no_option_transient_or_event_behind(): void {
		update_option( Config::WATCHED, array( 'blogname' ) );
		update_option( Config::ENCRYPTION, 1 );
		update_option( Publisher::STATUS_OPTION, array( 'ok' => false ) );
		Custom_Triggers::create( array( 'type' => 'hook', 'target' => 'init', 'channel' => 'x', 'event' => 'y' ) );
		set_transient( 'wpsignal_connect_state_1', 'state', 600 );
		Capture_Server::start();
		Capture_Server::respond_with( 500 );
		Publisher::publish( 'posts', 'e', 1 );
		Publisher::flush();
		$this->assertNotFalse( wp_next_scheduled( Publisher::RETRY_HOOK ) );
		$this->assertGreaterThanOrEqual( 9, count( $this->leftovers() ) );

		Uninstaller::run();

		$this->assertSame( array(), $this->leftovers() );
		$this->assertFalse( wp_next_scheduled( Publisher::RETRY_HOOK ) );
	}
}
