import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { type ChannelGrant, normalisePrefixes } from './channels.js';
import type { Site, SiteStore } from './interfaces/site-store.js';

/** What a verified token grants (docs/protocol.md §3). */
export interface Identity {
  site: Site;
  userId: string;
  /** Seconds. */
  exp: number;
  /** What the token may subscribe to. */
  subscribe: ChannelGrant;
  /** What the token may publish to. */
  publish: ChannelGrant;
}

/** Why a token was refused: `4001`/`401 unauthorized`, or `4003`/`403 site_not_found`. */
export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly code: 'unauthorized' | 'site_not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface TokenRules {
  clockSkewSec: number;
  maxTokenLifetimeSec: number;
  now: () => number;
}

/**
 * Verifies a browser token: HS256 only, no `crit`, the secret found through the `site_id`
 * claim, every required claim present and typed, `exp`/`iat`/`nbf` within the skew, the
 * lifetime capped. Throws {@link TokenError}; the error never contains the token.
 */
export async function verifyToken(
  token: unknown,
  sites: SiteStore,
  rules: TokenRules,
): Promise<Identity> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
    throw new TokenError('unauthorized', 'missing token');
  }

  let siteId: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'HS256') throw new TokenError('unauthorized', 'token must be HS256');
    if (header.crit !== undefined) throw new TokenError('unauthorized', 'crit is not supported');
    siteId = decodeJwt(token).site_id;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new TokenError('unauthorized', 'malformed token');
  }
  if (typeof siteId !== 'string' || siteId.length === 0 || siteId.length > 128) {
    throw new TokenError('unauthorized', 'site_id claim missing');
  }

  const site = await sites.getById(siteId);
  if (!site) throw new TokenError('site_not_found', 'unknown site');

  let payload: Record<string, unknown>;
  try {
    const nowSec = Math.floor(rules.now() / 1000);
    const result = await jwtVerify(token, new TextEncoder().encode(site.jwt_secret), {
      algorithms: ['HS256'],
      clockTolerance: rules.clockSkewSec,
      currentDate: new Date(nowSec * 1000),
      requiredClaims: ['exp', 'iat'],
    });
    payload = result.payload as Record<string, unknown>;
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new TokenError('unauthorized', expired ? 'token expired' : 'token did not verify');
  }

  return checkClaims(payload, site, rules);
}

function checkClaims(claims: Record<string, unknown>, site: Site, rules: TokenRules): Identity {
  const { exp, iat, user_id, tenant_id, v, aud } = claims;
  const nowSec = rules.now() / 1000;

  if (typeof exp !== 'number' || typeof iat !== 'number') fail('exp and iat must be numbers');
  if (iat > nowSec + rules.clockSkewSec) fail('token issued in the future');
  if (exp - iat > rules.maxTokenLifetimeSec) fail('token lifetime too long');
  if (tenant_id !== site.tenant_id) fail('tenant_id does not match the site');
  if (typeof user_id !== 'string' || user_id.length === 0) fail('user_id claim missing');
  if (aud !== undefined && aud !== 'wordsocket') fail('aud must be "wordsocket"');
  if (v !== undefined && v !== 2) fail('v must be the number 2 when present');

  const subscribe = stringArray(claims.allowed_channel_prefixes);
  if (!subscribe) fail('allowed_channel_prefixes must be an array of strings');

  const subscribeGrant = channelGrant(
    subscribe,
    optionalStringArray(claims.allowed_channels, 'allowed_channels'),
    site.site_id,
  );
  let publishGrant = subscribeGrant;
  if (v === 2) {
    publishGrant = channelGrant(
      optionalStringArray(claims.allowed_publish_prefixes, 'allowed_publish_prefixes'),
      optionalStringArray(claims.allowed_publish_channels, 'allowed_publish_channels'),
      site.site_id,
    );
  }

  return { site, userId: user_id, exp, subscribe: subscribeGrant, publish: publishGrant };
}

function channelGrant(prefixes: string[], exact: string[], siteId: string): ChannelGrant {
  return {
    prefixes: normalisePrefixes(prefixes, siteId),
    exact: new Set(normalisePrefixes(exact, siteId)),
  };
}

/** A claim that may be absent (an empty list) but, when present, is an array of strings. */
function optionalStringArray(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  return stringArray(value) ?? fail(`${claim} must be an array of strings`);
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > 1000) return undefined;
  return value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

function fail(message: string): never {
  throw new TokenError('unauthorized', message);
}
