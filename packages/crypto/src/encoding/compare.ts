import { assertBytes } from '../assert.js';

/**
 * Compares two byte strings in time that depends only on their lengths, never on where they
 * first differ. Lengths are not secret here (a signature or tag has a fixed length).
 *
 * @throws TypeError when either argument is not a Uint8Array
 * @example
 * ```ts
 * constantTimeEqual(expected, received); // true or false
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;

  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);

  return difference === 0;
}
