import type { SafeHtml } from './html.js';

/**
 * Headers for every page this server renders: no caching, no framing (the authorize page must
 * not be clickjacked), no referrer to other origins (connect URLs carry state and challenges),
 * and scripts and styles only from this origin. `same-origin` rather than `no-referrer`:
 * under `no-referrer` Chromium sends `Origin: null` on our own form posts, which the origin
 * check must refuse.
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/**
 * The page's Content-Security-Policy. `formTargets` are other origins a form may lead to: CSP's
 * `form-action` also governs where a form's redirect goes, and the authorize form redirects to
 * WordPress.
 */
function contentSecurityPolicy(formTargets: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    `form-action ${["'self'", ...formTargets].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** An HTML page response with the page security headers. */
export function pageResponse(
  body: SafeHtml,
  status = 200,
  headers: Record<string, string> = {},
  formTargets: string[] = [],
): Response {
  const merged = new Headers(PAGE_HEADERS);
  merged.set('content-security-policy', contentSecurityPolicy(formTargets));
  for (const [name, value] of Object.entries(headers)) merged.append(name, value);
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
