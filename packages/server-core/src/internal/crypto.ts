// Hashing and randomness the relay needs synchronously (ids, PKCE, comparisons); publish
// signatures are verified by @wordsocket/crypto.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** base64url SHA-256 of a UTF-8 string, without padding (PKCE S256). */
export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A short random epoch for a new history log. */
export function randomEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/** A random connection secret: known only to its own stream (§4.3, §8). */
export function randomConnectionSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The `connection_id` a connection secret stands for. The id is public (presence broadcasts
 * it); the secret proves ownership of it on any node, with nothing to look up.
 */
export function connectionIdOf(secret: string): string {
  return createHash('sha256')
    .update(`connection:${secret}`, 'utf8')
    .digest('base64url')
    .slice(0, 16);
}
