import { assertString, assertText } from './assert.js';
import type { BackendOptions } from './backend/types.js';
import { bareChannel } from './channel.js';
import { KEY_LENGTH } from './envelope/format.js';
import { hkdfSha256, toBytes } from './hkdf.js';

/** HKDF `info` of the site-wide v1 key. */
export const V1_INFO = 'wpsignal-v1';

/** Prefix of the HKDF `info` of a v2 channel key; the bare channel name follows it. */
export const V2_INFO_PREFIX = 'wordsocket-v2|';

/**
 * The site-wide v1 key: HKDF-SHA256(ikm = seed, salt = site_key, info = "wpsignal-v1", 32).
 * Every page holding it can read every channel; prefer v2 channel keys for new code.
 *
 * @param seed - the encryption seed (in WordPress `AUTH_KEY . SECURE_AUTH_KEY`), as text or bytes
 * @param siteKey - the site's `site_key`, as text
 * @throws TypeError / RangeError for a missing or empty seed or site key
 * @example
 * ```ts
 * const key = await deriveV1Key(seed, siteKey);
 * ```
 */
export async function deriveV1Key(
  seed: string | Uint8Array,
  siteKey: string,
  options?: BackendOptions,
): Promise<Uint8Array> {
  checkSecrets(seed, siteKey);

  return hkdfSha256(seed, siteKey, V1_INFO, KEY_LENGTH, options);
}

/**
 * The v2 key of one channel: HKDF-SHA256(ikm = seed, salt = site_key,
 * info = "wordsocket-v2|" + bare channel name, 32). WordPress derives it and hands it to pages
 * whose user may read the channel; the seed itself never leaves the server.
 *
 * @param channel - the channel, bare or qualified (`site:{site_id}:…`); the bare name is used
 * @throws WordSocketCryptoError `invalid_channel` for a name that breaks docs/protocol.md §2
 * @throws TypeError / RangeError for a missing or empty seed or site key
 * @example
 * ```ts
 * const postsKey = await deriveChannelKey(seed, siteKey, 'posts');
 * ```
 */
export async function deriveChannelKey(
  seed: string | Uint8Array,
  siteKey: string,
  channel: string,
  options?: BackendOptions,
): Promise<Uint8Array> {
  checkSecrets(seed, siteKey);
  const info = V2_INFO_PREFIX + bareChannel(channel);

  return hkdfSha256(seed, siteKey, info, KEY_LENGTH, options);
}

function checkSecrets(seed: unknown, siteKey: unknown): void {
  assertText(seed, 'seed');
  assertString(siteKey, 'siteKey');
  if (toBytes(seed).length === 0) throw new RangeError('seed must not be empty');
  if (siteKey.length === 0) throw new RangeError('siteKey must not be empty');
}
