import type { Origin } from '../interfaces/broker.js';
import type { History, HistoryMessage, HistoryRead } from '../interfaces/history.js';
import { randomEpoch } from '../internal/crypto.js';
import { byteLength } from '../messages.js';

interface Entry {
  message: HistoryMessage;
  at: number;
  /** What the entry is charged against the byte caps. */
  bytes: number;
}

interface Log {
  epoch: string;
  /** Offset of the newest message; 0 while empty. */
  offset: number;
  /** Oldest first; every removal takes from the front. */
  entries: Entry[];
  /** Sum of the entries' `bytes`. */
  bytes: number;
  touched: number;
}

/** One appended entry, in append order across every channel: `offset` in `log`. */
interface Appended {
  log: Log;
  offset: number;
}

/** Fixed cost charged per entry on top of its event and data, for the position and bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 64;

/** Options of {@link MemoryHistory}. */
export interface MemoryHistoryOptions {
  /** Messages kept per channel. Default 1000. */
  size?: number;
  /** Milliseconds a message is kept. Default 120 000. */
  ttlMs?: number;
  /**
   * Bytes kept per channel (serialised `data` and `event`, plus 64 per message); the oldest
   * messages of the channel go first. Default 8 MiB.
   */
  maxChannelBytes?: number;
  /**
   * Bytes kept across every channel, counted the same way; past it the oldest messages of the
   * whole history go first, whatever their channel. Default 256 MiB.
   */
  maxBytes?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Per-channel logs in memory, bounded by count, age and bytes per channel, and by bytes across
 * channels (docs/protocol.md §7). Eviction only ever removes a log's oldest messages, so a read
 * whose `since` falls before what is kept answers `recovered: false`. A log with no message
 * younger than the TTL is forgotten after a while, and comes back with a new epoch.
 */
export class MemoryHistory implements History {
  private readonly logs = new Map<string, Log>();
  private readonly size: number;
  private readonly ttlMs: number;
  private readonly maxChannelBytes: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private lastSweep = 0;
  private heldBytes = 0;
  private heldEntries = 0;
  /** Every appended entry in append order, from `orderHead` on; some already removed. */
  private order: Appended[] = [];
  private orderHead = 0;

  constructor(options: MemoryHistoryOptions = {}) {
    this.size = options.size ?? 1000;
    this.ttlMs = options.ttlMs ?? 120_000;
    this.maxChannelBytes = options.maxChannelBytes ?? 8 * 1024 * 1024;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Bytes the kept messages are charged, across every channel. */
  get bytes(): number {
    return this.heldBytes;
  }

  append(channel: string, message: { event: string; data: unknown; origin: Origin }): string {
    const now = this.now();
    const log = this.log(channel, now);
    this.prune(log, now);
    log.offset += 1;

    const stored: HistoryMessage = {
      id: `${log.epoch}:${log.offset}`,
      event: message.event,
      data: message.data,
      origin: message.origin,
    };
    const bytes =
      ENTRY_OVERHEAD_BYTES +
      byteLength(message.event) +
      byteLength(JSON.stringify(message.data ?? null));
    log.entries.push({ message: stored, at: now, bytes });
    log.bytes += bytes;
    this.heldBytes += bytes;
    this.heldEntries += 1;
    this.order.push({ log, offset: log.offset });

    this.trim(log);
    this.evictOldest(now);
    this.compactOrder();
    return stored.id;
  }

  read(channel: string, since?: string): HistoryRead {
    const now = this.now();
    const log = this.log(channel, now);
    this.prune(log, now);

    const head = `${log.epoch}:${log.offset}`;
    if (since === undefined) return { head, recovered: false, messages: [] };

    const wanted = parsePosition(since);
    if (!wanted || wanted.epoch !== log.epoch || wanted.offset > log.offset) {
      return { head, recovered: false, messages: [] };
    }

    const oldestOffset = firstOffset(log);
    if (wanted.offset < oldestOffset - 1) return { head, recovered: false, messages: [] };

    const skip = wanted.offset - (oldestOffset - 1);
    return { head, recovered: true, messages: log.entries.slice(skip).map((e) => e.message) };
  }

  private log(channel: string, now: number): Log {
    this.sweep(now);

    let log = this.logs.get(channel);
    if (!log) {
      log = { epoch: randomEpoch(), offset: 0, entries: [], bytes: 0, touched: now };
      this.logs.set(channel, log);
    }
    log.touched = now;
    return log;
  }

  /** Removes the `count` oldest entries of a log. */
  private drop(log: Log, count: number): void {
    if (count <= 0) return;
    let bytes = 0;
    for (let i = 0; i < count; i++) bytes += (log.entries[i] as Entry).bytes;
    log.entries.splice(0, count);
    log.bytes -= bytes;
    this.heldBytes -= bytes;
    this.heldEntries -= count;
  }

  private prune(log: Log, now: number): void {
    const cutoff = now - this.ttlMs;
    let drop = 0;
    while (drop < log.entries.length && (log.entries[drop] as Entry).at < cutoff) drop++;
    this.drop(log, drop);
  }

  /** Holds a log to its message count and byte cap, oldest first. */
  private trim(log: Log): void {
    let drop = Math.max(0, log.entries.length - this.size);
    let bytes = log.bytes;
    for (let i = 0; i < drop; i++) bytes -= (log.entries[i] as Entry).bytes;
    while (drop < log.entries.length && bytes > this.maxChannelBytes) {
      bytes -= (log.entries[drop] as Entry).bytes;
      drop++;
    }
    this.drop(log, drop);
  }

  /**
   * Removes the oldest entries of the whole history while it is over `maxBytes`, and those
   * past the TTL whatever their channel, so an idle channel's log does not wait for a read.
   */
  private evictOldest(now: number): void {
    const cutoff = now - this.ttlMs;
    while (this.orderHead < this.order.length) {
      const { log, offset } = this.order[this.orderHead] as Appended;
      const first = log.entries[0];
      const live = first !== undefined && firstOffset(log) === offset;
      if (live && this.heldBytes <= this.maxBytes && first.at >= cutoff) return;
      if (live) this.drop(log, 1);
      this.orderHead++;
    }
  }

  /** Keeps the append order from outgrowing the entries it tracks. */
  private compactOrder(): void {
    const tracked = this.order.length - this.orderHead;
    if (this.orderHead > 1024 && this.orderHead * 2 > this.order.length) {
      this.order = this.order.slice(this.orderHead);
      this.orderHead = 0;
    } else if (tracked > 2 * this.heldEntries + 1024) {
      this.order = this.order
        .slice(this.orderHead)
        .filter(({ log, offset }) => log.entries.length > 0 && offset >= firstOffset(log));
      this.orderHead = 0;
    }
  }

  /** Forgets logs nobody touched for twice the TTL, at most once per TTL. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.ttlMs) return;
    this.lastSweep = now;

    for (const [channel, log] of this.logs) {
      if (now - log.touched > 2 * this.ttlMs) {
        this.drop(log, log.entries.length);
        this.logs.delete(channel);
      }
    }
  }
}

/** Offset of a log's oldest kept entry; `offset + 1` when it keeps none. */
function firstOffset(log: Log): number {
  return log.offset - log.entries.length + 1;
}

/** Splits `"<epoch>:<offset>"`, or `undefined` when it is not one. */
export function parsePosition(position: string): { epoch: string; offset: number } | undefined {
  const colon = position.lastIndexOf(':');
  if (colon <= 0) return undefined;

  const digits = position.slice(colon + 1);
  if (!/^\d{1,15}$/.test(digits)) return undefined;
  return { epoch: position.slice(0, colon), offset: Number(digits) };
}
