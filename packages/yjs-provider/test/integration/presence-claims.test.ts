import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
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

const channel = 'yjs:postType/post:77';
const key = new Uint8Array(32).map((_, index) => index + 40);
let local: LocalRelay;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  local = await startRelay();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await local.stop();
});

function client(userId: string): TestClient {
  const test = connectClient(local, userId);
  cleanups.push(() => test.close());
  return test;
}

function editor(name: string) {
  const test = client(name);
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState({ name });
  const cipher = roomCipher(key, channel);
  const provider = new YjsProvider({
    connection: test.connection,
    channel,
    doc,
    awareness,
    Y,
    cipher,
  });
  cleanups.push(() => {
    provider.destroy();
    awareness.destroy();
  });
  return { test, awareness, provider };
}

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
