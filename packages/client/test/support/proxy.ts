import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with new connections:
 * - `pass`: forwards bytes both ways;
 * - `refuse-upgrade`: answers a WebSocket upgrade with `502` (plain HTTP still passes);
 * - `swallow`: lets a WebSocket upgrade complete, then forwards no frame either way, and keeps
 *   the client's side open even when the relay closes (a proxy that eats frames);
 * - `down`: closes every new connection at once.
 */
export type ProxyMode = 'pass' | 'refuse-upgrade' | 'swallow' | 'down';

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
  blackholed: boolean;
}

/** A loopback TCP proxy in front of a relay, with failure modes a test switches at will. */
export class FaultyProxy {
  mode: ProxyMode = 'pass';
  /** Connections accepted, by whether they asked for a WebSocket upgrade. */
  readonly accepted = { websocket: 0, http: 0 };
  /** The most WebSocket connections that were open through the proxy at one moment. */
  maxOpenWebSockets = 0;
  private openWebSockets = 0;
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();

  private constructor(private readonly target: number) {
    this.server = createServer((client) => this.accept(client));
  }

  /** Starts a proxy on 127.0.0.1 (port 0 unless given) forwarding to 127.0.0.1:`target`. */
  static async start(target: number, port = 0): Promise<FaultyProxy> {
    const proxy = new FaultyProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(port, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops forwarding on every open connection without closing any (a dead network path). */
  blackholeExisting(): void {
    for (const pair of this.pairs) pair.blackholed = true;
  }

  /** Destroys every open connection. */
  dropAll(): void {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'down') {
      client.destroy();
      return;
    }

    const mode = this.mode;
    const pair: Pair = { client, upstream: undefined, blackholed: false };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });

    client.once('data', (first: Buffer) => {
      const upgrade = /^upgrade:\s*websocket/im.test(first.toString('latin1'));
      this.accepted[upgrade ? 'websocket' : 'http']++;
      if (upgrade) {
        this.openWebSockets++;
        this.maxOpenWebSockets = Math.max(this.maxOpenWebSockets, this.openWebSockets);
        client.once('close', () => this.openWebSockets--);
      }

      if (upgrade && mode === 'refuse-upgrade') {
        client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }

      const upstream = connect(this.target, '127.0.0.1');
      pair.upstream = upstream;
      upstream.on('error', () => client.destroy());
      upstream.write(first);

      const swallow = upgrade && mode === 'swallow';
      let upgraded = false;
      upstream.on('data', (chunk: Buffer) => {
        if (pair.blackholed) return;
        if (swallow) {
          if (upgraded) return;
          const end = chunk.indexOf('\r\n\r\n');
          if (end >= 0) {
            upgraded = true;
            client.write(chunk.subarray(0, end + 4));
            return;
          }
        }
        client.write(chunk);
      });
      client.on('data', (chunk: Buffer) => {
        if (pair.blackholed || (swallow && upgraded)) return;
        upstream.write(chunk);
      });
      upstream.on('close', () => {
        if (!swallow && !pair.blackholed) client.destroy();
      });
    });
  }
}
