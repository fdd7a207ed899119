import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../src/dashboard/login-throttle.js';
import { MAX_FORM_BYTES } from '../src/http/forms.js';
import { hiddenField, TestBrowser } from './support/browser.js';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.stop();
});

describe('dashboard login', () => {
  it('sends an anonymous visitor of /dashboard to the login page', async () => {
    const response = await new TestBrowser(t.url).get('/dashboard');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard');
  });

  it('serves the login page unframeable, uncached and with a strict CSP', async () => {
    const response = await new TestBrowser(t.url).get('/dashboard/login');

    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('logs in with the operator key and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const browser = new TestBrowser(t.url);
    const response = await browser.logIn(OPERATOR_KEY);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('wordsocket_session='));

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await browser.get('/dashboard')).status).toBe(200);
  });

  it('refuses a wrong key with 401 and no session', async () => {
    const browser = new TestBrowser(t.url);
    const response = await browser.logIn('not-the-key');

    expect(response.status).toBe(401);
    expect(browser.cookies.has('wordsocket_session')).toBe(false);
  });

  it('refuses a login post without the login form token', async () => {
    const browser = new TestBrowser(t.url);
    const response = await browser.post('/dashboard/login', {
      key: OPERATOR_KEY,
      login_token: 'x',
    });

    expect(response.status).toBe(403);
    expect(browser.cookies.has('wordsocket_session')).toBe(false);
  });

  it('refuses a login post from another origin', async () => {
    const browser = new TestBrowser(t.url);
    const page = await (await browser.get('/dashboard/login')).text();
    browser.origin = 'http://evil.test';
    const response = await browser.post('/dashboard/login', {
      key: OPERATOR_KEY,
      login_token: hiddenField(page, 'login_token'),
    });

    expect(response.status).toBe(403);
  });

  it('continues to a local next path but never to another site', async () => {
    const browser = new TestBrowser(t.url);
    const page = await (await browser.get('/dashboard/login')).text();
    const response = await browser.post('/dashboard/login', {
      key: OPERATOR_KEY,
      login_token: hiddenField(page, 'login_token'),
      next: '//evil.test/x',
    });

    expect(response.headers.get('location')).toBe('/dashboard');
  });

  it.each([
    ['a tab', '/\t/evil.example'],
    ['a newline', '/\n/x'],
    ['a carriage return', '/\r/x'],
    ['a backslash', '/\\evil.example'],
    ['a scheme', 'http://evil.example'],
  ])('continues to /dashboard when next hides another origin behind %s', async (_, next) => {
    const browser = new TestBrowser(t.url);
    const page = await (
      await browser.get(`/dashboard/login?next=${encodeURIComponent(next)}`)
    ).text();
    expect(hiddenField(page, 'next')).toBe('/dashboard');

    const response = await browser.post('/dashboard/login', {
      key: OPERATOR_KEY,
      login_token: hiddenField(page, 'login_token'),
      next,
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
  });

  it('ends the session on logout', async () => {
    const browser = new TestBrowser(t.url);
    await browser.logIn(OPERATOR_KEY);
    const csrf = await browser.csrfToken();
    const cookie = browser.cookies.get('wordsocket_session') as string;

    await browser.post('/dashboard/logout', { csrf_token: csrf });

    const stale = new TestBrowser(t.url);
    stale.cookies.set('wordsocket_session', cookie);
    expect((await stale.get('/dashboard')).status).toBe(303);
  });

  it('blocks a client after repeated failures, even with the right key', async () => {
    const throttled = await startTestServer();
    try {
      const browser = new TestBrowser(throttled.url);
      for (let n = 0; n < MAX_FAILURES; n++) await browser.logIn('wrong');

      expect((await browser.logIn(OPERATOR_KEY)).status).toBe(429);
    } finally {
      await throttled.stop();
    }
  });
});

describe('dashboard sites', () => {
  it('registers a site from the form and shows its credentials once', async () => {
    const browser = new TestBrowser(t.url);
    await browser.logIn(OPERATOR_KEY);
    const response = await browser.post('/dashboard/sites', {
      csrf_token: await browser.csrfToken(),
      site_url: 'https://form.test',
      site_name: 'Form <b>site</b>',
    });
    const page = await response.text();

    expect(response.status).toBe(201);
    expect(page).toMatch(/publish_secret=[0-9a-f]{64}/);
    expect(page).toContain('Form &lt;b&gt;site&lt;/b&gt;');
    expect(await (await browser.get('/dashboard')).text()).not.toMatch(/publish_secret/);
  });

  it('refuses a form post without the CSRF token', async () => {
    const browser = new TestBrowser(t.url);
    await browser.logIn(OPERATOR_KEY);
    const response = await browser.post('/dashboard/sites', {
      site_url: 'https://form.test',
      site_name: 'x',
    });

    expect(response.status).toBe(403);
  });

  it('answers a form over 64 KiB with 413 and says it is too large', async () => {
    const browser = new TestBrowser(t.url);
    await browser.logIn(OPERATOR_KEY);
    const response = await browser.post('/dashboard/sites', {
      csrf_token: await browser.csrfToken(),
      site_url: 'https://form.test',
      site_name: 'x'.repeat(MAX_FORM_BYTES),
    });
    const page = await response.text();

    expect(response.status).toBe(413);
    expect(page).toContain('larger than 64 KiB');
    expect(page).not.toContain('not from this page');
  });

  it('answers a login form over 64 KiB with 413', async () => {
    const browser = new TestBrowser(t.url);
    const page = await (await browser.get('/dashboard/login')).text();
    const response = await browser.post('/dashboard/login', {
      key: 'k'.repeat(MAX_FORM_BYTES),
      login_token: hiddenField(page, 'login_token'),
    });

    expect(response.status).toBe(413);
    expect(await response.text()).toContain('larger than 64 KiB');
  });

  it('answers a bad site URL with 400 and a message', async () => {
    const browser = new TestBrowser(t.url);
    await browser.logIn(OPERATOR_KEY);
    const response = await browser.post('/dashboard/sites', {
      csrf_token: await browser.csrfToken(),
      site_url: 'javascript:alert(1)',
      site_name: 'x',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('absolute http');
  });
});
