<?php
/**
 * Who may read and publish which channels.
 *
 * @package WPSignal
 */

namespace WPSignal;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A registry of channel namespaces. Each prefix has a read rule and a publish rule: `true`
 * (anyone, visitors included), `false` (nobody), a capability name, or a callable
 * `fn( int $user_id, string $bare_channel ): bool`. A channel no prefix covers is readable and
 * publishable by nobody through a browser token.
 *
 * Built in: `posts` and `comments` are readable by anyone, `options` by users who can
 * `manage_options`, and `yjs:` collaboration rooms by users who can edit the post the room is
 * for (`yjs:postType/{type}:{id}`) or, for shared rooms, who can `edit_posts`.
 *
 * @since 0.1.0
 */
final class Grants {

	/**
	 * @var array<string,array{read:mixed,publish:mixed}>
	 */
	private static $grants = array();

	/**
	 * An object id spelled as a number in any form (decimal with signs, zeros, fractions or
	 * exponents, hex, or nothing at all): in a post's room only `[1-9][0-9]*` is accepted.
	 */
	const NUMBER_SPELLING = '/^(0[xX][0-9a-fA-F]*|[0-9+.eE-]*[0-9][0-9+.eE-]*|)$/';

	/**
	 * Reserves a namespace. A later call for the same prefix replaces the earlier one.
	 *
	 * @since 0.1.0
	 *
	 * @param string $prefix Bare channel prefix, for example `shop:` or `chat.room-`.
	 * @param mixed  $read   Who may subscribe: true, false, a capability or a callable.
	 * @param mixed  $publish Who may publish from a browser: same forms; false by default.
	 */
	public static function register( string $prefix, $read, $publish = false ): void {
		self::$grants[ $prefix ] = array(
			'read'    => $read,
			'publish' => $publish,
		);
	}

	/**
	 * Registers the built-in namespaces.
	 */
	public static function register_defaults(): void {
		self::register( 'posts', true );
		self::register( 'comments', true );
		self::register( 'options', 'manage_options' );
		self::register( 'yjs:', array( self::class, 'can_edit_room' ), array( self::class, 'can_edit_room' ) );
	}

	/**
	 * Forgets every grant (used when re-registering).
	 */
	public static function reset(): void {
		self::$grants = array();
	}

	/**
	 * Whether the user may subscribe to the channel.
	 *
	 * @param int    $user_id User id, 0 for a visitor.
	 * @param string $bare    Bare channel name.
	 */
	public static function can_read( int $user_id, string $bare ): bool {
		return self::check( 'read', $user_id, $bare );
	}

	/**
	 * Whether the user may publish to the channel from a browser.
	 *
	 * @param int    $user_id User id, 0 for a visitor.
	 * @param string $bare    Bare channel name.
	 */
	public static function can_publish( int $user_id, string $bare ): bool {
		return self::check( 'publish', $user_id, $bare );
	}

	/**
	 * Prefixes whose rule is not a callable and lets the user read (or publish) everything under
	 * them. Callable rules depend on the channel, so they are granted channel by channel.
	 *
	 * @param string $action  'read' or 'publish'.
	 * @param int    $user_id User id.
	 * @return string[]
	 */
	public static function static_prefixes( string $action, int $user_id ): array {
		$prefixes = array();
		foreach ( self::$grants as $prefix => $grant ) {
			$rule = $grant[ $action ];
			if ( ! is_callable( $rule ) && self::allows( $rule, $user_id, (string) $prefix ) ) {
				$prefixes[] = (string) $prefix;
			}
		}

		return $prefixes;
	}

	/**
	 * Every registered grant, for the Explorer.
	 *
	 * @return array<string,array{read:mixed,publish:mixed}>
	 */
	public static function all(): array {
		return self::$grants;
	}

	/**
	 * The rule for collaboration rooms: edit rights on the room's post, or `edit_posts` for
	 * rooms that are not one post (collections, comments, patterns, templates). A post's room
	 * has one name only, with the post id in canonical decimal (`yjs:postType/post:4`); an id
	 * spelled like a number any other way (`04`, `+4`, `4.0`, `4e0`, `0x4`) is refused, so
	 * no second room of the same post can be opened under the looser `edit_posts` rule.
	 *
	 * @param int    $user_id User id.
	 * @param string $bare    Bare channel name, `yjs:{objectType}:{objectId}`.
	 */
	public static function can_edit_room( int $user_id, string $bare ): bool {
		if ( 0 === $user_id ) {
			return false;
		}

		if ( 1 === preg_match( '#^yjs:postType/[a-z0-9_-]+:(.*)$#s', $bare, $match )
			&& 1 === preg_match( self::NUMBER_SPELLING, $match[1] )
			&& 1 !== preg_match( '/^[1-9][0-9]*$/', $match[1] ) ) {
			return false;
		}

		if ( 1 === preg_match( '#^yjs:postType/([a-z0-9_-]+):([1-9][0-9]*)$#', $bare, $match ) ) {
			$post = get_post( (int) $match[2] );

			return $post instanceof \WP_Post && $post->post_type === $match[1]
				&& user_can( $user_id, 'edit_post', $post->ID );
		}

		return user_can( $user_id, 'edit_posts' );
	}

	/**
	 * @param string $action  'read' or 'publish'.
	 * @param int    $user_id User id.
	 * @param string $bare    Bare channel name.
	 */
	private static function check( string $action, int $user_id, string $bare ): bool {
		$best = null;
		foreach ( self::$grants as $prefix => $grant ) {
			$prefix = (string) $prefix;
			if ( 0 === strpos( $bare, $prefix ) && ( null === $best || strlen( $prefix ) > strlen( $best ) ) ) {
				$best = $prefix;
			}
		}

		return null !== $best && self::allows( self::$grants[ $best ][ $action ], $user_id, $bare );
	}

	/**
	 * @param mixed  $rule    true, false, a capability or a callable.
	 * @param int    $user_id User id.
	 * @param string $bare    Bare channel name.
	 */
	private static function allows( $rule, int $user_id, string $bare ): bool {
		if ( is_bool( $rule ) ) {
			return $rule;
		}
		if ( is_callable( $rule ) ) {
			return (bool) call_user_func( $rule, $user_id, $bare );
		}
		if ( is_string( $rule ) && '' !== $rule ) {
			return 0 !== $user_id && user_can( $user_id, $rule );
		}

		return false;
	}
}
