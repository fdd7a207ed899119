import { decodeBinaryFrame, encodeBinaryFrame } from './binary.js';
import { CloseCode, reasonFor } from './codes.js';
import { WordSocketError } from './errors.js';
import { parseFrame } from './frames.js';
import type { Link, LinkFailure, LinkHandlers } from './link.js';
import type { WebSocketConstructor, WebSocketLike } from './options.js';

/** Settings of one WebSocket attempt. */
export interface WebSocketLinkOptions {
  WebSocket: WebSocketConstructor;
  /** The `ws://…/ws` URL, without a token: the token travels in the first frame (§5.1). */
  url: string;
  token: string;
  /** Time allowed to open and receive `auth_ok`, ms. */
  timeout: number;
  /** Silence that counts as a dead connection, ms (§5.7). */
  liveness: number;
  /** Called for a frame that breaks the protocol; the frame is ignored. */
  invalid(error: WordSocketError): void;
}

/** A relay close code, as opposed to the local 1005/1006 of a transport that simply failed. */
const relayCodes = new Set<number>(Object.values(CloseCode).filter((c) => c !== 1006));

/**
 * Opens a WebSocket, authenticates with a first `auth` frame, and resolves with the link once
 * `auth_ok` arrives. Rejects with a {@link LinkFailure} when the upgrade fails, the relay closes
 * the socket, or nothing answers within `timeout`; the socket is closed before the promise
 * settles, so a timed-out attempt never lingers next to the next one.
 */
export function openWebSocket(
  options: WebSocketLinkOptions,
  handlers: LinkHandlers,
): Promise<Link> {
  return new Promise((resolve, reject) => {
    const socket = new options.WebSocket(options.url);
    socket.binaryType = 'arraybuffer';
    // A failed socket also fires `close`, which is where it is handled.
    socket.onerror = () => {};

    let opened = false;
    let link: Link | undefined;
    let connectionId: string | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let probe: ReturnType<typeof setTimeout> | undefined;

    const end = () => {
      clearTimeout(timer);
      clearTimeout(watchdog);
      clearTimeout(probe);
      socket.onopen = socket.onmessage = socket.onclose = null;
      shut(socket);
    };

    const lose = (code: number, reason: LinkFailure['reason'], fallback: boolean) => {
      end();
      if (link) handlers.close(code, reason);
      else reject({ code, reason, fallback } satisfies LinkFailure);
    };

    const alive = () => {
      clearTimeout(watchdog);
      clearTimeout(probe);
      probe = undefined;
      watchdog = setTimeout(
        () => lose(CloseCode.ABNORMAL, 'liveness_timeout', false),
        options.liveness,
      );
    };

    const timer = setTimeout(
      () => lose(CloseCode.ABNORMAL, opened ? 'auth_timeout' : 'transport_failed', true),
      options.timeout,
    );

    socket.onopen = () => {
      opened = true;
      socket.send(JSON.stringify({ type: 'auth', token: options.token }));
    };

    socket.onmessage = ({ data }: { data: unknown }) => {
      alive();

      if (typeof data !== 'string') {
        if (!link) return;
        try {
          const { channel, data: payload } = decodeBinaryFrame(toBytes(data));
          handlers.binary(channel, payload);
        } catch (error) {
          options.invalid(error as WordSocketError);
        }
        return;
      }

      const frame = parseFrame(data);
      if (frame === null) return;
      if (!frame) {
        options.invalid(
          new WordSocketError('bad_frame', 'the relay sent a frame that does not parse'),
        );
        return;
      }

      if (frame.type === 'ping') {
        socket.send('{"type":"pong"}');
        return;
      }

      if (!link && frame.type === 'auth_ok') {
        clearTimeout(timer);
        connectionId = frame.connection_id;
        link = create();
        resolve(link);
      }
      handlers.frame(frame);
    };

    socket.onclose = ({ code }: { code: number }) => {
      const fromRelay = relayCodes.has(code) && code !== CloseCode.NORMAL;
      lose(
        fromRelay ? code : CloseCode.ABNORMAL,
        fromRelay ? reasonFor(code) : 'transport_closed',
        !fromRelay,
      );
    };

    const create = (): Link => ({
      name: 'websocket',
      get connectionId() {
        return connectionId;
      },
      send(frame) {
        if (socket.readyState === 1) socket.send(JSON.stringify(frame));
      },
      async sendBinary(channel, data) {
        if (socket.readyState !== 1) {
          throw new WordSocketError('connection_lost', 'the connection is not open', { channel });
        }
        socket.send(encodeBinaryFrame(channel, data));
      },
      probe(timeout) {
        if (probe !== undefined || socket.readyState !== 1) return;
        socket.send('{"type":"ping"}');
        probe = setTimeout(() => lose(CloseCode.ABNORMAL, 'liveness_timeout', false), timeout);
      },
      close: end,
    });
  });
}

/** Closes a socket without waiting for the peer: `terminate()` where it exists (`ws`). */
function shut(socket: WebSocketLike): void {
  try {
    const terminate = (socket as { terminate?: () => void }).terminate;
    if (typeof terminate === 'function') terminate.call(socket);
    else socket.close(CloseCode.NORMAL);
  } catch {
    // A socket still connecting may refuse close(); it is already detached from every handler.
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);

  return new Uint8Array(0);
}
