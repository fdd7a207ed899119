import { describe, expect, it } from 'vitest';

import { until } from '../support/relay';
import { type Editor, relayPerTest } from '../support/relay-suite';

/** mulberry32: a small seeded generator, so a failing run can be replayed exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PEERS = 5;
const STEPS = Number(process.env.YJS_CONVERGENCE_STEPS ?? 400);
const RUNS = process.env.YJS_SEED
  ? [Number(process.env.YJS_SEED)]
  : [1, 2, 3].map(() => Date.now() ^ (Math.random() * 0x7fffffff));

interface Peer extends Editor {
  offline: 'no' | 'dropped' | 'closed';
}

const relay = relayPerTest();

function join(channel: string): Peer {
  const editor = relay.editor(relay.client(), { channel, resyncDelayMs: 200 });
  return { ...editor, offline: 'no' };
}

function snapshot(peer: Peer): string {
  return JSON.stringify({
    text: peer.doc.getText('t').toString(),
    map: Object.entries(peer.doc.getMap('m').toJSON()).sort(([a], [b]) => a.localeCompare(b)),
  });
}

function pick<T>(rand: () => number, items: T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

async function run(seed: number): Promise<void> {
  const rand = random(seed);
  const channel = `yjs:test/convergence:${seed}`;
  const group = Array.from({ length: PEERS }, () => join(channel));
  await until(() => group.every((peer) => peer.provider.connected), 'every peer connected');

  for (let step = 0; step < STEPS; step++) {
    const peer = pick(rand, group);
    const roll = rand();
    const text = peer.doc.getText('t');

    if (roll < 0.55) {
      const word = String.fromCharCode(97 + Math.floor(rand() * 26)).repeat(
        1 + Math.floor(rand() * 4),
      );
      text.insert(Math.floor(rand() * (text.length + 1)), word);
    } else if (roll < 0.75 && text.length > 0) {
      const at = Math.floor(rand() * text.length);
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rand() * 5)));
    } else if (roll < 0.87) {
      peer.doc.getMap('m').set(`k${Math.floor(rand() * 8)}`, Math.floor(rand() * 1000));
    } else if (roll < 0.91) {
      peer.awareness.setLocalStateField('cursor', Math.floor(rand() * 100));
    } else if (roll < 0.95 && peer.offline === 'no') {
      const how = rand() < 0.5 ? 'dropped' : 'closed';
      if (how === 'dropped') peer.test.drop();
      else peer.test.client.close();
      peer.offline = how;
    } else if (peer.offline !== 'no') {
      if (peer.offline === 'closed') peer.test.client.connect();
      peer.offline = 'no';
    }

    if (rand() < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 15)));
  }

  for (const peer of group) {
    if (peer.offline === 'closed') peer.test.client.connect();
    peer.offline = 'no';
  }

  await until(
    () => group.every((peer) => peer.provider.connected),
    'every peer reconnected',
    20_000,
  );
  await until(
    () => group.every((peer) => snapshot(peer) === snapshot(group[0] as Peer)),
    'every document identical',
    20_000,
  );
  expect(new Set(group.map(snapshot)).size).toBe(1);
}

describe('randomised convergence over the real relay', () => {
  for (const seed of RUNS) {
    it(`converges five peers editing while they drop and reconnect (seed ${seed})`, async () => {
      try {
        await run(seed);
      } catch (error) {
        process.stderr.write(`convergence failed; replay with YJS_SEED=${seed}\n`);
        throw error;
      }
    }, 60_000);
  }
});
