// An app that already has a node:http server and routes of its own, and mounts the relay
// under /realtime: WebSocket upgrades through its own `upgrade` listener, the relay's HTTP
// endpoints through its own request handler. Run: npm start (PORT to change the port).
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Relay } from '@wordsocket/server-core';
import { createRequestListener, WebSocketAdapter } from '@wordsocket/server-core/node';
import { SignJWT } from 'jose';

const BASE = '/realtime';

/** Starts the app; resolves its URL, the demo site, and a stop function. */
export async function start({ port = 3000, host = '127.0.0.1' } = {}) {
  const relay = new Relay({ basePath: BASE });
  const site = await relay.registerSite({ site_url: 'http://localhost', site_name: 'Demo' });
  const websockets = new WebSocketAdapter(relay);
  const relayHttp = createRequestListener(relay);

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname.startsWith(`${BASE}/`)) return relayHttp(req, res);

    // The app's own routes.
    if (pathname === '/') return send(res, 200, 'text/html', page());
    if (pathname === '/token')
      return token(site).then((t) =>
        send(res, 200, 'application/json', JSON.stringify({ token: t })),
      );
    if (pathname === '/announce' && req.method === 'POST') {
      return announce(relay, site).then((id) =>
        send(res, 200, 'application/json', JSON.stringify({ id })),
      );
    }
    return send(res, 404, 'text/plain', 'not found');
  });

  server.on('upgrade', (req, socket, head) => {
    if (websockets.matches(req)) websockets.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const url = `http://${host}:${address.port}`;

  return {
    url,
    relay,
    site,
    async stop() {
      await relay.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A browser token for the demo site (in WordPress, the plugin mints these). */
function token(site) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '0',
    allowed_channel_prefixes: ['news'],
    iat: now,
    exp: now + 300,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(site.jwt_secret));
}

/** Publishes from inside the app: the relay object itself. */
function announce(relay, site) {
  return relay.publish(site, 'news', 'announcement', { at: new Date().toISOString() });
}

/** The signed publish headers a WordPress site sends to POST /realtime/publish. */
export function signPublish(site, body) {
  const ts = String(Date.now());
  const sign = createHmac('sha256', site.publish_secret).update(`${body}.${ts}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-wp-signal-key': site.site_key,
    'x-wp-signal-ts': ts,
    'x-wp-signal-sign': sign,
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function page() {
  return `<!doctype html><meta charset="utf-8"><title>Relay demo</title>
<h1>News</h1><button id="b">Announce</button><ul id="l"></ul>
<script>
const list = document.getElementById('l');
fetch('/token').then((r) => r.json()).then(({ token }) => {
  const ws = new WebSocket(location.origin.replace('http', 'ws') + '${BASE}/ws');
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = (e) => {
    const f = JSON.parse(e.data);
    if (f.type === 'auth_ok') ws.send(JSON.stringify({ type: 'subscribe', channels: ['news'] }));
    if (f.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    if (f.type === 'message') list.insertAdjacentHTML('afterbegin', '<li>' + f.data.at + '</li>');
  };
});
document.getElementById('b').onclick = () => fetch('/announce', { method: 'POST' });
</script>`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const app = await start({ port: Number(process.env.PORT ?? 3000) });
  console.log(`app on ${app.url}  (relay under ${app.url}${BASE})`);
  console.log(`site_key ${app.site.site_key}`);
  console.log(`publish_secret ${app.site.publish_secret}`);
  process.on('SIGINT', () => app.stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => app.stop().then(() => process.exit(0)));
}
