import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { attempt, eventually, redisCluster, siteStats } from './support/cluster.js';
import { REDIS_URL, redisAvailable } from './support/redis.js';
import { mintToken, registerOverHttp } from './support/relay-http.js';
import { OPERATOR_KEY, startTestServer, type TestServer } from './support/server.js';
import { startChild } from './support/spawn.js';
import { tempDir } from './support/temp-dir.js';
import { type FrameJson, TestSocket } from './support/ws-client.js';

/** A short lease so a dead node is noticed in about two seconds (1.5 s + a 0.5 s heartbeat). */
const SHORT_LEASE = { WORDSOCKET_REDIS_LEASE_MS: '1500' };
const sockets: TestSocket[] = [];

function presence(action: string, id?: unknown) {
  return (frame: FrameJson) => {
    const data = frame.data as { action?: string; id?: unknown } | undefined;
    return frame.event === 'wps.presence' && data?.action === action && (!id || data.id === id);
  };
}

function connectionId(socket: TestSocket): string {
  return String(socket.frames.find((f) => f.type === 'auth_ok')?.connection_id);
}

/** Connects, subscribes to `room`, joins its presence and resolves the sync. */
async function member(url: string, token: string, state: object): Promise<[TestSocket, FrameJson]> {
  const socket = await TestSocket.connect(url, token);
  sockets.push(socket);
  await socket.subscribe(['room']);
  socket.send({ type: 'presence', channel: 'room', state });
  return [socket, await socket.next(presence('sync'))];
}

describe.runIf(redisAvailable)('presence shared by servers on one Redis', () => {
  const cluster = redisCluster([], { open: sockets });

  it('lists in a sync on a node started later the members who joined elsewhere', async () => {
    const a = await startTestServer(cluster.flags);
    let b: TestServer | undefined;
    try {
      const site = await registerOverHttp(a.url);
      const token = await mintToken(site);
      const [early] = await member(a.url, token, { who: 'early' });

      b = await startTestServer(cluster.flags);
      const [late, sync] = await member(b.url, token, { who: 'late' });

      expect((sync.data as { members: unknown[] }).members).toEqual(
        expect.arrayContaining([
          { id: connectionId(early), user_id: '1', state: { who: 'early' } },
          { id: connectionId(late), user_id: '1', state: { who: 'late' } },
        ]),
      );
      expect((sync.data as { members: unknown[] }).members).toHaveLength(2);
      await early.next(presence('join', connectionId(late)));
      late.close();
      await early.next(presence('leave', connectionId(late)));
    } finally {
      await b?.stop();
      await a.stop();
    }
  });

  it('announces the members of a SIGKILLed node as leaving and stops counting its connections', async () => {
    const survivor = await startTestServer(cluster.flags, {}, undefined, SHORT_LEASE);
    const dir = tempDir();
    const child = await startChild(dir.path, {
      WORDSOCKET_REDIS_URL: REDIS_URL,
      WORDSOCKET_REDIS_PREFIX: cluster.prefix,
      WORDSOCKET_REDIS_SITES: '1',
      WORDSOCKET_ADMIN_KEY: OPERATOR_KEY,
      ...SHORT_LEASE,
    });
    const admitted: WebSocket[] = [];
    try {
      const site = await survivor.server.relay.registerSite({
        site_url: 'https://x.test',
        site_name: 'x',
        max_connections: 3,
      });
      const token = await mintToken(site);
      const [doomed] = await member(child.url, token, { who: 'doomed' });
      sockets.push(await TestSocket.connect(child.url, token));
      const [watcher, sync] = await member(survivor.url, token, { who: 'watcher' });

      expect((sync.data as { members: unknown[] }).members).toContainEqual({
        id: connectionId(doomed),
        user_id: '1',
        state: { who: 'doomed' },
      });
      expect(await attempt(survivor.url, token, admitted)).toBe(4029);

      child.child.kill('SIGKILL');
      await child.exited;

      await watcher.next(presence('leave', connectionId(doomed)));
      const released = await eventually(
        async () => (await siteStats(survivor.url, site)).active_connections === 1,
      );
      expect(released).toBe(true);
      expect(await attempt(survivor.url, token, admitted)).toBe('admitted');
      expect(await attempt(survivor.url, token, admitted)).toBe('admitted');
      expect(await attempt(survivor.url, token, admitted)).toBe(4029);
    } finally {
      for (const ws of admitted) ws.close();
      if (child.child.exitCode === null && child.child.signalCode === null) {
        child.child.kill('SIGKILL');
      }
      await survivor.stop();
      dir.remove();
    }
  }, 60_000);
});
