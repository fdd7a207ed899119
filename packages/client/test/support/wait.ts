import type { ClientEvents, ClientState, WordSocketClient } from '../../src/index.js';

/** Resolves with the next `event` payload that satisfies `match`, or rejects after `timeout`. */
export function next<K extends keyof ClientEvents>(
  client: WordSocketClient,
  event: K,
  match: (payload: ClientEvents[K]) => boolean = () => true,
  timeout = 10_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(event)} event within ${timeout} ms`));
    }, timeout);
    const off = client.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves once the client is in `state` (at once if it already is). */
export function reach(
  client: WordSocketClient,
  state: ClientState,
  timeout = 10_000,
): Promise<unknown> {
  if (client.state === state) return Promise.resolve();

  return next(client, 'state', (change) => change.state === state, timeout);
}

/** Polls `check` until it returns true, or rejects after `timeout`. */
export async function until(
  check: () => boolean,
  timeout = 10_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
