import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

function built(): Array<{ name: string; code: string }> {
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first');

  return readdirSync(dist)
    .filter((name) => /\.(c?js)$/.test(name))
    .map((name) => ({ name, code: readFileSync(`${dist}${name}`, 'utf8') }));
}

function importsOf(code: string): string[] {
  const specifiers = [
    ...code.matchAll(/\bfrom\s*["']([^"']+)["']/g),
    ...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return specifiers.map((match) => match[1] ?? '');
}

describe('the built package', () => {
  it('loads nothing at runtime but lib0, the crypto envelope entry and its own chunks', () => {
    const allowed = (specifier: string) =>
      specifier.startsWith('./') ||
      specifier.startsWith('lib0/') ||
      specifier === '@wordsocket/crypto/envelope';
    for (const { name, code } of built()) {
      for (const specifier of importsOf(code)) {
        expect([name, allowed(specifier)]).toEqual([name, true]);
      }
    }
  });

  it('carries no inlined copy of Yjs, y-protocols or @wordpress/sync', () => {
    const markers = ['Yjs was already imported', 'encodeStateAsUpdateV2', 'sync.providers'];
    for (const { name, code } of built()) {
      for (const marker of markers) expect([name, code.includes(marker)]).toEqual([name, false]);
    }
  });
});
