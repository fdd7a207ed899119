// `npm run bench -w @wordsocket/server-core`: the relay against a plain `ws` broadcast server
// and Socket.IO, measured in one run on this machine, loopback only, bounded in count.
// Writes $WORDSOCKET_BENCH_DIR/server-core.md (default <repo>/artifacts/bench/server-core.md).
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kinds } from './clients.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.WORDSOCKET_BENCH_DIR ?? join(here, '../../../artifacts/bench');
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const IDLE = Number(process.env.BENCH_IDLE ?? 5000);
const LATENCY_ROUNDS = 200;

function startServer(kind) {
  const child = fork(join(here, 'server.mjs'), [kind], { execArgv: ['--expose-gc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (info) => resolve({ ...info, child }));
  });
}

function stats(server, gc = false) {
  return new Promise((resolve) => {
    server.child.once('message', resolve);
    server.child.send({ cmd: 'stats', gc });
  });
}

function cpuSeconds(before, after) {
  return (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6;
}

async function connectMany(count, connect) {
  const clients = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Math.min(100, count - i);
    clients.push(...(await Promise.all(Array.from({ length: batch }, connect))));
  }
  return clients;
}

/** Waits until `counter()` reaches `target`, or fails after `timeoutMs`. */
function until(counter, target, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (counter() >= target) resolve();
      else if (Date.now() > deadline) reject(new Error(`stalled at ${counter()} of ${target}`));
      else setImmediate(check);
    };
    check();
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function measure(kind) {
  const client = kinds[kind];
  const result = { kind };

  // Throughput and latency with SUBSCRIBERS subscribers.
  let server = await startServer(kind);
  let deliveries = 0;
  let lastDelivery = 0;
  const latencies = [];
  let sentAt = 0;
  let recordLatency = false;
  const onDelivery = () => {
    deliveries++;
    if (recordLatency) latencies.push(performance.now() - sentAt);
    lastDelivery = performance.now();
  };

  const subscribers = await connectMany(SUBSCRIBERS, () => client.subscriber(server, onDelivery));
  const publisher = await client.publisher(server);

  async function rounds(count, burst) {
    for (let i = 0; i < count; i++) {
      const target = deliveries + burst * SUBSCRIBERS;
      sentAt = performance.now();
      for (let j = 0; j < burst; j++) publisher.publish();
      await until(() => deliveries, target);
    }
  }

  await rounds(20, 10); // warm-up
  for (const burst of [1, 10]) {
    const before = await stats(server);
    const start = deliveries;
    await rounds(ROUNDS / burst > 20 ? Math.round(ROUNDS * (burst === 1 ? 2 : 1)) : 20, burst);
    const after = await stats(server);
    result[`perCpuSecond${burst}`] = (deliveries - start) / cpuSeconds(before, after);
  }

  recordLatency = true;
  for (let i = 0; i < LATENCY_ROUNDS; i++) {
    await rounds(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  recordLatency = false;
  latencies.sort((a, b) => a - b);
  result.p50 = percentile(latencies, 0.5);
  result.p99 = percentile(latencies, 0.99);
  void lastDelivery;

  for (const s of subscribers) s.close();
  publisher.close();
  server.child.kill();

  // Memory per idle connection.
  server = await startServer(kind);
  const idleBefore = await stats(server, true);
  const idle = await connectMany(IDLE, () => client.subscriber(server, () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idleAfter = await stats(server, true);
  result.heapPerConnection = (idleAfter.memory.heapUsed - idleBefore.memory.heapUsed) / IDLE;
  result.rssPerConnection = (idleAfter.memory.rss - idleBefore.memory.rss) / IDLE;
  for (const s of idle) s.close();
  server.child.kill();

  return result;
}

const results = {};
for (const kind of ['wordsocket', 'ws', 'socketio']) {
  process.stdout.write(`measuring ${kind}...\n`);
  results[kind] = await measure(kind);
}

const ws = results.ws;
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const kb = (bytes) => `${fmt(bytes / 1024, 2)} KB`;
const ratio = (value, base) => `${fmt(value / base, 2)}×`;
const rows = [
  ['deliveries per server CPU-second, one message at a time', 'perCpuSecond1', (v) => fmt(v), true],
  ['deliveries per server CPU-second, bursts of 10', 'perCpuSecond10', (v) => fmt(v), true],
  ['publish-to-delivery p50', 'p50', (v) => `${fmt(v, 2)} ms`, false],
  ['publish-to-delivery p99', 'p99', (v) => `${fmt(v, 2)} ms`, false],
  [`heap per idle connection (${IDLE})`, 'heapPerConnection', kb, false],
  [`RSS per idle connection (${IDLE})`, 'rssPerConnection', kb, false],
];

const lines = [
  '## @wordsocket/server-core',
  '',
  `${SUBSCRIBERS} subscribers on 127.0.0.1, 100-byte payloads, each server in its own process`,
  '(CPU from its own `process.cpuUsage()`), clients in the parent; closed loop: the next burst',
  'goes out when every subscriber has the last. WordSocket messages go the full path (token,',
  'grant check, history append, position, envelope); the plain `ws` server only forwards bytes.',
  '',
  '| measure | WordSocket | plain ws | Socket.IO | WordSocket / ws | WordSocket / Socket.IO |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(([label, key, format]) => {
    const w = results.wordsocket[key];
    return `| ${label} | ${format(w)} | ${format(ws[key])} | ${format(results.socketio[key])} | ${ratio(w, ws[key])} | ${ratio(w, results.socketio[key])} |`;
  }),
  '',
  `Node ${process.version}, ${new Date().toISOString()}.`,
];
const report = `${lines.join('\n')}\n`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'server-core.md'), report);
process.stdout.write(`\n${report}`);
process.exit(0);
