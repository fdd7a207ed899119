import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/server.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir();
const running: RunningServer[] = [];

async function start(announced: string[] = []): Promise<RunningServer> {
  const config = resolveConfig(
    { host: '127.0.0.1', port: '0', 'data-dir': dir.path },
    { WORDSOCKET_SHUTDOWN_TIMEOUT_MS: '1000' },
  );
  const server = await startServer(config, {
    writeLog: () => undefined,
    announceKey: (key) => announced.push(key),
  });
  running.push(server);
  return server;
}

const metrics = (server: RunningServer, key: string) =>
  fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });

describe('the operator key a library start generates', () => {
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
  });

  it('is on the started server once, works, and is not there on the next start', async () => {
    const announced: string[] = [];
    const first = await start(announced);
    expect(first.operatorFrom).toBe('generated');
    expect(first.generatedOperatorKey).toMatch(/^wso_[0-9a-f]{64}$/);
    expect(announced).toEqual([first.generatedOperatorKey]);
    expect((await metrics(first, first.generatedOperatorKey as string)).status).toBe(200);
    const key = first.generatedOperatorKey as string;
    await first.close();

    const second = await start();
    expect(second.operatorFrom).toBe('stored');
    expect(second.generatedOperatorKey).toBeUndefined();
    expect((await metrics(second, key)).status).toBe(200);
    expect((await metrics(second, 'wso_wrong')).status).toBe(401);
    await second.close();
    dir.remove();
  });
});
