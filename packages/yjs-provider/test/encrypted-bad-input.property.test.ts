import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { roomCipher } from '../src/cipher';
import { encodeSealed } from '../src/messages';
import { MemoryHub, settle } from './support/memory-hub';
import { senderAndReceiver } from './support/memory-peers';
import { until } from './support/wait';

const channel = 'yjs:fuzz:sealed';
const key = new Uint8Array(32).fill(7);

/** Random payloads: raw bytes, sealed messages around random boxes, and plain-looking ones. */
const payloads = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }).map((box) => encodeSealed(box)),
  fc
    .tuple(fc.constantFrom(0, 1, 3, 100, 101), fc.uint8Array({ maxLength: 64 }))
    .map(([type, rest]) => Uint8Array.from([type, ...rest])),
);

describe('the opener of an encrypted room (property)', () => {
  it('never applies, throws on or stops for random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(payloads, { minLength: 1, maxLength: 12 }), async (garbage) => {
        const cipher = roomCipher(key, channel);
        const pair = senderAndReceiver(new MemoryHub(), channel, { cipher });
        const { a, b, awareness, receiver, pb, errors } = pair;
        await settle();

        const before = Y.encodeStateVector(b);
        for (const payload of garbage) receiver.receive(channel, payload);
        await pb.whenIdle();
        const untouched = Buffer.from(Y.encodeStateVector(b)).equals(Buffer.from(before));
        const remoteStates = [...awareness.getStates().keys()].filter((id) => id !== b.clientID);

        a.getText('t').insert(0, 'after the noise');
        await until(() => b.getText('t').toString() === 'after the noise', 'the real edit');

        pair.destroy();
        expect(untouched).toBe(true);
        expect(remoteStates).toEqual([]);
        for (const code of errors) {
          expect(['decrypt-failed', 'malformed-message', 'remote-message-too-large']).toContain(
            code,
          );
        }
      }),
      { numRuns: 150, seed: Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647) },
    );
  });
});
