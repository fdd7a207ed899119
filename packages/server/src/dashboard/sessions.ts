import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One logged-in operator session. */
export interface Session {
  /** The token forms and scripts echo back to prove they came from our pages. */
  csrfToken: string;
  expiresAt: number;
}

/** How long a login lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Operator sessions kept in memory, looked up by a digest of the cookie value so a dump of this
 * map gives no usable cookie. Sessions end on logout, expiry or server restart.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts a session; returns the cookie value (shown to nobody but the browser). */
  create(): { cookieValue: string; session: Session } {
    this.#sweep();

    const cookieValue = randomBytes(32).toString('base64url');
    const session = {
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: this.#now() + SESSION_TTL_MS,
    };
    this.#sessions.set(digest(cookieValue), session);
    return { cookieValue, session };
  }

  /** The live session behind a cookie value, if any. */
  get(cookieValue: string | undefined): Session | undefined {
    if (!cookieValue) return undefined;

    const key = digest(cookieValue);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(key);
      return undefined;
    }

    return session;
  }

  /** Ends the session behind a cookie value. */
  destroy(cookieValue: string | undefined): void {
    if (cookieValue) this.#sessions.delete(digest(cookieValue));
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, session] of this.#sessions) {
      if (session.expiresAt <= now) this.#sessions.delete(key);
    }
  }
}

/** Constant-time comparison of two CSRF tokens (false when either is missing). */
export function tokensMatch(expected: string | undefined, presented: string | undefined | null) {
  if (!expected || typeof presented !== 'string') return false;

  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
