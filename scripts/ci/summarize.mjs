#!/usr/bin/env node
// Adds up the JSON reports vitest wrote under artifacts/test-results and prints one closing
// line, "tests: N passed, N failed, N skipped", so CI can read the whole run's outcome.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../../artifacts/test-results/', import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };

if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
