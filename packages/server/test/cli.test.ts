import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/spawn.js';
import { tempDir } from './support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.remove();
});

const HEX64 = /^[0-9a-f]{64}$/;

function register(name = 'Blog', url = 'https://blog.test') {
  return runCli(['register', '--url', url, '--name', name, '--data-dir', dir.path, '--json']);
}

describe('wordsocket-server CLI', () => {
  it('prints usage for help and exits 0', () => {
    const result = runCli(['help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wordsocket-server');
  });

  it('prints usage for --help after any command', () => {
    const result = runCli(['register', '--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--max-connections');
  });

  it('exits 2 for a --max-connections that is not a positive integer', () => {
    const result = runCli([
      'register',
      '--url',
      'https://a.test',
      '--name',
      'A',
      '--max-connections',
      '0',
      '--data-dir',
      dir.path,
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--max-connections');
  });

  it('exits 2 with a message for an unknown command', () => {
    const result = runCli(['frobnicate']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('wordsocket-server help');
  });

  it('exits 2 naming an unknown flag', () => {
    const result = runCli(['list', '--colour', '--data-dir', dir.path]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--colour');
  });

  it('exits 2 when register has no --url', () => {
    const result = runCli(['register', '--name', 'x', '--data-dir', dir.path]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--url');
  });

  it('exits 2 when the site URL is not http(s)', () => {
    const result = runCli(['register', '--url', 'ftp://x', '--name', 'x', '--data-dir', dir.path]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('http://');
  });

  it('exits 2 for a start with a port that is not a number', () => {
    const result = runCli(['start', '--port', 'eighty', '--data-dir', dir.path]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be an integer');
  });

  it('exits 2 when WORDSOCKET_ADMIN_KEY is too short', () => {
    const result = runCli(['start', '--data-dir', dir.path], { WORDSOCKET_ADMIN_KEY: 'short' });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WORDSOCKET_ADMIN_KEY');
  });

  it('registers a site and prints its three credentials', () => {
    const result = register();
    const credentials = JSON.parse(result.stdout) as Record<string, string>;

    expect(result.status).toBe(0);
    expect(Object.keys(credentials).sort()).toEqual(['jwt_secret', 'publish_secret', 'site_key']);
    for (const value of Object.values(credentials)) expect(value).toMatch(HEX64);
  });

  it('prints the credentials as name=value lines without --json', () => {
    const result = runCli([
      'register',
      '--url',
      'https://a.test',
      '--name',
      'A',
      '--data-dir',
      dir.path,
    ]);

    expect(result.stdout).toMatch(/^site_key=[0-9a-f]{64}$/m);
    expect(result.stdout).toMatch(/^publish_secret=[0-9a-f]{64}$/m);
    expect(result.stdout).toMatch(/^jwt_secret=[0-9a-f]{64}$/m);
  });

  it('lists registered sites without their secrets', () => {
    const credentials = JSON.parse(register('Listed').stdout) as Record<string, string>;
    const result = runCli(['list', '--data-dir', dir.path, '--json']);
    const rows = JSON.parse(result.stdout) as Record<string, string>[];

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ site_key: credentials.site_key, site_name: 'Listed' });
    expect(result.stdout).not.toContain(credentials.publish_secret);
    expect(result.stdout).not.toContain(credentials.jwt_secret);
  });

  it('lists each site with its key, id, creation time, name and URL without --json', () => {
    const { site_key } = JSON.parse(register('My Blog', 'https://blog.test').stdout) as Record<
      string,
      string
    >;
    const [row] = JSON.parse(runCli(['list', '--data-dir', dir.path, '--json']).stdout) as Record<
      string,
      string
    >[];
    const result = runCli(['list', '--data-dir', dir.path]);

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `${site_key}  ${row?.site_id}  ${row?.created_at}  My Blog  https://blog.test\n`,
    );
    expect(row?.site_id).toMatch(/\S/);
  });

  it('removes a site by its key', () => {
    const { site_key } = JSON.parse(register().stdout) as Record<string, string>;

    expect(
      runCli(['remove', '--site-key', site_key as string, '--data-dir', dir.path]).status,
    ).toBe(0);
    expect(runCli(['list', '--data-dir', dir.path, '--json']).stdout.trim()).toBe('[]');
  });

  it('exits 1 when removing a site that does not exist', () => {
    const result = runCli(['remove', '--site-key', '0'.repeat(64), '--data-dir', dir.path]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no site has that site_key');
  });

  it('exits 2 when --site-key is not 64 hex characters', () => {
    expect(runCli(['remove', '--site-key', 'abc', '--data-dir', dir.path]).status).toBe(2);
  });

  it('exits 1 with a clear message when the data directory cannot be created', () => {
    writeFileSync(join(dir.path, 'a-file'), '');
    const result = runCli(['list', '--data-dir', join(dir.path, 'a-file', 'data')]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot open the data directory');
  });

  it('exits 1 with a clear message when Redis cannot be reached', () => {
    const result = runCli(['list', '--data-dir', dir.path, '--redis', 'redis://127.0.0.1:1']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot connect to Redis');
  });

  it('prints a new operator key once on rotate-key', () => {
    const result = runCli(['rotate-key', '--data-dir', dir.path]);

    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^wso_[0-9a-f]{64}$/);
  });

  it('resolves the default data directory against INIT_CWD, where npm was invoked', () => {
    const root = join(dir.path, 'root');
    const workspace = join(root, 'packages', 'server');
    mkdirSync(workspace, { recursive: true });

    const registered = runCli(
      ['register', '--url', 'https://a.test', '--name', 'A', '--json'],
      { INIT_CWD: root },
      workspace,
    );
    const { site_key } = JSON.parse(registered.stdout) as Record<string, string>;

    expect(existsSync(join(root, 'data', 'wordsocket.db'))).toBe(true);
    expect(existsSync(join(workspace, 'data'))).toBe(false);
    const listed = runCli(['list', '--json'], {}, root);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ site_key }]);
  });

  it('resolves a relative --data-dir against INIT_CWD too', () => {
    const root = join(dir.path, 'root');
    const elsewhere = join(dir.path, 'elsewhere');
    mkdirSync(root);
    mkdirSync(elsewhere);

    runCli(['rotate-key', '--data-dir', 'state'], { INIT_CWD: root }, elsewhere);

    expect(existsSync(join(root, 'state', 'wordsocket.db'))).toBe(true);
    expect(existsSync(join(elsewhere, 'state'))).toBe(false);
  });
});

describe('running the CLI from a checkout', () => {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const rootPackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('has a root script that runs the built bin of this package', () => {
    const script = rootPackage.scripts['wordsocket-server'];

    expect(script).toBe('node packages/server/dist/bin.js');
    const [, bin] = (script as string).split(' ');
    const result = spawnSync(process.execPath, [bin as string, 'help'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wordsocket-server');
  });

  it('documents npx only next to an install of the scoped package, never for the checkout', () => {
    for (const readme of ['README.md', 'packages/server/README.md']) {
      const blocks = readFileSync(join(repo, readme), 'utf8')
        .split('```')
        .filter((_, i) => i % 2);
      for (const block of blocks.filter((b) => /npx\s+wordsocket-server/.test(b))) {
        expect(block, readme).toContain('npm install @wordsocket/server');
      }
      for (const block of blocks.filter((b) => /npm run\b.*wordsocket-server/.test(b))) {
        expect(block, readme).toMatch(/npm run (-s )?wordsocket-server -- /);
      }
    }
  });
});
