// Processes the distribution tests start and stop themselves: the reference server from the
// built workspace package, and Debian's nginx with the documented configuration. Everything
// listens on 127.0.0.1; every process is stopped by the PID it was started with.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const serverBin = join(root, 'packages/server/dist/bin.js');
export const nginxConf = join(root, 'deploy/nginx.conf');
export const OPERATOR_KEY = 'distribution-test-operator-key-0123456789';
export const SERVER_NAME = 'relay.example.com';

export function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // nginx's workers run as an unprivileged user when the test runs as root: let them in.
  chmodSync(dir, 0o755);
  return dir;
}

function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, reject) => {
    const tick = async () => {
      try {
        const value = await check();
        if (value) return done(value);
      } catch {
        // not ready yet
      }
      if (Date.now() > deadline) return reject(new Error(`${what} within ${timeoutMs} ms`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

function stopChild(child, signal = 'SIGTERM', timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);

  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done(code);
    });
    child.kill(signal);
  });
}

/**
 * Starts the reference server (`wordsocket-server start`) on a free loopback port with a fresh
 * data directory and a known operator key. Returns `{ url, port, stop(), output() }`.
 */
export async function startRelay(dir) {
  const port = await freePort();
  let output = '';
  const env = { ...process.env, WORDSOCKET_ADMIN_KEY: OPERATOR_KEY, WORDSOCKET_LOG_LEVEL: 'warn' };
  for (const name of ['WORDSOCKET_REDIS_URL', 'WORDSOCKET_DATA_DIR', 'HOST', 'PORT']) {
    delete env[name];
  }
  const child = spawn(
    process.execPath,
    [serverBin, 'start', '--host', '127.0.0.1', '--port', String(port)],
    { env: { ...env, WORDSOCKET_DATA_DIR: join(dir, 'relay-data') }, stdio: 'pipe' },
  );
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });

  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => child.exitCode === null && (await fetch(`${url}/healthz`)).ok,
    15_000,
    `the relay did not answer /healthz:\n${output}`,
  );

  return { url, port, output: () => output, stop: () => stopChild(child) };
}

/** A self-signed certificate for SERVER_NAME: `{ cert, key, pem }` (pem: the CA to trust). */
export function selfSignedCertificate(dir) {
  const cert = join(dir, 'fullchain.pem');
  const key = join(dir, 'privkey.pem');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${SERVER_NAME}`,
      '-addext',
      `subjectAltName=DNS:${SERVER_NAME}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { cert, key, pem: readFileSync(cert) };
}

/**
 * deploy/nginx.conf with only its ports and paths changed: the upstream points at the relay,
 * both servers listen on 127.0.0.1 ports, certificates and the ACME root come from `dir`.
 * Each replacement must apply exactly once, so a changed deploy file fails loudly here.
 */
export function templateNginxConf(source, { relayPort, httpPort, httpsPort, certDir, dir }) {
  const replacements = [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${relayPort};`],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`],
    [`/etc/letsencrypt/live/${SERVER_NAME}/fullchain.pem`, join(certDir, 'fullchain.pem')],
    [`/etc/letsencrypt/live/${SERVER_NAME}/privkey.pem`, join(certDir, 'privkey.pem')],
    ['root /var/www/letsencrypt;', `root ${join(dir, 'acme')};`],
  ];

  let text = source;
  for (const [from, to] of replacements) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`deploy/nginx.conf: expected "${from}" once, found ${count}`);
    text = text.replace(from, to);
  }
  return text;
}

/**
 * Runs nginx in the foreground with its own prefix, pid, logs and temp paths in `dir`, the
 * given server configuration included in http {}. Returns `{ httpsPort, httpPort, stop() }`.
 */
export async function startNginx(dir, { relayPort, transform = (text) => text }) {
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const certDir = join(dir, 'tls');
  mkdirSync(certDir, { recursive: true });
  mkdirSync(join(dir, 'acme'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const certificate = selfSignedCertificate(certDir);

  const site = transform(
    templateNginxConf(readFileSync(nginxConf, 'utf8'), {
      relayPort,
      httpPort,
      httpsPort,
      certDir,
      dir,
    }),
  );
  writeFileSync(join(dir, 'wordsocket.conf'), site);

  const main = [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs/error.log')} info;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${join(dir, 'logs/access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (name) => `  ${name}_temp_path ${join(dir, `${name}_temp`)};`,
    ),
    `  include ${join(dir, 'wordsocket.conf')};`,
    '}',
    '',
  ].join('\n');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, main);

  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'logs/error.log')];
  const check = spawnSync('nginx', [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);

  let output = '';
  const child = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: 'pipe' });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });

  await waitFor(
    () => child.exitCode === null && listening(httpsPort),
    10_000,
    `nginx did not listen on ${httpsPort}:\n${output}`,
  );

  return {
    httpPort,
    httpsPort,
    ca: certificate.pem,
    errorLog: () => readFileSync(join(dir, 'logs/error.log'), 'utf8'),
    stop: () => stopChild(child, 'SIGQUIT'),
  };
}

function listening(port) {
  return new Promise((done) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.destroy();
      done(true);
    });
    socket.on('error', () => done(false));
  });
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}
