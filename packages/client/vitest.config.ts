import { packageTestConfig } from '../../vitest.shared.ts';

// Several tests drive Chromium or restart a relay process; on a busy 2-core machine one of them
// took longer than the shared 20 s budget, so this package allows a minute per test.
export default packageTestConfig('@wordsocket/client', { test: { testTimeout: 60_000 } });
