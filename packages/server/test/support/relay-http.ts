import { createHash, createHmac } from 'node:crypto';
import type { Site } from '@wordsocket/server-core';
import { SignJWT } from 'jose';
import { OPERATOR_KEY } from './server.js';

/** The credentials `POST /api/sites/register` and the CLI hand out. */
export interface Credentials {
  site_key: string;
  publish_secret: string;
  jwt_secret: string;
}

/** Registers a site over HTTP with the operator key. */
export async function registerOverHttp(baseUrl: string, name = 'Test site'): Promise<Credentials> {
  const response = await fetch(`${baseUrl}/api/sites/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ site_url: 'https://example.test', site_name: name }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}`);
  return (await response.json()) as Credentials;
}

/** `sha256hex(prefix + site_key)`. */
export function derivedId(prefix: 'site:' | 'tenant:', siteKey: string): string {
  return createHash('sha256')
    .update(prefix + siteKey)
    .digest('hex');
}

/** A browser token for a site, granting subscribe and publish on `prefixes`. */
export async function mintToken(
  credentials: Credentials | Site,
  prefixes: string[] = [''],
  lifetimeSec = 300,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    site_id: derivedId('site:', credentials.site_key),
    tenant_id: derivedId('tenant:', credentials.site_key),
    user_id: '1',
    allowed_channel_prefixes: prefixes,
    allowed_publish_prefixes: prefixes,
    v: 2,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSec)
    .sign(new TextEncoder().encode(credentials.jwt_secret));
}

/** `POST /publish` signed as WordPress signs it (docs/protocol.md §4.1). */
export function publishSigned(
  baseUrl: string,
  credentials: Credentials,
  message: { channel: string; event: string; data: unknown },
): Promise<Response> {
  const body = JSON.stringify(message);
  const ts = String(Date.now());
  const sign = createHmac('sha256', credentials.publish_secret)
    .update(`${body}.${ts}`)
    .digest('hex');
  return fetch(`${baseUrl}/publish`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-wp-signal-key': credentials.site_key,
      'x-wp-signal-ts': ts,
      'x-wp-signal-sign': sign,
    },
    body,
  });
}
