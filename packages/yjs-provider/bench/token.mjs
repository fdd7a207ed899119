import { createHmac } from 'node:crypto';

/** An HS256 browser token (docs/protocol.md §3) granting every channel of `site`. */
export function mintToken(site) {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '1',
    allowed_channel_prefixes: [''],
    allowed_publish_prefixes: [''],
    v: 2,
    iat: now,
    exp: now + 600,
  });
  const signature = createHmac('sha256', site.jwt_secret)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}
