import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOptions, StateChange } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { FakeRelay, type FakeRelayScript, fakeSite } from './support/fake-relay.js';
import { mintToken } from './support/relay.js';
import { next, reach, until } from './support/wait.js';

/** How the client answers each close code of docs/protocol.md §5.5, from a scripted relay. */
describe('close codes', () => {
  let relay: FakeRelay;

  beforeEach(async () => {
    relay = await FakeRelay.start();
  });
  afterEach(async () => {
    closeAll();
    await relay.stop();
  });

  const start = (script: FakeRelayScript, options: Partial<ClientOptions> = {}) => {
    relay.script = script;
    const client = makeClient(relay.base, fakeSite as never, {
      transports: ['websocket'],
      getToken: () => mintToken(fakeSite),
      restartWindow: 1000,
      reconnectDelay: 100,
      maxReconnectDelay: 4000,
      ...options,
    });
    client.subscribe('posts');
    client.connect();
    return client;
  };
  const reconnecting = (client: ReturnType<typeof start>) =>
    next(client, 'state', (s) => s.state === 'reconnecting') as Promise<StateChange>;

  it('backs off long on 4029 (the site connection limit)', async () => {
    const client = start({ auth: (socket) => socket.close(4029, 'limit') });

    const change = await reconnecting(client);

    expect(change).toMatchObject({ code: 4029, reason: 'relay_limit' });
    expect(change.delay).toBeGreaterThanOrEqual(2000);
    expect(change.delay).toBeLessThan(4000);
  });

  it('reconnects within the restart window after 4009 (slow consumer) and resubscribes', async () => {
    let closed = false;
    const client = start({
      subscribed: (socket) => {
        if (!closed) socket.close(4009, 'slow');
        closed = true;
      },
    });

    const change = await reconnecting(client);
    expect(change).toMatchObject({ code: 4009, reason: 'slow_consumer' });
    expect(change.delay).toBeLessThan(1000);
    await next(client, 'subscribed');
    expect(relay.connections).toBe(2);
  });

  it('names 1008 as policy and 1012 as relay_restarting', async () => {
    const codes = [1008, 1012];
    const client = start({ subscribed: (socket) => codes.length && socket.close(codes.shift()) });

    expect(await reconnecting(client)).toMatchObject({ code: 1008, reason: 'policy' });
    expect(await reconnecting(client)).toMatchObject({ code: 1012, reason: 'relay_restarting' });
  });

  it('halts on 4003 (site unknown) without another attempt', async () => {
    const client = start({ auth: (socket) => socket.close(4003, 'gone') });

    await reach(client, 'halted');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(relay.connections).toBe(1);
    expect(client.state).toBe('halted');
  });

  it('rejects the publish in flight with connection_lost on 1009 and does not resend it', async () => {
    let messages = 0;
    const client = start({
      frame: (socket, frame) => {
        if (frame.type === 'message' && ++messages === 1) socket.close(1009, 'too large');
      },
    });
    await reach(client, 'connected');

    await expect(client.publish('posts', 'big', 'x')).rejects.toMatchObject({
      code: 'connection_lost',
    });
    await reach(client, 'connected');
    expect(messages).toBe(1);
  });

  it('rejects a publish with ack_timeout when the relay never acknowledges it', async () => {
    const client = start({}, { ackTimeout: 200 });
    await reach(client, 'connected');

    await expect(client.publish('posts', 'e', 1)).rejects.toMatchObject({ code: 'ack_timeout' });
  });

  it('closes an attempt that got no auth_ok before starting the next one', async () => {
    let most = 0;
    const open = new Set<unknown>();
    const client = start(
      {
        auth: (socket) => {
          open.add(socket);
          most = Math.max(most, open.size);
          socket.on('close', () => open.delete(socket));
        },
      },
      { connectTimeout: 200, reconnectDelay: 20, maxReconnectDelay: 40 },
    );

    const change = await reconnecting(client);
    expect(change.reason).toBe('auth_timeout');
    await until(() => relay.connections >= 4, 5000);

    expect(most).toBe(1);
  });
});
