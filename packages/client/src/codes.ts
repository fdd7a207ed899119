/**
 * WebSocket close codes of docs/protocol.md §5.5, plus the two the WebSocket standard reserves
 * for a local observation. State changes carry one of these as `code`, or 0 when no connection
 * ended (a call to `connect()`, a timer).
 */
export const CloseCode = {
  /** The session ended on purpose. */
  NORMAL: 1000,
  /** The relay is going away (a browser navigating, a server stopping). */
  GOING_AWAY: 1001,
  /** The transport died without a close frame: network loss, liveness timeout, refused upgrade. */
  ABNORMAL: 1006,
  /** Repeated protocol violations. */
  POLICY: 1008,
  /** A frame over the relay's limit. */
  TOO_LARGE: 1009,
  /** The relay is restarting. */
  RESTARTING: 1012,
  /** The token is invalid, expired, or was replaced by one for another identity. */
  TOKEN_INVALID: 4001,
  /** The token's site is unknown or was removed. */
  SITE_UNKNOWN: 4003,
  /** No `auth` frame reached the relay in time. */
  AUTH_TIMEOUT: 4008,
  /** The relay's outbound queue for this connection overflowed. */
  SLOW_CONSUMER: 4009,
  /** The site's connection limit is reached. */
  LIMIT: 4029,
} as const;

/**
 * The client's states:
 * - `idle`: not started, or stopped by `close()`;
 * - `connecting`: an attempt is in progress (token, transport, authentication, subscriptions);
 * - `connected`: authenticated, every subscription confirmed and replayed;
 * - `reconnecting`: waiting before the next attempt;
 * - `halted`: stopped for a reason retrying cannot fix (see `reason`); `connect()` starts over.
 */
export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'halted';

/**
 * Why a state was entered. Stable strings:
 * `connect` (the application called `connect()`), `retry` (a backoff timer fired), `probe` (the
 * network came back or the page became visible), `ready` (connected), `closed` (the
 * application called `close()`), `transport_closed`, `transport_failed`, `liveness_timeout`,
 * `auth_timeout`, `token_expired`, `token_failed` (`getToken()` threw), `relay_restarting`,
 * `relay_limit` (4029), `slow_consumer` (4009), `policy` (1008), `frame_too_large` (1009),
 * and the terminal `token_rejected`, `token_unavailable`, `site_unknown`.
 */
export type StateReason =
  | 'connect'
  | 'retry'
  | 'probe'
  | 'ready'
  | 'closed'
  | 'transport_closed'
  | 'transport_failed'
  | 'liveness_timeout'
  | 'auth_timeout'
  | 'token_expired'
  | 'token_failed'
  | 'relay_restarting'
  | 'relay_limit'
  | 'slow_consumer'
  | 'policy'
  | 'frame_too_large'
  | 'token_rejected'
  | 'token_unavailable'
  | 'site_unknown';

/** The two transports, in the order the client tries them. */
export type TransportName = 'websocket' | 'sse';

/** The state reason a close code stands for. */
export function reasonFor(code: number): StateReason {
  switch (code) {
    case CloseCode.GOING_AWAY:
    case CloseCode.RESTARTING:
      return 'relay_restarting';
    case CloseCode.TOKEN_INVALID:
      return 'token_expired';
    case CloseCode.SITE_UNKNOWN:
      return 'site_unknown';
    case CloseCode.AUTH_TIMEOUT:
      return 'auth_timeout';
    case CloseCode.SLOW_CONSUMER:
      return 'slow_consumer';
    case CloseCode.LIMIT:
      return 'relay_limit';
    case CloseCode.POLICY:
      return 'policy';
    case CloseCode.TOO_LARGE:
      return 'frame_too_large';
    default:
      return 'transport_closed';
  }
}
