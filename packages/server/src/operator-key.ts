import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqliteDatabase } from './sqlite/database.js';

/** Where the hash of a generated operator key is kept (a row of the `settings` table). */
const SETTING = 'operator_key_sha256';

/** Prefix of generated keys, so secret scanners and humans recognise them. */
const KEY_PREFIX = 'wso_';

/** Checks presented operator keys; holds only a SHA-256 digest, never the key. */
export class OperatorKey {
  readonly #digest: Buffer;

  private constructor(digest: Buffer) {
    this.#digest = digest;
  }

  /** A checker for `key`; only its digest is kept. */
  static fromKey(key: string): OperatorKey {
    return new OperatorKey(digest(key));
  }

  /** A checker for a stored hex digest. */
  static fromDigestHex(hex: string): OperatorKey {
    return new OperatorKey(Buffer.from(hex, 'hex'));
  }

  /** Whether `candidate` is the operator key, compared in constant time. */
  verify(candidate: string | undefined | null): boolean {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) {
      return false;
    }

    return timingSafeEqual(digest(candidate), this.#digest);
  }
}

/** The operator key in force, and the key itself only when it was created just now. */
export interface OperatorKeyResolution {
  operatorKey: OperatorKey;
  /** Set once, on the run that generated the key, so the caller can print it a single time. */
  createdKey: string | undefined;
  source: 'environment' | 'stored' | 'generated';
}

/**
 * Picks the operator key: `WORDSOCKET_ADMIN_KEY` when set (nothing is stored), else the hash
 * kept in the database, else a new 256-bit key whose hash is stored and which is returned once.
 */
export function resolveOperatorKey(
  db: SqliteDatabase,
  envKey: string | undefined,
): OperatorKeyResolution {
  if (envKey !== undefined) {
    return {
      operatorKey: OperatorKey.fromKey(envKey),
      createdKey: undefined,
      source: 'environment',
    };
  }

  const row = db.prepare('SELECT value FROM settings WHERE name = ?').get(SETTING) as
    | { value: string }
    | undefined;
  if (row) {
    return {
      operatorKey: OperatorKey.fromDigestHex(row.value),
      createdKey: undefined,
      source: 'stored',
    };
  }

  const key = rotateOperatorKey(db);
  return { operatorKey: OperatorKey.fromKey(key), createdKey: key, source: 'generated' };
}

/** Generates a new operator key, replaces the stored hash, and returns the key (shown once). */
export function rotateOperatorKey(db: SqliteDatabase): string {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('hex')}`;
  db.prepare(
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  ).run(SETTING, digest(key).toString('hex'));
  return key;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
