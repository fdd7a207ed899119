import type { Awaitable } from './awaitable.js';

/**
 * A registered site and its secrets (docs/protocol.md §1). Field names follow the wire so a
 * record can be stored and returned as it is.
 */
export interface Site {
  /** 64 lowercase hex characters; the public identifier. */
  site_key: string;
  /** HMAC key for WordPress → relay calls (UTF-8 bytes of the text). */
  publish_secret: string;
  /** HS256 key for browser tokens (UTF-8 bytes of the text). */
  jwt_secret: string;
  /** `sha256hex("site:" + site_key)`: names the site inside channel names. */
  site_id: string;
  /** `sha256hex("tenant:" + site_key)`: must equal the token's `tenant_id` claim. */
  tenant_id: string;
  site_url: string;
  site_name: string;
  /** Unix time in milliseconds. */
  created_at: number;
  /** Concurrent connections this site may hold on one relay node; `4029` past it. */
  max_connections: number;
}

/**
 * Where the relay finds sites. Every method may answer synchronously or with a promise, so a
 * SQLite (synchronous) or Redis (asynchronous) store fits as it is.
 */
export interface SiteStore {
  /** The site with this `site_key`, or `undefined`. */
  getByKey(siteKey: string): Awaitable<Site | undefined>;
  /** The site with this `site_id`, or `undefined`. Called on every token verification. */
  getById(siteId: string): Awaitable<Site | undefined>;
  /** Stores a new site. Throws when the `site_key` already exists. */
  create(site: Site): Awaitable<void>;
  /** Removes the site with this `site_key`; resolves whether one was removed. */
  remove(siteKey: string): Awaitable<boolean>;
  /** Every site, in creation order. */
  list(): Awaitable<Site[]>;
}
