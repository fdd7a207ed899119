<?php
/**
 * The fluent trigger builder.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Publishes an event whenever one of its WordPress hooks fires:
 *
 *     WPS::trigger( 'order.paid' )
 *         ->on( 'woocommerce_order_status_completed', 10, 1 )
 *         ->channel( 'orders' )
 *         ->data( fn( $order_id ) => array( 'id' => $order_id ) )
 *         ->when( fn( $order_id ) => $order_id > 0 )
 *         ->register();
 *
 * `channel()`, `data()` and `when()` take a value or a callable, which receives the hook's
 * arguments. Without `data()` the event carries `null`; without `channel()` it goes to `events`.
 *
 * @since 0.1.0
 */
final class Trigger {

	/** @var string */
	private $event;

	/** @var array<int,array{hook:string,priority:int,args:int}> */
	private $hooks = array();

	/** @var string|callable */
	private $channel = 'events';

	/** @var mixed */
	private $data = null;

	/** @var callable|null */
	private $when = null;

	/** @var bool */
	private $registered = false;

	/**
	 * @param string $event Event name, for example `post.published`.
	 */
	public function __construct( string $event ) {
		$this->event = $event;
	}

	/**
	 * Fires on a WordPress action or filter (a filter's value passes through unchanged).
	 *
	 * @since 0.1.0
	 *
	 * @param string $hook     Hook name.
	 * @param int    $priority Hook priority.
	 * @param int    $args     How many of the hook's arguments the callables receive.
	 */
	public function on( string $hook, int $priority = 10, int $args = 1 ): self {
		$this->hooks[] = array(
			'hook'     => $hook,
			'priority' => $priority,
			'args'     => max( 0, $args ),
		);

		return $this;
	}

	/**
	 * The channel to publish on: a name, or a callable returning one.
	 *
	 * @since 0.1.0
	 *
	 * @param string|callable $channel Channel name or callable.
	 */
	public function channel( $channel ): self {
		$this->channel = $channel;

		return $this;
	}

	/**
	 * The event's data: any JSON-encodable value, or a callable returning one.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $data Data or callable.
	 */
	public function data( $data ): self {
		$this->data = $data;

		return $this;
	}

	/**
	 * A condition: the event is published only when it returns true.
	 *
	 * @since 0.1.0
	 *
	 * @param callable $condition Receives the hook's arguments.
	 */
	public function when( callable $condition ): self {
		$this->when = $condition;

		return $this;
	}

	/**
	 * Hooks the trigger in. Calling it twice does nothing more.
	 *
	 * @since 0.1.0
	 */
	public function register(): self {
		if ( $this->registered ) {
			return $this;
		}
		if ( '' === $this->event || empty( $this->hooks ) ) {
			_doing_it_wrong( __METHOD__, esc_html__( 'A trigger needs an event name and at least one on() hook.', 'wordsocket' ), '0.1.0' );
			return $this;
		}

		$this->registered = true;
		foreach ( $this->hooks as $hook ) {
			add_filter( $hook['hook'], array( $this, 'fire' ), $hook['priority'], $hook['args'] );
		}
		Registry::add( $this );

		return $this;
	}

	/**
	 * Unhooks the trigger and drops it from the list of registered triggers.
	 *
	 * @since 0.1.0
	 */
	public function unregister(): self {
		if ( ! $this->registered ) {
			return $this;
		}

		$this->registered = false;
		foreach ( $this->hooks as $hook ) {
			remove_filter( $hook['hook'], array( $this, 'fire' ), $hook['priority'] );
		}
		Registry::remove( $this );

		return $this;
	}

	/**
	 * Hook callback: checks the condition, builds the data and publishes. Returns its first
	 * argument so the trigger can sit on a filter.
	 *
	 * @param mixed ...$args The hook's arguments.
	 * @return mixed
	 */
	public function fire( ...$args ) {
		$first = $args[0] ?? null;

		try {
			if ( null !== $this->when && ! call_user_func_array( $this->when, $args ) ) {
				return $first;
			}

			$channel = is_callable( $this->channel ) ? call_user_func_array( $this->channel, $args ) : $this->channel;
			$data    = is_callable( $this->data ) ? call_user_func_array( $this->data, $args ) : $this->data;
			$result  = Publisher::publish( (string) $channel, $this->event, $data );
		} catch ( \Throwable $thrown ) {
			$result = new \WP_Error( 'wpsignal_trigger_threw', $thrown->getMessage() );
		}

		if ( is_wp_error( $result ) ) {
			/**
			 * Fires when a trigger could not publish its event: its channel or data was refused,
			 * or one of its callables threw (the request that fired the hook goes on).
			 *
			 * @since 0.1.0
			 *
			 * @param \WP_Error $result  Why.
			 * @param Trigger   $trigger The trigger.
			 */
			do_action( 'wpsignal_trigger_failed', $result, $this );
		}

		return $first;
	}

	/**
	 * What the Explorer shows: event, channel, hooks with priorities.
	 *
	 * @return array{event:string,channel:string,hooks:array<int,array{hook:string,priority:int,args:int}>}
	 */
	public function describe(): array {
		return array(
			'event'   => $this->event,
			'channel' => is_string( $this->channel ) ? $this->channel : '(computed)',
			'hooks'   => $this->hooks,
		);
	}
}
