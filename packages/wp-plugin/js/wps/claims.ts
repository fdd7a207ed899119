/** The channel prefixes a token grants, read from its payload without verifying it. */
export function grantedPrefixes(token: string): string[] {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part)) as { allowed_channel_prefixes?: unknown };
    const prefixes = claims.allowed_channel_prefixes;

    return Array.isArray(prefixes)
      ? prefixes.filter((p): p is string => typeof p === 'string')
      : [];
  } catch {
    return [];
  }
}
