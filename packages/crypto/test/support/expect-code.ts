import { expect } from 'vitest';
import { type CryptoErrorCode, isWordSocketCryptoError } from '../../src/index.js';

/** Awaits `promise` and asserts that it rejects with a WordSocketCryptoError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );

  expect(error, `expected a rejection with code ${code}`).toBeDefined();
  expect(isWordSocketCryptoError(error), `not a WordSocketCryptoError: ${String(error)}`).toBe(
    true,
  );
  expect((error as { code: string }).code).toBe(code);
}

/** Calls `fn` and asserts that it throws a WordSocketCryptoError of `code`. */
export function expectCodeSync(fn: () => unknown, code: CryptoErrorCode): void {
  let error: unknown;
  try {
    fn();
  } catch (reason) {
    error = reason;
  }

  expect(isWordSocketCryptoError(error, code), `expected code ${code}, got ${String(error)}`).toBe(
    true,
  );
}
