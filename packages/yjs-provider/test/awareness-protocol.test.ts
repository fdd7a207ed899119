import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

import {
  applyAwarenessStates,
  encodeAwarenessStates,
  encodeLocalRemoval,
} from '../src/awareness-protocol';
import { MalformedMessageError } from '../src/messages';

const created: awarenessProtocol.Awareness[] = [];

function awareness(state: Record<string, unknown> | null = {}): awarenessProtocol.Awareness {
  const instance = new awarenessProtocol.Awareness(new Y.Doc());
  instance.setLocalState(state);
  created.push(instance);
  return instance;
}

afterEach(() => {
  for (const instance of created.splice(0)) instance.destroy();
});

describe('awareness protocol', () => {
  it('writes bytes identical to y-protocols', () => {
    const a = awareness({ user: 'ada', cursor: 3 });

    expect(encodeAwarenessStates(a, [a.clientID])).toEqual(
      awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]),
    );
  });

  it('applies an update written by y-protocols, with the same events', () => {
    const a = awareness({ user: 'ada' });
    const b = awareness();
    const events: unknown[] = [];
    b.on('change', (change: unknown, origin: unknown) => events.push(['change', change, origin]));
    b.on('update', (change: unknown, origin: unknown) => events.push(['update', change, origin]));

    applyAwarenessStates(b, awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]), 'here');

    expect(b.getStates().get(a.clientID)).toEqual({ user: 'ada' });
    expect(events).toEqual([
      ['change', { added: [a.clientID], updated: [], removed: [] }, 'here'],
      ['update', { added: [a.clientID], updated: [], removed: [] }, 'here'],
    ]);
  });

  it('ignores a state older than the one it holds', () => {
    const a = awareness({ v: 1 });
    const old = encodeAwarenessStates(a, [a.clientID]);
    a.setLocalState({ v: 2 });
    const b = awareness();
    applyAwarenessStates(b, encodeAwarenessStates(a, [a.clientID]), null);
    applyAwarenessStates(b, old, null);

    expect(b.getStates().get(a.clientID)).toEqual({ v: 2 });
  });

  it('removes a peer that announces its removal, as y-protocols reads it too', () => {
    const a = awareness({ user: 'ada' });
    const ours = awareness();
    const theirs = awareness();
    const update = encodeAwarenessStates(a, [a.clientID]);
    applyAwarenessStates(ours, update, null);
    awarenessProtocol.applyAwarenessUpdate(theirs, update, null);

    const removal = encodeLocalRemoval(a);
    applyAwarenessStates(ours, removal, null);
    awarenessProtocol.applyAwarenessUpdate(theirs, removal, null);

    expect(ours.getStates().has(a.clientID)).toBe(false);
    expect(theirs.getStates().has(a.clientID)).toBe(false);
  });

  it('never lets a peer remove this client’s own live state', () => {
    const a = awareness({ user: 'ada' });
    const forged = encodeLocalRemoval(a);
    applyAwarenessStates(a, forged, null);

    expect(a.getLocalState()).toEqual({ user: 'ada' });
  });

  it('changes nothing when an update is truncated or not JSON', () => {
    const a = awareness({ user: 'ada' });
    const b = awareness();
    const good = encodeAwarenessStates(a, [a.clientID]);
    const notJson = new Uint8Array([1, 5, 1, 3, 0x7b, 0x7b, 0x7b]);

    expect(() => applyAwarenessStates(b, good.subarray(0, good.length - 2), null)).toThrow(
      MalformedMessageError,
    );
    expect(() => applyAwarenessStates(b, notJson, null)).toThrow(MalformedMessageError);
    expect(b.getStates().has(a.clientID)).toBe(false);
  });
});
