import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with the bench, without type declarations
import { bundleClientImport } from '../bench/bundle-size.mjs';

interface Output {
  name: string;
  text: string;
  bytes: number;
  gzip: number;
}
interface Bundle {
  entry: Output;
  lazy: Output[];
  totalGzip: number;
}

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

// The client's size budget for this package's share of it, gzip bytes of the eager chunk.
const EAGER_BUDGET_GZIP = 4096;

describe('what a client-like import pulls in', () => {
  it('keeps the pure-JavaScript fallback out of the eager chunk, in a lazy one', async () => {
    const bundle: Bundle = await bundleClientImport(src('envelope.ts'));
    const lazyText = bundle.lazy.map((file) => file.text).join('');

    expect(bundle.entry.text).not.toContain('aes-gcm');
    expect(lazyText).toContain('aes-gcm');
  });

  it('leaves out what the client did not import (signatures, key derivation)', async () => {
    const bundle: Bundle = await bundleClientImport(src('envelope.ts'));

    expect(bundle.entry.text).not.toContain('X-WP-Signal');
    expect(bundle.entry.text).not.toContain('wpsignal-v1');
  });

  it('tree-shakes the root entry down to the envelope subpath (give or take minifier names)', async () => {
    const fromRoot: Bundle = await bundleClientImport(src('index.ts'));
    const fromSubpath: Bundle = await bundleClientImport(src('envelope.ts'));

    expect(Math.abs(fromRoot.entry.bytes - fromSubpath.entry.bytes)).toBeLessThanOrEqual(32);
  });

  it(`stays within the eager size budget of ${EAGER_BUDGET_GZIP} gzip bytes`, async () => {
    const bundle: Bundle = await bundleClientImport(src('envelope.ts'));

    expect(bundle.entry.gzip).toBeLessThanOrEqual(EAGER_BUDGET_GZIP);
  });
});
