import type { PresenceContext, PresenceMember, PresenceStore } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import { ServerError } from '../errors.js';
import { checkedLeaseMs, Heartbeat, type NodeLeaseOptions, newNodeId } from './lease.js';
import { DROP, HEARTBEAT, JOIN, LEAVE, MEMBERS, REAP } from './presence-scripts.js';

/**
 * Presence members of every node, in the hash `{prefix}presence:{channel}`: each member is
 * owned by its node, which renews a lease on the channel every third of `leaseMs`. A sync lists
 * the members of live nodes, so a node that starts later sees who joined elsewhere. On each
 * heartbeat a node also removes, from the channels it holds subscribers for, the members of
 * nodes whose lease ended, and the relay announces them as leaving: within a lease and a
 * heartbeat of a node's death. Members under this node's id that it does not hold (written by
 * someone else) are removed at its heartbeat and announced as leaving too, when the relay had
 * announced them; members it never announced go without a word, since no client knows them.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly nodeId: string;
  readonly leaseMs: number;
  readonly #redis: Redis;
  readonly #prefix: string;
  /** This node's members: channel → connection id → member JSON. */
  readonly #local = new Map<string, Map<string, string>>();
  #context: PresenceContext | undefined;
  #heartbeat: Heartbeat | undefined;
  /** Channels this node has a lease written on. */
  #written = new Set<string>();
  /** Members that left this node since the last heartbeat: already announced by the relay. */
  #left = new Map<string, Set<string>>();

  constructor(redis: Redis, prefix: string, options: NodeLeaseOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${prefix}presence:`;
    this.leaseMs = checkedLeaseMs(options.leaseMs);
    this.nodeId = options.nodeId ?? newNodeId();
  }

  start(context: PresenceContext): void {
    this.#context = context;
    this.#heartbeat = new Heartbeat(this.leaseMs, () => this.beat());
  }

  async join(channel: string, member: PresenceMember): Promise<void> {
    const json = JSON.stringify(member);
    let members = this.#local.get(channel);
    if (!members) {
      members = new Map();
      this.#local.set(channel, members);
    }
    members.set(member.id, json);
    this.#written.add(channel);
    await this.#write(channel, member.id, json);
  }

  async leave(channel: string, id: string): Promise<void> {
    const members = this.#local.get(channel);
    members?.delete(id);
    if (members?.size === 0) this.#local.delete(channel);
    const left = this.#left.get(channel) ?? new Set<string>();
    left.add(id);
    this.#left.set(channel, left);
    const key = this.#key(channel);
    this.#check(Number(await this.#redis.eval(LEAVE, 1, key, id)), key);
  }

  async members(channel: string): Promise<PresenceMember[]> {
    const key = this.#key(channel);
    const [bad, list] = (await this.#redis.eval(MEMBERS, 1, key, this.nodeId)) as [
      number,
      string[],
    ];
    let invalid = bad;
    const members: PresenceMember[] = [];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const id = list[i] as string;
      const json = list[i + 1] as string;
      const member = parseMember(json);
      if (member?.id === id) {
        members.push(member);
        continue;
      }
      invalid++;
      await this.#redis.eval(DROP, 1, key, id, json);
    }
    this.#check(invalid, key);
    return members;
  }

  /**
   * Renews this node's leases and writes back its members that went missing, then removes the
   * members of dead nodes from the channels this node holds and hands them to the relay. The
   * timer calls it; tests may too.
   */
  async beat(): Promise<void> {
    const owned = [...new Set([...this.#written, ...this.#local.keys()])];
    const held = [...(this.#context?.channels() ?? [])];
    if (owned.length === 0 && held.length === 0) return;

    const pipeline = this.#redis.pipeline();
    for (const channel of owned) {
      const ids = [...(this.#local.get(channel)?.keys() ?? [])];
      pipeline.eval(HEARTBEAT, 1, this.#key(channel), this.nodeId, this.leaseMs, ...ids);
    }
    for (const channel of held) pipeline.eval(REAP, 1, this.#key(channel), this.nodeId);
    this.#written = new Set(this.#local.keys());
    const left = this.#left;
    this.#left = new Map();

    let results: [Error | null, unknown][];
    try {
      results = (await pipeline.exec()) ?? [];
    } catch (error) {
      this.#context?.report(error, 'presence.heartbeat');
      return;
    }
    const restores: Promise<void>[] = [];
    // One report per heartbeat, however many channels failed (an outage fails them all).
    let failure: Error | undefined;
    results.forEach(([error, reply], index) => {
      if (error) {
        failure ??= error;
        return;
      }
      const [bad, ids, dropped = []] = reply as [number, string[], string[]?];
      const channel = (index < owned.length ? owned[index] : held[index - owned.length]) as string;
      this.#check(bad, this.#key(channel));
      if (index < owned.length) restores.push(this.#restore(channel, ids));
      const gone = index < owned.length ? dropped.filter((id) => !left.get(channel)?.has(id)) : ids;
      if (gone.length > 0) this.#context?.left(channel, gone);
    });
    if (failure) this.#context?.report(failure, 'presence.heartbeat');
    await Promise.all(restores);
  }

  /** Stops the heartbeat and withdraws this node's leases and members. */
  async close(): Promise<void> {
    this.#heartbeat?.stop();
    const channels = [...new Set([...this.#written, ...this.#local.keys()])];
    this.#local.clear();
    this.#written.clear();
    this.#left.clear();
    if (channels.length === 0) return;

    const pipeline = this.#redis.pipeline();
    for (const channel of channels) {
      pipeline.eval(HEARTBEAT, 1, this.#key(channel), this.nodeId, this.leaseMs);
    }
    await pipeline.exec();
  }

  /** Writes back members of this node that the heartbeat found missing, and says so. */
  async #restore(channel: string, ids: string[]): Promise<void> {
    for (const id of ids) {
      const json = this.#local.get(channel)?.get(id);
      if (json === undefined) continue;
      try {
        await this.#write(channel, id, json);
      } catch (error) {
        this.#context?.report(error, 'presence.heartbeat');
        continue;
      }
      const member = parseMember(json);
      if (member && this.#local.get(channel)?.get(id) === json) {
        this.#context?.restored(channel, member);
      }
    }
  }

  async #write(channel: string, id: string, json: string): Promise<void> {
    const key = this.#key(channel);
    const bad = await this.#redis.eval(JOIN, 1, key, this.nodeId, this.leaseMs, id, json);
    this.#check(Number(bad), key);
  }

  #key(channel: string): string {
    return this.#prefix + channel;
  }

  #check(bad: number, key: string): void {
    if (!(bad > 0)) return;
    const error = new ServerError(
      'redis_data_invalid',
      `${bad} malformed entries under ${key} were removed or skipped`,
    );
    this.#context?.report(error, 'presence.data');
  }
}

/** A stored member, or `undefined` when the JSON is not one. */
function parseMember(json: string): PresenceMember | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, user_id, state } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof user_id !== 'string') return undefined;
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return undefined;
  return { id, user_id, state: state as Record<string, unknown> };
}
