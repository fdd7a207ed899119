import { granted } from './config';

/** What a token lets its holder read: prefixes, and channels named whole (protocol §3). */
export interface TokenGrant {
  prefixes: string[];
  exact: string[];
}

/** The read grants of a token, taken from its payload without verifying it. */
export function tokenGrant(token: string): TokenGrant {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part)) as Record<string, unknown>;

    return {
      prefixes: strings(claims.allowed_channel_prefixes),
      exact: strings(claims.allowed_channels),
    };
  } catch {
    return { prefixes: [], exact: [] };
  }
}

/** Whether the grant covers the bare channel. */
export function grantsChannel(grant: TokenGrant, bare: string): boolean {
  return grant.exact.includes(bare) || granted(bare, grant.prefixes);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}
