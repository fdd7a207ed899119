#!/usr/bin/env node
// The checks CI runs on dist/wordsocket.zip, each reported on its own line:
//
// - layout: one `wordsocket/` folder; the main file, uninstall.php and readme.txt; every built
//   script with its `*.asset.php`; translations in languages/; no sources, tests, node_modules
//   or dev files;
// - versions: the plugin header's Version, readme.txt's Stable tag, the WPSIGNAL_VERSION
//   constant and packages/wp-plugin/package.json agree;
// - licence: GPL-2.0-or-later in the header and in readme.txt; everything the scripts bundle is
//   compatible (scripts/dist/check-licences.mjs);
// - `php -l` on every PHP file in the zip;
// - scripts/dist/check-plugin.php on the unzipped plugin (ABSPATH guards, one text domain,
//   permission callbacks, escaped output), and the text domain of every `__()`-style call in
//   the plugin's TypeScript sources.
//
//   node scripts/dist/check-plugin.mjs [dist/wordsocket.zip]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundledPackages, isCompatible } from './check-licences.mjs';
import { development, pluginDir, root, slug } from './plugin.mjs';

const textDomain = 'wordsocket';
const licence = 'GPL-2.0-or-later';

function walk(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function headerField(text, field) {
  const match = new RegExp(`^[\\s*#@]*${field}:\\s*(.+?)\\s*$`, 'mi').exec(text);
  return match ? match[1] : null;
}

/** Arguments of a JS call whose `(` is at `open`, split at top-level commas (strings aware). */
function jsArguments(source, open) {
  const args = [];
  let depth = 0;
  let current = '';
  let quote = null;

  for (let i = open; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      current += char;
      if (char === '\\') {
        current += source[++i];
      } else if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      quote = char;
      current += char;
      continue;
    }
    if ('([{'.includes(char)) {
      depth += 1;
      if (depth === 1 && char === '(') continue;
    } else if (')]}'.includes(char)) {
      depth -= 1;
      if (depth === 0) {
        if (current.trim()) args.push(current.trim());
        return args;
      }
    } else if (char === ',' && depth === 1) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  return args;
}

/** Position (1-based) of the text domain in @wordpress/i18n's functions. */
const jsDomainArgument = { __: 2, _x: 3, _n: 4, _nx: 5 };

export function jsTextDomainProblems(dir = join(pluginDir, 'js')) {
  const problems = [];
  let calls = 0;

  for (const file of walk(dir).filter((path) => /\.(ts|tsx|js|jsx|mjs)$/.test(path))) {
    if (file.includes(`${join('js', 'tools')}`)) continue;

    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?<![\w.$])(__|_x|_n|_nx)\(/g)) {
      calls += 1;
      const args = jsArguments(source, match.index + match[1].length);
      const domain = args[jsDomainArgument[match[1]] - 1];
      if (domain !== `'${textDomain}'` && domain !== `"${textDomain}"`) {
        const line = source.slice(0, match.index).split('\n').length;
        problems.push(
          `${relative(root, file)}:${line}: ${match[1]}() must use '${textDomain}' (found ${domain ?? 'none'})`,
        );
      }
    }
  }

  return { problems, calls };
}

export async function checkZip(zip) {
  const checks = [];
  const check = (name, problems, detail = '') => checks.push({ name, problems, detail });
  const work = mkdtempSync(join(tmpdir(), 'wordsocket-zip-check-'));

  try {
    const unzip = sh('unzip', ['-q', zip, '-d', work]);
    if (!unzip.ok) {
      check('unzip', [unzip.output.trim()]);
      return checks;
    }

    const dir = join(work, slug);
    const top = readdirSync(work);
    const files = existsSync(dir) ? walk(dir).map((file) => relative(dir, file)) : [];

    const layout = [];
    if (top.length !== 1 || top[0] !== slug)
      layout.push(`top level is ${top.join(', ')}, not ${slug}/`);
    for (const required of [`${slug}.php`, 'uninstall.php', 'readme.txt']) {
      if (!files.includes(required)) layout.push(`${required} is missing`);
    }
    const scripts = files.filter((file) => /^build\/[^/]+\.js$/.test(file));
    if (scripts.length === 0) layout.push('no built scripts in build/');
    for (const script of scripts) {
      if (!files.includes(script.replace(/\.js$/, '.asset.php'))) {
        layout.push(`${script} has no .asset.php`);
      }
    }
    if (!files.some((file) => /^languages\/.+\.pot$/.test(file))) {
      layout.push('no languages/*.pot (translation template) in the zip');
    }
    for (const file of files) {
      if (development.some((pattern) => pattern.test(file)) || /(^|\/)\.[^/]+$/.test(file)) {
        layout.push(`${file} is a source, test or dev file`);
      }
      if (/\.(ts|tsx|map)$/.test(file)) layout.push(`${file} is a source file`);
    }
    check('layout', layout, `${files.length} files, ${scripts.length} scripts`);

    const main = existsSync(join(dir, `${slug}.php`))
      ? readFileSync(join(dir, `${slug}.php`), 'utf8')
      : '';
    const readme = existsSync(join(dir, 'readme.txt'))
      ? readFileSync(join(dir, 'readme.txt'), 'utf8')
      : '';
    const pkg = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
    const versions = {
      'header Version': headerField(main, 'Version'),
      'readme.txt Stable tag': headerField(readme, 'Stable tag'),
      WPSIGNAL_VERSION: /define\(\s*'WPSIGNAL_VERSION',\s*'([^']+)'/.exec(main)?.[1] ?? null,
      'package.json version': pkg.version,
    };
    const distinct = new Set(Object.values(versions));
    check(
      'versions',
      distinct.size === 1 && !distinct.has(null)
        ? []
        : [
            `they differ: ${Object.entries(versions)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          ],
      [...distinct].join(),
    );

    const licences = [];
    if (headerField(main, 'License') !== licence)
      licences.push(`header License is ${headerField(main, 'License')}`);
    if (headerField(readme, 'License') !== licence)
      licences.push(`readme.txt License is ${headerField(readme, 'License')}`);
    if (headerField(main, 'Text Domain') !== textDomain)
      licences.push(`header Text Domain is ${headerField(main, 'Text Domain')}`);
    const bundled = await bundledPackages();
    for (const entry of bundled.filter((item) => !isCompatible(item.license))) {
      licences.push(`bundles ${entry.name}@${entry.version} under ${entry.license}`);
    }
    check(
      'licence',
      licences,
      `${licence}; bundles ${bundled.map((item) => `${item.name} (${item.license})`).join(', ')}`,
    );

    const php = files.filter((file) => file.endsWith('.php'));
    const lint = [];
    for (const file of php) {
      const result = sh('php', ['-l', join(dir, file)]);
      if (!result.ok) lint.push(`${file}: ${result.output.trim().split('\n')[0]}`);
    }
    check('php -l', lint, `${php.length} files`);

    const review = sh('php', [join(root, 'scripts/dist/check-plugin.php'), dir, textDomain]);
    const reviewLines = review.output.trim().split('\n');
    const summary = reviewLines.at(-1);
    check('reviewer checks (PHP)', review.ok ? [] : reviewLines.slice(0, -1), summary);

    const js = jsTextDomainProblems();
    check('text domain (JS sources)', js.problems, `${js.calls} calls`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  return checks;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const zip = resolve(process.argv[2] ?? join(root, 'dist/wordsocket.zip'));
  if (!existsSync(zip) || !statSync(zip).isFile()) {
    process.stderr.write(`check-plugin: ${zip} does not exist; run npm run dist:plugin\n`);
    process.exit(1);
  }

  const checks = await checkZip(zip);
  for (const { name, problems, detail } of checks) {
    const mark = problems.length === 0 ? '✓' : '✗';
    process.stdout.write(`${mark} ${name}${detail ? `: ${detail}` : ''}\n`);
    for (const problem of problems) process.stdout.write(`    ${problem}\n`);
  }
  process.exitCode = checks.some((item) => item.problems.length > 0) ? 1 : 0;
}
