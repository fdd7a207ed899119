import { MemorySiteStore } from '@wordsocket/server-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { WordSocketClient } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { publish, startRelay, type TestRelay } from './support/relay.js';
import { reach, until } from './support/wait.js';

const CLIENTS = 200;

describe('a fleet of clients after a relay restart', () => {
  let relay: TestRelay | undefined;

  afterEach(async () => {
    closeAll();
    await relay?.stop();
  });

  it('spreads its reconnection attempts over time and ends up fully resubscribed', async () => {
    const sites = new MemorySiteStore();
    const timings = { drainTimeoutMs: 100 };
    relay = await startRelay({ sites, timings });
    const { site, port, base } = relay;

    const clients: WordSocketClient[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const client = makeClient(base, site, { transports: ['websocket'] });
      client.connect();
      client.subscribe('posts');
      clients.push(client);
    }
    await Promise.all(clients.map((client) => reach(client, 'connected', 15_000)));

    const attempts: number[] = [];
    const resubscribed = new Set<WordSocketClient>();
    for (const client of clients) {
      client.on('state', (s) => {
        if (s.state === 'connecting') attempts.push(Date.now());
      });
      client.on('subscribed', () => resubscribed.add(client));
    }

    const restartedAt = Date.now();
    await relay.stop();
    relay = await startRelay({ sites, timings }, port);
    await until(() => resubscribed.size === CLIENTS, 20_000, 'every client resubscribed');

    const buckets = new Map<number, number>();
    for (const at of attempts) {
      const second = Math.floor((at - restartedAt) / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + 1);
    }
    const busiest = Math.max(...buckets.values());

    expect(attempts.length).toBeGreaterThanOrEqual(CLIENTS);
    expect(busiest).toBeLessThanOrEqual(CLIENTS / 5);

    const received = new Set<WordSocketClient>();
    for (const client of clients) client.on('message', () => received.add(client));
    await publish(relay.base, site, { channel: 'posts', event: 'everyone', data: null });
    await until(() => received.size === CLIENTS, 5000, 'every client received');
  }, 60_000);
});
