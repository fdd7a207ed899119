import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What `@wordsocket/client` takes from this package: open, seal for browser publishing, errors. */
export const CLIENT_IMPORTS = [
  'isEncryptedMessage',
  'openMessage',
  'sealV2',
  'isWordSocketCryptoError',
];

/**
 * Bundles a client-like import of `modulePath` the way an application bundler would (ESM,
 * minified, code splitting, browser platform) and returns each output file with its size.
 *
 * @param {string} modulePath absolute path of the module to import from
 * @param {string[]} names the imported names
 */
export async function bundleClientImport(modulePath, names = CLIENT_IMPORTS) {
  const result = await build({
    stdin: {
      contents: `export { ${names.join(', ')} } from ${JSON.stringify(modulePath)};`,
      resolveDir: process.cwd(),
      sourcefile: 'client-like-entry.js',
      loader: 'js',
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });

  const files = result.outputFiles.map((file) => ({
    name: file.path.slice(file.path.lastIndexOf('/') + 1),
    text: file.text,
    bytes: file.contents.length,
    gzip: gzipSync(file.contents, { level: 9 }).length,
  }));
  const entry = files.find((file) => file.name.startsWith('stdin'));
  const lazy = files.filter((file) => file !== entry);

  return { entry, lazy, totalGzip: files.reduce((sum, file) => sum + file.gzip, 0) };
}
