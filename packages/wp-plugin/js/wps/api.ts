import type {
  BinaryMessage,
  ClientState,
  Message,
  PublishAck,
  StateChange,
  TransportName,
} from '@wordsocket/client';

import type { WpSignalConfig } from './config';
import { Connection } from './connection';
import { Emitter, report } from './emitter';

/** What an `on()` handler receives besides the event's data. */
export interface EventContext {
  channel: string;
  event: string;
  /** The message's position on its channel. */
  id: string | undefined;
  /** `'server'` for events WordPress published; trust only those for anything that matters. */
  origin: Message['origin'];
}

/** The `detail` of the `wpsignal:<event>` DOM events. */
export interface WpSignalEventDetail {
  channel: string;
  data: unknown;
}

type Handler = (data: unknown, context: EventContext) => void;

/**
 * `window.WPS`: the documented browser API of the plugin. Every message is handed to the `on()`
 * handlers of its event and to the `onMessage()` handlers, and dispatched on `document` as a
 * `wpsignal:<event>` CustomEvent with `detail {channel, data}`.
 */
export interface WPSApi {
  /** Subscribes to a channel (bare, like `posts`); resolves once the relay confirms. */
  subscribe(channel: string): Promise<void>;
  /** Leaves a channel. */
  unsubscribe(channel: string): void;
  /** Publishes a JSON event from the browser (needs the token's publish grant). */
  publish(channel: string, event: string, data?: unknown): Promise<PublishAck>;
  /** Publishes a binary payload to the channel's other subscribers. */
  publishBinary(channel: string, data: Uint8Array): Promise<void>;
  /** Calls `handler(data, context)` for every event of that name; returns an unsubscribe function. */
  on(event: string, handler: Handler): () => void;
  /** Calls `handler(message)` for every message; returns an unsubscribe function. */
  onMessage(handler: (message: Message) => void): () => void;
  /** Calls `handler({channel, data})` for every binary payload; returns an unsubscribe function. */
  onBinaryMessage(handler: (message: BinaryMessage) => void): () => void;
  /** Whether the connection is up. */
  connected(): boolean;
  /** `'websocket'`, `'sse'`, or null while not connected. */
  transport(): TransportName | null;
  /** `idle`, `connecting`, `connected`, `reconnecting` or `halted`. */
  state(): ClientState;
  /** Calls `handler(change)` on every state change; returns an unsubscribe function. */
  onStateChange(handler: (change: StateChange) => void): () => void;
  /** Joins (or with null leaves) the presence set of a subscribed channel. */
  setPresence(channel: string, state: Record<string, unknown> | null): void;
  /** The connection itself, shared with the collaboration provider and the admin app. */
  readonly connection: Connection;
}

/** Builds `window.WPS` over a connection configured by `wpSignalConfig`. */
export function createWPS(config: WpSignalConfig): WPSApi {
  const connection = new Connection(config);
  const handlers = new Emitter<Record<string, { data: unknown; context: EventContext }>>();

  connection.on('message', (message) => {
    const context: EventContext = {
      channel: message.channel,
      event: message.event,
      id: message.id,
      origin: message.origin,
    };
    handlers.emit(message.event, { data: message.data, context });

    try {
      const detail: WpSignalEventDetail = { channel: message.channel, data: message.data };
      document.dispatchEvent(new CustomEvent(`wpsignal:${message.event}`, { detail }));
    } catch (error) {
      report(error);
    }
  });

  const subscribe = (channel: string) => connection.subscribe(channel);
  if (connection.configured) {
    for (const channel of config.channels) subscribe(channel).catch(report);
  }

  return {
    subscribe,
    unsubscribe: (channel) => connection.unsubscribe(channel),
    publish: (channel, event, data = null) => connection.publish(channel, event, data),
    publishBinary: (channel, data) => connection.publishBinary(channel, data),
    on: (event, handler) => handlers.on(event, ({ data, context }) => handler(data, context)),
    onMessage: (handler) => connection.on('message', handler),
    onBinaryMessage: (handler) => connection.on('binary', handler),
    connected: () => connection.state === 'connected',
    transport: () => connection.transport ?? null,
    state: () => connection.state,
    onStateChange: (handler) => connection.on('state', handler),
    setPresence: (channel, state) => connection.setPresence(channel, state),
    connection,
  };
}
