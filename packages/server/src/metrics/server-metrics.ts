import type { RelayMetrics } from '@wordsocket/server-core';
import { MetricsRegistry } from './registry.js';

/** Counts the HTTP layer feeds. */
export interface HttpMetrics {
  request(status: number): void;
}

/** Relay counters and the metric each becomes. */
const COUNTERS: [keyof RelayMetrics, string, string][] = [
  ['connectionsOpened', 'wordsocket_connections_opened_total', 'Sockets and streams opened.'],
  ['connectionsClosed', 'wordsocket_connections_closed_total', 'Sockets and streams closed.'],
  ['messagesPublished', 'wordsocket_messages_published_total', 'JSON messages accepted.'],
  ['binaryPublished', 'wordsocket_binary_published_total', 'Binary frames accepted.'],
  ['deliveries', 'wordsocket_deliveries_total', 'Message frames written to subscribers.'],
  ['slowConsumers', 'wordsocket_slow_consumers_total', 'Connections closed with 4009.'],
  ['rejections', 'wordsocket_rejections_total', 'Refused tokens and connections over a limit.'],
  ['errors', 'wordsocket_backend_errors_total', 'Failures of a backend or a listener.'],
];

/** Relay gauges and the metric each becomes. */
const GAUGES: [keyof RelayMetrics, string, string][] = [
  ['connections', 'wordsocket_connections', 'Open sockets and streams on this node.'],
  ['channels', 'wordsocket_channels', 'Channels with subscribers on this node.'],
  ['subscriptions', 'wordsocket_subscriptions', 'Subscriptions on this node.'],
];

/**
 * The reference server's metrics: the relay's counters and gauges read at scrape time, HTTP
 * answers by status class, and process memory. No series is labelled by site or user, so the
 * number of series stays fixed.
 */
export function createServerMetrics(snapshot: () => RelayMetrics, startedAt: number = Date.now()) {
  const registry = new MetricsRegistry();
  let current: RelayMetrics | undefined;
  const read = (name: keyof RelayMetrics) => () => {
    current ??= snapshot();
    return current[name];
  };

  for (const [field, name, help] of COUNTERS) registry.gauge(name, help, read(field), 'counter');
  for (const [field, name, help] of GAUGES) registry.gauge(name, help, read(field));

  const http = registry.counter(
    'wordsocket_http_responses_total',
    'HTTP responses by status class.',
  );
  registry.gauge(
    'process_resident_memory_bytes',
    'Resident set size in bytes.',
    () => process.memoryUsage().rss,
  );
  registry.gauge(
    'nodejs_heap_used_bytes',
    'V8 heap in use in bytes.',
    () => process.memoryUsage().heapUsed,
  );
  registry.gauge('wordsocket_uptime_seconds', 'Seconds since this server started.', () =>
    Math.floor((Date.now() - startedAt) / 1000),
  );

  const httpMetrics: HttpMetrics = {
    request: (status) => http({ class: `${Math.floor(status / 100)}xx` }),
  };

  return {
    http: httpMetrics,
    render: () => {
      current = undefined;
      return registry.render();
    },
  };
}
