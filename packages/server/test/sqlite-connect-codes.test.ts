import { describe, expect, it } from 'vitest';
import { SqliteConnectCodes } from '../src/sqlite/connect-codes.js';
import { useTempDatabase } from './support/database.js';

const database = useTempDatabase();
let now = 1_000_000;

const grant = (expiresAt: number) => ({
  site_key: 'a'.repeat(64),
  callback_url: 'https://example.test/cb',
  code_challenge: 'c'.repeat(43),
  expires_at: expiresAt,
});

describe('SqliteConnectCodes', () => {
  it('returns a grant once and then never again', () => {
    const codes = new SqliteConnectCodes(database(), () => now);
    codes.put('code-1', grant(now + 1000));

    expect(codes.take('code-1')).toEqual(grant(now + 1000));
    expect(codes.take('code-1')).toBeUndefined();
  });

  it('treats an expired code as void', () => {
    const codes = new SqliteConnectCodes(database(), () => now);
    codes.put('code-2', grant(now + 1000));
    now += 1000;

    expect(codes.take('code-2')).toBeUndefined();
  });

  it('stores a digest of the code, never the code', () => {
    new SqliteConnectCodes(database(), () => now).put('plain-code', grant(now + 1000));
    const row = database().prepare('SELECT code_hash FROM connect_codes').get() as {
      code_hash: string;
    };

    expect(row.code_hash).not.toContain('plain-code');
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers undefined for an empty or oversized code', () => {
    const codes = new SqliteConnectCodes(database(), () => now);

    expect(codes.take('')).toBeUndefined();
    expect(codes.take('x'.repeat(10_000))).toBeUndefined();
  });
});
