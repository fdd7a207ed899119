import { randomBytes } from 'node:crypto';
import { ServerError } from '../errors.js';

/**
 * How long a node's ownership of its connection counts and presence members lasts without a
 * heartbeat (default 15 s). Heartbeats come every third of it, so a node that dies stops
 * counting within one lease, and its members are announced as leaving within a lease and a
 * heartbeat.
 */
export const DEFAULT_LEASE_MS = 15_000;

/**
 * The shortest lease `WORDSOCKET_REDIS_LEASE_MS` accepts. Below a second, ordinary event-loop
 * pauses outlast a lease, so nodes take each other for dead: presence flaps and a site's count
 * loses the connections of live nodes, letting it pass its limit.
 */
export const MIN_LEASE_MS = 1_000;

/**
 * The longest lease (one day). A lease end stored in Redis further ahead of the Redis clock
 * than this is bad data (deleted and reported), so a forged lease cannot keep a node alive.
 */
export const MAX_LEASE_MS = 86_400_000;

/** Options of the Redis backends that own data per node. */
export interface NodeLeaseOptions {
  /** See {@link DEFAULT_LEASE_MS}. */
  leaseMs?: number;
  /** This node's id in Redis; random by default. */
  nodeId?: string;
}

/** A random node id: 12 hex characters. */
export function newNodeId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Lua shared by the scripts of per-node data: the Redis clock in milliseconds (one clock for
 * every node); `whole`, which reads only a canonical non-negative integer (decimal digits, no
 * sign, space, leading zero, exponent or hex, at most 15 digits so it is exact) and answers nil
 * for anything else; `deadline`, a whole number no further ahead of `now` than
 * {@link MAX_LEASE_MS}; and a guard that deletes a key holding another type than a hash (bad
 * data under our prefix), answering 1 when it did.
 */
export const LUA_PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function whole(text)
  if type(text) ~= 'string' or #text > 15 then return nil end
  if text ~= '0' and string.find(text, '^[1-9]%d*$') == nil then return nil end
  return tonumber(text)
end
local function deadline(text, now)
  local value = whole(text)
  if value == nil or value > now + ${MAX_LEASE_MS} then return nil end
  return value
end
local function claim_hash(key)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'hash' or kind == 'none' then return 0 end
  redis.call('DEL', key)
  return 1
end
`;

/**
 * Renews a lease: runs `task` every third of `leaseMs`, never two at once, without keeping the
 * process alive.
 */
export class Heartbeat {
  readonly #timer: ReturnType<typeof setInterval>;
  #running = false;

  constructor(leaseMs: number, task: () => Promise<void>) {
    const intervalMs = Math.max(1, Math.floor(leaseMs / 3));
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = true;
      task().finally(() => {
        this.#running = false;
      });
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/**
 * A backend's lease, checked: a whole number of milliseconds from 1 to {@link MAX_LEASE_MS}
 * (the server's setting also has the floor {@link MIN_LEASE_MS}; tests use shorter ones).
 *
 * @throws {ServerError} `invalid_value` for anything else.
 */
export function checkedLeaseMs(leaseMs: number | undefined): number {
  const value = leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LEASE_MS) {
    throw new ServerError(
      'invalid_value',
      `leaseMs must be a whole number of milliseconds from 1 to ${MAX_LEASE_MS}, got ${value}`,
    );
  }
  return value;
}
