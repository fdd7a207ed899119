<?php
/**
 * @package WPSignal
 */

namespace WPSignal\Tests;

use WPSignal\Config;

final class ConfigTest extends TestCase {

	public function test_site_id_and_tenant_id_are_sha256_hex_of_prefixed_site_key(): void {
		// Expected values computed with coreutils: printf 'site:<key>' | sha256sum.
		$this->assertSame( 'e7ceb808c12334690793473eafe1b40bbaf76123b7ae5be63c3e3710870f44ed', Config::site_id() );
		$this->assertSame( 'ae228813951f2f1ccc5b917c806fe2578cd9ccd82dd58962eef9598a68198354', Config::tenant_id() );
	}

	public function test_credentials_come_from_options(): void {
		$this->assertSame( self::capture_url(), Config::relay_url() );
		$this->assertSame( self::SITE_KEY, Config::site_key() );
		$this->assertSame( self::PUBLISH_SECRET, Config::publish_secret() );
		$this->assertSame( self::JWT_SECRET, Config::jwt_secret() );
		$this->assertTrue( Config::is_connected() );
	}

	public function test_a_missing_credential_means_not_connected(): void {
		delete_option( Config::JWT_SECRET );

		$this->assertFalse( Config::is_connected() );
	}

	public function test_relay_url_loses_its_trailing_slash(): void {
		update_option( Config::RELAY_URL, 'http://127.0.0.1:9999/base/' );

		$this->assertSame( 'http://127.0.0.1:9999/base', Config::relay_url() );
	}

	public function test_clear_credentials_forgets_the_secrets_but_keeps_the_relay_url(): void {
		Config::clear_credentials();

		$this->assertSame( '', Config::site_key() );
		$this->assertSame( '', Config::publish_secret() );
		$this->assertSame( '', Config::jwt_secret() );
		$this->assertSame( self::capture_url(), Config::relay_url() );
	}

	public function test_encryption_version_is_2_unless_set_to_1(): void {
		$this->assertSame( 2, Config::encryption_version() );

		update_option( Config::ENCRYPTION, 1 );
		$this->assertSame( 1, Config::encryption_version() );

		update_option( Config::ENCRYPTION, 'nonsense' );
		$this->assertSame( 2, Config::encryption_version() );
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_constants_override_options(): void {
		define( 'WPSIGNAL_SITE_KEY', str_repeat( 'c', 64 ) );
		define( 'WPSIGNAL_RELAY_URL', 'http://127.0.0.1:7000' );

		$this->assertSame( str_repeat( 'c', 64 ), Config::site_key() );
		$this->assertSame( 'http://127.0.0.1:7000', Config::relay_url() );
		$this->assertTrue( Config::is_constant( Config::SITE_KEY ) );
		$this->assertFalse( Config::is_constant( Config::JWT_SECRET ) );
		$this->assertSame( hash( 'sha256', 'site:' . str_repeat( 'c', 64 ) ), Config::site_id() );
	}
}
