import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { roomCipher } from '../../src/cipher';
import { YjsProvider } from '../../src/provider';
import {
  connectClient,
  type LocalRelay,
  startRelay,
  type TestClient,
  until,
} from '../support/relay';

const channel = 'yjs:postType/post:9';
const key = new Uint8Array(32).map((_, index) => 90 - index);
let local: LocalRelay;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  local = await startRelay();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await local.stop();
});

function editor(userId: string) {
  const test: TestClient = connectClient(local, userId);
  const doc = new Y.Doc();
  const cipher = roomCipher(key, channel);
  const provider = new YjsProvider({ connection: test.connection, channel, doc, Y, cipher });
  cleanups.push(() => {
    provider.destroy();
    test.close();
  });
  return { test, doc, provider };
}

describe('closing the client after destroy() in a sealed room', () => {
  it('delivers the last edit when the client closes once whenIdle() resolves', async () => {
    const a = editor('1');
    const b = editor('2');
    await until(() => a.provider.connected && b.provider.connected, 'both connected');

    a.doc.getText('t').insert(0, 'last words');
    a.provider.destroy();
    await a.provider.whenIdle();
    a.test.client.close();

    await until(() => b.doc.getText('t').toString() === 'last words', 'b gets the last edit');
    expect(a.test.client.state).toBe('idle');
  });
});
