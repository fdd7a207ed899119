<?php
/**
 * POST /wpsignal/v1/keys: more channel keys for a page, under the token route's checks.
 *
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Crypto;

final class KeysRestTest extends TestCase {

	/** @var array<string,int> Users made for roles the test site has no user for. */
	private $made = array();

	/**
	 * A user of the role: the site's test user for 'admin', 'editor' and 'subscriber', a user
	 * made for this test (rolled back with it) for 'author' and 'contributor'.
	 *
	 * @param string $role Role.
	 */
	private function as_role( string $role ): int {
		if ( in_array( $role, array( 'admin', 'editor', 'subscriber' ), true ) ) {
			return $this->user_id( $role );
		}
		if ( ! isset( $this->made[ $role ] ) ) {
			$this->made[ $role ] = wp_insert_user(
				array(
					'user_login' => 'wps-' . $role . '-' . wp_generate_password( 8, false ),
					'user_pass'  => wp_generate_password(),
					'role'       => $role,
				)
			);
		}

		return $this->made[ $role ];
	}

	private function keys_as( string $role, array $channels ): \WP_REST_Response {
		wp_set_current_user( '' === $role ? 0 : $this->as_role( $role ) );
		$request = new \WP_REST_Request( 'POST', '/wpsignal/v1/keys' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( wp_json_encode( array( 'channels' => $channels ) ) );

		return rest_do_request( $request );
	}

	public function test_readable_channels_get_their_key_and_the_rest_is_refused(): void {
		$response = $this->keys_as( 'subscriber', array( 'posts', 'options', 'has space', 'secret-things' ) );
		$data     = $response->get_data();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'posts' => base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'posts' ) ) ), (array) $data['keys'] );
		$this->assertSame( array( 'options', 'has space', 'secret-things' ), $data['refused'] );
		$this->assertStringContainsString( 'no-store', $response->get_headers()['Cache-Control'] );
	}

	public function test_a_collaboration_room_key_goes_only_to_users_who_can_edit_the_post(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room = 'yjs:postType/post:' . $post;

		$this->assertArrayHasKey( $room, (array) $this->keys_as( 'editor', array( $room ) )->get_data()['keys'] );
		$this->assertSame( array( $room ), $this->keys_as( 'subscriber', array( $room ) )->get_data()['refused'] );
	}

	public function test_visitors_are_refused_unless_allow_client_opens_the_route(): void {
		$this->assertSame( 401, $this->keys_as( '', array( 'posts' ) )->get_status() );

		$this->filter( 'wpsignal_allow_client', '__return_true' );
		$this->assertArrayHasKey( 'posts', (array) $this->keys_as( '', array( 'posts' ) )->get_data()['keys'] );
	}

	public function test_bad_requests_get_defined_errors(): void {
		$this->assertSame( 'rest_invalid_param', $this->keys_as( 'editor', array() )->get_data()['code'] );
		$this->assertSame( 'rest_invalid_param', $this->keys_as( 'editor', array_fill( 0, 51, 'posts' ) )->get_data()['code'] );

		Config::clear_credentials();
		$this->assertSame( 503, $this->keys_as( 'editor', array( 'posts' ) )->get_status() );
	}

	public function test_on_v1_a_room_gets_its_own_v2_key_and_only_editors_of_the_post_get_it(): void {
		update_option( Config::ENCRYPTION, 1 );
		$post     = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room     = 'yjs:postType/post:' . $post;
		$room_key = base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, $room ) );
		$site_key = base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) );

		$editor = $this->keys_as( 'editor', array( 'posts', $room ) )->get_data();
		$this->assertSame(
			array(
				'*'   => $site_key,
				$room => $room_key,
			),
			(array) $editor['keys']
		);
		$this->assertNotSame( $site_key, $room_key );
		$this->assertSame( 1, $editor['encryption'] );

		$subscriber = $this->keys_as( 'subscriber', array( 'posts', $room ) )->get_data();
		$this->assertSame( array( '*' => $site_key ), (array) $subscriber['keys'] );
		$this->assertSame( array( $room ), $subscriber['refused'] );
	}

	public function test_a_post_room_is_granted_only_under_its_canonical_decimal_id(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );
		$room = 'yjs:postType/post:' . $post;
		$odd  = array(
			'yjs:postType/post:0' . $post,
			'yjs:postType/post:+' . $post,
			'yjs:postType/post:' . $post . '.0',
			'yjs:postType/post:' . $post . 'e0',
			'yjs:postType/post:0x' . dechex( $post ),
			'yjs:postType/post:-' . $post,
			'yjs:postType/post:0',
		);

		foreach ( array( 'editor', 'admin' ) as $role ) {
			$data = $this->keys_as( $role, array_merge( array( $room ), $odd ) )->get_data();
			$this->assertSame( array( $room ), array_keys( (array) $data['keys'] ), $role );
			$this->assertSame( $odd, $data['refused'], $role );
		}
	}

	/**
	 * Asserts which of the rooms the role gets a key for; the rest must be refused.
	 *
	 * @param string   $role    Role.
	 * @param string[] $granted Rooms the role gets a key for.
	 * @param string[] $refused Rooms the role is refused.
	 */
	private function assertRooms( string $role, array $granted, array $refused ): void {
		$data = $this->keys_as( $role, array_merge( $granted, $refused ) )->get_data();

		$this->assertSame( $granted, array_keys( (array) $data['keys'] ), $role . ' granted' );
		$this->assertSame( $refused, $data['refused'], $role . ' refused' );
	}

	public function test_a_malformed_or_unknown_post_room_is_refused_to_everyone(): void {
		// A contributor's own draft: only that contributor, editors and administrators may edit it.
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->as_role( 'contributor' ) ) );
		$odd  = array(
			'yjs:postType/Post:' . $post,
			'yjs:postType/POST:' . $post,
			'yjs:postType/nope:' . $post,
			'yjs:postType/post:' . $post . 'x',
			'yjs:postType/post:' . $post . '/',
			'yjs:postType/post:' . $post . '_',
			'yjs:postType/post:' . $post . ':' . $post,
			'yjs:postType/post:' . $post . "\n",
			'yjs:postType/post: ' . $post,
			'yjs:postType//post:' . $post,
			'yjs:postType/post/:' . $post,
			'yjs:postType/post:' . strtr( (string) $post, array_combine( range( 0, 9 ), array_map( 'mb_chr', range( 0xFF10, 0xFF19 ) ) ) ),
			'yjs:postType/post:' . strtr( (string) $post, array_combine( range( 0, 9 ), array_map( 'mb_chr', range( 0x0660, 0x0669 ) ) ) ),
			'yjs:postType/post:' . "\u{0664}",
			'yjs:postType/post:' . "\u{FF14}",
			'yjs:postType/post:slug',
			'yjs:postType/post:twentytwentyfive//index',
			'yjs:postType/post:',
			'yjs:postType/page:' . $post,
			'yjs:postType/post:99999999999999999999',
			'yjs:postType:' . $post,
			'yjs:post:' . $post,
			'yjs:postType/post',
			'yjs:',
			'yjs:other/post:' . $post,
			'yjs:root/comment:collection/',
			'yjs:root/comment:04',
			'yjs:root/comment:4x',
			'yjs:root/comment:' . "\u{0664}",
			'yjs:root//comment:collection',
			'yjs:root/comment',
			'yjs:taxonomy/Category:collection',
			'yjs:taxonomy/nope:collection',
		);

		foreach ( array( 'contributor', 'editor', 'admin' ) as $role ) {
			$this->assertRooms( $role, array( 'yjs:postType/post:' . $post ), $odd );
		}
		$this->assertRooms( 'author', array(), array_merge( array( 'yjs:postType/post:' . $post ), $odd ) );
	}

	public function test_a_template_room_needs_the_template_types_capability(): void {
		$template = 'yjs:postType/wp_template:twentytwentyfive//index';
		$rooms    = array(
			$template,
			'yjs:postType/wp_template:collection',
			'yjs:postType/wp_template_part:twentytwentyfive//header',
		);
		$odd      = array(
			'yjs:postType/wp_template:twentytwentyfive//index/',
			'yjs:postType/wp_template:twentytwentyfive/index',
			'yjs:postType/wp_template:twentytwentyfive//',
			'yjs:postType/wp_template:index',
			'yjs:postType/wp_template:twentytwentyfive//ind' . "\x01" . 'ex',
			'yjs:postType/wp_template:twentytwentyfive//' . "\u{0664}",
			'yjs:postType/wp_template:04',
			'yjs:postType/Wp_template:twentytwentyfive//index',
		);

		foreach ( array( 'contributor', 'author', 'editor' ) as $role ) {
			$this->assertFalse( user_can( $this->as_role( $role ), 'edit_theme_options' ), $role );
			$this->assertRooms( $role, array(), array_merge( $rooms, $odd ) );
		}
		$this->assertRooms( 'admin', $rooms, $odd );
	}

	public function test_a_collection_room_needs_the_types_edit_posts_capability(): void {
		$rooms = array( 'yjs:postType/post:collection', 'yjs:postType/page:collection' );

		$this->assertRooms( 'subscriber', array(), $rooms );
		$this->assertRooms( 'contributor', array( 'yjs:postType/post:collection' ), array( 'yjs:postType/page:collection' ) );
		$this->assertRooms( 'author', array( 'yjs:postType/post:collection' ), array( 'yjs:postType/page:collection' ) );
		$this->assertRooms( 'editor', $rooms, array() );
		$this->assertRooms( 'admin', $rooms, array() );
	}

	public function test_a_post_room_needs_edit_rights_on_that_post_of_that_type(): void {
		$own   = wp_insert_post( array( 'post_title' => 'Own', 'post_author' => $this->as_role( 'author' ) ) );
		$other = wp_insert_post( array( 'post_title' => 'Other', 'post_author' => $this->as_role( 'editor' ), 'post_status' => 'publish' ) );
		$page  = wp_insert_post( array( 'post_title' => 'Page', 'post_type' => 'page', 'post_author' => $this->as_role( 'editor' ) ) );
		$rooms = array( 'yjs:postType/post:' . $own, 'yjs:postType/post:' . $other, 'yjs:postType/page:' . $page );
		$wrong = array( 'yjs:postType/page:' . $own, 'yjs:postType/post:' . $page );

		$this->assertRooms( 'author', array( 'yjs:postType/post:' . $own ), array_merge( array( 'yjs:postType/post:' . $other, 'yjs:postType/page:' . $page ), $wrong ) );
		$this->assertRooms( 'contributor', array(), array_merge( $rooms, $wrong ) );
		$this->assertRooms( 'editor', $rooms, $wrong );
		$this->assertRooms( 'admin', $rooms, $wrong );
	}

	public function test_a_taxonomy_room_needs_the_taxonomys_term_capabilities(): void {
		$category = wp_insert_term( 'Room', 'category' )['term_id'];
		$tag      = wp_insert_term( 'Room', 'post_tag' )['term_id'];
		$rooms    = array( 'yjs:taxonomy/category:' . $category, 'yjs:taxonomy/category:collection' );
		$odd      = array(
			'yjs:taxonomy/post_tag:' . $category,
			'yjs:taxonomy/category:' . $tag,
			'yjs:taxonomy/category:0' . $category,
			'yjs:taxonomy/category:' . $category . 'x',
			'yjs:taxonomy/category:uncategorized',
			'yjs:taxonomy/category:999999999',
			'yjs:taxonomy/Category:' . $category,
			'yjs:taxonomy//category:' . $category,
		);

		foreach ( array( 'subscriber', 'contributor', 'author' ) as $role ) {
			$this->assertFalse( user_can( $this->as_role( $role ), 'manage_categories' ), $role );
			$this->assertRooms( $role, array(), array_merge( $rooms, $odd ) );
		}
		$this->assertRooms( 'editor', $rooms, $odd );
		$this->assertRooms( 'admin', $rooms, $odd );
	}

	public function test_the_shared_root_rooms_need_edit_posts(): void {
		$rooms = array( 'yjs:root/comment:collection', 'yjs:root/comment:4', 'yjs:root/site:site' );

		$this->assertRooms( 'subscriber', array(), $rooms );
		foreach ( array( 'contributor', 'author', 'editor', 'admin' ) as $role ) {
			$this->assertRooms( $role, $rooms, array() );
		}
	}
}
