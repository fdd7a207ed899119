import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { Message, WordSocketError } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { mintToken } from './support/relay.js';
import { reach, sleep, until } from './support/wait.js';

/**
 * A misbehaving relay: a bare `ws` server on 127.0.0.1 that authenticates and confirms
 * subscriptions, then sends what a test scripts. The client must answer each bad frame with a
 * `bad_frame` error and carry on.
 */
describe('a relay that sends malformed frames', () => {
  let server: WebSocketServer;
  let script: (socket: WebSocket) => void;

  beforeEach(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => {
      socket.on('message', (data, binary) => {
        if (binary) return;
        const frame = JSON.parse(String(data));
        if (frame.type === 'auth') {
          socket.send(JSON.stringify({ type: 'auth_ok', exp: 9e9, connection_id: 'c1' }));
        } else if (frame.type === 'subscribe') {
          socket.send(JSON.stringify({ type: 'subscribed', channels: frame.channels }));
          script(socket);
        }
      });
    });
  });
  afterEach(async () => {
    closeAll();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  const site = { site_id: 's', tenant_id: 't', jwt_secret: 'x'.repeat(64) };

  const connect = async () => {
    const { port } = server.address() as AddressInfo;
    const client = makeClient(`http://127.0.0.1:${port}`, site as never, {
      transports: ['websocket'],
      getToken: () => mintToken(site),
    });
    const errors: WordSocketError[] = [];
    const messages: Message[] = [];
    client.on('error', (error) => errors.push(error));
    client.on('message', (message) => messages.push(message));
    client.connect();
    await client.subscribe('posts');
    await reach(client, 'connected');
    return { client, errors, messages };
  };

  it('reports each malformed frame as bad_frame and still delivers the good one after them', async () => {
    script = (socket) => {
      socket.send('not json at all');
      socket.send('[1,2,3]');
      socket.send('{"type":"message","channel":"posts"}');
      socket.send('{"type":"message","channel":"posts","event":7,"data":1}');
      socket.send(new Uint8Array([0]));
      socket.send(new Uint8Array([0, 200, 65]));
      socket.send(new Uint8Array([0, 5, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]));
      socket.send('{"type":"message","channel":"posts","event":"wps.presence","data":"nope"}');
      socket.send('{"type":"message","channel":"posts","event":"good","data":1,"id":"e:1"}');
    };
    const { client, errors, messages } = await connect();
    await until(() => messages.length === 1);
    await sleep(50);

    expect(errors.map((e) => e.code)).toEqual(Array(8).fill('bad_frame'));
    expect(messages.map((m) => m.event)).toEqual(['good']);
    expect(client.state).toBe('connected');
  });

  it('ignores frames of a type it does not know, without an error', async () => {
    script = (socket) => {
      socket.send('{"type":"teleport","to":"mars"}');
      socket.send('{"type":"message","channel":"posts","event":"after","data":null}');
    };
    const { errors, messages } = await connect();
    await until(() => messages.length === 1);

    expect(messages[0]?.event).toBe('after');
    expect(errors).toEqual([]);
  });

  it('drops a message whose position it already delivered', async () => {
    script = (socket) => {
      socket.send('{"type":"message","channel":"posts","event":"one","data":1,"id":"e:1"}');
      socket.send('{"type":"message","channel":"posts","event":"one-again","data":1,"id":"e:1"}');
      socket.send('{"type":"message","channel":"posts","event":"two","data":2,"id":"e:2"}');
    };
    const { messages } = await connect();
    await until(() => messages.length === 2);
    await sleep(50);

    expect(messages.map((m) => m.event)).toEqual(['one', 'two']);
  });

  it('drops a message for a channel it is not subscribed to', async () => {
    script = (socket) => {
      socket.send('{"type":"message","channel":"elsewhere","event":"stray","data":1}');
      socket.send('{"type":"message","channel":"posts","event":"mine","data":1}');
    };
    const { messages } = await connect();
    await until(() => messages.length === 1);
    await sleep(50);

    expect(messages.map((m) => m.event)).toEqual(['mine']);
  });
});
