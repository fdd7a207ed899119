// A node:test reporter that writes the counts scripts/ci/summarize.mjs adds up (the field names
// of vitest's JSON report), for `--test-reporter=./tests/e2e-admin/json-reporter.mjs`.
export default async function* jsonReporter(source) {
  const counts = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };

  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;

    if (event.data.skip) counts.numPendingTests += 1;
    else if (event.data.todo) counts.numTodoTests += 1;
    else if (event.type === 'test:pass') counts.numPassedTests += 1;
    else counts.numFailedTests += 1;
  }

  yield `${JSON.stringify(counts)}\n`;
}
