import type { BackendOptions } from '../backend/types.js';
import { WordSocketCryptoError } from '../errors.js';
import { parseEnvelope } from './format.js';
import type { OpenedMessage } from './types.js';
import { openV1 } from './v1.js';
import { openV2 } from './v2.js';

/** The keys {@link openMessage} may use. */
export interface OpenKeys extends BackendOptions {
  /** The site-wide v1 key, for baseline envelopes. */
  v1Key?: Uint8Array;
  /** The key of `channel`, for v2 envelopes. */
  channelKey?: Uint8Array;
  /** The channel the message arrived on (needed for v2). */
  channel?: string;
}

/**
 * Opens an encrypted message of either version, choosing by its `v`.
 *
 * @returns `{version, event, data}` plus `ts` and `id` for v2
 * @throws WordSocketCryptoError `missing_key` when the key (or channel) for its version was not
 *   given, `unknown_version`, and everything {@link openV1} and {@link openV2} throw
 * @example
 * ```ts
 * if (isEncryptedMessage(frame)) {
 *   const opened = await openMessage(frame, { channel: frame.channel, channelKey, v1Key });
 * }
 * ```
 */
export async function openMessage(message: unknown, keys: OpenKeys): Promise<OpenedMessage> {
  if (typeof keys !== 'object' || keys === null) throw new TypeError('keys must be an object');
  const { version } = parseEnvelope(message);

  if (version === 1) {
    if (keys.v1Key === undefined) missing('a v1 envelope needs v1Key');
    return { version: 1, ...(await openV1(keys.v1Key, message, keys)) };
  }

  if (version === 2) {
    if (keys.channelKey === undefined) missing('a v2 envelope needs channelKey');
    if (keys.channel === undefined) missing('a v2 envelope needs the channel it arrived on');
    return { version: 2, ...(await openV2(keys.channelKey, keys.channel, message, keys)) };
  }

  throw new WordSocketCryptoError('unknown_version', `unknown envelope version ${version}`);
}

function missing(reason: string): never {
  throw new WordSocketCryptoError('missing_key', reason);
}
