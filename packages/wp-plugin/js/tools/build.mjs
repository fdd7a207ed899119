#!/usr/bin/env node
// Builds the plugin's browser bundles into build/ with esbuild, the way WordPress loads them:
// `@wordpress/*` and React come from the page's globals (`wp.element`, `React`, ...), and each
// bundle gets a `<name>.asset.php` listing the script handles it needs and a content hash as its
// version. The same sources always give the same bytes (no timestamps, sorted dependencies).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'build');

/** The bundles: entry, output name, and the handles WordPress must load before it. */
const entries = [
  { name: 'wpsignal', entry: 'js/wps/index.ts' },
  { name: 'collaboration', entry: 'js/collaboration/index.ts' },
  { name: 'admin', entry: 'js/admin/index.tsx' },
];

/** Packages WordPress provides as globals, each with its script handle. */
const globals = {
  react: { global: 'React', handle: 'react' },
  'react-dom': { global: 'ReactDOM', handle: 'react-dom' },
  'react/jsx-runtime': { global: 'ReactJSXRuntime', handle: 'react-jsx-runtime' },
  // Our own client bundle, loaded by the `wpsignal` handle: the other bundles share its
  // connection instead of opening a second one.
  '@wordsocket/wp-plugin/wps': { global: 'WPS', handle: 'wpsignal' },
};

function camel(name) {
  return name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
}

function lookup(path) {
  if (globals[path]) return globals[path];

  const match = /^@wordpress\/([a-z0-9-]+)$/.exec(path);
  return match ? { global: `wp.${camel(match[1])}`, handle: `wp-${match[1]}` } : undefined;
}

/** An esbuild plugin that turns imports of WordPress packages into reads of their globals. */
function wordpressGlobals(handles) {
  return {
    name: 'wordpress-globals',
    setup(pluginBuild) {
      pluginBuild.onResolve(
        { filter: /^(@wordpress\/|react|@wordsocket\/wp-plugin\/wps$)/ },
        (args) => {
          const found = lookup(args.path);
          if (!found) return undefined;

          handles.add(found.handle);
          return { path: args.path, namespace: 'wp-global', pluginData: found };
        },
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'wp-global' }, (args) => ({
        contents: `module.exports = window.${args.pluginData.global};`,
        loader: 'js',
      }));
    },
  };
}

function phpString(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function assetFile(handles, version) {
  const list = [...handles].sort().map(phpString).join(', ');
  return `<?php return array('dependencies' => array(${list}), 'version' => ${phpString(version)});\n`;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

for (const { name, entry } of entries) {
  const handles = new Set();
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    outdir: out,
    entryNames: name,
    logLevel: 'warning',
    // @wordsocket/crypto's chunks are imported for their exports too; the bare imports are redundant.
    logOverride: { 'ignored-bare-import': 'silent' },
    plugins: [wordpressGlobals(handles)],
  });

  const hash = createHash('sha256');
  for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    writeFileSync(file.path, file.contents);
    hash.update(file.contents);
  }
  writeFileSync(
    join(out, `${name}.asset.php`),
    assetFile(handles, hash.digest('hex').slice(0, 20)),
  );
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
process.stdout.write(`${pkg.name}: built ${entries.map((e) => `build/${e.name}.js`).join(', ')}\n`);
