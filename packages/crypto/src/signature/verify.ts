import { assertString, assertText } from '../assert.js';
import type { BackendOptions } from '../backend/types.js';
import { constantTimeEqual } from '../encoding/compare.js';
import { fromHex } from '../encoding/hex.js';
import { WordSocketCryptoError } from '../errors.js';
import { publishMac } from './sign.js';

/** How far `X-WP-Signal-Ts` may be from the verifier's clock (docs/protocol.md §4.1). */
export const DEFAULT_TOLERANCE_MS = 60_000;

const timestampPattern = /^(0|[1-9][0-9]{0,15})$/;
const signaturePattern = /^[0-9a-fA-F]{64}$/;

/** What {@link verifyPublishSignature} checks. */
export interface SignedRequest {
  /** The site's `publish_secret`. */
  secret: string;
  /** The exact request body received. */
  body: string | Uint8Array;
  /** The `X-WP-Signal-Ts` header as received (decimal unix milliseconds). */
  ts: string;
  /** The `X-WP-Signal-Sign` header as received (64 hex characters). */
  signature: string;
}

/** Options of {@link assertPublishSignature}. */
export interface FreshnessOptions extends BackendOptions {
  /** The verifier's clock in unix milliseconds; `Date.now()` by default. */
  now?: number;
  /** Allowed distance between `ts` and `now`; 60 000 ms by default. */
  toleranceMs?: number;
}

/**
 * Whether a publish signature is valid for this body and timestamp. The MACs are compared in
 * constant time; header values in the wrong shape (not decimal, not 64 hex characters) are
 * simply not valid. Freshness is not checked here; see {@link assertPublishSignature}.
 *
 * @throws TypeError for arguments of the wrong type
 * @example
 * ```ts
 * const ok = await verifyPublishSignature({ secret, body, ts: tsHeader, signature: signHeader });
 * ```
 */
export async function verifyPublishSignature(
  request: SignedRequest,
  options?: BackendOptions,
): Promise<boolean> {
  if (typeof request !== 'object' || request === null)
    throw new TypeError('request must be an object');
  const { secret, body, ts, signature } = request;
  assertString(secret, 'secret');
  assertText(body, 'body');
  assertString(ts, 'ts');
  assertString(signature, 'signature');

  if (!timestampPattern.test(ts) || !signaturePattern.test(signature)) return false;
  const tsNumber = Number(ts);
  if (!Number.isSafeInteger(tsNumber) || secret.length === 0) return false;

  const expected = await publishMac(secret, body, tsNumber, options);

  return constantTimeEqual(expected, fromHex(signature));
}

/**
 * Verifies a publish signature and its freshness, as the relay does before accepting a call.
 *
 * @throws WordSocketCryptoError `invalid_signature` when the signature does not verify (or a
 *   header is malformed), `stale_timestamp` when `ts` is more than `toleranceMs` from `now`
 * @throws TypeError for arguments of the wrong type
 * @example
 * ```ts
 * await assertPublishSignature({ secret, body, ts: tsHeader, signature: signHeader });
 * ```
 */
export async function assertPublishSignature(
  request: SignedRequest,
  options?: FreshnessOptions,
): Promise<void> {
  if (!(await verifyPublishSignature(request, options))) {
    throw new WordSocketCryptoError('invalid_signature', 'the publish signature does not verify');
  }

  const now = options?.now ?? Date.now();
  const tolerance = options?.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (Math.abs(now - Number(request.ts)) > tolerance) {
    throw new WordSocketCryptoError(
      'stale_timestamp',
      `the signature timestamp is more than ${tolerance} ms from now`,
    );
  }
}
