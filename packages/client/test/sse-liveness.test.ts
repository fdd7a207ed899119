import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkHandlers } from '../src/link.js';
import type { EventSourceConstructor } from '../src/options.js';
import { openSse } from '../src/sse-link.js';
import { sleep } from './support/wait.js';

/**
 * The SSE link's liveness timer, against a minimal event-stream server on 127.0.0.1 that sends
 * `ready`, then `ping` events while `pinging` is true, and otherwise keeps the stream open in
 * silence (a dead path that never closes).
 */
describe('the SSE liveness timer', () => {
  let server: Server;
  let streams: ServerResponse[];

  afterEach(async () => {
    for (const stream of streams) stream.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const start = async (pings: number) => {
    streams = [];
    server = createServer((_, response) => {
      streams.push(response);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: ready\ndata: {"connection_id":"c1","channels":[]}\n\n');
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ >= pings) return clearInterval(timer);
        response.write('event: ping\ndata: {}\n\n');
      }, 50);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const closes: string[] = [];
    const handlers: LinkHandlers = {
      frame: () => undefined,
      binary: () => undefined,
      close: (_, reason) => closes.push(reason),
    };
    const link = await openSse(
      {
        EventSource: EventSource as unknown as EventSourceConstructor,
        fetch: undefined,
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        timeout: 2000,
        liveness: 300,
        params: () => ({ token: 't', channels: [], since: {} }),
        invalid: () => undefined,
      },
      handlers,
    );

    return { link, closes };
  };

  it('closes the link when ping events stop arriving', async () => {
    const { closes } = await start(3);
    await sleep(800);

    expect(closes).toEqual(['liveness_timeout']);
  });

  it('stays open while ping events keep arriving', async () => {
    const { link, closes } = await start(1000);
    await sleep(800);
    link.close();

    expect(closes).toEqual([]);
  });

  it('never times out a stream from a relay that sends no ping events', async () => {
    const { link, closes } = await start(0);
    await sleep(800);
    link.close();

    expect(closes).toEqual([]);
  });
});
