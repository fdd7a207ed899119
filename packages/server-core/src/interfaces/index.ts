export type { Awaitable } from './awaitable.js';
export type {
  Broker,
  BrokerBinaryMessage,
  BrokerControl,
  BrokerJsonMessage,
  BrokerListener,
  BrokerMessage,
  Origin,
} from './broker.js';
export type { ConnectCodes, ConnectGrant } from './connect-codes.js';
export type { ConnectionCounter, CounterContext } from './connection-counter.js';
export type { History, HistoryMessage, HistoryRead } from './history.js';
export type { PresenceContext, PresenceMember, PresenceStore } from './presence-store.js';
export type { ReplayCache } from './replay-cache.js';
export type { Site, SiteStore } from './site-store.js';
export type { RelaySocket } from './socket.js';
