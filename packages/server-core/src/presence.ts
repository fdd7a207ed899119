import type { ChannelRegistry, LocalChannel, Member } from './channel-registry.js';
import { messageFrame } from './channel-registry.js';
import { resolveChannel } from './channels.js';
import { RelayError } from './codes.js';
import type { BrokerMessage } from './interfaces/broker.js';
import type { PresenceStore } from './interfaces/presence-store.js';
import { byteLength, nestedWithin } from './messages.js';
import type { Session } from './session.js';
import type { Identity } from './token.js';

/** What {@link Presence} needs from the relay. */
export interface PresenceDeps {
  /** Publishes through the broker, so other nodes hear it too. */
  publish: (channel: string, message: BrokerMessage) => void;
  /** Members of every node; without one, other nodes' members are learned from the broker. */
  store: PresenceStore | undefined;
  report: (error: unknown, context: string) => void;
  maxStateBytes: number;
  maxStateDepth: number;
}

/**
 * Presence (docs/protocol.md §6): members per channel, a `sync` to a joining member, `join`
 * and `leave` to the others through the broker, so other nodes hear them too.
 */
export class Presence {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly deps: PresenceDeps,
  ) {}

  /**
   * Joins, updates (`state` an object) or leaves (`state` null) a channel the session is
   * subscribed to. Throws `not_subscribed`, `invalid_frame`, `payload_too_large`, or the
   * channel's own refusal.
   */
  update(session: Session, name: unknown, state: unknown): void | Promise<void> {
    const identity = session.identity as Identity;
    const channel = resolveChannel(name, identity.site.site_id);
    const spelling = channel.spelling;

    const local = this.registry.channels.get(channel.full);
    const subscribed = session.subscriptions.some((s) => s.full === channel.full);
    if (!local || !subscribed) {
      throw new RelayError('not_subscribed', 'subscribe before joining presence', {
        channel: spelling,
      });
    }

    if (state === null) {
      if (session.presence?.has(channel.full)) this.leave(session, channel.full);
      return;
    }
    if (typeof state !== 'object' || Array.isArray(state)) {
      throw new RelayError('invalid_frame', 'state must be an object or null', {
        channel: spelling,
      });
    }
    if (!nestedWithin(state, this.deps.maxStateDepth)) {
      throw new RelayError('invalid_frame', 'state is nested too deeply', { channel: spelling });
    }
    if (byteLength(JSON.stringify(state)) > this.deps.maxStateBytes) {
      throw new RelayError('payload_too_large', 'presence state is over the limit', {
        channel: spelling,
      });
    }

    const member = {
      id: session.id,
      user_id: identity.userId,
      state: state as Record<string, unknown>,
    };
    const joined = !local.members.has(session.id);
    local.members.set(session.id, member);
    session.presence ??= new Map();
    session.presence.set(channel.full, spelling);

    const store = this.deps.store;
    if (!store) {
      if (joined) this.sendSync(session, spelling, this.registry.members(local));
      this.announce(channel.full, { action: 'join', ...member }, session.id);
      return;
    }

    this.settle(() => store.join(channel.full, member), 'presence.join');
    this.announce(channel.full, { action: 'join', ...member }, session.id);
    if (joined) return this.syncFromStore(store, session, local, spelling);
  }

  /** Ends a session's membership of a channel and tells the others. */
  leave(session: Session, full: string): void {
    session.presence?.delete(full);
    this.registry.channels.get(full)?.members.delete(session.id);
    const store = this.deps.store;
    if (store) this.settle(() => store.leave(full, session.id), 'presence.leave');
    this.announce(full, { action: 'leave', id: session.id }, session.id);
  }

  /** Members of a node that died are gone: every subscriber, on every node, hears them leave. */
  departed(full: string, ids: string[]): void {
    for (const id of ids) {
      const data = { action: 'leave', id };
      this.deps.publish(full, { kind: 'message', event: 'wps.presence', data, origin: 'server' });
    }
  }

  /** A member of this node the store had lost is back: the others hear it join again. */
  restored(full: string, member: Member): void {
    if (!this.registry.channels.get(full)?.members.has(member.id)) return;
    this.announce(full, { action: 'join', ...member }, member.id);
  }

  /**
   * Sends the joining member the store's members, this node's own as they are here; the
   * members this node knows of when the store fails.
   */
  private async syncFromStore(
    store: PresenceStore,
    session: Session,
    local: LocalChannel,
    spelling: string,
  ): Promise<void> {
    let members: Member[];
    try {
      const stored = await store.members(local.full);
      const others = stored.filter((m) => !local.members.has(m.id));
      members = [...local.members.values(), ...others];
    } catch (error) {
      this.deps.report(error, 'presence.members');
      members = this.registry.members(local);
    }
    if (session.presence?.has(local.full)) this.sendSync(session, spelling, members);
  }

  private sendSync(session: Session, spelling: string, members: Member[]): void {
    const sync = { action: 'sync', members };
    const message = {
      kind: 'message',
      event: 'wps.presence',
      data: sync,
      origin: 'server',
    } as const;
    session.send(messageFrame(spelling, message, JSON.stringify(sync)));
  }

  private announce(full: string, data: Record<string, unknown>, exclude: string): void {
    this.deps.publish(full, {
      kind: 'message',
      event: 'wps.presence',
      data,
      origin: 'server',
      exclude,
    });
  }

  private settle(run: () => unknown, context: string): void {
    try {
      const result = run();
      if (result instanceof Promise) {
        result.catch((error: unknown) => this.deps.report(error, context));
      }
    } catch (error) {
      this.deps.report(error, context);
    }
  }
}
