import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MemoryHub, settle } from './support/memory-hub';
import { senderAndReceiver } from './support/memory-peers';

const channel = 'yjs:fuzz:1';

/** Random payloads, most of them starting like a real message so decoding goes deep. */
const payloads = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .tuple(
      fc.constantFrom(0, 1, 3, 100),
      fc.constantFrom(0, 1, 2, 9),
      fc.uint8Array({ maxLength: 64 }),
    )
    .map(([type, subtype, rest]) => Uint8Array.from([type, subtype, ...rest])),
);

describe('bad input (property)', () => {
  it('never throws on random payloads and keeps syncing afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(payloads, { minLength: 1, maxLength: 20 }), async (garbage) => {
        const pair = senderAndReceiver(new MemoryHub(), channel);
        const { a, b, receiver, errors } = pair;
        await settle();

        for (const payload of garbage) receiver.receive(channel, payload);
        a.getText('t').insert(0, 'after the noise');
        await settle();

        const ok = b.getText('t').toString().endsWith('after the noise');
        pair.destroy();
        expect(
          errors.every(
            (code) => code === 'malformed-message' || code === 'remote-message-too-large',
          ),
        ).toBe(true);
        return ok;
      }),
      { numRuns: 200, seed: Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647) },
    );
  });
});
