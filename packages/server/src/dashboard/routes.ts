import type { Relay } from '@wordsocket/server-core';
import { ServerError } from '../errors.js';
import { readCookie } from '../http/cookies.js';
import { readForm, safeNext } from '../http/forms.js';
import { pageResponse, redirectResponse } from '../http/responses.js';
import type { Logger } from '../logger.js';
import type { OperatorKey } from '../operator-key.js';
import { validateSiteInput } from '../site-input.js';
import {
  clearedSessionCookie,
  currentSession,
  formIsGenuine,
  loginTokenMatches,
  newLoginToken,
  SESSION_COOKIE,
  sessionCookie,
} from './auth.js';
import { callbackWithCode, callbackWithDenial, parseConnectRequest } from './connect-request.js';
import type { LoginThrottle } from './login-throttle.js';
import { authorizePage, credentialsPage, loginPage, problemPage, sitesPage } from './pages.js';
import type { Session, SessionStore } from './sessions.js';

/** What the dashboard needs from the server around it. */
export interface DashboardDeps {
  /** Registers and removes sites (closing their sockets), and issues connect codes. */
  relay: Pick<Relay, 'sites' | 'registerSite' | 'removeSite' | 'issueConnectCode'>;
  operatorKey: OperatorKey;
  sessions: SessionStore;
  throttle: LoginThrottle;
  logger: Logger;
}

/** Answers a dashboard request: `undefined` when the path is not the dashboard's. */
export type DashboardHandler = (
  request: Request,
  clientAddress: string,
) => Promise<Response | undefined>;

/**
 * The operator dashboard: login and logout, the list of sites with register and remove, and the
 * one-click connect authorize page. Every state-changing form carries the session's CSRF token
 * and must come from this origin.
 */
export function createDashboard(deps: DashboardDeps): DashboardHandler {
  return async (request, clientAddress) => {
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;

    switch (route) {
      case 'GET /dashboard':
        return showSites(request, deps);
      case 'GET /dashboard/login':
        return showLogin(request, url.searchParams.get('next'));
      case 'POST /dashboard/login':
        return logIn(request, clientAddress, deps);
      case 'POST /dashboard/logout':
        return logOut(request, deps);
      case 'GET /dashboard/connect':
        return showConnect(request, url, deps);
      case 'POST /dashboard/connect':
        return decideConnect(request, deps);
      case 'POST /dashboard/sites':
        return addSite(request, deps);
      case 'POST /dashboard/sites/remove':
        return removeSite(request, deps);
      default:
        return url.pathname === '/dashboard' || url.pathname.startsWith('/dashboard/')
          ? pageResponse(problemPage('Not found', 'There is no such dashboard page.'), 404)
          : undefined;
    }
  };
}

function loginRedirect(next: string): Response {
  return redirectResponse(`/dashboard/login?next=${encodeURIComponent(next)}`);
}

function showLogin(request: Request, next: string | null, problem?: string, status = 200) {
  const login = newLoginToken(request);
  const page = loginPage({
    loginToken: login.token,
    next: safeNext(next, '/dashboard'),
    ...(problem ? { problem } : {}),
  });
  return pageResponse(page, status, { 'set-cookie': login.cookie });
}

async function logIn(request: Request, clientAddress: string, deps: DashboardDeps) {
  const form = await readForm(request);
  if (!form) return showLogin(request, null, 'The form could not be read.', 400);

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

async function logOut(request: Request, deps: DashboardDeps) {
  const session = currentSession(request, deps.sessions);
  const form = await readForm(request);
  if (session && form && formIsGenuine(request, session, form)) {
    deps.sessions.destroy(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  }

  return redirectResponse('/dashboard/login', { 'set-cookie': clearedSessionCookie(request) });
}

async function showSites(request: Request, deps: DashboardDeps) {
  const session = currentSession(request, deps.sessions);
  if (!session) return loginRedirect('/dashboard');

  return pageResponse(sitesPage(await deps.relay.sites.list(), session.csrfToken));
}

function showConnect(request: Request, url: URL, deps: DashboardDeps) {
  const session = currentSession(request, deps.sessions);
  if (!session) return loginRedirect(`${url.pathname}${url.search}`);

  const parsed = parseConnectRequest(url.searchParams);
  if (!parsed.ok) {
    return pageResponse(
      problemPage('This connect link is not valid', parsed.problem, session.csrfToken),
      400,
    );
  }

  const callbackOrigin = new URL(parsed.request.callback_url).origin;
  return pageResponse(authorizePage(parsed.request, session.csrfToken), 200, {}, [callbackOrigin]);
}

/**
 * The session and form of a state-changing post, or the answer when it has none: a redirect to
 * the login page, or 403 when the form is not from our page in this session.
 */
async function genuinePost(
  request: Request,
  deps: DashboardDeps,
): Promise<{ session: Session; form: URLSearchParams } | Response> {
  const session = currentSession(request, deps.sessions);
  if (!session) return loginRedirect('/dashboard');

  const form = await readForm(request);
  if (!form || !formIsGenuine(request, session, form)) {
    return pageResponse(problemPage('Request refused', 'The form is not from this page.'), 403);
  }

  return { session, form };
}

async function decideConnect(request: Request, deps: DashboardDeps) {
  const posted = await genuinePost(request, deps);
  if (posted instanceof Response) return posted;
  const { session, form } = posted;

  const parsed = parseConnectRequest(form);
  if (!parsed.ok) {
    return pageResponse(
      problemPage('This connect link is not valid', parsed.problem, session.csrfToken),
      400,
    );
  }

  const connect = parsed.request;
  if (form.get('decision') !== 'approve') {
    deps.logger.info('connect_denied', { callback_host: new URL(connect.callback_url).host });
    return redirectResponse(callbackWithDenial(connect));
  }

  const site = await deps.relay.registerSite({
    site_url: connect.site_url,
    site_name: connect.site_name,
  });
  const code = await deps.relay.issueConnectCode({
    site_key: site.site_key,
    callback_url: connect.callback_url,
    code_challenge: connect.code_challenge,
  });

  deps.logger.info('site_registered', { site_id: site.site_id, via: 'connect' });
  return redirectResponse(callbackWithCode(connect, code));
}

async function addSite(request: Request, deps: DashboardDeps) {
  const posted = await genuinePost(request, deps);
  if (posted instanceof Response) return posted;
  const { session, form } = posted;

  try {
    const input = validateSiteInput({
      site_url: form.get('site_url'),
      site_name: form.get('site_name'),
    });
    const site = await deps.relay.registerSite(input);
    deps.logger.info('site_registered', { site_id: site.site_id, via: 'dashboard' });
    return pageResponse(credentialsPage(site, session.csrfToken), 201);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    return pageResponse(problemPage('Cannot register', error.message, session.csrfToken), 400);
  }
}

async function removeSite(request: Request, deps: DashboardDeps) {
  const posted = await genuinePost(request, deps);
  if (posted instanceof Response) return posted;
  const { form } = posted;

  await deps.relay.removeSite(form.get('site_key') ?? '');
  return redirectResponse('/dashboard');
}
