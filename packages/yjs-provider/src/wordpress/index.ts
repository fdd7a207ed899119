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
import { type RoomKey, roomCipher, type YjsCipher } from '../cipher';
import type { YjsConnection } from '../connection';
import type { YjsProviderError } from '../errors';
import { YjsProvider } from '../provider';
import { RefusedLink } from './refused-link';
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
  /**
   * Makes every room relay-blind: the key of a room by its bare channel name (32 bytes or their
   * base64; in WordPress the room's v2 channel key, `WPS.connection.channelKey`). Every message
   * is then sealed with it (see `roomCipher`). A room whose key is missing does not sync at all:
   * the editor is told `authentication-failed`, and nothing crosses the relay in the clear.
   */
  roomKey?: (channel: string) => RoomKey | null | undefined | Promise<RoomKey | null | undefined>;
}

/** The cipher of a room, or the reason it has none, when `roomKey` is set. */
async function cipherFor(
  roomKey: NonNullable<WordSocketProviderCreatorOptions['roomKey']>,
  channel: string,
): Promise<YjsCipher | string> {
  try {
    const key = await roomKey(channel);
    if (key === null || key === undefined) return `no key for the encrypted room ${channel}`;

    return roomCipher(key, channel);
  } catch (cause) {
    return `the key of the encrypted room ${channel} is unusable: ${String(cause)}`;
  }
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
 * editor passes in. With `roomKey`, every room is relay-blind (encrypted end to end).
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
    const channel = channelName(entity.objectType, entity.objectId);
    const [connection, cipher] = await Promise.all([
      typeof options.connection === 'function' ? options.connection() : options.connection,
      options.roomKey ? cipherFor(options.roomKey, channel) : undefined,
    ]);
    if (typeof cipher === 'string') return new RefusedLink('authentication-failed', cipher);

    const provider = new YjsProvider({
      connection,
      channel,
      doc: entity.ydoc,
      awareness: entity.awareness,
      Y: entity.Y,
      chunkBytes: options.chunkBytes,
      maxMessageBytes: options.maxMessageBytes,
      deferRemoteChanges: true,
      cipher,
    });

    return new EditorLink(provider, options);
  };
}
