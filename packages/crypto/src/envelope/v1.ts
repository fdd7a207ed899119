import { chooseBackend } from '../backend/select.js';
import type { BackendOptions } from '../backend/types.js';
import { WordSocketCryptoError } from '../errors.js';
import { randomBytes } from '../random.js';
import { assertKey, ENCRYPTED_EVENT, IV_LENGTH, packPayload, parseEnvelope } from './format.js';
import { decodePlaintextV1, encodePlaintext } from './plaintext.js';
import type { EncryptedMessage, EnvelopeV1, PlainMessage } from './types.js';

const noAad = new Uint8Array(0);

/**
 * Seals a message as a v1 envelope (the baseline format): AES-256-GCM under the site-wide key
 * with a random 12-byte IV and no AAD.
 *
 * @param key - the 32-byte key from {@link deriveV1Key}
 * @param message - `{event, data}`; `data` must be JSON-serialisable (`undefined` becomes `null`)
 * @returns `{event: "encrypted", data: {v: 1, p}}`
 * @throws WordSocketCryptoError `invalid_key_length` when `key` is not 32 bytes
 * @throws TypeError / RangeError for a message that cannot be written as JSON
 * @example
 * ```ts
 * const wire = await sealV1(key, { event: 'post.published', data: { id: 42 } });
 * ```
 */
export async function sealV1(
  key: Uint8Array,
  message: PlainMessage,
  options?: BackendOptions,
): Promise<EncryptedMessage<EnvelopeV1>> {
  assertKey(key);
  const plaintext = encodePlaintext(message);

  const backend = await chooseBackend(options);
  const iv = randomBytes(IV_LENGTH);
  const sealed = await backend.aesGcmEncrypt(key, iv, plaintext, noAad);

  return { event: ENCRYPTED_EVENT, data: { v: 1, p: packPayload(iv, sealed) } };
}

/**
 * Opens a v1 envelope.
 *
 * @param key - the 32-byte key from {@link deriveV1Key}
 * @param message - the encrypted message as received (`{event: "encrypted", data: {v: 1, p}}`;
 *   other fields, such as a frame's `type` and `channel`, are ignored)
 * @returns the original `{event, data}`
 * @throws WordSocketCryptoError `malformed_envelope`, `wrong_version` (a v2 envelope),
 *   `unknown_version`, `tampered` (wrong key or altered bytes), `malformed_plaintext`,
 *   `invalid_key_length`
 * @example
 * ```ts
 * const { event, data } = await openV1(key, frame);
 * ```
 */
export async function openV1(
  key: Uint8Array,
  message: unknown,
  options?: BackendOptions,
): Promise<PlainMessage> {
  assertKey(key);
  const envelope = parseEnvelope(message);
  expectVersion(envelope.version, 1);

  const backend = await chooseBackend(options);
  const plaintext = await backend.aesGcmDecrypt(key, envelope.iv, envelope.sealed, noAad);

  return decodePlaintextV1(plaintext);
}

/**
 * Throws `unknown_version` for a version this package does not know, `wrong_version` for a
 * known version other than `expected`.
 */
export function expectVersion(version: number, expected: 1 | 2): void {
  if (version === expected) return;
  if (version !== 1 && version !== 2) {
    throw new WordSocketCryptoError('unknown_version', `unknown envelope version ${version}`);
  }

  throw new WordSocketCryptoError(
    'wrong_version',
    `expected a v${expected} envelope, got v${version}`,
  );
}
