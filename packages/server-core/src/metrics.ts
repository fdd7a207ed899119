/** Counters (monotonic) of a relay since it started. */
export interface RelayCounters {
  connectionsOpened: number;
  connectionsClosed: number;
  /** JSON messages accepted (HTTP and client). */
  messagesPublished: number;
  /** Binary frames accepted from clients. */
  binaryPublished: number;
  /** Message frames written to subscribers. */
  deliveries: number;
  slowConsumers: number;
  /** Refused tokens, and connections over a site's limit. */
  rejections: number;
  /** Backend failures. */
  errors: number;
}

/** What `relay.metrics()` answers: counters plus current gauges. */
export interface RelayMetrics extends RelayCounters {
  /** Open sockets, authenticated or not. */
  connections: number;
  /** Channels with subscribers on this node. */
  channels: number;
  subscriptions: number;
}

export function createMetrics(): RelayCounters {
  return {
    connectionsOpened: 0,
    connectionsClosed: 0,
    messagesPublished: 0,
    binaryPublished: 0,
    deliveries: 0,
    slowConsumers: 0,
    rejections: 0,
    errors: 0,
  };
}
