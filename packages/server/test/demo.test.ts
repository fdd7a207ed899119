import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from './support/browser.js';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';
import { TestSocket } from './support/ws-client.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.stop();
});

async function operator(): Promise<{ browser: TestBrowser; csrf: string }> {
  const browser = new TestBrowser(t.url);
  await browser.logIn(OPERATOR_KEY);
  const page = await (await browser.get('/demo')).text();
  const csrf = /name="wordsocket-csrf" content="([^"]+)"/.exec(page)?.[1] as string;
  return { browser, csrf };
}

async function demoToken(): Promise<string> {
  const { browser, csrf } = await operator();
  const response = await browser.postJson('/demo/token', {}, { 'x-csrf-token': csrf });
  return ((await response.json()) as { token: string }).token;
}

describe('demo page', () => {
  it('shows an anonymous visitor a login prompt and nothing secret', async () => {
    const response = await fetch(`${t.url}/demo`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain('Operator login');
    expect(page).not.toContain('wordsocket-csrf');
    expect(page).not.toContain('demo.js');
  });

  it('refuses a token to a visitor who is not logged in', async () => {
    const response = await fetch(`${t.url}/demo/token`, { method: 'POST' });

    expect(response.status).toBe(401);
  });

  it('refuses a token without the CSRF header', async () => {
    const { browser } = await operator();
    const response = await browser.postJson('/demo/token', {});

    expect(response.status).toBe(403);
  });

  it('mints a short token for the logged-in operator', async () => {
    const { browser, csrf } = await operator();
    const response = await browser.postJson('/demo/token', {}, { 'x-csrf-token': csrf });
    const body = (await response.json()) as { token: string; exp: number };

    expect(response.status).toBe(200);
    expect(body.token.split('.')).toHaveLength(3);
    expect(body.exp - Date.now() / 1000).toBeLessThanOrEqual(300);
  });

  it('delivers a message published as WordPress to a socket watching the demo channel', async () => {
    const socket = await TestSocket.connect(t.url, await demoToken());
    await socket.subscribe(['demo:events']);
    const { browser, csrf } = await operator();

    const response = await browser.postJson(
      '/demo/publish',
      { channel: 'demo:events', text: 'hello' },
      { 'x-csrf-token': csrf },
    );
    const message = await socket.next((f) => f.type === 'message' && f.channel === 'demo:events');

    expect(response.status).toBe(200);
    expect(message).toMatchObject({ event: 'demo', origin: 'server', data: { text: 'hello' } });
    socket.close();
  });

  it('lets the demo token publish from the browser on demo channels', async () => {
    const socket = await TestSocket.connect(t.url, await demoToken());
    await socket.subscribe(['demo:chat']);

    socket.send({
      type: 'message',
      channel: 'demo:chat',
      event: 'demo',
      data: { n: 1 },
      ref: 'r1',
    });

    expect(await socket.next((f) => f.type === 'ack')).toMatchObject({ ref: 'r1' });
    expect(await socket.next((f) => f.type === 'message')).toMatchObject({ origin: 'client' });
    socket.close();
  });

  it('grants the demo token nothing outside demo channels', async () => {
    const socket = await TestSocket.connect(t.url, await demoToken());
    socket.send({ type: 'subscribe', channels: ['posts'] });

    expect(await socket.next((f) => f.type === 'error')).toMatchObject({
      code: 'forbidden',
      channel: 'posts',
    });
    socket.close();
  });

  it('refuses to publish on a channel outside demo:', async () => {
    const { browser, csrf } = await operator();
    const response = await browser.postJson(
      '/demo/publish',
      { channel: 'posts', text: 'x' },
      { 'x-csrf-token': csrf },
    );

    expect(response.status).toBe(403);
  });

  it('says a publish from another origin is refused for its origin, not its token', async () => {
    const { browser, csrf } = await operator();
    browser.origin = 'http://evil.test';
    const response = await browser.postJson(
      '/demo/publish',
      { channel: 'demo:events', text: 'x' },
      { 'x-csrf-token': csrf },
    );
    const body = (await response.json()) as { message: string };

    expect(response.status).toBe(403);
    expect(body.message).toContain('another origin');
    expect(body.message).not.toContain('X-CSRF-Token');
  });

  it('reuses one demo site across visits', async () => {
    await demoToken();
    await demoToken();
    const sites = await t.server.relay.sites.list();

    expect(sites.filter((site) => site.site_name === 'WordSocket demo')).toHaveLength(1);
  });
});
