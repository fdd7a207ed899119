/**
 * Capped exponential backoff with full jitter: a uniform delay in
 * `[0, min(cap, base * 2^failures))`. Full jitter spreads a crowd of clients that failed at
 * the same moment over the whole window instead of a band around its middle.
 *
 * @param failures - consecutive failed attempts before this one (0 for the first retry)
 * @param base - the first window, ms
 * @param cap - the largest window, ms
 * @param random - a source of uniform numbers in [0, 1)
 */
export function fullJitter(
  failures: number,
  base: number,
  cap: number,
  random = Math.random,
): number {
  const window = Math.min(cap, base * 2 ** Math.min(failures, 30));

  return Math.floor(random() * window);
}
