import type { TransportName } from './codes.js';
import { DEFAULT_MAX_FRAME_BYTES } from './payload.js';

/**
 * The parts of a WebSocket the client uses; the browser's and `ws`'s both fit. Handlers take
 * `never` so that any implementation's own event types are accepted: the client reads only
 * `data` of a message and `code` of a close.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor (the global `WebSocket`, or `ws`). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The parts of an EventSource the client uses; the browser's and `eventsource`'s both fit. */
export interface EventSourceLike {
  addEventListener(
    type: string,
    listener: (event: { data?: unknown; code?: unknown }) => void,
  ): void;
  close(): void;
}

/** An EventSource constructor (the global `EventSource`, or the `eventsource` package). */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** The parts of `fetch` the SSE transport uses to send frames (docs/protocol.md §4.3). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | Uint8Array },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** What `getToken()` may return: a JWT, or nothing when the user may not connect. */
export type TokenResult = string | null | undefined;

/** What `getChannelKey()` may return: 32 key bytes, their base64, or nothing. */
export type ChannelKey = Uint8Array | string | null | undefined;

/** Options of {@link WordSocketClient}. Only `url` and `getToken` are required. */
export interface ClientOptions {
  /** The relay's base URL, `https://relay.example/base` (or `wss://`); `/ws` etc. are appended. */
  url: string;
  /**
   * Mints a browser token (docs/protocol.md §3), usually by asking WordPress. Called once per
   * token lifetime; a rejection is retried with backoff, `null` halts the client.
   */
  getToken: () => TokenResult | Promise<TokenResult>;
  /**
   * The key of a channel's encrypted messages: its v2 channel key, or the site's v1 key.
   * Called once per channel (the bare name) and cached; without it encrypted messages are
   * reported as `key_unavailable` errors.
   */
  getChannelKey?: (channel: string) => ChannelKey | Promise<ChannelKey>;
  /** Transports to use, in order. Default `['websocket', 'sse']`. */
  transports?: TransportName[];
  /** WebSocket implementation. Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** EventSource implementation. Default `globalThis.EventSource`. */
  EventSource?: EventSourceConstructor;
  /** fetch implementation for SSE publishes. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** First backoff window after a failed attempt, ms (doubled per failure). Default 1000. */
  reconnectDelay?: number;
  /** Largest backoff window, ms. Default 30000. */
  maxReconnectDelay?: number;
  /**
   * Window, ms, over which the first reconnect after losing a working connection is spread, so
   * that a fleet of clients does not hit a restarted relay at once. Default 10000.
   */
  restartWindow?: number;
  /** Time for one attempt: open, authenticate, subscribe, ms. Default 10000. */
  connectTimeout?: number;
  /** Silence from the relay that counts as a dead connection, ms (§5.7). Default 45000. */
  livenessTimeout?: number;
  /** How long a probe `ping` waits for any frame, ms (§5.7). Default 5000. */
  probeTimeout?: number;
  /** How often a client on SSE tries WebSocket again, ms. Default 30000. */
  upgradeInterval?: number;
  /** How long a publish waits for its ack once sent, ms. Default 10000. */
  ackTimeout?: number;
  /** Publishes kept while offline; one more is rejected with `queue_full`. Default 100. */
  maxQueue?: number;
  /**
   * The relay's frame limit, bytes (docs/protocol.md §5.5): a publish whose frame is larger is
   * rejected with `payload_too_large` without being sent, since the relay would close the
   * connection over it. Default 2 MiB, the relay's default.
   */
  maxFrameBytes?: number;
  /** Probe at once on `online` and `visibilitychange`, where they exist. Default true. */
  lifecycleEvents?: boolean;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<ClientOptions, 'getChannelKey' | 'fetch'>> &
  Pick<ClientOptions, 'getChannelKey' | 'fetch'>;

const defaults = {
  transports: ['websocket', 'sse'] as TransportName[],
  reconnectDelay: 1000,
  maxReconnectDelay: 30_000,
  restartWindow: 10_000,
  connectTimeout: 10_000,
  livenessTimeout: 45_000,
  probeTimeout: 5000,
  upgradeInterval: 30_000,
  ackTimeout: 10_000,
  maxQueue: 100,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  lifecycleEvents: true,
};

/**
 * Checks options and fills in defaults.
 *
 * @throws TypeError for a missing `url` or `getToken`, or a transport without implementation
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options?.url !== 'string') throw new TypeError('options.url must be a string');
  if (typeof options.getToken !== 'function') {
    throw new TypeError('options.getToken must be a function');
  }

  const g = globalThis as Record<string, unknown>;
  const resolved: ResolvedOptions = {
    ...defaults,
    WebSocket: g.WebSocket as WebSocketConstructor,
    EventSource: g.EventSource as EventSourceConstructor,
    fetch: g.fetch as FetchLike | undefined,
    ...(stripUndefined(options) as ClientOptions),
  };

  resolved.transports = resolved.transports.filter((name) =>
    name === 'websocket' ? resolved.WebSocket : resolved.EventSource,
  );
  if (resolved.transports.length === 0) {
    throw new TypeError('no transport: pass options.WebSocket or options.EventSource');
  }

  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
