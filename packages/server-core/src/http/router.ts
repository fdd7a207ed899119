import { RelayError } from '../codes.js';
import type { Relay } from '../relay.js';
import { TokenError } from '../token.js';
import { handleClientBinary, handleClientFrame } from './client.js';
import { handlePublish } from './publish.js';
import { failure, fromRelayError, json } from './respond.js';
import { handleExchange, handleRegister, handleStats, handleUnregister } from './sites.js';
import { handleSse } from './sse.js';

type Handler = (relay: Relay, request: Request) => Promise<Response> | Response;

const ROUTES: Record<string, { method: string; handler: Handler }> = {
  '/healthz': { method: 'GET', handler: () => json({ status: 'ok' }) },
  '/publish': { method: 'POST', handler: handlePublish },
  '/sse': { method: 'GET', handler: handleSse },
  '/client': { method: 'POST', handler: handleClientFrame },
  '/client/binary': { method: 'POST', handler: handleClientBinary },
  '/site/stats': { method: 'GET', handler: handleStats },
  '/api/sites/register': { method: 'POST', handler: handleRegister },
  '/api/sites/unregister': { method: 'POST', handler: handleUnregister },
  '/api/connect/exchange': { method: 'POST', handler: handleExchange },
  '/ws': {
    method: 'GET',
    handler: () => failure('invalid_request', 'GET /ws expects a WebSocket upgrade'),
  },
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, last-event-id, x-wp-signal-key, x-wp-signal-ts, x-wp-signal-sign',
  'access-control-max-age': '600',
};

/** The path of `request` below the relay's base path, or `undefined` when outside it. */
export function relayPath(relay: Relay, pathname: string): string | undefined {
  if (relay.basePath === '') return pathname;
  if (pathname === relay.basePath) return '/';
  return pathname.startsWith(`${relay.basePath}/`)
    ? pathname.slice(relay.basePath.length)
    : undefined;
}

/** Dispatches a request to its endpoint and turns every refusal into its §4 answer. */
export async function route(relay: Relay, request: Request): Promise<Response> {
  const response = await dispatch(relay, request);
  if (relay.cors)
    for (const [name, value] of Object.entries(CORS)) response.headers.set(name, value);
  return response;
}

async function dispatch(relay: Relay, request: Request): Promise<Response> {
  const path = relayPath(relay, new URL(request.url).pathname);
  const route = path === undefined ? undefined : ROUTES[path];
  if (!route) return failure('not_found', 'no such endpoint');

  if (request.method === 'OPTIONS' && relay.cors) return new Response(null, { status: 204 });
  if (request.method !== route.method) {
    return failure('method_not_allowed', `use ${route.method}`);
  }

  try {
    return await route.handler(relay, request);
  } catch (error) {
    if (error instanceof RelayError) return fromRelayError(error);
    if (error instanceof TokenError) {
      relay.rejected(error.code, error.message, 'http');
      return failure(
        error.code,
        error.code === 'site_not_found' ? 'site not found' : 'unauthorized',
      );
    }
    relay.report(error, `http ${path}`);
    return json({ error: 'internal_error', message: 'the relay failed to answer' }, 500);
  }
}
