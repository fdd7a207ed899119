import { describe, expect, it } from 'vitest';
import { parseFrame } from '../src/frames.js';

describe('parseFrame', () => {
  it('reads a message frame', () => {
    const frame = parseFrame('{"type":"message","channel":"a","event":"e","data":1,"id":"x:1"}');

    expect(frame).toEqual({ type: 'message', channel: 'a', event: 'e', data: 1, id: 'x:1' });
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['a JSON array', '[1]'],
    ['null', 'null'],
    ['an object without type', '{"channel":"a"}'],
    ['a message without event', '{"type":"message","channel":"a","data":1}'],
    ['a message with a numeric id', '{"type":"message","channel":"a","event":"e","data":1,"id":5}'],
    ['subscribed with channels that are not strings', '{"type":"subscribed","channels":[1]}'],
    [
      'subscribed with positions as a list',
      '{"type":"subscribed","channels":["a"],"positions":[]}',
    ],
    ['an ack without ref', '{"type":"ack","id":"x:1"}'],
    ['an error without code', '{"type":"error","message":"m"}'],
    ['auth_ok with a string exp', '{"type":"auth_ok","exp":"soon"}'],
  ])('returns undefined for %s', (_, text) => {
    expect(parseFrame(text)).toBeUndefined();
  });

  it('returns null for a frame of a type this client does not know', () => {
    expect(parseFrame('{"type":"teleport"}')).toBeNull();
  });

  it('ignores fields it does not know', () => {
    expect(parseFrame('{"type":"pong","extra":true}')).toEqual({ type: 'pong', extra: true });
  });
});
