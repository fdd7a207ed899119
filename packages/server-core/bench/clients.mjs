// Benchmark clients for each server kind, all in the parent process. Each subscriber counts
// deliveries and calls `onDelivery` without parsing the message.
import { SignJWT } from 'jose';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const PAYLOAD = 'x'.repeat(100);

async function token(site) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '1',
    allowed_channel_prefixes: [''],
    iat: now,
    exp: now + 3600,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(site.jwt_secret));
}

function opened(ws) {
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('message', () => resolve(ws));
  });
}

/** What each kind needs: connect a subscriber, connect a publisher, publish, close. */
export const kinds = {
  wordsocket: {
    async subscriber(server, onDelivery) {
      const ws = new WebSocket(
        `ws://127.0.0.1:${server.port}/ws?token=${await token(server.site)}`,
        {
          perMessageDeflate: false,
        },
      );
      await opened(ws); // auth_ok
      ws.send(JSON.stringify({ type: 'subscribe', channels: ['feed'] }));
      await opened(ws); // subscribed
      ws.on('message', (data) => {
        // Relay pings are answered so the socket stays; messages are counted unparsed.
        if (data.length < 20) ws.send('{"type":"pong"}');
        else onDelivery();
      });
      return { close: () => ws.terminate() };
    },
    async publisher(server) {
      const ws = new WebSocket(
        `ws://127.0.0.1:${server.port}/ws?token=${await token(server.site)}`,
        {
          perMessageDeflate: false,
        },
      );
      await opened(ws);
      const frame = JSON.stringify({
        type: 'message',
        channel: 'feed',
        event: 'tick',
        data: PAYLOAD,
      });
      return { publish: () => ws.send(frame), close: () => ws.terminate() };
    },
  },

  ws: {
    async subscriber(server, onDelivery) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate: false });
      await opened(ws);
      ws.on('message', onDelivery);
      return { close: () => ws.terminate() };
    },
    async publisher(server) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/pub`, { perMessageDeflate: false });
      await new Promise((resolve) => ws.once('open', resolve));
      return { publish: () => ws.send(PAYLOAD), close: () => ws.terminate() };
    },
  },

  socketio: {
    async subscriber(server, onDelivery) {
      const socket = io(`http://127.0.0.1:${server.port}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', reject);
      });
      socket.on('msg', onDelivery);
      return { close: () => socket.disconnect() };
    },
    async publisher(server) {
      const socket = io(`http://127.0.0.1:${server.port}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        query: { role: 'pub' },
      });
      await new Promise((resolve) => socket.once('connect', resolve));
      return { publish: () => socket.emit('msg', PAYLOAD), close: () => socket.disconnect() };
    },
  },
};
