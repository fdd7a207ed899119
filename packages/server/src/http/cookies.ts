/** Reads one cookie from a `Cookie` header; undefined when absent or malformed. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;

  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() !== name) continue;

    const value = part.slice(index + 1).trim();
    return /^[A-Za-z0-9_-]{1,256}$/.test(value) ? value : undefined;
  }

  return undefined;
}

/** Options of a cookie this server sets; every cookie is HttpOnly and SameSite. */
export interface CookieOptions {
  maxAgeSeconds: number;
  path?: string;
  sameSite?: 'Lax' | 'Strict';
  secure?: boolean;
}

/** A `Set-Cookie` value. A max age of 0 deletes the cookie. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Lax'}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
