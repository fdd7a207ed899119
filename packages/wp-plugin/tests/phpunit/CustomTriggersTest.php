<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Custom_Triggers;
use WPSignal\Tokens;

final class CustomTriggersTest extends TriggerTestCase {

	const HOOK_ROW = array(
		'type'     => 'hook',
		'target'   => 'wps_test_custom_hook',
		'priority' => 5,
		'args'     => array( 2 ),
		'channel'  => 'custom',
		'event'    => 'custom.fired',
		'read'     => 'public',
	);

	private function request( string $role, string $method, string $route, array $body = array() ): \WP_REST_Response {
		wp_set_current_user( '' === $role ? 0 : $this->user_id( $role ) );
		$request = new \WP_REST_Request( $method, '/wpsignal/v1' . $route );
		if ( $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( wp_json_encode( $body ) );
		}

		return rest_do_request( $request );
	}

	public function test_an_administrator_creates_reads_updates_and_deletes_a_row(): void {
		$created = $this->request( 'admin', 'POST', '/triggers', self::HOOK_ROW );
		$this->assertSame( 201, $created->get_status() );
		$row = $created->get_data();
		$this->assertMatchesRegularExpression( '/^ct_[0-9a-f]{12}$/', $row['id'] );
		$this->assertSame( array( 'id' => $row['id'] ) + self::HOOK_ROW + array( 'enabled' => true ), $row );

		$this->assertSame( array( $row ), $this->request( 'admin', 'GET', '/triggers' )->get_data() );
		$this->assertSame( $row, $this->request( 'admin', 'GET', '/triggers/' . $row['id'] )->get_data() );

		$updated = $this->request( 'admin', 'PATCH', '/triggers/' . $row['id'], array( 'event' => 'custom.renamed', 'enabled' => false ) );
		$this->assertSame( 200, $updated->get_status() );
		$this->assertSame( 'custom.renamed', $updated->get_data()['event'] );
		$this->assertFalse( $updated->get_data()['enabled'] );
		$this->assertSame( 'wps_test_custom_hook', $updated->get_data()['target'] );

		$deleted = $this->request( 'admin', 'DELETE', '/triggers/' . $row['id'] );
		$this->assertSame( array( 'deleted' => true, 'previous' => $updated->get_data() ), $deleted->get_data() );
		$this->assertSame( array(), $this->request( 'admin', 'GET', '/triggers' )->get_data() );
	}

	public function test_an_unknown_id_is_404(): void {
		foreach ( array( 'GET', 'PATCH', 'DELETE' ) as $method ) {
			$response = $this->request( 'admin', $method, '/triggers/ct_000000000000', array( 'event' => 'x' ) );
			$this->assertSame( 404, $response->get_status() );
			$this->assertSame( 'wpsignal_trigger_not_found', $response->get_data()['code'] );
		}
	}

	public function test_editors_and_visitors_are_refused(): void {
		$this->assertSame( 403, $this->request( 'editor', 'GET', '/triggers' )->get_status() );
		$this->assertSame( 403, $this->request( 'editor', 'POST', '/triggers', self::HOOK_ROW )->get_status() );
		$this->assertSame( 401, $this->request( '', 'GET', '/triggers' )->get_status() );
		$this->assertSame( array(), Custom_Triggers::all() );
	}

	/**
	 * @return array<string,array{0:array<string,mixed>,1:string}>
	 */
	public function bad_rows(): array {
		return array(
			'unknown type'          => array( array( 'type' => 'cron' ), 'type' ),
			'missing type'          => array( array( 'type' => null ), 'type' ),
			'hook all'              => array( array( 'target' => 'all' ), 'target' ),
			'hook of the plugin'    => array( array( 'target' => 'wpsignal_loaded' ), 'target' ),
			'hook with spaces'      => array( array( 'target' => 'two words' ), 'target' ),
			'hook with a password'  => array( array( 'target' => 'after_password_reset' ), 'target' ),
			'hook with a cookie'    => array( array( 'target' => 'set_auth_cookie' ), 'target' ),
			'private post type'     => array( array( 'type' => 'post_type', 'target' => 'wp_template' ), 'target' ),
			'secret option'         => array( array( 'type' => 'option', 'target' => 'auth_key' ), 'target' ),
			'own option'            => array( array( 'type' => 'option', 'target' => 'wpsignal_jwt_secret' ), 'target' ),
			'bad channel'           => array( array( 'channel' => 'has space' ), 'channel' ),
			'reserved channel'      => array( array( 'channel' => 'yjs:postType/post:1' ), 'channel' ),
			'channel not a string'  => array( array( 'channel' => array( 'x' ) ), 'channel' ),
			'empty event'           => array( array( 'event' => '' ), 'event' ),
			'reserved event'        => array( array( 'event' => 'wps.presence' ), 'event' ),
			'event with markup'     => array( array( 'event' => '<b>x</b>' ), 'event' ),
			'priority not a number' => array( array( 'priority' => 'soon' ), 'priority' ),
			'priority too large'    => array( array( 'priority' => 99999 ), 'priority' ),
			'args not a list'       => array( array( 'args' => 'first' ), 'args' ),
			'arg position zero'     => array( array( 'args' => array( 0 ) ), 'args' ),
			'read with spaces'      => array( array( 'read' => 'edit posts' ), 'read' ),
			'enabled not a boolean' => array( array( 'enabled' => 'yes' ), 'enabled' ),
		);
	}

	/**
	 * @dataProvider bad_rows
	 *
	 * @param array<string,mixed> $change What spoils a valid row.
	 * @param string              $field  The field the error must name.
	 */
	public function test_a_bad_row_is_refused_with_a_code_and_the_field(): void {
		[ $change, $field ] = func_get_args();
		$response           = $this->request( 'admin', 'POST', '/triggers', array_merge( self::HOOK_ROW, $change ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'wpsignal_invalid_trigger', $response->get_data()['code'] );
		$this->assertSame( $field, $response->get_data()['data']['field'] );
		$this->assertSame( array(), Custom_Triggers::all() );
	}

	public function test_an_update_that_spoils_a_row_is_refused_and_the_row_is_kept(): void {
		$row = Custom_Triggers::create( self::HOOK_ROW );

		$response = $this->request( 'admin', 'PATCH', '/triggers/' . $row['id'], array( 'channel' => '' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( array( $row ), Custom_Triggers::all() );
	}

	public function test_a_hook_row_publishes_the_chosen_arguments_and_grants_its_channel(): void {
		Custom_Triggers::create( array_merge( self::HOOK_ROW, array( 'target' => 'wps_test_custom_hook_fire', 'args' => array( 2, 3 ) ) ) );
		Custom_Triggers::register_all();
		$user = get_user_by( 'id', $this->user_id( 'editor' ) );

		do_action( 'wps_test_custom_hook_fire', 'ignored', $user, array( 'n' => 1, 'o' => new \stdClass() ) );

		$this->assertSame( array( array( 'custom', 'custom.fired', array( 'args' => array( array( 'id' => $user->ID ), array( 'n' => 1, 'o' => null ) ) ) ) ), $this->published() );
		$this->assertArrayHasKey( 'custom', Tokens::mint( 0 )['keys'] );
	}

	public function test_a_post_type_row_announces_publishing_of_that_type_only(): void {
		Custom_Triggers::create( array( 'type' => 'post_type', 'target' => 'page', 'channel' => 'pages', 'event' => 'page.live' ) );
		Custom_Triggers::register_all();

		$page = wp_insert_post( array( 'post_type' => 'page', 'post_title' => 'About', 'post_status' => 'publish' ) );
		wp_insert_post( array( 'post_type' => 'post', 'post_title' => 'Not a page', 'post_status' => 'publish' ) );

		$on_pages = array_values(
			array_filter(
				$this->published(),
				static function ( $message ) {
					return 'pages' === $message[0];
				}
			)
		);
		$this->assertSame( array( array( 'pages', 'page.live', array( 'id' => $page, 'type' => 'page', 'title' => 'About' ) ) ), $on_pages );
	}

	public function test_an_option_row_announces_that_option_to_the_capability_it_names(): void {
		Custom_Triggers::create( array( 'type' => 'option', 'target' => 'wps_test_custom_option', 'channel' => 'settings-live', 'event' => 'setting.changed', 'read' => 'edit_posts' ) );
		Custom_Triggers::register_all();
		add_option( 'wps_test_custom_option', 'a' );
		\WPSignal\Publisher::clear_pending();

		update_option( 'wps_test_custom_option', 'b' );

		$this->assertSame( array( array( 'settings-live', 'setting.changed', array( 'option' => 'wps_test_custom_option', 'value' => 'b' ) ) ), $this->published() );
		$this->assertArrayHasKey( 'settings-live', Tokens::mint( $this->user_id( 'editor' ) )['keys'] );
		$this->assertArrayNotHasKey( 'settings-live', Tokens::mint( $this->user_id( 'subscriber' ) )['keys'] );
	}

	public function test_a_disabled_row_publishes_nothing(): void {
		Custom_Triggers::create( array_merge( self::HOOK_ROW, array( 'target' => 'wps_test_custom_hook_off', 'enabled' => false ) ) );
		Custom_Triggers::register_all();

		do_action( 'wps_test_custom_hook_off', 1, 2 );

		$this->assertSame( array(), $this->events() );
	}

	public function test_the_routes_over_http_need_an_administrator_and_the_nonce(): void {
		$editor = $this->login( 'editor' );
		[ $status ] = $this->rest_http( 'GET', '/wpsignal/v1/triggers', array( 'cookies' => $editor, 'headers' => array( 'X-WP-Nonce' => $this->rest_nonce( $editor ) ) ) );
		$this->assertSame( 403, $status );

		$admin = $this->login( 'admin' );
		[ $status ] = $this->rest_http( 'GET', '/wpsignal/v1/triggers', array( 'cookies' => $admin ) );
		$this->assertSame( 401, $status );

		[ $status, $body ] = $this->rest_http(
			'POST',
			'/wpsignal/v1/triggers',
			array(
				'cookies' => $admin,
				'headers' => array( 'X-WP-Nonce' => $this->rest_nonce( $admin ), 'Content-Type' => 'application/json' ),
				'body'    => wp_json_encode( array_merge( self::HOOK_ROW, array( 'event' => '' ) ) ),
			)
		);
		$this->assertSame( 400, $status );
		$this->assertSame( 'event', $body['data']['field'] );
	}
}
