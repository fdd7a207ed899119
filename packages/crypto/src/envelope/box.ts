import { assertBytes, assertText } from '../assert.js';
import { chooseBackend } from '../backend/select.js';
import type { BackendOptions } from '../backend/types.js';
import { utf8Encode } from '../encoding/utf8.js';
import { WordSocketCryptoError } from '../errors.js';
import { randomBytes } from '../random.js';
import { assertKey, IV_LENGTH, TAG_LENGTH } from './format.js';

/** Bytes a sealed box adds to its plaintext: the IV and the tag. */
export const BOX_OVERHEAD = IV_LENGTH + TAG_LENGTH;

/**
 * Seals bytes as a binary box, `iv[12] ‖ ciphertext ‖ tag[16]`: AES-256-GCM with a fresh random
 * 96-bit IV and `aad` as additional data. For payloads that are bytes rather than JSON (encrypted
 * Yjs rooms); the JSON envelopes are {@link sealV2} and {@link sealV1}.
 *
 * @param key - a 32-byte key
 * @param plaintext - the bytes to seal (may be empty)
 * @param aad - what the box is bound to (text is UTF-8 encoded); opening needs the same value
 * @returns a new array of `plaintext.length + BOX_OVERHEAD` bytes
 * @throws WordSocketCryptoError `invalid_key_length`
 * @throws TypeError for a plaintext that is not a Uint8Array or an aad that is not text or bytes
 * @example
 * ```ts
 * const box = await sealBox(roomKey, message, 'wordsocket-yjs|yjs:postType/post:42');
 * ```
 */
export async function sealBox(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: string | Uint8Array,
  options?: BackendOptions,
): Promise<Uint8Array> {
  assertKey(key);
  assertBytes(plaintext, 'plaintext');
  assertText(aad, 'aad');

  const backend = await chooseBackend(options);
  const iv = randomBytes(IV_LENGTH);
  const sealed = await backend.aesGcmEncrypt(key, iv, plaintext, toAad(aad));
  const box = new Uint8Array(IV_LENGTH + sealed.length);
  box.set(iv);
  box.set(sealed, IV_LENGTH);

  return box;
}

/**
 * Opens a box made by {@link sealBox}. Returns the plaintext only when the tag verifies under
 * `key` and `aad`; never unauthenticated bytes.
 *
 * @throws WordSocketCryptoError `malformed_envelope` (shorter than IV and tag), `tampered`
 *   (altered bytes, another key or another aad), `invalid_key_length`
 * @throws TypeError for a box that is not a Uint8Array or an aad that is not text or bytes
 */
export async function openBox(
  key: Uint8Array,
  box: Uint8Array,
  aad: string | Uint8Array,
  options?: BackendOptions,
): Promise<Uint8Array> {
  assertKey(key);
  assertBytes(box, 'box');
  assertText(aad, 'aad');
  if (box.length < BOX_OVERHEAD) {
    throw new WordSocketCryptoError(
      'malformed_envelope',
      `a box is at least ${BOX_OVERHEAD} bytes, got ${box.length}`,
    );
  }

  const backend = await chooseBackend(options);
  const iv = box.slice(0, IV_LENGTH);
  const sealed = box.subarray(IV_LENGTH);

  return backend.aesGcmDecrypt(key, iv, sealed, toAad(aad));
}

function toAad(aad: string | Uint8Array): Uint8Array {
  return typeof aad === 'string' ? utf8Encode(aad) : aad;
}
