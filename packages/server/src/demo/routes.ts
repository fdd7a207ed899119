import { createHmac } from 'node:crypto';
import type { Site } from '@wordsocket/server-core';
import { currentSession } from '../dashboard/auth.js';
import type { SessionStore } from '../dashboard/sessions.js';
import { tokensMatch } from '../dashboard/sessions.js';
import { sameOrigin } from '../http/forms.js';
import { errorResponse, jsonResponse, pageResponse } from '../http/responses.js';
import type { DemoSite } from './demo-site.js';
import { anonymousDemoPage, demoPage } from './page.js';
import { DEMO_PREFIX, mintDemoToken } from './token.js';

/** What the demo needs from the server around it. */
export interface DemoDeps {
  sessions: SessionStore;
  demoSite: DemoSite;
  /** The relay's HTTP handler; the demo publishes through it exactly as WordPress would. */
  relayFetch: (request: Request) => Promise<Response>;
  now: () => number;
}

/**
 * The demo: `/demo` shows the page (a login prompt for anonymous visitors), `POST /demo/token`
 * mints a short token for the demo site, `POST /demo/publish` publishes a signed message. Both
 * POSTs need the operator session and its CSRF token in `X-CSRF-Token`.
 */
export function createDemo(deps: DemoDeps) {
  return async (request: Request): Promise<Response | undefined> => {
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;

    if (route === 'GET /demo') {
      const session = currentSession(request, deps.sessions);
      return pageResponse(session ? demoPage(session.csrfToken) : anonymousDemoPage());
    }

    if (route !== 'POST /demo/token' && route !== 'POST /demo/publish') return undefined;

    const session = currentSession(request, deps.sessions);
    if (!session) return errorResponse('unauthorized', 'log in as the operator first', 401);
    if (!sameOrigin(request)) {
      return errorResponse('forbidden', 'requests from another origin are refused', 403);
    }
    if (!tokensMatch(session.csrfToken, request.headers.get('x-csrf-token'))) {
      return errorResponse('forbidden', 'missing or wrong X-CSRF-Token', 403);
    }

    const site = await deps.demoSite.ensure(url.origin);
    if (route === 'POST /demo/token') {
      return jsonResponse(await mintDemoToken(site, deps.now()));
    }

    return publish(request, site, url.origin, deps);
  };
}

async function publish(request: Request, site: Site, origin: string, deps: DemoDeps) {
  let input: { channel?: unknown; text?: unknown };
  try {
    input = (await request.json()) as typeof input;
  } catch {
    return errorResponse('invalid_request', 'the body must be JSON', 400);
  }

  const channel = typeof input?.channel === 'string' ? input.channel : '';
  if (!channel.startsWith(DEMO_PREFIX)) {
    return errorResponse('forbidden', `the demo publishes only on ${DEMO_PREFIX} channels`, 403);
  }

  const text = typeof input.text === 'string' ? input.text.slice(0, 500) : '';
  const body = JSON.stringify({
    channel,
    event: 'demo',
    data: { text, sent_at: new Date(deps.now()).toISOString() },
  });
  const ts = String(deps.now());
  const signature = createHmac('sha256', site.publish_secret).update(`${body}.${ts}`).digest('hex');

  return deps.relayFetch(
    new Request(`${origin}/publish`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-wp-signal-key': site.site_key,
        'x-wp-signal-ts': ts,
        'x-wp-signal-sign': signature,
      },
      body,
    }),
  );
}
