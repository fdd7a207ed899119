import type { ConnectionStatus, ProviderCreator } from '@wordpress/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

import { MESSAGE_SEALED } from '../src/messages';
import { createWordSocketProviderCreator } from '../src/wordpress';
import { MemoryHub } from './support/memory-hub';
import { pause, until } from './support/wait';

const cleanups: Array<() => void> = [];
const keyOf = (channel: string) => Buffer.alloc(32, channel.length).toString('base64');

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function create(creator: ProviderCreator, objectId: string) {
  const ydoc = new Y.Doc();
  const awareness = new Awareness(ydoc);
  const result = await creator({ objectType: 'postType/post', objectId, ydoc, awareness, Y });
  const statuses: Array<ConnectionStatus | null> = [];
  result.on('status', (status) => statuses.push(status));
  cleanups.push(() => {
    result.destroy();
    awareness.destroy();
  });
  return { ydoc, awareness, result, statuses };
}

describe('createWordSocketProviderCreator with roomKey', () => {
  it('asks the key by bare channel and syncs two editors with sealed messages only', async () => {
    const hub = new MemoryHub();
    const asked: string[] = [];
    const creator = createWordSocketProviderCreator({
      connection: () => hub.connect(),
      roomKey: async (channel) => {
        asked.push(channel);
        return keyOf(channel);
      },
    });
    const a = await create(creator, '42');
    const b = await create(creator, '42');
    a.ydoc.getMap('document').set('title', 'Top secret title');
    await until(() => b.ydoc.getMap('document').get('title') === 'Top secret title', 'title');

    expect(asked).toEqual(['yjs:postType/post:42', 'yjs:postType/post:42']);
    expect(hub.wire.every(({ payload }) => payload[0] === MESSAGE_SEALED)).toBe(true);
    const wire = Buffer.concat(hub.wire.map(({ payload }) => payload));
    expect(wire.includes('Top secret')).toBe(false);
  });

  it('does not sync a room without a key: the editor is told, nothing is sent', async () => {
    const hub = new MemoryHub();
    const creator = createWordSocketProviderCreator({
      connection: () => hub.connect(),
      roomKey: () => undefined,
    });
    const a = await create(creator, '7');
    a.ydoc.getMap('document').set('title', 'not sent');
    await pause(20);

    expect(hub.wire).toEqual([]);
    expect(a.statuses).toEqual([
      expect.objectContaining({
        status: 'disconnected',
        canManuallyRetry: false,
        error: expect.objectContaining({ code: 'authentication-failed' }),
      }),
    ]);
  });

  it('refuses a key that is not 32 bytes, and a key lookup that throws', async () => {
    const hub = new MemoryHub();
    for (const roomKey of [() => 'c2hvcnQ=', () => Promise.reject(new Error('offline'))]) {
      const creator = createWordSocketProviderCreator({ connection: () => hub.connect(), roomKey });
      const a = await create(creator, '8');
      expect(a.statuses[0]).toMatchObject({ status: 'disconnected' });
    }
    expect(hub.wire).toEqual([]);
  });

  it('keeps a room connected when a peer with another key sends what does not open', async () => {
    const hub = new MemoryHub();
    const onError: string[] = [];
    const good = createWordSocketProviderCreator({
      connection: () => hub.connect(),
      roomKey: keyOf,
      onError: (error) => onError.push(error.code),
    });
    const bad = createWordSocketProviderCreator({
      connection: () => hub.connect(),
      roomKey: () => Buffer.alloc(32, 99).toString('base64'),
    });
    const a = await create(good, '9');
    const b = await create(good, '9');
    const c = await create(bad, '9');
    c.ydoc.getMap('document').set('title', 'garbage');
    a.ydoc.getMap('document').set('content', 'real');
    await until(() => b.ydoc.getMap('document').get('content') === 'real', 'content');
    await until(() => onError.includes('decrypt-failed'), 'the report');

    expect(b.ydoc.getMap('document').get('title')).toBeUndefined();
    expect(a.statuses.at(-1)).toEqual({ status: 'connected' });
    expect(b.statuses.at(-1)).toEqual({ status: 'connected' });
  });
});
