import { fullJitter } from './backoff.js';
import { CloseCode } from './codes.js';
import type { ResolvedOptions } from './options.js';

/** What follows a lost connection: another attempt after `delay` ms, or a halt. */
export type NextStep = { delay: number } | { halt: 'site_unknown' | 'token_rejected' };

type Delays = Pick<ResolvedOptions, 'reconnectDelay' | 'maxReconnectDelay' | 'restartWindow'>;

/**
 * When to try again after a connection ended or an attempt failed: backoff with full jitter
 * that widens with consecutive failures, a spread-out first retry after losing a working
 * connection, a long wait at the site's connection limit, and a halt where retrying cannot help.
 */
export class ReconnectPolicy {
  readonly #delays: Delays;
  #failures = 0;
  #authFailures = 0;

  constructor(delays: Delays) {
    this.#delays = delays;
  }

  /** Starts over, as `connect()` does. */
  reset(): void {
    this.#failures = 0;
    this.#authFailures = 0;
  }

  /** A connection reached `connected`: the next failure backs off from the first window. */
  connected(): void {
    this.#failures = 0;
  }

  /** The relay accepted a token: a later rejection is not counted against this one. */
  authenticated(): void {
    this.#authFailures = 0;
  }

  /** The delay before the next attempt after one more failure, ms. */
  backoff(): number {
    const { reconnectDelay, maxReconnectDelay } = this.#delays;

    return fullJitter(this.#failures++, reconnectDelay, maxReconnectDelay);
  }

  /** What to do after a link ended with close `code`, `wasConnected` or not. */
  next(code: number, wasConnected: boolean): NextStep {
    if (code === CloseCode.SITE_UNKNOWN) return { halt: 'site_unknown' };

    if (code === CloseCode.TOKEN_INVALID) {
      return ++this.#authFailures >= 2 ? { halt: 'token_rejected' } : { delay: 0 };
    }

    const { restartWindow, reconnectDelay, maxReconnectDelay: max } = this.#delays;
    let delay: number;
    if (code === CloseCode.LIMIT) {
      this.#failures++;
      delay = max / 2 + Math.random() * (max / 2);
    } else if (wasConnected || code === CloseCode.RESTARTING || code === CloseCode.GOING_AWAY) {
      delay = Math.random() * restartWindow;
      // Should this attempt fail too, the backoff goes on from a window as wide as this one
      // rather than from reconnectDelay: a fleet that lost a relay must stay spread out however
      // long the relay takes to come back (measured by the herd test).
      const level = Math.floor(Math.log2(Math.max(1, restartWindow / Math.max(1, reconnectDelay))));
      this.#failures = Math.max(this.#failures, level);
    } else {
      delay = this.backoff();
    }

    return { delay: Math.floor(delay) };
  }
}
