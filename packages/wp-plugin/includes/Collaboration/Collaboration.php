<?php
/**
 * The block editor's real-time collaboration over the relay.
 *
 * @package WPSignal
 */

namespace WPSignal\Collaboration;

use WPSignal\Assets\Assets;
use WPSignal\Assets\Client_Config;
use WPSignal\Config;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Switches the block editor's collaboration on and gives it our provider.
 *
 * WordPress 7.0 and 7.1 ship the editor's sync engine inside `wp-core-data`, gated by
 * `window._wpCollaborationEnabled` and asking the `sync.providers` filter for providers, but no
 * server side. So, on block-editor screens where that engine is found in the script WordPress will
 * load (detected by reading it, not assumed from a version), this sets the flag before
 * `wp-core-data` and makes our provider script a dependency of it, so the filter is in place
 * before the editor's first entity load (the provider list is cached on first use). It also
 * supplies what stock WordPress lacks and the editor uses: the `_crdt_document` post meta and
 * `POST /wp-sync/v1/save`, each only when nobody (the Gutenberg plugin) provides it already.
 *
 * @since 0.1.0
 */
final class Collaboration {

	const META = '_crdt_document';

	/**
	 * Hooks in.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'register_meta' ), 100 );
		add_action( 'rest_api_init', array( Save_Controller::class, 'register_routes' ), 100 );
		add_action( 'admin_enqueue_scripts', array( self::class, 'boot' ), 1 );
	}

	/**
	 * Whether the owner left collaboration on (the default) in the plugin's settings.
	 *
	 * @since 0.1.0
	 */
	public static function enabled(): bool {
		return '0' !== (string) get_option( Config::COLLABORATION, '1' );
	}

	/**
	 * Whether collaboration rooms are relay-blind: every Yjs message sealed in the browser with the
	 * room's v2 channel key (AES-256-GCM), so the relay forwards bytes it cannot read. On by
	 * default; the setting (`wpsignal_relay_blind_collaboration`, '0' turns it off) and then the
	 * `wpsignal_relay_blind_collaboration` filter decide.
	 *
	 * @since 0.1.0
	 */
	public static function relay_blind(): bool {
		$stored = '0' !== (string) get_option( Config::RELAY_BLIND, '1' );

		/**
		 * Filters whether the block editor's collaboration rooms are encrypted end to end. With
		 * true (the default) the relay only forwards sealed bytes, and relay-side tools (logs,
		 * dashboards, anything reading the traffic) cannot read documents or presence. Return
		 * false only for a relay you trust with every draft, for example to inspect traffic.
		 *
		 * @since 0.1.0
		 *
		 * @param bool $relay_blind The setting, true unless the owner turned it off.
		 */
		return (bool) apply_filters( 'wpsignal_relay_blind_collaboration', $stored );
	}

	/**
	 * Stores the relay-blind setting.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $on Anything truthy turns it on.
	 */
	public static function set_relay_blind( $on ): void {
		update_option( Config::RELAY_BLIND, rest_sanitize_boolean( $on ) ? '1' : '0' );
	}

	/**
	 * What the collaboration script is told before it runs: `window.wpSignalCollaboration`.
	 *
	 * @since 0.1.0
	 *
	 * @return array{relayBlind:bool}
	 */
	public static function client_settings(): array {
		return array( 'relayBlind' => self::relay_blind() );
	}

	/**
	 * Why collaboration is or is not running here, for the admin screens: `active`, `disabled`
	 * (the setting), `not_connected` or `no_engine`.
	 *
	 * @since 0.1.0
	 */
	public static function status(): string {
		if ( ! self::enabled() ) {
			return 'disabled';
		}
		if ( ! Config::is_connected() ) {
			return 'not_connected';
		}

		return self::engine_present() ? 'active' : 'no_engine';
	}

	/**
	 * Whether the editor's sync engine is in the scripts WordPress loads: a `wp-sync` handle (the
	 * Gutenberg plugin) or a `wp-core-data` file that asks the `sync.providers` filter.
	 *
	 * @since 0.1.0
	 */
	public static function engine_present(): bool {
		$scripts = wp_scripts();
		if ( isset( $scripts->registered['wp-sync'] ) ) {
			return true;
		}

		$core_data = $scripts->registered['wp-core-data'] ?? null;
		$path      = $core_data ? self::local_path( (string) $core_data->src ) : '';
		if ( '' === $path ) {
			return false;
		}

		$cache_key = 'wpsignal_sync_engine_' . md5( $path . '|' . (string) filemtime( $path ) . '|' . (string) filesize( $path ) );
		$known     = get_transient( $cache_key );
		if ( false !== $known ) {
			return '1' === $known;
		}

		$source  = (string) file_get_contents( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local core file, read once per version.
		$present = false !== strpos( $source, 'sync.providers' ) && false !== strpos( $source, '_wpCollaborationEnabled' );
		set_transient( $cache_key, $present ? '1' : '0', WEEK_IN_SECONDS );

		return $present;
	}

	/**
	 * On block-editor screens: the flag before `wp-core-data`, and our provider ahead of it.
	 */
	public static function boot(): void {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! $screen || ! $screen->is_block_editor() || 'active' !== self::status() ) {
			return;
		}

		$scripts = wp_scripts();
		if ( ! isset( $scripts->registered[ Assets::COLLABORATION ], $scripts->registered['wp-core-data'] ) ) {
			return;
		}

		wp_add_inline_script( Assets::COLLABORATION, 'window.wpSignalCollaboration = ' . wp_json_encode( self::client_settings() ) . ';', 'before' );

		$flags = 'window._wpCollaborationEnabled = true;';
		if ( defined( 'GUTENBERG_VERSION' ) ) {
			$flags .= 'window.__experimentalEnableRealTimeCollaboration = true;';
		}
		wp_add_inline_script( 'wp-core-data', $flags, 'before' );

		$core_data = $scripts->registered['wp-core-data'];
		if ( ! in_array( Assets::COLLABORATION, $core_data->deps, true ) ) {
			$core_data->deps[] = Assets::COLLABORATION;
		}

		// The rooms the editor opens first, granted by the page's first token.
		$post = get_post();
		if ( $post instanceof \WP_Post && $post->ID > 0 ) {
			Client_Config::grant( 'yjs:postType/' . $post->post_type . ':' . $post->ID );
		}
		Client_Config::grant( 'yjs:root/comment:collection' );
	}

	/**
	 * Registers `_crdt_document` for every post type the block editor edits, unless it is
	 * registered already.
	 */
	public static function register_meta(): void {
		if ( ! self::enabled() ) {
			return;
		}

		foreach ( get_post_types( array( 'show_in_rest' => true ), 'names' ) as $post_type ) {
			if ( ! post_type_supports( $post_type, 'editor' ) || registered_meta_key_exists( 'post', self::META, $post_type ) || registered_meta_key_exists( 'post', self::META, '' ) ) {
				continue;
			}

			register_post_meta(
				$post_type,
				self::META,
				array(
					'type'              => 'string',
					'single'            => true,
					'show_in_rest'      => true,
					'revisions_enabled' => false,
					'auth_callback'     => array( self::class, 'can_edit' ),
				)
			);
		}
	}

	/**
	 * `auth_callback` of the meta: only users who can edit the post write it.
	 *
	 * @param bool   $allowed   Whether the user can add the meta (unused).
	 * @param string $meta_key  Meta key.
	 * @param int    $object_id Post id.
	 * @param int    $user_id   User id.
	 */
	public static function can_edit( $allowed, $meta_key, $object_id, $user_id ): bool {
		return user_can( (int) $user_id, 'edit_post', (int) $object_id );
	}

	/**
	 * The file behind a script URL of this site, or '' when it is not a readable local file.
	 *
	 * @param string $src Script src as registered (absolute, or relative to the site).
	 */
	private static function local_path( string $src ): string {
		$src = (string) strtok( $src, '?' );

		if ( 0 === strpos( $src, '/' ) && 0 !== strpos( $src, '//' ) ) {
			$path = ABSPATH . ltrim( $src, '/' );
		} else {
			$base = trailingslashit( site_url() );
			$path = 0 === strpos( $src, $base ) ? ABSPATH . substr( $src, strlen( $base ) ) : '';
		}

		return '' !== $path && is_readable( $path ) ? $path : '';
	}
}
