import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOverHttp } from './support/relay-http.js';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.stop();
});

describe('HTTP endpoints', () => {
  it('answers /healthz with status ok', async () => {
    const response = await fetch(`${t.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('sends visitors of / to the demo', async () => {
    const response = await fetch(`${t.url}/`, { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/demo');
  });

  it('answers an unknown path with the contract not_found error', async () => {
    const response = await fetch(`${t.url}/nope`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('registers a site with the operator key and answers its three credentials', async () => {
    const credentials = await registerOverHttp(t.url);

    expect(credentials.site_key).toMatch(/^[0-9a-f]{64}$/);
    expect(credentials.publish_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(credentials.jwt_secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs a site registered through the API with its id, never its secrets', async () => {
    const credentials = await registerOverHttp(t.url);

    const line = t.logs().find((entry) => entry.event === 'site_registered' && entry.via === 'api');
    expect(line).toBeDefined();
    expect(t.logText()).not.toContain(credentials.publish_secret);
    expect(t.logText()).not.toContain(credentials.jwt_secret);
  });

  it('refuses registration with a wrong operator key', async () => {
    const response = await fetch(`${t.url}/api/sites/register`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ site_url: 'https://x.test', site_name: 'x' }),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('serves the stylesheet and the demo script with their content types', async () => {
    const css = await fetch(`${t.url}/assets/wordsocket.css`);
    const js = await fetch(`${t.url}/assets/demo.js`);

    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});

describe('/metrics', () => {
  it('refuses a scrape without the operator key', async () => {
    const response = await fetch(`${t.url}/metrics`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a scrape with a wrong key', async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer nope' } });

    expect(response.status).toBe(401);
  });

  it('answers Prometheus text with the operator key as Bearer', async () => {
    const response = await fetch(`${t.url}/metrics`, {
      headers: { authorization: `Bearer ${OPERATOR_KEY}` },
    });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE wordsocket_connections gauge');
    expect(text).toMatch(/^wordsocket_messages_published_total \d+$/m);
    expect(text).toMatch(/^wordsocket_http_responses_total\{class="2xx"\} \d+$/m);
  });
});

describe('malformed requests', () => {
  function rawRequest(text: string): Promise<string> {
    const { port } = new URL(t.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk;
        if (received.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
    });
  }

  it('answers a request with an unparseable Host header with 400 invalid_request', async () => {
    const head = await rawRequest('GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n');

    expect(head.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('answers an oversized login form with 413 and no session', async () => {
    const response = await fetch(`${t.url}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `key=${'k'.repeat(70_000)}`,
    });

    expect(response.status).toBe(413);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('wordsocket_session'))).toBe(
      false,
    );
  });
});
