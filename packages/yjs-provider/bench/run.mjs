/**
 * `npm run bench` for the Yjs provider: update relay latency with ten editors and the time a late
 * joiner needs to sync a 1 MB document, for WordSocket (plain and relay-blind rooms), y-websocket
 * and Hocuspocus measured in the same run on the same machine. Writes a markdown table to $WORDSOCKET_BENCH_DIR/yjs-provider.md
 * (default artifacts/bench/). Numbers are reported, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';

import { hocuspocus, wordsocket, wordsocketRelayBlind, yWebsocket } from './systems.mjs';

const EDITORS = 10;
const EDITS = Number(process.env.BENCH_EDITS ?? 300);
const EDIT_INTERVAL_MS = 20;
const JOINS = Number(process.env.BENCH_JOINS ?? 9);
const DOC_BYTES = 1_000_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Ten editors in one room; each edit stamps a map entry; every other editor records the delay. */
async function latency(system) {
  const instance = await system.start();
  const samples = [];
  const leaves = [];
  const docs = [];
  try {
    for (let i = 0; i < EDITORS; i++) {
      const doc = new Y.Doc();
      doc.getMap('lat').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const key of event.keysChanged) samples.push(now - event.target.get(key));
      });
      docs.push(doc);
      leaves.push(await instance.join('latency', doc));
    }
    await sleep(300);

    for (let n = 0; n < EDITS; n++) {
      docs[n % EDITORS].getMap('lat').set(`e${n}`, performance.now());
      await sleep(EDIT_INTERVAL_MS);
    }

    const expected = EDITS * (EDITORS - 1);
    const deadline = Date.now() + 10_000;
    while (samples.length < expected && Date.now() < deadline) await sleep(20);
    const sorted = samples.sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      delivered: sorted.length,
      expected,
    };
  } finally {
    for (const leave of leaves) leave();
    await instance.stop();
  }
}

/** A writer holds a 1 MB document; fresh joiners measure the time to hold all of it. */
async function lateJoin(system) {
  const instance = await system.start();
  const writer = new Y.Doc();
  const leaveWriter = await instance.join('join', writer);
  const times = [];
  try {
    const chunk = 'abcdefghij'.repeat(1000);
    writer.transact(() => {
      for (let i = 0; i < DOC_BYTES / chunk.length; i++)
        writer.getText('t').insert(i * chunk.length, chunk);
    });
    await sleep(500);

    for (let j = 0; j < JOINS; j++) {
      const doc = new Y.Doc();
      const started = performance.now();
      const done = new Promise((resolve) => {
        doc.on('update', () => doc.getText('t').length === DOC_BYTES && resolve());
      });
      const leave = await instance.join('join', doc);
      await done;
      times.push(performance.now() - started);
      leave();
      await sleep(100);
    }
    return { median: median(times) };
  } finally {
    leaveWriter();
    await instance.stop();
  }
}

const only = process.env.BENCH_SYSTEMS?.split(',');
const systems = [wordsocket, wordsocketRelayBlind, yWebsocket, hocuspocus].filter(
  (system, index) => index === 0 || !only || only.includes(system.name),
);
const rows = [];
for (const system of systems) {
  const lat = await latency(system);
  const join = await lateJoin(system);
  rows.push({ name: system.name, ...lat, join: join.median });
  process.stderr.write(`${system.name}: ${JSON.stringify(rows.at(-1))}\n`);
}

const ours = rows[0];
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const ratio = (theirs, mine) => `${(theirs / mine).toFixed(2)}×`;
const lines = [
  '## @wordsocket/yjs-provider',
  '',
  `${EDITORS} editors in one room, ${EDITS} map edits ${EDIT_INTERVAL_MS} ms apart, every delivery timed`,
  `(edit to remote observer); late joiner: median of ${JOINS} joins to a ${DOC_BYTES / 1e6} MB text`,
  'document. All servers on 127.0.0.1, all clients in one Node process, measured in the same run.',
  'A ratio above 1× means WordSocket is faster by that factor. The relay-blind row is WordSocket',
  'with every message sealed and opened (AES-256-GCM, WebCrypto): its ratios are the cost of',
  'encryption against the plain room (1.10× = 10 % slower).',
  '',
  '| system | latency p50 | latency p99 | delivered | late join 1 MB | p50 ratio | p99 ratio | join ratio |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${row.delivered}/${row.expected} | ${fmt(row.join)} | ${ratio(row.p50, ours.p50)} | ${ratio(row.p99, ours.p99)} | ${ratio(row.join, ours.join)} |`,
  ),
  '',
  `Node ${process.version}, ${new Date().toISOString()}.`,
  '',
];

const dir =
  process.env.WORDSOCKET_BENCH_DIR ??
  fileURLToPath(new URL('../../../artifacts/bench/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'yjs-provider.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
process.exit(0);
