import type { Site } from '@wordsocket/server-core';
import { SignJWT } from 'jose';

/** Bare channel prefix the demo token may read and write. */
export const DEMO_PREFIX = 'demo:';

/** Lifetime of a demo token; the page asks for a new one before it runs out. */
export const DEMO_TOKEN_TTL_SEC = 5 * 60;

/**
 * Mints a browser token for the demo site (docs/protocol.md §3): HS256 with the site's
 * `jwt_secret`, subscribe and publish granted on `demo:` only, five minutes.
 */
export async function mintDemoToken(
  site: Site,
  nowMs: number,
): Promise<{ token: string; exp: number }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + DEMO_TOKEN_TTL_SEC;
  const token = await new SignJWT({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: 'operator',
    allowed_channel_prefixes: [DEMO_PREFIX],
    allowed_publish_prefixes: [DEMO_PREFIX],
    v: 2,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience('wordsocket')
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(site.jwt_secret));
  return { token, exp };
}
