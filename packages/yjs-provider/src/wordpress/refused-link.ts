import type { ConnectionStatus, ProviderCreatorResult } from '@wordpress/sync';

import { type EditorErrorCode, editorError } from './status';

/**
 * The editor's view of an entity that will not sync at all (its encrypted room has no key): a
 * terminal status, replayed to every listener, and nothing to tear down.
 */
export class RefusedLink implements ProviderCreatorResult {
  private readonly status: ConnectionStatus;

  constructor(code: EditorErrorCode, message: string) {
    this.status = {
      status: 'disconnected',
      error: editorError(code, message),
      canManuallyRetry: false,
    };
  }

  on: ProviderCreatorResult['on'] = (event, callback) => {
    if (event === 'status') callback(this.status);
  };

  destroy = (): void => undefined;
}
