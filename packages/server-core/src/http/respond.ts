import { HTTP_STATUS, type HttpErrorCode, RelayError, toHttpCode } from '../codes.js';

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The error body of docs/protocol.md §4: `{"error", "message"}` plus `index` for batches. */
export function failure(
  code: HttpErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return json({ error: code, message, ...extra }, HTTP_STATUS[code]);
}

/** The HTTP answer to a {@link RelayError}. */
export function fromRelayError(error: RelayError, extra: Record<string, unknown> = {}): Response {
  const code = toHttpCode(error.code);
  const channel = error.details.channel === undefined ? {} : { channel: error.details.channel };
  return failure(code, error.message, { ...channel, ...extra });
}

/**
 * Reads a body as bytes, refusing more than `limit` bytes without reading them all: the
 * `Content-Length` is checked first, and the stream is cancelled once it passes the limit.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new RelayError('payload_too_large', 'body is over the limit');
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RelayError('payload_too_large', 'body is over the limit');
    }
    chunks.push(value);
  }

  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Parses a JSON object body; `invalid_request` otherwise. */
export function parseObject(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new RelayError('invalid_request', 'body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RelayError('invalid_request', 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The token of an `Authorization: Bearer` header, or `undefined`. */
export function bearer(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
