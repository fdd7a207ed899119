// docs/protocol.md §4.3 and §8: only the stream that got a `connection_secret` in its `ready`
// event may act for its `connection_id` over HTTP. Visitors all share user_id "0", and presence
// broadcasts every member's id, so the id alone proves nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/index.js';
import { mintToken, startRelay, TestClient, type TestRelay } from './helpers.js';
import { SseClient } from './sse-client.js';

let t: TestRelay;
let site: Site;
const streams: SseClient[] = [];
const sockets: TestClient[] = [];

beforeEach(async () => {
  t = await startRelay();
  site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const s of sockets.splice(0)) s.close();
  await t.stop();
});

const visitor = () => mintToken(site, { user_id: '0' });

async function stream(channel: string) {
  const token = await visitor();
  const sse = await SseClient.open(
    `${t.base}/sse?${new URLSearchParams({ token, channels: channel })}`,
  );
  streams.push(sse);
  const ready = await sse.next('ready');
  return {
    sse,
    token,
    id: ready.connection_id as string,
    secret: ready.connection_secret as string,
  };
}

async function post(path: string, token: string, body: BodyInit) {
  const response = await fetch(`${t.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const presence = (token: string, frame: Record<string, unknown>) =>
  post('/client', token, JSON.stringify({ type: 'presence', channel: 'room:s', ...frame }));

describe('connection_secret', () => {
  it('is sent in ready and is not the connection_id', async () => {
    const victim = await stream('room:s');
    expect(victim.secret).toEqual(expect.any(String));
    expect(victim.secret.length).toBeGreaterThanOrEqual(32);
    expect(victim.secret).not.toBe(victim.id);
  });

  it('refuses presence forged or cleared for another visitor’s stream with 403', async () => {
    const observer = await TestClient.connect(t, await visitor());
    sockets.push(observer);
    await observer.subscribe(['room:s']);
    const isPresence = (f: Record<string, unknown>) => f.event === 'wps.presence';

    const victim = await stream('room:s');
    const joined = await presence(victim.token, {
      state: { name: 'Vic' },
      connection_id: victim.id,
      connection_secret: victim.secret,
    });
    expect(joined.status).toBe(204);
    expect((await observer.next(isPresence)).data).toMatchObject({
      action: 'join',
      id: victim.id,
      state: { name: 'Vic' },
    });

    const attacker = await stream('room:s');
    const forged = { state: { name: 'FORGED' }, connection_id: victim.id };
    for (const attempt of [
      forged,
      { ...forged, connection_secret: attacker.secret },
      { ...forged, connection_secret: '' },
      { ...forged, connection_secret: 42 },
      { state: null, connection_id: victim.id },
      { state: null, connection_id: victim.id, connection_secret: attacker.secret },
    ]) {
      expect(await presence(attacker.token, attempt)).toMatchObject({
        status: 403,
        body: { error: 'forbidden' },
      });
    }

    // The next presence message the observer sees is the victim's own update: nothing forged
    // and no leave came before it.
    await presence(victim.token, {
      state: { name: 'Vic again' },
      connection_id: victim.id,
      connection_secret: victim.secret,
    });
    expect((await observer.next(isPresence)).data).toMatchObject({
      action: 'join',
      id: victim.id,
      state: { name: 'Vic again' },
    });
  });

  it('refuses a binary exclusion naming another stream with 403 and delivers nothing', async () => {
    const victim = await stream('yjs:doc');
    const attacker = await stream('yjs:doc');
    const channel = encodeURIComponent('yjs:doc');

    for (const query of [
      `connection_id=${victim.id}`,
      `connection_id=${victim.id}&connection_secret=${attacker.secret}`,
      `connection_id=${victim.id}&connection_secret=`,
    ]) {
      const answer = await post(
        `/client/binary?channel=${channel}&${query}`,
        attacker.token,
        new Uint8Array([9]),
      );
      expect(answer).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }

    // The attacker's own exclusion, proven by its own secret, still works; the victim gets it.
    const own = await post(
      `/client/binary?channel=${channel}&connection_id=${attacker.id}&connection_secret=${attacker.secret}`,
      attacker.token,
      new Uint8Array([1, 2, 3]),
    );
    expect(own.status).toBe(204);
    const received = await victim.sse.next('binary');
    expect(Buffer.from(received.data as string, 'base64')).toEqual(Buffer.from([1, 2, 3]));
  });
});
