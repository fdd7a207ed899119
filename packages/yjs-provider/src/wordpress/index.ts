/**
 * The `@wordpress/sync` adapter: a provider creator for the block editor's `sync.providers`
 * filter that syncs each entity over a WordSocket connection.
 *
 * Nothing here imports Yjs, y-protocols or @wordpress/sync at runtime: the editor hands the
 * creator its own `Y`, and the types come from @wordpress/sync at compile time only.
 *
 * @module
 */
import type {
  ConnectionStatus,
  ProviderCreator,
  ProviderCreatorOptions,
  ProviderCreatorResult,
} from '@wordpress/sync';

import { yjsChannelName } from '../channel';
import type { YjsConnection } from '../connection';
import type { YjsProviderError } from '../errors';
import { YjsProvider } from '../provider';
import {
  editorError,
  providerErrorCode,
  type StatusMappingOptions,
  toEditorStatus,
} from './status';

export type { EditorErrorCode, StatusMappingOptions } from './status';
export { editorError, haltCode, providerErrorCode, toEditorStatus } from './status';

/** Options of {@link createWordSocketProviderCreator}. */
export interface WordSocketProviderCreatorOptions extends StatusMappingOptions {
  /**
   * The connection to sync over, or a function that returns it (called once per entity, so a page
   * can open its connection lazily on the first synced entity).
   */
  connection: YjsConnection | (() => YjsConnection | Promise<YjsConnection>);
  /** Maps an entity to its channel; default `yjsChannelName(objectType, objectId)`. */
  channelName?: (objectType: string, objectId: string | null) => string;
  /** Passed to each {@link YjsProvider}. */
  chunkBytes?: number;
  /** Passed to each {@link YjsProvider}. */
  maxMessageBytes?: number;
  /** Called with every error a provider reports, for logging; the status already reflects it. */
  onError?: (error: YjsProviderError, channel: string) => void;
}

type StatusListener = (status: ConnectionStatus) => void;

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  if (a.status !== b.status) return false;
  if (a.status !== 'disconnected' || b.status !== 'disconnected') return true;

  return (
    a.error?.code === b.error?.code &&
    a.consecutiveFailures === b.consecutiveFailures &&
    a.backgroundRetriesFailed === b.backgroundRetriesFailed &&
    a.willAutoRetryInMs === b.willAutoRetryInMs
  );
}

/**
 * One entity's link as the editor sees it: replays the current status to every listener when it
 * is attached (the editor attaches after the creator resolves, by which time the status has
 * usually moved on), drops repeats, and keeps a terminal error once one happened.
 */
class EditorLink implements ProviderCreatorResult {
  private readonly listeners = new Set<StatusListener>();
  private current: ConnectionStatus;
  private failures = 0;
  private terminal = false;

  constructor(
    private readonly provider: YjsProvider,
    private readonly options: WordSocketProviderCreatorOptions,
  ) {
    this.current = this.map();
    provider.on('status', this.onStatus);
    provider.on('error', this.onError);
  }

  on: ProviderCreatorResult['on'] = (event, callback) => {
    if (event !== 'status') return;

    this.listeners.add(callback);
    callback(this.current);
  };

  destroy = (): void => {
    this.provider.destroy();
    this.listeners.clear();
  };

  private onStatus = (): void => {
    if (this.terminal) return;

    this.publish(this.map());
  };

  private onError = (error: YjsProviderError): void => {
    this.options.onError?.(error, this.provider.channel);

    const code = providerErrorCode(error);
    if (!code || this.terminal) return;

    this.terminal = true;
    this.publish({
      status: 'disconnected',
      error: editorError(code, error.message),
      canManuallyRetry: false,
    });
  };

  private map(): ConnectionStatus {
    const status = this.provider.status;
    if (status.status === 'connected') this.failures = 0;

    const attempt = status.connection.attempt;
    const counted = status.status === 'disconnected' && attempt === undefined;
    if (counted && this.current?.status !== 'disconnected') this.failures += 1;

    return toEditorStatus(status, attempt ?? this.failures, this.options);
  }

  private publish(next: ConnectionStatus): void {
    if (sameStatus(this.current, next)) return;

    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
  }
}

/**
 * Creates a `ProviderCreator` for the `sync.providers` filter of @wordpress/sync.
 *
 * Each synced entity gets a {@link YjsProvider} on `yjs:{objectType}:{objectId}` (a null id, as
 * for collections, becomes `collection`), using the `Y`, `ydoc` and optional `awareness` the
 * editor passes in.
 *
 * @example
 * ```ts
 * import { addFilter } from '@wordpress/hooks';
 * import { fromWordSocketClient } from '@wordsocket/yjs-provider';
 * import { createWordSocketProviderCreator } from '@wordsocket/yjs-provider/wordpress';
 *
 * const creator = createWordSocketProviderCreator({ connection: fromWordSocketClient(client) });
 * addFilter('sync.providers', 'wordsocket', () => [creator]);
 * ```
 */
export function createWordSocketProviderCreator(
  options: WordSocketProviderCreatorOptions,
): ProviderCreator {
  const channelName = options.channelName ?? yjsChannelName;

  return async (entity: ProviderCreatorOptions): Promise<ProviderCreatorResult> => {
    const connection =
      typeof options.connection === 'function' ? await options.connection() : options.connection;
    const provider = new YjsProvider({
      connection,
      channel: channelName(entity.objectType, entity.objectId),
      doc: entity.ydoc,
      awareness: entity.awareness,
      Y: entity.Y,
      chunkBytes: options.chunkBytes,
      maxMessageBytes: options.maxMessageBytes,
      deferRemoteChanges: true,
    });

    return new EditorLink(provider, options);
  };
}
