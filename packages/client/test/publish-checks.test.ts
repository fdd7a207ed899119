import { afterEach, describe, expect, it } from 'vitest';
import type { StateChange } from '../src/index.js';
import { WordSocketError } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { startRelay, type TestRelay } from './support/relay.js';
import { reach, sleep, until } from './support/wait.js';

const cyclic = () => {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
};

/** Publishes the relay could never take are refused by the client before anything is queued. */
describe('publishes checked before they are queued', () => {
  let t: TestRelay;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  afterEach(async () => {
    closeAll();
    await sleep(50);
    process.off('unhandledRejection', onUnhandled);
    await t.stop();
  });

  const start = async (limits: { maxFrameBytes?: number } = {}) => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    t = await startRelay({ limits });
  };

  const connected = async (options: { maxFrameBytes?: number } = {}) => {
    const client = makeClient(t.base, t.site, { transports: ['websocket'], ...options });
    const states: StateChange[] = [];
    client.on('state', (s) => states.push(s));
    client.connect();
    await client.subscribe('q');
    await reach(client, 'connected');
    return { client, states };
  };

  const thrown = (call: () => unknown) => {
    try {
      call();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it.each([
    ['a BigInt', { n: 1n }],
    ['a cyclic object', cyclic()],
    ['undefined', undefined],
  ])(
    'throws invalid_payload for %s, sends nothing and leaves no promise behind',
    async (_, data) => {
      await start();
      const { client, states } = await connected();

      const error = thrown(() => client.publish('q', 'e', data));
      expect(error).toBeInstanceOf(WordSocketError);
      expect(error).toMatchObject({ code: 'invalid_payload', channel: 'q' });

      await expect(client.publish('q', 'e', { fine: true })).resolves.toHaveProperty('id');
      client.close();
      await sleep(50);
      expect(unhandled).toEqual([]);
      expect(states.map((s) => s.state)).toEqual(['connecting', 'connected', 'idle']);
    },
  );

  it('throws invalid_payload while offline and never queues it, so connecting still works', async () => {
    await start();
    const client = makeClient(t.base, t.site, { transports: ['websocket'] });
    const states: StateChange[] = [];
    client.on('state', (s) => states.push(s));

    expect(thrown(() => client.publish('q', 'e', { n: 1n }))).toMatchObject({
      code: 'invalid_payload',
    });
    const fine = client.publish('q', 'e', { fine: 1 });
    client.connect();

    await expect(fine).resolves.toHaveProperty('id');
    await client.subscribe('q');
    await sleep(100);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(unhandled).toEqual([]);
  });

  it('rejects a publish awaiting its ack with client_closed when the client is closed', async () => {
    await start();
    const { client } = await connected();

    const pending = client.publish('q', 'e', { n: 1 });
    client.close();

    await expect(pending).rejects.toMatchObject({ code: 'client_closed' });
  });

  it('rejects a binary payload over the default 2 MiB frame limit and stays connected', async () => {
    await start();
    const { client, states } = await connected();

    await expect(client.publishBinary('q', new Uint8Array(3 * 1024 * 1024))).rejects.toMatchObject({
      code: 'payload_too_large',
      channel: 'q',
    });
    await client.publishBinary('q', new Uint8Array(1024));
    await expect(client.publish('q', 'e', 1)).resolves.toHaveProperty('id');
    expect(client.state).toBe('connected');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
  });

  it('sends frames up to maxFrameBytes and refuses one byte more, binary or JSON', async () => {
    await start({ maxFrameBytes: 4096 });
    const { client, states } = await connected({ maxFrameBytes: 4096 });
    const receiver = makeClient(t.base, t.site, { transports: ['websocket'] });
    const sizes: number[] = [];
    receiver.on('binary', ({ data }) => sizes.push(data.length));
    receiver.connect();
    await receiver.subscribe('q');

    // A binary frame is a 2-byte length, the channel, then the payload (protocol §5.6).
    const largest = 4096 - 2 - 'q'.length;
    await client.publishBinary('q', new Uint8Array(largest));
    await expect(client.publishBinary('q', new Uint8Array(largest + 1))).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await expect(client.publish('q', 'e', 'x'.repeat(4096))).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await expect(client.publish('q', 'e', 'x'.repeat(3900))).resolves.toHaveProperty('id');

    await until(() => sizes.length === 1);
    expect(sizes).toEqual([largest]);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
  });
});
