import type { Site } from '@wordsocket/server-core';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { type ClientOptions, WordSocketClient } from '../../src/index.js';
import { mintToken } from './relay.js';

/** Every client a test creates, closed after each test by {@link closeAll}. */
const created: WordSocketClient[] = [];

/**
 * A client for `base` with Node's implementations injected and `getToken` minting tokens for
 * `site` (counted in `mints`). Options override the defaults.
 */
export function makeClient(
  base: string,
  site: Site,
  options: Partial<ClientOptions> = {},
): WordSocketClient & { mints: number } {
  const counter = { mints: 0 };
  const client = new WordSocketClient({
    url: base,
    WebSocket,
    EventSource,
    getToken: () => {
      counter.mints++;
      return mintToken(site);
    },
    ...options,
  });
  created.push(client);

  return Object.defineProperty(client, 'mints', {
    get: () => counter.mints,
  }) as WordSocketClient & {
    mints: number;
  };
}

/** Closes every client created since the last call. */
export function closeAll(): void {
  for (const client of created.splice(0)) client.close();
}
