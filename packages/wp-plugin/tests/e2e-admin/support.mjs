// Shared setup of the plugin's browser suites: a WordPress 7.1 site from scripts/wp-env, a
// reference relay from packages/server on a free loopback port with the site registered on it,
// and headless Chromium through playwright-core. Everything listens on 127.0.0.1 and is stopped
// by the process that started it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { down, info, reset, up } from '../../../../scripts/wp-env/index.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');
export const screenshots = join(repoRoot, 'artifacts/screenshots/wp-plugin');
const serverBin = join(repoRoot, 'packages/server/dist/bin.js');

export const SITE = process.env.WPSIGNAL_E2E_SITE ?? 'wpjs';
export const PORT = Number(process.env.WPSIGNAL_E2E_PORT ?? 8893);

/** Why the browser suites cannot run here, or '' when they can. */
export function missingServices() {
  const missing = [];
  if (spawnSync('php', ['-v']).status !== 0) missing.push('php');
  if (spawnSync('/usr/bin/chromium', ['--version']).status !== 0) missing.push('/usr/bin/chromium');
  const db = spawnSync('php', ['-r', 'exit(@fsockopen("127.0.0.1", 3306) ? 0 : 1);']);
  if (db.status !== 0) missing.push('MariaDB on 127.0.0.1:3306');
  return missing.join(', ');
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Reuses the test site while it is running (a developer's loop); otherwise starts it afresh, so a
 * database left by another checkout on the same MariaDB cannot carry a stale connection in.
 */
export async function startSite() {
  const running = info({ site: SITE });
  const site = running?.running
    ? await up({ site: SITE, port: PORT })
    : await reset({ site: SITE, port: PORT });
  return { ...site, startedHere: !running?.running };
}

export async function stopSite(site) {
  if (site?.startedHere) await down({ site: SITE });
}

/** Runs PHP with the site's WordPress loaded; returns what the code echoes. */
export function wpPhp(site, code) {
  const script = `require getenv('WP_ENV_CORE') . '/wp-load.php'; ${code}`;
  const result = spawnSync('php', ['-r', script], {
    encoding: 'utf8',
    env: { ...process.env, WP_ENV_SITE_DIR: site.dir, WP_ENV_CORE: site.core },
  });
  if (result.status !== 0) throw new Error(`php failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Starts the reference relay on a free port with a fresh data folder. */
export async function startRelay() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wpsignal-relay-'));
  const port = await freePort();
  const env = {
    ...process.env,
    WORDSOCKET_ADMIN_KEY: 'e2e-operator-key-0123456789abcdef0123456789',
    WORDSOCKET_LOG_LEVEL: 'warn',
  };
  const child = spawn(
    process.execPath,
    [serverBin, 'start', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });

  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the relay exited: ${output}`);
    const ok = await fetch(`${url}/healthz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((done) => setTimeout(done, 100));
  }

  return {
    url,
    apiKey: env.WORDSOCKET_ADMIN_KEY,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers the site on the relay with the operator key and stores the credentials. */
export async function connectSite(site, relay) {
  const response = await fetch(`${relay.url}/api/sites/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${relay.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ site_url: site.url, site_name: 'wp-plugin js suite' }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}`);
  const secrets = await response.json();
  const args = [relay.url, secrets.site_key, secrets.publish_secret, secrets.jwt_secret]
    .map((value) => JSON.stringify(value))
    .join(', ');
  wpPhp(site, `WPSignal\\Config::save_credentials(${args});`);
  return secrets;
}

export function disconnectSite(site) {
  wpPhp(site, 'WPSignal\\Config::clear_credentials();');
}

/** Launches headless Chromium with the flags every suite uses. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context logged in as `user` (a wp-env test login), with every console error and
 * uncaught page error collected in `errors`.
 */
export async function loggedInPage(browser, site, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  // Pages of WordPress ask other hosts for avatars and pictures; answer them here, empty, so the
  // suite talks to 127.0.0.1 only.
  await context.route(
    (url) => url.protocol.startsWith('http') && url.hostname !== '127.0.0.1',
    (route) => route.fulfill({ status: 204, body: '' }),
  );
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));

  if (user) {
    const { login, password } = site.users[user];
    // The dashboard, not the profile screen WordPress sends subscribers to: core's profile script
    // throws when a page with its form is left, which is not ours to report.
    const dashboard = encodeURIComponent(`${site.url}/wp-admin/index.php`);
    await page.goto(`${site.url}/wp-login.php?redirect_to=${dashboard}`);
    await page.fill('#user_login', login);
    await page.fill('#user_pass', password);
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
  }
  return { context, page, errors };
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * Installs a must-use plugin in the test site that turns the filters a site owner would set in
 * code into options the suite can flip: `wpsignal_e2e_force_sse` and `wpsignal_e2e_allow_client`.
 * Returns a function that removes it.
 */
export function installSwitches(site) {
  const path = join(site.dir, 'wp-content/mu-plugins/wpsignal-e2e-switches.php');
  writeFileSync(
    path,
    `<?php
/**
 * Plugin Name: WordSocket browser suite switches
 */
add_filter( 'wpsignal_force_sse', static function ( $force ) {
\treturn $force || '1' === get_option( 'wpsignal_e2e_force_sse' );
} );
add_filter( 'wpsignal_allow_client', static function ( $allow ) {
\treturn $allow || '1' === get_option( 'wpsignal_e2e_allow_client' );
} );
`,
  );
  return () => rmSync(path, { force: true });
}
