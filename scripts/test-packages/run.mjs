#!/usr/bin/env node
// `npm run test:packages`: the npm packages as users get them. Builds each publishable package,
// packs it, installs the tarballs into a fresh project outside the workspace (third-party
// dependencies from the registry, ours only from the tarballs), and there:
//
// - checks the tarball: package.json, README.md, an MIT LICENSE, every exports/bin target;
// - imports every export path as ESM and requires it as CommonJS (same names both ways);
// - runs the README's main snippet as ESM and as CommonJS (crypto: runs to the end;
//   server-core: serves /healthz on a free loopback port, then exits on SIGTERM; the others:
//   every name it imports exists), and bundles the browser packages and their snippets with
//   esbuild for the browser, refusing any `node:` or Node built-in import;
// - runs `npx wordsocket-server --help`, then starts `wordsocket-server` with its embedded
//   defaults on a free loopback port and a temporary data directory, reads /healthz, and sends
//   SIGTERM, expecting exit code 0.
//
// Every package is reported, with the step that failed. Exit code 1 when any step failed.
//
//   node scripts/test-packages/run.mjs [--no-build] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { mainSnippet, staticImports, toCommonJs } from './snippets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: flags } = parseArgs({
  options: { 'no-build': { type: 'boolean' }, keep: { type: 'boolean' } },
});

/**
 * The publishable packages in dependency order. `snippet` says how far the README's main
 * snippet can run outside a test: `run` to the end, `serve` until SIGTERM (its port 8080 is
 * replaced by a free one), `relay` until it prints `connected` to the packed reference server
 * (started on a free port in place of 8080, with a token in WORDSOCKET_TOKEN), `imports` only
 * checks its imports (a browser page or Redis is needed).
 */
const packages = [
  { name: '@wordsocket/crypto', dir: 'packages/crypto', snippet: 'run', browser: true },
  { name: '@wordsocket/client', dir: 'packages/client', snippet: 'imports', browser: true },
  {
    name: '@wordsocket/yjs-provider',
    dir: 'packages/yjs-provider',
    snippet: 'relay',
    browser: true,
  },
  { name: '@wordsocket/server-core', dir: 'packages/server-core', snippet: 'serve' },
  { name: '@wordsocket/server', dir: 'packages/server', snippet: 'imports', cli: true },
];

/** Third-party packages the fresh project installs from the registry besides our tarballs. */
const extraDependencies = {
  esbuild: readJson(join(root, 'node_modules/esbuild/package.json')).version,
};

const builtins = new Set(builtinModules);
const steps = ['build', 'pack', 'install', 'modules', 'snippet', 'browser', 'cli'];
const results = new Map(packages.map((pkg) => [pkg.name, {}]));
const work = mkdtempSync(join(tmpdir(), 'wordsocket-packages-'));
const app = join(work, 'app');
const tarballs = join(work, 'tarballs');

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function record(pkg, step, status, detail = '') {
  results.get(pkg.name)[step] = { status, detail };
  const line = `${pkg.name} ${step}: ${status}${detail ? ` (${detail})` : ''}`;
  process.stdout.write(`${status === 'failed' ? '✗' : status === 'ok' ? '✓' : '-'} ${line}\n`);
}

function failed(pkg) {
  return Object.values(results.get(pkg.name)).some((result) => result.status !== 'ok');
}

function tail(text, lines = 15) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { ok: result.status === 0, status: result.status, output, stdout: result.stdout ?? '' };
}

/** A clean environment: no WORDSOCKET_*, HOST or PORT leaking in from the caller. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('WORDSOCKET_') || name === 'HOST' || name === 'PORT') delete env[name];
  }
  return { ...env, ...extra };
}

function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function workspaceDeps(pkg) {
  const manifest = readJson(join(root, pkg.dir, 'package.json'));
  return Object.keys(manifest.dependencies ?? {}).filter((dep) => dep.startsWith('@wordsocket/'));
}

/** Every file an exports map, main, module, types or bin field points at. */
function declaredTargets(manifest) {
  const targets = new Set();
  const walk = (value) => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  for (const field of ['main', 'module', 'types']) walk(manifest[field]);
  walk(typeof manifest.bin === 'string' ? { bin: manifest.bin } : manifest.bin);
  return [...targets];
}

function build(pkg) {
  if (flags['no-build']) {
    const dist = join(root, pkg.dir, 'dist');
    record(pkg, 'build', existsSync(dist) ? 'ok' : 'failed', '--no-build: using dist/ as is');
    return;
  }

  const result = sh('npm', ['run', 'build', '-w', pkg.name], { cwd: root });
  record(pkg, 'build', result.ok ? 'ok' : 'failed', result.ok ? '' : tail(result.output));
}

function pack(pkg) {
  const result = sh('npm', ['pack', '-w', pkg.name, '--json', '--pack-destination', tarballs], {
    cwd: root,
  });
  if (!result.ok) {
    record(pkg, 'pack', 'failed', tail(result.output));
    return;
  }

  const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
  const files = new Set(info.files.map((file) => file.path));
  const manifest = readJson(join(root, pkg.dir, 'package.json'));
  const problems = [];

  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.has(required)) problems.push(`${required} is not in the tarball`);
  }
  for (const target of declaredTargets(manifest)) {
    if (!files.has(target))
      problems.push(`${target} (exports/main/types/bin) is not in the tarball`);
  }
  for (const file of files) {
    if (/^(src|test|tests|node_modules)\//.test(file) || file.endsWith('.tsbuildinfo')) {
      problems.push(`${file} should not be published`);
    }
  }

  const licence = join(root, pkg.dir, 'LICENSE');
  if (manifest.license !== 'MIT') problems.push(`package.json license is ${manifest.license}`);
  if (existsSync(licence) && !/^MIT License/.test(readFileSync(licence, 'utf8').trim())) {
    problems.push('LICENSE is not the MIT licence');
  }

  pkg.tarball = join(tarballs, info.filename);
  pkg.version = info.version;
  record(
    pkg,
    'pack',
    problems.length ? 'failed' : 'ok',
    problems.length ? problems.join('; ') : `${info.filename}, ${files.size} files`,
  );
}

/** `ws` for `ws`, `y-protocols` for `y-protocols/awareness`, `@scope/a` for `@scope/a/b`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The third-party packages the README main snippets import, with the range their package
 * declares (dependency, peer or dev dependency): what a user following the README installs.
 */
function snippetDependencies(installable) {
  const wanted = {};
  for (const pkg of installable) {
    const readme = join(root, pkg.dir, 'README.md');
    if (!existsSync(readme)) continue;

    const snippet = mainSnippet(readFileSync(readme, 'utf8'), pkg.name);
    const manifest = readJson(join(root, pkg.dir, 'package.json'));
    const ranges = {
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
      ...manifest.dependencies,
    };
    for (const entry of snippet ? staticImports(snippet.code) : []) {
      const name = packageOf(entry.specifier);
      if (name.startsWith('node:') || builtins.has(name) || name.startsWith('@wordsocket/')) {
        continue;
      }
      if (ranges[name]) wanted[name] = ranges[name];
      else pkg.snippetProblem = `the snippet imports ${name}, which ${pkg.name} does not declare`;
    }
  }
  return wanted;
}

function install(installable) {
  mkdirSync(app, { recursive: true });
  const ours = Object.fromEntries(installable.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  const manifest = {
    name: 'wordsocket-packages-check',
    version: '0.0.0',
    private: true,
    description: 'A fresh project installing the packed WordSocket tarballs.',
    dependencies: { ...snippetDependencies(installable), ...ours, ...extraDependencies },
    overrides: ours,
    allowScripts: { 'better-sqlite3': true, esbuild: true },
  };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const result = sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    env: cleanEnv(),
  });
  if (!result.ok) {
    for (const pkg of installable) record(pkg, 'install', 'failed', tail(result.output));
    return;
  }

  // Our packages must come from the tarballs, never from the registry.
  const lock = readJson(join(app, 'package-lock.json'));
  for (const pkg of installable) {
    const entries = Object.entries(lock.packages).filter(([path]) =>
      path.endsWith(`node_modules/${pkg.name}`),
    );
    const stray = entries.filter(([, entry]) => !String(entry.resolved).startsWith('file:'));
    const installedVersion = entries[0]?.[1]?.version;
    if (entries.length === 0) record(pkg, 'install', 'failed', 'not in the lock file');
    else if (stray.length > 0) {
      record(pkg, 'install', 'failed', `resolved from ${stray[0][1].resolved}, not the tarball`);
    } else if (entries.length > 1) {
      record(pkg, 'install', 'failed', `${entries.length} copies installed`);
    } else record(pkg, 'install', 'ok', `${installedVersion} from the tarball`);
  }
}

/** The export names of one specifier, loaded as ESM and as CommonJS from the fresh project. */
function exportNames(specifier) {
  const esm = sh(
    'node',
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));`,
    ],
    { cwd: app, env: cleanEnv() },
  );
  const cjs = sh(
    'node',
    [
      '--input-type=commonjs',
      '-e',
      `const m = require(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`,
    ],
    { cwd: app, env: cleanEnv() },
  );
  return {
    esm: esm.ok ? JSON.parse(esm.stdout) : null,
    cjs: cjs.ok ? JSON.parse(cjs.stdout) : null,
    error: esm.ok && cjs.ok ? '' : tail(`${esm.output}\n${cjs.output}`, 6),
  };
}

function exportPaths(pkg) {
  const manifest = readJson(join(app, 'node_modules', pkg.name, 'package.json'));
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}${key.slice(1)}`));
}

function checkModules(pkg) {
  const problems = [];
  let count = 0;

  for (const specifier of exportPaths(pkg)) {
    const names = exportNames(specifier);
    if (names.error) {
      problems.push(`${specifier}: ${names.error}`);
      continue;
    }
    if (names.esm.length === 0) problems.push(`${specifier} exports nothing`);
    const missing = names.esm.filter((name) => !names.cjs.includes(name));
    const extra = names.cjs.filter((name) => !names.esm.includes(name));
    if (missing.length || extra.length) {
      problems.push(
        `${specifier}: ESM and CommonJS differ (only ESM: ${missing.join(', ') || '-'}; only CJS: ${extra.join(', ') || '-'})`,
      );
    }
    count += names.esm.length;
  }

  record(
    pkg,
    'modules',
    problems.length ? 'failed' : 'ok',
    problems.length ? problems.join('; ') : `${count} names, ESM = CJS`,
  );
}

async function stripTypes(code, lang) {
  if (lang !== 'ts') return code;

  const esbuild = await import(join(app, 'node_modules/esbuild/lib/main.js'));
  const result = await esbuild.transform(code, { loader: 'ts', format: 'esm' });
  return result.code;
}

function runProcess(command, args, options, { until, timeoutMs = 20_000 } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      output += `\n[killed after ${timeoutMs} ms]`;
    }, timeoutMs);

    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, output });
    });
    until?.(child, () => output);
  });
}

async function waitForHealth(url, child, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return await response.text();
    } catch {
      // not listening yet
    }
    await new Promise((next) => setTimeout(next, 100));
  }
  return null;
}

/** Runs a serving snippet: waits for /healthz, then SIGTERM; resolves with what happened. */
async function serveSnippet(file, port) {
  let health = null;
  const result = await runProcess(
    'node',
    [file],
    { cwd: app, env: cleanEnv() },
    {
      until: async (child) => {
        health = await waitForHealth(`http://127.0.0.1:${port}`, child);
        if (child.exitCode === null) child.kill('SIGTERM');
      },
    },
  );
  return { ...result, health };
}

let relayProcess = null;

/**
 * The packed reference server, started once on a free loopback port for snippets that need a
 * relay: `{ port, token(prefixes) }`, with one registered site whose tokens it mints.
 */
async function referenceRelay() {
  if (relayProcess) return relayProcess.ready;

  const port = await freePort();
  const adminKey = 'test-packages-operator-key-0123456789abcdef';
  const env = cleanEnv({
    HOST: '127.0.0.1',
    PORT: String(port),
    WORDSOCKET_DATA_DIR: join(work, 'snippet-relay-data'),
    WORDSOCKET_ADMIN_KEY: adminKey,
    WORDSOCKET_LOG_LEVEL: 'warn',
  });
  const child = spawn(join(app, 'node_modules/.bin/wordsocket-server'), [], {
    cwd: app,
    env,
    stdio: 'ignore',
  });
  relayProcess = { child };
  relayProcess.ready = (async () => {
    const url = `http://127.0.0.1:${port}`;
    if ((await waitForHealth(url, child)) === null) throw new Error('the relay did not start');

    const response = await fetch(`${url}/api/sites/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site_url: 'https://snippet.example.test', site_name: 'snippets' }),
    });
    const site = await response.json();
    const load = (name) => import(createRequire(join(app, 'package.json')).resolve(name));
    const [{ SignJWT }, { siteId, tenantId }] = await Promise.all([
      load('jose'),
      load('@wordsocket/crypto'),
    ]);
    const claims = {
      site_id: await siteId(site.site_key),
      tenant_id: await tenantId(site.site_key),
      user_id: '1',
      v: 2,
    };
    const token = (prefixes) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        ...claims,
        allowed_channel_prefixes: prefixes,
        allowed_publish_prefixes: prefixes,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(new TextEncoder().encode(site.jwt_secret));
    };
    return { port, token };
  })();
  return relayProcess.ready;
}

async function checkSnippet(pkg) {
  const readme = join(app, 'node_modules', pkg.name, 'README.md');
  if (!existsSync(readme)) {
    record(pkg, 'snippet', 'failed', 'README.md is missing from the package');
    return;
  }

  const snippet = mainSnippet(readFileSync(readme, 'utf8'), pkg.name);
  if (!snippet) {
    record(pkg, 'snippet', 'failed', `no js/ts block in README.md imports ${pkg.name}`);
    return;
  }

  const code = await stripTypes(snippet.code, snippet.lang);
  pkg.snippetCode = code;
  const problems = [];

  for (const entry of staticImports(code)) {
    if (!entry.specifier.startsWith('@wordsocket/')) continue;

    const names = exportNames(entry.specifier);
    if (names.error) {
      problems.push(`import from ${entry.specifier} fails: ${names.error}`);
      continue;
    }
    for (const { imported } of entry.names) {
      if (!names.esm.includes(imported)) problems.push(`${entry.specifier} has no ${imported}`);
      if (!names.cjs?.includes(imported)) {
        problems.push(`require(${entry.specifier}) has no ${imported}`);
      }
    }
  }

  const slug = pkg.name.split('/')[1];
  if (problems.length === 0 && pkg.snippet === 'run') {
    for (const [ext, source] of [
      ['mjs', code],
      ['cjs', toCommonJs(code)],
    ]) {
      const file = join(app, `readme-${slug}.${ext}`);
      writeFileSync(file, source);
      const result = await runProcess('node', [file], { cwd: app, env: cleanEnv() });
      if (result.code !== 0) problems.push(`${ext}: exit ${result.code}: ${tail(result.output)}`);
      else if (!result.output.trim()) problems.push(`${ext}: printed nothing`);
    }
  }

  if (problems.length === 0 && pkg.snippet === 'serve') {
    for (const [ext, transform] of [
      ['mjs', (source) => source],
      ['cjs', toCommonJs],
    ]) {
      const port = await freePort();
      if (!/\b8080\b/.test(code)) {
        problems.push('the serving snippet does not listen on 8080');
        break;
      }
      const file = join(app, `readme-${slug}.${ext}`);
      writeFileSync(file, transform(code.replace(/\b8080\b/g, String(port))));
      const result = await serveSnippet(file, port);
      if (result.health === null) {
        problems.push(`${ext}: /healthz never answered: ${tail(result.output)}`);
      } else if (result.code !== 0) {
        problems.push(`${ext}: exit ${result.code ?? result.signal} after SIGTERM`);
      }
    }
  }

  let relay = null;
  if (problems.length === 0 && pkg.snippet === 'relay') {
    try {
      relay = await referenceRelay();
    } catch (error) {
      problems.push(`the packed reference server did not start: ${error.message}`);
    }
    if (!/\b8080\b/.test(code)) problems.push('the snippet does not name the relay on 8080');
    for (const [ext, transform] of [
      ['mjs', (source) => source],
      ['cjs', toCommonJs],
    ]) {
      if (problems.length > 0) break;
      const file = join(app, `readme-${slug}.${ext}`);
      writeFileSync(file, transform(code.replace(/\b8080\b/g, String(relay.port))));
      const result = await runProcess(
        'node',
        [file],
        { cwd: app, env: cleanEnv({ WORDSOCKET_TOKEN: await relay.token(['yjs:']) }) },
        {
          until: (child, output) => {
            const timer = setInterval(() => {
              if (/^connected$/m.test(output()) || child.exitCode !== null) {
                clearInterval(timer);
                child.kill('SIGTERM');
              }
            }, 50);
          },
        },
      );
      if (!/^connected$/m.test(result.output)) {
        problems.push(`${ext}: never printed connected: ${tail(result.output)}`);
      }
    }
  }

  if (pkg.snippetProblem) problems.push(pkg.snippetProblem);
  const mode = {
    run: 'ran as ESM and CJS',
    serve: 'served /healthz, exited 0 on SIGTERM',
    relay: 'connected to the packed relay as ESM and CJS',
  };
  record(
    pkg,
    'snippet',
    problems.length ? 'failed' : 'ok',
    problems.length ? problems.join('; ') : (mode[pkg.snippet] ?? 'its imports resolve'),
  );
}

async function checkBrowser(pkg) {
  const esbuild = await import(join(app, 'node_modules/esbuild/lib/main.js'));
  const slug = pkg.name.split('/')[1];
  const dir = join(work, 'browser', slug);
  mkdirSync(dir, { recursive: true });

  const entries = [];
  const all = exportPaths(pkg)
    .map((specifier, index) => `export * as e${index} from ${JSON.stringify(specifier)};`)
    .join('\n');
  writeFileSync(join(app, `browser-${slug}.mjs`), `${all}\n`);
  entries.push(join(app, `browser-${slug}.mjs`));
  if (pkg.snippetCode) {
    writeFileSync(join(app, `browser-readme-${slug}.mjs`), pkg.snippetCode);
    entries.push(join(app, `browser-readme-${slug}.mjs`));
  }

  let result;
  try {
    result = await esbuild.build({
      entryPoints: entries,
      absWorkingDir: app,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      splitting: true,
      target: ['es2022'],
      outdir: dir,
      metafile: true,
      logLevel: 'silent',
      logOverride: { 'ignored-bare-import': 'silent' },
    });
  } catch (error) {
    const messages = (error.errors ?? [error]).map((e) => e.text ?? e.message).slice(0, 5);
    record(pkg, 'browser', 'failed', messages.join('; '));
    return;
  }

  const problems = [];
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    for (const imported of meta.imports) {
      if (imported.path.startsWith('node:') || builtins.has(imported.path)) {
        problems.push(`${output} imports ${imported.path}`);
      }
    }
    if (
      output.endsWith('.js') &&
      /\b(from|import\(|require\()\s*["']node:/.test(readFileSync(join(app, output), 'utf8'))
    ) {
      problems.push(`${output} contains a node: import`);
    }
  }

  const bytes = Object.values(result.metafile.outputs).reduce((sum, meta) => sum + meta.bytes, 0);
  record(
    pkg,
    'browser',
    problems.length ? 'failed' : 'ok',
    problems.length
      ? problems.join('; ')
      : `${entries.length} entries, ${Object.keys(result.metafile.outputs).length} files, ${bytes} bytes, no node: imports`,
  );
}

async function checkCli(pkg) {
  const problems = [];
  const help = sh('npx', ['--no-install', 'wordsocket-server', '--help'], {
    cwd: app,
    env: cleanEnv(),
    timeout: 60_000,
  });
  if (!help.ok) problems.push(`--help exited ${help.status}: ${tail(help.output, 5)}`);
  else if (!/Usage: wordsocket-server/.test(help.output)) problems.push('--help printed no usage');

  const port = await freePort();
  const dataDir = join(work, 'server-data');
  const env = cleanEnv({ HOST: '127.0.0.1', PORT: String(port), WORDSOCKET_DATA_DIR: dataDir });
  let health = null;
  const bin = join(app, 'node_modules/.bin/wordsocket-server');
  const result = await runProcess(
    bin,
    [],
    { cwd: app, env },
    {
      timeoutMs: 30_000,
      until: async (child) => {
        health = await waitForHealth(`http://127.0.0.1:${port}`, child);
        if (child.exitCode === null) child.kill('SIGTERM');
      },
    },
  );

  if (health !== '{"status":"ok"}') {
    problems.push(`/healthz answered ${health}: ${tail(result.output, 5)}`);
  }
  if (result.code !== 0) problems.push(`exit ${result.code ?? result.signal} after SIGTERM`);
  if (!existsSync(join(dataDir, 'wordsocket.db')))
    problems.push('no wordsocket.db in the data dir');
  if (!/"event":"stopped"/.test(result.output)) problems.push('no "stopped" log line');

  record(
    pkg,
    'cli',
    problems.length ? 'failed' : 'ok',
    problems.length
      ? problems.join('; ')
      : `--help, start on 127.0.0.1:${port}, /healthz, SIGTERM → 0`,
  );
}

function skip(pkg, from, reason) {
  for (const step of steps.slice(steps.indexOf(from))) {
    if (step === 'browser' && !pkg.browser) continue;
    if (step === 'cli' && !pkg.cli) continue;
    if (!results.get(pkg.name)[step]) record(pkg, step, 'skipped', reason);
  }
}

async function main() {
  mkdirSync(tarballs, { recursive: true });
  process.stdout.write(`test:packages in ${work}\n`);

  for (const pkg of packages) {
    build(pkg);
    if (failed(pkg)) skip(pkg, 'pack', 'build failed');
    else pack(pkg);
  }

  const packed = new Set(packages.filter((pkg) => pkg.tarball).map((pkg) => pkg.name));
  const installable = [];
  for (const pkg of packages) {
    if (!pkg.tarball) continue;
    const missing = workspaceDeps(pkg).filter((dep) => !packed.has(dep));
    if (missing.length > 0) skip(pkg, 'install', `no tarball of ${missing.join(', ')}`);
    else installable.push(pkg);
  }
  if (installable.length > 0) install(installable);

  try {
    for (const pkg of installable) {
      if (results.get(pkg.name).install?.status !== 'ok') {
        skip(pkg, 'modules', 'not installed');
        continue;
      }
      checkModules(pkg);
      await checkSnippet(pkg);
      if (pkg.browser) await checkBrowser(pkg);
      if (pkg.cli) await checkCli(pkg);
    }
  } finally {
    const relay = relayProcess?.child;
    if (relay && relay.exitCode === null) {
      const exited = new Promise((done) => relay.once('exit', done));
      relay.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
    }
  }

  process.stdout.write('\nsummary\n');
  let anyFailed = false;
  for (const pkg of packages) {
    const entries = Object.entries(results.get(pkg.name));
    const bad = entries.filter(([, result]) => result.status !== 'ok');
    anyFailed ||= bad.length > 0;
    const verdict = bad.length === 0 ? 'ok' : `FAILED at ${bad.map(([step]) => step).join(', ')}`;
    process.stdout.write(`  ${pkg.name.padEnd(26)} ${verdict}\n`);
  }

  if (flags.keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  process.exitCode = anyFailed ? 1 : 0;
}

await main();
