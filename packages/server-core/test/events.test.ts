import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHistory, type RelayEvents } from '../src/index.js';
import { mintToken, publish, startRelay, TestClient, type TestRelay } from './helpers.js';

let t: TestRelay;
afterEach(() => t.stop());

describe('events and metrics', () => {
  it('reports connection, publish and disconnect, and counts them', async () => {
    t = await startRelay();
    const site = await t.relay.registerSite({ site_url: 'x', site_name: 'x' });
    const seen: { name: keyof RelayEvents; payload: unknown }[] = [];
    for (const name of ['connection', 'publish', 'disconnect', 'rejected'] as const) {
      t.relay.on(name, (payload) => seen.push({ name, payload }));
    }

    const client = await TestClient.connect(t, await mintToken(site, { user_id: '5' }));
    await client.subscribe(['posts']);
    await publish(t, site, { channel: 'posts', event: 'e', data: 1 });
    await client.next('message');
    client.close();
    await client.closed;
    for (let i = 0; i < 50 && !seen.some((s) => s.name === 'disconnect'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }

    expect(seen.map((s) => s.name)).toEqual(['connection', 'publish', 'disconnect']);
    expect(seen[0]?.payload).toMatchObject({
      siteId: site.site_id,
      userId: '5',
      transport: 'websocket',
    });
    expect(seen[2]?.payload).toMatchObject({ code: 1005 });
    expect(t.relay.metrics()).toMatchObject({
      connectionsOpened: 1,
      connectionsClosed: 1,
      messagesPublished: 1,
      deliveries: 1,
      connections: 0,
      channels: 0,
    });
  });

  it('reports a refused token as rejected without the token', async () => {
    t = await startRelay();
    const site = await t.relay.registerSite({ site_url: 'x', site_name: 'x' });
    const rejected: RelayEvents['rejected'][] = [];
    t.relay.on('rejected', (e) => rejected.push(e));
    const token = await mintToken(site, {}, 'f'.repeat(64));
    const client = new TestClient(`${t.wsUrl}?token=${token}`);
    await client.waitClose();
    expect(rejected).toEqual([
      { code: 'unauthorized', reason: 'token did not verify', transport: 'websocket' },
    ]);
    expect(JSON.stringify(rejected)).not.toContain(token);
  });

  it('releases an SSE stream whose history read failed before it started', async () => {
    const history = new MemoryHistory();
    const failing = {
      append: history.append.bind(history),
      read: () => Promise.reject(new Error('timeout')),
    };
    t = await startRelay({ history: failing });
    const site = await t.relay.registerSite({ site_url: 'x', site_name: 'x' });
    t.relay.on('error', () => undefined);

    const token = await mintToken(site);
    const response = await fetch(`${t.base}/sse?channels=posts&token=${token}`);
    expect(response.status).toBe(500);
    await response.body?.cancel();
    expect(t.relay.activeConnections(site.site_id)).toBe(0);
    for (let i = 0; i < 100 && t.relay.metrics().connections > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(t.relay.metrics().connections).toBe(0);
  });

  it('undoes a subscribe whose history read failed, so a retry succeeds', async () => {
    const history = new MemoryHistory();
    let failNext = true;
    const flaky = {
      append: history.append.bind(history),
      read: (channel: string, since?: string) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('timeout'));
        }
        return history.read(channel, since);
      },
    };
    t = await startRelay({ history: flaky });
    const site = await t.relay.registerSite({ site_url: 'x', site_name: 'x' });
    const errors: RelayEvents['error'][] = [];
    t.relay.on('error', (e) => errors.push(e));

    const client = await TestClient.connect(t, await mintToken(site));
    client.send({ type: 'subscribe', channels: ['posts'] });
    for (let i = 0; i < 100 && errors.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(errors).toHaveLength(1);
    expect(t.relay.metrics().subscriptions).toBe(0);

    expect((await client.subscribe(['posts'])).channels).toEqual(['posts']);
    await publish(t, site, { channel: 'posts', event: 'after', data: 1 });
    expect((await client.next('message')).event).toBe('after');
    client.close();
  });

  it('reports a failing backend as error and keeps serving', async () => {
    const failing = {
      append: () => Promise.reject(new Error('disk full')),
      read: () => ({ head: 'e:0', recovered: false, messages: [] }),
    };
    t = await startRelay({ history: failing });
    const site = await t.relay.registerSite({ site_url: 'x', site_name: 'x' });
    const errors: RelayEvents['error'][] = [];
    t.relay.on('error', (e) => errors.push(e));

    const response = await publish(t, site, { channel: 'posts', event: 'e', data: 1 });
    expect(response.status).toBe(500);
    expect(errors).toHaveLength(1);
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
  });
});
