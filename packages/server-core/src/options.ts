import type { Broker } from './interfaces/broker.js';
import type { ConnectCodes } from './interfaces/connect-codes.js';
import type { ConnectionCounter } from './interfaces/connection-counter.js';
import type { History } from './interfaces/history.js';
import type { PresenceStore } from './interfaces/presence-store.js';
import type { ReplayCache } from './interfaces/replay-cache.js';
import type { SiteStore } from './interfaces/site-store.js';

/** Numeric limits of a relay; every one has the default docs/protocol.md names. */
export interface RelayLimits {
  /** Largest inbound WebSocket frame in bytes; larger closes with `1009`. Default 2 MiB. */
  maxFrameBytes: number;
  /** Largest HTTP request body in bytes (`payload_too_large`). Default 1 MiB. */
  maxBodyBytes: number;
  /** Largest serialised `data` of one message in bytes. Default 1 MiB. */
  maxMessageBytes: number;
  /**
   * Deepest nesting of arrays and objects in a message's `data` or a presence state (`[]` is
   * one level); deeper is `invalid_frame` / `400 invalid_request`. Default 64.
   */
  maxDataDepth: number;
  /** Messages in one publish batch. Default 100. */
  maxBatch: number;
  /** Subscriptions per connection (`too_many_channels`). Default 100. */
  maxChannelsPerConnection: number;
  /** Serialised presence state in bytes. Default 2048. */
  maxPresenceBytes: number;
  /** Inbound frames per second per connection before `rate_limited`. Default 100. */
  maxFramesPerSecond: number;
  /** `invalid_frame`/`unknown_type` errors within `violationWindowMs` that close with `1008`. Default 10. */
  maxViolations: number;
  /** Default 10 000. */
  violationWindowMs: number;
  /** Outbound bytes queued for one connection before it is closed with `4009`. Default 8 MiB. */
  maxBufferedBytes: number;
  /** A site's connection limit when its record has none. Default 1000. */
  defaultMaxConnections: number;
}

/** Timings of a relay, in milliseconds. */
export interface RelayTimings {
  /** Interval of `ping` frames; two unanswered in a row terminate the socket. Default 20 000. */
  pingIntervalMs: number;
  /** Time for the first-frame `auth` before `4008`. Default 5 000. */
  authTimeoutMs: number;
  /** Interval of SSE `: ping` comments. Default 15 000. */
  sseHeartbeatMs: number;
  /** Clock skew allowed on token times, in seconds. Default 30. */
  clockSkewSec: number;
  /** Longest token lifetime (`exp - iat`), in seconds. Default 86 400. */
  maxTokenLifetimeSec: number;
  /** Publish timestamps further than this from the clock are `stale_timestamp`. Default 60 000. */
  signatureWindowMs: number;
  /** How long `close()` waits for connections to drain before terminating them. Default 5 000. */
  drainTimeoutMs: number;
  /** Lifetime of a connect code. Default 300 000. */
  connectCodeTtlMs: number;
}

/** What `new Relay(options)` takes. Every field is optional. */
export interface RelayOptions {
  /** Sites and their secrets. Default: a new {@link MemorySiteStore}. */
  sites?: SiteStore;
  /** Cross-node fan-out. Default: a new {@link MemoryBroker} (one node). */
  broker?: Broker;
  /**
   * Recovery logs. Default: a new {@link MemoryHistory} (1 000 messages, 120 s and 8 MiB per
   * channel, 256 MiB across channels).
   */
  history?: History;
  /** Accepted publish signatures. Default: a new {@link MemoryReplayCache}. */
  replayCache?: ReplayCache;
  /** One-click connect codes. Default: a new {@link MemoryConnectCodes}. */
  connectCodes?: ConnectCodes;
  /**
   * Connections per site against the limit (`4029`) and for `/site/stats`. Default: a new
   * {@link MemoryConnectionCounter} (this node's connections). A cluster shares one.
   */
  connectionCounter?: ConnectionCounter;
  /**
   * Presence members of every node. Default: none; other nodes' members are learned from their
   * join and leave messages. With one, a `sync` lists the store's members and the members of a
   * dead node are announced as leaving.
   */
  presenceStore?: PresenceStore;
  /** Path prefix of every endpoint, for example `/wordsocket`. Default `""`. */
  basePath?: string;
  /**
   * Decides whether a request carries the operator API key (`POST /api/sites/register`).
   * Without it, registration over HTTP answers `401 unauthorized`.
   */
  authorizeOperator?: (request: Request) => boolean | Promise<boolean>;
  /** Whether binary frames are echoed to their sender. Default `false`. */
  echoBinary?: boolean;
  /** Whether HTTP answers carry CORS headers for browsers (`*`; tokens are bearer). Default `true`. */
  cors?: boolean;
  limits?: Partial<RelayLimits>;
  timings?: Partial<RelayTimings>;
  /** The clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxMessageBytes: 1024 * 1024,
  maxDataDepth: 64,
  maxBatch: 100,
  maxChannelsPerConnection: 100,
  maxPresenceBytes: 2048,
  maxFramesPerSecond: 100,
  maxViolations: 10,
  violationWindowMs: 10_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  defaultMaxConnections: 1000,
};

export const DEFAULT_TIMINGS: RelayTimings = {
  pingIntervalMs: 20_000,
  authTimeoutMs: 5_000,
  sseHeartbeatMs: 15_000,
  clockSkewSec: 30,
  maxTokenLifetimeSec: 86_400,
  signatureWindowMs: 60_000,
  drainTimeoutMs: 5_000,
  connectCodeTtlMs: 300_000,
};
