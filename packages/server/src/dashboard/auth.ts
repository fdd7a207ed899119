import { randomBytes } from 'node:crypto';
import { readCookie, serializeCookie } from '../http/cookies.js';
import { sameOrigin } from '../http/forms.js';
import { SESSION_TTL_MS, type Session, type SessionStore, tokensMatch } from './sessions.js';

/** Cookie holding the operator session. */
export const SESSION_COOKIE = 'wordsocket_session';

/** Cookie pairing the login form with its hidden token (CSRF protection before a session). */
export const LOGIN_COOKIE = 'wordsocket_login';

/** Whether cookies must carry `Secure`: the request reached us (or our proxy) over https. */
export function wantsSecureCookies(request: Request): boolean {
  return (
    new URL(request.url).protocol === 'https:' ||
    request.headers.get('x-forwarded-proto') === 'https'
  );
}

/** The operator session of a request, if it carries a live one. */
export function currentSession(request: Request, sessions: SessionStore): Session | undefined {
  return sessions.get(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
}

/** Whether a form post is from our page in this session: same origin and the right token. */
export function formIsGenuine(request: Request, session: Session, form: URLSearchParams) {
  return sameOrigin(request) && tokensMatch(session.csrfToken, form.get('csrf_token'));
}

/** A fresh login-form token and the cookie that carries its twin. */
export function newLoginToken(request: Request): { token: string; cookie: string } {
  const token = randomBytes(24).toString('base64url');
  const cookie = serializeCookie(LOGIN_COOKIE, token, {
    maxAgeSeconds: 3600,
    path: '/dashboard',
    sameSite: 'Strict',
    secure: wantsSecureCookies(request),
  });
  return { token, cookie };
}

/** Whether a login post carries the token its cookie pairs with. */
export function loginTokenMatches(request: Request, form: URLSearchParams): boolean {
  const cookie = readCookie(request.headers.get('cookie'), LOGIN_COOKIE);
  return sameOrigin(request) && tokensMatch(cookie, form.get('login_token'));
}

/** The `Set-Cookie` value that starts a session. */
export function sessionCookie(request: Request, value: string): string {
  return serializeCookie(SESSION_COOKIE, value, {
    maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000),
    sameSite: 'Lax',
    secure: wantsSecureCookies(request),
  });
}

/** The `Set-Cookie` value that ends a session. */
export function clearedSessionCookie(request: Request): string {
  return serializeCookie(SESSION_COOKIE, '', {
    maxAgeSeconds: 0,
    sameSite: 'Lax',
    secure: wantsSecureCookies(request),
  });
}
