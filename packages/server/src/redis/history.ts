import { randomBytes } from 'node:crypto';
import type { History, HistoryMessage, HistoryRead, Origin } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';

/** Bounds of every channel's log (docs/protocol.md §7). */
export interface RedisHistoryOptions {
  /** Messages kept per channel (default 1,000). */
  maxMessages?: number;
  /**
   * Bytes of stored entries kept per channel (default 8 MiB); the oldest go first when an
   * append would exceed it, and a single entry larger than the bound is not kept.
   */
  maxChannelBytes?: number;
  /** Age after which a message is no longer replayed (default 120 s). */
  maxAgeMs?: number;
  /**
   * How long a quiet channel keeps its epoch and offset (default 24 h). After that its log is
   * lost and gets a new epoch, which subscribers see as `recovered: false`.
   */
  metaTtlMs?: number;
  now?: () => number;
}

/** Default of {@link RedisHistoryOptions.maxChannelBytes}: 8 MiB per channel. */
export const DEFAULT_MAX_CHANNEL_BYTES = 8 * 1024 * 1024;

/**
 * Creates the channel's log if missing (a new epoch, offset 0), appends one entry
 * `"<offset> <ms> <json>"`, drops the oldest entries until at most N entries and B bytes remain
 * (the byte total lives in the meta hash and restarts at 0 when the log list has expired), and
 * refreshes both keys' lifetimes.
 * KEYS: meta hash, log list.
 * ARGV: new epoch, json, now ms, max messages, meta TTL ms, log TTL ms, max bytes.
 */
const APPEND = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
end
local bytes = 0
if redis.call('EXISTS', KEYS[2]) == 1 then
  bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
end
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
local entry = offset .. ' ' .. ARGV[3] .. ' ' .. ARGV[2]
local length = redis.call('RPUSH', KEYS[2], entry)
bytes = bytes + string.len(entry)
local maxMessages = tonumber(ARGV[4])
local maxBytes = tonumber(ARGV[7])
while length > 0 and (length > maxMessages or bytes > maxBytes) do
  local dropped = redis.call('LPOP', KEYS[2])
  bytes = bytes - string.len(dropped)
  length = length - 1
end
if length == 0 or bytes < 0 then bytes = 0 end
redis.call('HSET', KEYS[1], 'bytes', bytes)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return epoch .. ':' .. offset
`;

/**
 * Reads the epoch and offset, creating an empty log (new epoch) when there is none so the
 * "<epoch>:0" handed to a subscriber stays valid; with a `since` in the same epoch and behind
 * the head, also the entries after it (at most the log's length).
 * KEYS: meta hash, log list. ARGV: new epoch, meta TTL ms, since epoch, since offset (or -1).
 */
const READ = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local offset = redis.call('HGET', KEYS[1], 'offset')
if not epoch then
  epoch = ARGV[1]
  offset = '0'
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local behind = tonumber(offset) - tonumber(ARGV[4])
local entries = {}
if epoch == ARGV[3] and tonumber(ARGV[4]) >= 0 and behind > 0 then
  entries = redis.call('LRANGE', KEYS[2], -behind, -1)
end
return { epoch, offset, entries }
`;

/**
 * Per-channel logs in Redis, shared by every node of a cluster, so a client that reconnects to
 * another node recovers with its `since` position. Appends and reads are Lua scripts, so offsets
 * are gap-free and a read sees a consistent log.
 */
export class RedisHistory implements History {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #maxMessages: number;
  readonly #maxChannelBytes: number;
  readonly #maxAgeMs: number;
  readonly #metaTtlMs: number;
  readonly #now: () => number;

  constructor(redis: Redis, prefix: string, options: RedisHistoryOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${prefix}history:`;
    this.#maxMessages = options.maxMessages ?? 1000;
    this.#maxChannelBytes = options.maxChannelBytes ?? DEFAULT_MAX_CHANNEL_BYTES;
    this.#maxAgeMs = options.maxAgeMs ?? 120_000;
    this.#metaTtlMs = options.metaTtlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  async append(
    channel: string,
    message: { event: string; data: unknown; origin: Origin },
  ): Promise<string> {
    const json = JSON.stringify([message.event, message.data, message.origin]);
    const position = await this.#redis.eval(
      APPEND,
      2,
      ...this.#keys(channel),
      newEpoch(),
      json,
      this.#now(),
      this.#maxMessages,
      this.#metaTtlMs,
      this.#maxAgeMs + 1000,
      this.#maxChannelBytes,
    );
    return String(position);
  }

  async read(channel: string, since?: string): Promise<HistoryRead> {
    const wanted = parsePosition(since);
    const reply = (await this.#redis.eval(
      READ,
      2,
      ...this.#keys(channel),
      newEpoch(),
      this.#metaTtlMs,
      wanted?.epoch ?? '',
      wanted?.offset ?? -1,
    )) as [string, string, string[]];
    const [epoch, offsetText, entries] = reply;
    const headOffset = Number(offsetText);
    const head = `${epoch}:${headOffset}`;

    if (!wanted || wanted.epoch !== epoch || wanted.offset > headOffset) {
      return { head, recovered: false, messages: [] };
    }

    const oldestUsable = this.#now() - this.#maxAgeMs;
    const messages: HistoryMessage[] = [];
    for (const entry of entries) {
      const parsed = parseEntry(entry, epoch);
      if (!parsed || parsed.offset <= wanted.offset) continue;
      if (parsed.time < oldestUsable) continue;
      messages.push(parsed.message);
    }

    if (messages.length !== headOffset - wanted.offset) {
      return { head, recovered: false, messages: [] };
    }

    return { head, recovered: true, messages };
  }

  #keys(channel: string): [string, string] {
    const tag = `${this.#prefix}{${channel}}`;
    return [`${tag}:meta`, `${tag}:log`];
  }
}

/** A short random epoch: 8 base64url characters (48 bits). */
function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

function parsePosition(
  position: string | undefined,
): { epoch: string; offset: number } | undefined {
  if (typeof position !== 'string') return undefined;

  const index = position.lastIndexOf(':');
  if (index <= 0) return undefined;

  const offsetText = position.slice(index + 1);
  if (!/^\d{1,15}$/.test(offsetText)) return undefined;
  return { epoch: position.slice(0, index), offset: Number(offsetText) };
}

function parseEntry(
  entry: string,
  epoch: string,
): { offset: number; time: number; message: HistoryMessage } | undefined {
  const first = entry.indexOf(' ');
  const second = entry.indexOf(' ', first + 1);
  if (first === -1 || second === -1) return undefined;

  const offset = Number(entry.slice(0, first));
  const time = Number(entry.slice(first + 1, second));
  const [event, data, origin] = JSON.parse(entry.slice(second + 1)) as [string, unknown, Origin];
  return { offset, time, message: { id: `${epoch}:${offset}`, event, data, origin } };
}
