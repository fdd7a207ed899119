import { describe, expect, it } from 'vitest';

import { roomCipher } from '../../src/cipher';
import type { YjsConnection } from '../../src/connection';
import { until } from '../support/relay';
import { relayPerTest } from '../support/relay-suite';

const channel = 'yjs:postType/post:9';
const key = new Uint8Array(32).map((_, index) => 90 - index);
const relay = relayPerTest();

/** A sealed editor on the real relay whose connection counts the payloads handed to it. */
function editor(userId: string) {
  const test = relay.client(userId);
  const counted = { published: 0 };
  const connection: YjsConnection = {
    ...test.connection,
    publishBinary(name, payload) {
      counted.published += 1;
      test.connection.publishBinary(name, payload);
    },
  };
  const cipher = roomCipher(key, channel);
  const { doc, provider } = relay.provider(test, { connection, channel, cipher });
  return { test, doc, provider, counted };
}

describe('destroy() in a sealed room, then closing the client', () => {
  it('hands the last edit to the connection only by the time whenIdle() resolves', async () => {
    const a = editor('1');
    const b = editor('2');
    await until(() => a.provider.connected && b.provider.connected, 'both connected');
    const before = a.counted.published;

    a.doc.getText('t').insert(0, 'last words');
    a.provider.destroy();
    expect(a.counted.published).toBe(before);

    await a.provider.whenIdle();
    expect(a.counted.published).toBeGreaterThan(before);
    await until(() => b.doc.getText('t').toString() === 'last words', 'b gets the last edit');
    a.test.client.close();
  });
});
