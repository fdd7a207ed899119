#!/usr/bin/env node
// `npm run dist:plugin`: builds dist/wordsocket.zip, the plugin as a site owner uploads it. The
// zip holds one folder, `wordsocket/`, with the PHP, the built scripts with their `*.asset.php`,
// readme.txt, the licence and languages; never sources, tests, node_modules or dev files.
//
// Every file of packages/wp-plugin is either shipped or listed as a dev file here; a file that
// is neither stops the build, so a new runtime folder cannot go missing from the zip unnoticed.
// After zipping, scripts/dist/check-plugin.mjs runs every reviewer check on the zip itself.
//
//   node scripts/dist/plugin.mjs [--no-build] [--no-check] [--out dist/wordsocket.zip]
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const pluginDir = join(root, 'packages/wp-plugin');
export const slug = 'wordsocket';

/** What the zip ships, as path patterns relative to the plugin folder. */
export const shipped = [
  /^wordsocket\.php$/,
  /^uninstall\.php$/,
  /^readme\.txt$/,
  /^(LICENSE|license\.txt)$/,
  /^includes\/.+\.php$/,
  /^build\/[^/]+\.(js|css|asset\.php)$/,
  /^languages\/[^/]+\.(pot|po|mo|json|php)$/,
  /^assets\/.+\.(png|svg|jpg|gif|css)$/,
];

/** Development files: never shipped, and not an error to find. */
export const development = [
  /^js\//,
  /^tests\//,
  /^node_modules\//,
  /^\.turbo\//,
  /^vendor\//,
  /^package\.json$/,
  /^tsconfig(\..+)?\.json$/,
  /^turbo\.json$/,
  /^(vitest|playwright)\.config\.[cm]?[jt]s$/,
  /^biome\.jsonc?$/,
  /^phpunit\.xml(\.dist)?$/,
  /^\.phpunit\.result\.cache$/,
  /^composer\.(json|lock)$/,
  /^phpcs\.xml(\.dist)?$/,
  /^\.gitignore$/,
  /^\.distignore$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^build\/.+\.map$/,
  /^build\/.+\.LICENSE\.txt$/,
];

function walk(dir, base = dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === '.turbo') continue;
      files.push(...walk(path, base));
    } else {
      files.push(relative(base, path));
    }
  }
  return files.sort();
}

/** Sorts the plugin's files into shipped and development; anything else is an error. */
export function classify(dir = pluginDir) {
  const ship = [];
  const unknown = [];

  for (const file of walk(dir)) {
    if (development.some((pattern) => pattern.test(file))) continue;
    if (shipped.some((pattern) => pattern.test(file))) ship.push(file);
    else unknown.push(file);
  }

  return { ship, unknown };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
  }
}

export function buildZip({ build = true, out = join(root, 'dist/wordsocket.zip') } = {}) {
  if (build) {
    // The plugin's bundles include @wordsocket/client and yjs-provider: build those first.
    run('npx', ['turbo', 'run', 'build', '--filter=@wordsocket/wp-plugin^...'], { cwd: root });
    // The plugin itself is built outside turbo: turbo.json caches `dist/**` only, so a cache
    // hit would leave build/ as it was.
    run('npm', ['run', 'build', '-w', '@wordsocket/wp-plugin'], { cwd: root });
  }

  const { ship, unknown } = classify();
  if (unknown.length > 0) {
    throw new Error(
      `packages/wp-plugin holds files that are neither shipped nor dev files:\n  ${unknown.join('\n  ')}\nAdd them to \`shipped\` or \`development\` in scripts/dist/plugin.mjs.`,
    );
  }
  for (const required of ['wordsocket.php', 'readme.txt', 'uninstall.php']) {
    if (!ship.includes(required)) throw new Error(`packages/wp-plugin/${required} is missing`);
  }
  const scripts = ship.filter((file) => /^build\/[^/]+\.js$/.test(file));
  if (scripts.length === 0) throw new Error('packages/wp-plugin/build/ has no scripts; build it');
  for (const script of scripts) {
    const asset = script.replace(/\.js$/, '.asset.php');
    if (!ship.includes(asset)) throw new Error(`${script} has no ${asset}`);
  }

  const staging = mkdtempSync(join(tmpdir(), 'wordsocket-zip-'));
  try {
    // A fixed time on every entry: the same files always give the same zip.
    const epoch = new Date('2026-01-01T00:00:00Z');
    for (const file of ship) {
      const target = join(staging, slug, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(pluginDir, file), target);
      utimesSync(target, epoch, epoch);
    }

    mkdirSync(dirname(out), { recursive: true });
    rmSync(out, { force: true });
    run('zip', ['-q', '-X', '-D', out, ...walk(staging)], { cwd: staging });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  return { out, files: ship.length, bytes: statSync(out).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean' },
      'no-check': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  try {
    const out = values.out ? resolve(values.out) : undefined;
    const zip = buildZip({ build: !values['no-build'], out });
    process.stdout.write(
      `dist:plugin: ${relative(process.cwd(), zip.out)} (${zip.files} files, ${zip.bytes} bytes)\n`,
    );
    if (!values['no-check']) {
      run('node', [join(root, 'scripts/dist/check-plugin.mjs'), zip.out]);
    }
  } catch (error) {
    process.stderr.write(`dist:plugin: ${error.message}\n`);
    process.exitCode = 1;
  }
}
