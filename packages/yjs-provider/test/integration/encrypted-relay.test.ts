import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { roomCipher } from '../../src/cipher';
import { encodeSealed, encodeUpdate } from '../../src/messages';
import { until } from '../support/relay';
import { type Editor, type ProviderOptions, relayPerTest } from '../support/relay-suite';

const channel = 'yjs:postType/post:99';
const key = new Uint8Array(32).map((_, index) => 255 - index);
const wrongKey = new Uint8Array(32).fill(3);
const relay = relayPerTest();
let wire: Buffer[];

beforeEach(() => {
  wire = [];
});

/** An editor on the real relay whose every WebSocket frame, both ways, lands in `wire`. */
function editor(options: Partial<ProviderOptions> = {}): Editor {
  return relay.editor(relay.client('1', 'websocket', wire), { channel, ...options });
}

const sealed = (k = key) => ({ cipher: roomCipher(k, channel) });
const text = (e: Editor) => e.doc.getText('t').toString();
const codes = (e: Editor) => new Set(e.errors.map((error) => error.code));
const seen = () => Buffer.concat(wire);

describe('encrypted rooms over the real relay', () => {
  it('two encrypted peers converge; no frame the relay handled holds the text or the name', async () => {
    const a = editor(sealed());
    const b = editor(sealed());
    await until(() => a.provider.connected && b.provider.connected, 'both connected');

    a.awareness.setLocalStateField('user', { name: 'Grace Hopper' });
    a.doc.getText('t').insert(0, 'The confidential title');
    await until(() => text(b) === 'The confidential title', 'b receives a');
    b.doc.getText('t').insert(0, 'Draft: ');
    await until(() => text(a) === 'Draft: The confidential title', 'a receives b');
    await until(() => b.awareness.getStates().has(a.doc.clientID), 'presence');

    expect(wire.length).toBeGreaterThan(10);
    expect(seen().includes('confidential')).toBe(false);
    expect(seen().includes('Grace Hopper')).toBe(false);
    expect(seen().includes(channel)).toBe(true);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('the same exchange in a plain room puts the text on the wire (the check can fail)', async () => {
    const a = editor();
    const b = editor();
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    a.doc.getText('t').insert(0, 'The confidential title');
    await until(() => text(b) === 'The confidential title', 'b receives a');

    expect(seen().includes('confidential')).toBe(true);
  });

  it('syncs a document larger than the chunk size, encrypted', async () => {
    const a = editor({ ...sealed(), chunkBytes: 16 * 1024 });
    const big = `${'a long paragraph of the manuscript. '.repeat(3000)}final sentence`;
    a.doc.getText('t').insert(0, big);
    await until(() => a.provider.connected, 'a connected');

    const late = editor({ ...sealed(), chunkBytes: 16 * 1024 });
    await until(() => text(late) === big, 'the late joiner holds the large document', 20_000);

    expect(big.length).toBeGreaterThan(100_000);
    expect(seen().includes('manuscript')).toBe(false);
    expect(seen().includes('final sentence')).toBe(false);
    expect(late.errors).toEqual([]);
  });

  it('a wrong-key peer gets decrypt-failed and its edits never reach the others', async () => {
    const a = editor(sealed());
    const b = editor(sealed());
    const intruder = editor(sealed(wrongKey));
    await until(
      () => a.provider.connected && b.provider.connected && intruder.provider.connected,
      'all connected',
    );

    intruder.doc.getText('t').insert(0, 'GARBAGE');
    a.doc.getText('t').insert(0, 'one');
    await until(() => text(b) === 'one', 'b receives a');
    b.doc.getText('t').insert(3, ' two');
    await until(() => text(a) === 'one two', 'a receives b');
    await until(() => codes(a).has('decrypt-failed'), 'a reports the intruder');

    expect(codes(intruder)).toEqual(new Set(['decrypt-failed']));
    expect(text(intruder)).toBe('GARBAGE');
    expect(codes(a)).toEqual(new Set(['decrypt-failed']));
    expect(codes(b)).toEqual(new Set(['decrypt-failed']));
    expect(text(a)).toBe('one two');
    expect(text(b)).toBe('one two');
    expect(a.awareness.getStates().has(intruder.doc.clientID)).toBe(false);
  });

  it('rejects a tampered frame sent through the relay and keeps syncing', async () => {
    const a = editor(sealed());
    const b = editor(sealed());
    const attacker = relay.client('2', 'websocket', wire);
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    await attacker.client.subscribe(channel);

    const other = new Y.Doc();
    other.getText('t').insert(0, 'forged');
    const box = await roomCipher(key, channel).seal(encodeUpdate(Y.encodeStateAsUpdate(other)));
    box[box.length - 5] = (box[box.length - 5] ?? 0) ^ 0x80;
    await attacker.client.publishBinary(channel, encodeSealed(box));
    await attacker.client.publishBinary(channel, encodeUpdate(Y.encodeStateAsUpdate(other)));
    await until(() => b.errors.length >= 2, 'b reports both');

    expect(codes(b)).toEqual(new Set(['decrypt-failed']));
    a.doc.getText('t').insert(0, 'honest');
    await until(() => text(b) === 'honest', 'b still syncs');
    expect(text(a)).toBe('honest');
  });

  it('reports plain-vs-encrypted mismatch on both sides', async () => {
    const locked = editor(sealed());
    const plain = editor();
    await until(() => locked.provider.connected && plain.provider.connected, 'both connected');
    locked.doc.getText('t').insert(0, 'sealed');
    plain.doc.getText('t').insert(0, 'plain');
    await until(
      () => codes(locked).has('decrypt-failed') && codes(plain).has('decrypt-failed'),
      'both report',
    );

    expect(text(locked)).toBe('sealed');
    expect(text(plain)).toBe('plain');
  });
});
