import type { Relay } from '@wordsocket/server-core';
import { pageResponse } from '../http/responses.js';
import type { Logger } from '../logger.js';
import type { OperatorKey } from '../operator-key.js';
import { decideConnect, showConnect } from './connect-routes.js';
import { logIn, logOut, showLogin } from './login-routes.js';
import type { LoginThrottle } from './login-throttle.js';
import { problemPage } from './pages.js';
import type { SessionStore } from './sessions.js';
import { addSite, removeSite, showSites } from './site-routes.js';

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
