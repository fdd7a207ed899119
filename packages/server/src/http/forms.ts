/** Largest form body the dashboard reads. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Why a form body was not read, as the status and message to answer with. */
export interface FormRejection {
  status: 400 | 413 | 415;
  message: string;
}

const TOO_LARGE: FormRejection = {
  status: 413,
  message: `The form is larger than ${MAX_FORM_BYTES / 1024} KiB.`,
};

/**
 * Reads an `application/x-www-form-urlencoded` body; a {@link FormRejection} when the type is
 * wrong, the length header is malformed or the body is larger than {@link MAX_FORM_BYTES}.
 */
export async function readForm(request: Request): Promise<URLSearchParams | FormRejection> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { status: 415, message: 'The form must be sent as application/x-www-form-urlencoded.' };
  }

  const declared = Number(request.headers.get('content-length') ?? '0');
  if (!Number.isFinite(declared)) return { status: 400, message: 'The form could not be read.' };
  if (declared > MAX_FORM_BYTES) return TOO_LARGE;
  if (!request.body) return new URLSearchParams();

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;

    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return TOO_LARGE;
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
