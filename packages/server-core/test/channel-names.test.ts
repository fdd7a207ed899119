// docs/protocol.md §2: `:` separates segments and no segment may be empty; a granted prefix
// ending in `:` is a prefix, not a channel name, and keeps granting what starts with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/index.js';
import { mintToken, publish, startRelay, TestClient, type TestRelay } from './helpers.js';

let t: TestRelay;
let site: Site;
const sockets: TestClient[] = [];

beforeEach(async () => {
  t = await startRelay();
  site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t.stop();
});

const EMPTY_SEGMENTS = [':', '::', 'a::b', 'a:', ':a', 'yjs::1'];

describe('channel names with an empty segment', () => {
  it('are refused on subscribe with invalid_channel, naming each', async () => {
    const client = await TestClient.connect(t, await mintToken(site));
    sockets.push(client);
    const qualified = `site:${site.site_id}:a::b`;
    const subscribed = await client.subscribe([...EMPTY_SEGMENTS, qualified, 'a:b']);

    expect(subscribed.channels).toEqual(['a:b']);
    const refused = [];
    for (let i = 0; i < EMPTY_SEGMENTS.length + 1; i++) refused.push(await client.next('error'));
    expect(refused.map((e) => [e.code, e.channel])).toEqual(
      [...EMPTY_SEGMENTS, qualified].map((name) => ['invalid_channel', name]),
    );
  });

  it.each(EMPTY_SEGMENTS)(
    'are refused on POST /publish with 400 invalid_channel (%s)',
    async (name) => {
      const response = await publish(t, site, { channel: name, event: 'e', data: 1 });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_channel' });
    },
  );

  it('leave a granted prefix ending in : working', async () => {
    const client = await TestClient.connect(
      t,
      await mintToken(site, {
        allowed_channel_prefixes: ['room:'],
        v: 2,
        allowed_publish_prefixes: ['room:'],
      }),
    );
    sockets.push(client);
    expect((await client.subscribe(['room:1'])).channels).toEqual(['room:1']);

    client.send({ type: 'message', channel: 'room:1', event: 'hi', data: 1, ref: 'r1' });
    expect(await client.next('ack')).toMatchObject({ ref: 'r1' });
    expect(await client.next('message')).toMatchObject({ channel: 'room:1', event: 'hi' });
  });
});

describe('the wps. prefix (§2, §4.2, §5.2)', () => {
  it('reserves event names, not channel names', async () => {
    const client = await TestClient.connect(t, await mintToken(site));
    sockets.push(client);
    expect((await client.subscribe(['wps.presence'])).channels).toEqual(['wps.presence']);

    const published = await publish(t, site, { channel: 'wps.presence', event: 'e', data: 1 });
    expect(published.status).toBe(200);
    expect(await client.next('message')).toMatchObject({ channel: 'wps.presence', event: 'e' });

    const forged = await publish(t, site, { channel: 'wps.presence', event: 'wps.presence' });
    expect(forged.status).toBe(400);
    client.send({ type: 'message', channel: 'wps.presence', event: 'wps.x', data: 1, ref: 'r' });
    expect(await client.next('error')).toMatchObject({ code: 'invalid_frame', ref: 'r' });
  });
});
