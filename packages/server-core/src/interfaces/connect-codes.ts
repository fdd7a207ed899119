import type { Awaitable } from './awaitable.js';

/** What a one-click connect code stands for (docs/protocol.md §9). */
export interface ConnectGrant {
  /** The site registered on approval; the exchange answers its three secrets. */
  site_key: string;
  /** The callback URL the code was issued for; the exchange must name the same one. */
  callback_url: string;
  /** PKCE S256 challenge: base64url(sha256(code_verifier)), without padding. */
  code_challenge: string;
  /** Unix time in milliseconds after which the code is void. */
  expires_at: number;
}

/** Single-use connect codes. */
export interface ConnectCodes {
  /** Stores a grant under `code`. */
  put(code: string, grant: ConnectGrant): Awaitable<void>;
  /** Removes and returns the grant of `code` (single use), or `undefined`. */
  take(code: string): Awaitable<ConnectGrant | undefined>;
}
