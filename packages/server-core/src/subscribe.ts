import { type ChannelRegistry, messageFrame, type Subscription } from './channel-registry.js';
import { granted, resolveChannel } from './channels.js';
import { RelayError } from './codes.js';
import type { History } from './interfaces/history.js';
import { parsePosition } from './memory/memory-history.js';
import type { Session } from './session.js';
import type { Identity } from './token.js';

/** What a subscribe resolved to; the transport decides the order of announce and replay. */
export interface SubscribeResult {
  refused: { channel: string; code: string; message: string }[];
  /** `channels`, `positions` and (for channels passed in `since`) `recovered`. */
  announcement: {
    channels: string[];
    positions: Record<string, string>;
    recovered?: Record<string, boolean>;
  };
  /** Sends the replayed messages. */
  replay(): void;
  /** Sends what arrived during the replay and switches to live delivery. */
  goLive(): void;
}

/** What {@link subscribe} needs from the relay. */
export interface SubscribeDeps {
  registry: ChannelRegistry;
  history: History;
  maxChannels: number;
  /** Removes one of the session's subscriptions (and its presence). */
  unsubscribe(sub: Subscription): void;
}

/**
 * Resolves a subscribe (§5.2, §7): registers each granted channel with its live messages held
 * back, waits for the broker, reads history, and answers what to announce and replay. Live
 * messages the read already covered are dropped when the subscriber goes live, so the replay
 * hands over to the live stream without a gap or a duplicate. `undefined` when the session
 * ended meanwhile.
 */
export async function subscribe(
  deps: SubscribeDeps,
  session: Session,
  names: string[],
  since: Record<string, string>,
): Promise<SubscribeResult | undefined> {
  const identity = session.identity as Identity;
  const refused: SubscribeResult['refused'] = [];
  const accepted: { sub: Subscription; fresh: boolean }[] = [];

  // One entry per spelling: a name repeated in one request is subscribed and announced once.
  for (const name of new Set(names)) {
    try {
      const channel = resolveChannel(name, identity.site.site_id);
      if (!granted(identity.subscribe, channel.bare)) {
        throw new RelayError('forbidden', 'the token does not grant this channel', {
          channel: name,
        });
      }

      const existing = session.subscriptions.find((s) => s.spelling === name);
      if (existing) {
        accepted.push({ sub: existing, fresh: false });
        continue;
      }
      if (session.subscriptions.length >= deps.maxChannels) {
        throw new RelayError('too_many_channels', 'too many subscriptions', { channel: name });
      }

      const local = deps.registry.ensure(channel.full);
      const sub: Subscription = {
        session,
        // The channel's own string: one copy per channel, not per subscriber.
        full: local.full,
        spelling: name,
        bare: channel.bare,
        waiting: [],
        cutoff: undefined,
      };
      local.subscriptions.add(sub);
      session.subscriptions = [...session.subscriptions, sub];
      accepted.push({ sub, fresh: true });
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      refused.push({ channel: name, code: error.code, message: error.message });
    }
  }

  let reads: Awaited<ReturnType<History['read']>>[];
  try {
    reads = await Promise.all(
      accepted.map(async ({ sub, fresh }) => {
        await deps.registry.ensure(sub.full).ready;
        return deps.history.read(sub.full, fresh ? since[sub.spelling] : undefined);
      }),
    );
  } catch (error) {
    // Undo the new subscriptions, so a retry starts afresh (and asks the broker again).
    for (const { sub, fresh } of accepted) {
      if (fresh) deps.unsubscribe(sub);
      else deps.registry.release(sub);
    }
    throw error;
  }
  if (session.state === 'closed') return undefined;

  const announcement: SubscribeResult['announcement'] = { channels: [], positions: {} };
  const replays: { sub: Subscription; messages: (typeof reads)[number]['messages'] }[] = [];
  accepted.forEach(({ sub, fresh }, index) => {
    const read = reads[index] as (typeof reads)[number];
    announcement.channels.push(sub.spelling);
    announcement.positions[sub.spelling] = read.head;

    if (since[sub.spelling] !== undefined) {
      announcement.recovered ??= {};
      announcement.recovered[sub.spelling] = fresh ? read.recovered : true;
    }
    if (fresh) {
      sub.cutoff = parsePosition(read.head);
      if (read.recovered) replays.push({ sub, messages: read.messages });
    }
  });

  return {
    refused,
    announcement,
    replay: () => {
      for (const { sub, messages } of replays) {
        for (const message of messages) {
          const frame = messageFrame(
            sub.spelling,
            { kind: 'message', ...message },
            JSON.stringify(message.data ?? null),
          );
          session.send(frame);
        }
      }
    },
    goLive: () => {
      for (const { sub, fresh } of accepted) if (fresh) deps.registry.release(sub);
    },
  };
}
