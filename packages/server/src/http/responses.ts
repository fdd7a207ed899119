import type { SafeHtml } from './html.js';

/**
 * Headers for every page this server renders: no caching, no framing (the authorize page must
 * not be clickjacked), no referrer (connect URLs carry state and challenges), and scripts and
 * styles only from this origin.
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** An HTML page response with the page security headers. */
export function pageResponse(
  body: SafeHtml,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const merged = new Headers(PAGE_HEADERS);
  for (const [name, value] of new Headers(headers)) merged.append(name, value);
  return new Response(body.text, { status, headers: merged });
}

/** A `303 See Other` to `location`, with extra headers (cookies). */
export function redirectResponse(location: string, headers: Record<string, string> = {}): Response {
  const merged = new Headers(headers);
  merged.set('location', location);
  merged.set('cache-control', 'no-store');
  return new Response(null, { status: 303, headers: merged });
}

/** A JSON response. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const merged = new Headers(headers);
  merged.set('content-type', 'application/json; charset=utf-8');
  merged.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: merged });
}

/** The contract's error body `{error, message}` (protocol §4). */
export function errorResponse(code: string, message: string, status: number): Response {
  return jsonResponse({ error: code, message }, status);
}

/** A static asset with its content type, cacheable for a short while. */
export function assetResponse(body: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      'content-type': contentType,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  });
}
