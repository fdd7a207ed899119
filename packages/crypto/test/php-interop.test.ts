import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService } from '../../../test-support/services.js';
import { expectedBackend } from './support/backend.js';
import { buildTsVectors } from './support/ts-vectors.js';

const script = fileURLToPath(new URL('./php/vectors.php', import.meta.url));
const committedTsVectors = fileURLToPath(
  new URL('./vectors/ts-sealed-vectors.json', import.meta.url),
);
const phpFound = spawnSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' }).status === 0;
const runs = requireService(
  'php',
  phpFound,
  'php-cli is not on PATH; scripts/install-system-deps.sh installs it',
);

function php(...args: string[]) {
  const result = spawnSync('php', [script, ...args], { encoding: 'utf8', timeout: 60_000 });

  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.runIf(runs)(`PHP interop on ${expectedBackend}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wordsocket-crypto-'));

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('PHP regenerates exactly the committed shared vectors and opens every one', () => {
    const result = php('check');

    expect(result.output).toMatch(/vectors agree/);
    expect(result.status).toBe(0);
  });

  it('PHP opens every envelope and verifies every signature TypeScript just made', async () => {
    const vectors = await buildTsVectors(expectedBackend);
    const file = join(dir, 'ts-sealed.json');
    writeFileSync(file, JSON.stringify(vectors, null, 2));

    if (process.env.WORDSOCKET_WRITE_VECTORS === '1' && expectedBackend === 'webcrypto') {
      writeFileSync(committedTsVectors, `${JSON.stringify(vectors, null, 2)}\n`);
    }
    const result = php('verify-ts', file);

    expect(result.output).toContain(
      `${vectors.envelopes.length + vectors.signatures.length} vectors agree`,
    );
    expect(result.status).toBe(0);
  });

  it('PHP opens the committed TypeScript-sealed vectors the WordPress plugin also reads', () => {
    const result = php('verify-ts', committedTsVectors);

    expect(result.output).toMatch(/vectors agree/);
    expect(result.status).toBe(0);
  });

  it('PHP refuses a TypeScript envelope with one byte changed, naming it', async () => {
    const vectors = await buildTsVectors(expectedBackend);
    const victim = vectors.envelopes[3] as (typeof vectors.envelopes)[number];
    const p = victim.message.data.p;
    const swapped = p[20] === 'A' ? 'B' : 'A';
    victim.message.data.p = p.slice(0, 20) + swapped + p.slice(21);
    const file = join(dir, 'ts-tampered.json');
    writeFileSync(file, JSON.stringify(vectors));

    const result = php('verify-ts', file);

    expect(result.status).toBe(1);
    expect(result.output).toContain(`FAIL envelope ${victim.name}: tampered`);
  });

  it('PHP refuses a TypeScript signature over a different body', async () => {
    const vectors = await buildTsVectors(expectedBackend);
    const victim = vectors.signatures[0] as (typeof vectors.signatures)[number];
    victim.body += ' ';
    const file = join(dir, 'ts-bad-signature.json');
    writeFileSync(file, JSON.stringify(vectors));

    const result = php('verify-ts', file);

    expect(result.status).toBe(1);
    expect(result.output).toContain(`FAIL signature ${victim.name}: does not verify`);
  });

  it('the PHP check notices a committed vector that no longer matches', () => {
    const tampered = join(dir, 'shared-edited.json');
    const original = readFileSync(
      new URL('./vectors/shared-vectors.json', import.meta.url),
      'utf8',
    );
    writeFileSync(tampered, original.replace('"post.published"', '"post.unpublished"'));

    const result = php('check', tampered);

    expect(result.status).toBe(1);
    expect(result.output).toContain('differs from what vectors.php generates');
  });
});
