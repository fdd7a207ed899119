import { describe, expect, it } from 'vitest';

import type { ConnectionSnapshot } from '../src/connection';
import { YjsProviderError, type YjsProviderErrorCode } from '../src/errors';
import type { ProviderStatus } from '../src/provider';
import { haltCode, providerErrorCode, toEditorStatus } from '../src/wordpress/status';

function disconnected(connection: ConnectionSnapshot): ProviderStatus {
  return { status: 'disconnected', connection };
}

describe('editor status mapping', () => {
  it('passes connecting and connected through without extra fields', () => {
    const connection: ConnectionSnapshot = { state: 'connected' };

    expect(toEditorStatus({ status: 'connected', connection }, 0)).toEqual({ status: 'connected' });
    expect(toEditorStatus({ status: 'connecting', connection }, 0)).toEqual({
      status: 'connecting',
    });
  });

  it('describes a retrying connection the way the editor dialog reads it', () => {
    const status = toEditorStatus(
      disconnected({ state: 'reconnecting', attempt: 2, retryInMs: 1500.2 }),
      2,
    );

    expect(status).toEqual({
      status: 'disconnected',
      canManuallyRetry: false,
      consecutiveFailures: 2,
      backgroundRetriesFailed: false,
      willAutoRetryInMs: 1501,
    });
  });

  it('says background retries failed once the failures pass the limit', () => {
    const status = toEditorStatus(disconnected({ state: 'reconnecting', retryInMs: 8000 }), 5, {
      backgroundRetryLimit: 4,
    });

    expect(status).toMatchObject({ backgroundRetriesFailed: true, willAutoRetryInMs: 8000 });
  });

  it('never announces a zero retry delay, which the dialog would read as no retry', () => {
    const status = toEditorStatus(disconnected({ state: 'reconnecting', retryInMs: 0 }), 1);

    expect(status).toMatchObject({ willAutoRetryInMs: 1 });
  });

  it('falls back to a retry delay when the connection does not give one', () => {
    const status = toEditorStatus(disconnected({ state: 'reconnecting' }), 1);

    expect(status).toMatchObject({ willAutoRetryInMs: 1000 });
  });

  it('reports a halted connection as an error with no retry', () => {
    const status = toEditorStatus(disconnected({ state: 'halted', closeCode: 4029 }), 3);

    expect(status).toMatchObject({ status: 'disconnected', canManuallyRetry: false });
    expect(status).not.toHaveProperty('willAutoRetryInMs');
    expect(status.status === 'disconnected' && status.error?.code).toBe(
      'connection-limit-exceeded',
    );
  });

  it('maps close codes and reasons to the editor error codes', () => {
    const cases: Array<[ConnectionSnapshot, string]> = [
      [{ state: 'halted', closeCode: 4001 }, 'authentication-failed'],
      [{ state: 'halted', closeCode: 4003 }, 'authentication-failed'],
      [{ state: 'halted', closeCode: 4029 }, 'connection-limit-exceeded'],
      [{ state: 'halted', closeCode: 1009 }, 'document-size-limit-exceeded'],
      [{ state: 'halted', closeCode: 1008 }, 'protocol-mismatch'],
      [{ state: 'halted', reason: 'unauthorized', closeCode: 1006 }, 'authentication-failed'],
      [{ state: 'halted', closeCode: 1011 }, 'unknown-error'],
      [{ state: 'halted' }, 'unknown-error'],
    ];

    for (const [snapshot, code] of cases) expect(haltCode(snapshot)).toBe(code);
  });

  it('keeps only errors about this editor final, never what a peer sent', () => {
    const cases: Array<[YjsProviderErrorCode, string | undefined]> = [
      ['document-size-limit-exceeded', 'document-size-limit-exceeded'],
      ['channel-refused', 'authentication-failed'],
      ['encrypt-failed', 'unknown-error'],
      ['remote-message-too-large', undefined],
      ['decrypt-failed', undefined],
      ['malformed-message', undefined],
    ];

    for (const [code, editorCode] of cases) {
      expect(providerErrorCode(new YjsProviderError(code, code))).toBe(editorCode);
    }
  });
});
