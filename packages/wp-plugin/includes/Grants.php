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
 * `manage_options`, and `yjs:` collaboration rooms by users who can edit what the room is for:
 * the post (`yjs:postType/{type}:{id}`), the term (`yjs:taxonomy/{taxonomy}:{id}`), the post
 * type's or taxonomy's items (`…:collection`, template ids), or, for the editor's shared
 * `yjs:root/…` rooms, `edit_posts`. See can_edit_room().
 *
 * @since 0.1.0
 */
final class Grants {

	/**
	 * @var array<string,array{read:mixed,publish:mixed}>
	 */
	private static $grants = array();

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
	 * The rule for collaboration rooms, strict and least-privilege. A room name is
	 * `yjs:{kind}/{name}:{id}` and only these forms are granted:
	 *
	 * - `yjs:postType/{type}:{id}`: `{type}` is a registered post type, spelled exactly. With
	 *   `{id}` in canonical decimal (ASCII digits, no leading zero) the post must exist, be of
	 *   that type, and the user must be able to `edit_post` it. With `{id}` `collection` the user
	 *   needs the type's `edit_posts` capability (`cap->edit_posts`). Post types whose REST
	 *   controller is the templates controller (`wp_template`, `wp_template_part`) also name
	 *   their items by a string id, `{theme}//{slug}`, which needs the type's `edit_posts`
	 *   capability (for templates, `edit_theme_options`).
	 * - `yjs:taxonomy/{taxonomy}:{id}`: `{taxonomy}` is a registered taxonomy. With `{id}` in
	 *   canonical decimal the term must exist in that taxonomy and the user must be able to
	 *   `edit_term` it; with `collection` the user needs the taxonomy's `cap->edit_terms`.
	 * - `yjs:root/{name}:{id}` (`root/comment:collection` and the other shared rooms of the
	 *   block editor): `edit_posts`, as before. `{name}` is ASCII letters, digits, `_` and `-`;
	 *   `{id}` is canonical decimal or a slug (an ASCII letter, then letters, digits, `_` and
	 *   `-`; `collection` is one). This is a floor, the rule every room had before, not the
	 *   capability WordPress asks to edit each kind of object.
	 *
	 * Everything else under `yjs:` is refused: unknown kinds, post types or taxonomies (case
	 * included), ids spelled like a number any other way (`04`, `+4`, `4.0`, `4e0`, `0x4`,
	 * non-ASCII digits), and ids with anything after the number (`4x`, `4/`, `4:4`), so no
	 * second room of an object can be opened under a looser rule.
	 *
	 * @since 0.1.0
	 *
	 * @param int    $user_id User id.
	 * @param string $bare    Bare channel name, `yjs:{kind}/{name}:{id}`.
	 */
	public static function can_edit_room( int $user_id, string $bare ): bool {
		if ( 0 === $user_id ) {
			return false;
		}
		if ( 1 !== preg_match( '#^yjs:(postType|taxonomy|root)/([A-Za-z0-9_-]+):([\x21-\x7e]+)\z#D', $bare, $match ) ) {
			return false;
		}

		list( , $kind, $name, $id ) = $match;
		$canonical = 1 === preg_match( '/^[1-9][0-9]*\z/D', $id ) && (string) (int) $id === $id;

		if ( 'postType' === $kind ) {
			return self::can_edit_post_room( $user_id, $name, $id, $canonical );
		}
		if ( 'taxonomy' === $kind ) {
			return self::can_edit_term_room( $user_id, $name, $id, $canonical );
		}

		return ( $canonical || 1 === preg_match( '/^[A-Za-z][A-Za-z0-9_-]*\z/D', $id ) ) && user_can( $user_id, 'edit_posts' );
	}

	/**
	 * The rule for `yjs:postType/{type}:{id}` rooms; see can_edit_room().
	 *
	 * @since 0.1.0
	 *
	 * @param int    $user_id   User id.
	 * @param string $type      Post type, as written in the room name.
	 * @param string $id        Object id, as written in the room name.
	 * @param bool   $canonical Whether `$id` is in canonical decimal.
	 */
	private static function can_edit_post_room( int $user_id, string $type, string $id, bool $canonical ): bool {
		$object = get_post_type_object( $type );
		if ( ! $object instanceof \WP_Post_Type || $object->name !== $type ) {
			return false;
		}

		if ( $canonical ) {
			$post = get_post( (int) $id );

			return $post instanceof \WP_Post && $post->post_type === $type
				&& user_can( $user_id, 'edit_post', $post->ID );
		}

		$templates = is_string( $object->rest_controller_class )
			&& is_a( $object->rest_controller_class, 'WP_REST_Templates_Controller', true );
		if ( 'collection' !== $id
			&& ! ( $templates && 1 === preg_match( '#^[A-Za-z0-9._-]+//[A-Za-z0-9_-]+\z#D', $id ) ) ) {
			return false;
		}

		return is_string( $object->cap->edit_posts ?? null ) && user_can( $user_id, $object->cap->edit_posts );
	}

	/**
	 * The rule for `yjs:taxonomy/{taxonomy}:{id}` rooms; see can_edit_room().
	 *
	 * @since 0.1.0
	 *
	 * @param int    $user_id   User id.
	 * @param string $taxonomy  Taxonomy, as written in the room name.
	 * @param string $id        Object id, as written in the room name.
	 * @param bool   $canonical Whether `$id` is in canonical decimal.
	 */
	private static function can_edit_term_room( int $user_id, string $taxonomy, string $id, bool $canonical ): bool {
		$object = get_taxonomy( $taxonomy );
		if ( ! $object instanceof \WP_Taxonomy || $object->name !== $taxonomy ) {
			return false;
		}

		if ( $canonical ) {
			$term = get_term( (int) $id );

			return $term instanceof \WP_Term && $term->taxonomy === $taxonomy
				&& user_can( $user_id, 'edit_term', $term->term_id );
		}

		return 'collection' === $id && is_string( $object->cap->edit_terms ?? null )
			&& user_can( $user_id, $object->cap->edit_terms );
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
