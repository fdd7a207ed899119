import { WordSocketError } from './errors.js';
import type { TokenResult } from './options.js';

/**
 * Reads `exp` and `iat` from a JWT's payload without verifying it: the client only needs to
 * know when to refresh. Returns an empty object for anything that does not decode.
 */
export function readClaims(token: string): { exp?: number; iat?: number } {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part));
    const pick = (value: unknown) => (typeof value === 'number' ? value : undefined);

    return { exp: pick(claims.exp), iat: pick(claims.iat) };
  } catch {
    return {};
  }
}

/**
 * The token of one client: minted by `getToken()`, reused until it is due for refresh, and
 * minted by one call at a time however many reconnects and refreshes ask at once.
 *
 * The refresh point is computed from the token's own `exp - iat` (both the relay's and
 * WordPress's clock), not from the local clock, so a page whose clock is off still refreshes
 * in time: a quarter of the lifetime early, at most one minute early.
 */
export class TokenSource {
  #token: string | undefined;
  #refreshAt = 0;
  #pending: Promise<string> | undefined;

  readonly #mint: () => TokenResult | Promise<TokenResult>;

  constructor(mint: () => TokenResult | Promise<TokenResult>) {
    this.#mint = mint;
  }

  /** The current token, if any. */
  get current(): string | undefined {
    return this.#token;
  }

  /** Milliseconds until the current token should be replaced (0 when it is due now). */
  refreshIn(): number {
    return Math.max(0, this.#refreshAt - Date.now());
  }

  /**
   * A token that is not yet due for refresh: the cached one, the one being minted, or a new one.
   *
   * @throws WordSocketError `token_unavailable` when `getToken()` resolves without a token;
   *   whatever `getToken()` throws otherwise
   */
  get(): Promise<string> {
    if (this.#token !== undefined && this.refreshIn() > 0) return Promise.resolve(this.#token);

    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });

    return this.#pending;
  }

  /** Forgets `token` if it is the current one, so that the next {@link get} mints. */
  invalidate(token: string | undefined): void {
    if (token === this.#token) {
      this.#token = undefined;
      this.#refreshAt = 0;
    }
  }

  async #fetch(): Promise<string> {
    const token = await this.#mint();
    if (typeof token !== 'string' || token.length === 0) {
      throw new WordSocketError('token_unavailable', 'getToken() returned no token');
    }

    const { exp, iat } = readClaims(token);
    const lifetime = exp === undefined ? 300 : exp - (iat ?? Date.now() / 1000);
    const early = Math.min(60, Math.max(0, lifetime) / 4);

    this.#token = token;
    this.#refreshAt = Date.now() + Math.max(1, lifetime - early) * 1000;

    return token;
  }
}
