import { pageResponse, redirectResponse } from '../http/responses.js';
import { currentSession } from './auth.js';
import { callbackWithCode, callbackWithDenial, parseConnectRequest } from './connect-request.js';
import { genuinePost, loginRedirect } from './guards.js';
import { authorizePage, problemPage } from './pages.js';
import type { DashboardDeps } from './routes.js';

/** The authorize page for a connect link (docs/protocol.md §9), behind the login. */
export function showConnect(request: Request, url: URL, deps: DashboardDeps) {
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
 * The operator's decision: approval registers the site and redirects to the callback with a
 * single-use code bound to the callback URL and the PKCE challenge; denial redirects with
 * `error=access_denied`.
 */
export async function decideConnect(request: Request, deps: DashboardDeps) {
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
