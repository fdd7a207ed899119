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
});
