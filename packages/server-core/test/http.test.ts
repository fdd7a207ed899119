// The HTTP endpoints of docs/protocol.md §4 and §9, through a real server on 127.0.0.1.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectCodes, ConnectGrant, Site } from '../src/index.js';
import {
  mintToken,
  publish,
  signHeaders,
  startRelay,
  TestClient,
  type TestRelay,
} from './helpers.js';

let t: TestRelay;
let site: Site;
let bystander: TestClient;

beforeEach(async () => {
  t = await startRelay({
    basePath: '/rt',
    authorizeOperator: (request) => request.headers.get('authorization') === 'Bearer operator',
  });
  site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
  bystander = await TestClient.connect(t, await mintToken(site));
  await bystander.subscribe(['posts']);
});

afterEach(async () => {
  bystander.ws.terminate();
  await t.stop();
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.base}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function stillServes() {
  const event = `check-${Math.random()}`;
  expect((await publish(t, site, { channel: 'posts', event, data: null })).status).toBe(200);
  expect((await bystander.next('message')).event).toBe(event);
}

describe('POST /publish', () => {
  it('answers ok with the position', async () => {
    const response = await publish(t, site, { channel: 'posts', event: 'e', data: 1 });
    expect(await response.json()).toEqual({ ok: true, id: expect.stringMatching(/^.+:1$/) });
  });

  it('answers data nesting 10,000 arrays with 400 invalid_request', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = `{"channel":"posts","event":"e","data":${deep}}`;
    const answer = await post('/publish', text, signHeaders(site, text));
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    await stillServes();
  });

  it('refuses a batch holding deeply nested data with 400 and its index', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = `{"messages":[{"channel":"posts","event":"e","data":1},{"channel":"posts","event":"e","data":${deep}}]}`;
    const answer = await post('/publish', text, signHeaders(site, text));
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request', index: 1 } });
  });

  it('publishes a batch in order and answers every position', async () => {
    const messages = [1, 2, 3].map((n) => ({ channel: 'posts', event: 'n', data: n }));
    const body = await (await publish(t, site, { messages })).json();
    expect(body.ids).toHaveLength(3);
    const received = [
      await bystander.next('message'),
      await bystander.next('message'),
      await bystander.next('message'),
    ];
    expect(received.map((m) => m.data)).toEqual([1, 2, 3]);
    expect(received.map((m) => m.id)).toEqual(body.ids);
  });

  it('refuses a batch whole, naming the first bad message', async () => {
    const messages = [
      { channel: 'posts', event: 'ok', data: 1 },
      { channel: 'bad channel', event: 'x', data: 1 },
      { channel: 'posts', event: '', data: 1 },
    ];
    const response = await publish(t, site, { messages });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_channel', index: 1 });
    await stillServes();
  });

  it('refuses a batch over 100 messages with payload_too_large', async () => {
    const messages = Array.from({ length: 101 }, () => ({ channel: 'posts', event: 'n', data: 1 }));
    const response = await publish(t, site, { messages });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe('payload_too_large');
  });

  it.each([
    ['not JSON', '{nope', 400, 'invalid_request'],
    ['an array', '[1]', 400, 'invalid_request'],
    ['a missing event', '{"channel":"posts","data":1}', 400, 'invalid_request'],
    ['a wps. event', '{"channel":"posts","event":"wps.presence","data":1}', 400, 'invalid_request'],
    ['an invalid channel', '{"channel":"a b","event":"e","data":1}', 400, 'invalid_channel'],
    [
      'another site’s channel',
      `{"channel":"site:${'0'.repeat(64)}:x","event":"e"}`,
      403,
      'forbidden',
    ],
  ])('refuses %s', async (_, body, status, code) => {
    const answer = await post('/publish', body, signHeaders(site, body));
    expect(answer).toMatchObject({ status, body: { error: code, message: expect.any(String) } });
    await stillServes();
  });

  it('refuses a body over the limit with payload_too_large', async () => {
    const body = JSON.stringify({ channel: 'posts', event: 'e', data: 'x'.repeat(1024 * 1024) });
    const answer = await post('/publish', body, signHeaders(site, body));
    expect(answer).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    await stillServes();
  });

  it('refuses an unsigned body with invalid_signature', async () => {
    const answer = await post('/publish', '{"channel":"posts","event":"e"}', {});
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_signature' } });
  });

  it('refuses a wrong signature with invalid_signature', async () => {
    const body = '{"channel":"posts","event":"e"}';
    const headers = signHeaders(site, `${body} `);
    expect(await post('/publish', body, headers)).toMatchObject({
      status: 401,
      body: { error: 'invalid_signature' },
    });
  });

  it('refuses a timestamp over 60 s away with stale_timestamp', async () => {
    const body = '{"channel":"posts","event":"e"}';
    for (const skew of [-61_000, 61_000]) {
      const answer = await post('/publish', body, signHeaders(site, body, Date.now() + skew));
      expect(answer).toMatchObject({ status: 401, body: { error: 'stale_timestamp' } });
    }
  });

  it('refuses a replayed signature with replayed', async () => {
    const body = '{"channel":"posts","event":"e"}';
    const headers = signHeaders(site, body);
    expect((await post('/publish', body, headers)).status).toBe(200);
    expect(await post('/publish', body, headers)).toMatchObject({
      status: 409,
      body: { error: 'replayed' },
    });
  });

  it('refuses an unknown key with unknown_site_key', async () => {
    const body = '{"channel":"posts","event":"e"}';
    const headers = signHeaders({ ...site, site_key: 'a'.repeat(64) }, body);
    expect(await post('/publish', body, headers)).toMatchObject({
      status: 404,
      body: { error: 'unknown_site_key' },
    });
  });
});

describe('site endpoints', () => {
  it('answers site stats signed over the empty body', async () => {
    const response = await fetch(`${t.base}/site/stats`, { headers: signHeaders(site, '') });
    expect(await response.json()).toEqual({ active_connections: 1, max_connections: 1000 });
  });

  it('registers a site with the operator key', async () => {
    const body = JSON.stringify({ site_url: 'https://c.test', site_name: 'C' });
    const answer = await post('/api/sites/register', body, { authorization: 'Bearer operator' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      site_key: expect.stringMatching(/^[0-9a-f]{64}$/),
      publish_secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      jwt_secret: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const stored = await t.relay.sites.getByKey(answer.body.site_key);
    expect(stored?.site_id).toBe(
      createHash('sha256').update(`site:${answer.body.site_key}`).digest('hex'),
    );
  });

  it.each([
    ['javascript:alert(1)', 'javascript:alert(1)', 'absolute http'],
    ['ftp://c.test', 'ftp://c.test', 'absolute http'],
    ['c.test', 'c.test', 'absolute http'],
    ['of 5,000 characters', `https://c.test/${'a'.repeat(5000)}`, 'at most 2,048'],
  ])('refuses registering a site_url %s with invalid_request', async (_, siteUrl, message) => {
    const body = JSON.stringify({ site_url: siteUrl, site_name: 'C' });
    const answer = await post('/api/sites/register', body, { authorization: 'Bearer operator' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(answer.body.message).toContain(message);
    expect(answer.body.message).toContain('site_url');
  });

  it.each([
    ['of 201 characters', 'x'.repeat(201)],
    ['of blanks', '   '],
    ['with a control character', 'a\u0007b'],
  ])('refuses registering a site name %s with invalid_request', async (_, siteName) => {
    const body = JSON.stringify({ site_url: 'https://c.test', site_name: siteName });
    const answer = await post('/api/sites/register', body, { authorization: 'Bearer operator' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(answer.body.message).toContain('site_name must be 1 to 200 characters');
  });

  it('stores a registered site’s trimmed name and URL and reports siteRegistered', async () => {
    const events: unknown[] = [];
    t.relay.on('siteRegistered', (event) => events.push(event));
    const name = ` ${'n'.repeat(200)} `;
    const body = JSON.stringify({ site_url: ' https://c.test/ ', site_name: name });
    const answer = await post('/api/sites/register', body, { authorization: 'Bearer operator' });
    expect(answer.status).toBe(201);
    const stored = await t.relay.sites.getByKey(answer.body.site_key);
    expect(stored).toMatchObject({ site_url: 'https://c.test/', site_name: 'n'.repeat(200) });
    expect(events).toEqual([{ siteId: stored?.site_id, siteUrl: 'https://c.test/', via: 'api' }]);
  });

  it('refuses registration without the operator key', async () => {
    const body = JSON.stringify({ site_url: 'https://c.test', site_name: 'C' });
    expect(
      await post('/api/sites/register', body, { authorization: 'Bearer guess' }),
    ).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
  });

  it('unregisters a site and closes its sockets with 4003', async () => {
    const body = JSON.stringify({ site_key: site.site_key, publish_secret: site.publish_secret });
    expect(await post('/api/sites/unregister', body)).toEqual({ status: 200, body: { ok: true } });
    expect((await bystander.waitClose()).code).toBe(4003);
    expect(await t.relay.sites.getByKey(site.site_key)).toBeUndefined();
  });

  it('refuses unregistering with a wrong secret', async () => {
    const body = JSON.stringify({ site_key: site.site_key, publish_secret: 'f'.repeat(64) });
    expect((await post('/api/sites/unregister', body)).status).toBe(401);
    await stillServes();
  });
});

describe('POST /api/connect/exchange', () => {
  const verifier = 'v'.repeat(50);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const callback = 'https://a.test/wp-admin/callback';

  it('exchanges a code and its verifier for the three secrets, once', async () => {
    const code = await t.relay.issueConnectCode({
      site_key: site.site_key,
      callback_url: callback,
      code_challenge: challenge,
    });
    const body = JSON.stringify({ code, code_verifier: verifier, callback_url: callback });
    expect(await post('/api/connect/exchange', body)).toEqual({
      status: 200,
      body: {
        site_key: site.site_key,
        publish_secret: site.publish_secret,
        jwt_secret: site.jwt_secret,
      },
    });
    expect((await post('/api/connect/exchange', body)).status).toBe(400);
  });

  it.each([
    ['a wrong verifier', { code_verifier: 'w'.repeat(50) }],
    ['another callback URL', { callback_url: 'https://evil.test/' }],
  ])('refuses %s and burns the code', async (_, change) => {
    const code = await t.relay.issueConnectCode({
      site_key: site.site_key,
      callback_url: callback,
      code_challenge: challenge,
    });
    const good = { code, code_verifier: verifier, callback_url: callback };
    expect(
      await post('/api/connect/exchange', JSON.stringify({ ...good, ...change })),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect((await post('/api/connect/exchange', JSON.stringify(good))).status).toBe(400);
  });
});

describe('POST /api/connect/exchange with a code store that keeps expired codes', () => {
  it('refuses a code past its expiry even when the store hands it out', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const callback = 'https://a.test/wp-admin/callback';
    const grants = new Map<string, ConnectGrant>();
    const forgetful: ConnectCodes = {
      put: (code, grant) => void grants.set(code, grant),
      take: (code) => grants.get(code),
    };
    const clock = { ms: Date.now() };
    const relay = await startRelay({ connectCodes: forgetful, now: () => clock.ms });
    try {
      const own = await relay.relay.registerSite({ site_url: 'https://b.test', site_name: 'B' });
      const code = await relay.relay.issueConnectCode({
        site_key: own.site_key,
        callback_url: callback,
        code_challenge: challenge,
      });
      clock.ms += 24 * 60 * 60 * 1000;

      const response = await fetch(`${relay.base}/api/connect/exchange`, {
        method: 'POST',
        body: JSON.stringify({ code, code_verifier: verifier, callback_url: callback }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    } finally {
      await relay.stop();
    }
  });
});

describe('routing', () => {
  it('answers healthz', async () => {
    const response = await fetch(`${t.base}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown path with not_found and a wrong method with method_not_allowed', async () => {
    expect((await fetch(`${t.base}/nope`)).status).toBe(404);
    const wrong = await fetch(`${t.base}/publish`);
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error).toBe('method_not_allowed');
  });

  it('serves nothing outside its base path', async () => {
    const outside = t.base.replace('/rt', '');
    expect((await fetch(`${outside}/healthz`)).status).toBe(404);
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(`${t.base}/client`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});
