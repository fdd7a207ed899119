import { describe, expect, it } from 'vitest';
import { resolveOperatorKey, rotateOperatorKey } from '../src/operator-key.js';
import { useTempDatabase } from './support/database.js';

const database = useTempDatabase();

function storedSettings(): string {
  return JSON.stringify(database().prepare('SELECT * FROM settings').all());
}

describe('resolveOperatorKey', () => {
  it('creates a key on first use, returns it once and stores only its hash', () => {
    const first = resolveOperatorKey(database(), undefined);

    expect(first.source).toBe('generated');
    expect(first.createdKey).toMatch(/^wso_[0-9a-f]{64}$/);
    expect(first.operatorKey.verify(first.createdKey)).toBe(true);
    expect(storedSettings()).not.toContain((first.createdKey as string).slice(4));

    const second = resolveOperatorKey(database(), undefined);
    expect(second.source).toBe('stored');
    expect(second.createdKey).toBeUndefined();
    expect(second.operatorKey.verify(first.createdKey)).toBe(true);
  });

  it('uses the environment key and stores nothing', () => {
    const envKey = 'e'.repeat(40);
    const resolved = resolveOperatorKey(database(), envKey);

    expect(resolved.source).toBe('environment');
    expect(resolved.operatorKey.verify(envKey)).toBe(true);
    expect(storedSettings()).toBe('[]');
  });

  it('refuses a wrong, empty or missing key', () => {
    const { operatorKey } = resolveOperatorKey(database(), 'e'.repeat(40));

    expect(operatorKey.verify('e'.repeat(39))).toBe(false);
    expect(operatorKey.verify('')).toBe(false);
    expect(operatorKey.verify(undefined)).toBe(false);
    expect(operatorKey.verify('e'.repeat(10_000))).toBe(false);
  });
});

describe('rotateOperatorKey', () => {
  it('replaces the stored key so the old one stops working', () => {
    const old = resolveOperatorKey(database(), undefined).createdKey as string;
    const fresh = rotateOperatorKey(database());
    const { operatorKey } = resolveOperatorKey(database(), undefined);

    expect(operatorKey.verify(fresh)).toBe(true);
    expect(operatorKey.verify(old)).toBe(false);
  });
});
