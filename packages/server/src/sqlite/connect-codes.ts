import { createHash } from 'node:crypto';
import type { ConnectCodes, ConnectGrant } from '@wordsocket/server-core';
import type { SqliteDatabase } from './database.js';

/**
 * Connect codes in SQLite, keyed by a SHA-256 of the code so the file never holds a usable
 * code. `take` deletes and returns in one statement, so a code is used at most once even when
 * two exchanges race; an expired code is void, and expired rows are swept on every `put`.
 */
export class SqliteConnectCodes implements ConnectCodes {
  readonly #insert;
  readonly #take;
  readonly #sweep;
  readonly #now: () => number;

  constructor(db: SqliteDatabase, now: () => number = Date.now) {
    this.#now = now;
    this.#insert = db.prepare(
      'INSERT INTO connect_codes (code_hash, site_key, callback_url, code_challenge, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#take = db.prepare<[string], ConnectGrant>(
      'DELETE FROM connect_codes WHERE code_hash = ? RETURNING site_key, callback_url, code_challenge, expires_at',
    );
    this.#sweep = db.prepare<[number]>('DELETE FROM connect_codes WHERE expires_at <= ?');
  }

  put(code: string, grant: ConnectGrant): void {
    this.#sweep.run(this.#now());
    this.#insert.run(
      hash(code),
      grant.site_key,
      grant.callback_url,
      grant.code_challenge,
      grant.expires_at,
    );
  }

  take(code: string): ConnectGrant | undefined {
    if (typeof code !== 'string' || code.length === 0 || code.length > 512) return undefined;

    const grant = this.#take.get(hash(code));
    return grant && grant.expires_at > this.#now() ? grant : undefined;
  }
}

function hash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
