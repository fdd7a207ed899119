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
 * refuses a `total` above its cap, keeps only the bytes that actually arrived (never `total`
 * before it is reached), and bounds the bytes held by all unfinished messages together.
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
  pieces: Uint8Array[];
  total: number;
  received: number;
  touchedAt: number;
}

/** Limits of a {@link Reassembler}. */
export interface ReassemblerOptions {
  /** Largest whole message accepted, in bytes. */
  maxMessageBytes: number;
  /**
   * Most bytes held by all unfinished messages together; default twice `maxMessageBytes`. Past it
   * the stalest other unfinished messages are dropped (see `onEvict`).
   */
  maxPendingBytes?: number;
  /** How many split messages may be in flight at once; the stalest is dropped past this. */
  maxPending?: number;
  /** A split message that has not advanced for this long is dropped. */
  staleAfterMs?: number;
  /** Called with the bytes held by an unfinished message dropped to make room for another. */
  onEvict?: (heldBytes: number) => void;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/**
 * Collects chunks into whole messages. It keeps each chunk's bytes as they arrive and joins them
 * once the last one is in, so what it holds is bounded by what peers actually sent, and by
 * `maxPendingBytes` in all. Holds no timer: stale assemblies are dropped when the next chunk
 * arrives, and {@link Reassembler.clear} drops everything.
 */
export class Reassembler {
  private readonly pending = new Map<number, Assembly>();
  private readonly maxMessageBytes: number;
  private readonly maxPendingBytes: number;
  private readonly maxPending: number;
  private readonly staleAfterMs: number;
  private readonly onEvict: (heldBytes: number) => void;
  private readonly now: () => number;
  private held = 0;

  constructor(options: ReassemblerOptions) {
    this.maxMessageBytes = options.maxMessageBytes;
    this.maxPendingBytes = Math.max(
      options.maxPendingBytes ?? 2 * options.maxMessageBytes,
      options.maxMessageBytes,
    );
    this.maxPending = options.maxPending ?? 16;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.onEvict = options.onEvict ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  /** Bytes held by unfinished messages (what their chunks carried so far). */
  get pendingBytes(): number {
    return this.held;
  }

  /** How many split messages are unfinished. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Feeds one decoded chunk in. */
  accept(id: number, total: number, offset: number, bytes: Uint8Array): ChunkResult {
    const now = this.now();
    this.dropStale(now);

    if (total > this.maxMessageBytes) {
      this.drop(id);
      return { kind: 'too-large', total };
    }

    let assembly = this.pending.get(id);
    if (!assembly) {
      if (offset !== 0) return { kind: 'malformed', reason: 'a split message starts mid-way' };
      if (total === 0) return { kind: 'malformed', reason: 'a split message is empty' };

      this.makeRoom();
      assembly = { pieces: [], total, received: 0, touchedAt: now };
      this.pending.set(id, assembly);
    }

    if (assembly.total !== total || offset !== assembly.received) {
      this.drop(id);
      return { kind: 'malformed', reason: 'a chunk is out of order or its total changed' };
    }

    if (bytes.length === 0 || offset + bytes.length > total) {
      this.drop(id);
      return { kind: 'malformed', reason: 'a chunk runs past the announced total' };
    }

    this.evictFor(id, bytes.length);
    assembly.pieces.push(bytes.slice());
    assembly.received += bytes.length;
    assembly.touchedAt = now;
    this.held += bytes.length;
    if (assembly.received < total) return { kind: 'partial' };

    this.drop(id);
    return { kind: 'complete', message: join(assembly.pieces, total) };
  }

  /** Drops every unfinished message. */
  clear(): void {
    this.pending.clear();
    this.held = 0;
  }

  private drop(id: number): number {
    const assembly = this.pending.get(id);
    if (!assembly) return 0;

    this.pending.delete(id);
    this.held -= assembly.received;
    return assembly.received;
  }

  private dropStale(now: number): void {
    for (const [id, assembly] of this.pending) {
      if (now - assembly.touchedAt >= this.staleAfterMs) this.drop(id);
    }
  }

  private makeRoom(): void {
    while (this.pending.size >= this.maxPending) {
      const stalest = this.pending.keys().next();
      if (stalest.done) return;
      this.onEvict(this.drop(stalest.value));
    }
  }

  /** Drops the stalest other unfinished messages until `incoming` more bytes fit the budget. */
  private evictFor(keep: number, incoming: number): void {
    for (const id of [...this.pending.keys()]) {
      if (this.held + incoming <= this.maxPendingBytes) return;
      if (id !== keep) this.onEvict(this.drop(id));
    }
  }
}

function join(pieces: Uint8Array[], total: number): Uint8Array {
  const [only] = pieces;
  if (pieces.length === 1 && only) return only;

  const message = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    message.set(piece, offset);
    offset += piece.length;
  }

  return message;
}
