/**
 * Splitting a message that is too large for one relay frame, and putting it back together.
 *
 * A message longer than the chunk size travels as a run of chunk messages (outer type 100):
 *
 * ```
 * varUint 100 | varUint id | varUint total | varUint offset | varUint8Array bytes
 * ```
 *
 * `id` is a random 32-bit number that names one split message, `total` the byte length of the
 * whole message, `offset` where these bytes start. Chunks of one message are sent in order on one
 * connection and the relay keeps that order, so a receiver appends them one after another; once
 * `total` bytes have arrived the result is handled like any message received whole. The receiver
 * refuses a `total` above its cap before allocating anything.
 *
 * @module
 */
import { encodeChunk } from './messages';

/** Splits `message` into chunk messages carrying at most `chunkBytes` of it each. */
export function splitMessage(message: Uint8Array, chunkBytes: number, id: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < message.length; offset += chunkBytes) {
    const bytes = message.subarray(offset, Math.min(offset + chunkBytes, message.length));
    chunks.push(encodeChunk(id, message.length, offset, bytes));
  }

  return chunks;
}

/** What {@link Reassembler.accept} made of one chunk. */
export type ChunkResult =
  | { kind: 'partial' }
  | { kind: 'complete'; message: Uint8Array }
  | { kind: 'too-large'; total: number }
  | { kind: 'malformed'; reason: string };

interface Assembly {
  buffer: Uint8Array;
  received: number;
  touchedAt: number;
}

/** Limits of a {@link Reassembler}. */
export interface ReassemblerOptions {
  /** Largest whole message accepted, in bytes. */
  maxMessageBytes: number;
  /** How many split messages may be in flight at once; the stalest is dropped past this. */
  maxPending?: number;
  /** A split message that has not advanced for this long is dropped. */
  staleAfterMs?: number;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/**
 * Collects chunks into whole messages. Holds no timer: stale assemblies are dropped when the next
 * chunk arrives, and {@link Reassembler.clear} drops everything.
 */
export class Reassembler {
  private readonly pending = new Map<number, Assembly>();
  private readonly maxMessageBytes: number;
  private readonly maxPending: number;
  private readonly staleAfterMs: number;
  private readonly now: () => number;

  constructor(options: ReassemblerOptions) {
    this.maxMessageBytes = options.maxMessageBytes;
    this.maxPending = options.maxPending ?? 16;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Bytes held by unfinished messages. */
  get pendingBytes(): number {
    let bytes = 0;
    for (const assembly of this.pending.values()) bytes += assembly.buffer.length;
    return bytes;
  }

  /** Feeds one decoded chunk in. */
  accept(id: number, total: number, offset: number, bytes: Uint8Array): ChunkResult {
    const now = this.now();
    this.dropStale(now);

    if (total > this.maxMessageBytes) {
      this.pending.delete(id);
      return { kind: 'too-large', total };
    }

    let assembly = this.pending.get(id);
    if (!assembly) {
      if (offset !== 0) return { kind: 'malformed', reason: 'a split message starts mid-way' };
      if (total === 0) return { kind: 'malformed', reason: 'a split message is empty' };

      this.makeRoom();
      assembly = { buffer: new Uint8Array(total), received: 0, touchedAt: now };
      this.pending.set(id, assembly);
    }

    if (assembly.buffer.length !== total || offset !== assembly.received) {
      this.pending.delete(id);
      return { kind: 'malformed', reason: 'a chunk is out of order or its total changed' };
    }

    if (bytes.length === 0 || offset + bytes.length > total) {
      this.pending.delete(id);
      return { kind: 'malformed', reason: 'a chunk runs past the announced total' };
    }

    assembly.buffer.set(bytes, offset);
    assembly.received += bytes.length;
    assembly.touchedAt = now;
    if (assembly.received < total) return { kind: 'partial' };

    this.pending.delete(id);
    return { kind: 'complete', message: assembly.buffer };
  }

  /** Drops every unfinished message. */
  clear(): void {
    this.pending.clear();
  }

  private dropStale(now: number): void {
    for (const [id, assembly] of this.pending) {
      if (now - assembly.touchedAt >= this.staleAfterMs) this.pending.delete(id);
    }
  }

  private makeRoom(): void {
    while (this.pending.size >= this.maxPending) {
      const stalest = this.pending.keys().next();
      if (stalest.done) return;
      this.pending.delete(stalest.value);
    }
  }
}
