import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, launchChromium } from '../../../test-support/chromium.js';
import { requireService } from '../../../test-support/services';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';

const chromiumAvailable = requireService(
  'Chromium',
  chromiumInstalled,
  'install it with scripts/install-system-deps.sh',
);

let t: TestServer;
let browser: Browser;

describe.runIf(chromiumAvailable)('demo page in Chromium', () => {
  beforeAll(async () => {
    t = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('connects, and shows what it publishes both ways after the operator logs in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${t.url}/`);
    await page.click('main .actions a');
    await page.fill('#key', OPERATOR_KEY);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.url}/demo`);
    await page.locator('#status.connected').waitFor({ timeout: 10_000 });

    await page.fill('#text', 'from the server button');
    await page.click('#publish-server');
    await page.locator('#log .entry', { hasText: 'from the server button' }).waitFor();

    await page.fill('#text', 'from the browser button');
    await page.click('#publish-client');
    const entry = page.locator('#log .entry', { hasText: 'from the browser button' });
    await entry.waitFor();

    expect(await entry.textContent()).toContain('client demo');
    expect(errors).toEqual([]);
  }, 45_000);

  it('walks the one-click connect from login to the callback, whose code exchanges', async () => {
    const callbacks: URL[] = [];
    const wordpress = createServer((req, res) => {
      callbacks.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.end('connected');
    });
    await new Promise<void>((resolve) => wordpress.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(wordpress.address() as AddressInfo).port}/wp-admin/cb`;

    try {
      const verifier = randomBytes(32).toString('base64url');
      const query = new URLSearchParams({
        site_url: 'http://127.0.0.1/',
        site_name: 'Browser blog',
        callback_url: callbackUrl,
        state: 'st',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      });
      const page = await browser.newPage();
      await page.goto(`${t.url}/dashboard/connect?${query}`);
      await page.fill('#key', OPERATOR_KEY);
      await page.click('button[type=submit]');
      await page.click('button[value=approve]');
      await page.waitForURL((url) => url.href.startsWith(callbackUrl));

      const code = callbacks[0]?.searchParams.get('code') as string;
      const response = await fetch(`${t.url}/api/connect/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, code_verifier: verifier, callback_url: callbackUrl }),
      });

      expect(callbacks[0]?.searchParams.get('state')).toBe('st');
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveProperty('jwt_secret');
    } finally {
      wordpress.close();
    }
  }, 45_000);
});
