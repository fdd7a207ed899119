import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { mintToken, registerOverHttp } from './support/relay-http.js';
import { startTestServer } from './support/server.js';

describe('graceful shutdown of SSE streams', () => {
  it('sends an open stream a close event with 1012 before the server stops', async () => {
    const t = await startTestServer();
    const site = await registerOverHttp(t.url);
    const source = new EventSource(`${t.url}/sse?token=${await mintToken(site)}&channels=news`);

    try {
      await new Promise((resolve, reject) => {
        source.addEventListener('ready', resolve);
        source.addEventListener('error', reject);
      });
      const closing = new Promise<MessageEvent>((resolve) => {
        source.addEventListener('close', resolve);
      });

      await t.stop();

      expect(JSON.parse((await closing).data)).toMatchObject({ code: 1012 });
    } finally {
      source.close();
    }
  });
});
