#!/usr/bin/env node
// A WordPress 7.1 test environment from Debian's packages, on the machine's MariaDB and PHP's
// built-in server. Unattended and idempotent; every server it starts listens on 127.0.0.1.
//
//   node scripts/wp-env/index.mjs up    [--site dev] [--port 8888] [--db NAME] [--plugin-zip FILE]
//   node scripts/wp-env/index.mjs down  [--site dev]
//   node scripts/wp-env/index.mjs reset [--site dev] [...up options]
//   node scripts/wp-env/index.mjs info  [--site dev] [--json]
//
// Other suites import up(), down() and info() from this file.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Reads one of the environment variables this script honours: WP_ENV_DIR (cache folder),
 * WP_ENV_SITE, WP_ENV_PORT, WP_ENV_DB_NAME, WP_ENV_DB_HOST, WP_ENV_DB_PORT, WP_ENV_DB_USER,
 * WP_ENV_DB_PASSWORD, WP_ENV_DEBIAN_MIRROR and PHP_CLI_SERVER_WORKERS.
 */
function setting(name, fallback) {
  return process.env[name] ?? fallback;
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const cacheDir = resolve(setting('WP_ENV_DIR', join(repoRoot, '.wp-env')));
const coreDir = join(cacheDir, 'root/usr/share/wordpress');
const pluginSource = join(repoRoot, 'packages/wp-plugin');
const pluginSlug = 'wordsocket';

/** The Debian packages the WordPress package's symlinks point into, plus the default theme. */
const debianPackages = [
  'wordpress',
  'wordpress-theme-twentytwentyfive',
  'libphp-phpmailer',
  'php-getid3',
  'libjs-underscore',
  'libjs-lodash',
  'libjs-jquery-ui',
  'libjs-cropper',
];

/** Test logins, the same on every site this script makes. Never use them outside a test. */
export const users = {
  admin: { login: 'admin', password: 'wordsocket-admin', email: 'admin@example.test' },
  editor: { login: 'editor', password: 'wordsocket-editor', email: 'editor@example.test' },
  subscriber: {
    login: 'subscriber',
    password: 'wordsocket-subscriber',
    email: 'subscriber@example.test',
  },
};

const defaultPorts = { dev: 8888, phpunit: 8891, e2e: 8892 };

function log(message) {
  process.stderr.write(`wp-env: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });

  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }

  return result.stdout;
}

/** Reads `$wp_version` from an extracted core, or null when there is none. */
export function coreVersion(dir = coreDir) {
  const file = join(dir, 'wp-includes/version.php');
  if (!existsSync(file)) return null;

  const match = readFileSync(file, 'utf8').match(/\$wp_version = '([^']+)'/);
  return match ? match[1] : null;
}

/**
 * Downloads WordPress and the packages it links to from Debian's forky and sid with an apt
 * state of our own (the machine's /etc/apt is never touched) and extracts them with dpkg-deb:
 * the newest 7.1.x the lists offer, and apt's newest of each library. Does nothing when a 7.1
 * core is already there.
 */
export function ensureCore() {
  const found = coreVersion();
  if (found?.startsWith('7.1.')) return found;

  const apt = join(cacheDir, 'apt');
  for (const sub of ['lists/partial', 'cache/archives/partial', 'debs']) {
    mkdirSync(join(apt, sub), { recursive: true });
  }

  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  const mirror = setting('WP_ENV_DEBIAN_MIRROR', 'http://deb.debian.org/debian');
  const sources = ['forky', 'sid']
    .map((suite) => `deb [signed-by=${keyring}] ${mirror} ${suite} main\n`)
    .join('');
  writeFileSync(join(apt, 'sources.list'), sources);
  writeFileSync(join(apt, 'status'), '');

  const options = [
    `-o Dir::Etc::SourceList=${join(apt, 'sources.list')}`,
    '-o Dir::Etc::SourceParts=/nonexistent',
    '-o Dir::Etc::Preferences=/nonexistent',
    '-o Dir::Etc::PreferencesParts=/nonexistent',
    `-o Dir::State::Lists=${join(apt, 'lists')}`,
    `-o Dir::State::status=${join(apt, 'status')}`,
    `-o Dir::Cache=${join(apt, 'cache')}`,
    '-o Debug::NoLocking=1',
    '-o APT::Sandbox::User=root',
  ].flatMap((option) => option.split(/ (.*)/s).slice(0, 2));

  log('updating a private apt state for Debian forky and sid');
  run('apt-get', [...options, '-qq', 'update']);

  // The newest 7.1.x any list offers, so a newer major in sid does not break the environment
  // while forky still carries 7.1. The theme comes from the same source package.
  const wanted = debianPackages.map((pkg) => {
    if (pkg !== 'wordpress' && pkg !== 'wordpress-theme-twentytwentyfive') return pkg;
    const offered = run('apt-cache', [...options, 'madison', pkg])
      .split('\n')
      .map((line) => line.split('|')[1]?.trim())
      .find((version) => version?.startsWith('7.1.'));
    if (!offered) throw new Error(`Debian's forky and sid offer no 7.1.x of ${pkg}`);
    return `${pkg}=${offered}`;
  });

  const debs = join(apt, 'debs');
  rmSync(debs, { recursive: true, force: true });
  mkdirSync(debs);
  log(`downloading ${wanted.join(', ')}`);
  run('apt-get', [...options, '-qq', 'download', ...wanted], { cwd: debs });

  const staging = join(cacheDir, `root.${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  for (const pkg of debianPackages) {
    const file = run('sh', ['-c', `ls "${debs}"/${pkg}_*.deb`]).trim();
    run('dpkg-deb', ['-x', file, staging]);
  }

  const version = coreVersion(join(staging, 'usr/share/wordpress'));
  if (!version?.startsWith('7.1.')) {
    throw new Error(`Debian offered WordPress ${version}; this environment needs 7.1.x`);
  }

  rmSync(join(cacheDir, 'root'), { recursive: true, force: true });
  renameSync(staging, join(cacheDir, 'root'));
  log(`WordPress ${version} extracted to ${coreDir}`);
  return version;
}

function siteDir(site) {
  return join(cacheDir, 'sites', site);
}

function readSiteEnv(site) {
  const file = join(siteDir(site), 'env.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function phpString(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function writeSiteConfig(env) {
  const dir = env.dir;
  const saltsFile = join(dir, 'salts.json');
  const saltNames = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  if (!existsSync(saltsFile)) {
    const salts = Object.fromEntries(
      saltNames.map((name) => [name, randomBytes(32).toString('base64')]),
    );
    writeFileSync(saltsFile, JSON.stringify(salts, null, 2));
  }
  const salts = JSON.parse(readFileSync(saltsFile, 'utf8'));

  const defines = {
    DB_NAME: env.db.name,
    DB_USER: env.db.user,
    DB_PASSWORD: env.db.password,
    DB_HOST: `${env.db.host}:${env.db.port}`,
    DB_CHARSET: 'utf8mb4',
    DB_COLLATE: '',
    ...salts,
    WP_HOME: env.url,
    WP_SITEURL: env.url,
    WP_CONTENT_DIR: join(dir, 'wp-content'),
    WP_CONTENT_URL: `${env.url}/wp-content`,
    WP_DEBUG: true,
    WP_DEBUG_LOG: env.debugLog,
    WP_DEBUG_DISPLAY: false,
    SCRIPT_DEBUG: false,
    WP_ENVIRONMENT_TYPE: 'local',
    WP_AUTO_UPDATE_CORE: false,
    AUTOMATIC_UPDATER_DISABLED: true,
    WP_HTTP_BLOCK_EXTERNAL: true,
    DISALLOW_FILE_MODS: false,
    FS_METHOD: 'direct',
  };

  const lines = Object.entries(defines).map(([name, value]) => {
    const literal = typeof value === 'boolean' ? String(value) : phpString(value);
    return `define( '${name}', ${literal} );`;
  });

  const config = [
    '<?php',
    '// Written by scripts/wp-env/index.mjs for a test site. Rewritten on every `up`.',
    ...lines,
    "$table_prefix = 'wp_';",
    "ini_set( 'display_errors', '0' );",
    "require_once ABSPATH . 'wp-settings.php';",
    '',
  ].join('\n');

  writeFileSync(join(dir, 'wp-config.php'), config);
}

function linkOrReplace(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

function installPlugin(env, pluginZip) {
  const plugins = join(env.dir, 'wp-content/plugins');
  const dest = join(plugins, pluginSlug);
  mkdirSync(plugins, { recursive: true });

  if (pluginZip) {
    rmSync(dest, { recursive: true, force: true });
    run('unzip', ['-q', '-o', resolve(pluginZip), '-d', plugins]);
    return;
  }

  linkOrReplace(pluginSource, dest);
}

function makeSite(options) {
  const site = options.site;
  const previous = readSiteEnv(site);
  const port = Number(options.port ?? previous?.port ?? defaultPorts[site] ?? 8890);
  const dir = siteDir(site);
  const url = `http://127.0.0.1:${port}`;

  const env = {
    site,
    dir,
    core: coreDir,
    port,
    url,
    adminUrl: `${url}/wp-admin/`,
    restUrl: `${url}/wp-json/`,
    title: `WordSocket ${site}`,
    db: databaseSettings(options.db ?? previous?.db?.name ?? defaultDatabaseName(site)),
    users,
    plugins: [`${pluginSlug}/${pluginSlug}.php`],
    debugLog: join(dir, 'debug.log'),
    serverLog: join(dir, 'server.log'),
    pidFile: join(dir, 'server.pid'),
  };

  for (const sub of ['themes', 'plugins', 'uploads', 'mu-plugins']) {
    mkdirSync(join(dir, 'wp-content', sub), { recursive: true });
  }
  copyFileSync(join(here, 'mu-plugin.php'), join(dir, 'wp-content/mu-plugins/wp-env.php'));
  linkOrReplace(
    join(coreDir, 'wp-content/themes/twentytwentyfive'),
    join(dir, 'wp-content/themes/twentytwentyfive'),
  );
  installPlugin(env, options.pluginZip);

  writeFileSync(join(dir, 'env.json'), `${JSON.stringify(env, null, 2)}\n`);
  writeSiteConfig(env);
  return env;
}

/** The variables a PHP process needs to load this site's WordPress (phpunit, scripts). */
export function phpEnv(env) {
  return { ...process.env, WP_ENV_SITE_DIR: env.dir };
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function serverPid(env) {
  if (!existsSync(env.pidFile)) return null;

  const pid = Number(readFileSync(env.pidFile, 'utf8'));
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : null;
}

async function waitForSite(env, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';

  while (Date.now() < deadline) {
    try {
      const response = await fetch(env.restUrl, { redirect: 'manual' });
      if (response.status === 200) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error.cause?.code ?? error.message;
    }
    await new Promise((done) => setTimeout(done, 150));
  }

  throw new Error(`${env.restUrl} did not answer 200 within ${timeoutMs} ms (${lastError})`);
}

function startServer(env) {
  const out = openSync(env.serverLog, 'a');
  const child = spawn(
    'php',
    ['-S', `127.0.0.1:${env.port}`, '-t', coreDir, join(here, 'router.php')],
    {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...phpEnv(env), PHP_CLI_SERVER_WORKERS: setting('PHP_CLI_SERVER_WORKERS', '4') },
    },
  );

  child.unref();
  writeFileSync(env.pidFile, String(child.pid));
  return child.pid;
}

/**
 * Brings a site up: core downloaded if needed, database and WordPress installed, the plugin
 * linked (or unzipped from `pluginZip`) and activated, PHP's server started. Returns the site's
 * description (url, users, paths). A server already running for the site is kept.
 */
export async function up(options = {}) {
  const site = options.site ?? 'dev';
  ensureCore();
  copyFileSync(join(here, 'wp-config-core.php'), join(coreDir, 'wp-config.php'));

  const env = makeSite({ ...options, site });
  run('php', [join(here, 'install.php')], { env: phpEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });

  if (!serverPid(env)) {
    const pid = startServer(env);
    log(`started php -S on ${env.url} (pid ${pid})`);
  }

  await waitForSite(env);
  return env;
}

/** Stops the site's server (its own process group, by the PID it recorded) if it runs. */
export async function down(options = {}) {
  const env = readSiteEnv(options.site ?? 'dev');
  if (!env) return null;

  const pid = serverPid(env);
  if (pid) {
    process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (pidAlive(pid) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 50));
    }
    if (pidAlive(pid)) process.kill(-pid, 'SIGKILL');
    log(`stopped php -S on ${env.url} (pid ${pid})`);
  }

  rmSync(env.pidFile, { force: true });
  return env;
}

/** Stops the site, drops its database and removes its folder, then brings it up afresh. */
export async function reset(options = {}) {
  const site = options.site ?? 'dev';
  const env = await down({ site });

  // The database is dropped even when this checkout has no record of the site: another checkout
  // on the same MariaDB (a CI clone, a second work tree) may have left one under the same name.
  const db = databaseSettings(options.db ?? env?.db.name ?? defaultDatabaseName(site));
  const sql = `DROP DATABASE IF EXISTS \`${db.name}\``;
  run('php', [
    '-r',
    `$l = new mysqli(${phpString(db.host)}, ${phpString(db.user)}, ${phpString(db.password)}, '', ${db.port}); $l->query(${phpString(sql)});`,
  ]);
  if (env) rmSync(env.dir, { recursive: true, force: true });

  return up({ ...options, site, port: options.port ?? env?.port, db: db.name });
}

/** The database a site uses unless told otherwise: `wordsocket_<site>`. */
function defaultDatabaseName(site) {
  return `wordsocket_${site.replace(/[^a-z0-9_]/gi, '_')}`;
}

/** Connection settings for a database, from the WP_ENV_DB_* settings. */
function databaseSettings(name) {
  return {
    name,
    host: setting('WP_ENV_DB_HOST', '127.0.0.1'),
    port: Number(setting('WP_ENV_DB_PORT', '3306')),
    user: setting('WP_ENV_DB_USER', 'root'),
    password: setting('WP_ENV_DB_PASSWORD', ''),
  };
}

/** The site's description as `up` wrote it, with `running` telling whether its server is up. */
export function info(options = {}) {
  const env = readSiteEnv(options.site ?? 'dev');
  return env ? { ...env, running: serverPid(env) !== null } : null;
}

function describe(env) {
  const logins = Object.entries(env.users)
    .map(([role, user]) => `  ${role.padEnd(10)} ${user.login} / ${user.password}`)
    .join('\n');

  return [
    `WordPress ${coreVersion()} (${env.running === false ? 'stopped' : 'running'})`,
    `  site       ${env.url}/`,
    `  admin      ${env.adminUrl}`,
    `  REST       ${env.restUrl}`,
    `  database   ${env.db.name} on ${env.db.host}:${env.db.port}`,
    `  debug log  ${env.debugLog}`,
    'logins:',
    logins,
  ].join('\n');
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      'plugin-zip': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const options = {
    site: values.site ?? setting('WP_ENV_SITE', 'dev'),
    port: values.port ?? setting('WP_ENV_PORT'),
    db: values.db ?? setting('WP_ENV_DB_NAME'),
    pluginZip: values['plugin-zip'],
  };
  const command = positionals[0] ?? 'info';
  const print = (env) => {
    if (!env) return console.log(`no site "${options.site}"; run: up --site ${options.site}`);
    console.log(values.json ? JSON.stringify(env, null, 2) : describe(env));
  };

  if (command === 'up') print(await up(options));
  else if (command === 'down') await down(options);
  else if (command === 'reset') print(await reset(options));
  else if (command === 'info') print(info(options));
  else throw new Error(`unknown command "${command}" (up, down, reset, info)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`wp-env: ${error.message}`);
    process.exit(1);
  });
}
