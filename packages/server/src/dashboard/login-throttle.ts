/** Failed operator-key attempts allowed per client address within one window. */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 5 * 60 * 1000;

/**
 * Counts failed logins per client address so the operator key cannot be guessed at line rate
 * through the login form. In memory and per process.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; resetAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Whether `address` has used up its attempts for now. */
  blocked(address: string): boolean {
    const entry = this.#failures.get(address);
    if (!entry) return false;
    if (entry.resetAt <= this.#now()) {
      this.#failures.delete(address);
      return false;
    }

    return entry.count >= MAX_FAILURES;
  }

  /** Records one failed attempt from `address`. */
  fail(address: string): void {
    const now = this.#now();
    const entry = this.#failures.get(address);
    if (!entry || entry.resetAt <= now) {
      if (this.#failures.size > 10_000) this.#failures.clear();
      this.#failures.set(address, { count: 1, resetAt: now + WINDOW_MS });
      return;
    }

    entry.count += 1;
  }

  /** Forgets the failures of `address` after it logged in. */
  succeed(address: string): void {
    this.#failures.delete(address);
  }
}
