import { CloseCode, reasonFor } from './codes.js';
import { WordSocketError } from './errors.js';
import { isFrame, type RelayFrame } from './frames.js';
import type { Link, LinkFailure, LinkHandlers } from './link.js';
import type { EventSourceConstructor, EventSourceLike, FetchLike } from './options.js';
import { readClaims } from './token.js';

/** What a stream is opened with: read afresh for every (re)open. */
export interface StreamParams {
  token: string;
  channels: string[];
  since: Record<string, string>;
}

/** Settings of the SSE transport. */
export interface SseLinkOptions {
  EventSource: EventSourceConstructor;
  fetch: FetchLike | undefined;
  /** The relay's HTTP base URL (no trailing slash). */
  base: string;
  /** Time allowed for the `ready` event, ms. */
  timeout: number;
  /** Silence that counts as a dead stream once the relay has sent a `ping` event, ms. */
  liveness: number;
  params(): StreamParams;
  /** The current token, for `POST /client` (read afresh for every request). */
  token(): string;
  /** Called for an event that breaks the protocol; the event is ignored. */
  invalid(error: WordSocketError): void;
}

/** HTTP statuses the relay answers before a stream starts, as the close codes they mean. */
const statusCodes: Record<number, number> = {
  401: CloseCode.TOKEN_INVALID,
  403: CloseCode.SITE_UNKNOWN,
  429: CloseCode.LIMIT,
};

/**
 * The Server-Sent Events transport (docs/protocol.md §8, §4.3) behind the same {@link Link} as a
 * WebSocket. Relay events are translated into WebSocket frames: `ready` becomes `auth_ok` and
 * `subscribed`, `message`/`error` keep their JSON, `close` ends the link with its code.
 *
 * A subscribe, unsubscribe or token refresh reopens the stream with `since` positions, so
 * nothing published in between is lost. Messages and presence go out as `POST /client`, binary
 * payloads as `POST /client/binary`. The browser's own EventSource reconnection is never used:
 * the client decides when and how to come back.
 */
export function openSse(options: SseLinkOptions, handlers: LinkHandlers): Promise<Link> {
  return new Promise((resolve, reject) => {
    let source: EventSourceLike | undefined;
    let link: Link | undefined;
    let connectionId: string | undefined;
    // Proves to `POST /client` that this stream is ours (§4.3); never shown to anyone else.
    let connectionSecret: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let pinged = false;
    let closed = false;

    const stop = () => {
      clearTimeout(timer);
      clearTimeout(reopen);
      clearTimeout(watchdog);
      source?.close();
      source = undefined;
    };

    const fail = (code: number, reason: LinkFailure['reason']) => {
      stop();
      closed = true;
      if (link) handlers.close(code, reason);
      else reject({ code, reason, fallback: false } satisfies LinkFailure);
    };

    const start = () => {
      const { token, channels, since } = options.params();
      let query = `?token=${encodeURIComponent(token)}&channels=${encodeURIComponent(channels.join(','))}`;
      if (Object.keys(since).length > 0)
        query += `&since=${encodeURIComponent(JSON.stringify(since))}`;

      const stream = new options.EventSource(`${options.base}/sse${query}`);
      source = stream;
      timer = setTimeout(() => fail(CloseCode.ABNORMAL, 'transport_failed'), options.timeout);

      const on = (type: string, listener: (event: { data?: unknown; code?: unknown }) => void) =>
        stream.addEventListener(type, (event) => {
          if (source !== stream) return;
          // EventSource hides the relay's `: ping` comments; its `ping` events (§8) are what
          // show a quiet stream is alive. Until one is seen, silence proves nothing.
          clearTimeout(watchdog);
          if (pinged) {
            watchdog = setTimeout(
              () => fail(CloseCode.ABNORMAL, 'liveness_timeout'),
              options.liveness,
            );
          }
          listener(event);
        });

      on('ping', () => {
        if (!pinged) {
          pinged = true;
          watchdog = setTimeout(
            () => fail(CloseCode.ABNORMAL, 'liveness_timeout'),
            options.liveness,
          );
        }
      });

      on('ready', (event) => {
        const ready = json(event.data);
        if (!ready) return bad('ready');

        clearTimeout(timer);
        const { connection_secret: secret, ...announcement } = ready;
        connectionId = typeof ready.connection_id === 'string' ? ready.connection_id : undefined;
        connectionSecret = typeof secret === 'string' ? secret : undefined;
        handlers.frame({
          type: 'auth_ok',
          exp: readClaims(token).exp,
          connection_id: connectionId,
        } as RelayFrame);
        if (!link) {
          link = create();
          resolve(link);
        }

        const subscribed = {
          type: 'subscribed',
          ...announcement,
          channels: announcement.channels ?? channels,
        };
        if (isFrame(subscribed)) handlers.frame(subscribed);
        else bad('ready');
      });

      on('message', (event) => {
        const frame = { type: 'message', ...json(event.data) };
        if (isFrame(frame)) handlers.frame(frame);
        else bad('message');
      });

      on('binary', (event) => {
        const body = json(event.data);
        try {
          if (typeof body?.channel !== 'string' || typeof body.data !== 'string') throw 0;
          handlers.binary(
            body.channel,
            Uint8Array.from(atob(body.data), (c) => c.charCodeAt(0)),
          );
        } catch {
          bad('binary');
        }
      });

      on('error', (event) => {
        if (typeof event.data !== 'string') {
          stop();
          const status = typeof event.code === 'number' ? event.code : undefined;
          const known = status === undefined && !link ? diagnose() : Promise.resolve(status ?? 0);
          void known.then((code) => {
            const closeCode = statusCodes[code] ?? CloseCode.ABNORMAL;
            fail(closeCode, reasonFor(closeCode));
          });
          return;
        }

        const frame = { type: 'error', ...json(event.data) };
        if (isFrame(frame)) handlers.frame(frame);
        else bad('error');
      });

      on('close', (event) => {
        const code = json(event.data)?.code;
        const known = typeof code === 'number' ? code : CloseCode.ABNORMAL;
        fail(known, reasonFor(known));
      });
    };

    const bad = (type: string) =>
      options.invalid(new WordSocketError('bad_frame', `the relay sent a malformed ${type} event`));

    const post = async (path: string, body: string | Uint8Array, type: string) => {
      if (!options.fetch)
        throw new WordSocketError('http_error', 'no fetch to send frames over SSE');

      // Called detached: a browser's fetch refuses any `this` but the window ("Illegal invocation").
      const fetch = options.fetch;
      const response = await fetch(`${options.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token()}`, 'content-type': type },
        body,
      });

      return { status: response.status, body: await response.json().catch(() => undefined) };
    };

    // A browser's EventSource hides why a stream was refused. The same token sent to
    // `POST /client` with an empty frame is answered 401/403/429 when the token or site is the
    // problem, and 400 (invalid_request) when it is not: one request, only after a failure.
    const diagnose = async () => {
      try {
        return (await post('/client', '{}', 'application/json')).status;
      } catch {
        return 0;
      }
    };

    const sendFrame = async (frame: Record<string, unknown>) => {
      const refusal = (code: unknown, message: unknown) =>
        ({
          type: 'error',
          code: typeof code === 'string' ? code : 'http_error',
          message: typeof message === 'string' ? message : 'the relay refused the frame',
          ref: frame.ref,
          channel: frame.channel,
        }) as RelayFrame;

      try {
        const { status, body } = await post('/client', JSON.stringify(frame), 'application/json');
        if (closed) return;
        if (status < 300 && isFrame(body)) handlers.frame(body);
        else if (status >= 300) {
          const error = (body ?? {}) as Record<string, unknown>;
          handlers.frame(refusal(error.error, error.message));
        }
      } catch (cause) {
        if (!closed) handlers.frame(refusal('http_error', String(cause)));
      }
    };

    const create = (): Link => ({
      name: 'sse',
      get connectionId() {
        return connectionId;
      },
      send(frame) {
        if (closed) return;

        const type = frame.type;
        if (type === 'subscribe' || type === 'unsubscribe' || type === 'auth') {
          clearTimeout(reopen);
          reopen = setTimeout(() => {
            stop();
            start();
          });
        } else if (type === 'message') {
          void sendFrame(frame);
        } else if (type === 'presence') {
          void sendFrame({
            ...frame,
            connection_id: connectionId,
            connection_secret: connectionSecret,
          });
        }
      },
      async sendBinary(channel, data) {
        // With the stream's connection id the relay leaves the sender out, as on WebSocket.
        let path = `/client/binary?channel=${encodeURIComponent(channel)}`;
        if (connectionId !== undefined && connectionSecret !== undefined) {
          path += `&connection_id=${encodeURIComponent(connectionId)}&connection_secret=${encodeURIComponent(connectionSecret)}`;
        }
        const { status, body } = await post(path, data, 'application/octet-stream');
        if (status >= 300) {
          const code = (body as { error?: unknown } | undefined)?.error;
          throw new WordSocketError(
            typeof code === 'string' ? (code as 'forbidden') : 'http_error',
            `binary publish refused with HTTP ${status}`,
            { channel },
          );
        }
      },
      probe() {},
      close() {
        closed = true;
        stop();
      },
    });

    start();
  });
}

function json(data: unknown): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(String(data));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
