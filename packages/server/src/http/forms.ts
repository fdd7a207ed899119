/** Largest form body the dashboard reads. */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body; `undefined` when the type is wrong or the
 * body is larger than {@link MAX_FORM_BYTES}.
 */
export async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;

  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_FORM_BYTES || !request.body) return undefined;

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;

    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }

  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Whether a state-changing request comes from one of our own pages: browsers send `Origin` on
 * POST, and it must name this host. A request without `Origin` (an old browser, curl) still has
 * to pass the CSRF token check.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (origin === 'null') return false;

  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}

/**
 * A path on this origin: one `/`, then printable ASCII without spaces or backslashes. Browsers
 * drop tabs and newlines from a `Location` and read `\` as `/`, so `/\t/evil.example` would
 * otherwise leave the site; and a control character in a header value is not sendable at all.
 */
const LOCAL_PATH = /^\/(?![/\\])[!-[\]-~]*$/;
const PROBE_ORIGIN = 'http://wordsocket.invalid';

/** A local path to continue to after login; anything else becomes `fallback`. */
export function safeNext(next: string | null, fallback: string): string {
  if (next === null || next.length > 4096 || !LOCAL_PATH.test(next)) return fallback;

  try {
    return new URL(next, PROBE_ORIGIN).origin === PROBE_ORIGIN ? next : fallback;
  } catch {
    return fallback;
  }
}
