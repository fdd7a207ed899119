import type { IncomingMessage, ServerResponse } from 'node:http';

/** The body was larger than the limit; the caller answers `413 payload_too_large`. */
export class BodyTooLargeError extends Error {
  constructor() {
    super('request body over the limit');
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Turns a Node request into a web `Request`. The body is read whole, up to `maxBodyBytes`
 * (more rejects with {@link BodyTooLargeError}); the request's signal aborts when the client goes
 * away, which ends server-sent event streams.
 */
export async function toWebRequest(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<Request> {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }

  const controller = new AbortController();
  res.once('close', () => controller.abort());

  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? await readBody(req, maxBodyBytes) : undefined;

  return new Request(url, {
    method,
    headers,
    ...(body ? { body } : {}),
    signal: controller.signal,
  });
}

/** Writes a web `Response` to a Node response, streaming its body as it comes. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;

  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }

  const reader = response.body.getReader();
  res.once('close', () => {
    reader.cancel().catch(() => {});
  });

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await waitForDrain(res);
      if (res.destroyed) break;
    }
  } finally {
    res.end();
  }
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBodyBytes) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
