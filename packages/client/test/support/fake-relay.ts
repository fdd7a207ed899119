import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What a scripted relay does at each step; every hook may send frames or close the socket. */
export interface FakeRelayScript {
  /** After `auth`; the default answers `auth_ok`. */
  auth?(socket: WebSocket): void;
  /** After `subscribe`, once `subscribed` was sent. */
  subscribed?(socket: WebSocket): void;
  /** After any other client frame. */
  frame?(socket: WebSocket, frame: Record<string, unknown>): void;
}

/**
 * A relay that misbehaves on purpose: a bare `ws` server on 127.0.0.1 speaking just enough of
 * the protocol to authenticate and confirm subscriptions, then doing what a test scripts. It
 * stands in for the real relay only where the test needs a relay to break the contract.
 */
export class FakeRelay {
  script: FakeRelayScript = {};
  /** WebSocket connections accepted so far. */
  connections = 0;
  private readonly server: WebSocketServer;

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => {
      this.connections++;
      socket.on('message', (data, binary) => {
        if (binary) return;
        const frame = JSON.parse(String(data));
        if (frame.type === 'auth') {
          if (this.script.auth) this.script.auth(socket);
          else socket.send(JSON.stringify({ type: 'auth_ok', exp: 9e9, connection_id: 'c1' }));
        } else if (frame.type === 'subscribe') {
          socket.send(JSON.stringify({ type: 'subscribed', channels: frame.channels }));
          this.script.subscribed?.(socket);
        } else {
          this.script.frame?.(socket, frame);
        }
      });
    });
  }

  static async start(): Promise<FakeRelay> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    return new FakeRelay(server);
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A site record good enough for tokens a fake relay never verifies. */
export const fakeSite = { site_id: 's', tenant_id: 't', jwt_secret: 'x'.repeat(64) };
