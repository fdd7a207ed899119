import { CloseCode, type TransportName } from './codes.js';
import type { WordSocketError } from './errors.js';
import type { Link, LinkFailure, LinkHandlers } from './link.js';
import type { ResolvedOptions } from './options.js';
import type { StreamParams } from './sse-link.js';
import { openWebSocket } from './websocket-link.js';

/** What opening a link takes besides the client's options. */
export interface LinkSettings {
  /** The relay's HTTP base URL, see {@link relayBase}. */
  base: string;
  /** The token the link authenticates with. */
  token: string;
  /** The newest token, for the requests an SSE link makes later. */
  latestToken(): string;
  /** What each SSE stream opens with: every channel, each from its last position. */
  stream(): Omit<StreamParams, 'token'>;
  /** Called for a frame that breaks the protocol; the frame is ignored. */
  invalid(error: WordSocketError): void;
}

/** The relay's HTTP base URL: `url` without trailing slashes, `ws(s):` turned into `http(s):`. */
export function relayBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/^ws(s?):/, 'http$1:');
}

/**
 * Opens a link over transport `name`. Rejects with a {@link LinkFailure}; a failure that is not
 * one (the SSE code did not load, a constructor threw) counts as a transport that failed.
 */
export function openLink(
  name: TransportName,
  options: ResolvedOptions,
  settings: LinkSettings,
  handlers: LinkHandlers,
): Promise<Link> {
  const timeout = options.connectTimeout;
  const liveness = options.livenessTimeout;
  const { base, token, invalid } = settings;

  const opening =
    name === 'websocket'
      ? openWebSocket(
          {
            WebSocket: options.WebSocket,
            url: `${base.replace(/^http/, 'ws')}/ws`,
            token,
            timeout,
            liveness,
            invalid,
          },
          handlers,
        )
      : // SSE is the fallback most pages never need, so it loads on first use.
        import('./sse-link.js').then(({ openSse }) =>
          openSse(
            {
              EventSource: options.EventSource,
              fetch: options.fetch,
              base,
              timeout,
              liveness,
              params: () => ({ token: settings.latestToken(), ...settings.stream() }),
              token: settings.latestToken,
              invalid,
            },
            handlers,
          ),
        );

  return opening.catch((error) => {
    throw typeof error?.code === 'number' ? error : transportFailed();
  });
}

/** The failure of a transport that did not open and gave no close code of its own. */
export function transportFailed(): LinkFailure {
  return { code: CloseCode.ABNORMAL, reason: 'transport_failed', fallback: true };
}
