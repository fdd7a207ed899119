import { describe, expect, it } from 'vitest';
import {
  callbackWithCode,
  callbackWithDenial,
  parseConnectRequest,
} from '../src/dashboard/connect-request.js';

const valid = {
  site_url: 'https://blog.test',
  site_name: 'Blog',
  callback_url: 'https://blog.test/wp-admin/admin.php?page=ws',
  state: 's1',
  code_challenge: 'a'.repeat(43),
  code_challenge_method: 'S256',
};

function parse(overrides: Record<string, string | null> = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...valid, ...overrides })) {
    if (value !== null) params.set(name, value);
  }
  return parseConnectRequest(params);
}

describe('parseConnectRequest', () => {
  it('accepts the parameters WordPress sends', () => {
    expect(parse()).toMatchObject({ ok: true, request: { site_name: 'Blog', state: 's1' } });
  });

  it('names the site after its host when site_name is missing', () => {
    expect(parse({ site_name: null })).toMatchObject({
      ok: true,
      request: { site_name: 'blog.test' },
    });
  });

  it('refuses each malformed parameter with a reason naming it', () => {
    const cases: [Record<string, string | null>, string][] = [
      [{ site_url: 'blog.test' }, 'site_url'],
      [{ callback_url: 'https://x.test/cb#frag' }, 'callback_url'],
      [{ callback_url: null }, 'callback_url'],
      [{ state: '' }, 'state'],
      [{ state: 'has space' }, 'state'],
      [{ code_challenge_method: null }, 'S256'],
      [{ code_challenge: 'short' }, 'code_challenge'],
      [{ site_name: 'x'.repeat(201) }, 'site_name'],
    ];

    for (const [overrides, named] of cases) {
      const result = parse(overrides);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toContain(named);
    }
  });
});

describe('callback URLs', () => {
  it('adds code and state and keeps the callback query', () => {
    const result = parse();
    if (!result.ok) throw new Error('expected valid');
    const url = new URL(callbackWithCode(result.request, 'c0de'));

    expect(url.searchParams.get('page')).toBe('ws');
    expect(url.searchParams.get('code')).toBe('c0de');
    expect(url.searchParams.get('state')).toBe('s1');
  });

  it('tells a denial with error=access_denied', () => {
    const result = parse();
    if (!result.ok) throw new Error('expected valid');

    expect(new URL(callbackWithDenial(result.request)).searchParams.get('error')).toBe(
      'access_denied',
    );
  });
});
