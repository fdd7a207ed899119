import type { RelayTimings } from '@wordsocket/server-core';
import { resolveConfig, type ServerFlags } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { tempDir } from './temp-dir.js';

/** The operator key every in-process test server uses. */
export const OPERATOR_KEY = 'test-operator-key-0123456789abcdef0123';

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** Every log line written so far, parsed. */
  logs: () => Record<string, unknown>[];
  /** The raw log text, to search for leaked secrets. */
  logText: () => string;
  stop: () => Promise<void>;
}

/** Starts a server in this process on 127.0.0.1, port 0, with a fresh data directory. */
export async function startTestServer(
  flags: ServerFlags = {},
  timings: Partial<RelayTimings> = {},
  dataDir?: string,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dir = dataDir ? undefined : tempDir();
  const path = dataDir ?? (dir as ReturnType<typeof tempDir>).path;
  const lines: string[] = [];
  const config = resolveConfig(
    { host: '127.0.0.1', port: '0', 'data-dir': path, 'log-level': 'debug', ...flags },
    { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY, WORDSOCKET_SHUTDOWN_TIMEOUT_MS: '2000', ...env },
  );
  const server = await startServer(config, { writeLog: (line) => lines.push(line), timings });

  return {
    server,
    url: server.url,
    dataDir: path,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join(''),
    stop: async () => {
      await server.close();
      dir?.remove();
    },
  };
}
