import type { RelayOptions } from '@wordsocket/server-core';
import { afterEach, beforeEach } from 'vitest';
import { closeAll } from './clients.js';
import { startRelay, type TestRelay } from './relay.js';

/**
 * Registers, in the calling `describe`, hooks that start a relay (with `options`) before each test
 * and, after it, close every client made by `makeClient` and stop the relay. The answer stands
 * for the relay of the running test.
 */
export function relayPerTest(options: RelayOptions = {}): TestRelay {
  let current: TestRelay | undefined;

  beforeEach(async () => {
    current = await startRelay(options);
  });

  afterEach(async () => {
    closeAll();
    await current?.stop();
    current = undefined;
  });

  const running = (): TestRelay => {
    if (!current) throw new Error('the relay runs only inside a test');
    return current;
  };

  return {
    get relay() {
      return running().relay;
    },
    get server() {
      return running().server;
    },
    get site() {
      return running().site;
    },
    get base() {
      return running().base;
    },
    get port() {
      return running().port;
    },
    stop: () => running().stop(),
  };
}
