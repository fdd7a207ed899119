import type { Origin } from '../interfaces/broker.js';
import type { History, HistoryMessage, HistoryRead } from '../interfaces/history.js';
import { randomEpoch } from '../internal/crypto.js';

interface Entry {
  message: HistoryMessage;
  at: number;
}

interface Log {
  epoch: string;
  /** Offset of the newest message; 0 while empty. */
  offset: number;
  entries: Entry[];
  touched: number;
}

/** Options of {@link MemoryHistory}. */
export interface MemoryHistoryOptions {
  /** Messages kept per channel. Default 1000. */
  size?: number;
  /** Milliseconds a message is kept. Default 120 000. */
  ttlMs?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Per-channel logs in memory, bounded by count and age (docs/protocol.md §7). A log with no
 * message younger than the TTL is forgotten after a while, and comes back with a new epoch.
 */
export class MemoryHistory implements History {
  private readonly logs = new Map<string, Log>();
  private readonly size: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: MemoryHistoryOptions = {}) {
    this.size = options.size ?? 1000;
    this.ttlMs = options.ttlMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  append(channel: string, message: { event: string; data: unknown; origin: Origin }): string {
    const now = this.now();
    const log = this.log(channel, now);
    log.offset += 1;

    const stored: HistoryMessage = {
      id: `${log.epoch}:${log.offset}`,
      event: message.event,
      data: message.data,
      origin: message.origin,
    };
    log.entries.push({ message: stored, at: now });
    if (log.entries.length > this.size) log.entries.splice(0, log.entries.length - this.size);
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

    const oldest = log.entries[0]?.message;
    const oldestOffset = oldest ? log.offset - log.entries.length + 1 : log.offset + 1;
    if (wanted.offset < oldestOffset - 1) return { head, recovered: false, messages: [] };

    const skip = wanted.offset - (oldestOffset - 1);
    return { head, recovered: true, messages: log.entries.slice(skip).map((e) => e.message) };
  }

  private log(channel: string, now: number): Log {
    this.sweep(now);

    let log = this.logs.get(channel);
    if (!log) {
      log = { epoch: randomEpoch(), offset: 0, entries: [], touched: now };
      this.logs.set(channel, log);
    }
    log.touched = now;
    return log;
  }

  private prune(log: Log, now: number): void {
    const cutoff = now - this.ttlMs;
    let drop = 0;
    while (drop < log.entries.length && (log.entries[drop] as Entry).at < cutoff) drop++;
    if (drop > 0) log.entries.splice(0, drop);
  }

  /** Forgets logs nobody touched for twice the TTL, at most once per TTL. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.ttlMs) return;
    this.lastSweep = now;

    for (const [channel, log] of this.logs) {
      if (now - log.touched > 2 * this.ttlMs) this.logs.delete(channel);
    }
  }
}

/** Splits `"<epoch>:<offset>"`, or `undefined` when it is not one. */
export function parsePosition(position: string): { epoch: string; offset: number } | undefined {
  const colon = position.lastIndexOf(':');
  if (colon <= 0) return undefined;

  const digits = position.slice(colon + 1);
  if (!/^\d{1,15}$/.test(digits)) return undefined;
  return { epoch: position.slice(0, colon), offset: Number(digits) };
}
