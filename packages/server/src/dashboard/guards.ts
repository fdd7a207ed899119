import { readForm } from '../http/forms.js';
import { pageResponse, redirectResponse } from '../http/responses.js';
import { currentSession, formIsGenuine } from './auth.js';
import { problemPage } from './pages.js';
import type { DashboardDeps } from './routes.js';
import type { Session } from './sessions.js';

/** Sends a visitor to the login page, to come back to `next` afterwards. */
export function loginRedirect(next: string): Response {
  return redirectResponse(`/dashboard/login?next=${encodeURIComponent(next)}`);
}

/**
 * The session and form of a state-changing post, or the answer when it has none: a redirect to
 * the login page, the status of a form that could not be read (413 when it is too large), or
 * 403 when the form is not from our page in this session.
 */
export async function genuinePost(
  request: Request,
  deps: DashboardDeps,
): Promise<{ session: Session; form: URLSearchParams } | Response> {
  const session = currentSession(request, deps.sessions);
  if (!session) return loginRedirect('/dashboard');

  const form = await readForm(request);
  if (!(form instanceof URLSearchParams)) {
    return pageResponse(problemPage('Request refused', form.message), form.status);
  }
  if (!formIsGenuine(request, session, form)) {
    return pageResponse(problemPage('Request refused', 'The form is not from this page.'), 403);
  }

  return { session, form };
}
