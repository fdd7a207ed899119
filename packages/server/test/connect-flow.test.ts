import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, hiddenFields, TestBrowser } from './support/browser.js';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';

let t: TestServer;
const CALLBACK = 'https://wp.example.test/wp-admin/admin.php?page=wordsocket&step=callback';

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.stop();
});

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function connectQuery(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    site_url: 'https://wp.example.test',
    site_name: 'My Blog',
    callback_url: CALLBACK,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

async function loggedIn(): Promise<TestBrowser> {
  const browser = new TestBrowser(t.url);
  await browser.logIn(OPERATOR_KEY);
  return browser;
}

/** Walks the connect flow to the callback redirect; returns the code and the redirect. */
async function approve(browser: TestBrowser, challenge: string) {
  const page = await (await browser.get(`/dashboard/connect?${connectQuery(challenge)}`)).text();
  const response = await browser.post('/dashboard/connect', {
    ...hiddenFields(page),
    decision: 'approve',
  });
  const location = new URL(response.headers.get('location') as string);
  return { response, location, code: location.searchParams.get('code') as string };
}

function exchange(body: Record<string, string>) {
  return fetch(`${t.url}/api/connect/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('one-click connect', () => {
  it('sends an operator who is not logged in to the login page and back', async () => {
    const query = connectQuery(pkce().challenge);
    const response = await new TestBrowser(t.url).get(`/dashboard/connect?${query}`);
    const location = response.headers.get('location') as string;

    expect(response.status).toBe(303);
    expect(new URL(location, t.url).searchParams.get('next')).toBe(`/dashboard/connect?${query}`);
  });

  it('shows the authorize page with the site escaped and a CSRF token', async () => {
    const browser = await loggedIn();
    const query = connectQuery(pkce().challenge, { site_name: '<img src=x onerror=alert(1)>' });
    const response = await browser.get(`/dashboard/connect?${query}`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    expect(hiddenField(page, 'csrf_token')).toMatch(/^[\w-]{20,}$/);
  });

  it('answers a connect link without an S256 challenge with 400', async () => {
    const browser = await loggedIn();
    const query = connectQuery(pkce().challenge, { code_challenge_method: 'plain' });
    const response = await browser.get(`/dashboard/connect?${query}`);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('S256');
  });

  it('answers a javascript: callback with 400', async () => {
    const browser = await loggedIn();
    const query = connectQuery(pkce().challenge, { callback_url: 'javascript:alert(1)' });

    expect((await browser.get(`/dashboard/connect?${query}`)).status).toBe(400);
  });

  it('refuses an approval without the CSRF token', async () => {
    const browser = await loggedIn();
    const form = Object.fromEntries(connectQuery(pkce().challenge));
    const response = await browser.post('/dashboard/connect', { ...form, decision: 'approve' });

    expect(response.status).toBe(403);
  });

  it('redirects to the callback with code and state on approval', async () => {
    const { response, location, code } = await approve(await loggedIn(), pkce().challenge);

    expect(response.status).toBe(303);
    expect(`${location.origin}${location.pathname}`).toBe(
      'https://wp.example.test/wp-admin/admin.php',
    );
    expect(location.searchParams.get('page')).toBe('wordsocket');
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(code).toMatch(/^\S{20,}$/);
  });

  it('redirects with error=access_denied when the operator denies', async () => {
    const browser = await loggedIn();
    const challenge = pkce().challenge;
    const page = await (await browser.get(`/dashboard/connect?${connectQuery(challenge)}`)).text();
    const response = await browser.post('/dashboard/connect', {
      ...hiddenFields(page),
      decision: 'deny',
    });
    const location = new URL(response.headers.get('location') as string);

    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('exchanges a code with its verifier for the credentials of the registered site', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await approve(await loggedIn(), challenge);

    const response = await exchange({ code, code_verifier: verifier, callback_url: CALLBACK });
    const credentials = (await response.json()) as Record<string, string>;

    expect(response.status).toBe(200);
    expect(credentials.site_key).toMatch(/^[0-9a-f]{64}$/);
    const sites = await t.server.relay.sites.list();
    const site = sites.find((s) => s.site_key === credentials.site_key);
    expect(site).toMatchObject({ site_name: 'My Blog', jwt_secret: credentials.jwt_secret });
  });

  it('accepts a code only once', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await approve(await loggedIn(), challenge);
    const body = { code, code_verifier: verifier, callback_url: CALLBACK };

    expect((await exchange(body)).status).toBe(200);
    const second = await exchange(body);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a wrong verifier and burns the code', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await approve(await loggedIn(), challenge);

    const wrong = await exchange({ code, code_verifier: pkce().verifier, callback_url: CALLBACK });
    const right = await exchange({ code, code_verifier: verifier, callback_url: CALLBACK });

    expect(wrong.status).toBe(400);
    expect(right.status).toBe(400);
  });

  it('refuses a callback URL other than the one the code was issued for', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await approve(await loggedIn(), challenge);

    const response = await exchange({
      code,
      code_verifier: verifier,
      callback_url: 'https://evil.test/cb',
    });

    expect(response.status).toBe(400);
  });

  it('refuses an expired code', async () => {
    const shortLived = await startTestServer({}, { connectCodeTtlMs: 300 });
    try {
      const browser = new TestBrowser(shortLived.url);
      await browser.logIn(OPERATOR_KEY);
      const { verifier, challenge } = pkce();
      const { code } = await approve(browser, challenge);
      expect(code).toMatch(/^\S{20,}$/);
      await new Promise((resolve) => setTimeout(resolve, 400));

      const response = await fetch(`${shortLived.url}/api/connect/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, code_verifier: verifier, callback_url: CALLBACK }),
      });

      expect(response.status).toBe(400);
    } finally {
      await shortLived.stop();
    }
  });

  it('answers a malformed exchange body with invalid_request', async () => {
    const response = await fetch(`${t.url}/api/connect/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('never writes codes, verifiers or secrets to the log', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await approve(await loggedIn(), challenge);
    const response = await exchange({ code, code_verifier: verifier, callback_url: CALLBACK });
    const credentials = (await response.json()) as Record<string, string>;
    const log = t.logText();

    expect(log).toContain('site_registered');
    for (const secret of [
      code,
      verifier,
      OPERATOR_KEY,
      credentials.jwt_secret,
      credentials.publish_secret,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
