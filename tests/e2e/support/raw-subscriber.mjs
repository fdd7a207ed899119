// A subscriber that talks to the relay directly with `ws`, holding a token minted with the site's
// JWT secret, and keeps every frame exactly as the relay sent it: what anyone who runs the relay
// could read.
import { siteId, tenantId } from '@wordsocket/crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

export async function openRawSubscriber(relay, { siteKey, jwtSecret, channels }) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    site_id: await siteId(siteKey),
    tenant_id: await tenantId(siteKey),
    user_id: '0',
    allowed_channel_prefixes: channels,
    allowed_publish_prefixes: [],
    v: 2,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(jwtSecret));

  const frames = [];
  const waiters = new Set();
  const socket = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`);
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    for (const waiter of [...waiters]) waiter();
  });

  const next = (predicate, timeoutMs = 15_000) =>
    new Promise((done, reject) => {
      const look = () => {
        const index = frames.findIndex(predicate);
        if (index === -1) return;
        waiters.delete(look);
        clearTimeout(timer);
        done(frames.splice(index, 1)[0]);
      };
      const timer = setTimeout(() => {
        waiters.delete(look);
        reject(new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
      }, timeoutMs);
      waiters.add(look);
      look();
    });

  await new Promise((done, reject) => {
    socket.once('open', done);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  await next((frame) => frame.type === 'auth_ok');
  socket.send(JSON.stringify({ type: 'subscribe', channels }));
  await next((frame) => frame.type === 'subscribed');

  return { next, frames, close: () => socket.close() };
}
