import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { relayPath } from '../http/router.js';
import type { Relay } from '../relay.js';

/** Converts a node:http request into a web-standard `Request` (the body is streamed). */
export function toWebRequest(req: IncomingMessage): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }

  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * Writes a web-standard `Response` to a node:http response, streaming its body with
 * backpressure (SSE streams stay open until either side ends them).
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);

  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();

  const reader = (response.body as unknown as NodeReadableStream<Uint8Array>).getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once('close', cancel);

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) break;
    }
  } catch {
    // The stream was cancelled or errored (relay shutdown): end the response below.
  } finally {
    res.off('close', cancel);
    res.end();
  }
}

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions {
  /** Called for requests outside the relay's base path; default answers 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * A node:http `(req, res)` listener that serves the relay's HTTP endpoints under its base
 * path, and hands every other request to `fallback`.
 */
export function createRequestListener(
  relay: Relay,
  options: RequestListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (options.fallback && relayPath(relay, pathname) === undefined) {
      options.fallback(req, res);
      return;
    }

    relay
      .fetch(toWebRequest(req))
      .then((response) => sendWebResponse(res, response))
      .catch((error: unknown) => {
        relay.report(error, 'node http');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}
