import type { Awaitable } from './awaitable.js';

/** Remembers accepted publish signatures so each is accepted once (docs/protocol.md §4.1). */
export interface ReplayCache {
  /**
   * Remembers `signature` for `ttlMs` milliseconds. Resolves `true` when it was not already
   * remembered (the request may go on), `false` when it was (a replay). Must be atomic: of two
   * concurrent calls with one signature, exactly one gets `true` (Redis `SET NX PX`).
   */
  remember(signature: string, ttlMs: number): Awaitable<boolean>;
}
