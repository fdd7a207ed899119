// Seal + open throughput of the WebCrypto backend and of the pure-JavaScript fallback, measured
// in the same process, plus the size of a client-like import. Writes a markdown report to
// $WORDSOCKET_BENCH_DIR/crypto.md (default: <repo>/artifacts/bench/crypto.md) and prints it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fallbackBackend } from '../dist/fallback.js';
import {
  deriveChannelKey,
  deriveV1Key,
  openV1,
  openV2,
  sealV1,
  sealV2,
  signPublish,
  verifyPublishSignature,
  webCryptoBackend,
} from '../dist/index.js';
import { bundleClientImport } from './bundle-size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.WORDSOCKET_BENCH_DIR ?? join(here, '../../../artifacts/bench');
const SAMPLES = 9;
const SAMPLE_MS = 250;

const seed = 'bench seed';
const siteKey = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';
const secret = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a';

/** A message whose inner JSON is exactly 1024 bytes for v1. */
function kilobyteMessage() {
  const skeleton = JSON.stringify({ event: 'post.updated', data: { id: 42, body: '' } });
  return {
    event: 'post.updated',
    data: {
      id: 42,
      body: 'é/x'.repeat(1024).slice(0, 1024 - skeleton.length - 100) + 'a'.repeat(100),
    },
  };
}

/** Operations per second of `op`, awaited one after another, over one sample. */
async function sample(op) {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < SAMPLE_MS) {
    await op();
    count++;
    now = performance.now();
  }

  return (count * 1000) / (now - start);
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median ops/s of two operations, sampled alternately so that both see the same machine load
 * (other processes on a shared machine move absolute numbers; the ratio holds better).
 */
async function compare(first, second) {
  await sample(first);
  await sample(second);

  const a = [];
  const b = [];
  for (let s = 0; s < SAMPLES; s++) {
    a.push(await sample(first));
    b.push(await sample(second));
  }

  return [median(a), median(b)];
}

async function scenarios(backend) {
  const options = { backend };
  const message = kilobyteMessage();
  const v1Key = await deriveV1Key(seed, siteKey, options);
  const postsKey = await deriveChannelKey(seed, siteKey, 'posts', options);
  const body = JSON.stringify({ channel: 'posts', ...(await sealV1(v1Key, message, options)) });
  const ts = Date.now();

  return {
    'v2 seal + open, 1 KB': async () => {
      await openV2(postsKey, 'posts', await sealV2(postsKey, 'posts', message, options), options);
    },
    'v1 seal + open, 1 KB': async () => {
      await openV1(v1Key, await sealV1(v1Key, message, options), options);
    },
    'deriveChannelKey (HKDF)': async () => {
      await deriveChannelKey(seed, siteKey, 'comments:42', options);
    },
    'sign + verify publish, 1.4 KB body': async () => {
      const signature = await signPublish(secret, body, ts, options);
      await verifyPublishSignature({ secret, body, ts: String(ts), signature }, options);
    },
  };
}

const format = (n) => Math.round(n).toLocaleString('en-US');

const web = await scenarios(webCryptoBackend);
const pure = await scenarios(fallbackBackend);
const rows = [];
for (const name of Object.keys(web)) {
  const [webRate, pureRate] = await compare(web[name], pure[name]);
  rows.push(
    `| ${name} | ${format(webRate)} | ${format(pureRate)} | ${(pureRate / webRate).toFixed(2)}× |`,
  );
}

const bundle = await bundleClientImport(join(here, '../dist/envelope.js'));
const lazyGzip = bundle.lazy.reduce((sum, file) => sum + file.gzip, 0);

const report = `## @wordsocket/crypto

Node ${process.version}, one operation awaited after another, median of ${SAMPLES} samples of
${SAMPLE_MS} ms, the two backends sampled alternately. Ratio = fallback ÷ WebCrypto (below 1 means the fallback is slower).

| operation | WebCrypto ops/s | fallback ops/s | fallback / WebCrypto |
| --- | ---: | ---: | ---: |
${rows.join('\n')}

Client-like import (\`{ ${'isEncryptedMessage, openMessage, sealV2, isWordSocketCryptoError'} }\` from
\`@wordsocket/crypto/envelope\`), esbuild ESM, minified, code splitting, gzip -9:

| chunk | minified bytes | gzip bytes |
| --- | ---: | ---: |
| eager (always loaded) | ${format(bundle.entry.bytes)} | ${format(bundle.entry.gzip)} |
| lazy (fallback, loaded only without \`crypto.subtle\`) | ${format(bundle.lazy.reduce((s, f) => s + f.bytes, 0))} | ${format(lazyGzip)} |
| total | | ${format(bundle.totalGzip)} |
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'crypto.md'), report);
process.stdout.write(`${report}\n`);
