import type { ConnectionStatus } from '@wordpress/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { roomCipher } from '../../src/cipher';
import type { YjsProviderError } from '../../src/errors';
import { encodeChunk, encodeUpdate } from '../../src/messages';
import { createWordSocketProviderCreator } from '../../src/wordpress';
import { type TestClient, until } from '../support/relay';
import { relayPerTest } from '../support/relay-suite';

const channel = 'yjs:postType/post:42';
const key = new Uint8Array(32).map((_, index) => index * 7);
const MiB = 1024 * 1024;
const relay = relayPerTest();
const client = (userId: string) => relay.client(userId);
const sealedProvider = (test: TestClient) =>
  relay.provider(test, { channel, cipher: roomCipher(key, channel) });

/** A client on the channel that holds no key and publishes raw frames. */
async function intruder(): Promise<TestClient> {
  const test = client('intruder');
  await test.client.subscribe(channel);
  return test;
}

const codes = (errors: YjsProviderError[]) => errors.map((error) => error.code);
const plainUpdate = encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc()));

describe('chunks from a peer without the key, over the real relay', () => {
  it('one oversized chunk header neither stops the editor nor ends its sync', async () => {
    const errors: YjsProviderError[] = [];
    const creator = createWordSocketProviderCreator({
      connection: client('1').connection,
      roomKey: () => key,
      onError: (error) => errors.push(error),
    });
    const docA = new Y.Doc();
    const link = await creator({ objectType: 'postType/post', objectId: '42', ydoc: docA, Y });
    const statuses: Array<ConnectionStatus | null> = [];
    link.on('status', (status) => statuses.push(status));
    relay.defer(() => link.destroy());
    const b = sealedProvider(client('2'));
    const x = await intruder();
    await until(() => statuses.at(-1)?.status === 'connected' && b.provider.connected, 'both up');

    await x.client.publishBinary(channel, encodeChunk(1234, 17 * MiB, 0, new Uint8Array(10)));
    await until(() => errors.length > 0, 'the chunk is reported');
    b.doc.getText('t').insert(0, 'still syncing');
    await until(() => docA.getText('t').toString() === 'still syncing', 'a receives b');

    expect(codes(errors)).toEqual(['remote-message-too-large']);
    expect(statuses.at(-1)).toEqual({ status: 'connected' });
    expect(statuses.some((status) => status?.status === 'disconnected')).toBe(false);
  });

  it('holds about the bytes tiny chunks carried, not the 16 MiB each announces', async () => {
    const b = sealedProvider(client('2'));
    const x = await intruder();
    await until(() => b.provider.connected, 'b connected');
    const before = process.memoryUsage().arrayBuffers;

    for (let id = 1; id <= 40; id++) {
      await x.client.publishBinary(channel, encodeChunk(id, 16 * MiB, 0, new Uint8Array(1)));
    }
    await x.client.publishBinary(channel, plainUpdate);
    await until(() => codes(b.errors).includes('decrypt-failed'), 'every frame handled');
    const grown = process.memoryUsage().arrayBuffers - before;

    expect(grown).toBeLessThan(32 * MiB);
    expect(codes(b.errors)).toContain('remote-message-too-large');
    expect(codes(b.errors)).not.toContain('document-size-limit-exceeded');
  });

  it('drops and reports a plain message of an unknown outer type in a sealed room', async () => {
    const b = sealedProvider(client('2'));
    const x = await intruder();
    await until(() => b.provider.connected, 'b connected');

    await x.client.publishBinary(channel, Uint8Array.from([99, 1, 2, 3]));
    await x.client.publishBinary(channel, plainUpdate);
    await until(() => b.errors.some((error) => error.message.includes('update')), 'both handled');

    expect(codes(b.errors)).toEqual(['decrypt-failed', 'decrypt-failed']);
    expect(b.errors[0]?.message).toContain('outer type 99');
  });
});
