import type { Site } from './interfaces/site-store.js';
import { randomHex, sha256Hex } from './internal/crypto.js';

/**
 * A new site record with fresh secrets and its derived `site_id` and `tenant_id`
 * (docs/protocol.md §1). It is not stored: hand it to a {@link SiteStore}, or use
 * `relay.registerSite()`, which does both.
 */
export function createSiteRecord(input: {
  site_url: string;
  site_name: string;
  max_connections: number;
  created_at?: number;
  /** An existing key to keep (a migration); default a fresh one. */
  site_key?: string;
}): Site {
  const site_key = input.site_key ?? randomHex(32);
  return {
    site_key,
    publish_secret: randomHex(32),
    jwt_secret: randomHex(32),
    site_id: sha256Hex(`site:${site_key}`),
    tenant_id: sha256Hex(`tenant:${site_key}`),
    site_url: input.site_url,
    site_name: input.site_name,
    created_at: input.created_at ?? Date.now(),
    max_connections: input.max_connections,
  };
}
