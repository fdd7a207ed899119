<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;

final class OptionEventsTest extends TriggerTestCase {

	public function test_a_watched_option_update_is_announced_on_the_options_channel(): void {
		update_option( Config::WATCHED, array( 'blogname' ) );

		update_option( 'blogname', 'Fresh name' );

		$this->assertSame( array( array( 'options', 'option.updated', array( 'option' => 'blogname', 'value' => 'Fresh name' ) ) ), $this->published() );
	}

	public function test_adding_a_watched_option_is_announced(): void {
		update_option( Config::WATCHED, array( 'wps_test_added' ) );

		add_option( 'wps_test_added', array( 'a' => 1 ) );

		$this->assertSame( array( array( 'options', 'option.updated', array( 'option' => 'wps_test_added', 'value' => array( 'a' => 1 ) ) ) ), $this->published() );
	}

	public function test_options_not_chosen_are_not_announced(): void {
		update_option( Config::WATCHED, array( 'blogname' ) );

		update_option( 'blogdescription', 'Something else' );

		$this->assertSame( array(), $this->events() );
	}

	public function test_secrets_and_the_plugins_own_options_are_never_announced(): void {
		update_option( Config::WATCHED, array( 'wpsignal_jwt_secret', 'auth_key', 'mailserver_pass', '_transient_x' ) );

		update_option( 'wpsignal_jwt_secret', str_repeat( 'b', 64 ) );
		update_option( 'auth_key', 'k' );
		update_option( 'mailserver_pass', 'p' );
		set_transient( 'x', 'y' );

		$this->assertSame( array(), $this->events() );
	}

	public function test_the_options_channel_key_is_not_given_to_editors(): void {
		$this->assertArrayNotHasKey( 'options', \WPSignal\Tokens::mint( $this->user_id( 'editor' ) )['keys'] );
	}
}
