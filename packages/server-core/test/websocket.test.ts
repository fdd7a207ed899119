// WebSocket-only parts of docs/protocol.md §5: authentication, refresh, frame errors, limits,
// liveness. Every refusal is also checked not to disturb a bystander connection.
import { createHmac } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { base64url } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBinaryFrame } from '../src/frame.js';
import { type History, MemoryHistory, type RelayOptions, type Site } from '../src/index.js';
import { mintToken, publish, sleep, startRelay, TestClient, type TestRelay } from './helpers.js';

const running: TestRelay[] = [];
const clients: TestClient[] = [];

async function setup(options: RelayOptions = {}) {
  const t = await startRelay(options);
  running.push(t);
  const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
  const bystander = await connect(t, site);
  await bystander.subscribe(['posts']);
  return { t, site, bystander };
}

async function connect(t: TestRelay, site: Site, claims = {}): Promise<TestClient> {
  const client = await TestClient.connect(t, await mintToken(site, claims));
  clients.push(client);
  return client;
}

function raw(t: TestRelay, query = ''): TestClient {
  const client = new TestClient(`${t.wsUrl}${query}`);
  clients.push(client);
  return client;
}

/** Asserts that the bystander still receives a fresh publish. */
async function stillServes(t: TestRelay, site: Site, bystander: TestClient) {
  const event = `check-${Math.random()}`;
  await publish(t, site, { channel: 'posts', event, data: null });
  expect((await bystander.next('message')).event).toBe(event);
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  for (const t of running.splice(0)) await t.stop();
});

describe('authentication', () => {
  it('answers a first-frame auth with auth_ok, exp and connection_id', async () => {
    const { t, site } = await setup();
    const token = await mintToken(site, { exp: Math.floor(Date.now() / 1000) + 100 });
    const client = await TestClient.connect(t, token);
    clients.push(client);
    expect(client.authOk).toEqual({
      type: 'auth_ok',
      exp: expect.any(Number),
      connection_id: expect.any(String),
    });
  });

  it('serves a baseline client: token in the URL, no since, no ref', async () => {
    const { t, site, bystander } = await setup();
    const client = raw(t, `?token=${await mintToken(site)}`);
    expect((await client.next('auth_ok')).exp).toEqual(expect.any(Number));

    client.send({ type: 'subscribe', channels: ['posts'] });
    const subscribed = await client.next('subscribed');
    expect(subscribed.channels).toEqual(['posts']);

    client.send({ type: 'message', channel: 'posts', event: 'hello', data: { a: 1 } });
    for (const c of [client, bystander]) {
      expect(await c.next('message')).toMatchObject({ event: 'hello', data: { a: 1 } });
    }
    expect(client.frames.filter((f) => (f as { type?: string }).type === 'ack')).toEqual([]);

    await publish(t, site, { channel: 'posts', event: 'server', data: 2 });
    expect((await client.next('message')).event).toBe('server');
  });

  it('closes with 4008 when no auth frame arrives in time', async () => {
    const { t, site, bystander } = await setup({ timings: { authTimeoutMs: 300 } });
    const client = raw(t);
    await client.opened;
    expect((await client.waitClose()).code).toBe(4008);
    await stillServes(t, site, bystander);
  });

  it('closes with 4008 when the first frame is not auth', async () => {
    const { t, site, bystander } = await setup();
    const client = raw(t);
    await client.opened;
    client.send({ type: 'subscribe', channels: ['posts'] });
    expect((await client.waitClose()).code).toBe(4008);
    await stillServes(t, site, bystander);
  });

  const refusals: [string, (site: Site, other: Site) => Promise<string>][] = [
    ['an expired token', (site) => mintToken(site, { iat: now() - 400, exp: now() - 100 })],
    ['an unsigned token', async (site) => (await mintToken(site)).split('.').slice(0, 2).join('.')],
    ['an alg none token', async (site) => unsigned(site)],
    [
      'a token signed with another site’s secret',
      (site, other) => mintToken(site, {}, other.jwt_secret),
    ],
    ['a token without user_id', (site) => mintToken(site, { user_id: undefined })],
    ['a token without exp', (site) => mintToken(site, { exp: undefined })],
    [
      'a token without prefixes',
      (site) => mintToken(site, { allowed_channel_prefixes: undefined }),
    ],
    [
      'a token with a wrong tenant_id',
      (site, other) => mintToken(site, { tenant_id: other.tenant_id }),
    ],
    ['a token living over 24 hours', (site) => mintToken(site, { exp: now() + 90_000 })],
    [
      'a token issued in the future',
      (site) => mintToken(site, { iat: now() + 120, exp: now() + 300 }),
    ],
    ['a token for another audience', (site) => mintToken(site, { aud: 'elsewhere' })],
    ['a token that is not a JWT', async () => 'not-a-token'],
    ['a token with a crit header', async (site) => withCrit(site)],
  ];

  it.each(refusals)('closes with 4001 for %s', async (_, make) => {
    const { t, site, bystander } = await setup();
    const other = await t.relay.registerSite({ site_url: 'https://b.test', site_name: 'B' });
    const client = raw(t);
    await client.opened;
    client.send({ type: 'auth', token: await make(site, other) });
    expect((await client.waitClose()).code).toBe(4001);
    await stillServes(t, site, bystander);
  });

  it('closes with 4003 for a token of an unknown site', async () => {
    const { t, site, bystander } = await setup();
    const ghost = { ...site, site_id: 'f'.repeat(64) };
    const client = raw(t, `?token=${await mintToken(ghost)}`);
    expect((await client.waitClose()).code).toBe(4003);
    await stillServes(t, site, bystander);
  });

  it('closes with 4003 for a token of a removed site', async () => {
    const { t, site } = await setup();
    const other = await t.relay.registerSite({ site_url: 'https://b.test', site_name: 'B' });
    const token = await mintToken(other);
    await t.relay.removeSite(other.site_key);
    const client = raw(t, `?token=${token}`);
    expect((await client.waitClose()).code).toBe(4003);
    expect(site).toBeDefined();
  });

  it('closes with 4029 past the site’s connection limit', async () => {
    const t = await startRelay({ limits: { defaultMaxConnections: 2 } });
    running.push(t);
    const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    const first = await connect(t, site);
    await first.subscribe(['posts']);
    await connect(t, site);

    const third = raw(t, `?token=${await mintToken(site)}`);
    expect((await third.waitClose()).code).toBe(4029);
    await stillServes(t, site, first);
  });

  it('releases a socket closed with 4029 once it is gone', async () => {
    const t = await startRelay({ limits: { defaultMaxConnections: 1 } });
    running.push(t);
    const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    await connect(t, site);
    for (let i = 0; i < 3; i++) {
      const over = raw(t, `?token=${await mintToken(site)}`);
      expect((await over.waitClose()).code).toBe(4029);
    }
    for (let i = 0; i < 50 && t.relay.metrics().connections > 1; i++) await sleep(10);
    expect(t.relay.metrics().connections).toBe(1);
    expect(t.relay.activeConnections(site.site_id)).toBe(1);
  });
});

describe('in-band refresh', () => {
  it('answers a fresh token with auth_ok and the new exp', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    const exp = now() + 1000;
    client.send({ type: 'auth', token: await mintToken(site, { exp }) });
    expect(await client.next('auth_ok')).toMatchObject({ exp });
  });

  it('closes with 4001 when the new token names another user', async () => {
    const { t, site, bystander } = await setup();
    const client = await connect(t, site);
    client.send({ type: 'auth', token: await mintToken(site, { user_id: '2' }) });
    expect((await client.waitClose()).code).toBe(4001);
    await stillServes(t, site, bystander);
  });

  it('drops subscriptions the new token no longer grants, with unsubscribed', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    await client.subscribe(['public:1', 'private:1']);
    client.send({
      type: 'auth',
      token: await mintToken(site, { allowed_channel_prefixes: ['public:'] }),
    });
    expect(await client.next('unsubscribed')).toMatchObject({ channels: ['private:1'] });
    await client.next('auth_ok');

    await publish(t, site, { channel: 'private:1', event: 'hidden', data: 1 });
    await publish(t, site, { channel: 'public:1', event: 'shown', data: 1 });
    expect((await client.next('message')).event).toBe('shown');
  });
});

describe('frames', () => {
  it('answers malformed JSON with invalid_frame and keeps the socket', async () => {
    const { t, site, bystander } = await setup();
    const client = await connect(t, site);
    client.send('{nope');
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame' });
    client.send('[1,2]');
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame' });
    client.send({ type: 'subscribe', channels: 'posts' });
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame' });
    expect((await client.subscribe(['posts'])).channels).toEqual(['posts']);
    await stillServes(t, site, bystander);
  });

  it('answers a message whose data nests 10,000 arrays with invalid_frame naming its ref', async () => {
    const { t, site, bystander } = await setup();
    const client = await connect(t, site);
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    client.send(`{"type":"message","channel":"posts","event":"e","ref":"r1","data":${deep}}`);
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame', ref: 'r1' });
    await stillServes(t, site, bystander);
  });

  it('accepts data nested exactly as deep as the limit', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    const deep = `${'['.repeat(64)}${']'.repeat(64)}`;
    client.send(`{"type":"message","channel":"posts","event":"e","ref":"r1","data":${deep}}`);
    expect(await client.next('ack')).toMatchObject({ ref: 'r1' });
    client.send(`{"type":"message","channel":"posts","event":"e","ref":"r2","data":[${deep}]}`);
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame', ref: 'r2' });
  });

  it('answers a presence state nested 10,000 objects deep with invalid_frame', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    await client.subscribe(['posts']);
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    client.send(`{"type":"presence","channel":"posts","state":${deep}}`);
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame', channel: 'posts' });
  });

  it('announces a channel repeated 150 times in one subscribe once', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    const answer = await client.subscribe([...Array(150).fill('dup'), 'other', 'dup']);
    expect(answer.channels).toEqual(['dup', 'other']);
    expect(Object.keys(answer.positions as object)).toEqual(['dup', 'other']);
  });

  it('answers an unknown type with unknown_type', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    client.send({ type: 'teleport' });
    expect(await client.next('error')).toMatchObject({ code: 'unknown_type' });
  });

  it('closes with 1008 after ten violations within ten seconds', async () => {
    const { t, site, bystander } = await setup();
    const client = await connect(t, site);
    for (let i = 0; i < 10; i++) client.send({ type: `bogus${i}` });
    expect((await client.waitClose()).code).toBe(1008);
    await stillServes(t, site, bystander);
  });

  it('closes with 1009 on a frame over the limit', async () => {
    const { t, site, bystander } = await setup({ limits: { maxFrameBytes: 1024 } });
    const client = await connect(t, site);
    client.send({ type: 'message', channel: 'posts', event: 'big', data: 'x'.repeat(2000) });
    expect((await client.waitClose()).code).toBe(1009);
    await stillServes(t, site, bystander);
  });

  it('answers a message whose data is over the limit with payload_too_large', async () => {
    const { t, site } = await setup({ limits: { maxMessageBytes: 100 } });
    const client = await connect(t, site);
    client.send({ type: 'message', channel: 'posts', event: 'e', data: 'x'.repeat(200), ref: 'a' });
    expect(await client.next('error')).toMatchObject({ code: 'payload_too_large', ref: 'a' });
  });

  it('answers a presence state over 2 KiB with payload_too_large', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    await client.subscribe(['room']);
    client.send({ type: 'presence', channel: 'room', state: { blob: 'x'.repeat(3000) } });
    expect(await client.next('error')).toMatchObject({
      code: 'payload_too_large',
      channel: 'room',
    });
  });

  it('answers a subscription past the limit with too_many_channels', async () => {
    const { t, site } = await setup({ limits: { maxChannelsPerConnection: 2 } });
    const client = await connect(t, site);
    const subscribed = await client.subscribe(['a', 'b', 'c']);
    expect(subscribed.channels).toEqual(['a', 'b']);
    expect(await client.next('error')).toMatchObject({ code: 'too_many_channels', channel: 'c' });
  });

  it('answers frames over the rate with rate_limited', async () => {
    const { t, site, bystander } = await setup({ limits: { maxFramesPerSecond: 5 } });
    const client = await connect(t, site);
    for (let i = 0; i < 8; i++) client.send({ type: 'ping' });
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited' });
    await stillServes(t, site, bystander);
  });

  it('answers a binary frame with a bad length prefix with invalid_frame', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    client.ws.send(Buffer.from([0xff, 0xff, 1, 2]));
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame' });
    client.ws.send(Buffer.from([1]));
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame' });
  });

  it('answers a binary frame for a forbidden channel with an error naming it', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site, { v: 2, allowed_publish_prefixes: ['chat'] });
    const name = Buffer.from('posts');
    client.ws.send(Buffer.concat([Buffer.from([0, name.length]), name, Buffer.from([1])]));
    expect(await client.next('error')).toMatchObject({ code: 'forbidden', channel: 'posts' });
  });

  it('forwards binary frames a client sent before closing, even when they wait behind a slow subscribe', async () => {
    const inner = new MemoryHistory();
    let releaseRead: () => void = () => undefined;
    const history: History = {
      append: (channel, message) => inner.append(channel, message),
      read: async (channel, since) => {
        if (channel.endsWith(':feed')) {
          await new Promise<void>((resolve) => {
            releaseRead = resolve;
          });
        }
        return inner.read(channel, since);
      },
    };
    const { t, site } = await setup({ history });
    const room = await connect(t, site);
    await room.subscribe(['yjs:doc']);
    const leaving = await connect(t, site);

    leaving.send({ type: 'subscribe', channels: ['feed'], since: { feed: '0:0' } });
    leaving.ws.send(encodeBinaryFrame('yjs:doc', Uint8Array.of(7, 8, 9)));
    leaving.close();
    await leaving.waitClose();
    releaseRead();

    expect([...(await room.nextBinary())].slice(-3)).toEqual([7, 8, 9]);
  });

  it('answers unsubscribe with unsubscribed and stops delivery', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    await client.subscribe(['a', 'b']);
    client.send({ type: 'unsubscribe', channels: ['a'] });
    expect(await client.next('unsubscribed')).toMatchObject({ channels: ['a'] });
    await publish(t, site, { channel: 'a', event: 'gone', data: 1 });
    await publish(t, site, { channel: 'b', event: 'kept', data: 1 });
    expect((await client.next('message')).event).toBe('kept');
  });

  it('answers a client ping with pong', async () => {
    const { t, site } = await setup();
    const client = await connect(t, site);
    client.send({ type: 'ping' });
    expect(await client.next('pong')).toEqual({ type: 'pong' });
  });
});

describe('liveness', () => {
  it('sends ping and keeps a socket that answers pong', async () => {
    const { t, site } = await setup({ timings: { pingIntervalMs: 100 } });
    const client = await connect(t, site);
    for (let i = 0; i < 4; i++) {
      await client.next('ping');
      client.send({ type: 'pong' });
    }
    expect(client.closeCode).toBeUndefined();
  });

  it('terminates a socket that misses two pings in a row', async () => {
    const { t, site } = await setup({ timings: { pingIntervalMs: 100 } });
    const client = await connect(t, site);
    const { code } = await client.waitClose();
    expect(code).toBe(1006);
  });
});

describe('slow consumers', () => {
  it('closes a reader that stopped reading with 4009 while another keeps receiving', async () => {
    const { t, site, bystander } = await setup({ limits: { maxBufferedBytes: 256 * 1024 } });
    const token = await mintToken(site);
    const stalled = await stalledReader(t, token, 'posts');
    const slow = new Promise((resolve) => t.relay.on('slowConsumer', resolve));

    const data = 'x'.repeat(50_000);
    let published = 0;
    const flood = (async () => {
      for (let i = 0; i < 400; i++) {
        await publish(t, site, { channel: 'posts', event: 'big', data });
        published++;
      }
    })();
    await slow;
    await flood;
    const big = () => bystander.frames.filter((f) => (f as { event?: string }).event === 'big');
    await until(() => big().length === 400, 10_000);
    bystander.take('message');

    const code = await stalled.resumeAndReadClose();
    expect(code).toBe(4009);
    expect(published).toBe(400);
    await stillServes(t, site, bystander);
  });
});

/** A raw TCP WebSocket client that subscribes, then stops reading its socket. */
async function stalledReader(t: TestRelay, token: string, channel: string) {
  const url = new URL(t.wsUrl);
  const socket = netConnect(Number(url.port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET ${url.pathname}?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  socket.write(maskedText(JSON.stringify({ type: 'subscribe', channels: [channel] })));

  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  };
  socket.on('data', onData);
  await until(() => received.includes('"subscribed"'));
  socket.off('data', onData);
  socket.pause();

  return {
    async resumeAndReadClose(): Promise<number> {
      let tail = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        tail = Buffer.concat([tail, chunk]).subarray(-64);
      });
      socket.resume();
      await until(() => lastCloseCode(tail) !== -1, 10_000);
      socket.destroy();
      return lastCloseCode(tail);
    },
  };
}

/** The code of the last close frame (opcode 8) in a stream of unmasked server frames. */
function lastCloseCode(stream: Buffer): number {
  // The stream may start mid-frame (earlier bytes were read before pausing); scan for the
  // close frame's header from the end: 0x88, length, code.
  for (let i = stream.length - 4; i >= 0; i--) {
    if (
      stream[i] === 0x88 &&
      (stream[i + 1] as number) < 126 &&
      i + 2 + (stream[i + 1] as number) === stream.length
    ) {
      return stream.readUInt16BE(i + 2);
    }
  }
  return -1;
}

function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]);
  return Buffer.concat([header, payload]);
}

async function until(test: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await sleep(5);
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** A correctly signed HS256 token whose header carries `crit`. */
function withCrit(site: Site): string {
  const header = base64url.encode(JSON.stringify({ alg: 'HS256', crit: ['x'], x: 1 }));
  const payload = base64url.encode(
    JSON.stringify({
      site_id: site.site_id,
      tenant_id: site.tenant_id,
      user_id: '1',
      allowed_channel_prefixes: [''],
      iat: now(),
      exp: now() + 300,
    }),
  );
  const signature = createHmac('sha256', site.jwt_secret)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function unsigned(site: Site): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url.encode(
    JSON.stringify({
      site_id: site.site_id,
      tenant_id: site.tenant_id,
      user_id: '1',
      allowed_channel_prefixes: [''],
      iat: now(),
      exp: now() + 300,
    }),
  );
  return `${header}.${payload}.`;
}
