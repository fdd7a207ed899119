import { type ChildProcess, spawn } from 'node:child_process';
import { WordSocketClient } from '@wordsocket/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM, chromiumInstalled, launchChromium } from '../../../test-support/chromium.js';
import { requireService } from '../../../test-support/services.js';

/** The example server as a user starts it (`npm start`), on a free port of 127.0.0.1. */
describe('the theme page example', () => {
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    server = spawn(process.execPath, ['server.mjs'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      server.stdout?.on('data', (chunk: Buffer) => {
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString())?.[0];
        if (url) resolve(url);
      });
    });
  }, 30_000);

  afterAll(async () => {
    if (server.exitCode !== null) return;
    await new Promise((resolve) => {
      server.once('exit', resolve);
      server.kill('SIGTERM');
    });
  });

  it('serves a token and refuses keys for channels the visitor may not read', async () => {
    const token = await (await fetch(`${base}/token`)).json();
    const refused = await fetch(`${base}/keys?channel=private`);

    expect(token.token.split('.')).toHaveLength(3);
    expect(refused.status).toBe(403);
  });

  it('delivers a published post, decrypted, to a client using its endpoints', async () => {
    const client = new WordSocketClient({
      url: `${base}/relay`,
      WebSocket,
      getToken: async () => (await (await fetch(`${base}/token`)).json()).token,
      getChannelKey: async (channel) =>
        (await (await fetch(`${base}/keys?channel=${channel}`)).json()).key,
    });
    const received = new Promise<unknown>((resolve) => client.on('message', resolve));
    client.connect();
    await client.subscribe('posts');

    await fetch(`${base}/demo/publish`, { method: 'POST' });

    expect(await received).toMatchObject({
      event: 'post.published',
      origin: 'server',
      encryption: 2,
      data: { title: expect.stringMatching(/^Hello from post #\d+$/) },
    });
    client.close();
  });

  it.runIf(requireService('chromium', chromiumInstalled, `${CHROMIUM} is missing`))(
    'shows a post published while the page is open, in Chromium',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${base}/`);
        await page.waitForSelector('#status[data-state="connected"]', { timeout: 10_000 });

        await page.click('#publish');
        const item = await page.waitForSelector('#posts li', { timeout: 10_000 });

        expect(await item.textContent()).toMatch(/^Hello from post #\d+$/);
      } finally {
        await browser.close();
      }
    },
    30_000,
  );
});
