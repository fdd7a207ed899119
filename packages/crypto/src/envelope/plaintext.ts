import { assertInteger, assertString } from '../assert.js';
import { utf8Decode, utf8Encode } from '../encoding/utf8.js';
import { WordSocketCryptoError } from '../errors.js';
import type { OpenedMessageV2, PlainMessage } from './types.js';

/** What a v2 `id` may look like when read: hex or base64url, 1 to 128 characters. */
const readableId = /^[A-Za-z0-9_-]{1,128}$/;

/** What a v2 `id` must look like when written: 16 bytes as 32 lowercase hex characters. */
export const WRITTEN_ID = /^[0-9a-f]{32}$/;

// JSON.stringify writes a lone surrogate as a `\udXXX` escape (ES2019 well-formed stringify);
// an odd run of backslashes before it tells such an escape from escaped text. PHP's json_decode
// refuses these escapes, so a message carrying one could never be opened in WordPress.
const loneSurrogateEscape = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/**
 * The inner JSON, written in a fixed key order: `{"event":…,"data":…}` and, for v2,
 * `,"ts":…,"id":…` before the closing brace.
 *
 * @throws TypeError / RangeError when the message cannot be written as JSON
 */
export function encodePlaintext(
  message: PlainMessage,
  extra?: { ts: number; id: string },
): Uint8Array {
  if (typeof message !== 'object' || message === null)
    throw new TypeError('message must be an object');
  assertString(message.event, 'message.event');
  if (message.event.length === 0) throw new RangeError('message.event must not be empty');

  const data = JSON.stringify(message.data === undefined ? null : message.data);
  if (data === undefined) throw new TypeError('message.data must be JSON-serialisable');

  let json = `{"event":${JSON.stringify(message.event)},"data":${data}`;
  if (extra) {
    assertInteger(extra.ts, 'ts', 0, Number.MAX_SAFE_INTEGER);
    assertString(extra.id, 'id');
    if (!WRITTEN_ID.test(extra.id)) throw new RangeError('id must be 32 lowercase hex characters');
    json += `,"ts":${extra.ts},"id":${JSON.stringify(extra.id)}`;
  }

  if (loneSurrogateEscape.test(json)) {
    throw new RangeError('message contains a lone UTF-16 surrogate, which has no UTF-8 form');
  }

  return utf8Encode(`${json}}`);
}

/**
 * Reads the inner JSON of a v1 message: an object with a string `event` and a `data` member.
 * Key order, whitespace, escaping (PHP's `\/`, `\uXXXX`) and unknown members do not matter.
 *
 * @throws WordSocketCryptoError `malformed_plaintext` for anything else
 */
export function decodePlaintextV1(bytes: Uint8Array): PlainMessage {
  const inner = parse(bytes);

  return { event: inner.event, data: inner.data };
}

/**
 * Reads the inner JSON of a v2 message: as v1, plus a non-negative integer `ts` and a string
 * `id` of 1 to 128 hex or base64url characters.
 *
 * @throws WordSocketCryptoError `malformed_plaintext` for anything else
 */
export function decodePlaintextV2(bytes: Uint8Array): OpenedMessageV2 {
  const inner = parse(bytes);
  const { ts, id } = inner;

  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0)
    malformed('ts is not a timestamp');
  if (typeof id !== 'string' || !readableId.test(id)) malformed('id is missing or malformed');

  return { event: inner.event, data: inner.data, ts, id };
}

function parse(bytes: Uint8Array): { event: string; data: unknown; [key: string]: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch (cause) {
    malformed('not UTF-8 JSON', cause);
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value))
    malformed('not an object');

  const inner = value as Record<string, unknown>;
  if (typeof inner.event !== 'string') malformed('event is not a string');
  if (!Object.hasOwn(inner, 'data')) malformed('data is missing');

  return inner as { event: string; data: unknown };
}

function malformed(reason: string, cause?: unknown): never {
  throw new WordSocketCryptoError('malformed_plaintext', `malformed plaintext: ${reason}`, {
    cause,
  });
}
