import { readCookie } from '../http/cookies.js';
import { readForm, safeNext } from '../http/forms.js';
import { pageResponse, redirectResponse } from '../http/responses.js';
import {
  clearedSessionCookie,
  currentSession,
  formIsGenuine,
  loginTokenMatches,
  newLoginToken,
  SESSION_COOKIE,
  sessionCookie,
} from './auth.js';
import { loginPage } from './pages.js';
import type { DashboardDeps } from './routes.js';

/** The login form, with a fresh form token and its cookie. */
export function showLogin(request: Request, next: string | null, problem?: string, status = 200) {
  const login = newLoginToken(request);
  const page = loginPage({
    loginToken: login.token,
    next: safeNext(next, '/dashboard'),
    ...(problem ? { problem } : {}),
  });
  return pageResponse(page, status, { 'set-cookie': login.cookie });
}

/**
 * Checks a login post: the form token, the throttle, then the key. Success starts a session and
 * continues to the local `next` path.
 */
export async function logIn(request: Request, clientAddress: string, deps: DashboardDeps) {
  const form = await readForm(request);
  if (!(form instanceof URLSearchParams)) {
    return showLogin(request, null, form.message, form.status);
  }

  const next = form.get('next');
  if (!loginTokenMatches(request, form)) {
    return showLogin(request, next, 'The form expired. Please try again.', 403);
  }

  if (deps.throttle.blocked(clientAddress)) {
    deps.logger.warn('login_throttled', { client: clientAddress });
    return showLogin(request, next, 'Too many failed attempts. Wait a few minutes.', 429);
  }

  if (!deps.operatorKey.verify(form.get('key'))) {
    deps.throttle.fail(clientAddress);
    deps.logger.warn('login_failed', { client: clientAddress });
    return showLogin(request, next, 'That is not the operator API key.', 401);
  }

  deps.throttle.succeed(clientAddress);
  const { cookieValue } = deps.sessions.create();
  deps.logger.info('login', { client: clientAddress });
  return redirectResponse(safeNext(next, '/dashboard'), {
    'set-cookie': sessionCookie(request, cookieValue),
  });
}

/** Ends the session (when the post is genuine) and clears its cookie either way. */
export async function logOut(request: Request, deps: DashboardDeps) {
  const session = currentSession(request, deps.sessions);
  const form = await readForm(request);
  if (session && form instanceof URLSearchParams && formIsGenuine(request, session, form)) {
    deps.sessions.destroy(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  }

  return redirectResponse('/dashboard/login', { 'set-cookie': clearedSessionCookie(request) });
}
