import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const resultsDir = fileURLToPath(new URL('./artifacts/test-results/', import.meta.url));

/**
 * The vitest configuration every package extends. Under CI each package also writes a JSON
 * report, which `scripts/ci/summarize.mjs` adds up into the closing "N passed, N failed" line.
 */
export function packageTestConfig(packageName: string, overrides: ViteUserConfig = {}) {
  const reportName = packageName.replace(/^@/, '').replace(/\//g, '__');
  const reporters = process.env.CI ? ['default', 'json'] : ['default'];

  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 30_000,
        reporters,
        outputFile: { json: `${resultsDir}${reportName}.json` },
      },
    }),
    overrides,
  );
}
