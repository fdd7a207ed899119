import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBrokerMessage, decodeControl, encodeBrokerMessage } from '../src/redis/codec.js';

describe('broker codec', () => {
  it('round-trips a JSON message with every optional field', () => {
    const message = {
      kind: 'message' as const,
      event: 'e',
      data: { a: [1, 'b'] },
      id: 'ep:9',
      origin: 'client' as const,
      exclude: 'c1',
    };

    expect(decodeBrokerMessage(encodeBrokerMessage(message))).toEqual(message);
  });

  it('round-trips a binary message without an exclude', () => {
    const message = { kind: 'binary' as const, payload: new Uint8Array([9, 8, 7]) };

    expect(decodeBrokerMessage(encodeBrokerMessage(message))).toEqual(message);
  });

  it('answers undefined for bytes it did not write', () => {
    const samples = [
      Buffer.alloc(0),
      Buffer.from('J{'),
      Buffer.from('J[]'),
      Buffer.from('J{"event":1,"origin":"server"}'),
      Buffer.from('J{"event":"e","origin":"moon"}'),
      Buffer.from([0x42, 0xff, 0xff, 1]),
      Buffer.from([0x42]),
      Buffer.from('X'),
    ];

    for (const bytes of samples) expect(decodeBrokerMessage(bytes)).toBeUndefined();
  });

  it('decodes only known control events', () => {
    expect(decodeControl(Buffer.from('{"kind":"site_removed","site_id":"s"}'))).toEqual({
      kind: 'site_removed',
      site_id: 's',
    });
    expect(decodeControl(Buffer.from('{"kind":"reboot"}'))).toBeUndefined();
    expect(decodeControl(Buffer.from('nope'))).toBeUndefined();
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        decodeBrokerMessage(Buffer.from(bytes));
        decodeControl(Buffer.from(bytes));
      }),
    );
  });

  it('round-trips any JSON message data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ minLength: 1 }), (data, event) => {
        const message = { kind: 'message' as const, event, data, origin: 'server' as const };
        const decoded = decodeBrokerMessage(encodeBrokerMessage(message));
        expect(decoded).toEqual(JSON.parse(JSON.stringify(message)));
      }),
    );
  });
});
