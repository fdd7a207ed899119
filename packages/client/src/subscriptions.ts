import type { WordSocketError } from './errors.js';
import { isAfter } from './position.js';
import type { StreamParams } from './sse-link.js';

/** Error codes with which the relay refuses a subscription (docs/protocol.md §5.3). */
const refusals = new Set(['forbidden', 'invalid_channel', 'too_many_channels']);

interface Waiter {
  resolve(): void;
  reject(error: WordSocketError): void;
}

interface Subscription {
  /** The newest position seen, where a resubscription continues from. */
  position: string | undefined;
  /** The position sent with the latest subscribe, reported in a `gap`. */
  since: string | undefined;
  /** Confirmed on the current connection. */
  live: boolean;
  /** The presence state to (re)announce, or undefined when not a member. */
  presence: unknown;
  waiters: Waiter[];
}

/** What a confirmed subscription asked for, as its `gap` and presence announcement need it. */
export interface Confirmation {
  /** The position the subscribe continued from. */
  since: string | undefined;
  /** The presence state to announce on the new connection, if any. */
  presence: unknown;
}

/**
 * The subscription set of a client, kept across connections: each channel's replay position,
 * its presence state, and the promises waiting for its confirmation. It also tracks, for the
 * current connection, which channels are still awaiting the relay's answer and which are still
 * replaying, since the client is `connected` only once none are.
 */
export class SubscriptionRegistry {
  readonly #subs = new Map<string, Subscription>();

  /** Channels asked for on the current connection and neither confirmed nor refused yet. */
  readonly #awaiting = new Set<string>();

  /**
   * Channels confirmed before their replay arrived (SSE sends `ready` first, §8), with the
   * position the replay ends at.
   */
  readonly #catchingUp = new Map<string, string>();

  /**
   * Per channel, the unsubscribe requests sent on the current WebSocket whose `unsubscribed`
   * answer has not arrived yet. The relay answers frames in order, so while one is outstanding
   * a `subscribed` or refusal for that channel answers a subscribe sent before it, and the next
   * `unsubscribed` is that answer, not a revocation. A channel appears once per request.
   */
  #leaving: string[] = [];

  /** The channels the latest SSE stream was opened with. */
  #streamed = new Set<string>();

  /** Every channel (confirmed or not), in subscription order. */
  get channels(): string[] {
    return [...this.#subs.keys()];
  }

  /** Whether every channel asked for on this connection is confirmed and replayed. */
  get settled(): boolean {
    return this.#awaiting.size === 0 && this.#catchingUp.size === 0;
  }

  has(channel: string): boolean {
    return this.#subs.has(channel);
  }

  /** Whether `channel` is confirmed on the current connection. */
  isLive(channel: string): boolean {
    return this.#subs.get(channel)?.live === true;
  }

  /** Records an unsubscribe request for `channel` sent on the current WebSocket. */
  leave(channel: string): void {
    this.#leaving.push(channel);
  }

  /**
   * Whether an `unsubscribed` for `channel` answers an unsubscribe request (which it then
   * settles), rather than revoking the subscription.
   */
  answers(channel: string): boolean {
    const index = this.#leaving.indexOf(channel);
    if (index >= 0) this.#leaving.splice(index, 1);

    return index >= 0;
  }

  /**
   * How a refusal of `channel` with `code` ends its subscription: `revoked` when the channel
   * was confirmed on this connection (an SSE stream reopened with a token that no longer grants
   * it), `refused` when it was still awaiting its first answer, undefined when the refusal does
   * not concern the subscription in the set (not asked for, asked before an unsubscribe, or a
   * code that refuses something else).
   */
  refusal(channel: string, code: string): 'refused' | 'revoked' | undefined {
    if (!refusals.has(code)) return undefined;
    if (!this.#awaiting.has(channel) || this.#leaving.includes(channel)) return undefined;

    return this.isLive(channel) ? 'revoked' : 'refused';
  }

  /** Adds `channel` to the set. Returns false when it was already there. */
  add(channel: string): boolean {
    if (this.#subs.has(channel)) return false;

    this.#subs.set(channel, {
      position: undefined,
      since: undefined,
      live: false,
      presence: undefined,
      waiters: [],
    });

    return true;
  }

  /**
   * A promise settled when the relay confirms or refuses `channel` (which must be in the set).
   * A refusal is also announced as `unsubscribed` and `error` events, so a caller that does not
   * await the promise is told anyway, without an unhandled rejection.
   */
  confirmation(channel: string): Promise<void> {
    const waiters = (this.#subs.get(channel) as Subscription).waiters;
    const confirmed = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    confirmed.catch(() => undefined);

    return confirmed;
  }

  /** Sets the presence state to announce on `channel` (undefined when not a member). */
  setPresence(channel: string, state: unknown): void {
    (this.#subs.get(channel) as Subscription).presence = state;
  }

  /**
   * Marks `channels` as asked for on this connection, each from its last position. Returns
   * those positions, by channel, for the subscribe request.
   */
  resume(channels: string[]): Record<string, string> {
    const since: Record<string, string> = {};

    for (const channel of channels) {
      const sub = this.#subs.get(channel) as Subscription;
      sub.since = sub.position;
      if (sub.position !== undefined) since[channel] = sub.position;
      this.#awaiting.add(channel);
    }

    return since;
  }

  /** What the next SSE stream opens with: every channel, each from its last position. */
  openStream(): Omit<StreamParams, 'token'> {
    const channels = this.channels;
    this.forgetRequests();
    const since = this.resume(channels);
    this.#streamed = new Set(channels);

    return { channels, since };
  }

  /** Whether a channel was added since the latest SSE stream was opened. */
  outsideStream(): boolean {
    return this.channels.some((channel) => !this.#streamed.has(channel));
  }

  /**
   * Records a message's position. Returns false when `channel` is not subscribed, or the message
   * is not after the last one seen (a duplicate of a replay).
   */
  advance(channel: string, id: string | undefined): boolean {
    const sub = this.#subs.get(channel);
    if (!sub) return false;

    if (id !== undefined) {
      if (!isAfter(id, sub.position)) return false;
      sub.position = id;
    }

    return true;
  }

  /**
   * Marks `channel` as replayed once the message at the end of its replay was queued. Returns
   * true when that ended its catching up.
   */
  caughtUp(channel: string, id: string | undefined): boolean {
    const end = this.#catchingUp.get(channel);
    if (end === undefined || id === undefined || isAfter(end, id)) return false;

    this.#catchingUp.delete(channel);

    return true;
  }

  /**
   * Records the relay's confirmation of `channel`: its position, or the end of its replay when
   * the replay is still to come. Returns what the subscribe asked for, or undefined for a
   * channel not in the set or a confirmation of a subscribe sent before an unsubscribe that is
   * still unanswered. Its waiters are resolved by {@link release}.
   */
  confirm(
    channel: string,
    position: string | undefined,
    recovered: boolean | undefined,
  ): Confirmation | undefined {
    const sub = this.#subs.get(channel);
    if (!sub || this.#leaving.includes(channel)) return undefined;

    this.#awaiting.delete(channel);
    if (typeof position === 'string' && (recovered !== true || sub.position === undefined)) {
      sub.position = position;
    } else if (typeof position === 'string' && isAfter(position, sub.position)) {
      this.#catchingUp.set(channel, position);
    }

    sub.live = true;

    return { since: sub.since, presence: sub.presence };
  }

  /** Resolves the promises waiting for `channel`'s confirmation. */
  release(channel: string): void {
    for (const waiter of this.#subs.get(channel)?.waiters.splice(0) ?? []) waiter.resolve();
  }

  /** Removes `channel`, rejecting its waiters with `error`. Returns false for an unknown one. */
  remove(channel: string, error: WordSocketError): boolean {
    const sub = this.#subs.get(channel);
    if (!sub) return false;

    this.#subs.delete(channel);
    this.#awaiting.delete(channel);
    this.#catchingUp.delete(channel);
    for (const waiter of sub.waiters.splice(0)) waiter.reject(error);

    return true;
  }

  /** Rejects every promise waiting for a confirmation with `error`; the set is kept. */
  rejectAll(error: WordSocketError): void {
    for (const sub of this.#subs.values()) {
      for (const waiter of sub.waiters.splice(0)) waiter.reject(error);
    }
  }

  /** Forgets what was asked on an earlier connection. */
  forgetRequests(): void {
    this.#leaving = [];
    this.#awaiting.clear();
    this.#catchingUp.clear();
  }

  /** The connection ended: nothing is asked for or confirmed any more. */
  disconnected(): void {
    this.forgetRequests();
    for (const sub of this.#subs.values()) sub.live = false;
  }
}
