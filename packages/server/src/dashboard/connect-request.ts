import { isHttpUrl } from '../site-input.js';

/** The parameters WordPress sends with the one-click connect (docs/protocol.md §9). */
export interface ConnectRequest {
  site_url: string;
  site_name: string;
  callback_url: string;
  state: string;
  code_challenge: string;
}

/** The connect parameters, or the reason they are not acceptable. */
export type ConnectRequestResult =
  | { ok: true; request: ConnectRequest }
  | { ok: false; problem: string };

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const STATE = /^[\x21-\x7e]{1,512}$/;

/**
 * Reads and checks the connect parameters from a query string or a form body. The callback URL
 * must be absolute http(s) without a fragment; the challenge must be S256 (43 base64url
 * characters); `state` is 1 to 512 printable ASCII characters.
 */
export function parseConnectRequest(params: URLSearchParams): ConnectRequestResult {
  const siteUrl = (params.get('site_url') ?? '').trim();
  if (!isHttpUrl(siteUrl)) {
    return { ok: false, problem: 'site_url must be an absolute http:// or https:// URL.' };
  }

  const siteName = (params.get('site_name') ?? '').trim() || new URL(siteUrl).host;
  if (siteName.length > 200 || /\p{Cc}/u.test(siteName)) {
    return {
      ok: false,
      problem: 'site_name must be at most 200 characters, without control characters.',
    };
  }

  const callbackUrl = params.get('callback_url') ?? '';
  if (!isHttpUrl(callbackUrl) || new URL(callbackUrl).hash !== '') {
    return {
      ok: false,
      problem: 'callback_url must be an absolute http:// or https:// URL without a fragment.',
    };
  }

  const state = params.get('state') ?? '';
  if (!STATE.test(state)) {
    return { ok: false, problem: 'state must be 1 to 512 printable ASCII characters.' };
  }

  if (params.get('code_challenge_method') !== 'S256') {
    return { ok: false, problem: 'code_challenge_method must be S256.' };
  }

  const challenge = params.get('code_challenge') ?? '';
  if (!CHALLENGE.test(challenge)) {
    return {
      ok: false,
      problem: 'code_challenge must be base64url(sha256(code_verifier)) without padding.',
    };
  }

  return {
    ok: true,
    request: {
      site_url: siteUrl,
      site_name: siteName,
      callback_url: callbackUrl,
      state,
      code_challenge: challenge,
    },
  };
}

/** The callback URL with `code` and `state` added to its query. */
export function callbackWithCode(request: ConnectRequest, code: string): string {
  const url = new URL(request.callback_url);
  url.searchParams.set('code', code);
  url.searchParams.set('state', request.state);
  return url.toString();
}

/** The callback URL telling WordPress that the operator declined (OAuth's `access_denied`). */
export function callbackWithDenial(request: ConnectRequest): string {
  const url = new URL(request.callback_url);
  url.searchParams.set('error', 'access_denied');
  url.searchParams.set('state', request.state);
  return url.toString();
}
