import { createHash, randomBytes } from 'node:crypto';
import type { Site } from '@wordsocket/server-core';

/** A complete site record with random credentials, for store tests. */
export function makeSite(overrides: Partial<Site> = {}): Site {
  const site_key = randomBytes(32).toString('hex');
  return {
    site_key,
    publish_secret: randomBytes(32).toString('hex'),
    jwt_secret: randomBytes(32).toString('hex'),
    site_id: createHash('sha256').update(`site:${site_key}`).digest('hex'),
    tenant_id: createHash('sha256').update(`tenant:${site_key}`).digest('hex'),
    site_url: 'https://example.test',
    site_name: 'Example',
    created_at: Date.now(),
    max_connections: 1000,
    ...overrides,
  };
}
