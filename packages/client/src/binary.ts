import { WordSocketError } from './errors.js';

/** The UTF-8 encoder of channel names and frames. */
export const utf8 = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Frames a binary payload for a channel (docs/protocol.md §5.6):
 * `[u16 big-endian channel length][channel UTF-8][payload]`.
 *
 * @throws RangeError when the channel is longer than 65535 bytes
 */
export function encodeBinaryFrame(channel: string, payload: Uint8Array): Uint8Array {
  const name = utf8.encode(channel);
  if (name.length > 0xffff) throw new RangeError('channel is too long for a binary frame');

  const frame = new Uint8Array(2 + name.length + payload.length);
  frame[0] = name.length >> 8;
  frame[1] = name.length & 0xff;
  frame.set(name, 2);
  frame.set(payload, 2 + name.length);

  return frame;
}

/**
 * Splits a binary frame into its channel and payload. The payload is a copy-free view.
 *
 * @throws WordSocketError `bad_frame` for a frame shorter than its length prefix says, or a
 *   channel that is not UTF-8
 */
export function decodeBinaryFrame(frame: Uint8Array): { channel: string; data: Uint8Array } {
  if (frame.length < 2) throw new WordSocketError('bad_frame', 'binary frame shorter than 2 bytes');

  const length = (frame[0] ?? 0) * 256 + (frame[1] ?? 0);
  if (2 + length > frame.length) {
    throw new WordSocketError('bad_frame', 'binary frame length prefix runs past its end');
  }

  let channel: string;
  try {
    channel = decoder.decode(frame.subarray(2, 2 + length));
  } catch (cause) {
    throw new WordSocketError('bad_frame', 'binary frame channel is not UTF-8', { cause });
  }

  return { channel, data: frame.subarray(2 + length) };
}
