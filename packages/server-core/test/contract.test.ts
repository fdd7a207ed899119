// The contract of docs/protocol.md, run over every transport a browser client may use:
// WebSocket (§5) and SSE with POST /client (§8, §4.3). Not parameterised, with the reason:
// - first-frame auth, 4008, in-band refresh, ping/pong, 1008, 1009, rate_limited and
//   too_many_channels: WebSocket mechanisms SSE does not have (an SSE stream authenticates
//   before it starts and is replaced to change its token or channels): test/websocket.test.ts;
// - token refusals and the connection limit: 4001/4003/4029 close codes on WebSocket
//   (test/websocket.test.ts), HTTP 401/403/429 before the stream on SSE (test/sse.test.ts);
// - the slow consumer (4009): a reader that stops reading needs a raw socket on each side
//   (test/websocket.test.ts, test/sse.test.ts);
// - Last-Event-ID and the `: ping` heartbeat: SSE only (test/sse.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHistory, type RelayOptions, type Site } from '../src/index.js';
import { mintToken, publish, sleep, startRelay, type TestRelay } from './helpers.js';
import { type Subscriber, transports } from './transports.js';

describe.each(transports)('contract over $name', (transport) => {
  const running: TestRelay[] = [];
  const open: Subscriber[] = [];

  async function setup(options: RelayOptions = {}) {
    const t = await startRelay(options);
    running.push(t);
    const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    return { t, site };
  }

  async function subscriber(
    t: TestRelay,
    site: Site,
    channels: string[],
    options: { since?: Record<string, string>; claims?: Record<string, unknown> } = {},
  ) {
    const s = await transport.open(
      t,
      await mintToken(site, options.claims),
      channels,
      options.since,
    );
    open.push(s);
    return s;
  }

  afterEach(async () => {
    for (const s of open.splice(0)) s.close();
    for (const t of running.splice(0)) await t.stop();
  });

  it('delivers a server publish with its position and origin', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['posts']);
    expect(s.announcement.channels).toEqual(['posts']);
    expect(s.announcement.positions).toEqual({ posts: expect.stringMatching(/^.+:0$/) });

    const body = await (await publish(t, site, { channel: 'posts', event: 'e', data: [1] })).json();
    const message = await s.nextMessage();
    expect(message).toMatchObject({
      type: 'message',
      channel: 'posts',
      event: 'e',
      data: [1],
      id: body.id,
      origin: 'server',
    });
  });

  it('delivers each message in the spelling the subscriber used', async () => {
    const { t, site } = await setup();
    const qualified = `site:${site.site_id}:posts`;
    const bare = await subscriber(t, site, ['posts']);
    const full = await subscriber(t, site, [qualified]);

    await publish(t, site, { channel: qualified, event: 'e', data: 1 });
    expect((await bare.nextMessage()).channel).toBe('posts');
    expect((await full.nextMessage()).channel).toBe(qualified);
  });

  it('refuses an invalid channel with an error naming it and keeps the connection', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['has space', 'site:nothex:x', 'posts']);
    expect(s.announcement.channels).toEqual(['posts']);

    const errors = [await s.nextError(), await s.nextError()];
    expect(errors.map((e) => [e.code, e.channel])).toEqual([
      ['invalid_channel', 'has space'],
      ['invalid_channel', 'site:nothex:x'],
    ]);

    await publish(t, site, { channel: 'posts', event: 'still', data: null });
    expect((await s.nextMessage()).event).toBe('still');
  });

  it('refuses a channel the token does not grant with forbidden, naming it', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['secret', 'public:1'], {
      claims: { allowed_channel_prefixes: ['public:'] },
    });
    expect(s.announcement.channels).toEqual(['public:1']);
    expect(await s.nextError()).toMatchObject({ code: 'forbidden', channel: 'secret' });
  });

  it('refuses a qualified channel of another site with forbidden', async () => {
    const { t, site } = await setup();
    const other = await t.relay.registerSite({ site_url: 'https://b.test', site_name: 'B' });
    const s = await subscriber(t, site, [`site:${other.site_id}:posts`]);
    expect(s.announcement.channels).toEqual([]);
    expect(await s.nextError()).toMatchObject({
      code: 'forbidden',
      channel: `site:${other.site_id}:posts`,
    });
  });

  it('acks a client publish and delivers it to every subscriber, the sender included', async () => {
    const { t, site } = await setup();
    const sender = await subscriber(t, site, ['chat']);
    const other = await subscriber(t, site, ['chat']);

    const outcome = await sender.publish({ channel: 'chat', event: 'say', data: { text: 'hi' } });
    expect(outcome).toEqual({ ok: true, id: expect.stringMatching(/:1$/) });
    const id = (outcome as { id: string }).id;

    for (const s of [sender, other]) {
      expect(await s.nextMessage()).toMatchObject({ event: 'say', id, origin: 'client' });
    }
  });

  it('refuses a client publish outside the publish grant with forbidden', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['posts'], {
      claims: { v: 2, allowed_publish_prefixes: ['chat'] },
    });
    expect(await s.publish({ channel: 'posts', event: 'x', data: 1 })).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect((await s.publish({ channel: 'chat', event: 'x', data: 1 })).ok).toBe(true);
  });

  it('refuses every publish for a v2 token without publish prefixes', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['posts'], { claims: { v: 2 } });
    expect(await s.publish({ channel: 'posts', event: 'x', data: 1 })).toEqual({
      ok: false,
      code: 'forbidden',
    });
  });

  it('replays 100 missed messages once, in order, then goes live', async () => {
    const { t, site } = await setup();
    const first = await subscriber(t, site, ['feed']);
    const since = (first.announcement.positions as Record<string, string>).feed as string;
    first.close();

    const messages = Array.from({ length: 100 }, (_, i) => ({
      channel: 'feed',
      event: 'n',
      data: i,
    }));
    expect((await publish(t, site, { messages })).status).toBe(200);

    const again = await subscriber(t, site, ['feed'], { since: { feed: since } });
    expect(again.announcement.recovered).toEqual({ feed: true });
    await publish(t, site, { channel: 'feed', event: 'live', data: 100 });
    await again.nextMessage((m) => m.event === 'live');

    const replayed = again.messages();
    expect(replayed.map((m) => m.data)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(again.announcement.positions).toEqual({ feed: replayed.at(-1)?.id });
  });

  it('answers recovered false when the log no longer reaches back', async () => {
    const { t, site } = await setup({ history: new MemoryHistory({ size: 10 }) });
    const first = await subscriber(t, site, ['feed']);
    const since = (first.announcement.positions as Record<string, string>).feed as string;
    first.close();

    const messages = Array.from({ length: 20 }, (_, i) => ({
      channel: 'feed',
      event: 'n',
      data: i,
    }));
    await publish(t, site, { messages });

    const again = await subscriber(t, site, ['feed'], { since: { feed: since } });
    expect(again.announcement.recovered).toEqual({ feed: false });
    await publish(t, site, { channel: 'feed', event: 'live', data: 1 });
    await again.nextMessage((m) => m.event === 'live');
    expect(again.messages()).toEqual([]);
  });

  it('answers recovered false for another epoch and for a future position', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['a', 'b'], {
      since: { a: 'otherepoch:3' },
    });
    expect(s.announcement.recovered).toEqual({ a: false });

    const head = (s.announcement.positions as Record<string, string>).b as string;
    const future = `${head.split(':')[0]}:99`;
    const again = await subscriber(t, site, ['b'], { since: { b: future } });
    expect(again.announcement.recovered).toEqual({ b: false });
  });

  it('relays binary to the other subscribers in their spelling, not back to the sender', async () => {
    const { t, site } = await setup();
    const sender = await subscriber(t, site, ['yjs:doc']);
    const other = await subscriber(t, site, [`site:${site.site_id}:yjs:doc`]);

    await sender.sendBinary('yjs:doc', new Uint8Array([1, 2, 3]));
    const received = await other.nextBinary();
    expect(received.channel).toBe(`site:${site.site_id}:yjs:doc`);
    expect([...received.payload]).toEqual([1, 2, 3]);

    await other.sendBinary(`site:${site.site_id}:yjs:doc`, new Uint8Array([9]));
    const back = await sender.nextBinary();
    expect(back.channel).toBe('yjs:doc');
    expect([...back.payload]).toEqual([9]);
  });

  it('sends sync to a joining member and join and leave to the others', async () => {
    const { t, site } = await setup();
    const first = await subscriber(t, site, ['room'], { claims: { user_id: '7' } });
    await first.presence('room', { name: 'Ann' });
    const sync = await first.nextMessage((m) => m.event === 'wps.presence');
    expect(sync.data).toEqual({
      action: 'sync',
      members: [{ id: first.connectionId, user_id: '7', state: { name: 'Ann' } }],
    });

    const second = await subscriber(t, site, ['room'], { claims: { user_id: '8' } });
    await second.presence('room', { name: 'Bob' });
    const joined = await first.nextMessage((m) => m.event === 'wps.presence');
    expect(joined.data).toEqual({
      action: 'join',
      id: second.connectionId,
      user_id: '8',
      state: { name: 'Bob' },
    });
    const secondSync = await second.nextMessage((m) => m.event === 'wps.presence');
    expect((secondSync.data as { members: unknown[] }).members).toHaveLength(2);

    await second.presence('room', null);
    const left = await first.nextMessage((m) => m.event === 'wps.presence');
    expect(left.data).toEqual({ action: 'leave', id: second.connectionId });
  });

  it('refuses presence on a channel the connection is not subscribed to', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['room']);
    const outcome = await s.presence('elsewhere', { a: 1 });
    if (transport.name === 'sse') {
      expect(outcome).toEqual({ ok: false, code: 'not_subscribed' });
    } else {
      expect(await s.nextError()).toMatchObject({ code: 'not_subscribed', channel: 'elsewhere' });
    }
  });

  it('closes with 4003 when the site is removed', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['posts']);
    await t.relay.removeSite(site.site_key);
    expect(await s.closeCode()).toBe(4003);
  });

  it('closes with 4001 when the token expires', async () => {
    const { t, site } = await setup({ timings: { clockSkewSec: 0 } });
    const now = Math.floor(Date.now() / 1000);
    const s = await subscriber(t, site, ['posts'], { claims: { exp: now + 2 } });
    expect(await s.closeCode()).toBe(4001);
  });

  it('closes with 1012 when the relay shuts down', async () => {
    const { t, site } = await setup();
    const s = await subscriber(t, site, ['posts']);
    const closing = t.relay.close();
    expect(await s.closeCode()).toBe(1012);
    await closing;
  });

  it('keeps delivering to a bystander while another client misbehaves', async () => {
    const { t, site } = await setup();
    const bystander = await subscriber(t, site, ['posts']);
    const other = await subscriber(t, site, ['posts', '']);
    await other.publish({ channel: 'x'.repeat(300), event: 'x', data: 1 });
    await other.publish({ channel: 'posts', event: 'wps.presence', data: 1 });
    await other.presence('posts', 'not an object');
    await sleep(20);

    await publish(t, site, { channel: 'posts', event: 'fine', data: 1 });
    expect((await bystander.nextMessage()).event).toBe('fine');
  });
});
