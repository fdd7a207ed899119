// The reference server behind Debian's nginx with deploy/nginx.conf (only ports and paths
// changed), over TLS on loopback: WebSocket, Server-Sent Events and publish all work through it.
//
//   node --test tests/distribution/nginx.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';

import { publishHeaders, siteId, tenantId } from '@wordsocket/crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

import {
  OPERATOR_KEY,
  removeDir,
  SERVER_NAME,
  startNginx,
  startRelay,
  tempDir,
} from './support/processes.mjs';

const requireServices = process.env.WORDSOCKET_REQUIRE_SERVICES === '1';
const hasNginx = spawnSync('nginx', ['-v']).status === 0;
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const missing = [!hasNginx && 'nginx (Debian nginx-light)', !hasOpenssl && 'openssl'].filter(
  Boolean,
);
if (missing.length > 0 && requireServices) {
  throw new Error(`missing ${missing.join(', ')}; WORDSOCKET_REQUIRE_SERVICES=1 requires it`);
}
const skip = missing.length > 0 ? `missing ${missing.join(', ')}` : false;

/** An HTTPS request to nginx on loopback, with the certificate's name as SNI and Host. */
function call(proxy, method, path, { body, headers = {}, port = proxy.httpsPort } = {}) {
  return new Promise((done, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: proxy.ca,
        servername: SERVER_NAME,
        headers: { host: SERVER_NAME, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => done({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function signedPublish(proxy, site, message) {
  const body = JSON.stringify(message);
  const headers = await publishHeaders(
    { siteKey: site.site_key, publishSecret: site.publish_secret },
    body,
  );
  return call(proxy, 'POST', '/publish', {
    body,
    headers: { ...headers, 'content-type': 'application/json' },
  });
}

async function mintToken(site, channels) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    site_id: await siteId(site.site_key),
    tenant_id: await tenantId(site.site_key),
    user_id: '0',
    allowed_channel_prefixes: channels,
    allowed_publish_prefixes: [],
    v: 2,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(site.jwt_secret));
}

/** A queue of parsed items with `next(predicate, timeoutMs)`. */
function inbox() {
  const items = [];
  const waiters = [];
  return {
    push(item) {
      items.push(item);
      for (const waiter of [...waiters]) waiter();
    },
    next(predicate, timeoutMs = 5000, what = 'an item') {
      return new Promise((done, reject) => {
        const look = () => {
          const index = items.findIndex(predicate);
          if (index === -1) return false;
          waiters.splice(waiters.indexOf(look), 1);
          clearTimeout(timer);
          done(items.splice(index, 1)[0]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(look), 1);
          reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(items)}`));
        }, timeoutMs);
        waiters.push(look);
        look();
      });
    },
  };
}

/**
 * Opens an SSE stream through nginx. Returns `{ response, events, close() }` at once:
 * `response` settles when the response headers arrive (a buffering proxy may hold them too).
 */
function openSse(proxy, query) {
  const events = inbox();
  let resolveResponse;
  let rejectResponse;
  const response = new Promise((done, reject) => {
    resolveResponse = done;
    rejectResponse = reject;
  });
  const req = httpsRequest(
    {
      host: '127.0.0.1',
      port: proxy.httpsPort,
      path: `/sse?${new URLSearchParams(query)}`,
      ca: proxy.ca,
      servername: SERVER_NAME,
      headers: { host: SERVER_NAME, accept: 'text/event-stream' },
    },
    (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = { event: 'message', data: '' };
          for (const line of lines.filter((item) => !item.startsWith(':'))) {
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'data') event.data += value;
            else event[field] = value;
          }
          if (lines.some((line) => !line.startsWith(':'))) events.push(event);
          end = buffer.indexOf('\n\n');
        }
      });
      resolveResponse(res);
    },
  );
  req.on('error', (error) => {
    if (!req.destroyed || error.code !== 'ECONNRESET') rejectResponse(error);
  });
  req.end();
  return { response, events, close: () => req.destroy() };
}

/** The relay's open sockets and streams, read from /metrics on the relay itself. */
async function relayConnections(relay) {
  const response = await fetch(`${relay.url}/metrics`, {
    headers: { authorization: `Bearer ${OPERATOR_KEY}` },
  });
  const line = (await response.text())
    .split('\n')
    .find((l) => l.startsWith('wordsocket_connections '));
  return Number(line?.split(' ')[1]);
}

function openWebSocket(proxy) {
  const frames = inbox();
  const socket = new WebSocket(`wss://127.0.0.1:${proxy.httpsPort}/ws`, {
    ca: proxy.ca,
    servername: SERVER_NAME,
    headers: { host: SERVER_NAME },
  });
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  return new Promise((done, reject) => {
    socket.once('open', () => done({ socket, frames }));
    socket.once('error', reject);
  });
}

describe('the reference server behind nginx with deploy/nginx.conf', { skip }, () => {
  let dir;
  let relay;
  let proxy;
  let site;

  before(async () => {
    dir = tempDir('wordsocket-nginx-');
    relay = await startRelay(dir);
    proxy = await startNginx(dir, { relayPort: relay.port });

    const registered = await call(proxy, 'POST', '/api/sites/register', {
      body: JSON.stringify({ site_url: 'https://site.example.test', site_name: 'nginx test' }),
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
    });
    assert.equal(registered.status, 201, registered.text);
    site = JSON.parse(registered.text);
  });

  after(async () => {
    await proxy?.stop();
    const code = await relay?.stop();
    if (dir) removeDir(dir);
    assert.equal(code, 0, 'the relay exits 0 on SIGTERM');
  });

  test('plain HTTP redirects to https and /healthz answers over TLS', async () => {
    const plain = await new Promise((done, reject) => {
      httpGet(
        {
          host: '127.0.0.1',
          port: proxy.httpPort,
          path: '/healthz',
          headers: { host: SERVER_NAME },
        },
        (res) => {
          res.resume();
          done(res);
        },
      ).on('error', reject);
    });
    assert.equal(plain.statusCode, 301);
    assert.equal(plain.headers.location, `https://${SERVER_NAME}/healthz`);

    const health = await call(proxy, 'GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.text, '{"status":"ok"}');
    assert.match(health.headers['strict-transport-security'], /max-age=/);
  });

  test('a WebSocket authenticates, subscribes and receives a publish through nginx', async () => {
    const { socket, frames } = await openWebSocket(proxy);
    try {
      socket.send(JSON.stringify({ type: 'auth', token: await mintToken(site, ['news']) }));
      const ok = await frames.next((frame) => frame.type === 'auth_ok', 5000, 'auth_ok');
      assert.equal(typeof ok.connection_id, 'string');

      socket.send(JSON.stringify({ type: 'subscribe', channels: ['news'] }));
      const subscribed = await frames.next((frame) => frame.type === 'subscribed');
      assert.deepEqual(subscribed.channels, ['news']);

      const published = await signedPublish(proxy, site, {
        channel: 'news',
        event: 'post.published',
        data: { id: 1 },
      });
      assert.equal(published.status, 200, published.text);

      const message = await frames.next((frame) => frame.type === 'message', 5000, 'message');
      assert.equal(message.channel, 'news');
      assert.equal(message.event, 'post.published');
      assert.deepEqual(message.data, { id: 1 });
      assert.equal(message.origin, 'server');
      assert.equal(message.id, JSON.parse(published.text).id);
    } finally {
      socket.close();
    }
  });

  test('SSE events arrive one by one through nginx, each before the next publish', async () => {
    const token = await mintToken(site, ['live']);
    const stream = openSse(proxy, { token, channels: 'live' });
    try {
      const response = await stream.response;
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'], /^text\/event-stream/);
      await stream.events.next((event) => event.event === 'ready', 5000, 'ready event');

      for (const n of [1, 2, 3]) {
        const published = await signedPublish(proxy, site, {
          channel: 'live',
          event: 'tick',
          data: { n },
        });
        assert.equal(published.status, 200, published.text);

        // Waits for this event before publishing the next: a buffering proxy never delivers it.
        const event = await stream.events.next(
          (item) => item.event === 'message',
          5000,
          `SSE message ${n}`,
        );
        const message = JSON.parse(event.data);
        assert.deepEqual(message.data, { n });
        assert.equal(event.id, JSON.parse(published.text).id);
      }
    } finally {
      stream.close();
    }
  });

  test('publish: signed POSTs pass, and the relay answers bad ones itself', async () => {
    const batch = await signedPublish(proxy, site, {
      messages: [
        { channel: 'a', event: 'one', data: 1 },
        { channel: 'b', event: 'two', data: 2 },
      ],
    });
    assert.equal(batch.status, 200, batch.text);
    assert.equal(JSON.parse(batch.text).ids.length, 2);

    const unsigned = await call(proxy, 'POST', '/publish', {
      body: JSON.stringify({ channel: 'a', event: 'x', data: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(unsigned.status, 401);
    assert.equal(JSON.parse(unsigned.text).error, 'invalid_signature');

    // 1.5 MiB: under nginx's client_max_body_size, over the relay's 1 MiB limit.
    const large = await signedPublish(proxy, site, {
      channel: 'a',
      event: 'big',
      data: 'x'.repeat(1.5 * 1024 * 1024),
    });
    assert.equal(large.status, 413);
    assert.equal(JSON.parse(large.text).error, 'payload_too_large');
  });
});

describe('the SSE check itself', { skip }, () => {
  test('notices a proxy that buffers the stream', { timeout: 60_000 }, async () => {
    const dir = tempDir('wordsocket-nginx-buffered-');
    const relay = await startRelay(dir);
    const proxy = await startNginx(dir, {
      relayPort: relay.port,
      transform: (text) =>
        text.replace(
          'proxy_buffering off;',
          'proxy_buffering on; proxy_ignore_headers X-Accel-Buffering;',
        ),
    });
    let stream;
    try {
      const registered = await call(proxy, 'POST', '/api/sites/register', {
        body: JSON.stringify({ site_url: 'https://buffered.example.test', site_name: 'b' }),
        headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
      });
      const buffered = JSON.parse(registered.text);
      stream = openSse(proxy, { token: await mintToken(buffered, ['live']), channels: 'live' });

      // The stream reached the relay through nginx before anything is published.
      const deadline = Date.now() + 5000;
      while ((await relayConnections(relay)) < 1) {
        assert.ok(Date.now() < deadline, 'the SSE stream never reached the relay');
        await new Promise((next) => setTimeout(next, 50));
      }

      const published = await signedPublish(proxy, buffered, {
        channel: 'live',
        event: 'tick',
        data: { n: 1 },
      });
      assert.equal(published.status, 200);
      await assert.rejects(
        stream.events.next((event) => event.event === 'message', 2000, 'buffered message'),
        /no buffered message/,
      );
    } finally {
      stream?.close();
      await proxy.stop();
      await relay.stop();
      removeDir(dir);
    }
  });
});
