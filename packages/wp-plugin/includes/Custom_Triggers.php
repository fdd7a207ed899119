<?php
/**
 * Custom trigger rows.
 *
 * @package WPSignal
 */

namespace WPSignal;

use WP_Comment;
use WP_Error;
use WP_Post;
use WP_Term;
use WP_User;
use WPSignal\Events\Option_Events;
use WPSignal\Events\Post_Events;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Triggers an administrator defines without code, stored as rows in one option. A row is one of:
 *
 * - `post_type`: announces `event` on `channel` when a post of type `target` is published;
 * - `option`: when the option `target` is added or updated (data `{option, value}`);
 * - `hook`: when the action `target` fires at `priority`; `args` lists which of its arguments
 *   (1-based) become the data, `{args: […]}`. Objects are reduced to public identifiers.
 *
 * `read` says who may subscribe to the row's channel: `public`, or a capability.
 *
 * @since 0.1.0
 */
final class Custom_Triggers {

	const OPTION   = 'wpsignal_custom_triggers';
	const MAX_ROWS = 100;
	const TYPES    = array( 'post_type', 'option', 'hook' );

	/**
	 * Every stored row, in order.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	public static function all(): array {
		$rows = get_option( self::OPTION, array() );

		return is_array( $rows ) ? array_values( array_filter( $rows, 'is_array' ) ) : array();
	}

	/**
	 * One row by id, or null.
	 *
	 * @param string $id Row id.
	 * @return array<string,mixed>|null
	 */
	public static function find( string $id ): ?array {
		foreach ( self::all() as $row ) {
			if ( ( $row['id'] ?? null ) === $id ) {
				return $row;
			}
		}

		return null;
	}

	/**
	 * Validates and stores a new row.
	 *
	 * @param array<string,mixed> $input Row fields.
	 * @return array<string,mixed>|WP_Error The stored row.
	 */
	public static function create( array $input ) {
		$rows = self::all();
		if ( count( $rows ) >= self::MAX_ROWS ) {
			return self::invalid( 'rows', __( 'There are already 100 custom triggers.', 'wordsocket' ) );
		}

		$row = self::validate( $input );
		if ( is_wp_error( $row ) ) {
			return $row;
		}

		$row    = array( 'id' => 'ct_' . bin2hex( random_bytes( 6 ) ) ) + $row;
		$rows[] = $row;
		update_option( self::OPTION, $rows, true );

		return $row;
	}

	/**
	 * Validates and stores changes to a row; fields not given keep their values.
	 *
	 * @param string              $id    Row id.
	 * @param array<string,mixed> $input Changed fields.
	 * @return array<string,mixed>|WP_Error The stored row.
	 */
	public static function update( string $id, array $input ) {
		$rows = self::all();
		foreach ( $rows as $index => $existing ) {
			if ( ( $existing['id'] ?? null ) !== $id ) {
				continue;
			}

			$row = self::validate( array_merge( $existing, $input ) );
			if ( is_wp_error( $row ) ) {
				return $row;
			}

			$rows[ $index ] = array( 'id' => $id ) + $row;
			update_option( self::OPTION, $rows, true );

			return $rows[ $index ];
		}

		return self::not_found();
	}

	/**
	 * Removes a row.
	 *
	 * @param string $id Row id.
	 * @return array<string,mixed>|WP_Error The removed row.
	 */
	public static function delete( string $id ) {
		$row = self::find( $id );
		if ( null === $row ) {
			return self::not_found();
		}

		$rows = array_filter(
			self::all(),
			static function ( $candidate ) use ( $id ) {
				return ( $candidate['id'] ?? null ) !== $id;
			}
		);
		update_option( self::OPTION, array_values( $rows ), true );

		return $row;
	}

	/**
	 * Turns every enabled row into a trigger and grants its channel.
	 */
	public static function register_all(): void {
		foreach ( self::all() as $row ) {
			if ( empty( $row['enabled'] ) || is_wp_error( self::validate( $row ) ) ) {
				continue;
			}

			Grants::register( $row['channel'], 'public' === $row['read'] ? true : $row['read'] );
			self::trigger_for( $row )->register();
		}
	}

	/**
	 * Checks a row and returns it normalised (without `id`), or a WP_Error
	 * `wpsignal_invalid_trigger` (400) whose data names the `field`.
	 *
	 * @param array<string,mixed> $input Row fields.
	 * @return array<string,mixed>|WP_Error
	 */
	public static function validate( array $input ) {
		$type = $input['type'] ?? null;
		if ( ! in_array( $type, self::TYPES, true ) ) {
			return self::invalid( 'type', __( 'type must be post_type, option or hook.', 'wordsocket' ) );
		}

		$target = is_string( $input['target'] ?? null ) ? trim( $input['target'] ) : '';
		$error  = self::check_target( $type, $target );
		if ( null !== $error ) {
			return self::invalid( 'target', $error );
		}

		$channel = Channels::bare( $input['channel'] ?? null );
		if ( is_wp_error( $channel ) || 0 === strpos( $channel, 'yjs:' ) || 0 === strpos( $channel, 'wps.' ) ) {
			return self::invalid( 'channel', __( 'channel must be a valid channel name outside the reserved yjs: and wps. namespaces.', 'wordsocket' ) );
		}

		$event = $input['event'] ?? null;
		if ( ! is_string( $event ) || 1 !== preg_match( '/^[A-Za-z0-9_.:-]{1,200}$/', $event ) || 0 === strpos( $event, 'wps.' ) || 'encrypted' === $event ) {
			return self::invalid( 'event', __( 'event must be 1 to 200 letters, digits, dots, colons, dashes or underscores, not starting with wps.', 'wordsocket' ) );
		}

		$priority = $input['priority'] ?? 10;
		if ( ! is_int( $priority ) && ! ( is_string( $priority ) && 1 === preg_match( '/^-?\d{1,5}$/', $priority ) ) ) {
			return self::invalid( 'priority', __( 'priority must be an integer.', 'wordsocket' ) );
		}
		$priority = (int) $priority;
		if ( $priority < -10000 || $priority > 10000 ) {
			return self::invalid( 'priority', __( 'priority must be between -10000 and 10000.', 'wordsocket' ) );
		}

		$args = $input['args'] ?? array();
		if ( ! is_array( $args ) || count( $args ) > 10 ) {
			return self::invalid( 'args', __( 'args must be a list of up to 10 argument positions.', 'wordsocket' ) );
		}
		foreach ( $args as $position ) {
			if ( ! is_int( $position ) || $position < 1 || $position > 10 ) {
				return self::invalid( 'args', __( 'each of args must be an argument position from 1 to 10.', 'wordsocket' ) );
			}
		}

		$read = $input['read'] ?? 'manage_options';
		if ( ! is_string( $read ) || 1 !== preg_match( '/^[a-z0-9_]{1,100}$/', $read ) ) {
			return self::invalid( 'read', __( 'read must be "public" or a capability name.', 'wordsocket' ) );
		}

		$enabled = $input['enabled'] ?? true;
		if ( ! is_bool( $enabled ) ) {
			return self::invalid( 'enabled', __( 'enabled must be true or false.', 'wordsocket' ) );
		}

		return array(
			'type'     => $type,
			'target'   => $target,
			'priority' => $priority,
			'args'     => array_values( array_unique( $args ) ),
			'channel'  => $channel,
			'event'    => $event,
			'read'     => $read,
			'enabled'  => $enabled,
		);
	}

	/**
	 * A row's trigger.
	 *
	 * @param array<string,mixed> $row A valid row.
	 */
	private static function trigger_for( array $row ): Trigger {
		$trigger = WPS::trigger( $row['event'] )->channel( $row['channel'] );

		if ( 'post_type' === $row['type'] ) {
			return $trigger->on( 'wp_after_insert_post', 10, 4 )
				->when(
					static function ( $post_id, $post, $update, $before ) use ( $row ) {
						return $post instanceof WP_Post && $row['target'] === $post->post_type
							&& ! wp_is_post_revision( $post ) && ! wp_is_post_autosave( $post )
							&& 'published' === Post_Events::transition( $post, $before instanceof WP_Post ? $before : null );
					}
				)
				->data(
					static function ( $post_id, $post ) {
						return self::export( $post );
					}
				);
		}

		if ( 'option' === $row['type'] ) {
			return $trigger->on( 'updated_option', 10, 3 )
				->when(
					static function ( $name, $old, $value ) use ( $row ) {
						return $row['target'] === $name && $old !== $value;
					}
				)
				->data(
					static function ( $name, $old, $value ) {
						return array(
							'option' => $name,
							'value'  => $value,
						);
					}
				);
		}

		$count = empty( $row['args'] ) ? 0 : max( $row['args'] );

		return $trigger->on( $row['target'], $row['priority'], $count )
			->data(
				static function ( ...$given ) use ( $row ) {
					$picked = array();
					foreach ( $row['args'] as $position ) {
						$picked[] = self::export( $given[ $position - 1 ] ?? null );
					}

					return array( 'args' => $picked );
				}
			);
	}

	/**
	 * Null when the target fits the type, else why not.
	 *
	 * @param string $type   Row type.
	 * @param string $target Row target.
	 */
	private static function check_target( string $type, string $target ): ?string {
		if ( 'post_type' === $type ) {
			return Post_Events::is_announced_type( $target ) ? null : __( 'target must be a registered public post type.', 'wordsocket' );
		}
		if ( 'option' === $type ) {
			return 1 === preg_match( '/^[A-Za-z0-9_.:-]{1,191}$/', $target ) && Option_Events::may_watch( $target )
				? null
				: __( 'target must be an option name that holds no secret and is not the plugin\'s own.', 'wordsocket' );
		}

		$reserved = 'all' === $target || 'shutdown' === $target || 0 === strpos( $target, 'wpsignal_' ) || 0 === strpos( $target, 'gettext' )
			|| 1 === preg_match( '/password|passwd|authenticate|auth_cookie|salt|secret|nonce/i', $target );

		return 1 === preg_match( '/^[A-Za-z0-9_.:\/-]{1,191}$/', $target ) && ! $reserved
			? null
			: __( 'target must be an action name (letters, digits and _ . : / -), not all, shutdown, gettext, the plugin\'s own, or one that carries passwords, cookies, salts or nonces.', 'wordsocket' );
	}

	/**
	 * A hook argument as public data: scalars and arrays as they are (bounded), WordPress
	 * objects by their public identifiers, anything else null.
	 *
	 * @param mixed $value An argument.
	 * @param int   $depth Nesting so far.
	 * @return mixed
	 */
	private static function export( $value, int $depth = 0 ) {
		if ( is_scalar( $value ) || null === $value ) {
			return $value;
		}
		if ( $value instanceof WP_Post ) {
			return array(
				'id'    => $value->ID,
				'type'  => $value->post_type,
				'title' => 'publish' === $value->post_status && '' === $value->post_password ? html_entity_decode( get_the_title( $value ), ENT_QUOTES, 'UTF-8' ) : '',
			);
		}
		if ( $value instanceof WP_User ) {
			return array( 'id' => $value->ID );
		}
		if ( $value instanceof WP_Comment ) {
			return array(
				'id'      => (int) $value->comment_ID,
				'post_id' => (int) $value->comment_post_ID,
			);
		}
		if ( $value instanceof WP_Term ) {
			return array(
				'id'       => $value->term_id,
				'taxonomy' => $value->taxonomy,
				'name'     => $value->name,
			);
		}
		if ( is_array( $value ) && $depth < 3 ) {
			$out = array();
			foreach ( array_slice( $value, 0, 50, true ) as $key => $item ) {
				$out[ $key ] = self::export( $item, $depth + 1 );
			}

			return $out;
		}

		return null;
	}

	/**
	 * @param string $field   The offending field.
	 * @param string $message What is wrong.
	 */
	private static function invalid( string $field, string $message ): WP_Error {
		return new WP_Error(
			'wpsignal_invalid_trigger',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}

	private static function not_found(): WP_Error {
		return new WP_Error( 'wpsignal_trigger_not_found', __( 'No custom trigger has this id.', 'wordsocket' ), array( 'status' => 404 ) );
	}
}
