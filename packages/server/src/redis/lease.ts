import { randomBytes } from 'node:crypto';

/**
 * How long a node's ownership of its connection counts and presence members lasts without a
 * heartbeat (default 15 s). Heartbeats come every third of it, so a node that dies stops
 * counting within one lease, and its members are announced as leaving within a lease and a
 * heartbeat.
 */
export const DEFAULT_LEASE_MS = 15_000;

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
 * every node), and a guard that deletes a key holding another type than a hash (bad data
 * under our prefix), answering 1 when it did.
 */
export const LUA_PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function claim_hash(key)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'hash' or kind == 'none' then return 0 end
  redis.call('DEL', key)
  return 1
end
`;

/** Runs `task` every `intervalMs`, never two at once, without keeping the process alive. */
export class Heartbeat {
  readonly #timer: ReturnType<typeof setInterval>;
  #running = false;

  constructor(intervalMs: number, task: () => Promise<void>) {
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
