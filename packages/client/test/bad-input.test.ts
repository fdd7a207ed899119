import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Message, WordSocketError } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { FakeRelay, fakeSite } from './support/fake-relay.js';
import { mintToken } from './support/relay.js';
import { reach, sleep, until } from './support/wait.js';

/** The client answers each bad frame with a `bad_frame` error and carries on. */
describe('a relay that sends malformed frames', () => {
  let relay: FakeRelay;

  beforeEach(async () => {
    relay = await FakeRelay.start();
  });
  afterEach(async () => {
    closeAll();
    await relay.stop();
  });

  const connect = async (subscribed: (socket: WebSocket) => void) => {
    relay.script = { subscribed };
    const client = makeClient(relay.base, fakeSite as never, {
      transports: ['websocket'],
      getToken: () => mintToken(fakeSite),
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
    const { client, errors, messages } = await connect((socket) => {
      socket.send('not json at all');
      socket.send('[1,2,3]');
      socket.send('{"type":"message","channel":"posts"}');
      socket.send('{"type":"message","channel":"posts","event":7,"data":1}');
      socket.send(new Uint8Array([0]));
      socket.send(new Uint8Array([0, 200, 65]));
      socket.send(new Uint8Array([0, 5, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]));
      socket.send('{"type":"message","channel":"posts","event":"wps.presence","data":"nope"}');
      socket.send('{"type":"message","channel":"posts","event":"good","data":1,"id":"e:1"}');
    });
    await until(() => messages.length === 1);
    await sleep(50);

    expect(errors.map((e) => e.code)).toEqual(Array(8).fill('bad_frame'));
    expect(messages.map((m) => m.event)).toEqual(['good']);
    expect(client.state).toBe('connected');
  });

  it('ignores frames of a type it does not know, without an error', async () => {
    const { errors, messages } = await connect((socket) => {
      socket.send('{"type":"teleport","to":"mars"}');
      socket.send('{"type":"message","channel":"posts","event":"after","data":null}');
    });
    await until(() => messages.length === 1);

    expect(messages[0]?.event).toBe('after');
    expect(errors).toEqual([]);
  });

  it('drops a message whose position it already delivered', async () => {
    const { messages } = await connect((socket) => {
      socket.send('{"type":"message","channel":"posts","event":"one","data":1,"id":"e:1"}');
      socket.send('{"type":"message","channel":"posts","event":"one-again","data":1,"id":"e:1"}');
      socket.send('{"type":"message","channel":"posts","event":"two","data":2,"id":"e:2"}');
    });
    await until(() => messages.length === 2);
    await sleep(50);

    expect(messages.map((m) => m.event)).toEqual(['one', 'two']);
  });

  it('drops a message for a channel it is not subscribed to', async () => {
    const { messages } = await connect((socket) => {
      socket.send('{"type":"message","channel":"elsewhere","event":"stray","data":1}');
      socket.send('{"type":"message","channel":"posts","event":"mine","data":1}');
    });
    await until(() => messages.length === 1);
    await sleep(50);

    expect(messages.map((m) => m.event)).toEqual(['mine']);
  });
});
