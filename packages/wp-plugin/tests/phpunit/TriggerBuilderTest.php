<?php
/**
 * The documented builder, and the extension fixture written only against it.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Publisher;

final class TriggerBuilderTest extends TriggerTestCase {

	public function test_a_trigger_publishes_its_data_on_its_channel_when_its_hook_fires(): void {
		\WPS::trigger( 'thing.happened' )
			->on( 'wps_test_hook_a', 10, 2 )
			->channel( 'things' )
			->data(
				static function ( $a, $b ) {
					return array( 'sum' => $a + $b );
				}
			)
			->register();

		do_action( 'wps_test_hook_a', 2, 3 );

		$this->assertSame( array( array( 'things', 'thing.happened', array( 'sum' => 5 ) ) ), $this->published() );
	}

	public function test_when_false_publishes_nothing(): void {
		\WPS::trigger( 'thing.maybe' )
			->on( 'wps_test_hook_b', 10, 1 )
			->channel( 'things' )
			->when(
				static function ( $value ) {
					return $value > 10;
				}
			)
			->register();

		do_action( 'wps_test_hook_b', 5 );
		$this->assertSame( array(), $this->events() );

		do_action( 'wps_test_hook_b', 11 );
		$this->assertSame( array( 'thing.maybe' ), $this->events() );
	}

	public function test_channel_and_data_may_be_plain_values_or_computed(): void {
		\WPS::trigger( 'room.ping' )
			->on( 'wps_test_hook_c', 10, 1 )
			->channel(
				static function ( $room ) {
					return 'room:' . $room;
				}
			)
			->data( array( 'fixed' => true ) )
			->register();

		do_action( 'wps_test_hook_c', 'blue' );

		$this->assertSame( array( array( 'room:blue', 'room.ping', array( 'fixed' => true ) ) ), $this->published() );
	}

	public function test_a_trigger_on_a_filter_leaves_the_value_unchanged(): void {
		\WPS::trigger( 'title.filtered' )->on( 'wps_test_filter', 10, 1 )->channel( 'things' )->register();

		$this->assertSame( 'unchanged', apply_filters( 'wps_test_filter', 'unchanged' ) );
		$this->assertSame( array( array( 'things', 'title.filtered', null ) ), $this->published() );
	}

	public function test_a_trigger_with_a_bad_channel_reports_instead_of_failing_the_request(): void {
		$failures = array();
		$this->filter(
			'wpsignal_trigger_failed',
			static function ( $error ) use ( &$failures ) {
				$failures[] = $error->get_error_code();
			}
		);
		\WPS::trigger( 'bad.channel' )->on( 'wps_test_hook_d' )->channel( 'has space' )->register();

		do_action( 'wps_test_hook_d' );

		$this->assertSame( array( 'invalid_channel' ), $failures );
		$this->assertSame( array(), Publisher::pending() );
	}

	public function test_a_trigger_whose_callable_throws_reports_and_the_hook_goes_on(): void {
		$failures = array();
		$this->filter(
			'wpsignal_trigger_failed',
			static function ( $error ) use ( &$failures ) {
				$failures[] = $error->get_error_code();
			}
		);
		\WPS::trigger( 'will.throw' )
			->on( 'wps_test_filter_throw', 10, 1 )
			->channel( 'things' )
			->data(
				static function ( $value, $missing ) {
					return $value . $missing;
				}
			)
			->register();

		$this->assertSame( 'kept', apply_filters( 'wps_test_filter_throw', 'kept' ) );
		$this->assertSame( array( 'wpsignal_trigger_threw' ), $failures );
	}

	public function test_register_without_a_hook_is_a_developer_error_not_a_fatal(): void {
		$wrong = array();
		$this->filter(
			'doing_it_wrong_run',
			static function ( $function_name ) use ( &$wrong ) {
				$wrong[] = $function_name;
			}
		);
		$this->filter( 'doing_it_wrong_trigger_error', '__return_false' );

		\WPS::trigger( 'no.hook' )->register();

		$this->assertSame( array( 'WPSignal\Trigger::register' ), $wrong );
	}

	public function test_an_unregistered_trigger_no_longer_fires_or_lists(): void {
		$trigger = \WPS::trigger( 'gone.soon' )->on( 'wps_test_hook_e' )->channel( 'things' )->register();

		$trigger->unregister();
		do_action( 'wps_test_hook_e' );

		$this->assertSame( array(), $this->events() );
		$this->assertNotContains( 'gone.soon', array_column( \WPS::triggers(), 'event' ) );
	}

	public function test_wps_publish_queues_one_event(): void {
		$this->assertTrue( \WPS::publish( 'news', 'news.flash', array( 'n' => 1 ) ) );

		$this->assertSame( array( array( 'news', 'news.flash', array( 'n' => 1 ) ) ), $this->published() );
	}

	public function test_the_registered_triggers_are_listed_with_hooks_and_channels(): void {
		$listed = \WPS::triggers();

		$this->assertContains(
			array(
				'event'   => 'post.published',
				'channel' => 'posts',
				'hooks'   => array( array( 'hook' => 'wp_after_insert_post', 'priority' => 10, 'args' => 4 ) ),
			),
			$listed
		);
		$this->assertContains( 'fixture.stuck', array_column( $listed, 'event' ) );
	}

	public function test_the_extension_fixture_works_through_the_documented_api(): void {
		$post = wp_insert_post( array( 'post_title' => 'Sticky', 'post_status' => 'publish' ) );
		Publisher::clear_pending();

		stick_post( $post );

		$this->assertSame( array( array( 'fixture', 'fixture.stuck', array( 'id' => $post ) ) ), $this->published() );
		$this->assertArrayHasKey( 'fixture', \WPSignal\Tokens::mint( 0 )['keys'] );
	}
}
