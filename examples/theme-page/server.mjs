// The example's one server, standing in for a WordPress site with its relay:
// - an embedded relay under /relay (the same relay `wordsocket-server` runs), with one site;
// - the endpoints WordPress provides to the page: a token (GET /token) and the v2 key of each
//   channel the visitor may read (GET /keys?channel=…);
// - a "publish a post" button's endpoint (POST /demo/publish) that seals and signs an event the
//   way the plugin's publisher does and sends it to the relay over HTTP;
// - the page itself and the client bundled for browsers (GET /wordsocket.js and its chunks).
// Everything listens on 127.0.0.1 only. PORT=0 picks a free port.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveChannelKey, publishHeaders, sealV2, toBase64 } from '@wordsocket/crypto';
import { Relay } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';
import { build } from 'esbuild';
import { SignJWT } from 'jose';

const HOST = '127.0.0.1';
const CHANNEL = 'posts';
const port = Number(process.env.PORT ?? 8787);
// In WordPress the seed is AUTH_KEY . SECURE_AUTH_KEY and never leaves the server.
const seed = process.env.ENCRYPTION_SEED ?? randomBytes(32).toString('hex');

const relay = new Relay({ basePath: '/relay' });
const site = await relay.registerSite({ site_url: `http://${HOST}`, site_name: 'Theme example' });

// The client as a browser loads it: an entry plus the chunks it fetches on demand (decryption,
// the SSE fallback, and the pure-JS crypto for pages without crypto.subtle).
const { outputFiles } = await build({
  entryPoints: { wordsocket: fileURLToPath(import.meta.resolve('@wordsocket/client')) },
  bundle: true,
  minify: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  outdir: '/assets',
  write: false,
  logLevel: 'error',
});
const assets = new Map(outputFiles.map((file) => [`/${basename(file.path)}`, file.text]));
const publicDir = new URL('./public/', import.meta.url);

/** A visitor's token: may read `posts`, may publish nowhere (docs/protocol.md §3). */
function mintToken() {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '0',
    allowed_channel_prefixes: [CHANNEL],
    allowed_publish_prefixes: [],
    v: 2,
    aud: 'wordsocket',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(site.jwt_secret));
}

let posted = 0;

/** What WordPress does when a post is published: seal, sign, send. */
async function publishDemoPost(base) {
  const key = await deriveChannelKey(seed, site.site_key, CHANNEL);
  const title = `Hello from post #${++posted}`;
  const sealed = await sealV2(key, CHANNEL, {
    event: 'post.published',
    data: { id: posted, title },
  });
  const body = JSON.stringify({ channel: CHANNEL, ...sealed });
  const headers = await publishHeaders(
    { siteKey: site.site_key, publishSecret: site.publish_secret },
    body,
  );
  const response = await fetch(`${base}/relay/publish`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, title };
}

const types = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

async function app(req, res) {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const json = (status, body) => send(status, 'application/json', JSON.stringify(body));

  try {
    if (req.method === 'GET' && url.pathname === '/token') {
      return json(200, { token: await mintToken() });
    }
    if (req.method === 'GET' && url.pathname === '/keys') {
      if (url.searchParams.get('channel') !== CHANNEL) return json(403, { error: 'forbidden' });
      return json(200, { key: toBase64(await deriveChannelKey(seed, site.site_key, CHANNEL)) });
    }
    if (req.method === 'POST' && url.pathname === '/demo/publish') {
      return json(200, await publishDemoPost(`http://${HOST}:${server.address().port}`));
    }
    if (req.method === 'GET' && assets.has(url.pathname)) {
      return send(200, types.js, assets.get(url.pathname));
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/theme.js')) {
      const file = url.pathname === '/' ? 'index.html' : 'theme.js';
      return send(200, types[file.split('.')[1]], await readFile(new URL(file, publicDir)));
    }
    json(404, { error: 'not_found' });
  } catch (error) {
    json(500, { error: 'internal', message: String(error) });
  }
}

const server = createServer();
attachRelay(relay, server, { fallback: (req, res) => void app(req, res) });
server.listen(port, HOST, () => {
  process.stdout.write(`theme page on http://${HOST}:${server.address().port}/\n`);
});

const stop = async () => {
  await relay.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
