/** A value, or a promise of it: storage backends may be synchronous (SQLite) or not (Redis). */
export type Awaitable<T> = T | Promise<T>;
