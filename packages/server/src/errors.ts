/**
 * Every failure the reference server reports on purpose, each with a stable string code that
 * callers (and the CLI's exit path) can switch on.
 */
export type ServerErrorCode =
  | 'invalid_flag'
  | 'invalid_value'
  | 'unknown_command'
  | 'missing_argument'
  | 'invalid_admin_key'
  | 'site_not_found'
  | 'data_dir_unusable'
  | 'redis_unavailable'
  | 'redis_data_invalid';

/** An error the server raises on purpose; `code` is stable, `message` is for humans. */
export class ServerError extends Error {
  readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerError';
    this.code = code;
  }
}

/** Codes that mean the operator typed something wrong; the CLI exits 2 for these. */
export const USAGE_ERROR_CODES: ReadonlySet<ServerErrorCode> = new Set([
  'invalid_flag',
  'invalid_value',
  'unknown_command',
  'missing_argument',
  'invalid_admin_key',
]);
