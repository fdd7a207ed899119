import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { relayPath } from '../http/router.js';
import type { Relay } from '../relay.js';
import type { Connection } from '../session.js';
import { createRequestListener, type RequestListenerOptions } from './http.js';
import { WsSocket } from './ws-socket.js';

/** Upgrades node:http requests to relay WebSockets with `ws`. */
export class WebSocketAdapter {
  private readonly wss: WebSocketServer;

  constructor(readonly relay: Relay) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      // Off on purpose: frames are prebuilt once per message and written as they are.
      perMessageDeflate: false,
      maxPayload: relay.limits.maxFrameBytes,
    });
  }

  /** Whether `req` asks for the relay's WebSocket path (`{basePath}/ws`). */
  matches(req: IncomingMessage): boolean {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    return relayPath(this.relay, pathname) === '/ws';
  }

  /**
   * Completes an upgrade the host routed to the relay. Use from the host's own `upgrade`
   * listener: `if (adapter.matches(req)) adapter.handleUpgrade(req, socket, head)`.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroySelf);
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    this.wss.handleUpgrade(req, socket, head, (ws) => wire(this.relay, ws, socket, token));
  }

  /**
   * Listens for upgrades on `server`: requests for the relay's path are upgraded; others are
   * left to the host's other `upgrade` listeners, or refused with 404 when there are none.
   * Returns a function that detaches the listener.
   */
  attach(server: Server): () => void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.matches(req)) {
        this.handleUpgrade(req, socket, head);
      } else if (server.listenerCount('upgrade') === 1) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
    };
    server.on('upgrade', listener);
    return () => server.off('upgrade', listener);
  }
}

function destroySelf(this: Duplex): void {
  this.destroy();
}

function ignore(): void {}

// Each upgraded WebSocket carries its connection under this key, so one shared listener
// function serves every socket instead of three closures per connection.
const CONNECTION = Symbol('wordsocket.connection');
type Wired = WebSocket & { [CONNECTION]: Connection };

function onMessage(this: WebSocket, data: Buffer, binary: boolean): void {
  (this as Wired)[CONNECTION].receive(data, binary);
}

function onClose(this: WebSocket, code: number, reason: Buffer): void {
  (this as Wired)[CONNECTION].closed(code, reason.toString());
}

/** Connects an upgraded socket to the relay. */
function wire(relay: Relay, ws: WebSocket, socket: Duplex, token: string | null): void {
  (ws as Wired)[CONNECTION] = relay.connect(new WsSocket(ws, socket), { token });
  ws.on('message', onMessage);
  ws.on('close', onClose);
  // ws reports protocol errors (an oversized frame: 1009) and then closes the socket.
  ws.on('error', ignore);
}

/**
 * Serves a relay from a node:http server it may share: WebSocket upgrades on `{basePath}/ws`,
 * HTTP endpoints under `basePath`, everything else to `options.fallback` (or 404).
 * Returns a function that detaches both listeners.
 */
export function attachRelay(
  relay: Relay,
  server: Server,
  options: RequestListenerOptions = {},
): () => void {
  const detachUpgrade = new WebSocketAdapter(relay).attach(server);
  const listener = createRequestListener(relay, options);
  server.on('request', listener);
  return () => {
    detachUpgrade();
    server.off('request', listener);
  };
}
