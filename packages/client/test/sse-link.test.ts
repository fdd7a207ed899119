import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinkHandlers } from '../src/link.js';
import { openSse } from '../src/sse-link.js';
import { sleep } from './support/wait.js';

/**
 * The SSE link against a minimal event-stream server on 127.0.0.1 that sends `ready`, then a
 * test's scripted events, then `pings` ping events, and otherwise keeps the stream open in
 * silence (a dead path that never closes).
 */
describe('the SSE link', () => {
  let server: Server;
  let streams: ServerResponse[];

  afterEach(async () => {
    for (const stream of streams) stream.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const start = async (pings: number, script = '') => {
    streams = [];
    server = createServer((_, response) => {
      streams.push(response);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: ready\ndata: {"connection_id":"c1","channels":[]}\n\n');
      response.write(script);
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ >= pings) return clearInterval(timer);
        response.write('event: ping\ndata: {}\n\n');
      }, 50);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const closes: string[] = [];
    const frames: string[] = [];
    const errors: string[] = [];
    const handlers: LinkHandlers = {
      frame: (frame) => frames.push(frame.type),
      binary: (channel, data) => frames.push(`binary:${channel}:${[...data]}`),
      close: (_, reason) => closes.push(reason),
    };
    const link = await openSse(
      {
        EventSource,
        fetch: undefined,
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        timeout: 2000,
        liveness: 1000,
        params: () => ({ token: 't', channels: [], since: {} }),
        token: () => 't',
        invalid: (error) => errors.push(error.code),
      },
      handlers,
    );

    return { link, closes, frames, errors };
  };

  it('reports malformed events as bad_frame and passes the good ones on', async () => {
    const script = [
      'event: message\ndata: not json\n\n',
      'event: message\ndata: {"channel":"posts"}\n\n',
      'event: binary\ndata: {"channel":"posts","data":"%%%"}\n\n',
      'event: binary\ndata: {"channel":7}\n\n',
      'event: error\ndata: [1]\n\n',
      'event: binary\ndata: {"channel":"posts","data":"AQL/"}\n\n',
      'event: message\ndata: {"channel":"posts","event":"good","data":1}\n\n',
    ].join('');
    const { link, frames, errors } = await start(0, script);
    await vi.waitFor(() => expect(frames).toHaveLength(4), { timeout: 5000 });
    link.close();

    expect(errors).toEqual(Array(5).fill('bad_frame'));
    expect(frames).toEqual(['auth_ok', 'subscribed', 'binary:posts:1,2,255', 'message']);
  });

  it('closes the link when ping events stop arriving', async () => {
    const { closes } = await start(3);

    await vi.waitFor(() => expect(closes).toEqual(['liveness_timeout']), { timeout: 8000 });
  });

  it('stays open while ping events keep arriving', async () => {
    const { link, closes } = await start(1000);
    await sleep(2500);
    link.close();

    expect(closes).toEqual([]);
  });

  it('never times out a stream from a relay that sends no ping events', async () => {
    const { link, closes } = await start(0);
    await sleep(2500);
    link.close();

    expect(closes).toEqual([]);
  });
});
