import { RelayError } from '../codes.js';
import { constantTimeEqual, sha256Base64Url } from '../internal/crypto.js';
import type { Relay } from '../relay.js';
import { json, parseObject, readBody } from './respond.js';
import { verifySignature } from './signature.js';

/** `GET /site/stats`: signed over the empty body. */
export async function handleStats(relay: Relay, request: Request): Promise<Response> {
  const site = await verifySignature(relay, request, new Uint8Array(0), false);
  return json({
    active_connections: await relay.connectionCount(site.site_id),
    max_connections: site.max_connections,
  });
}

/** `POST /api/sites/register` (§9): needs the host's `authorizeOperator` to say yes. */
export async function handleRegister(relay: Relay, request: Request): Promise<Response> {
  const allowed = relay.authorizeOperator ? await relay.authorizeOperator(request) : false;
  if (!allowed) throw new RelayError('unauthorized', 'operator API key required');

  const body = parseObject(await readBody(request, relay.limits.maxBodyBytes));
  const site_url = siteUrl(body.site_url);
  const site_name = siteName(body.site_name);

  const site = await relay.registerSite({ site_url, site_name });
  relay.registeredOverHttp(site);
  return json(
    {
      site_key: site.site_key,
      publish_secret: site.publish_secret,
      jwt_secret: site.jwt_secret,
    },
    201,
  );
}

/** `POST /api/sites/unregister` (§9): `{site_key, publish_secret}`. */
export async function handleUnregister(relay: Relay, request: Request): Promise<Response> {
  const body = parseObject(await readBody(request, relay.limits.maxBodyBytes));
  const siteKey = text(body.site_key, 'site_key');
  const secret = text(body.publish_secret, 'publish_secret');

  const site = await relay.sites.getByKey(siteKey);
  if (!site) throw new RelayError('unknown_site_key', 'no site with this key');
  if (!constantTimeEqual(site.publish_secret, secret)) {
    throw new RelayError('unauthorized', 'publish_secret does not match');
  }

  await relay.removeSite(siteKey);
  return json({ ok: true });
}

/** `POST /api/connect/exchange` (§9): a single-use code and its PKCE verifier. */
export async function handleExchange(relay: Relay, request: Request): Promise<Response> {
  const body = parseObject(await readBody(request, relay.limits.maxBodyBytes));
  const code = text(body.code, 'code');
  const verifier = text(body.code_verifier, 'code_verifier');
  const callbackUrl = text(body.callback_url, 'callback_url');

  const grant = await relay.connectCodes.take(code);
  const matches =
    grant !== undefined &&
    grant.expires_at > relay.now() &&
    grant.callback_url === callbackUrl &&
    constantTimeEqual(sha256Base64Url(verifier), grant.code_challenge);
  const site = matches ? await relay.sites.getByKey(grant.site_key) : undefined;
  if (!site) throw new RelayError('invalid_request', 'invalid code, verifier or callback_url');

  return json({
    site_key: site.site_key,
    publish_secret: site.publish_secret,
    jwt_secret: site.jwt_secret,
  });
}

/** An absolute http(s) URL of at most 2,048 characters, trimmed. */
function siteUrl(value: unknown): string {
  const url = typeof value === 'string' ? value.trim() : '';
  if (url.length > 2048) {
    throw new RelayError('invalid_request', 'site_url must be at most 2,048 characters');
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const web = parsed?.protocol === 'http:' || parsed?.protocol === 'https:';
  if (!parsed || !web || parsed.hostname === '') {
    throw new RelayError('invalid_request', 'site_url must be an absolute http:// or https:// URL');
  }
  return url;
}

/** 1 to 200 characters after trimming, without control characters. */
function siteName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length === 0 || name.length > 200 || /\p{Cc}/u.test(name)) {
    throw new RelayError(
      'invalid_request',
      'site_name must be 1 to 200 characters after trimming, without control characters',
    );
  }
  return name;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) {
    throw new RelayError('invalid_request', `${name} must be a non-empty string`);
  }
  return value;
}
