// The page's connection (js/wps/connection.ts) against an in-process relay from
// @wordsocket/server-core on 127.0.0.1, with WordPress's token and keys routes played by a fake
// `fetch` that mints real HS256 tokens and grants channels the way the plugin does.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Relay, type Site } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';

import { readConfig } from '../../js/wps/config';
import { Connection } from '../../js/wps/connection';

let relay: Relay;
let server: Server;
let site: Site;
let base: string;
let mints: string[][];
let keyAsks: string[][];
/** Rooms the fake WordPress refuses (the user may not edit their post). */
const denied = new Set<string>();
const readable = (channel: string) =>
  !denied.has(channel) && (channel.startsWith('posts') || channel.startsWith('yjs:'));
const connections: Connection[] = [];

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function token(prefixes: string[], publish: string[]): string {
  const now = Math.floor(Date.now() / 1000);
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(
    JSON.stringify({
      site_id: site.site_id,
      tenant_id: site.tenant_id,
      user_id: '1',
      allowed_channel_prefixes: prefixes,
      v: 2,
      allowed_publish_prefixes: publish,
      iat: now,
      exp: now + 300,
    }),
  );
  const signature = createHmac('sha256', site.jwt_secret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${base64url(signature)}`;
}

/** Plays WordPress's `/wpsignal/v1/token` and `/wpsignal/v1/keys`. */
async function wordpress(url: string, init?: RequestInit): Promise<Response> {
  const { channels } = JSON.parse(String(init?.body)) as { channels: string[] };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  if (url.endsWith('/token')) {
    mints.push(channels);
    if (channels.some((channel) => !readable(channel))) return json({ code: 'forbidden' }, 403);
    const rooms = channels.filter((channel) => channel.startsWith('yjs:'));
    return json({ token: token(['posts', ...channels], rooms), keys: {} });
  }

  keyAsks.push(channels);
  return json({
    keys: Object.fromEntries(channels.filter(readable).map((c) => [c, base64url('k'.repeat(32))])),
    refused: channels.filter((channel) => !readable(channel)),
  });
}

function connection(
  keys: Record<string, string> = { posts: base64url('p'.repeat(32)) },
): Connection {
  const created = new Connection(
    readConfig({
      relayUrl: base,
      siteId: site.site_id,
      tokenUrl: 'http://wordpress.test/wp-json/wpsignal/v1/token',
      keysUrl: 'http://wordpress.test/wp-json/wpsignal/v1/keys',
      nonce: 'abc123',
      channels: ['posts'],
      prefixes: ['posts'],
      keys,
    }),
  );
  connections.push(created);
  return created;
}

function publish(channel: string, data: unknown): Promise<Response> {
  const text = JSON.stringify({ channel, event: 'tick', data });
  const ts = String(Date.now());
  const sign = createHmac('sha256', site.publish_secret).update(`${text}.${ts}`).digest('hex');
  return fetch(`${base}/publish`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-wp-signal-key': site.site_key,
      'x-wp-signal-ts': ts,
      'x-wp-signal-sign': sign,
    },
    body: text,
  });
}

const realFetch = globalThis.fetch;

beforeEach(async () => {
  mints = [];
  keyAsks = [];
  denied.clear();
  relay = new Relay();
  server = createServer();
  attachRelay(relay, server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = await relay.registerSite({ site_url: 'https://wordpress.test', site_name: 'Test' });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  Object.assign(globalThis, {
    WebSocket,
    fetch: (input: string | URL, init?: RequestInit) => {
      const url = String(input);
      return url.startsWith('http://wordpress.test/') ? wordpress(url, init) : realFetch(url, init);
    },
  });
});

afterEach(async () => {
  for (const created of connections.splice(0)) created.close();
  globalThis.fetch = realFetch;
  await relay.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function connected(subject: Connection): Promise<void> {
  if (subject.state === 'connected') return;
  await new Promise<void>((resolve) => {
    const off = subject.on('state', ({ state }) => {
      if (state === 'connected') {
        off();
        resolve();
      }
    });
  });
}

describe('Connection', () => {
  test('subscribes to channels the page already holds with one token and no keys request', async () => {
    const subject = connection();
    await subject.subscribe('posts');

    expect(subject.state).toBe('connected');
    expect(mints).toEqual([[]]);
    expect(keyAsks).toEqual([]);
  });

  test('grants a new channel by replacing the connection, without losing or repeating a message', async () => {
    const subject = connection();
    await subject.subscribe('posts');
    const received: number[] = [];
    subject.on('message', ({ channel, data }) => {
      if (channel === 'posts') received.push(data as number);
    });

    let sent = 0;
    const ticking = (async () => {
      while (sent < 40) {
        await publish('posts', sent);
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await subject.subscribe('yjs:postType/post:7');
    await ticking;
    await expect.poll(() => received.length).toBe(40);

    expect(received).toEqual([...Array(40).keys()]);
    expect(mints).toEqual([[], ['yjs:postType/post:7']]);
    expect(subject.channels).toEqual(['posts', 'yjs:postType/post:7']);
  });

  test('gathers channels asked for together into one replacement', async () => {
    const subject = connection();
    await subject.subscribe('posts');
    await Promise.all([
      subject.subscribe('yjs:postType/post:1'),
      subject.subscribe('yjs:root/comment:collection'),
    ]);

    expect(keyAsks).toEqual([['yjs:postType/post:1', 'yjs:root/comment:collection']]);
    expect(mints).toEqual([[], ['yjs:postType/post:1', 'yjs:root/comment:collection']]);
  });

  test('a subscription still waiting on the connection being replaced is confirmed by the replacement', async () => {
    let sockets = 0;
    class FirstOpensLate extends WebSocket {
      readonly #late: boolean;

      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets += 1;
        this.#late = sockets === 1;
      }

      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event !== 'open' || !this.#late) return super.emit(event, ...args);

        setTimeout(() => super.emit(event, ...args), 400);
        return true;
      }
    }
    Object.assign(globalThis, { WebSocket: FirstOpensLate });
    const subject = connection();

    const first = subject.subscribe('yjs:postType/post:3');
    await expect.poll(() => mints.length).toBe(1);
    const second = subject.subscribe('yjs:root/comment:collection');

    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    expect(mints).toEqual([
      ['yjs:postType/post:3'],
      ['yjs:postType/post:3', 'yjs:root/comment:collection'],
    ]);
    expect(subject.channels).toEqual(['yjs:postType/post:3', 'yjs:root/comment:collection']);
    expect(subject.state).toBe('connected');
  });

  test('refuses a channel WordPress does not clear, and keeps the connection', async () => {
    const subject = connection();
    await subject.subscribe('posts');

    await expect(subject.subscribe('options')).rejects.toMatchObject({ code: 'forbidden' });
    expect(subject.channels).toEqual(['posts']);
    expect(mints).toEqual([[]]);
    await connected(subject);
  });

  test('carries binary payloads between two pages in a granted room', async () => {
    const subject = connection();
    const peer = connection();
    await subject.subscribe('posts');
    await peer.subscribe('posts');
    await Promise.all([
      subject.subscribe('yjs:postType/post:9'),
      peer.subscribe('yjs:postType/post:9'),
    ]);
    const payloads: number[][] = [];
    subject.on('binary', ({ data }) => payloads.push([...data]));

    await peer.publishBinary('yjs:postType/post:9', Uint8Array.of(1, 2, 3));
    await expect.poll(() => payloads).toEqual([[1, 2, 3]]);
  });

  test('a room never takes the site-wide v1 key, only its own from WordPress', async () => {
    const siteWide = Buffer.alloc(32, 7).toString('base64');
    const subject = connection({ '*': siteWide });
    const room = 'yjs:postType/post:4';
    denied.add(room);

    expect(subject.key('posts')).toBe(siteWide);
    expect(subject.key(room)).toBeUndefined();
    expect(await subject.channelKey(room)).toBeUndefined();
    expect(keyAsks).toEqual([[room]]);

    denied.clear();
    expect(await subject.channelKey(room)).toBe(base64url('k'.repeat(32)));
    expect(subject.key(room)).toBe(base64url('k'.repeat(32)));
    expect(subject.key('posts')).toBe(siteWide);
  });
});
