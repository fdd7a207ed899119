import { utf8 } from './binary.js';
import { WordSocketError } from './errors.js';

/** The relay's default frame limit (docs/protocol.md §5.5): larger frames close with `1009`. */
export const DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

/**
 * Checks that a publish's `data` is JSON and that its `message` frame fits in `limit` bytes,
 * before anything is queued.
 *
 * @throws WordSocketError `invalid_payload` when `data` has no JSON form (a BigInt, a cycle,
 *   `undefined`, a function, a symbol, a `toJSON` that throws)
 * @returns a `payload_too_large` error when the frame is over `limit`, otherwise undefined
 */
export function checkMessage(
  frame: { channel: string; event: string; ref: string },
  data: unknown,
  limit: number,
): WordSocketError | undefined {
  const { channel } = frame;
  let json: unknown;
  try {
    json = JSON.stringify(data);
  } catch (cause) {
    json = cause;
  }
  if (typeof json !== 'string') {
    throw new WordSocketError('invalid_payload', 'data is not JSON', { channel, cause: json });
  }

  // The frame without `data`, then `,"data":` and the data itself.
  const text = JSON.stringify({ type: 'message', ...frame }) + json;

  return tooLarge(channel, utf8.encode(text).length + 8, limit);
}

/** A `payload_too_large` error when a binary frame for `channel` is over `limit` bytes. */
export function checkBinary(
  channel: string,
  data: Uint8Array,
  limit: number,
): WordSocketError | undefined {
  return tooLarge(channel, 2 + utf8.encode(channel).length + data.length, limit);
}

function tooLarge(channel: string, size: number, limit: number): WordSocketError | undefined {
  if (size <= limit) return undefined;

  return new WordSocketError('payload_too_large', `frame over maxFrameBytes (${limit})`, {
    channel,
  });
}
