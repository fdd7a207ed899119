/**
 * `@wordsocket/client`: the transport client themes and apps import. WebSocket first with a
 * Server-Sent Events fallback, recovery from the last position after every reconnect, in-band
 * token refresh, presence, binary frames, and decryption of WordPress's encrypted payloads.
 * Runs in browsers and in Node 20 (pass `ws` and `eventsource` there).
 */

export { fullJitter } from './backoff.js';
export { decodeBinaryFrame, encodeBinaryFrame } from './binary.js';
export { WordSocketClient } from './client.js';
export { type ClientState, CloseCode, type StateReason, type TransportName } from './codes.js';
export type { Listener } from './emitter.js';
export {
  type RelayErrorCode,
  WordSocketError,
  type WordSocketErrorCode,
  type WordSocketErrorDetails,
} from './errors.js';
export type {
  Ack,
  BinaryMessage,
  ClientEvents,
  Gap,
  Message,
  MessageOrigin,
  PresenceChange,
  PresenceMember,
  StateChange,
  Subscribed,
  Unsubscribed,
} from './events.js';
export type {
  ChannelKey,
  ClientOptions,
  EventSourceConstructor,
  EventSourceLike,
  FetchLike,
  TokenResult,
  WebSocketConstructor,
  WebSocketLike,
} from './options.js';
export type { PublishAck } from './outbox.js';
