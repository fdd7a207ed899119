import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/index.js';
import { mintToken, publish, startRelay, TestClient, type TestRelay } from './helpers.js';

describe('a relay on 127.0.0.1', () => {
  let t: TestRelay;
  let site: Site;

  beforeEach(async () => {
    t = await startRelay();
    site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
  });
  afterEach(() => t.stop());

  it('delivers a published message to a subscriber', async () => {
    const client = await TestClient.connect(t, await mintToken(site));
    const subscribed = await client.subscribe(['posts']);
    expect(subscribed.channels).toEqual(['posts']);

    const response = await publish(t, site, {
      channel: 'posts',
      event: 'created',
      data: { id: 1 },
    });
    expect(response.status).toBe(200);
    const body = await response.json();

    const message = await client.next('message');
    expect(message).toEqual({
      type: 'message',
      channel: 'posts',
      event: 'created',
      data: { id: 1 },
      id: body.id,
      origin: 'server',
    });
    client.close();
  });
});
