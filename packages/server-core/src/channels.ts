import { RelayError } from './codes.js';

const encoder = new TextEncoder();
// No whitespace (Unicode White_Space), no control characters, nothing below U+0021, no U+007F.
const FORBIDDEN = /[\p{Cc}\p{White_Space}]/u;
// With the `u` flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const QUALIFIED = /^site:([0-9a-f]{64}):(.+)$/s;

/** A channel name resolved against a site (docs/protocol.md §2). */
export interface ResolvedChannel {
  /** `site:{site_id}:{bare}`. */
  full: string;
  /** The name without the site prefix; grants are compared against it. */
  bare: string;
  /** The name as the client or publisher wrote it: deliveries use this spelling. */
  spelling: string;
}

/**
 * Checks a channel name and qualifies it with `siteId`. Throws `invalid_channel` for a name
 * that breaks §2 and `forbidden` for a qualified name of another site.
 */
export function resolveChannel(name: unknown, siteId: string): ResolvedChannel {
  if (typeof name !== 'string') throw new RelayError('invalid_channel', 'channel must be a string');
  if (!isValidName(name)) {
    throw new RelayError('invalid_channel', 'invalid channel name', {
      channel: name.slice(0, 200),
    });
  }

  if (!name.startsWith('site:'))
    return { full: `site:${siteId}:${name}`, bare: name, spelling: name };

  const match = QUALIFIED.exec(name);
  if (!match || !isValidName(match[2] as string)) {
    throw new RelayError('invalid_channel', 'malformed qualified channel name', { channel: name });
  }
  if (match[1] !== siteId) {
    throw new RelayError('forbidden', 'channel belongs to another site', { channel: name });
  }
  return { full: name, bare: match[2] as string, spelling: name };
}

function isValidName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  if (FORBIDDEN.test(name)) return false;
  // `:` separates segments, and no segment may be empty (§2): no leading, trailing or double `:`.
  if (name.startsWith(':') || name.endsWith(':') || name.includes('::')) return false;

  const bytes = encoder.encode(name).length;
  return bytes <= 200 && !LONE_SURROGATE.test(name);
}

/**
 * What a token grants for one direction (subscribe or publish), in bare names: channels under
 * any of `prefixes`, and the channels named in `exact` (§3, `allowed_channels`).
 */
export interface ChannelGrant {
  readonly prefixes: readonly string[];
  readonly exact: ReadonlySet<string>;
}

/**
 * The bare forms of granted names: a name written qualified for this site counts as its bare
 * form; one naming another site grants nothing (§3).
 */
export function normalisePrefixes(prefixes: readonly string[], siteId: string): string[] {
  const own = `site:${siteId}:`;
  const out: string[] = [];
  for (const prefix of prefixes) {
    if (prefix.startsWith(own)) out.push(prefix.slice(own.length));
    else if (!prefix.startsWith('site:')) out.push(prefix);
  }
  return out;
}

/** Whether a bare channel name is named exactly or starts with one of the granted prefixes. */
export function granted(grant: ChannelGrant, bare: string): boolean {
  if (grant.exact.has(bare)) return true;
  for (const prefix of grant.prefixes) if (bare.startsWith(prefix)) return true;
  return false;
}
