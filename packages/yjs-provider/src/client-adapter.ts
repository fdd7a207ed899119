import type {
  ChannelHandlers,
  ConnectionSnapshot,
  ConnectionState,
  YjsConnection,
} from './connection';

/** The state-change payload of `@wordsocket/client` that the adapter reads. */
export interface ClientStateChange {
  state: ConnectionState;
  /** The close code behind the change, 0 when no connection ended. */
  code: number;
  /** Why the state was entered (a stable string of the client). */
  reason: string;
  /** Milliseconds until the next attempt while `reconnecting`. */
  delay: number | undefined;
}

/** The events of `@wordsocket/client` that the adapter listens to. */
export interface ClientEventsSubset {
  state: ClientStateChange;
  binary: { channel: string; data: Uint8Array };
  subscribed: { channel: string };
  unsubscribed: { channel: string; reason: 'requested' | 'refused' | 'revoked' };
  error: { code: string; channel?: string | undefined };
  presence: {
    channel: string;
    action: 'sync' | 'join' | 'leave';
    member: { state: unknown } | undefined;
  };
}

/**
 * The members of a `WordSocketClient` the adapter uses; the real client satisfies it as it is, and
 * a test double or another transport can too.
 */
export interface WordSocketClientLike {
  readonly state: ConnectionState;
  on<K extends keyof ClientEventsSubset>(
    event: K,
    listener: (payload: ClientEventsSubset[K]) => void,
  ): () => void;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): void;
  publishBinary(channel: string, data: Uint8Array): Promise<void>;
  setPresence(channel: string, state: Record<string, unknown> | null): void;
  /** The channel's presence members now; optional for test doubles and other transports. */
  members?(channel: string): ReadonlyArray<{ state: unknown }>;
}

/** A {@link YjsConnection} over a `WordSocketClient`, with a way to let go of the client. */
export interface WordSocketConnection extends YjsConnection {
  /**
   * Removes the adapter's listeners from the client. Providers still using the adapter stop
   * hearing from it; destroy them first. The client itself stays open: it is the caller's.
   */
  release(): void;
}

/** Options of {@link fromWordSocketClient}. */
export interface ClientAdapterOptions {
  /**
   * Called when a binary publish is rejected by the client (the connection dropped before it left,
   * the offline queue is full). The provider's resync after the reconnect covers the loss; this
   * is for diagnostics only.
   */
  onPublishFailure?: (error: unknown, channel: string) => void;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'refused';
}

/**
 * Adapts a `@wordsocket/client` connection to the {@link YjsConnection} the provider needs.
 * Several providers may share one adapter (one per synced document); a channel is subscribed
 * while at least one of them wants it.
 *
 * @example
 * ```ts
 * const client = new WordSocketClient({ url, getToken });
 * const connection = fromWordSocketClient(client);
 * client.connect();
 * ```
 */
export function fromWordSocketClient(
  client: WordSocketClientLike,
  options: ClientAdapterOptions = {},
): WordSocketConnection {
  const offs: Array<() => void> = [];
  const channels = new Map<string, Set<ChannelHandlers>>();
  const statusListeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  let failures = 0;
  let snapshot: ConnectionSnapshot = { state: client.state };

  offs.push(
    client.on('state', (change) => {
      if (change.state === 'connected') failures = 0;
      if (change.state === 'reconnecting') failures += 1;

      snapshot = {
        state: change.state,
        attempt: failures,
        retryInMs: change.state === 'reconnecting' ? change.delay : undefined,
        closeCode: change.code === 0 ? undefined : change.code,
        reason: change.reason,
      };
      for (const listener of [...statusListeners]) listener(snapshot);
    }),
  );

  offs.push(
    client.on('binary', ({ channel, data }) => {
      for (const handlers of [...(channels.get(channel) ?? [])]) handlers.onBinary(data);
    }),
  );

  offs.push(
    client.on('subscribed', ({ channel }) => {
      for (const handlers of [...(channels.get(channel) ?? [])]) handlers.onSubscribed();
    }),
  );

  // The relay answers a frame over its rate limit with `rate_limited` and drops it; the error names
  // no channel, so every channel of this connection may have lost a payload.
  offs.push(
    client.on('error', ({ code }) => {
      if (code !== 'rate_limited') return;

      for (const set of [...channels.values()]) {
        for (const handlers of [...set]) handlers.onLoss?.();
      }
    }),
  );

  offs.push(
    client.on('presence', ({ channel, action, member }) => {
      if (action !== 'leave' || !member) return;

      for (const handlers of [...(channels.get(channel) ?? [])])
        handlers.onPeerLeft?.(member.state);
    }),
  );

  offs.push(
    client.on('unsubscribed', ({ channel, reason }) => {
      if (reason !== 'revoked') return;

      for (const handlers of [...(channels.get(channel) ?? [])]) handlers.onRefused?.('revoked');
    }),
  );

  return {
    snapshot: () => snapshot,

    release() {
      for (const off of offs.splice(0)) off();
      statusListeners.clear();
      channels.clear();
    },

    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },

    subscribeChannel(channel, handlers) {
      let set = channels.get(channel);
      const first = !set;
      if (!set) {
        set = new Set();
        channels.set(channel, set);
      }

      set.add(handlers);
      if (first) {
        client.subscribe(channel).then(undefined, (error: unknown) => {
          for (const each of [...(channels.get(channel) ?? [])]) each.onRefused?.(errorCode(error));
        });
      } else if (client.state === 'connected') {
        void Promise.resolve().then(() => handlers.onSubscribed());
      }

      return () => {
        const current = channels.get(channel);
        if (!current?.delete(handlers) || current.size > 0) return;

        channels.delete(channel);
        client.unsubscribe(channel);
      };
    },

    announce(channel, state) {
      if (!channels.has(channel)) return;

      client.setPresence(channel, state);
    },

    memberStates(channel) {
      return client.members?.(channel).map((member) => member.state) ?? [];
    },

    publishBinary(channel, payload) {
      client.publishBinary(channel, payload).then(undefined, (error: unknown) => {
        options.onPublishFailure?.(error, channel);
      });
    },
  };
}
