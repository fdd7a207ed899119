import { describe, expect, it } from 'vitest';

import { Reassembler, splitMessage } from '../src/chunking';
import { decodeMessage } from '../src/messages';

function chunksOf(message: Uint8Array, size: number, id = 1) {
  return splitMessage(message, size, id).map((bytes) => {
    const decoded = decodeMessage(bytes);
    if (decoded.type !== 'chunk') throw new Error('not a chunk');
    return decoded;
  });
}

function feed(reassembler: Reassembler, chunk: ReturnType<typeof chunksOf>[number]) {
  return reassembler.accept(chunk.id, chunk.total, chunk.offset, chunk.bytes);
}

const message = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

describe('chunking', () => {
  it('splits a message into chunks no larger than the chunk size', () => {
    const chunks = chunksOf(message, 300);

    expect(chunks.map((chunk) => chunk.bytes.length)).toEqual([300, 300, 300, 100]);
    expect(chunks.map((chunk) => chunk.offset)).toEqual([0, 300, 600, 900]);
  });

  it('reassembles the original bytes from its chunks', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000 });
    const results = chunksOf(message, 300).map((chunk) => feed(reassembler, chunk));

    expect(results.slice(0, 3).every((result) => result.kind === 'partial')).toBe(true);
    expect(results[3]).toEqual({ kind: 'complete', message });
    expect(reassembler.pendingBytes).toBe(0);
  });

  it('keeps interleaved messages from different senders apart', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000 });
    const other = message.map((byte) => 255 - byte);
    const a = chunksOf(message, 400, 1);
    const b = chunksOf(other, 400, 2);
    const results = [a[0], b[0], a[1], b[1], b[2], a[2]].map((chunk) =>
      chunk ? feed(reassembler, chunk) : undefined,
    );

    expect(results[4]).toEqual({ kind: 'complete', message: other });
    expect(results[5]).toEqual({ kind: 'complete', message });
  });

  it('refuses a message announced above the cap before holding any of it', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 999 });
    const [first] = chunksOf(message, 300);

    expect(first && feed(reassembler, first)).toEqual({ kind: 'too-large', total: 1000 });
    expect(reassembler.pendingBytes).toBe(0);
  });

  it('drops a message whose chunk arrives out of order', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000 });
    const [first, , third] = chunksOf(message, 300);
    if (!first || !third) throw new Error('expected chunks');
    feed(reassembler, first);

    expect(feed(reassembler, third).kind).toBe('malformed');
    expect(reassembler.pendingBytes).toBe(0);
  });

  it('refuses a first chunk that does not start at offset zero', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000 });

    expect(reassembler.accept(9, 1000, 300, new Uint8Array(10)).kind).toBe('malformed');
  });

  it('refuses a chunk that runs past the announced total', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000 });

    expect(reassembler.accept(9, 10, 0, new Uint8Array(11)).kind).toBe('malformed');
  });

  it('forgets a truncated message once it goes stale', () => {
    let now = 0;
    const reassembler = new Reassembler({
      maxMessageBytes: 10_000,
      staleAfterMs: 1000,
      now: () => now,
    });
    const [first] = chunksOf(message, 300, 1);
    if (!first) throw new Error('expected a chunk');
    feed(reassembler, first);
    now = 1000;
    reassembler.accept(2, 5, 0, new Uint8Array(5));

    expect(reassembler.pendingBytes).toBe(0);
  });

  it('holds at most the configured number of unfinished messages', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 10_000, maxPending: 2 });
    for (let id = 0; id < 5; id++) reassembler.accept(id, 100, 0, new Uint8Array(10));

    expect(reassembler.pendingCount).toBe(2);
    expect(reassembler.pendingBytes).toBe(20);
  });
});
