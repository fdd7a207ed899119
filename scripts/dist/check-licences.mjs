#!/usr/bin/env node
// Lists the licence of every module the WordPress plugin's scripts bundle and fails on one that
// is not compatible with GPL-2.0-or-later, the plugin's licence. It bundles the same entries as
// packages/wp-plugin/js/tools/build.mjs (read from that file), with what WordPress provides as
// globals left out, asks esbuild which files went in, and reads each file's package.json.
//
//   node scripts/dist/check-licences.mjs [--json]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pluginDir = join(root, 'packages/wp-plugin');
const pluginLicence = 'GPL-2.0-or-later';

/**
 * Licences a GPL-2.0-or-later work may include. Apache-2.0 and GPL-3.0 are left out on purpose:
 * they are compatible only with GPLv3, so bundling them would narrow the plugin to GPL-3.0.
 */
export const compatible = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'Zlib',
  'Unlicense',
  'CC0-1.0',
  'LGPL-2.1-or-later',
  'GPL-2.0',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-2.0+',
]);

/** Whether an SPDX expression (with AND, OR and parentheses) is GPL-2.0-or-later compatible. */
export function isCompatible(expression) {
  if (typeof expression !== 'string' || expression.trim() === '') return false;

  const text = expression.trim().replace(/^\((.*)\)$/, '$1');
  const alternatives = text.split(/\s+OR\s+/);
  if (alternatives.length > 1) return alternatives.some(isCompatible);

  const required = text.split(/\s+AND\s+/);
  if (required.length > 1) return required.every(isCompatible);

  return compatible.has(text.replace(/[()]/g, ''));
}

/** The entries build.mjs bundles: `{ name, entry }` pairs read from its `entries` list. */
export function pluginEntries() {
  const source = readFileSync(join(pluginDir, 'js/tools/build.mjs'), 'utf8');
  const entries = [...source.matchAll(/name:\s*'([^']+)',\s*entry:\s*'([^']+)'/g)].map(
    ([, name, entry]) => ({ name, entry }),
  );
  if (entries.length === 0) throw new Error('no entries found in js/tools/build.mjs');
  return entries;
}

/** The nearest package.json with a name above a file, or null. */
function owningPackage(file) {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.name) return { dir, pkg };
    }
    dir = dirname(dir);
  }
  return null;
}

/** What WordPress loads as globals: never bundled, so its licence is not ours to check. */
const providedByWordPress = /^(@wordpress\/|react$|react-dom$|react\/jsx-runtime$)/;

export async function bundledPackages() {
  const entries = pluginEntries();
  const result = await build({
    entryPoints: entries.map(({ entry }) => join(pluginDir, entry)),
    absWorkingDir: pluginDir,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    outdir: join(pluginDir, 'build'),
    metafile: true,
    logLevel: 'silent',
    logOverride: { 'ignored-bare-import': 'silent' },
    plugins: [
      {
        name: 'wordpress-globals',
        setup(pluginBuild) {
          pluginBuild.onResolve(
            { filter: /^(@wordpress\/|react|@wordsocket\/wp-plugin\/wps$)/ },
            (args) =>
              providedByWordPress.test(args.path) || args.path === '@wordsocket/wp-plugin/wps'
                ? { path: args.path, external: true }
                : undefined,
          );
        },
      },
    ],
  });

  const packages = new Map();
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(pluginDir, input);
    const owner = owningPackage(file);
    if (!owner) throw new Error(`${input} belongs to no package`);

    const key = `${owner.pkg.name}@${owner.pkg.version}`;
    const seen = packages.get(key) ?? {
      name: owner.pkg.name,
      version: owner.pkg.version,
      license: owner.pkg.license ?? owner.pkg.licenses?.map((l) => l.type).join(' OR ') ?? null,
      dir: relative(root, owner.dir),
      files: 0,
    };
    seen.files += 1;
    packages.set(key, seen);
  }

  return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
  const packages = await bundledPackages();
  const bad = packages.filter((pkg) => !isCompatible(pkg.license));
  const plugin = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
  if (plugin.license !== pluginLicence) {
    bad.push({ name: plugin.name, license: plugin.license, dir: 'packages/wp-plugin' });
  }

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ packages, incompatible: bad }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `Bundled into the plugin's scripts (licence must fit ${pluginLicence}):\n`,
    );
    for (const pkg of packages) {
      const mark = isCompatible(pkg.license) ? 'ok ' : 'BAD';
      process.stdout.write(
        `  ${mark} ${`${pkg.name}@${pkg.version}`.padEnd(40)} ${String(pkg.license).padEnd(18)} ${pkg.files} files\n`,
      );
    }
  }

  if (bad.length > 0) {
    for (const pkg of bad) {
      process.stderr.write(`licence check: ${pkg.name} is ${pkg.license}, not compatible\n`);
    }
    process.exitCode = 1;
  }
}
