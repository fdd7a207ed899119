// A token of site A can neither read nor write any channel of site B (docs/protocol.md §2, §3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBinaryFrame, type Site } from '../src/index.js';
import {
  mintToken,
  publish,
  signHeaders,
  startRelay,
  TestClient,
  type TestRelay,
} from './helpers.js';
import { SseClient } from './sse-client.js';

let t: TestRelay;
let a: Site;
let b: Site;
let bClient: TestClient;
let aClient: TestClient;

beforeEach(async () => {
  t = await startRelay();
  a = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
  b = await t.relay.registerSite({ site_url: 'https://b.test', site_name: 'B' });
  bClient = await TestClient.connect(t, await mintToken(b));
  await bClient.subscribe(['posts', 'yjs:doc']);
  aClient = await TestClient.connect(t, await mintToken(a));
});

afterEach(async () => {
  aClient.ws.terminate();
  bClient.ws.terminate();
  await t.stop();
});

const bPosts = () => `site:${b.site_id}:posts`;

/** B's subscriber got nothing from A: the next thing it sees is B's own publish. */
async function bSawNothing() {
  await publish(t, b, { channel: 'posts', event: 'from-b', data: 1 });
  expect((await bClient.next('message')).event).toBe('from-b');
  expect(bClient.frames).toEqual([]);
}

describe('cross-site isolation', () => {
  it('keeps the same bare name apart per site', async () => {
    await aClient.subscribe(['posts']);
    await publish(t, a, { channel: 'posts', event: 'from-a', data: 1 });
    expect((await aClient.next('message')).event).toBe('from-a');
    await bSawNothing();
  });

  it('refuses A subscribing to B’s channel', async () => {
    const subscribed = await aClient.subscribe([bPosts()]);
    expect(subscribed.channels).toEqual([]);
    expect(await aClient.next('error')).toMatchObject({ code: 'forbidden', channel: bPosts() });
  });

  it('refuses A publishing to B’s channel over WebSocket', async () => {
    aClient.send({ type: 'message', channel: bPosts(), event: 'x', data: 1, ref: 'r' });
    expect(await aClient.next('error')).toMatchObject({ code: 'forbidden', ref: 'r' });
    aClient.ws.send(encodeBinaryFrame(`site:${b.site_id}:yjs:doc`, new Uint8Array([1])));
    expect(await aClient.next('error')).toMatchObject({ code: 'forbidden' });
    await bSawNothing();
  });

  it('refuses A’s publish key for B’s channel', async () => {
    const body = JSON.stringify({ channel: bPosts(), event: 'x', data: 1 });
    const response = await fetch(`${t.base}/publish`, {
      method: 'POST',
      headers: signHeaders(a, body),
      body,
    });
    expect(response.status).toBe(403);
    await bSawNothing();
  });

  it('refuses A’s token over SSE and POST /client for B’s channel', async () => {
    const token = await mintToken(a);
    const stream = await SseClient.open(`${t.base}/sse?token=${token}&channels=${bPosts()}`);
    expect((await stream.next('ready')).channels).toEqual([]);
    expect(await stream.next('error')).toMatchObject({ code: 'forbidden', channel: bPosts() });
    stream.close();

    const response = await fetch(`${t.base}/client`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', channel: bPosts(), event: 'x', data: 1 }),
    });
    expect(response.status).toBe(403);
    await bSawNothing();
  });

  it('grants nothing through a prefix written for B', async () => {
    const client = await TestClient.connect(
      t,
      await mintToken(a, { allowed_channel_prefixes: [`site:${b.site_id}:`] }),
    );
    await client.subscribe(['posts']);
    expect(await client.next('error')).toMatchObject({ code: 'forbidden', channel: 'posts' });
    client.ws.terminate();
  });
});
