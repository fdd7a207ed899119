import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

import {
  decodeMessage,
  encodeAwareness,
  encodeChunk,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MalformedMessageError,
} from '../src/messages';

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

/** Feeds a sync message (outer type 0) to y-protocols the way y-websocket does. */
function readWithYProtocols(message: Uint8Array, doc: Y.Doc): { type: number; reply: Uint8Array } {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(0);
  const encoder = encoding.createEncoder();
  const type = syncProtocol.readSyncMessage(decoder, encoder, doc, 'peer');
  return { type, reply: encoding.toUint8Array(encoder) };
}

describe('messages', () => {
  it('writes sync step 1 that y-protocols answers with the missing update', () => {
    const source = docWithText('hello');
    const empty = new Y.Doc();
    const { type, reply } = readWithYProtocols(encodeSyncStep1(Y.encodeStateVector(empty)), source);

    expect(type).toBe(syncProtocol.messageYjsSyncStep1);
    Y.applyUpdate(empty, decodingTail(reply));
    expect(empty.getText('t').toString()).toBe('hello');
  });

  it('writes sync step 2 and updates that y-protocols applies', () => {
    const source = docWithText('abc');
    const target = new Y.Doc();
    readWithYProtocols(encodeSyncStep2(Y.encodeStateAsUpdate(source)), target);
    source.getText('t').insert(3, 'd');
    const last = Y.encodeStateAsUpdate(source, Y.encodeStateVector(target));
    readWithYProtocols(encodeUpdate(last), target);

    expect(target.getText('t').toString()).toBe('abcd');
  });

  it('reads the sync messages y-protocols writes', () => {
    const doc = docWithText('x');
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, doc);
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, 0);
    syncProtocol.writeSyncStep2(step2, doc);
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 0);
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc));

    expect(decodeMessage(encoding.toUint8Array(step1))).toEqual({
      type: 'sync-step-1',
      stateVector: Y.encodeStateVector(doc),
    });
    expect(decodeMessage(encoding.toUint8Array(step2)).type).toBe('sync-step-2');
    expect(decodeMessage(encoding.toUint8Array(update)).type).toBe('update');
  });

  it('round-trips awareness, awareness queries and chunks', () => {
    const body = new Uint8Array([1, 2, 3]);

    expect(decodeMessage(encodeAwareness(body))).toEqual({ type: 'awareness', update: body });
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
    expect(decodeMessage(encodeChunk(7, 300, 100, body))).toEqual({
      type: 'chunk',
      id: 7,
      total: 300,
      offset: 100,
      bytes: body,
    });
  });

  it('reports message types it does not use as ignored', () => {
    expect(decodeMessage(new Uint8Array([2, 0, 0]))).toEqual({ type: 'ignored', messageType: 2 });
  });

  it('refuses a message that is empty, truncated or padded', () => {
    const whole = encodeSyncStep1(new Uint8Array([1, 5, 9]));
    const cases = [
      new Uint8Array([]),
      whole.subarray(0, whole.length - 1),
      new Uint8Array([...whole, 0]),
      new Uint8Array([0xff, 0xff]),
      new Uint8Array([0, 7, 0]),
    ];

    for (const bytes of cases) expect(() => decodeMessage(bytes)).toThrow(MalformedMessageError);
  });
});

function decodingTail(reply: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(reply);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
