import type { Awaitable } from './awaitable.js';

/** A presence member as a `sync` lists it (docs/protocol.md §6). */
export interface PresenceMember {
  id: string;
  user_id: string;
  state: Record<string, unknown>;
}

/** What the relay hands a {@link PresenceStore} when it starts. */
export interface PresenceContext {
  /** Full names of the channels this node holds subscribers for. */
  channels(): Iterable<string>;
  /** Members of a node that died were removed from `channel`; the relay announces each leave. */
  left(channel: string, ids: string[]): void;
  /**
   * A member of this node was written back after it went missing from the store (lost data, or
   * this node was taken for dead and its members announced as leaving); the relay announces it
   * to the others as a `join` again.
   */
  restored(channel: string, member: PresenceMember): void;
  /** Reports a failure of background work or bad stored data as a relay `error` event. */
  report(error: unknown, context: string): void;
}

/**
 * Presence members of every node, per channel, each owned by the node its connection is on.
 * Optional: without one, a relay learns other nodes' members from their join and leave
 * messages. With one, a `sync` lists the members the store holds, and the store tells the
 * relay (`context.left`) when the members of a dead node are gone.
 *
 * Contract: after `join` resolves, `members` on any node lists the member until `leave`, or
 * until its node stops renewing its ownership (a bounded time after the node died).
 */
export interface PresenceStore {
  /** Called once by the relay before anything else. */
  start?(context: PresenceContext): Awaitable<void>;
  /** Adds or updates a member of this node. */
  join(channel: string, member: PresenceMember): Awaitable<void>;
  /** Removes a member of this node. */
  leave(channel: string, id: string): Awaitable<void>;
  /** The channel's members on every live node. */
  members(channel: string): Awaitable<PresenceMember[]>;
  /** Stops background work and withdraws this node's members; called from `close()`. */
  close?(): Awaitable<void>;
}
