import type { ConnectionStatus, ProviderCreator } from '@wordpress/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

import { createWordSocketProviderCreator } from '../src/wordpress';
import { MemoryHub, settle } from './support/memory-hub';

const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function create(creator: ProviderCreator, objectId: string | null, withAwareness = true) {
  const ydoc = new Y.Doc();
  const awareness = withAwareness ? new Awareness(ydoc) : undefined;
  const result = await creator({ objectType: 'postType/post', objectId, ydoc, awareness, Y });
  cleanups.push(() => {
    result.destroy();
    awareness?.destroy();
  });
  return { ydoc, awareness, result };
}

describe('createWordSocketProviderCreator', () => {
  it('syncs two editors through the creator with the Y it is given', async () => {
    const hub = new MemoryHub();
    const creator = createWordSocketProviderCreator({ connection: () => hub.connect() });
    const a = await create(creator, '42');
    const b = await create(creator, '42');
    await settle();
    a.ydoc.getMap('document').set('title', 'Hello');
    await settle();

    expect(b.ydoc.getMap('document').get('title')).toBe('Hello');
    expect(b.awareness?.getStates().size).toBe(2);
  });

  it('maps a null object id to the collection channel and works without awareness', async () => {
    const hub = new MemoryHub();
    const creator = createWordSocketProviderCreator({ connection: () => hub.connect() });
    const a = await create(creator, null, false);
    const b = await create(creator, null, false);
    await settle();
    a.ydoc.getArray('records').push([1]);
    await settle();

    expect(hub.wire.every(({ channel }) => channel === 'yjs:postType/post:collection')).toBe(true);
    expect(b.ydoc.getArray('records').toArray()).toEqual([1]);
  });

  it('replays the current status to a listener attached late', async () => {
    const hub = new MemoryHub();
    const creator = createWordSocketProviderCreator({ connection: hub.connect() });
    const { result } = await create(creator, '1');
    await settle();
    const statuses: Array<ConnectionStatus | null> = [];
    result.on('status', (status) => statuses.push(status));

    expect(statuses).toEqual([{ status: 'connected' }]);
  });

  it('reports a dropped connection with its retry schedule, then connected again', async () => {
    const hub = new MemoryHub();
    const connection = hub.connect();
    const creator = createWordSocketProviderCreator({ connection });
    const { result } = await create(creator, '1');
    await settle();
    const statuses: Array<ConnectionStatus | null> = [];
    result.on('status', (status) => statuses.push(status));
    connection.setSnapshot({ state: 'reconnecting', attempt: 1, retryInMs: 900 });
    connection.setSnapshot({ state: 'reconnecting', attempt: 2, retryInMs: 1800 });
    connection.goOnline();

    expect(statuses).toEqual([
      { status: 'connected' },
      expect.objectContaining({
        status: 'disconnected',
        consecutiveFailures: 1,
        willAutoRetryInMs: 900,
      }),
      expect.objectContaining({
        status: 'disconnected',
        consecutiveFailures: 2,
        willAutoRetryInMs: 1800,
      }),
      { status: 'connecting' },
      { status: 'connected' },
    ]);
  });

  it('reports a halted connection with the editor error code', async () => {
    const hub = new MemoryHub();
    const connection = hub.connect();
    const creator = createWordSocketProviderCreator({ connection });
    const { result } = await create(creator, '1');
    const statuses: Array<ConnectionStatus | null> = [];
    result.on('status', (status) => statuses.push(status));
    connection.setSnapshot({ state: 'halted', closeCode: 4001, reason: 'unauthorized' });

    const last = statuses.at(-1);
    expect(last?.status === 'disconnected' && last.error?.code).toBe('authentication-failed');
  });

  it('reports document-size-limit-exceeded and keeps that status', async () => {
    const hub = new MemoryHub();
    const creator = createWordSocketProviderCreator({
      connection: () => hub.connect(),
      maxMessageBytes: 1000,
    });
    const a = await create(creator, '7');
    await settle();
    const statuses: Array<ConnectionStatus | null> = [];
    a.result.on('status', (status) => statuses.push(status));
    a.ydoc.getText('t').insert(0, 'q'.repeat(5000));
    await settle();

    const last = statuses.at(-1);
    expect(last?.status === 'disconnected' && last.error?.code).toBe(
      'document-size-limit-exceeded',
    );
  });
});
