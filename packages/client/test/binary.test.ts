import { describe, expect, it } from 'vitest';
import { decodeBinaryFrame, encodeBinaryFrame } from '../src/binary.js';
import { WordSocketError } from '../src/errors.js';

describe('binary frames', () => {
  it('round-trips a channel and payload', () => {
    const frame = encodeBinaryFrame('yjs:postType/post:42', new Uint8Array([1, 2, 3]));
    const decoded = decodeBinaryFrame(frame);

    expect(decoded.channel).toBe('yjs:postType/post:42');
    expect([...decoded.data]).toEqual([1, 2, 3]);
  });

  it('writes the channel length as a big-endian u16', () => {
    const channel = 'x'.repeat(300);
    const frame = encodeBinaryFrame(channel, new Uint8Array(0));

    expect([frame[0], frame[1]]).toEqual([1, 44]);
  });

  it('counts the channel length in UTF-8 bytes', () => {
    const frame = encodeBinaryFrame('é', new Uint8Array([9]));

    expect([...frame]).toEqual([0, 2, 0xc3, 0xa9, 9]);
  });

  it('refuses a frame shorter than two bytes with bad_frame', () => {
    expect(() => decodeBinaryFrame(new Uint8Array([0]))).toThrowError(WordSocketError);
  });

  it('refuses a length prefix that runs past the end with bad_frame', () => {
    const error = (() => {
      try {
        decodeBinaryFrame(new Uint8Array([0, 9, 65]));
      } catch (e) {
        return e as WordSocketError;
      }
    })();

    expect(error?.code).toBe('bad_frame');
  });

  it('refuses a channel that is not UTF-8 with bad_frame', () => {
    expect(() => decodeBinaryFrame(new Uint8Array([0, 1, 0xff]))).toThrowError(/UTF-8/);
  });

  it('refuses a channel longer than a u16 can say', () => {
    expect(() => encodeBinaryFrame('x'.repeat(70_000), new Uint8Array(0))).toThrowError(RangeError);
  });
});
