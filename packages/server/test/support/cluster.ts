import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { deletePrefix, newRedis, REDIS_URL, randomPrefix } from './redis.js';
import type { Credentials } from './relay-http.js';
import { startTestServer, type TestServer } from './server.js';

let statsClock = Date.now();

/**
 * Opens `{base}/ws` and authenticates with a first frame: resolves `"admitted"` on `auth_ok`,
 * or the close code when the relay refuses the connection. Admitted sockets stay open in
 * `open` for the caller to close.
 */
export async function attempt(
  baseUrl: string,
  token: string,
  open: WebSocket[] = [],
): Promise<'admitted' | number> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type?: string }).type !== 'auth_ok') return;
      open.push(ws);
      resolve('admitted');
    });
    ws.once('close', (code) => resolve(code));
  });
}

/** `GET /site/stats`, each call with its own timestamp so no signature repeats across nodes. */
export async function siteStats(
  baseUrl: string,
  site: Credentials,
): Promise<{ active_connections: number; max_connections: number }> {
  statsClock += 1;
  const ts = String(statsClock);
  const sign = createHmac('sha256', site.publish_secret).update(`.${ts}`).digest('hex');
  const response = await fetch(`${baseUrl}/site/stats`, {
    headers: { 'x-wp-signal-key': site.site_key, 'x-wp-signal-ts': ts, 'x-wp-signal-sign': sign },
  });
  if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
  return (await response.json()) as { active_connections: number; max_connections: number };
}

/** Polls `check` until it holds or `ms` pass; answers whether it held (a bounded wait). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** What {@link redisCluster} gives a suite: its nodes by name, its Redis and key prefix. */
export type RedisCluster<Name extends string> = Record<Name, TestServer> & {
  /** A connection to the suite's Redis, for planting and reading keys. */
  readonly redis: Redis;
  /** The suite's own key prefix (deleted after the suite). */
  readonly prefix: string;
  /** The flags the nodes were started with, for starting more nodes of the same cluster. */
  readonly flags: { redis: string; 'redis-prefix': string; 'redis-sites'?: true };
  /** Sockets to close after the suite, before the nodes stop. */
  readonly open: Array<{ close(): void }>;
};

/**
 * Registers, inside a `describe`, hooks that start one server per name in `nodes` on the local
 * Redis under a fresh key prefix before the suite (sharing the site registry when `sites`), and
 * after it close `open`, stop the nodes, delete the prefix's keys and disconnect.
 */
export function redisCluster<Name extends string>(
  nodes: readonly Name[],
  { sites = true, open = [] }: { sites?: boolean; open?: Array<{ close(): void }> } = {},
): RedisCluster<Name> {
  const prefix = randomPrefix();
  const flags = { redis: REDIS_URL, 'redis-prefix': prefix, ...(sites && { 'redis-sites': true }) };
  const started: TestServer[] = [];
  let redis: Redis | undefined;
  const cluster = {
    get redis() {
      if (!redis) throw new Error('the cluster runs only inside its suite');
      return redis;
    },
    prefix,
    flags,
    open,
  } as RedisCluster<Name>;

  beforeAll(async () => {
    redis = newRedis();
    for (const name of nodes) {
      const server = await startTestServer(flags);
      started.push(server);
      Object.assign(cluster, { [name]: server });
    }
  });

  afterAll(async () => {
    for (const socket of open.splice(0)) socket.close();
    for (const server of started.splice(0)) await server.stop();
    if (!redis) return;
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  return cluster;
}
