import { Frame } from './frame.js';
import type { BrokerJsonMessage, BrokerMessage } from './interfaces/broker.js';
import type { PresenceMember } from './interfaces/presence-store.js';
import { parsePosition } from './memory/memory-history.js';
import type { Session } from './session.js';

/** One connection's subscription to one channel, in the spelling it used. */
export interface Subscription {
  session: Session;
  full: string;
  spelling: string;
  bare: string;
  /** While a subscribe is replaying history, live frames wait here. */
  waiting: { frame: Frame; id: string | undefined }[] | undefined;
  /** Live JSON messages at or before this position were covered by the subscribe's read. */
  cutoff: { epoch: string; offset: number } | undefined;
}

/** A presence member (docs/protocol.md §6). */
export type Member = PresenceMember;

/** A channel this node holds subscribers for. */
export interface LocalChannel {
  full: string;
  subscriptions: Set<Subscription>;
  /** Members connected to this node. */
  members: Map<string, Member>;
  /** Members on other nodes, learned from their join and leave messages. */
  remoteMembers: Map<string, Member>;
  /** Resolves once the broker delivers this channel. */
  ready: Promise<void>;
}

export interface FanOutCounters {
  deliveries: number;
}

/**
 * The channels of one relay node and the fan-out hot path: each broker message becomes one
 * {@link Frame} per spelling in use, and that same frame goes to every subscriber.
 */
export class ChannelRegistry {
  readonly channels = new Map<string, LocalChannel>();

  constructor(
    private readonly subscribeBroker: (channel: string) => Promise<void>,
    private readonly unsubscribeBroker: (channel: string) => void,
    private readonly echoBinary: boolean,
    private readonly counters: FanOutCounters,
  ) {}

  /** The local channel for `full`, created (and subscribed at the broker) on first use. */
  ensure(full: string): LocalChannel {
    let channel = this.channels.get(full);
    if (!channel) {
      channel = {
        full,
        subscriptions: new Set(),
        members: new Map(),
        remoteMembers: new Map(),
        ready: this.subscribeBroker(full),
      };
      this.channels.set(full, channel);
    }
    return channel;
  }

  /** Removes a subscription; forgets the channel when it has no subscriber left. */
  remove(subscription: Subscription): void {
    const channel = this.channels.get(subscription.full);
    if (!channel) return;

    channel.subscriptions.delete(subscription);
    if (channel.subscriptions.size === 0 && channel.members.size === 0) {
      this.channels.delete(subscription.full);
      this.unsubscribeBroker(subscription.full);
    }
  }

  /** Delivers a broker message to this node's subscribers of `full`. */
  deliver(full: string, message: BrokerMessage): void {
    const channel = this.channels.get(full);
    if (!channel) return;

    if (message.kind === 'message' && message.event === 'wps.presence') {
      this.trackRemote(channel, message);
    }

    // One frame per spelling; almost always one or two per channel.
    let firstSpelling: string | undefined;
    let firstFrame: Frame | undefined;
    let others: Map<string, Frame> | undefined;
    let dataJson: string | undefined;
    let delivered = 0;
    // Parsed once per message, only if a subscriber still has a cutoff to compare with.
    let position: { epoch: string; offset: number } | undefined | null = null;

    for (const sub of channel.subscriptions) {
      if (message.exclude === sub.session.id) {
        if (message.kind === 'message' || !this.echoBinary) continue;
      }

      let frame: Frame | undefined;
      if (sub.spelling === firstSpelling) frame = firstFrame;
      else frame = others?.get(sub.spelling);

      if (!frame) {
        if (message.kind === 'binary') frame = Frame.binary(sub.spelling, message.payload);
        else {
          dataJson ??= JSON.stringify(message.data ?? null);
          frame = messageFrame(sub.spelling, message, dataJson);
        }
        if (firstSpelling === undefined) {
          firstSpelling = sub.spelling;
          firstFrame = frame;
        } else {
          others ??= new Map();
          others.set(sub.spelling, frame);
        }
      }

      if (sub.waiting) {
        sub.waiting.push({ frame, id: message.kind === 'message' ? message.id : undefined });
      } else if (!sub.cutoff || message.kind !== 'message' || message.id === undefined) {
        sub.session.send(frame);
        delivered++;
      } else {
        if (position === null) position = parsePosition(message.id);
        if (!after(position, sub.cutoff)) continue;
        sub.session.send(frame);
        delivered++;
      }
    }
    this.counters.deliveries += delivered;
  }

  /** Ends a subscription's replay: sends what waited, past its cutoff, then goes live. */
  release(sub: Subscription): void {
    const waiting = sub.waiting ?? [];
    sub.waiting = undefined;

    for (const { frame, id } of waiting) {
      if (!sub.cutoff || id === undefined || after(parsePosition(id), sub.cutoff)) {
        sub.session.send(frame);
      }
    }
  }

  /** The members of a channel across nodes, as a sync lists them. */
  members(channel: LocalChannel): Member[] {
    return [...channel.members.values(), ...channel.remoteMembers.values()];
  }

  private trackRemote(channel: LocalChannel, message: BrokerJsonMessage): void {
    const data = message.data as { action?: string; id?: string } & Partial<Member>;
    if (typeof data?.id !== 'string' || channel.members.has(data.id)) return;

    if (data.action === 'join') {
      channel.remoteMembers.set(data.id, {
        id: data.id,
        user_id: String(data.user_id ?? ''),
        state: (data.state ?? {}) as Record<string, unknown>,
      });
    } else if (data.action === 'leave') {
      channel.remoteMembers.delete(data.id);
    }
  }
}

/** Whether a live message comes after the point a subscribe's read covered. */
function after(
  position: { epoch: string; offset: number } | undefined,
  cutoff: { epoch: string; offset: number },
): boolean {
  if (!position || position.epoch !== cutoff.epoch) return true;
  return position.offset > cutoff.offset;
}

/** Builds the `message` frame around already serialised data. */
export function messageFrame(
  spelling: string,
  message: BrokerJsonMessage,
  dataJson: string,
): Frame {
  const id = message.id === undefined ? '' : `,"id":${JSON.stringify(message.id)}`;
  const json =
    `{"type":"message","channel":${JSON.stringify(spelling)},"event":${JSON.stringify(message.event)}` +
    `,"data":${dataJson}${id},"origin":"${message.origin}"}`;
  return Frame.text(json, message.id === undefined ? undefined : { id: message.id });
}
