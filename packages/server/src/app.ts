import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Relay } from '@wordsocket/server-core';
import { sendWebResponse, toWebRequest } from '@wordsocket/server-core/node';
import type { DashboardHandler } from './dashboard/routes.js';
import { STYLESHEET } from './dashboard/stylesheet.js';
import { DEMO_SCRIPT } from './demo/script.js';
import { bearerToken } from './http/bearer.js';
import { assetResponse, errorResponse, redirectResponse } from './http/responses.js';
import type { Logger } from './logger.js';
import type { HttpMetrics } from './metrics/server-metrics.js';
import type { OperatorKey } from './operator-key.js';

/** Everything the HTTP front of the server routes to. */
export interface AppDeps {
  relay: Pick<Relay, 'fetch'>;
  dashboard: DashboardHandler;
  demo: (request: Request) => Promise<Response | undefined>;
  operatorKey: OperatorKey;
  metrics: { render(): string; http: HttpMetrics };
  logger: Logger;
}

type Route = (
  request: Request,
  clientAddress: string,
) => Promise<Response | undefined> | Response | undefined;

/**
 * The Node request listener of the reference server: the home redirect, static assets,
 * `/metrics`, the dashboard, the demo, and everything else to the relay's own handlers. A
 * handler that throws is logged and answered `500`; the process carries on.
 */
export function createRequestListener(deps: AppDeps) {
  const routes: Route[] = [
    (request) => staticRoute(request),
    (request) => metricsRoute(request, deps),
    (request, client) => deps.dashboard(request, client),
    (request) => deps.demo(request),
  ];

  const answer = async (req: IncomingMessage, path: string): Promise<Response> => {
    let request: Request;
    try {
      request = toWebRequest(req);
    } catch {
      return errorResponse('invalid_request', 'the request URL or Host header is malformed', 400);
    }

    try {
      const client = req.socket.remoteAddress ?? 'unknown';
      return (await firstAnswer(routes, request, client)) ?? (await deps.relay.fetch(request));
    } catch (error) {
      return internalError(error, deps.logger, path);
    }
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const response = await answer(req, path);

    deps.metrics.http.request(response.status);
    deps.logger.debug('http_request', {
      method: req.method,
      path,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });

    try {
      await sendWebResponse(res, response);
    } catch (error) {
      deps.logger.warn('http_response_failed', { path, error });
      res.destroy();
    }
  };
}

async function firstAnswer(routes: Route[], request: Request, client: string) {
  for (const route of routes) {
    const response = await route(request, client);
    if (response) return response;
  }

  return undefined;
}

function staticRoute(request: Request): Response | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;

  switch (new URL(request.url).pathname) {
    case '/':
      return redirectResponse('/demo');
    case '/assets/wordsocket.css':
      return assetResponse(STYLESHEET, 'text/css; charset=utf-8');
    case '/assets/demo.js':
      return assetResponse(DEMO_SCRIPT, 'text/javascript; charset=utf-8');
    case '/favicon.ico':
      return new Response(null, {
        status: 204,
        headers: { 'cache-control': 'public, max-age=86400' },
      });
    default:
      return undefined;
  }
}

function metricsRoute(request: Request, deps: AppDeps): Response | undefined {
  if (new URL(request.url).pathname !== '/metrics') return undefined;
  if (request.method !== 'GET') return errorResponse('method_not_allowed', 'use GET', 405);

  if (!deps.operatorKey.verify(bearerToken(request))) {
    return new Response(
      JSON.stringify({ error: 'unauthorized', message: 'operator key required' }),
      {
        status: 401,
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
      },
    );
  }

  return new Response(deps.metrics.render(), {
    headers: {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    },
  });
}

function internalError(error: unknown, logger: Logger, path: string): Response {
  logger.error('http_handler_failed', { path, error });
  return errorResponse('internal_error', 'the server failed to answer this request', 500);
}
