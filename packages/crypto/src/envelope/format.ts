import { assertBytes } from '../assert.js';
import { fromBase64, toBase64 } from '../encoding/base64.js';
import { WordSocketCryptoError } from '../errors.js';

/** AES-256 key length in bytes. */
export const KEY_LENGTH = 32;

/** GCM nonce length in bytes (the 96-bit nonce of NIST SP 800-38D §5.2.1.1). */
export const IV_LENGTH = 12;

/** GCM tag length in bytes. */
export const TAG_LENGTH = 16;

/** The outer `event` of every encrypted message. */
export const ENCRYPTED_EVENT = 'encrypted';

/** An outer envelope, checked for shape but not yet decrypted. */
export interface ParsedEnvelope {
  version: number;
  channel: string | undefined;
  iv: Uint8Array;
  sealed: Uint8Array;
}

/**
 * Throws unless `key` is a 32-byte `Uint8Array`.
 *
 * @throws TypeError when `key` is not a Uint8Array
 * @throws WordSocketCryptoError `invalid_key_length` when it is not 32 bytes long
 */
export function assertKey(key: unknown, label = 'key'): asserts key is Uint8Array {
  assertBytes(key, label);
  if (key.length !== KEY_LENGTH) {
    throw new WordSocketCryptoError(
      'invalid_key_length',
      `${label} must be ${KEY_LENGTH} bytes, got ${key.length}`,
    );
  }
}

/** `base64(iv ‖ sealed)`, the `p` field. */
export function packPayload(iv: Uint8Array, sealed: Uint8Array): string {
  const payload = new Uint8Array(iv.length + sealed.length);
  payload.set(iv);
  payload.set(sealed, iv.length);

  return toBase64(payload);
}

/**
 * Checks an encrypted message's shape and splits its payload. Accepts any object with
 * `event: "encrypted"` and `data: {v, p[, c]}`; unknown fields are ignored.
 *
 * @throws WordSocketCryptoError `malformed_envelope` for anything else
 */
export function parseEnvelope(message: unknown): ParsedEnvelope {
  if (!isObject(message)) malformed('the message is not an object');
  if (message.event !== ENCRYPTED_EVENT) malformed('the message event is not "encrypted"');

  const data = message.data;
  if (!isObject(data)) malformed('data is not an object');

  const { v, p, c } = data;
  if (typeof v !== 'number' || !Number.isInteger(v)) malformed('data.v is not an integer');
  if (typeof p !== 'string') malformed('data.p is not a string');
  if (c !== undefined && typeof c !== 'string') malformed('data.c is not a string');

  let payload: Uint8Array;
  try {
    payload = fromBase64(p);
  } catch (cause) {
    malformed('data.p is not base64', cause);
  }

  if (payload.length < IV_LENGTH + TAG_LENGTH) {
    malformed(`payload is ${payload.length} bytes, shorter than iv and tag`);
  }

  return {
    version: v,
    channel: c,
    iv: payload.subarray(0, IV_LENGTH),
    sealed: payload.subarray(IV_LENGTH),
  };
}

/** Whether `value` looks like an encrypted message (`event: "encrypted"` with object data). */
export function isEncryptedMessage(value: unknown): value is { event: 'encrypted'; data: unknown } {
  return isObject(value) && value.event === ENCRYPTED_EVENT && isObject(value.data);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(reason: string, cause?: unknown): never {
  throw new WordSocketCryptoError('malformed_envelope', `malformed envelope: ${reason}`, { cause });
}
