/**
 * `@wordsocket/server-core`: the WordSocket relay as a library (docs/protocol.md).
 *
 * @module
 */
export {
  type ChannelGrant,
  granted,
  normalisePrefixes,
  type ResolvedChannel,
  resolveChannel,
} from './channels.js';
export {
  CloseCode,
  type FrameErrorCode,
  HTTP_STATUS,
  type HttpErrorCode,
  RelayError,
} from './codes.js';
export { Emitter, type RelayEventName, type RelayEvents } from './events.js';
export { decodeBinaryFrame, encodeBinaryFrame, Frame } from './frame.js';
export type * from './interfaces/index.js';
export {
  MemoryBroker,
  MemoryBus,
  MemoryConnectCodes,
  MemoryConnectionCounter,
  MemoryHistory,
  type MemoryHistoryOptions,
  MemoryReplayCache,
  MemorySiteStore,
  parsePosition,
} from './memory/index.js';
export type { RelayCounters, RelayMetrics } from './metrics.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_TIMINGS,
  type RelayLimits,
  type RelayOptions,
  type RelayTimings,
} from './options.js';
export { Relay } from './relay.js';
export type { Connection } from './session.js';
export { createSiteRecord } from './site-record.js';
export type { SubscribeResult } from './subscribe.js';
export { type Identity, TokenError, verifyToken } from './token.js';
