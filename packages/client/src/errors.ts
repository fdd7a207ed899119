/**
 * Error codes the relay sends in `error` frames and HTTP error bodies (docs/protocol.md §4,
 * §5.4), passed through unchanged.
 */
export type RelayErrorCode =
  | 'invalid_frame'
  | 'unknown_type'
  | 'invalid_channel'
  | 'forbidden'
  | 'not_subscribed'
  | 'payload_too_large'
  | 'too_many_channels'
  | 'rate_limited'
  | 'invalid_request'
  | 'unauthorized'
  | 'site_not_found'
  | 'quota_exceeded';

/**
 * Every code a {@link WordSocketError} can carry. Stable: switch on these, never on messages.
 *
 * - `queue_full`: a publish did not fit in the offline queue (`maxQueue`).
 * - `ack_timeout`: the relay did not acknowledge a publish within `ackTimeout`.
 * - `connection_lost`: the connection ended while a publish was awaiting its ack; it may or
 *   may not have been delivered.
 * - `client_closed`: `close()` was called while the operation was pending (a publish awaiting
 *   its ack may or may not have been delivered).
 * - `invalid_payload`: `publish()` was given `data` without a JSON form (a BigInt, a cycle,
 *   `undefined`); thrown at once, nothing is sent.
 * - `decrypt_failed`: an encrypted message did not open with its channel key.
 * - `key_unavailable`: no key for an encrypted message's channel (`getChannelKey`).
 * - `bad_frame`: the relay sent something that breaks the protocol; it was ignored.
 * - `token_failed`: `getToken()` threw or rejected (the `cause`); the client retries with backoff.
 * - `token_unavailable`: `getToken()` resolved without a token.
 * - `token_rejected`: the relay refused a freshly minted token.
 * - `site_unknown`: the relay does not know the token's site (close code 4003).
 * - `http_error`: an HTTP request of the SSE transport failed without a protocol error body.
 * - any {@link RelayErrorCode}: the relay refused a frame or request with that code. The client
 *   also rejects a publish with `payload_too_large` itself, without sending it, when its frame
 *   is over `maxFrameBytes`.
 */
export type WordSocketErrorCode =
  | 'queue_full'
  | 'ack_timeout'
  | 'connection_lost'
  | 'client_closed'
  | 'invalid_payload'
  | 'decrypt_failed'
  | 'key_unavailable'
  | 'bad_frame'
  | 'token_failed'
  | 'token_unavailable'
  | 'token_rejected'
  | 'site_unknown'
  | 'http_error'
  | RelayErrorCode;

/** Where an error belongs, when it concerns one channel or one publish. */
export interface WordSocketErrorDetails {
  /** The channel, as the application spelled it. */
  channel?: string;
  /** The publish `ref` the relay answered. */
  ref?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error class of the client: rejected promises and `error` events carry it. Misuse
 * (a channel that is not a string, a missing option) throws `TypeError` instead.
 *
 * @example
 * ```ts
 * client.publish('chat', 'said', { text }).catch((error) => {
 *   if (error instanceof WordSocketError && error.code === 'queue_full') showOffline();
 * });
 * ```
 */
export class WordSocketError extends Error {
  /** The stable code, see {@link WordSocketErrorCode}. */
  readonly code: WordSocketErrorCode;
  /** The channel this error concerns, if any. */
  readonly channel: string | undefined;
  /** The publish `ref` this error answers, if any. */
  readonly ref: string | undefined;

  constructor(code: WordSocketErrorCode, message: string, details: WordSocketErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WordSocketError';
    this.code = code;
    this.channel = details.channel;
    this.ref = details.ref;
  }
}
