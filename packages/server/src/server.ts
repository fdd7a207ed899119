import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Relay, type RelayTimings } from '@wordsocket/server-core';
import { WebSocketAdapter } from '@wordsocket/server-core/node';
import { createRequestListener } from './app.js';
import { relayBackends } from './backends.js';
import type { ServerConfig } from './config.js';
import { LoginThrottle } from './dashboard/login-throttle.js';
import { createDashboard } from './dashboard/routes.js';
import { SessionStore } from './dashboard/sessions.js';
import { DemoSite } from './demo/demo-site.js';
import { createDemo } from './demo/routes.js';
import { bearerToken } from './http/bearer.js';
import { createLogger, type Logger } from './logger.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { resolveOperatorKey } from './operator-key.js';
import { logRelayEvents } from './relay-logging.js';
import { openStorage } from './storage.js';

/** A started reference server. */
export interface RunningServer {
  /** `http://host:port` it listens on. */
  url: string;
  port: number;
  relay: Relay;
  logger: Logger;
  /**
   * Graceful shutdown: stops accepting, closes every client with `1012`, waits for them to go
   * (up to the shutdown timeout), then closes the database and Redis. Safe to call twice.
   */
  close(): Promise<void>;
}

/** Hooks for embedding and tests. */
export interface StartOptions {
  /** Shown the operator key the one time it is created (the CLI prints it to stderr). */
  announceKey?: (key: string) => void;
  /** Where log lines go; stdout by default. */
  writeLog?: (line: string) => void;
  /** Relay timings to override (tests shorten the connect-code lifetime, for one). */
  timings?: Partial<RelayTimings>;
}

/**
 * Starts the reference server: storage, the operator key, the relay with its backends, and the
 * HTTP server with the dashboard, demo, metrics and the relay's endpoints.
 */
export async function startServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel, options.writeLog);
  const storage = await openStorage(config, (error) =>
    logger.error('redis_error', { connection: 'commands', error }),
  );

  const key = resolveOperatorKey(storage.db, config.adminKey);
  if (key.createdKey) options.announceKey?.(key.createdKey);
  const operatorKey = key.operatorKey;

  const relay = new Relay({
    sites: storage.sites,
    ...relayBackends(storage.db, storage.redis, config.redisPrefix, logger, config.redisLeaseMs),
    authorizeOperator: (request) => operatorKey.verify(bearerToken(request)),
    timings: { drainTimeoutMs: config.shutdownTimeoutMs, ...options.timings },
  });
  logRelayEvents(relay, logger);

  let http: Server | undefined;
  try {
    await relay.ready;

    const sessions = new SessionStore();
    const metrics = createServerMetrics(() => relay.metrics());
    const listener = createRequestListener({
      relay,
      operatorKey,
      metrics,
      logger,
      dashboard: createDashboard({
        relay,
        operatorKey,
        sessions,
        throttle: new LoginThrottle(),
        logger,
      }),
      demo: createDemo({
        sessions,
        demoSite: new DemoSite(storage.db, relay),
        relayFetch: (request) => relay.fetch(request),
        now: Date.now,
      }),
    });

    http = createServer((req, res) => {
      listener(req, res).catch((error: unknown) => {
        logger.error('http_listener_failed', { error });
        res.destroy();
      });
    });
    new WebSocketAdapter(relay).attach(http);
    await listen(http, config.host, config.port);
  } catch (error) {
    await relay.close();
    await storage.close();
    throw error;
  }

  const port = (http.address() as AddressInfo).port;
  const url = `http://${formatHost(config.host)}:${port}`;
  logger.info('listening', {
    url,
    data_dir: config.dataDir,
    redis: storage.redis !== undefined,
    sites_in: config.redisSites ? 'redis' : 'sqlite',
    operator_from: key.source,
  });

  const server = http;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting_down', { connections: relay.metrics().connections });
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await relay.close();
      server.closeAllConnections();
      await stopped;
      await storage.close();
      logger.info('stopped', {});
    })();
    return closing;
  };

  return { url, port, relay, logger, close };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
