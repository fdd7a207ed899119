import type { ConnectionStatus } from '@wordpress/sync';

import type { ConnectionSnapshot } from '../connection';
import type { YjsProviderError } from '../errors';
import type { ProviderStatus } from '../provider';

type DisconnectedStatus = Extract<ConnectionStatus, { status: 'disconnected' }>;
type EditorConnectionError = NonNullable<DisconnectedStatus['error']>;

/** The error codes the editor's connection dialog knows (`ConnectionErrorCode` of @wordpress/sync). */
export type EditorErrorCode =
  | 'authentication-failed'
  | 'connection-expired'
  | 'connection-limit-exceeded'
  | 'document-size-limit-exceeded'
  | 'protocol-mismatch'
  | 'unknown-error';

/** Tuning of the status mapping. */
export interface StatusMappingOptions {
  /**
   * Failed attempts the editor may sit through before its dialog opens; past this many the status
   * says `backgroundRetriesFailed`. Default 4, the editor's own schedule for the polling provider.
   */
  backgroundRetryLimit?: number;
  /** Retry delay to announce when the connection does not say; default 1000 ms. */
  fallbackRetryMs?: number;
}

/**
 * Builds the error object the editor reads (`code` and `message`). It is a plain `Error` named
 * `ConnectionError`, since importing the class from @wordpress/sync would load its Yjs.
 */
export function editorError(code: EditorErrorCode, message: string): EditorConnectionError {
  const error = new Error(message) as Error & { code: EditorErrorCode };
  error.name = 'ConnectionError';
  error.code = code;
  return error as unknown as EditorConnectionError;
}

const CLOSE_CODE_ERRORS: Record<number, EditorErrorCode> = {
  1008: 'protocol-mismatch',
  1009: 'document-size-limit-exceeded',
  4001: 'authentication-failed',
  4003: 'authentication-failed',
  4029: 'connection-limit-exceeded',
};

/** Terminal reasons of `@wordsocket/client` (its `StateReason`) and relay error codes. */
const REASON_ERRORS: Record<string, EditorErrorCode> = {
  token_rejected: 'authentication-failed',
  token_unavailable: 'authentication-failed',
  token_expired: 'connection-expired',
  site_unknown: 'authentication-failed',
  relay_limit: 'connection-limit-exceeded',
  frame_too_large: 'document-size-limit-exceeded',
  policy: 'protocol-mismatch',
  unauthorized: 'authentication-failed',
  forbidden: 'authentication-failed',
  site_not_found: 'authentication-failed',
  quota_exceeded: 'connection-limit-exceeded',
  payload_too_large: 'document-size-limit-exceeded',
};

/** The editor's code for why a connection halted: from its reason first, then its close code. */
export function haltCode(snapshot: ConnectionSnapshot): EditorErrorCode {
  const byReason = snapshot.reason === undefined ? undefined : REASON_ERRORS[snapshot.reason];
  if (byReason) return byReason;

  const byClose =
    snapshot.closeCode === undefined ? undefined : CLOSE_CODE_ERRORS[snapshot.closeCode];
  return byClose ?? 'unknown-error';
}

/**
 * The editor's code for a provider error that stops syncing, or undefined for one that does not.
 * `decrypt-failed` does not: a message that does not open is dropped and the room syncs on with
 * the peers that hold its key, so one misconfigured peer cannot stop the others. Nor does
 * `remote-message-too-large`: only a local document too large to send is final, since anyone on
 * the channel can announce an oversized message.
 */
export function providerErrorCode(error: YjsProviderError): EditorErrorCode | undefined {
  if (error.code === 'document-size-limit-exceeded') return 'document-size-limit-exceeded';
  if (error.code === 'channel-refused') return 'authentication-failed';
  if (error.code === 'encrypt-failed') return 'unknown-error';
  return undefined;
}

/**
 * Maps the provider's status to the shape the editor's connection dialog reads. A retrying
 * connection always carries a positive `willAutoRetryInMs` (the dialog treats a missing or zero
 * value as "cannot retry" and opens at once) and `backgroundRetriesFailed` once the failures pass
 * the limit. `canManuallyRetry` is false: the dialog's retry button reaches only the polling
 * provider.
 *
 * @param status - the provider's status
 * @param failures - consecutive failed attempts, counted by the caller when the connection does not
 */
export function toEditorStatus(
  status: ProviderStatus,
  failures: number,
  options: StatusMappingOptions = {},
): ConnectionStatus {
  if (status.status !== 'disconnected') return { status: status.status };

  const { connection } = status;
  if (connection.state === 'halted') {
    const code = haltCode(connection);
    const reason = connection.reason ?? `close code ${connection.closeCode ?? 'unknown'}`;
    return {
      status: 'disconnected',
      error: editorError(code, `The connection to the relay stopped (${reason}).`),
      canManuallyRetry: false,
    };
  }

  const limit = options.backgroundRetryLimit ?? 4;
  const retryIn = connection.retryInMs ?? options.fallbackRetryMs ?? 1000;
  return {
    status: 'disconnected',
    canManuallyRetry: false,
    consecutiveFailures: failures,
    backgroundRetriesFailed: failures > limit,
    willAutoRetryInMs: Math.max(1, Math.ceil(retryIn)),
  };
}
