import { describe, expect, it } from 'vitest';
import { LoginThrottle, MAX_FAILURES, WINDOW_MS } from '../src/dashboard/login-throttle.js';
import { SESSION_TTL_MS, SessionStore, tokensMatch } from '../src/dashboard/sessions.js';
import { readCookie } from '../src/http/cookies.js';
import { MAX_FORM_BYTES, readForm, safeNext } from '../src/http/forms.js';

describe('SessionStore', () => {
  it('finds a session by its cookie value until it expires', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    const { cookieValue, session } = store.create();

    expect(store.get(cookieValue)).toBe(session);
    now = SESSION_TTL_MS;
    expect(store.get(cookieValue)).toBeUndefined();
  });

  it('forgets a destroyed session', () => {
    const store = new SessionStore();
    const { cookieValue } = store.create();
    store.destroy(cookieValue);

    expect(store.get(cookieValue)).toBeUndefined();
  });
});

describe('tokensMatch', () => {
  it('matches equal tokens only', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'ab')).toBe(false);
    expect(tokensMatch('abc', null)).toBe(false);
    expect(tokensMatch(undefined, 'abc')).toBe(false);
  });
});

describe('LoginThrottle', () => {
  it('blocks an address after the allowed failures and lets it try again later', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let n = 0; n < MAX_FAILURES; n++) throttle.fail('1.2.3.4');

    expect(throttle.blocked('1.2.3.4')).toBe(true);
    expect(throttle.blocked('5.6.7.8')).toBe(false);
    now = WINDOW_MS;
    expect(throttle.blocked('1.2.3.4')).toBe(false);
  });
});

describe('readCookie', () => {
  it('reads one cookie among several and ignores malformed values', () => {
    expect(readCookie('a=1; wordsocket_session=abc_-9; b=2', 'wordsocket_session')).toBe('abc_-9');
    expect(readCookie('wordsocket_session=a b', 'wordsocket_session')).toBeUndefined();
    expect(readCookie(null, 'x')).toBeUndefined();
  });
});

describe('safeNext', () => {
  it('keeps local paths and replaces everything else', () => {
    expect(safeNext('/dashboard/connect?x=1', '/d')).toBe('/dashboard/connect?x=1');
    for (const next of ['//evil.test', '/\\evil.test', 'https://evil.test', '', null]) {
      expect(safeNext(next, '/d')).toBe('/d');
    }
  });

  it('refuses paths a browser would turn into another origin or that cannot be a header', () => {
    const refused = [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/\t\t/evil.example',
      '\t//evil.example',
      ' /x',
      '/x y',
      '/x\u0000',
      '/x\u007f',
      '/x\u2028',
      '/x\u00e9',
      '/\\evil.example',
      '/a\\..\\\\evil.example',
      '//evil.example',
      '///evil.example',
      'http://evil.example',
      'https:/evil.example',
      '\\\\evil.example',
      decodeURIComponent('%2F%09%2Fevil.example'),
      decodeURIComponent('%2F%0A%2Fevil.example'),
      decodeURIComponent('%2F%0D%2Fevil.example'),
      decodeURIComponent('%2F%5Cevil.example'),
      decodeURIComponent('%2F%2Fevil.example'),
      decodeURIComponent('http%3A%2F%2Fevil.example'),
    ];
    for (const next of refused) expect(safeNext(next, '/d'), JSON.stringify(next)).toBe('/d');
  });

  it('keeps same-origin paths whose escapes stay escaped', () => {
    for (const next of [
      '/',
      '/dashboard',
      '/a/b?c=d&e=%2F%2Fx#f',
      '/%2F%2Fevil.example',
      '/%09/x',
    ]) {
      expect(safeNext(next, '/d')).toBe(next);
    }
  });
});

describe('readForm', () => {
  function streamed(chunks: string[]): Request {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Request('http://127.0.0.1/f', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  it('rejects a streamed body that grows past the limit with 413', async () => {
    const chunk = 'a'.repeat(16 * 1024);
    const result = await readForm(streamed([`x=${chunk}`, chunk, chunk, chunk, chunk]));

    expect(result).toMatchObject({ status: 413 });
  });

  it('reads a streamed body within the limit', async () => {
    const result = await readForm(streamed(['a=1&', 'b=', 'x'.repeat(MAX_FORM_BYTES - 8)]));

    expect(result).toBeInstanceOf(URLSearchParams);
    expect((result as URLSearchParams).get('a')).toBe('1');
  });

  it('rejects another content type with 415', async () => {
    const request = new Request('http://127.0.0.1/f', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    expect(await readForm(request)).toMatchObject({ status: 415 });
  });
});
