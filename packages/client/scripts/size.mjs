// Measures what a browser downloads for `import { WordSocketClient } from '@wordsocket/client'`,
// bundled with esbuild (minified, ESM, code splitting on) and gzipped at level 9, in three parts:
// - entry: the entry chunk and everything it imports statically (the budget applies here);
// - on demand: chunks the entry loads with `import()` (decryption, loaded at `connect()` when a
//   key callback is set, and the SSE transport, loaded on the first fallback);
// - fallback: chunks only those load (the pure-JS crypto for pages without `crypto.subtle`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Bundles the module source `entry` for browsers; returns min+gzip bytes per part. */
export async function measure(entry, resolveDir) {
  const outdir = mkdtempSync(join(tmpdir(), 'wordsocket-size-'));
  try {
    const { metafile } = await build({
      stdin: { contents: entry, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
    });

    const outputs = metafile.outputs;
    const closure = (roots, seen) => {
      const found = new Set();
      const visit = (file) => {
        if (seen.has(file) || found.has(file)) return;
        found.add(file);
        for (const imported of outputs[file].imports) {
          if (imported.kind === 'import-statement') visit(imported.path);
        }
      };
      for (const root of roots) visit(root);
      return found;
    };
    const dynamic = (files) =>
      [...files].flatMap((file) =>
        outputs[file].imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
      );

    const entryFile = Object.keys(outputs).find((file) => outputs[file].entryPoint);
    const eager = closure([entryFile], new Set());
    const onDemand = closure(dynamic(eager), eager);
    const seen = new Set([...eager, ...onDemand]);
    const fallback = Object.keys(outputs).filter((f) => f.endsWith('.js') && !seen.has(f));

    const gz = (files) =>
      [...files].reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

    return { eager: gz(eager), onDemand: gz(onDemand), fallback: gz(fallback) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The budget of the entry, in bytes (issue 4: at most 8 KB, aim for 6). */
export const BUDGET = 8 * 1024;

/** Kilobytes with two decimals. */
export const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const size = await measure("export { WordSocketClient } from './dist/index.js';", root);
  process.stdout.write(
    `@wordsocket/client, min+gzip: entry ${kb(size.eager)} (budget ${kb(BUDGET)}), ` +
      `on demand ${kb(size.onDemand)}, crypto fallback ${kb(size.fallback)}\n`,
  );
  if (size.eager > BUDGET) {
    process.stderr.write('the entry is over its size budget\n');
    process.exit(1);
  }
}
