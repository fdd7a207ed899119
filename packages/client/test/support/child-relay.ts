import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSiteRecord, type Site } from '@wordsocket/server-core';

const script = new URL('./relay-child.mjs', import.meta.url).pathname;

/** A free TCP port on 127.0.0.1, found by listening on port 0 and closing. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A relay in a child process that a test can kill and start again on the same port. */
export class ChildRelay {
  readonly site: Site = createSiteRecord({
    site_url: 'https://child.test',
    site_name: 'Child',
    max_connections: 1000,
  });
  readonly historyFile: string | undefined;
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    options: { persistentHistory: boolean },
  ) {
    this.historyFile = options.persistentHistory
      ? join(mkdtempSync(join(tmpdir(), 'wordsocket-history-')), 'history.json')
      : undefined;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the relay process and resolves once it listens. */
  async start(): Promise<void> {
    const env: Record<string, string> = {
      ...process.env,
      PORT: String(this.port),
      SITE: JSON.stringify(this.site),
    } as Record<string, string>;
    if (this.historyFile) env.HISTORY_FILE = this.historyFile;

    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
    });
    child.removeAllListeners('exit');
  }

  /** Ends the relay process with `signal` and resolves once it has exited. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;

    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
