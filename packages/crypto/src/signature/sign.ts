import { assertInteger, assertString, assertText } from '../assert.js';
import { chooseBackend } from '../backend/select.js';
import type { BackendOptions } from '../backend/types.js';
import { toHex } from '../encoding/hex.js';
import { toBytes } from '../hkdf.js';

/** Header carrying the site key of a signed publish call. */
export const SITE_KEY_HEADER = 'X-WP-Signal-Key';
/** Header carrying the signing time, unix milliseconds in decimal. */
export const TIMESTAMP_HEADER = 'X-WP-Signal-Ts';
/** Header carrying the hex HMAC-SHA256 signature. */
export const SIGNATURE_HEADER = 'X-WP-Signal-Sign';

/** The three headers of a signed WordPress → relay call. */
export interface PublishHeaders {
  'X-WP-Signal-Key': string;
  'X-WP-Signal-Ts': string;
  'X-WP-Signal-Sign': string;
}

/**
 * The publish signature: lowercase hex of HMAC-SHA256(publish_secret, rawBody + "." + ts),
 * what PHP's `hash_hmac('sha256', $body . '.' . $ts, $secret)` returns.
 *
 * @param secret - the site's `publish_secret`, used as its UTF-8 text bytes (not hex-decoded)
 * @param body - the exact request body, as text or bytes (`""` for a GET)
 * @param ts - unix milliseconds, written in decimal
 * @throws TypeError / RangeError for arguments of the wrong type, an empty secret or a
 *   negative or fractional `ts`
 * @example
 * ```ts
 * const sign = await signPublish(publishSecret, body, Date.now());
 * ```
 */
export async function signPublish(
  secret: string,
  body: string | Uint8Array,
  ts: number,
  options?: BackendOptions,
): Promise<string> {
  const mac = await publishMac(secret, body, ts, options);

  return toHex(mac);
}

/**
 * Signs a request body and returns the three headers to send with it.
 *
 * @param credentials - `siteKey` and `publishSecret` of the site
 * @param body - the exact request body
 * @param ts - unix milliseconds; `Date.now()` by default
 * @example
 * ```ts
 * const body = JSON.stringify({ channel: 'posts', event: 'encrypted', data: sealed.data });
 * const headers = await publishHeaders({ siteKey, publishSecret }, body);
 * await fetch('http://127.0.0.1:8080/publish', { method: 'POST', headers, body });
 * ```
 */
export async function publishHeaders(
  credentials: { siteKey: string; publishSecret: string },
  body: string | Uint8Array,
  ts: number = Date.now(),
  options?: BackendOptions,
): Promise<PublishHeaders> {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new TypeError('credentials must be an object');
  }
  assertString(credentials.siteKey, 'credentials.siteKey');
  const sign = await signPublish(credentials.publishSecret, body, ts, options);

  return {
    [SITE_KEY_HEADER]: credentials.siteKey,
    [TIMESTAMP_HEADER]: String(ts),
    [SIGNATURE_HEADER]: sign,
  } as PublishHeaders;
}

/** The raw HMAC bytes behind {@link signPublish}. */
export async function publishMac(
  secret: string,
  body: string | Uint8Array,
  ts: number,
  options?: BackendOptions,
): Promise<Uint8Array> {
  assertString(secret, 'secret');
  assertText(body, 'body');
  assertInteger(ts, 'ts', 0, Number.MAX_SAFE_INTEGER);
  if (secret.length === 0) throw new RangeError('secret must not be empty');

  const bodyBytes = toBytes(body);
  const suffix = toBytes(`.${ts}`);
  const signed = new Uint8Array(bodyBytes.length + suffix.length);
  signed.set(bodyBytes);
  signed.set(suffix, bodyBytes.length);

  const backend = await chooseBackend(options);

  return backend.hmacSha256(toBytes(secret), signed);
}
