import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { Relay, type RelayOptions, type Site } from '../src/index.js';
import { attachRelay } from '../src/node.js';

/** A relay served on 127.0.0.1 at a free port, stopped by `stop()`. */
export interface TestRelay {
  relay: Relay;
  server: Server;
  base: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export async function startRelay(options: RelayOptions = {}): Promise<TestRelay> {
  const relay = new Relay(options);
  const server = createServer();
  attachRelay(relay, server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}${relay.basePath}`;
  return {
    relay,
    server,
    base,
    wsUrl: `ws://127.0.0.1:${port}${relay.basePath}/ws`,
    async stop() {
      await relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TokenClaims {
  site_id?: unknown;
  tenant_id?: unknown;
  user_id?: unknown;
  allowed_channel_prefixes?: unknown;
  allowed_publish_prefixes?: unknown;
  v?: unknown;
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

/** An HS256 token for `site`, with claims overridable (`undefined` drops a claim). */
export async function mintToken(
  site: Site,
  claims: TokenClaims = {},
  secret = site.jwt_secret,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '1',
    allowed_channel_prefixes: [''],
    iat: now,
    exp: now + 300,
    ...claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** Publish signature headers of docs/protocol.md §4.1. */
export function signHeaders(site: Site, body: string, ts = Date.now()): Record<string, string> {
  const sign = createHmac('sha256', site.publish_secret).update(`${body}.${ts}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-wp-signal-key': site.site_key,
    'x-wp-signal-ts': String(ts),
    'x-wp-signal-sign': sign,
  };
}

/** `POST /publish` with a valid signature. */
export async function publish(t: TestRelay, site: Site, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  return fetch(`${t.base}/publish`, {
    method: 'POST',
    headers: signHeaders(site, text),
    body: text,
  });
}

export type Received = Record<string, unknown> & { type?: string };

/** A `ws` client that records frames and lets a test wait for the next matching one. */
export class TestClient {
  readonly frames: (Received | { binary: Buffer })[] = [];
  readonly ws: WebSocket;
  closeCode: number | undefined;
  closeReason = '';
  /** The `auth_ok` frame that {@link TestClient.connect} waited for. */
  authOk: Received = {};
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.notify();
        resolve({ code, reason: this.closeReason });
      });
    });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data, binary) => {
      if (binary) this.frames.push({ binary: data as Buffer });
      else this.frames.push(JSON.parse(data.toString()));
      this.notify();
    });
  }

  /** Opens a socket and authenticates with a first-frame `auth`. */
  static async connect(t: TestRelay, token: string): Promise<TestClient> {
    const client = new TestClient(t.wsUrl);
    await client.opened;
    client.send({ type: 'auth', token });
    client.authOk = await client.next('auth_ok');
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Subscribes and resolves the `subscribed` frame. */
  async subscribe(channels: string[], since?: Record<string, string>): Promise<Received> {
    this.send({ type: 'subscribe', channels, ...(since ? { since } : {}) });
    return this.next('subscribed');
  }

  /** Waits for (and consumes) the first unconsumed frame matching `match`. */
  async next(match: string | ((f: Received) => boolean), timeoutMs = 3000): Promise<Received> {
    const test = typeof match === 'string' ? (f: Received) => f.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((f) => !('binary' in f) && test(f as Received));
      if (index >= 0) return this.frames.splice(index, 1)[0] as Received;
      if (this.closeCode !== undefined) throw new Error(`closed ${this.closeCode} while waiting`);
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting; have ${JSON.stringify(this.frames).slice(0, 500)}`);
      }
      await this.wait(deadline - Date.now());
    }
  }

  /** Waits for the next binary frame. */
  async nextBinary(timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((f) => 'binary' in f);
      if (index >= 0) return (this.frames.splice(index, 1)[0] as { binary: Buffer }).binary;
      if (Date.now() > deadline) throw new Error('timed out waiting for a binary frame');
      await this.wait(deadline - Date.now());
    }
  }

  /** Messages received so far on a channel (consumed). */
  take(type = 'message'): Received[] {
    const out: Received[] = [];
    for (let i = 0; i < this.frames.length; ) {
      const f = this.frames[i] as Received;
      if (f.type === type) out.push(this.frames.splice(i, 1)[0] as Received);
      else i++;
    }
    return out;
  }

  async waitClose(timeoutMs = 8000): Promise<{ code: number; reason: string }> {
    return Promise.race([
      this.closed,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('socket did not close')), timeoutMs),
      ),
    ]);
  }

  close(): void {
    this.ws.close();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
