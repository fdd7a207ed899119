// SSE-only parts of docs/protocol.md §8 and §4.3.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/index.js';
import { mintToken, publish, sleep, startRelay, TestClient, type TestRelay } from './helpers.js';
import { SseClient } from './sse-client.js';

let t: TestRelay;
let site: Site;
const streams: SseClient[] = [];

beforeEach(async () => {
  t = await startRelay({ timings: { sseHeartbeatMs: 100 }, limits: { defaultMaxConnections: 3 } });
  site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t.stop();
});

async function open(query: Record<string, string>, headers: Record<string, string> = {}) {
  const stream = await SseClient.open(`${t.base}/sse?${new URLSearchParams(query)}`, headers);
  streams.push(stream);
  return stream;
}

describe('GET /sse', () => {
  it('answers text/event-stream without caching or proxy buffering', async () => {
    const response = await fetch(`${t.base}/sse?token=${await mintToken(site)}&channels=a`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    await response.body?.cancel();
  });

  it('refuses a bad token with 401 before the stream starts', async () => {
    const token = await mintToken(site, {}, 'f'.repeat(64));
    const stream = await open({ token, channels: 'a' });
    expect(stream.status).toBe(401);
    expect(stream.body).toMatchObject({ error: 'unauthorized' });
  });

  it('refuses a token of an unknown site with 403 site_not_found', async () => {
    const stream = await open({ token: await mintToken({ ...site, site_id: 'e'.repeat(64) }) });
    expect(stream).toMatchObject({ status: 403, body: { error: 'site_not_found' } });
  });

  it('refuses a malformed since with 400', async () => {
    const stream = await open({ token: await mintToken(site), channels: 'a', since: '[' });
    expect(stream).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses a stream past the site’s connection limit with 429', async () => {
    for (let i = 0; i < 3; i++) await (await open({ token: await mintToken(site) })).next('ready');
    const over = await open({ token: await mintToken(site) });
    expect(over).toMatchObject({ status: 429, body: { error: 'quota_exceeded' } });
  });

  it('counts no connection for a stream refused with 429', async () => {
    const limited = await t.relay.registerSite({
      site_url: 'https://b.test',
      site_name: 'B',
      max_connections: 1,
    });
    await (await open({ token: await mintToken(limited), channels: 'a' })).next('ready');
    const before = t.relay.metrics().connections;
    for (let i = 0; i < 3; i++) {
      const over = await open({ token: await mintToken(limited), channels: 'a' });
      expect(over).toMatchObject({ status: 429, body: { error: 'quota_exceeded' } });
    }
    expect(t.relay.metrics().connections).toBe(before);
    expect(t.relay.activeConnections(limited.site_id)).toBe(1);
  });

  it('counts no connection for streams refused with 401, 403 or 400', async () => {
    await open({ token: 'nope' });
    await open({ token: await mintToken({ ...site, site_id: 'e'.repeat(64) }) });
    await open({ token: await mintToken(site), channels: 'a', since: '[' });
    expect(t.relay.metrics().connections).toBe(0);
  });

  it('frees its connection slot when the client goes away', async () => {
    const stream = await open({ token: await mintToken(site) });
    await stream.next('ready');
    expect(t.relay.activeConnections(site.site_id)).toBe(1);
    stream.close();
    for (let i = 0; i < 50 && t.relay.activeConnections(site.site_id) > 0; i++) await sleep(10);
    expect(t.relay.activeConnections(site.site_id)).toBe(0);
  });

  it('sends message events with the position as event id', async () => {
    const stream = await open({ token: await mintToken(site), channels: 'posts' });
    await stream.next('ready');
    const { id } = await (await publish(t, site, { channel: 'posts', event: 'e', data: 1 })).json();
    const message = await stream.next('message');
    expect(message.__id).toBe(id);
    expect(message.id).toBe(id);
  });

  it('honours Last-Event-ID as since for a single channel', async () => {
    const first = await open({ token: await mintToken(site), channels: 'posts' });
    await first.next('ready');
    await publish(t, site, { channel: 'posts', event: 'a', data: 1 });
    const seen = await first.next('message');
    first.close();

    await publish(t, site, { channel: 'posts', event: 'b', data: 2 });
    await publish(t, site, { channel: 'posts', event: 'c', data: 3 });

    const again = await open(
      { token: await mintToken(site), channels: 'posts' },
      { 'last-event-id': seen.__id as string },
    );
    expect((await again.next('ready')).recovered).toEqual({ posts: true });
    expect((await again.next('message')).event).toBe('b');
    expect((await again.next('message')).event).toBe('c');
  });

  it('sends a : ping comment and a ping event as heartbeat', async () => {
    const stream = await open({ token: await mintToken(site), channels: 'posts' });
    await stream.next('ready');
    expect(await stream.next('ping')).toEqual({ __id: undefined });
    expect(stream.comments).toBeGreaterThan(0);
  });
});

describe('a slow SSE reader', () => {
  it('is closed with 4009 while a WebSocket bystander keeps receiving', async () => {
    await t.stop();
    t = await startRelay({ limits: { maxBufferedBytes: 256 * 1024 } });
    site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    const bystander = await TestClient.connect(t, await mintToken(site));
    await bystander.subscribe(['posts']);

    // A reader that takes the response and never reads its body.
    const stalled = await fetch(`${t.base}/sse?token=${await mintToken(site)}&channels=posts`);
    expect(stalled.status).toBe(200);
    const slow = new Promise<{ connectionId: string }>((resolve) =>
      t.relay.on('slowConsumer', resolve),
    );

    const data = 'x'.repeat(50_000);
    let stop = false;
    const flood = (async () => {
      for (let i = 0; i < 600 && !stop; i++)
        await publish(t, site, { channel: 'posts', event: 'big', data });
    })();
    await slow;
    stop = true;
    await flood;

    await publish(t, site, { channel: 'posts', event: 'after', data: null });
    await bystander.next((f) => f.event === 'after', 10_000);
    expect(t.relay.metrics().slowConsumers).toBe(1);
    bystander.ws.terminate();
    await stalled.body?.cancel();
  });
});

describe('POST /client', () => {
  async function client(body: unknown, token?: string) {
    const response = await fetch(`${t.base}/client`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  it('refuses a request without a token with 401', async () => {
    expect(await client({ type: 'message', channel: 'a', event: 'e' })).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
  });

  it('refuses a frame type it does not take with invalid_request', async () => {
    const answer = await client({ type: 'subscribe', channels: ['a'] }, await mintToken(site));
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses malformed JSON with invalid_request', async () => {
    expect((await client('{nope', await mintToken(site))).status).toBe(400);
  });

  it('refuses presence for a connection_id of another token', async () => {
    const stream = await open({ token: await mintToken(site, { user_id: '1' }), channels: 'room' });
    const ready = await stream.next('ready');
    const answer = await client(
      { type: 'presence', channel: 'room', state: {}, connection_id: ready.connection_id },
      await mintToken(site, { user_id: '2' }),
    );
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses binary over the frame limit with payload_too_large', async () => {
    await t.stop();
    t = await startRelay({ limits: { maxFrameBytes: 10 } });
    site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    const response = await fetch(`${t.base}/client/binary?channel=a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintToken(site)}` },
      body: new Uint8Array(100),
    });
    expect(response.status).toBe(413);
  });
});
