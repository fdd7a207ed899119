import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { attempt, eventually, redisCluster, siteStats } from './support/cluster.js';
import { redisAvailable } from './support/redis.js';
import { type Credentials, mintToken } from './support/relay-http.js';

const open: WebSocket[] = [];

describe.runIf(redisAvailable)('a connection limit shared by two servers on one Redis', () => {
  const cluster = redisCluster(['a', 'b'], { open });

  async function limitedSite(max: number): Promise<Credentials> {
    return cluster.a.server.relay.registerSite({
      site_url: 'https://x.test',
      site_name: 'x',
      max_connections: max,
    });
  }

  it('admits N connections spread over both nodes, refuses the next on either with 4029', async () => {
    const site = await limitedSite(3);
    const token = await mintToken(site);
    const mine: WebSocket[] = [];

    expect(await attempt(cluster.a.url, token, mine)).toBe('admitted');
    expect(await attempt(cluster.b.url, token, mine)).toBe('admitted');
    expect(await attempt(cluster.a.url, token, mine)).toBe('admitted');
    expect(await attempt(cluster.b.url, token, mine)).toBe(4029);
    expect(await attempt(cluster.a.url, token, mine)).toBe(4029);
    expect(await siteStats(cluster.b.url, site)).toEqual({
      active_connections: 3,
      max_connections: 3,
    });
    expect(await siteStats(cluster.a.url, site)).toEqual({
      active_connections: 3,
      max_connections: 3,
    });

    mine[1]?.close();
    const freed = await eventually(
      async () => (await siteStats(cluster.a.url, site)).active_connections === 2,
    );
    expect(freed).toBe(true);
    expect(await attempt(cluster.a.url, token, mine)).toBe('admitted');
    expect(await attempt(cluster.b.url, token, mine)).toBe(4029);
    open.push(...mine);
  });

  it('never admits more than N in a burst on both nodes at once', async () => {
    const site = await limitedSite(5);
    const token = await mintToken(site);
    const mine: WebSocket[] = [];

    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        attempt(i % 2 === 0 ? cluster.a.url : cluster.b.url, token, mine),
      ),
    );

    expect(answers.filter((x) => x === 'admitted')).toHaveLength(5);
    expect(answers.filter((x) => x === 4029)).toHaveLength(11);
    expect((await siteStats(cluster.b.url, site)).active_connections).toBe(5);

    for (const ws of mine) ws.close();
    const drained = await eventually(
      async () => (await siteStats(cluster.a.url, site)).active_connections === 0,
    );
    expect(drained).toBe(true);
  });
});
