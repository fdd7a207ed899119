import { describe, expect, it } from 'vitest';

import { Reassembler } from '../src/chunking';

const MiB = 1024 * 1024;

describe('reassembly memory', () => {
  it('holds the bytes that arrived, not the totals that tiny chunks announce', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 16 * MiB });
    for (let id = 1; id <= 300; id++) {
      expect(reassembler.accept(id, 16 * MiB, 0, new Uint8Array(1)).kind).toBe('partial');
    }

    expect(reassembler.pendingCount).toBe(16);
    expect(reassembler.pendingBytes).toBe(16);
  });

  it('does not keep the payload a chunk was cut from', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 1000 });
    const frame = new Uint8Array(500).fill(7);
    reassembler.accept(1, 1000, 0, frame.subarray(0, 10));
    const result = reassembler.accept(1, 1000, 10, new Uint8Array(990).fill(7));
    frame.fill(0);

    expect(result.kind === 'complete' && result.message.every((byte) => byte === 7)).toBe(true);
  });

  it('drops the stalest unfinished messages once the held bytes pass the budget', () => {
    const evicted: number[] = [];
    const reassembler = new Reassembler({
      maxMessageBytes: 1000,
      maxPendingBytes: 1500,
      onEvict: (bytes) => evicted.push(bytes),
    });
    reassembler.accept(1, 1000, 0, new Uint8Array(900));
    reassembler.accept(2, 1000, 0, new Uint8Array(400));
    expect(reassembler.pendingBytes).toBe(1300);

    reassembler.accept(3, 1000, 0, new Uint8Array(300));
    expect(evicted).toEqual([900]);
    expect(reassembler.pendingBytes).toBe(700);

    const last = reassembler.accept(2, 1000, 400, new Uint8Array(600));
    expect(last.kind).toBe('complete');
    expect(reassembler.pendingBytes).toBe(300);
  });

  it('never holds more than the budget however the chunks arrive', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 1000, maxPendingBytes: 2500 });
    let peak = 0;
    for (let round = 0; round < 20; round++) {
      for (let id = 0; id < 8; id++) {
        reassembler.accept(id, 1000, round * 50, new Uint8Array(50));
        peak = Math.max(peak, reassembler.pendingBytes);
      }
    }

    expect(peak).toBeLessThanOrEqual(2500);
  });

  it('reports a message dropped to make room for a newer one', () => {
    const evicted: number[] = [];
    const reassembler = new Reassembler({
      maxMessageBytes: 1000,
      maxPending: 1,
      onEvict: (bytes) => evicted.push(bytes),
    });
    reassembler.accept(1, 1000, 0, new Uint8Array(10));
    reassembler.accept(2, 1000, 0, new Uint8Array(20));

    expect(evicted).toEqual([10]);
  });
});
