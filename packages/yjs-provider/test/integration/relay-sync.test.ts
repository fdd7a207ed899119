import { describe, expect, it } from 'vitest';

import type { WordSocketClientLike } from '../../src/client-adapter';
import { connectClient, until } from '../support/relay';
import { type Editor, relayPerTest } from '../support/relay-suite';

const channel = 'yjs:postType/post:1';
const relay = relayPerTest();

function editor(transport: 'websocket' | 'sse' = 'websocket'): Editor {
  return relay.editor(relay.client('1', transport), { channel });
}

const text = (e: Editor) => e.doc.getText('t').toString();

describe('YjsProvider over the real relay', () => {
  it('accepts the real client as its connection', () => {
    const test = connectClient(relay.local);
    const asInterface: WordSocketClientLike = test.client;
    test.close();

    expect(asInterface).toBe(test.client);
  });

  it('carries edits both ways between two clients', async () => {
    const a = editor();
    const b = editor();
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    a.doc.getText('t').insert(0, 'from a ');
    await until(() => text(b) === 'from a ', 'b receives a');
    b.doc.getText('t').insert(7, 'and b');

    await until(() => text(a) === 'from a and b', 'a receives b');
  });

  it('syncs a client on Server-Sent Events with one on WebSocket', async () => {
    const a = editor('websocket');
    const b = editor('sse');
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    a.doc.getText('t').insert(0, 'over ws');
    await until(() => text(b) === 'over ws', 'the SSE client receives');
    b.doc.getText('t').insert(0, 'over sse, ');

    await until(() => text(a) === 'over sse, over ws', 'the WebSocket client receives');
    await until(() => a.awareness.getStates().size === 2, 'a sees the SSE client’s presence');
  });

  it('shows each side two awareness states', async () => {
    const a = editor();
    const b = editor();

    await until(
      () => a.awareness.getStates().size === 2 && b.awareness.getStates().size === 2,
      'two awareness states on each side',
    );
  });

  it('resyncs after a dropped socket, both ways', async () => {
    const a = editor();
    const b = editor();
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    a.doc.getText('t').insert(0, 'base');
    await until(() => text(b) === 'base', 'base synced');

    b.test.drop();
    await until(() => !b.provider.connected, 'b notices the drop');
    b.doc.getText('t').insert(0, 'offline-b ');
    a.doc.getText('t').insert(4, ' online-a');

    await until(
      () => text(a) === text(b) && text(a).includes('offline-b') && text(a).includes('online-a'),
      'both sides converge after the reconnect',
    );
  });

  it('delivers a deletion made while the socket was cut by a peer that inserted nothing', async () => {
    const a = editor();
    const b = editor();
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    a.doc.getText('t').insert(0, 'keep cut');
    await until(() => text(b) === 'keep cut', 'text synced');

    b.test.drop();
    b.doc.getText('t').delete(4, 4);

    await until(() => text(a) === 'keep', 'a loses the deleted word');
  });

  it('gives a late joiner a 5 MB document', async () => {
    const a = editor();
    await until(() => a.provider.connected, 'a connected');
    const big = 'abcdefghij'.repeat(500_000);
    a.doc.getText('t').insert(0, big);
    const b = editor();

    await until(() => text(b).length === big.length, 'b holds the 5 MB document', 30_000);
    expect(text(b) === big).toBe(true);
  }, 60_000);

  it('removes the presence of a tab whose connection dies without destroy()', async () => {
    const a = editor();
    const gone = editor();
    await until(() => a.awareness.getStates().size === 2, 'a sees the other tab');

    gone.test.close();

    await until(
      () => a.awareness.getStates().size === 1,
      'the dead tab leaves a’s awareness',
      5000,
    );
  });

  it('lets a reloaded peer keep syncing while its old presence disappears', async () => {
    const a = editor();
    const first = editor();
    await until(() => a.awareness.getStates().size === 2, 'a sees the first tab');
    const oldId = first.doc.clientID;

    first.provider.destroy();
    first.test.close();
    const reloaded = editor();
    await until(
      () =>
        !a.awareness.getStates().has(oldId) && a.awareness.getStates().has(reloaded.doc.clientID),
      'a sees the reloaded tab and not the old one',
    );
    reloaded.doc.getText('t').insert(0, 'after reload');
    await until(() => text(a) === 'after reload', 'a receives from the reloaded tab');
    a.doc.getText('t').insert(0, '> ');

    await until(() => text(reloaded) === '> after reload', 'the reloaded tab receives from a');
    expect(a.awareness.getStates().size).toBe(2);
  });
});
