import { WordSocketError } from './errors.js';
import type { Link } from './link.js';
import type { TokenResult } from './options.js';
import { TokenSource } from './token.js';

/** What the keeper does when a refresh gets no token from `getToken()`. */
export interface RefreshFailures {
  /** `getToken()` resolved without a token: the client cannot go on. */
  unavailable(): void;
  /** `getToken()` threw or rejected with `cause`; the keeper tries again later. */
  failed(cause: unknown): void;
}

/** The `token_failed` error telling the application that `getToken()` threw with `cause`. */
export function tokenFailure(cause: unknown): WordSocketError {
  const why = cause instanceof Error ? cause.message : String(cause);

  return new WordSocketError('token_failed', `getToken() failed: ${why}`, { cause });
}

/**
 * The tokens of a client's connections: the one each connection authenticated with, the newest
 * one for the requests it makes, and the in-band refresh (docs/protocol.md §5.1) that replaces
 * a token on its connection before it expires.
 */
export class TokenKeeper {
  readonly #source: TokenSource;
  readonly #retryDelay: number;
  readonly #failures: RefreshFailures;
  #used: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param mint - `getToken()`
   * @param retryDelay - how long a refresh waits after `getToken()` threw, ms
   */
  constructor(
    mint: () => TokenResult | Promise<TokenResult>,
    retryDelay: number,
    failures: RefreshFailures,
  ) {
    this.#source = new TokenSource(mint);
    this.#retryDelay = retryDelay;
    this.#failures = failures;
  }

  /** The newest token, for the requests of the current connection. */
  get latest(): string {
    return this.#source.current ?? this.#used ?? '';
  }

  /** A token that is not due for refresh yet (see {@link TokenSource.get}). */
  get(): Promise<string> {
    return this.#source.get();
  }

  /** Records the token a new connection authenticates with. */
  use(token: string): void {
    this.#used = token;
  }

  /** The relay rejected the token in use: the next {@link get} mints a new one. */
  rejected(): void {
    this.#source.invalidate(this.#used);
  }

  /**
   * Schedules the refresh of the connection whose link `target` returns; `target` returns
   * undefined once that connection has ended, and the refresh is then dropped.
   */
  schedule(target: () => Link | undefined): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(target), this.#source.refreshIn());
  }

  /** Cancels the scheduled refresh. */
  cancel(): void {
    clearTimeout(this.#timer);
  }

  /** Replaces the token in-band, on the connection it was scheduled for and no other. */
  async #refresh(target: () => Link | undefined): Promise<void> {
    let token: string;
    try {
      token = await this.#source.get();
    } catch (error) {
      if (!target()) return;
      if (error instanceof WordSocketError) return this.#failures.unavailable();
      this.#failures.failed(error);
      this.#timer = setTimeout(() => void this.#refresh(target), this.#retryDelay);
      return;
    }

    const link = target();
    if (!link) return;
    if (token === this.#used) return this.schedule(target);

    this.#used = token;
    link.send({ type: 'auth', token });
  }
}
