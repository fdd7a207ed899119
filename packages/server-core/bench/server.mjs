// One benchmark server in its own process: `node --expose-gc server.mjs <wordsocket|ws|socketio>`.
// Reports its port (and for wordsocket, the demo site) over IPC, and answers {cmd: 'stats'}
// with its CPU time and memory so the parent measures the server alone.
import { createServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { Relay } from '../dist/index.js';
import { attachRelay } from '../dist/node.js';

const kind = process.argv[2];
const server = createServer();
let site;

if (kind === 'wordsocket') {
  const relay = new Relay({
    limits: { defaultMaxConnections: 100_000, maxFramesPerSecond: 1_000_000 },
  });
  site = await relay.registerSite({ site_url: 'http://bench', site_name: 'bench' });
  attachRelay(relay, server);
} else if (kind === 'ws') {
  // The plain broadcast server a developer writes with ws: every frame from /pub goes to every
  // subscriber, sent as text.
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const subscribers = new Set();
  wss.on('connection', (ws, req) => {
    if (req.url === '/pub') {
      ws.on('message', (data) => {
        for (const sub of subscribers) sub.send(data, { binary: false });
      });
      return;
    }
    subscribers.add(ws);
    ws.on('close', () => subscribers.delete(ws));
    ws.send('ready');
  });
} else if (kind === 'socketio') {
  const io = new SocketIoServer(server, { transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    if (socket.handshake.query.role === 'pub') {
      socket.on('msg', (payload) => io.to('feed').emit('msg', payload));
      return;
    }
    socket.join('feed');
    socket.emit('ready');
  });
} else {
  throw new Error(`unknown server kind ${kind}`);
}

server.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port, site });
});

process.on('message', (message) => {
  if (message.cmd !== 'stats') return;
  if (message.gc) for (let i = 0; i < 3; i++) globalThis.gc?.();
  process.send({ cpu: process.cpuUsage(), memory: process.memoryUsage() });
});
process.on('disconnect', () => process.exit(0));
