import { describe, expect, it } from 'vitest';
import type { Awareness } from 'y-protocols/awareness';

import { roomCipher } from '../../src/cipher';
import { until } from '../support/relay';
import { relayPerTest } from '../support/relay-suite';

const channel = 'yjs:postType/post:77';
const key = new Uint8Array(32).map((_, index) => index + 40);
const relay = relayPerTest();
const client = (userId: string) => relay.client(userId);
const editor = (name: string) =>
  relay.editor(client(name), { channel, cipher: roomCipher(key, channel), localState: { name } });

const names = (awareness: Awareness) =>
  [...awareness.getStates().values()].map((state) => state.name as string).sort();

describe('relay presence that claims another member’s awareness client', () => {
  it('a keyless member that claims a key holder’s client and leaves does not remove it', async () => {
    const a = editor('A');
    const b = editor('B');
    await until(() => names(b.awareness).join() === 'A,B', 'b sees a');
    const x = client('X');
    await x.client.subscribe(channel);
    const xIn = () => b.test.client.members(channel).some((m) => m.userId === 'X');

    x.client.setPresence(channel, { yjsClients: [a.awareness.clientID] });
    await until(xIn, 'b sees x join the presence set');
    x.client.setPresence(channel, null);
    await until(() => !xIn(), 'b sees x leave');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(names(b.awareness)).toEqual(['A', 'B']);
  });

  it('still removes a member’s client once no remaining member claims it', async () => {
    const a = editor('A');
    const b = editor('B');
    await until(() => names(b.awareness).join() === 'A,B', 'b sees a');

    a.test.drop();
    a.test.close();
    await until(() => names(b.awareness).join() === 'B', 'a leaves b’s awareness', 3000);
    expect(a.provider.connected).toBe(false);
  });
});
