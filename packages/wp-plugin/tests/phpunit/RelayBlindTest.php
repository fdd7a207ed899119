<?php
/**
 * The relay-blind collaboration setting: on by default, a filter to override it, the admin
 * route that changes it, and what the collaboration script is told.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Assets\Assets;
use WPSignal\Collaboration\Collaboration;
use WPSignal\Config;

final class RelayBlindTest extends TestCase {

	protected function tearDown(): void {
		wp_scripts()->registered[ Assets::COLLABORATION ]->extra = array();
		$GLOBALS['current_screen'] = null;
		parent::tearDown();
	}

	private function settings( string $method, array $body = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, '/wpsignal/v1/admin/settings' );
		if ( array() !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( wp_json_encode( $body ) );
		}

		return rest_do_request( $request );
	}

	/** What boot() prints before the collaboration script on a block-editor screen. */
	private function printed_settings(): string {
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'post' );
		get_current_screen()->is_block_editor( true );
		Collaboration::boot();

		return implode( "\n", (array) wp_scripts()->get_data( Assets::COLLABORATION, 'before' ) );
	}

	public function test_it_is_on_when_the_option_was_never_written(): void {
		delete_option( Config::RELAY_BLIND );

		$this->assertTrue( Collaboration::relay_blind() );
	}

	public function test_the_option_turns_it_off_and_on(): void {
		update_option( Config::RELAY_BLIND, '0' );
		$this->assertFalse( Collaboration::relay_blind() );

		update_option( Config::RELAY_BLIND, '1' );
		$this->assertTrue( Collaboration::relay_blind() );
	}

	public function test_the_filter_overrides_the_option_both_ways(): void {
		update_option( Config::RELAY_BLIND, '1' );
		$this->filter( 'wpsignal_relay_blind_collaboration', '__return_false' );
		$this->assertFalse( Collaboration::relay_blind() );

		remove_filter( 'wpsignal_relay_blind_collaboration', '__return_false' );
		update_option( Config::RELAY_BLIND, '0' );
		$this->filter( 'wpsignal_relay_blind_collaboration', '__return_true' );
		$this->assertTrue( Collaboration::relay_blind() );
	}

	public function test_the_filter_sees_the_stored_value(): void {
		update_option( Config::RELAY_BLIND, '0' );
		$seen = null;
		$this->filter(
			'wpsignal_relay_blind_collaboration',
			static function ( $value ) use ( &$seen ) {
				$seen = $value;
				return $value;
			}
		);

		$this->assertFalse( Collaboration::relay_blind() );
		$this->assertFalse( $seen );
	}

	public function test_storing_sanitises_to_one_or_zero(): void {
		foreach ( array( array( 'false', '0' ), array( 0, '0' ), array( '', '0' ), array( true, '1' ), array( '1', '1' ), array( 'true', '1' ) ) as $case ) {
			Collaboration::set_relay_blind( $case[0] );
			$this->assertSame( $case[1], get_option( Config::RELAY_BLIND ), var_export( $case[0], true ) );
		}
	}

	public function test_uninstall_removes_the_option(): void {
		$this->assertContains( Config::RELAY_BLIND, Config::OPTIONS );
	}

	public function test_administrators_read_and_change_it_through_the_settings_route(): void {
		delete_option( Config::RELAY_BLIND );
		update_option( Config::COLLABORATION, '1' );
		wp_set_current_user( $this->user_id( 'admin' ) );

		$this->assertTrue( $this->settings( 'GET' )->get_data()['relay_blind'] );

		$answer = $this->settings( 'POST', array( 'relay_blind' => false ) );
		$this->assertSame( 200, $answer->get_status() );
		$this->assertFalse( $answer->get_data()['relay_blind'] );
		$this->assertTrue( $answer->get_data()['collaboration'], 'the other setting stays' );
		$this->assertSame( '0', get_option( Config::RELAY_BLIND ) );

		$this->settings( 'POST', array( 'collaboration' => false ) );
		$this->assertSame( '0', get_option( Config::RELAY_BLIND ), 'left alone when not named' );
		$this->assertSame( '0', get_option( Config::COLLABORATION ) );

		$this->settings( 'POST', array( 'relay_blind' => true ) );
		$this->assertSame( '1', get_option( Config::RELAY_BLIND ) );
	}

	public function test_only_administrators_change_it(): void {
		update_option( Config::RELAY_BLIND, '1' );
		wp_set_current_user( $this->user_id( 'editor' ) );

		$this->assertSame( 403, $this->settings( 'POST', array( 'relay_blind' => false ) )->get_status() );
		$this->assertSame( '1', get_option( Config::RELAY_BLIND ) );
	}

	public function test_a_value_that_is_not_a_boolean_is_refused(): void {
		wp_set_current_user( $this->user_id( 'admin' ) );

		$this->assertSame( 400, $this->settings( 'POST', array( 'relay_blind' => 'maybe' ) )->get_status() );
	}

	public function test_the_collaboration_script_is_told_rooms_are_relay_blind(): void {
		delete_option( Config::RELAY_BLIND );

		$this->assertStringContainsString( 'window.wpSignalCollaboration = {"relayBlind":true};', $this->printed_settings() );
	}

	public function test_the_collaboration_script_is_told_when_the_filter_turns_it_off(): void {
		$this->filter( 'wpsignal_relay_blind_collaboration', '__return_false' );

		$this->assertStringContainsString( 'window.wpSignalCollaboration = {"relayBlind":false};', $this->printed_settings() );
	}
}
