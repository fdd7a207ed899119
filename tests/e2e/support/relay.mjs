// The reference relay (packages/server's built CLI) as a child process on 127.0.0.1, with a data
// folder of its own. It can be killed (SIGKILL, as a crash) and started again on the same port
// with the same data folder.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../../packages/wp-plugin/tests/e2e-admin/support.mjs';
import { repoRoot } from './paths.mjs';

const serverBin = join(repoRoot, 'packages/server/dist/bin.js');

/** The operator key of relays started here; a fixed test value, never used anywhere else. */
export const OPERATOR_KEY = 'wso_e2e-operator-key-0123456789abcdef0123456789abcdef';

/**
 * Starts the relay. `port` (default: a free one) and `dataDir` (default: a new temp folder,
 * removed by `stop()`) stay the same across `restart()`. `log` is a file the relay's output is
 * appended to.
 */
export async function startRelay({ port, dataDir, log, logLevel = 'info' } = {}) {
  const ownDir = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wordsocket-e2e-relay-'));
  const relayPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${relayPort}`;
  let child = null;
  let output = '';

  async function launch() {
    output = '';
    child = spawn(
      process.execPath,
      [serverBin, 'start', '--host', '127.0.0.1', '--port', String(relayPort), '--data-dir', dir],
      {
        env: { ...process.env, WORDSOCKET_ADMIN_KEY: OPERATOR_KEY, WORDSOCKET_LOG_LEVEL: logLevel },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collect = (chunk) => {
      output += chunk;
      if (log) appendFileSync(log, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the relay exited: ${output}`);
      const ok = await fetch(`${url}/healthz`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`the relay did not answer /healthz within 15 s: ${output}`);
  }

  function exited() {
    return new Promise((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) done();
      else child.once('exit', () => done());
    });
  }

  await launch();

  return {
    url,
    port: relayPort,
    dataDir: dir,
    apiKey: OPERATOR_KEY,
    output: () => output,
    pid: () => child?.pid,
    /** Kills the relay without a goodbye (SIGKILL): sockets drop, nothing is flushed. */
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    /** Starts the relay again on the same port with the same data folder. */
    restart: launch,
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited();
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
