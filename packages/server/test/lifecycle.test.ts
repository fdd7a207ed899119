import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintToken, registerOverHttp } from './support/relay-http.js';
import { OPERATOR_KEY } from './support/server.js';
import { type ChildServer, runCli, startChild } from './support/spawn.js';
import { tempDir } from './support/temp-dir.js';
import { TestSocket } from './support/ws-client.js';

let dir: ReturnType<typeof tempDir>;
let running: ChildServer | undefined;

beforeEach(() => {
  dir = tempDir();
});

afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  dir.remove();
});

async function stop(server: ChildServer, signal: NodeJS.Signals = 'SIGTERM') {
  server.child.kill(signal);
  return server.exited;
}

describe('server lifecycle', () => {
  it('closes connected clients with 1012 on SIGTERM and exits 0', async () => {
    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });
    const site = await registerOverHttp(running.url);
    const socket = await TestSocket.connect(running.url, await mintToken(site));

    const exitCode = await stop(running);

    expect(await socket.closed).toBe(1012);
    expect(exitCode).toBe(0);
    expect(running.stdout()).toContain('"event":"stopped"');
  });

  it('shuts down gracefully on SIGINT too', async () => {
    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });

    expect(await stop(running, 'SIGINT')).toBe(0);
    expect(running.stdout()).toContain('"signal":"SIGINT"');
  });

  it('keeps registered sites across a restart on the same data directory', async () => {
    const registered = runCli([
      'register',
      '--url',
      'https://kept.test',
      '--name',
      'Kept',
      '--data-dir',
      dir.path,
      '--json',
    ]);
    const site = JSON.parse(registered.stdout) as {
      site_key: string;
      publish_secret: string;
      jwt_secret: string;
    };

    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });
    const viaApi = await registerOverHttp(running.url, 'Added while running');
    await stop(running);

    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });
    for (const credentials of [site, viaApi]) {
      const socket = await TestSocket.connect(running.url, await mintToken(credentials));
      expect(socket.frames[0]).toMatchObject({ type: 'auth_ok' });
      socket.close();
    }
  });

  it('prints a generated operator key once, and it still works after a restart', async () => {
    running = await startChild(dir.path);
    const key = /wso_[0-9a-f]{64}/.exec(running.stderr())?.[0] as string;
    expect(key).toBeDefined();
    expect(running.stdout()).not.toContain(key);
    await stop(running);

    running = await startChild(dir.path);
    const metrics = await fetch(`${running.url}/metrics`, {
      headers: { authorization: `Bearer ${key}` },
    });

    expect(running.stderr()).not.toContain('wso_');
    expect(metrics.status).toBe(200);
  });

  it('exits 1 with a message when the port is taken', async () => {
    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });
    const port = new URL(running.url).port;
    const other = tempDir();
    try {
      const result = runCli(['start', '--port', port, '--data-dir', other.path], {
        HOST: '127.0.0.1',
        WORDSOCKET_ADMIN_KEY: OPERATOR_KEY,
      });

      expect(result.status).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
    } finally {
      other.remove();
    }
  });
});

describe('per-site connection limit', () => {
  it('turns away a connection over the limit given at registration with 4029', async () => {
    const registered = runCli([
      'register',
      '--url',
      'https://small.test',
      '--name',
      'Small',
      '--max-connections',
      '1',
      '--data-dir',
      dir.path,
      '--json',
    ]);
    const site = JSON.parse(registered.stdout) as {
      site_key: string;
      jwt_secret: string;
      publish_secret: string;
    };
    running = await startChild(dir.path, { WORDSOCKET_ADMIN_KEY: OPERATOR_KEY });
    const token = await mintToken(site);

    const first = await TestSocket.connect(running.url, token);
    const second = new TestSocket(`${running.url.replace('http', 'ws')}/ws?token=${token}`);

    expect(await second.closed).toBe(4029);
    expect(first.closeCode).toBeUndefined();
    first.close();
  });
});
