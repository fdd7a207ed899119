import { afterEach, describe, expect, it } from 'vitest';
import {
  type ConnectionCounter,
  MemoryBroker,
  MemoryBus,
  MemoryConnectionCounter,
  MemorySiteStore,
  type PresenceContext,
  type PresenceMember,
  type PresenceStore,
  type RelayEvents,
  type RelayOptions,
  type Site,
} from '../src/index.js';
import { mintToken, signHeaders, startRelay, TestClient, type TestRelay } from './helpers.js';

const running: TestRelay[] = [];
const clients: TestClient[] = [];
let statsClock = Date.now();

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const t of running.splice(0)) await t.stop();
});

async function node(options: RelayOptions): Promise<TestRelay> {
  const t = await startRelay(options);
  running.push(t);
  return t;
}

async function client(t: TestRelay, site: Site, claims = {}): Promise<TestClient> {
  const c = await TestClient.connect(t, await mintToken(site, claims));
  clients.push(c);
  return c;
}

/** Opens a socket and resolves `auth_ok`, or the close code when the relay refuses it. */
async function attempt(t: TestRelay, site: Site): Promise<'admitted' | number> {
  const c = new TestClient(t.wsUrl);
  clients.push(c);
  await c.opened;
  c.send({ type: 'auth', token: await mintToken(site) });
  try {
    await c.next('auth_ok');
    return 'admitted';
  } catch {
    return (await c.waitClose()).code;
  }
}

/** `GET /site/stats`, each call with its own timestamp so no signature repeats. */
async function stats(t: TestRelay, site: Site): Promise<Record<string, unknown>> {
  statsClock += 1;
  const response = await fetch(`${t.base}/site/stats`, {
    headers: signHeaders(site, '', statsClock),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Polls until `check` holds, at most `ms`; answers whether it did. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** A counter that answers later, as a networked one would. */
class AsyncCounter implements ConnectionCounter {
  readonly inner = new MemoryConnectionCounter();
  gate: Promise<void> = Promise.resolve();

  async acquire(siteId: string, limit: number): Promise<boolean> {
    await this.gate;
    return this.inner.acquire(siteId, limit);
  }
  async release(siteId: string): Promise<void> {
    this.inner.release(siteId);
  }
  async count(siteId: string): Promise<number> {
    return this.inner.count(siteId);
  }
}

async function limitedSite(t: TestRelay, max: number): Promise<Site> {
  return t.relay.registerSite({ site_url: 'x', site_name: 'x', max_connections: max });
}

describe('a shared connection counter', () => {
  it('holds one limit across relays that share it and reports their total in /site/stats', async () => {
    const sites = new MemorySiteStore();
    const connectionCounter = new MemoryConnectionCounter();
    const a = await node({ sites, connectionCounter });
    const b = await node({ sites, connectionCounter });
    const site = await limitedSite(a, 2);

    expect(await attempt(a, site)).toBe('admitted');
    expect(await attempt(b, site)).toBe('admitted');
    expect(await attempt(a, site)).toBe(4029);
    expect(await attempt(b, site)).toBe(4029);
    expect(await stats(b, site)).toEqual({ active_connections: 2, max_connections: 2 });
    expect(a.relay.activeConnections(site.site_id)).toBe(1);
  });

  it('waits for an asynchronous counter: refusals close with 4029 or answer 429', async () => {
    const connectionCounter = new AsyncCounter();
    const t = await node({ connectionCounter });
    const site = await limitedSite(t, 1);

    const first = await client(t, site);
    expect(await attempt(t, site)).toBe(4029);
    const sse = await fetch(`${t.base}/sse?channels=a&token=${await mintToken(site)}`);
    expect(sse.status).toBe(429);
    await sse.body?.cancel();

    first.close();
    expect(await eventually(() => connectionCounter.inner.count(site.site_id) === 0)).toBe(true);
    expect(await attempt(t, site)).toBe('admitted');
  });

  it('gives the slot back when the socket goes while the counter answers', async () => {
    const connectionCounter = new AsyncCounter();
    let open: () => void = () => undefined;
    connectionCounter.gate = new Promise((resolve) => {
      open = resolve;
    });
    const t = await node({ connectionCounter });
    const site = await limitedSite(t, 1);

    const c = new TestClient(t.wsUrl);
    clients.push(c);
    await c.opened;
    c.send({ type: 'auth', token: await mintToken(site) });
    await eventually(() => t.relay.metrics().connections === 1);
    c.close();
    await c.closed;
    await eventually(() => t.relay.metrics().connectionsClosed === 1);
    open();

    expect(await eventually(() => connectionCounter.inner.count(site.site_id) === 0)).toBe(true);
    expect(await attempt(t, site)).toBe('admitted');
  });

  it('reports a failing counter and decides by this node’s own count', async () => {
    const failing: ConnectionCounter = {
      acquire: () => Promise.reject(new Error('counter down')),
      release: () => Promise.reject(new Error('counter down')),
      count: () => Promise.reject(new Error('counter down')),
    };
    const t = await node({ connectionCounter: failing });
    const errors: RelayEvents['error'][] = [];
    t.relay.on('error', (e) => errors.push(e));
    const site = await limitedSite(t, 1);

    expect(await attempt(t, site)).toBe('admitted');
    expect(await attempt(t, site)).toBe(4029);
    expect(await stats(t, site)).toEqual({ active_connections: 1, max_connections: 1 });
    expect(errors.map((e) => e.context)).toEqual([
      'connections.acquire',
      'connections.acquire',
      'connections.count',
    ]);
  });
});

/** Presence members of every relay in one process, with a hook to end a "dead" relay's. */
class SharedPresence {
  readonly channels = new Map<string, Map<string, PresenceMember>>();
  readonly contexts: PresenceContext[] = [];
  failReads = false;

  store(): PresenceStore {
    return {
      start: (context) => {
        this.contexts.push(context);
      },
      join: (channel, member) => {
        const members = this.channels.get(channel) ?? new Map<string, PresenceMember>();
        members.set(member.id, member);
        this.channels.set(channel, members);
      },
      leave: (channel, id) => {
        this.channels.get(channel)?.delete(id);
      },
      members: (channel) => {
        if (this.failReads) return Promise.reject(new Error('store down'));
        return [...(this.channels.get(channel)?.values() ?? [])];
      },
    };
  }
}

describe('a presence store', () => {
  async function cluster(shared: SharedPresence) {
    const bus = new MemoryBus();
    const sites = new MemorySiteStore();
    const options = () => ({ sites, broker: new MemoryBroker(bus), presenceStore: shared.store() });
    const first = await node(options());
    const site = await first.relay.registerSite({ site_url: 'x', site_name: 'x' });
    return { first, site, later: () => node(options()) };
  }

  it('lists in a sync the members other relays joined before this one started', async () => {
    const shared = new SharedPresence();
    const { first, site, later } = await cluster(shared);
    const early = await client(first, site, { user_id: 'early' });
    await early.subscribe(['room']);
    early.send({ type: 'presence', channel: 'room', state: { at: 'first' } });
    await early.next((f) => f.event === 'wps.presence');

    const second = await later();
    const late = await client(second, site, { user_id: 'late' });
    await late.subscribe(['room']);
    late.send({ type: 'presence', channel: 'room', state: { at: 'second' } });
    const sync = await late.next((f) => f.event === 'wps.presence');

    expect(sync.data).toEqual({
      action: 'sync',
      members: [
        { id: late.authOk.connection_id, user_id: 'late', state: { at: 'second' } },
        { id: early.authOk.connection_id, user_id: 'early', state: { at: 'first' } },
      ],
    });
  });

  it('announces as leaving, on every relay, the members the store says are gone', async () => {
    const shared = new SharedPresence();
    const { first, site, later } = await cluster(shared);
    const second = await later();
    const watcher = await client(first, site);
    const other = await client(second, site);
    await watcher.subscribe(['room']);
    await other.subscribe(['room']);

    (shared.contexts[1] as PresenceContext).left(`site:${site.site_id}:room`, ['gone']);

    for (const c of [watcher, other]) {
      const leave = await c.next((f) => f.event === 'wps.presence');
      expect(leave).toMatchObject({ channel: 'room', data: { action: 'leave', id: 'gone' } });
    }
  });

  it('announces again, to the others, a member the store wrote back', async () => {
    const shared = new SharedPresence();
    const { first, site, later } = await cluster(shared);
    const second = await later();
    const restoredOne = await client(first, site, { user_id: 'r' });
    const other = await client(second, site);
    await restoredOne.subscribe(['room']);
    await other.subscribe(['room']);
    restoredOne.send({ type: 'presence', channel: 'room', state: { n: 1 } });
    await other.next((f) => f.event === 'wps.presence');

    const id = String(restoredOne.authOk.connection_id);
    const channel = `site:${site.site_id}:room`;
    (shared.contexts[0] as PresenceContext).restored(channel, {
      id,
      user_id: 'r',
      state: { n: 1 },
    });

    const join = await other.next((f) => f.event === 'wps.presence');
    expect(join.data).toEqual({ action: 'join', id, user_id: 'r', state: { n: 1 } });
  });

  it('falls back to the members this relay knows when the store cannot be read', async () => {
    const shared = new SharedPresence();
    const { first, site } = await cluster(shared);
    const errors: RelayEvents['error'][] = [];
    first.relay.on('error', (e) => errors.push(e));
    shared.failReads = true;

    const c = await client(first, site, { user_id: '7' });
    await c.subscribe(['room']);
    c.send({ type: 'presence', channel: 'room', state: {} });
    const sync = await c.next((f) => f.event === 'wps.presence');

    expect(sync.data).toEqual({
      action: 'sync',
      members: [{ id: c.authOk.connection_id, user_id: '7', state: {} }],
    });
    expect(errors.map((e) => e.context)).toEqual(['presence.members']);
  });
});
