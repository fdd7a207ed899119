import { createHmac } from 'node:crypto';
import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { redisCluster } from './support/cluster.js';
import { REDIS_URL, redisAvailable } from './support/redis.js';
import { mintToken, publishSigned, registerOverHttp } from './support/relay-http.js';
import { runCli } from './support/spawn.js';
import { TestSocket } from './support/ws-client.js';

describe.runIf(redisAvailable)('two servers on one Redis', () => {
  const cluster = redisCluster(['a', 'b']);

  it('delivers to a client on node A a message published on node B', async () => {
    const site = await registerOverHttp(cluster.b.url);
    const socket = await TestSocket.connect(cluster.a.url, await mintToken(site));
    await socket.subscribe(['news']);

    const response = await publishSigned(cluster.b.url, site, {
      channel: 'news',
      event: 'e',
      data: 1,
    });
    const message = await socket.next((f) => f.type === 'message');

    expect(response.status).toBe(200);
    expect(message).toMatchObject({ channel: 'news', data: 1, origin: 'server' });
    socket.close();
  });

  it('delivers to an SSE stream on node A a message published on node B', async () => {
    const site = await registerOverHttp(cluster.b.url);
    const token = await mintToken(site);
    const source = new EventSource(`${cluster.a.url}/sse?token=${token}&channels=live`);
    try {
      await new Promise((resolve, reject) => {
        source.addEventListener('ready', resolve);
        source.addEventListener('error', reject);
      });
      const received = new Promise<MessageEvent>((resolve) => {
        source.addEventListener('message', resolve);
      });

      await publishSigned(cluster.b.url, site, { channel: 'live', event: 'e', data: 'sse' });

      expect(JSON.parse((await received).data)).toMatchObject({ channel: 'live', data: 'sse' });
    } finally {
      source.close();
    }
  });

  it('forwards a binary frame from a client of node B to a client of node A, not to its sender', async () => {
    const site = await registerOverHttp(cluster.a.url);
    const token = await mintToken(site);
    const receiver = await TestSocket.connect(cluster.a.url, token);
    const sender = await TestSocket.connect(cluster.b.url, token);
    await receiver.subscribe(['yjs:doc:1']);
    await sender.subscribe(['yjs:doc:1']);
    const received = new Promise<Buffer>((resolve) => {
      receiver.ws.on('message', (data, binary) => {
        if (binary) resolve(data as Buffer);
      });
    });
    const echoed: Buffer[] = [];
    sender.ws.on('message', (data, binary) => {
      if (binary) echoed.push(data as Buffer);
    });

    const channel = Buffer.from('yjs:doc:1');
    const header = Buffer.alloc(2);
    header.writeUInt16BE(channel.length);
    sender.ws.send(Buffer.concat([header, channel, Buffer.from([1, 2, 3])]), { binary: true });

    const frame = await received;
    expect(frame.readUInt16BE(0)).toBe(channel.length);
    expect(frame.subarray(2, 2 + channel.length).toString()).toBe('yjs:doc:1');
    expect([...frame.subarray(2 + channel.length)]).toEqual([1, 2, 3]);
    expect(echoed).toEqual([]);
    receiver.close();
    sender.close();
  });

  it('recovers on node B what a client of node A missed, with its since position', async () => {
    const site = await registerOverHttp(cluster.a.url);
    const token = await mintToken(site);
    const first = await TestSocket.connect(cluster.a.url, token);
    const subscribed = await first.subscribe(['feed']);
    const position = (subscribed.positions as Record<string, string>).feed as string;
    first.close();
    await first.closed;

    for (let n = 1; n <= 5; n++) {
      await publishSigned(cluster.a.url, site, { channel: 'feed', event: 'e', data: n });
    }
    const second = await TestSocket.connect(cluster.b.url, token);
    const resubscribed = await second.subscribe(['feed'], { feed: position });

    expect(resubscribed.recovered).toEqual({ feed: true });
    expect(second.messages('feed').map((m) => m.data)).toEqual([1, 2, 3, 4, 5]);
    second.close();
  });

  it('refuses on node B a publish signature already accepted by node A', async () => {
    const site = await registerOverHttp(cluster.a.url);
    const body = JSON.stringify({ channel: 'x', event: 'e', data: 1 });
    const ts = String(Date.now());
    const sign = createHmac('sha256', site.publish_secret).update(`${body}.${ts}`).digest('hex');
    const send = (url: string) =>
      fetch(`${url}/publish`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wp-signal-key': site.site_key,
          'x-wp-signal-ts': ts,
          'x-wp-signal-sign': sign,
        },
        body,
      });

    expect((await send(cluster.a.url)).status).toBe(200);
    const replay = await send(cluster.b.url);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: 'replayed' });
  });

  it('closes with 4003 a client of node A when the CLI removes its site', async () => {
    const site = await registerOverHttp(cluster.a.url);
    const socket = await TestSocket.connect(cluster.a.url, await mintToken(site));

    const result = runCli([
      'remove',
      '--site-key',
      site.site_key,
      '--data-dir',
      cluster.a.dataDir,
      '--redis',
      REDIS_URL,
      '--redis-prefix',
      cluster.prefix,
      '--redis-sites',
    ]);

    expect(result.status).toBe(0);
    expect(await socket.closed).toBe(4003);
  });

  it('closes with 4003 a client of node A when node B removes its site', async () => {
    const site = await registerOverHttp(cluster.b.url);
    const socket = await TestSocket.connect(cluster.a.url, await mintToken(site));

    const response = await fetch(`${cluster.b.url}/api/sites/unregister`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site_key: site.site_key, publish_secret: site.publish_secret }),
    });

    expect(response.status).toBe(200);
    expect(await socket.closed).toBe(4003);
  });
});
