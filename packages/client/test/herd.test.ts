import { afterEach, describe, expect, it } from 'vitest';
import type { WordSocketClient } from '../src/index.js';
import { ChildRelay, freePort } from './support/child-relay.js';
import { closeAll, makeClient } from './support/clients.js';
import { publish } from './support/relay.js';
import { reach, until } from './support/wait.js';

const CLIENTS = 200;

describe.each([
  ['a graceful restart (1012)', 'SIGTERM'],
  ['a crash (no close frame)', 'SIGKILL'],
] as const)('a fleet of clients after %s of the relay', (_, signal) => {
  let relay: ChildRelay | undefined;

  afterEach(async () => {
    closeAll();
    await relay?.stop();
  });

  it('spreads its reconnection attempts over time and ends up fully resubscribed', async () => {
    relay = new ChildRelay(await freePort(), { persistentHistory: false });
    await relay.start();
    const { site, base } = relay;

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
    await relay.stop(signal);
    await relay.start();
    await until(() => resubscribed.size === CLIENTS, 30_000, 'every client resubscribed');

    const buckets = new Map<number, number>();
    for (const at of attempts) {
      const second = Math.floor((at - restartedAt) / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + 1);
    }

    expect(attempts.length).toBeGreaterThanOrEqual(CLIENTS);
    expect(Math.max(...buckets.values())).toBeLessThanOrEqual(CLIENTS / 5);

    const received = new Set<WordSocketClient>();
    for (const client of clients) client.on('message', () => received.add(client));
    await publish(base, site, { channel: 'posts', event: 'everyone', data: null });
    await until(() => received.size === CLIENTS, 5000, 'every client received');
  }, 60_000);
});
