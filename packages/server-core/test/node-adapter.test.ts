import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Relay } from '../src/index.js';
import { attachRelay, WebSocketAdapter } from '../src/node.js';

let server: Server;
let relay: Relay;

afterEach(async () => {
  await relay.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function listen(): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function upgradeStatus(url: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('the node:http adapter', () => {
  it('refuses upgrades on other paths with 404 when it is the only upgrade listener', async () => {
    relay = new Relay({ basePath: '/rt' });
    server = createServer();
    attachRelay(relay, server);
    const port = await listen();
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/rt/ws`)).toBe('open');
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/elsewhere`)).toBe(404);
  });

  it('leaves upgrades on other paths to the host’s own upgrade listener', async () => {
    relay = new Relay();
    server = createServer();
    const hostSockets: string[] = [];
    server.on('upgrade', (req, socket) => {
      if (req.url === '/host') {
        hostSockets.push(req.url);
        socket.end('HTTP/1.1 418 I am a teapot\r\nContent-Length: 0\r\n\r\n');
      }
    });
    new WebSocketAdapter(relay).attach(server);
    const port = await listen();
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/host`)).toBe(418);
    expect(hostSockets).toEqual(['/host']);
  });

  it('hands requests outside the base path to the fallback', async () => {
    relay = new Relay({ basePath: '/rt' });
    server = createServer();
    attachRelay(relay, server, {
      fallback: (_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('host page');
      },
    });
    const port = await listen();
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('host page');
    expect(await (await fetch(`http://127.0.0.1:${port}/rt/healthz`)).json()).toEqual({
      status: 'ok',
    });
    expect((await fetch(`http://127.0.0.1:${port}/rt/nope`)).status).toBe(404);
  });
});
