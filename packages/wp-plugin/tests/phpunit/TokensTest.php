<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;
use WPSignal\Crypto;
use WPSignal\Jwt;
use WPSignal\Tokens;

final class TokensTest extends TestCase {

	/**
	 * @return array<string,mixed>
	 */
	private function claims( array $minted ): array {
		$claims = Jwt::decode( $minted['token'], self::JWT_SECRET );
		$this->assertIsArray( $claims );

		return $claims;
	}

	public function test_a_visitor_token_carries_the_contract_claims(): void {
		$minted = Tokens::mint( 0, array(), 1700000000 );
		$claims = Jwt::decode( $minted['token'], self::JWT_SECRET, 1700000000 );

		$this->assertSame( Config::site_id(), $claims['site_id'] );
		$this->assertSame( Config::tenant_id(), $claims['tenant_id'] );
		$this->assertSame( '0', $claims['user_id'] );
		$this->assertSame( 2, $claims['v'] );
		$this->assertSame( 1700000000, $claims['iat'] );
		$this->assertSame( 1700000300, $claims['exp'] );
		$this->assertSame( 1700000300, $minted['expires_at'] );
		$this->assertSame( array( 'posts', 'comments' ), $claims['allowed_channel_prefixes'] );
		$this->assertSame( array( 'fixture' ), $claims['allowed_channels'] );
		$this->assertSame( array(), $claims['allowed_publish_prefixes'] );
	}

	public function test_user_id_is_the_users_id_as_a_string(): void {
		$editor = $this->user_id( 'editor' );

		$this->assertSame( (string) $editor, $this->claims( Tokens::mint( $editor ) )['user_id'] );
	}

	public function test_the_options_channel_is_granted_to_administrators_only(): void {
		$this->assertNotContains( 'options', $this->claims( Tokens::mint( $this->user_id( 'editor' ) ) )['allowed_channel_prefixes'] );
		$this->assertContains( 'options', $this->claims( Tokens::mint( $this->user_id( 'admin' ) ) )['allowed_channel_prefixes'] );
	}

	public function test_the_channel_prefixes_filter_decides_the_final_prefixes(): void {
		$this->filter(
			'wpsignal_token_channel_prefixes',
			function ( $prefixes, $user_id ) {
				$this->assertSame( 0, $user_id );
				return array( 'only:' );
			},
			10,
			2
		);

		$this->assertSame( array( 'only:' ), $this->claims( Tokens::mint( 0 ) )['allowed_channel_prefixes'] );
	}

	public function test_the_publish_prefixes_filter_grants_browser_publishing(): void {
		$this->filter(
			'wpsignal_token_publish_prefixes',
			static function ( $prefixes ) {
				$prefixes[] = 'chat:';
				return $prefixes;
			}
		);

		$this->assertSame( array( 'chat:' ), $this->claims( Tokens::mint( 0 ) )['allowed_publish_prefixes'] );
	}

	public function test_the_channels_filter_adds_a_channel_its_prefix_and_its_key(): void {
		$this->filter(
			'wpsignal_token_channels',
			static function ( $channels ) {
				$channels[] = 'news';
				return $channels;
			}
		);
		$minted = Tokens::mint( 0 );

		$this->assertContains( 'news', $minted['channels'] );
		$this->assertContains( 'news', $this->claims( $minted )['allowed_channels'] );
		$this->assertNotContains( 'news', $this->claims( $minted )['allowed_channel_prefixes'] );
		$this->assertSame( base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'news' ) ), $minted['keys']['news'] );
	}

	public function test_filters_returning_garbage_leave_strings_only(): void {
		$this->filter(
			'wpsignal_token_channel_prefixes',
			static function () {
				return array( 'ok', 42, null, array( 'x' ), 'ok' );
			}
		);

		$this->assertSame( array( 'ok' ), $this->claims( Tokens::mint( 0 ) )['allowed_channel_prefixes'] );
	}

	public function test_pages_get_v2_keys_of_readable_channels_only(): void {
		$keys = Tokens::mint( $this->user_id( 'editor' ) )['keys'];

		$this->assertSame( array( 'posts', 'comments', 'fixture' ), array_keys( $keys ) );
		$this->assertSame( base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, 'posts' ) ), $keys['posts'] );
		$this->assertArrayHasKey( 'options', Tokens::mint( $this->user_id( 'admin' ) )['keys'] );
	}

	public function test_with_v1_encryption_pages_get_the_site_wide_key(): void {
		update_option( Config::ENCRYPTION, 1 );

		$this->assertSame( array( '*' => base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) ) ), Tokens::mint( 0 )['keys'] );
	}

	public function test_with_v1_encryption_a_room_still_gets_its_own_v2_key(): void {
		update_option( Config::ENCRYPTION, 1 );
		$editor = $this->user_id( 'editor' );
		$post   = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $editor ) );
		$room   = 'yjs:postType/post:' . $post;
		$minted = Tokens::mint( $editor, array( $room ) );

		$this->assertSame( 1, $minted['encryption'] );
		$this->assertSame( base64_encode( Crypto::channel_key( Crypto::seed(), self::SITE_KEY, $room ) ), $minted['keys'][ $room ] );
		$this->assertSame( base64_encode( Crypto::v1_key( Crypto::seed(), self::SITE_KEY ) ), $minted['keys']['*'] );
		$this->assertSame( array( '*' ), array_keys( Tokens::mint( $this->user_id( 'subscriber' ) )['keys'] ) );
		$this->assertWPError( 'forbidden', Tokens::mint( $this->user_id( 'subscriber' ), array( $room ) ), 403 );
	}

	public function test_a_post_room_under_a_non_canonical_id_is_refused(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'editor' ) ) );

		foreach ( array( '0' . $post, '+' . $post, $post . '.0' ) as $id ) {
			$this->assertWPError( 'forbidden', Tokens::mint( $this->user_id( 'admin' ), array( 'yjs:postType/post:' . $id ) ), 403 );
		}
	}

	public function test_an_editor_gets_the_collaboration_room_of_a_post_they_can_edit(): void {
		$editor = $this->user_id( 'editor' );
		$post   = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $editor ) );
		$room   = 'yjs:postType/post:' . $post;
		$minted = Tokens::mint( $editor, array( $room ) );
		$claims = $this->claims( $minted );

		$this->assertContains( $room, $claims['allowed_channels'] );
		$this->assertSame( array( $room ), $claims['allowed_publish_channels'] );
		$this->assertNotContains( $room, $claims['allowed_channel_prefixes'] );
		$this->assertNotContains( $room, $claims['allowed_publish_prefixes'] );
		$this->assertArrayHasKey( $room, $minted['keys'] );
	}

	public function test_a_subscriber_is_refused_a_collaboration_room(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_author' => $this->user_id( 'admin' ) ) );

		$this->assertWPError( 'forbidden', Tokens::mint( $this->user_id( 'subscriber' ), array( 'yjs:postType/post:' . $post ) ), 403 );
	}

	public function test_a_room_for_a_post_of_another_type_is_refused(): void {
		$post = wp_insert_post( array( 'post_title' => 'Room', 'post_type' => 'page', 'post_author' => $this->user_id( 'admin' ) ) );

		$this->assertWPError( 'forbidden', Tokens::mint( $this->user_id( 'admin' ), array( 'yjs:postType/post:' . $post ) ), 403 );
	}

	public function test_an_ungranted_channel_is_refused(): void {
		$this->assertWPError( 'forbidden', Tokens::mint( $this->user_id( 'admin' ), array( 'secret-things' ) ), 403 );
	}

	public function test_an_invalid_channel_name_is_refused(): void {
		foreach ( array( '', 'has space', "tab\there", str_repeat( 'x', 201 ), 'site:nothex:posts', "\xff\xfe" ) as $name ) {
			$this->assertWPError( 'invalid_channel', Tokens::mint( 0, array( $name ) ), 400 );
		}
	}

	public function test_a_qualified_name_of_this_site_is_read_as_bare(): void {
		$this->assertSame( array( 'posts', 'fixture' ), Tokens::mint( 0, array( 'site:' . Config::site_id() . ':posts' ) )['channels'] );
	}

	public function test_a_qualified_name_of_another_site_is_refused(): void {
		$this->assertWPError( 'forbidden', Tokens::mint( 0, array( 'site:' . str_repeat( 'f', 64 ) . ':posts' ) ), 403 );
	}

	public function test_no_token_without_credentials(): void {
		Config::clear_credentials();

		$this->assertWPError( 'wpsignal_not_connected', Tokens::mint( 0 ), 503 );
	}
}
