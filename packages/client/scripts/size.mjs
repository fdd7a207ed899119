// Measures what a browser downloads for `import { WordSocketClient } from '@wordsocket/client'`:
// the entry bundled with esbuild (minified, ESM, code splitting on), plus every chunk it imports
// statically, gzipped at level 9. Chunks reached only through `import()` (the pure-JS crypto
// fallback for pages without `crypto.subtle`) are listed apart: most pages never fetch them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Bundles `entry` for browsers and returns the min+gzip size of its initial chunks and of its
 * lazily loaded ones, in bytes.
 */
export async function measure(entry, { resolveDir } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'wordsocket-size-'));
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: resolveDir ?? process.cwd(), loader: 'js' },
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

    const outputs = result.metafile.outputs;
    const entryFile = Object.keys(outputs).find((file) => outputs[file].entryPoint);
    const initial = new Set();
    const visit = (file) => {
      if (initial.has(file)) return;
      initial.add(file);
      for (const imported of outputs[file].imports) {
        if (imported.kind === 'import-statement') visit(imported.path);
      }
    };
    visit(entryFile);

    const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
    let eager = 0;
    let lazy = 0;
    for (const file of Object.keys(outputs)) {
      if (!file.endsWith('.js')) continue;
      if (initial.has(file)) eager += gz(file);
      else lazy += gz(file);
    }

    return { eager, lazy, files: [...initial].map((file) => relative(outdir, file)) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const BUDGET = 8 * 1024;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { eager, lazy } = await measure("export { WordSocketClient } from './dist/index.js';", {
    resolveDir: new URL('..', import.meta.url).pathname,
  });
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  process.stdout.write(
    `@wordsocket/client browser entry: ${kb(eager)} min+gzip (budget ${kb(BUDGET)}); ` +
      `lazy crypto fallback: ${kb(lazy)}\n`,
  );
  if (eager > BUDGET) {
    process.stderr.write('over the size budget\n');
    process.exit(1);
  }
}
