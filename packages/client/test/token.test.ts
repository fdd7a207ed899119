import { describe, expect, it } from 'vitest';
import { WordSocketError } from '../src/errors.js';
import { readClaims, TokenSource } from '../src/token.js';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(claims)}.sig`;
}

describe('readClaims', () => {
  it('reads exp and iat from a token payload', () => {
    expect(readClaims(jwt({ exp: 200, iat: 100 }))).toEqual({ exp: 200, iat: 100 });
  });

  it('returns nothing for a string that is not a JWT', () => {
    expect(readClaims('nope')).toEqual({});
    expect(readClaims('a.%%%.c')).toEqual({});
  });
});

describe('TokenSource', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('reuses a token until it is due for refresh', async () => {
    let calls = 0;
    const source = new TokenSource(() => {
      calls++;
      return jwt({ iat: now(), exp: now() + 300 });
    });

    await source.get();
    await source.get();

    expect(calls).toBe(1);
  });

  it('shares one getToken() call among concurrent callers', async () => {
    let calls = 0;
    const source = new TokenSource(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return jwt({ iat: now(), exp: now() + 300 });
    });

    const tokens = await Promise.all([source.get(), source.get(), source.get()]);

    expect(calls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('schedules the refresh a quarter of the lifetime early, from the token own clock', async () => {
    const issued = now() - 3600;
    const source = new TokenSource(() => jwt({ iat: issued, exp: issued + 40 }));
    await source.get();

    expect(source.refreshIn()).toBeGreaterThan(29_000);
    expect(source.refreshIn()).toBeLessThanOrEqual(30_000);
  });

  it('mints again after the current token is invalidated', async () => {
    let calls = 0;
    const source = new TokenSource(() => jwt({ n: ++calls, iat: now(), exp: now() + 300 }));
    const first = await source.get();
    source.invalidate(first);

    expect(await source.get()).not.toBe(first);
  });

  it('rejects with token_unavailable when getToken() gives no token', async () => {
    const source = new TokenSource(() => null);

    await expect(source.get()).rejects.toMatchObject({ code: 'token_unavailable' });
    await expect(source.get()).rejects.toBeInstanceOf(WordSocketError);
  });

  it('passes on what getToken() throws and calls it again next time', async () => {
    let calls = 0;
    const source = new TokenSource(() => {
      calls++;
      throw new Error('offline');
    });

    await expect(source.get()).rejects.toThrow('offline');
    await expect(source.get()).rejects.toThrow('offline');
    expect(calls).toBe(2);
  });
});
