// Token grants of docs/protocol.md §3: prefixes, and exact channel names (`allowed_channels`,
// `allowed_publish_channels`) that grant one channel and nothing that merely starts with it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/index.js';
import { mintToken, startRelay, TestClient, type TestRelay } from './helpers.js';

const running: TestRelay[] = [];
const clients: TestClient[] = [];

async function setup() {
  const t = await startRelay();
  running.push(t);
  const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
  return { t, site };
}

async function connect(t: TestRelay, site: Site, claims = {}): Promise<TestClient> {
  const client = await TestClient.connect(t, await mintToken(site, claims));
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  for (const t of running.splice(0)) await t.stop();
});

describe('exact channel grants', () => {
  it('grants the channel named in allowed_channels', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site, {
      allowed_channel_prefixes: [],
      allowed_channels: ['yjs:postType/post:4'],
    });

    const answer = await client.subscribe(['yjs:postType/post:4']);
    expect(answer).toMatchObject({ type: 'subscribed', channels: ['yjs:postType/post:4'] });
  });

  it('does not grant a channel that only starts with an exact name', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site, {
      allowed_channel_prefixes: [],
      allowed_channels: ['yjs:postType/post:4'],
    });

    client.send({ type: 'subscribe', channels: ['yjs:postType/post:42'] });
    expect(await client.next('error')).toMatchObject({
      code: 'forbidden',
      channel: 'yjs:postType/post:42',
    });
  });

  it('accepts an exact name written qualified for its own site', async () => {
    const { t, site } = await setup();
    const qualified = `site:${site.site_id}:room:7`;
    const client = await connect(t, site, {
      allowed_channel_prefixes: [],
      allowed_channels: [qualified],
    });

    expect(await client.subscribe(['room:7'])).toMatchObject({ channels: ['room:7'] });
  });

  it('publishes only where allowed_publish_channels names the channel, for v2 tokens', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site, {
      v: 2,
      allowed_channel_prefixes: [''],
      allowed_publish_channels: ['room:7'],
    });

    client.send({ type: 'message', channel: 'room:7', event: 'hi', data: 1, ref: 'a' });
    expect(await client.next('ack')).toMatchObject({ ref: 'a' });

    client.send({ type: 'message', channel: 'room:70', event: 'hi', data: 1, ref: 'b' });
    expect(await client.next('error')).toMatchObject({ code: 'forbidden', ref: 'b' });
  });

  it('refuses a token whose allowed_channels is not an array of strings with 4001', async () => {
    const { t, site } = await setup();
    const token = await mintToken(site, { allowed_channels: 'room:7' });
    const client = new TestClient(`${t.wsUrl}?token=${token}`);
    clients.push(client);

    expect((await client.waitClose()).code).toBe(4001);
  });
});

describe('the v claim', () => {
  for (const v of ['2', 3, 1, null, true]) {
    it(`refuses a token with v ${JSON.stringify(v)} with 4001 and 401`, async () => {
      const { t, site } = await setup();
      const token = await mintToken(site, { v });
      const client = new TestClient(`${t.wsUrl}?token=${token}`);
      clients.push(client);
      expect((await client.closed).code).toBe(4001);

      const stream = await fetch(`${t.base}/sse?channels=posts&token=${token}`);
      expect(stream.status).toBe(401);
      expect(await stream.json()).toMatchObject({ error: 'unauthorized' });
    });
  }

  it('lets a token without v publish where it subscribes', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site, { allowed_channel_prefixes: ['posts'] });
    client.send({ type: 'message', channel: 'posts', event: 'e', data: 1, ref: 'r' });
    expect(await client.next('ack')).toMatchObject({ ref: 'r' });
  });
});
