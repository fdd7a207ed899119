import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deriveChannelKey, sealV2, toBase64 } from '@wordsocket/crypto';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumInstalled, launchChromium } from '../../../test-support/chromium.js';
import { requireService } from '../../../test-support/services.js';
import { ChildRelay, freePort } from './support/child-relay.js';
import { mintToken, publish } from './support/relay.js';

const run = requireService(
  'chromium',
  chromiumInstalled,
  `${CHROMIUM} is missing; run scripts/install-system-deps.sh`,
);
const seed = 'browser-test-seed';

/** The page a theme would ship: the client from an ES module, a token from its own origin. */
function page(relay: string, key: string): string {
  return `<!doctype html><meta charset="utf-8"><title>client</title>
<script type="module">
import { WordSocketClient } from '/client.js';
const log = (window.log = { states: [], messages: [], binary: [] });
const key = Uint8Array.from(atob(${JSON.stringify(key)}), (c) => c.charCodeAt(0));
const client = new WordSocketClient({
  url: ${JSON.stringify(relay)},
  getToken: () => fetch(new URLSearchParams(location.search).get('token') ?? '/token').then((r) => r.text()),
  getChannelKey: () => key,
  restartWindow: 300,
  reconnectDelay: 200,
  maxReconnectDelay: 1000,
  ...JSON.parse(new URLSearchParams(location.search).get('options') ?? '{}'),
});
client.on('state', (s) => log.states.push(s.state + ':' + s.reason));
client.on('message', (m) => log.messages.push(m.event + ':' + m.encryption + ':' + m.origin));
client.on('binary', (b) => log.binary.push(b.data instanceof Uint8Array ? Array.from(b.data) : 'not bytes'));
client.subscribe('posts');
client.subscribe('yjs:doc');
client.connect();
window.client = client;
</script>`;
}

describe.runIf(run)('the browser build in headless Chromium', () => {
  let relay: ChildRelay;
  let origin: Server;
  let browser: Browser;
  let tab: Page;
  let key: Uint8Array;
  let address: string;

  beforeAll(async () => {
    relay = new ChildRelay(await freePort(), { persistentHistory: true });
    await relay.start();
    key = await deriveChannelKey(seed, relay.site.site_key, 'posts');

    const bundle = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    const html = page(relay.base, toBase64(key));
    origin = createServer(async (request, response) => {
      if (request.url === '/client.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(bundle.outputFiles[0]?.text);
      } else if (request.url === '/token') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(await mintToken(relay.site));
      } else if (request.url === '/forged-token') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(await mintToken({ ...relay.site, jwt_secret: 'f'.repeat(64) }));
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(html);
      }
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));

    browser = await launchChromium();
    address = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`;
    tab = await browser.newPage();
    await tab.goto(address);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => origin?.close(resolve));
    await relay?.stop();
  });

  /** Waits until the page has logged `entry` `times` times; on a timeout, says what it logged. */
  const logged = async (field: 'states' | 'messages', entry: string, on = tab, times = 1) => {
    try {
      await on.waitForFunction(
        ([f, e, n]) => {
          const log = (window as unknown as { log?: Record<string, string[]> }).log;
          return (log?.[f] ?? []).filter((x) => x === e).length >= n;
        },
        [field, entry, times] as const,
        { timeout: 10_000 },
      );
    } catch (error) {
      const log = await on.evaluate(() => (window as unknown as { log: unknown }).log);
      throw new Error(`${entry} not logged ${times}x: ${JSON.stringify(log)}`, { cause: error });
    }
  };

  it('connects over WebSocket and receives a decrypted event', async () => {
    await logged('states', 'connected:ready');
    const sealed = await sealV2(key, 'posts', { event: 'post.published', data: { id: 1 } });
    await publish(relay.base, relay.site, { channel: 'posts', ...sealed });

    await logged('messages', 'post.published:2:server');
  });

  it('receives binary payloads as Uint8Array', async () => {
    const { WordSocketClient } = await import('../src/index.js');
    const WebSocket = (await import('ws')).default;
    const sender = new WordSocketClient({
      url: relay.base,
      WebSocket,
      getToken: () => mintToken(relay.site),
    });
    sender.connect();
    await new Promise((resolve) =>
      sender.on('state', (s) => s.state === 'connected' && resolve(null)),
    );
    await sender.publishBinary('yjs:doc', new Uint8Array([7, 8, 9]));
    sender.close();

    const binary = await tab.waitForFunction(
      () => (window as unknown as { log: { binary: unknown[] } }).log.binary[0],
    );
    expect(await binary.jsonValue()).toEqual([7, 8, 9]);
  });

  it('survives a relay restart and keeps receiving', async () => {
    await relay.stop('SIGKILL');
    await logged('states', 'reconnecting:transport_closed');
    await relay.start();
    await publish(relay.base, relay.site, {
      channel: 'posts',
      ...(await sealV2(key, 'posts', { event: 'after.restart', data: null })),
    });

    await logged('messages', 'after.restart:2:server');
    const states = await tab.evaluate(
      () => (window as unknown as { log: { states: string[] } }).log.states,
    );
    expect(states.at(-1)).toBe('connected:ready');
  });

  it.each([
    ['the network comes back (online)', () => window.dispatchEvent(new Event('online'))],
    ['the page becomes visible', () => document.dispatchEvent(new Event('visibilitychange'))],
  ])('tries to reconnect at once when %s', async (_, signal) => {
    const patient = await browser.newPage();
    const options = JSON.stringify({
      restartWindow: 600_000,
      reconnectDelay: 600_000,
      maxReconnectDelay: 600_000,
    });
    await patient.goto(`${address}?options=${encodeURIComponent(options)}`);
    await logged('states', 'connected:ready', patient);

    await relay.stop('SIGKILL');
    await logged('states', 'reconnecting:transport_closed', patient);
    await relay.start();
    await patient.evaluate(signal);

    await logged('states', 'connecting:probe', patient);
    await patient.waitForFunction(
      () =>
        (window as unknown as { log: { states: string[] } }).log.states.at(-1) ===
        'connected:ready',
    );
    await patient.close();
  });

  it('works over SSE with the browser EventSource and fetch, JSON and binary publishes included', async () => {
    const sse = await browser.newPage();
    await sse.goto(`${address}?options=${encodeURIComponent('{"transports":["sse"]}')}`);
    await logged('states', 'connected:ready', sse);

    const sealed = await sealV2(key, 'posts', { event: 'over.sse', data: null });
    await publish(relay.base, relay.site, { channel: 'posts', ...sealed });
    await logged('messages', 'over.sse:2:server', sse);

    const ack = await sse.evaluate(() =>
      (
        window as unknown as { client: { publish(...a: unknown[]): Promise<{ id: string }> } }
      ).client
        .publish('posts', 'from.page', { n: 1 })
        .then((a) => a.id),
    );
    expect(ack).toMatch(/:\d+$/);
    await logged('messages', 'from.page:0:client', sse);

    // Binary payloads are not kept for replay: the receiving tab, which the tests above cut off
    // by killing the relay, must be back before the page publishes.
    await tab.waitForFunction(
      () =>
        (window as unknown as { log: { states: string[] } }).log.states.at(-1) ===
        'connected:ready',
    );
    await sse.evaluate(() =>
      (
        window as unknown as { client: { publishBinary(...a: unknown[]): Promise<void> } }
      ).client.publishBinary('yjs:doc', new Uint8Array([4, 5, 6])),
    );
    await tab.waitForFunction(() =>
      (window as unknown as { log: { binary: number[][] } }).log.binary.some(
        (b) => b.join() === '4,5,6',
      ),
    );
    await sse.close();
  });

  it('halts with token_rejected on SSE when the relay refuses the token, though EventSource hides why', async () => {
    const sse = await browser.newPage();
    await sse.goto(
      `${address}?token=/forged-token&options=${encodeURIComponent('{"transports":["sse"]}')}`,
    );

    await logged('states', 'halted:token_rejected', sse);
    const states = await sse.evaluate(
      () => (window as unknown as { log: { states: string[] } }).log.states,
    );
    expect(states.filter((state) => state.startsWith('connecting'))).toHaveLength(2);
    await sse.close();
  });
});
