import { verifyPublishSignature } from '@wordsocket/crypto';
import { RelayError } from '../codes.js';
import type { Site } from '../interfaces/site-store.js';
import type { Relay } from '../relay.js';

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * Checks the publish signature of docs/protocol.md §4.1 over `body`; resolves the site.
 * Throws `invalid_signature`, `unknown_site_key` or `stale_timestamp`. With `once`, also
 * refuses a signature already accepted (`replayed`).
 */
export async function verifySignature(
  relay: Relay,
  request: Request,
  body: Uint8Array,
  once: boolean,
): Promise<Site> {
  const key = request.headers.get('x-wp-signal-key');
  const ts = request.headers.get('x-wp-signal-ts');
  const sign = request.headers.get('x-wp-signal-sign');
  if (!key || !ts || !sign) throw new RelayError('invalid_signature', 'signature headers missing');
  if (!/^\d{1,16}$/.test(ts) || !HEX_64.test(sign.toLowerCase())) {
    throw new RelayError('invalid_signature', 'malformed signature headers');
  }

  const site = HEX_64.test(key) ? await relay.sites.getByKey(key) : undefined;
  if (!site) throw new RelayError('unknown_site_key', 'no site with this key');

  if (Math.abs(relay.now() - Number(ts)) > relay.timings.signatureWindowMs) {
    throw new RelayError('stale_timestamp', 'timestamp is too far from the relay clock');
  }

  const valid = await verifyPublishSignature({
    secret: site.publish_secret,
    body,
    ts,
    signature: sign,
  });
  if (!valid) throw new RelayError('invalid_signature', 'signature does not verify');

  if (once) {
    const window = relay.timings.signatureWindowMs * 2;
    const fresh = await relay.replayCache.remember(
      `${site.site_key}:${sign.toLowerCase()}`,
      window,
    );
    if (!fresh) throw new RelayError('replayed', 'this signature was already accepted');
  }
  return site;
}
