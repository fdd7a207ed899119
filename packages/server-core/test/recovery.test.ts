// §7 under an asynchronous history and a cluster: replay then live, no gap, no duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type History,
  type HistoryRead,
  MemoryBroker,
  MemoryBus,
  MemoryHistory,
  MemorySiteStore,
  type Origin,
  type Site,
} from '../src/index.js';
import { mintToken, publish, sleep, startRelay, TestClient, type TestRelay } from './helpers.js';

/** A history that answers after random delays, as a networked store would. */
class SlowHistory implements History {
  constructor(private readonly inner = new MemoryHistory()) {}

  async append(channel: string, message: { event: string; data: unknown; origin: Origin }) {
    await sleep(Math.random() * 3);
    const id = this.inner.append(channel, message);
    await sleep(Math.random() * 3);
    return id;
  }

  async read(channel: string, since?: string): Promise<HistoryRead> {
    await sleep(Math.random() * 5);
    const read = this.inner.read(channel, since);
    await sleep(Math.random() * 5);
    return read;
  }
}

const running: TestRelay[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  for (const t of running.splice(0)) await t.stop();
});

function offsets(messages: Record<string, unknown>[]): number[] {
  return messages.map((m) => Number(String(m.id).split(':')[1]));
}

describe('recovery with an asynchronous history', () => {
  it('hands over from replay to live without a gap or a duplicate while publishes continue', async () => {
    const t = await startRelay({ history: new SlowHistory() });
    running.push(t);
    const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });

    const first = await TestClient.connect(t, await mintToken(site));
    clients.push(first);
    const since = ((await first.subscribe(['feed'])).positions as Record<string, string>)
      .feed as string;
    first.ws.terminate();

    let stop = false;
    let sent = 0;
    const publisher = (async () => {
      while (!stop && sent < 400) {
        await Promise.all(
          [0, 1, 2].map(() => publish(t, site, { channel: 'feed', event: 'n', data: sent++ })),
        );
      }
    })();

    const resubscribers: TestClient[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(25);
      const again = await TestClient.connect(t, await mintToken(site));
      clients.push(again);
      resubscribers.push(again);
      const subscribed = await again.subscribe(['feed'], { feed: since });
      expect(subscribed.recovered).toEqual({ feed: true });
    }
    await sleep(40);
    stop = true;
    await publisher;

    const last = await (
      await publish(t, site, { channel: 'feed', event: 'end', data: null })
    ).json();
    const lastOffset = Number(last.id.split(':')[1]);
    for (const again of resubscribers) {
      await again.next((f) => f.event === 'end');
      const seen = offsets(again.take('message'));
      expect(seen).toEqual(Array.from({ length: lastOffset - 1 }, (_, i) => i + 1));
    }
  });
});

describe('a cluster over a shared broker and history', () => {
  async function cluster() {
    const bus = new MemoryBus();
    const sites = new MemorySiteStore();
    const history = new MemoryHistory();
    const nodes = [];
    for (let i = 0; i < 2; i++) {
      const t = await startRelay({ sites, history, broker: new MemoryBroker(bus) });
      running.push(t);
      nodes.push(t);
    }
    const site = await (nodes[0] as TestRelay).relay.registerSite({
      site_url: 'x',
      site_name: 'x',
    });
    return { nodes: nodes as [TestRelay, TestRelay], site };
  }

  async function client(t: TestRelay, site: Site, claims = {}) {
    const c = await TestClient.connect(t, await mintToken(site, claims));
    clients.push(c);
    return c;
  }

  it('delivers a message published on one node to a subscriber on the other', async () => {
    const { nodes, site } = await cluster();
    const c = await client(nodes[0], site);
    await c.subscribe(['posts']);
    await publish(nodes[1], site, { channel: 'posts', event: 'across', data: 1 });
    expect((await c.next('message')).event).toBe('across');
  });

  it('closes a site’s sockets on every node with 4003 when one node removes it', async () => {
    const { nodes, site } = await cluster();
    const c = await client(nodes[0], site);
    await nodes[1].relay.removeSite(site.site_key);
    expect((await c.waitClose()).code).toBe(4003);
  });

  it('announces presence across nodes and lists remote members in a sync', async () => {
    const { nodes, site } = await cluster();
    const one = await client(nodes[0], site, { user_id: '1' });
    const two = await client(nodes[1], site, { user_id: '2' });
    await one.subscribe(['room']);
    await two.subscribe(['room']);

    one.send({ type: 'presence', channel: 'room', state: { n: 1 } });
    await one.next((f) => f.event === 'wps.presence');
    const joined = await two.next((f) => f.event === 'wps.presence');
    expect(joined.data).toMatchObject({ action: 'join', user_id: '1' });

    two.send({ type: 'presence', channel: 'room', state: { n: 2 } });
    const sync = await two.next((f) => f.event === 'wps.presence');
    expect(
      (sync.data as { members: { user_id: string }[] }).members.map((m) => m.user_id).sort(),
    ).toEqual(['1', '2']);
  });
});

describe('a history bounded by bytes', () => {
  const big = (n: number) => `${n}${'x'.repeat(100_000)}`;

  async function relayWith(history: MemoryHistory) {
    const t = await startRelay({ history });
    running.push(t);
    const site = await t.relay.registerSite({ site_url: 'https://a.test', site_name: 'A' });
    const c = await TestClient.connect(t, await mintToken(site));
    clients.push(c);
    return { t, site, c };
  }

  it('evicts a channel’s oldest messages past its byte cap and says so on recovery', async () => {
    const { t, site, c } = await relayWith(new MemoryHistory({ maxChannelBytes: 350_000 }));
    const start = (await c.subscribe(['posts'])).positions as Record<string, string>;
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const answer = await publish(t, site, { channel: 'posts', event: 'e', data: big(n) });
      ids.push((await answer.json()).id);
    }

    const other = await TestClient.connect(t, await mintToken(site));
    clients.push(other);
    const lost = await other.subscribe(['posts'], { posts: start.posts as string });
    expect(lost.recovered).toEqual({ posts: false });

    const third = await TestClient.connect(t, await mintToken(site));
    clients.push(third);
    const kept = await third.subscribe(['posts'], { posts: ids[2] as string });
    expect(kept.recovered).toEqual({ posts: true });
  });

  it('evicts the oldest messages of any channel past the relay-wide budget', async () => {
    const { t, site, c } = await relayWith(new MemoryHistory({ maxBytes: 350_000 }));
    const start = (await c.subscribe(['a', 'b'])).positions as Record<string, string>;
    for (const channel of ['a', 'a', 'b', 'b']) {
      await publish(t, site, { channel, event: 'e', data: big(1) });
    }

    const other = await TestClient.connect(t, await mintToken(site));
    clients.push(other);
    const answer = await other.subscribe(['a', 'b'], {
      a: start.a as string,
      b: start.b as string,
    });
    expect(answer.recovered).toEqual({ a: false, b: true });
  });
});
