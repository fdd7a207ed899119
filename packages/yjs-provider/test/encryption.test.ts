import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { roomCipher, type YjsCipher } from '../src/cipher';
import {
  decodeMessage,
  encodeSealed,
  encodeUpdate,
  MESSAGE_CHUNK,
  MESSAGE_SEALED,
} from '../src/messages';
import { MemoryHub, settle } from './support/memory-hub';
import { hubPeers, type HubPeer as Peer } from './support/memory-peers';
import { pause, until } from './support/wait';

const channel = 'yjs:postType/post:7';
const key = new Uint8Array(32).map((_, index) => index + 1);
const otherKey = new Uint8Array(32).fill(200);
const peer = hubPeers(channel);

const sealed = (k = key, room = channel) => ({ cipher: roomCipher(k, room) });
const text = (p: Peer) => p.doc.getText('t').toString();
const codes = (p: Peer) => p.errors.map((error) => error.code);
const wireBytes = (hub: MemoryHub) => Buffer.concat(hub.wire.map(({ payload }) => payload));

describe('encrypted rooms on the in-memory hub', () => {
  it('two encrypted peers converge and every payload on the wire is sealed', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, sealed());
    const b = peer(hub, sealed());
    await settle();

    a.doc.getText('t').insert(0, 'secret title from a');
    b.doc.getText('t').insert(0, 'and words from b ');
    a.awareness.setLocalStateField('user', { name: 'Ada the admin' });
    await until(() => text(a) === text(b) && text(a).length > 30, 'convergence');
    await until(() => b.awareness.getStates().get(a.doc.clientID) !== undefined, 'presence');

    expect(a.provider.encrypted).toBe(true);
    expect(hub.wire.length).toBeGreaterThan(4);
    for (const { payload } of hub.wire) expect(payload[0]).toBe(MESSAGE_SEALED);
    const wire = wireBytes(hub);
    expect(wire.includes('secret title')).toBe(false);
    expect(wire.includes('Ada the admin')).toBe(false);
    expect(codes(a)).toEqual([]);
    expect(codes(b)).toEqual([]);
  });

  it('a plain room puts the same text on the wire, so the check above can fail', async () => {
    const hub = new MemoryHub();
    const a = peer(hub);
    peer(hub);
    await settle();
    a.doc.getText('t').insert(0, 'secret title from a');
    await until(() => wireBytes(hub).includes('secret title'), 'plain text on the wire');
  });

  it('syncs a document larger than the chunk size: sealed first, then chunked', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, { ...sealed(), chunkBytes: 1024 });
    const big = `${'lorem ipsum '.repeat(800)}the end marker`;
    a.doc.getText('t').insert(0, big);
    await settle();

    const late = peer(hub, { ...sealed(), chunkBytes: 1024 });
    await until(() => text(late) === big, 'the late joiner to hold the large document');

    const chunks = hub.wire.filter(({ payload }) => payload[0] === MESSAGE_CHUNK);
    expect(chunks.length).toBeGreaterThan(8);
    for (const { payload } of hub.wire)
      expect([MESSAGE_SEALED, MESSAGE_CHUNK]).toContain(payload[0]);
    expect(wireBytes(hub).includes('end marker')).toBe(false);
    expect(wireBytes(hub).includes('lorem ipsum')).toBe(false);
    expect(codes(late)).toEqual([]);
  });

  it('a wrong-key peer gets decrypt-failed, applies nothing, and the others keep syncing', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, sealed());
    const b = peer(hub, sealed());
    const intruder = peer(hub, sealed(otherKey));
    await settle();

    a.doc.getText('t').insert(0, 'from a ');
    intruder.doc.getText('t').insert(0, 'INTRUDER');
    await until(() => text(b) === 'from a ', 'b to get a');
    b.doc.getText('t').insert(7, 'from b');
    await until(() => text(a) === 'from a from b', 'a to get b');
    await pause(20);

    expect(text(intruder)).toBe('INTRUDER');
    expect(new Set(codes(intruder))).toEqual(new Set(['decrypt-failed']));
    expect(codes(a).length).toBeGreaterThan(0);
    expect(new Set(codes(a))).toEqual(new Set(['decrypt-failed']));
    expect(text(a)).not.toContain('INTRUDER');
    expect(text(b)).not.toContain('INTRUDER');
    expect(a.provider.connected && b.provider.connected).toBe(true);
  });

  it('rejects a tampered frame and goes on with the next one', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, sealed());
    const b = peer(hub, sealed());
    await settle();
    a.doc.getText('t').insert(0, 'good');
    await until(() => text(b) === 'good', 'the first edit');

    const other = new Y.Doc();
    other.getText('t').insert(0, 'evil');
    const box = await roomCipher(key, channel).seal(encodeUpdate(Y.encodeStateAsUpdate(other)));
    for (const index of [0, 12, box.length - 1]) {
      const altered = box.slice();
      altered[index] = (altered[index] ?? 0) ^ 0x01;
      b.connection.receive(channel, encodeSealed(altered));
    }
    await until(() => b.errors.length === 3, 'three errors');
    expect(codes(b)).toEqual(['decrypt-failed', 'decrypt-failed', 'decrypt-failed']);
    expect(text(b)).toBe('good');

    b.connection.receive(channel, encodeSealed(box));
    await until(() => text(b).includes('evil'), 'the untampered box to apply');
    a.doc.getText('t').insert(0, 'still ');
    await until(() => text(b).includes('still '), 'syncing after the tampered frames');
  });

  it('binds a box to its room: one sealed for another room with the same key does not open', async () => {
    const hub = new MemoryHub();
    const b = peer(hub, sealed());
    await settle();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'moved');
    const update = encodeUpdate(Y.encodeStateAsUpdate(other));
    const box = await roomCipher(key, 'yjs:postType/post:8').seal(update);

    b.connection.receive(channel, encodeSealed(box));
    await until(() => b.errors.length === 1, 'the error');
    expect(codes(b)).toEqual(['decrypt-failed']);
    expect(text(b)).toBe('');
  });

  it('reports a plain peer in an encrypted room, and the reverse, applying neither', async () => {
    const hub = new MemoryHub();
    const locked = peer(hub, sealed());
    const plain = peer(hub);
    await settle();

    locked.doc.getText('t').insert(0, 'sealed words');
    plain.doc.getText('t').insert(0, 'plain words');
    await until(() => locked.errors.length > 0 && plain.errors.length > 0, 'both errors');
    await pause(20);

    expect(new Set(codes(locked))).toEqual(new Set(['decrypt-failed']));
    expect(new Set(codes(plain))).toEqual(new Set(['decrypt-failed']));
    expect(locked.errors[0]?.message).toMatch(/plain .* in an encrypted room/);
    expect(plain.errors[0]?.message).toMatch(/encrypted message in a plain room/);
    expect(text(locked)).toBe('sealed words');
    expect(text(plain)).toBe('plain words');
  });

  it('keeps outgoing messages in order when sealing finishes out of order', async () => {
    const hub = new MemoryHub();
    const inner = roomCipher(key, channel);
    let calls = 0;
    const jittery: YjsCipher = {
      seal: async (message) => {
        calls += 1;
        await pause(calls % 2 === 1 ? 15 : 0);
        return inner.seal(message);
      },
      open: (box) => inner.open(box),
    };
    const a = peer(hub, { cipher: jittery });
    const b = peer(hub, sealed());
    await settle();

    const start = hub.wire.length;
    for (let index = 0; index < 10; index += 1) {
      a.doc.getText('t').insert(index, String(index));
      await Promise.resolve();
      await Promise.resolve();
    }
    await until(() => text(b) === '0123456789', 'every digit');

    const clocks: number[] = [];
    for (const { payload } of hub.wire.slice(start)) {
      const message = decodeMessage(payload);
      if (message.type !== 'sealed') throw new Error('not sealed');
      const inside = decodeMessage(await inner.open(message.box));
      if (inside.type !== 'update') continue;
      for (const struct of Y.decodeUpdate(inside.update).structs) {
        if (struct.id.client === a.doc.clientID) clocks.push(struct.id.clock);
      }
    }
    expect(clocks.length).toBeGreaterThanOrEqual(10);
    expect(clocks).toEqual([...clocks].sort((x, y) => x - y));
  });

  it('destroy() seals the goodbye, leaves the channel after it, and applies nothing more', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, sealed());
    const b = peer(hub, sealed());
    a.awareness.setLocalStateField('user', { name: 'a' });
    await until(() => b.awareness.getStates().has(a.doc.clientID), 'a in b');

    a.doc.getText('t').insert(0, 'last words');
    a.provider.destroy();
    expect(a.connection.listenerCount).toBe(1);
    b.doc.getText('t').insert(0, 'after ');
    await pause(20);
    await a.provider.whenIdle();
    await until(() => text(b).includes('last words'), 'the last words');
    await until(() => !b.awareness.getStates().has(a.doc.clientID), 'the goodbye');

    expect(a.connection.listenerCount).toBe(0);
    await pause(20);
    expect(text(a)).toBe('last words');
    expect(text(b)).toContain('after ');
    expect(codes(b)).toEqual([]);
  });

  it('drops what is being sealed or opened when the connection drops, then resyncs', async () => {
    const hub = new MemoryHub();
    const a = peer(hub, sealed());
    const b = peer(hub, sealed());
    await settle();
    a.doc.getText('t').insert(0, 'x');
    a.connection.goOffline();
    await pause(20);
    a.connection.goOnline();
    await until(() => text(b) === 'x', 'the edit after the reconnect');
    expect(codes(a)).toEqual([]);
  });
});
