import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WordSocketClient } from '@wordsocket/client';
import { Relay, type RelayOptions } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';

import { fromWordSocketClient } from '../../src/client-adapter';
import type { YjsConnection } from '../../src/connection';

type Site = Awaited<ReturnType<Relay['registerSite']>>;

/** The real relay of @wordsocket/server-core on 127.0.0.1 at a free port. */
export interface LocalRelay {
  relay: Relay;
  server: Server;
  url: string;
  site: Site;
  stop(): Promise<void>;
}

export async function startRelay(options: RelayOptions = {}): Promise<LocalRelay> {
  const relay = new Relay(options);
  const server = createServer();
  attachRelay(relay, server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const site = await relay.registerSite({ site_url: 'http://127.0.0.1', site_name: 'yjs tests' });
  const { port } = server.address() as AddressInfo;

  return {
    relay,
    server,
    site,
    url: `http://127.0.0.1:${port}${relay.basePath}`,
    async stop() {
      await relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** An HS256 browser token of docs/protocol.md §3 that grants every channel of the site. */
export function mintToken(site: Site, userId = '1'): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      site_id: site.site_id,
      tenant_id: site.tenant_id,
      user_id: userId,
      allowed_channel_prefixes: [''],
      allowed_publish_prefixes: [''],
      v: 2,
      iat: now,
      exp: now + 600,
    }),
  );
  const signature = createHmac('sha256', site.jwt_secret).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64url(signature)}`;
}

/** A real client on the relay, whose current socket a test can cut to simulate a network drop. */
export interface TestClient {
  client: WordSocketClient;
  connection: YjsConnection;
  /** Kills the current socket without a close handshake, as a network drop would. */
  drop(): void;
  close(): void;
}

export function connectClient(
  local: LocalRelay,
  userId = '1',
  transport: 'websocket' | 'sse' = 'websocket',
  wire?: Buffer[],
): TestClient {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
      if (wire) this.on('message', (data) => wire.push(Buffer.from(data as Buffer)));
    }

    override send(data: never, ...rest: never[]): void {
      wire?.push(Buffer.from(data as Uint8Array));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }

  const client = new WordSocketClient({
    url: local.url,
    getToken: () => mintToken(local.site, userId),
    WebSocket: TrackedWebSocket as never,
    EventSource: EventSource as never,
    transports: [transport],
    reconnectDelay: 50,
    maxReconnectDelay: 200,
    restartWindow: 100,
    lifecycleEvents: false,
  });
  const connection = fromWordSocketClient(client);
  client.connect();

  return {
    client,
    connection,
    drop() {
      sockets.at(-1)?.terminate();
    },
    close() {
      client.close();
      for (const socket of sockets) socket.terminate();
    },
  };
}

/** Polls `check` until it returns true, failing with `message` after `timeoutMs`. */
export async function until(check: () => boolean, message: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
