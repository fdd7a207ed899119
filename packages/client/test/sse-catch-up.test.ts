import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeAll, makeClient } from './support/clients.js';
import { fakeSite } from './support/fake-relay.js';
import { mintToken } from './support/relay.js';
import { reach, sleep } from './support/wait.js';

/**
 * On SSE the relay confirms (`ready`) before it replays (§8), and the replay may arrive in a
 * later packet. A stand-in stream server sends a recovering `ready` at once and the replay
 * 300 ms later: `connected` must still come after the replayed messages.
 */
describe('recovery on SSE', () => {
  let server: Server;
  let streams: ServerResponse[];

  beforeEach(async () => {
    streams = [];
    server = createServer((request, response) => {
      streams.push(response);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const since = new URL(request.url ?? '/', 'http://x').searchParams.get('since');
      if (!since) {
        response.write(
          'event: ready\ndata: {"connection_id":"a","channels":["posts"],"positions":{"posts":"e:0"}}\n\n',
        );
        return;
      }
      response.write(
        'event: ready\ndata: {"connection_id":"b","channels":["posts"],"positions":{"posts":"e:2"},"recovered":{"posts":true}}\n\n',
      );
      setTimeout(() => {
        response.write('id: e:1\ndata: {"channel":"posts","event":"m1","data":1,"id":"e:1"}\n\n');
        response.write('id: e:2\ndata: {"channel":"posts","event":"m2","data":2,"id":"e:2"}\n\n');
      }, 300);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    closeAll();
    for (const stream of streams) stream.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('announces connected only once the replay announced by ready has arrived', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = makeClient(base, fakeSite as never, {
      transports: ['sse'],
      getToken: () => mintToken(fakeSite),
      restartWindow: 50,
    });
    client.connect();
    await client.subscribe('posts');
    await reach(client, 'connected');

    const order: string[] = [];
    client.on('message', (m) => order.push(m.event));
    client.on('state', (s) => order.push(s.state));
    streams[0]?.destroy();
    await sleep(100);
    await reach(client, 'connected', 5000);

    expect(order.filter((entry) => entry !== 'reconnecting' && entry !== 'connecting')).toEqual([
      'm1',
      'm2',
      'connected',
    ]);
  });
});
