import type { ChannelRegistry } from './channel-registry.js';
import { messageFrame } from './channel-registry.js';
import { resolveChannel } from './channels.js';
import { RelayError } from './codes.js';
import type { BrokerMessage } from './interfaces/broker.js';
import { byteLength, nestedWithin } from './messages.js';
import type { Session } from './session.js';
import type { Identity } from './token.js';

/**
 * Presence (docs/protocol.md §6): members per channel, a `sync` to a joining member, `join`
 * and `leave` to the others through the broker, so other nodes hear them too.
 */
export class Presence {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly publish: (channel: string, message: BrokerMessage) => void,
    private readonly maxStateBytes: number,
    private readonly maxStateDepth: number,
  ) {}

  /**
   * Joins, updates (`state` an object) or leaves (`state` null) a channel the session is
   * subscribed to. Throws `not_subscribed`, `invalid_frame`, `payload_too_large`, or the
   * channel's own refusal.
   */
  update(session: Session, name: unknown, state: unknown): void {
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
    if (!nestedWithin(state, this.maxStateDepth)) {
      throw new RelayError('invalid_frame', 'state is nested too deeply', { channel: spelling });
    }
    if (byteLength(JSON.stringify(state)) > this.maxStateBytes) {
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

    if (joined) {
      const sync = { action: 'sync', members: this.registry.members(local) };
      const message = {
        kind: 'message',
        event: 'wps.presence',
        data: sync,
        origin: 'server',
      } as const;
      session.send(messageFrame(spelling, message, JSON.stringify(sync)));
    }
    this.announce(channel.full, { action: 'join', ...member }, session.id);
  }

  /** Ends a session's membership of a channel and tells the others. */
  leave(session: Session, full: string): void {
    session.presence?.delete(full);
    this.registry.channels.get(full)?.members.delete(session.id);
    this.announce(full, { action: 'leave', id: session.id }, session.id);
  }

  private announce(full: string, data: Record<string, unknown>, exclude: string): void {
    this.publish(full, { kind: 'message', event: 'wps.presence', data, origin: 'server', exclude });
  }
}
