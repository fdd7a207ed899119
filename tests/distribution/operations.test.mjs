// What docs/deploy.md tells an operator to run, run: the systemd unit (verified by systemd,
// its environment and command starting a real server) and the online backup of the data
// directory while the relay runs, restored into a fresh data directory.
//
//   node --test tests/distribution/operations.test.mjs
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  freePort,
  OPERATOR_KEY,
  removeDir,
  root,
  serverBin,
  startRelay,
  tempDir,
} from './support/processes.mjs';

const unitFile = join(root, 'deploy/wordsocket.service');
const deployDoc = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
const requireServices = process.env.WORDSOCKET_REQUIRE_SERVICES === '1';

function tool(name, args) {
  const available = spawnSync(name, args).status === 0;
  if (!available && requireServices) {
    throw new Error(`${name} is missing; WORDSOCKET_REQUIRE_SERVICES=1 requires it`);
  }
  return available ? false : `${name} is missing`;
}

/** The unit's `[Service]` settings: `{ Environment: {NAME: value}, ExecStart, ... }`. */
function parseUnit(text) {
  const service = { Environment: {} };
  let section = '';
  for (const line of text.split('\n')) {
    if (/^\[.+\]$/.test(line)) section = line;
    if (section !== '[Service]' || !/^\w+=/.test(line)) continue;

    const [key, ...rest] = line.split('=');
    const value = rest.join('=');
    if (key === 'Environment') {
      const [name, ...parts] = value.split('=');
      service.Environment[name] = parts.join('=');
    } else service[key] = value;
  }
  return service;
}

const unit = parseUnit(readFileSync(unitFile, 'utf8'));

describe('deploy/wordsocket.service', () => {
  test('systemd-analyze verify finds nothing wrong', {
    skip: tool('systemd-analyze', ['--version']),
  }, () => {
    const dir = tempDir('wordsocket-unit-');
    try {
      // The one path that differs on this machine: where the binary is installed.
      const text = readFileSync(unitFile, 'utf8').replace(
        unit.ExecStart.split(' ')[0],
        `${process.execPath} ${serverBin}`,
      );
      const copy = join(dir, 'wordsocket.service');
      writeFileSync(copy, text);
      const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr.trim(), '');
    } finally {
      removeDir(dir);
    }
  });

  test('names only variables the server documents, and every one docs/deploy.md lists', () => {
    const help = spawnSync(process.execPath, [serverBin, 'help'], { encoding: 'utf8' });
    const known = new Set(
      `${help.stdout}${help.stderr}`.match(/\b(HOST|PORT|WORDSOCKET_[A-Z_]+)\b/g),
    );
    const ours = Object.keys(unit.Environment).filter((name) => name !== 'NODE_ENV');
    for (const name of ours) assert.ok(known.has(name), `${name} is not in wordsocket-server help`);

    const documented = new Set(
      deployDoc.match(/`(HOST|PORT|WORDSOCKET_[A-Z_]+)`/g).map((v) => v.slice(1, -1)),
    );
    for (const name of known) assert.ok(documented.has(name), `docs/deploy.md misses ${name}`);
  });

  test('gives shutdown longer than WORDSOCKET_SHUTDOWN_TIMEOUT_MS', () => {
    const stopSeconds = Number(unit.TimeoutStopSec);
    const shutdownMs = Number(unit.Environment.WORDSOCKET_SHUTDOWN_TIMEOUT_MS);
    assert.ok(stopSeconds * 1000 > shutdownMs, `${stopSeconds} s vs ${shutdownMs} ms`);
    assert.equal(unit.KillSignal, 'SIGTERM');
  });

  test('its environment and command start a relay that exits 0 on SIGTERM', async () => {
    const dir = tempDir('wordsocket-unit-run-');
    const port = await freePort();
    const env = { PATH: process.env.PATH, ...unit.Environment };
    // Only the port and the state directory differ from a real install.
    env.PORT = String(port);
    env.WORDSOCKET_DATA_DIR = join(dir, 'state');
    env.WORDSOCKET_ADMIN_KEY = OPERATOR_KEY;
    const args = unit.ExecStart.split(' ').slice(1);
    assert.deepEqual(args, ['start']);

    const child = spawn(process.execPath, [serverBin, ...args], { env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise((done) => child.once('exit', (code) => done(code)));
    try {
      let health = null;
      for (let i = 0; i < 100 && health === null; i++) {
        try {
          health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
        } catch {
          await new Promise((next) => setTimeout(next, 100));
        }
      }
      assert.equal(health, '{"status":"ok"}', output);
      assert.match(output, /"event":"listening","url":"http:\/\/127\.0\.0\.1:/);

      child.kill(unit.KillSignal);
      assert.equal(await exited, 0, output);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      removeDir(dir);
    }
  });
});

/**
 * The shell blocks of docs/deploy.md's Backups section that take a backup, with only paths
 * changed: the data and backup directories, /opt/wordsocket (where better-sqlite3 resolves),
 * and no `sudo -u wordsocket` or `install -d` (the test owns its directories).
 */
function documentedBackups({ dataDir, backupDir }) {
  const section = deployDoc.slice(
    deployDoc.indexOf('## Backups'),
    deployDoc.indexOf('## Redis mode'),
  );
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((block) => block.includes('.backup'))
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !line.startsWith('install -d'))
        .join('\n')
        .replaceAll('sudo -u wordsocket ', '')
        .replaceAll('/var/lib/wordsocket/', `${dataDir}/`)
        .replaceAll('/var/backups/wordsocket/', `${backupDir}/`)
        .replaceAll('cd /opt/wordsocket', `cd ${root}`),
    );
}

describe('the documented backups', () => {
  test("docs/deploy.md shows both: sqlite3 .backup and the driver's backup()", () => {
    const commands = documentedBackups({ dataDir: '/d', backupDir: '/b' });
    assert.equal(commands.length, 2);
    assert.match(commands[0], /^sqlite3 \/d\/wordsocket\.db/);
    assert.match(commands[1], /better-sqlite3/);
  });

  const skipSqlite = tool('sqlite3', ['-version']);
  for (const [index, name] of ['sqlite3 .backup', "better-sqlite3's backup()"].entries()) {
    test(`${name} while the relay runs restores with every site`, {
      skip: index === 0 ? skipSqlite : false,
    }, async () => {
      const dir = tempDir('wordsocket-backup-');
      const relay = await startRelay(dir);
      try {
        const registered = await fetch(`${relay.url}/api/sites/register`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${OPERATOR_KEY}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ site_url: 'https://backup.example.test', site_name: 'Backup' }),
        });
        assert.equal(registered.status, 201);
        const site = await registered.json();

        const backupDir = join(dir, 'backups');
        mkdirSync(backupDir);
        const command = documentedBackups({ dataDir: join(dir, 'relay-data'), backupDir })[index];
        const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
        assert.equal(result.status, 0, `${command}\n${result.stderr}`);
        const [backup, ...others] = readdirSync(backupDir);
        assert.deepEqual(others, []);

        // Restore into a fresh data directory and ask the server what it holds.
        const restored = join(dir, 'restored');
        mkdirSync(restored, { mode: 0o700 });
        copyFileSync(join(backupDir, backup), join(restored, 'wordsocket.db'));
        const list = spawnSync(
          process.execPath,
          [serverBin, 'list', '--json', '--data-dir', restored],
          { encoding: 'utf8' },
        );
        assert.equal(list.status, 0, list.stderr);
        assert.ok(list.stdout.includes(site.site_key), list.stdout);
      } finally {
        assert.equal(await relay.stop(), 0);
        removeDir(dir);
      }
    });
  }
});
