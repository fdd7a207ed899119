#!/usr/bin/env node
// `npm run bench`: runs `npm run bench` in every workspace that has one, one after another (so
// no two benchmarks compete for the machine), then gathers the markdown table each wrote to
// artifacts/bench/<workspace directory>.md into artifacts/bench/REPORT.md and prints it.
// Each workspace receives the directory in WORDSOCKET_BENCH_DIR. Every ratio in those tables is
// also drawn in artifacts/bench/ratios.svg.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratioChart, ratioRows } from './bench/ratio-chart.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'artifacts', 'bench');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Workspace directories, in the order of the root `workspaces` globs, then by name. */
function workspaces() {
  const dirs = [];
  for (const pattern of rootPackage.workspaces ?? []) {
    if (!pattern.endsWith('/*')) {
      dirs.push(join(root, pattern));
      continue;
    }
    const parent = join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) dirs.push(join(parent, name));
  }

  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

const benches = workspaces()
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => typeof pkg.scripts?.bench === 'string');

mkdirSync(outDir, { recursive: true });
const sections = [];
const ratios = [];
const failed = [];

for (const { dir, pkg } of benches) {
  const reportFile = join(outDir, `${basename(dir)}.md`);
  rmSync(reportFile, { force: true });
  console.log(`\n=== bench: ${pkg.name}`);

  const result = spawnSync('npm', ['run', 'bench', '-w', pkg.name], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WORDSOCKET_BENCH_DIR: outDir },
  });

  if (result.status !== 0) {
    failed.push(pkg.name);
    sections.push(`## ${pkg.name}\n\nThe benchmark failed (exit status ${result.status}).\n`);
  } else if (!existsSync(reportFile)) {
    failed.push(pkg.name);
    sections.push(
      `## ${pkg.name}\n\nThe benchmark wrote no report to \`artifacts/bench/${basename(reportFile)}\`.\n`,
    );
  } else {
    const table = readFileSync(reportFile, 'utf8').trim();
    sections.push(table);
    ratios.push(...ratioRows(table, basename(dir)));
  }
}

const report = [
  '# WordSocket benchmarks',
  '',
  `${new Date().toISOString()}, Node ${process.version}. Each package measures itself against its`,
  'peers in the same run; compare ratios, not absolute numbers across machines.',
  '',
  benches.length === 0 ? 'No workspace has a `bench` script.' : sections.join('\n\n'),
  '',
  '![Every ratio above, on a log scale around 1×](ratios.svg)',
  '',
].join('\n');

writeFileSync(join(outDir, 'ratios.svg'), ratioChart(ratios, 'WordSocket benchmark ratios'));
writeFileSync(join(outDir, 'REPORT.md'), report);
console.log(`\n${report}`);
console.log(`written to ${join('artifacts', 'bench', 'REPORT.md')}`);

if (failed.length > 0) {
  console.error(`bench failed in: ${failed.join(', ')}`);
  process.exit(1);
}
