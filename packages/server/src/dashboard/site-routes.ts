import { ServerError } from '../errors.js';
import { pageResponse, redirectResponse } from '../http/responses.js';
import { validateSiteInput } from '../site-input.js';
import { currentSession } from './auth.js';
import { genuinePost, loginRedirect } from './guards.js';
import { credentialsPage, problemPage, sitesPage } from './pages.js';
import type { DashboardDeps } from './routes.js';

/** The list of sites. */
export async function showSites(request: Request, deps: DashboardDeps) {
  const session = currentSession(request, deps.sessions);
  if (!session) return loginRedirect('/dashboard');

  return pageResponse(sitesPage(await deps.relay.sites.list(), session.csrfToken));
}

/** Registers a site from the form and shows its credentials this once. */
export async function addSite(request: Request, deps: DashboardDeps) {
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

/** Removes a site; its sockets close with `4003` on every node. */
export async function removeSite(request: Request, deps: DashboardDeps) {
  const posted = await genuinePost(request, deps);
  if (posted instanceof Response) return posted;
  const { form } = posted;

  await deps.relay.removeSite(form.get('site_key') ?? '');
  return redirectResponse('/dashboard');
}
