// `npm run bench`: the browser download of @wordsocket/client next to the realtime clients it is
// most often compared with, each bundled, minified and gzipped the same way (scripts/size.mjs)
// in this run. Writes a markdown table to $WORDSOCKET_BENCH_DIR/client.md (artifacts/bench).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kb, measure } from '../scripts/size.mjs';

const root = new URL('..', import.meta.url).pathname;
const outDir = process.env.WORDSOCKET_BENCH_DIR ?? join(root, '../../artifacts/bench');
/** The installed version of a dependency (hoisted to the root, or local to this package). */
function installedVersion(name) {
  for (const dir of [join(root, 'node_modules'), join(root, '../../node_modules')]) {
    try {
      return JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')).version;
    } catch {}
  }
  return '?';
}

const peers = [
  { name: 'socket.io-client', entry: "export { io } from 'socket.io-client';" },
  { name: 'pusher-js', entry: "export { default } from 'pusher-js';" },
  { name: 'centrifuge', entry: "export { Centrifuge } from 'centrifuge';" },
];

const ours = await measure("export { WordSocketClient } from './dist/index.js';", root);
const rows = [
  [
    '@wordsocket/client (entry)',
    ours.eager,
    'WebSocket, recovery, token refresh, presence, publish queue',
  ],
  [
    '@wordsocket/client (entry + on demand)',
    ours.eager + ours.onDemand,
    'plus decryption (v1, v2) and the SSE fallback, loaded when needed',
  ],
];
for (const peer of peers) {
  const size = await measure(peer.entry, root);
  rows.push([
    `${peer.name} ${installedVersion(peer.name)}`,
    size.eager + size.onDemand,
    'its default import',
  ]);
}

const table = [
  '## @wordsocket/client: browser download size',
  '',
  'Each entry bundled with esbuild for browsers (ESM, minified, code splitting), gzipped at',
  'level 9, in this run. Ratio: the size over the @wordsocket/client entry.',
  '',
  '| client | min+gzip | ratio | notes |',
  '| --- | ---: | ---: | --- |',
  ...rows.map(
    ([name, bytes, notes]) =>
      `| ${name} | ${kb(bytes)} | ${(bytes / ours.eager).toFixed(2)}× | ${notes} |`,
  ),
  '',
];

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'client.md'), table.join('\n'));
process.stdout.write(`${table.join('\n')}\n`);
