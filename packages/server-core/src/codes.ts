/** WebSocket close codes of docs/protocol.md §5.5. */
export const CloseCode = {
  NORMAL: 1000,
  POLICY: 1008,
  TOO_LARGE: 1009,
  RESTARTING: 1012,
  TOKEN_INVALID: 4001,
  SITE_UNKNOWN: 4003,
  AUTH_TIMEOUT: 4008,
  SLOW_CONSUMER: 4009,
  LIMIT: 4029,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes of `error` frames (docs/protocol.md §5.4). */
export type FrameErrorCode =
  | 'invalid_frame'
  | 'unknown_type'
  | 'invalid_channel'
  | 'forbidden'
  | 'not_subscribed'
  | 'payload_too_large'
  | 'too_many_channels'
  | 'rate_limited';

/** Codes of HTTP error bodies (docs/protocol.md §4). */
export type HttpErrorCode =
  | 'invalid_request'
  | 'invalid_channel'
  | 'unauthorized'
  | 'invalid_signature'
  | 'stale_timestamp'
  | 'replayed'
  | 'forbidden'
  | 'not_subscribed'
  | 'unknown_site_key'
  | 'site_not_found'
  | 'payload_too_large'
  | 'quota_exceeded'
  | 'method_not_allowed'
  | 'not_found';

/** The HTTP status of each error code. */
export const HTTP_STATUS: Record<HttpErrorCode, number> = {
  invalid_request: 400,
  invalid_channel: 400,
  unauthorized: 401,
  invalid_signature: 401,
  stale_timestamp: 401,
  replayed: 409,
  forbidden: 403,
  not_subscribed: 400,
  unknown_site_key: 404,
  site_not_found: 403,
  payload_too_large: 413,
  quota_exceeded: 429,
  method_not_allowed: 405,
  not_found: 404,
};

/** Refusal of a request or a frame, with a stable code. */
export class RelayError extends Error {
  override readonly name = 'RelayError';

  constructor(
    readonly code: HttpErrorCode | FrameErrorCode,
    message: string,
    readonly details: { channel?: string; index?: number } = {},
  ) {
    super(message);
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return HTTP_STATUS[toHttpCode(this.code)];
  }
}

/** Maps a frame error code to the HTTP code that says the same (`POST /client`). */
export function toHttpCode(code: HttpErrorCode | FrameErrorCode): HttpErrorCode {
  switch (code) {
    case 'invalid_frame':
    case 'unknown_type':
      return 'invalid_request';
    case 'too_many_channels':
    case 'rate_limited':
      return 'quota_exceeded';
    default:
      return code;
  }
}
