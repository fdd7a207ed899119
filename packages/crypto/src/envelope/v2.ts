import { assertInteger } from '../assert.js';
import { chooseBackend } from '../backend/select.js';
import type { BackendOptions } from '../backend/types.js';
import { bareChannel } from '../channel.js';
import { toHex } from '../encoding/hex.js';
import { utf8Encode } from '../encoding/utf8.js';
import { WordSocketCryptoError } from '../errors.js';
import { randomBytes } from '../random.js';
import { assertKey, ENCRYPTED_EVENT, IV_LENGTH, packPayload, parseEnvelope } from './format.js';
import { decodePlaintextV2, encodePlaintext } from './plaintext.js';
import type { EncryptedMessage, EnvelopeV2, OpenedMessageV2, PlainMessage } from './types.js';
import { expectVersion } from './v1.js';

/** Options of {@link sealV2}. */
export interface SealV2Options extends BackendOptions {
  /**
   * The message id: 32 lowercase hex characters. Random by default; pass the same id when
   * retrying a publish so that clients drop the duplicate.
   */
  id?: string;
  /** The seal time in unix milliseconds. `Date.now()` by default. */
  ts?: number;
}

/**
 * Seals a message as a v2 envelope: AES-256-GCM under the channel's own key, with the bare
 * channel name as AAD, and `ts` and `id` inside the ciphertext.
 *
 * @param key - the channel's 32-byte key ({@link deriveChannelKey})
 * @param channel - the channel, bare or qualified; the bare name is bound as AAD
 * @param message - `{event, data}`; `data` must be JSON-serialisable (`undefined` becomes `null`)
 * @returns `{event: "encrypted", data: {v: 2, c, p}}`
 * @throws WordSocketCryptoError `invalid_key_length`, `invalid_channel`
 * @throws TypeError / RangeError for a message that cannot be written as JSON, or a malformed
 *   `id` / `ts` option
 * @example
 * ```ts
 * const key = await deriveChannelKey(seed, siteKey, 'posts');
 * const wire = await sealV2(key, 'posts', { event: 'post.published', data: { id: 42 } });
 * ```
 */
export async function sealV2(
  key: Uint8Array,
  channel: string,
  message: PlainMessage,
  options?: SealV2Options,
): Promise<EncryptedMessage<EnvelopeV2>> {
  assertKey(key);
  const bare = bareChannel(channel);
  const ts = options?.ts ?? Date.now();
  const id = options?.id ?? toHex(randomBytes(16));
  assertInteger(ts, 'ts', 0, Number.MAX_SAFE_INTEGER);
  const plaintext = encodePlaintext(message, { ts, id });

  const backend = await chooseBackend(options);
  const iv = randomBytes(IV_LENGTH);
  const sealed = await backend.aesGcmEncrypt(key, iv, plaintext, utf8Encode(bare));

  return { event: ENCRYPTED_EVENT, data: { v: 2, c: bare, p: packPayload(iv, sealed) } };
}

/**
 * Opens a v2 envelope with the key of the channel it arrived on. Pages hold only per-channel
 * keys, so this is all a browser needs.
 *
 * @param key - the channel's 32-byte key
 * @param channel - the channel the message arrived on, bare or qualified
 * @param message - the encrypted message as received; unknown fields are ignored
 * @returns `{event, data, ts, id}`
 * @throws WordSocketCryptoError `wrong_channel` (sealed for another channel), `tampered`
 *   (altered bytes, or a key that is not the sealer's), `malformed_envelope`, `wrong_version`,
 *   `unknown_version`, `malformed_plaintext`, `invalid_channel`, `invalid_key_length`
 * @example
 * ```ts
 * const { event, data, id } = await openV2(postsKey, frame.channel, frame);
 * ```
 */
export async function openV2(
  key: Uint8Array,
  channel: string,
  message: unknown,
  options?: BackendOptions,
): Promise<OpenedMessageV2> {
  assertKey(key);
  const bare = bareChannel(channel);
  const envelope = parseEnvelope(message);
  expectVersion(envelope.version, 2);

  if (envelope.channel !== undefined && envelope.channel !== bare) {
    throw new WordSocketCryptoError(
      'wrong_channel',
      `sealed for channel ${JSON.stringify(envelope.channel)}, received on ${JSON.stringify(bare)}`,
    );
  }

  const backend = await chooseBackend(options);
  const aad = utf8Encode(bare);
  const plaintext = await backend.aesGcmDecrypt(key, envelope.iv, envelope.sealed, aad);

  return decodePlaintextV2(plaintext);
}
