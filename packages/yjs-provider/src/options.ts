import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

import type { YjsCipher } from './cipher';
import type { YjsConnection } from './connection';

/**
 * The Yjs functions the provider calls. Pass the module your document was made with
 * (`import * as Y from 'yjs'`, or the `Y` the block editor hands a provider creator): the provider
 * never imports Yjs itself, because two copies of Yjs on one document corrupt it.
 */
export type YjsFunctions = Pick<
  typeof Y,
  'applyUpdate' | 'decodeStateVector' | 'encodeStateAsUpdate' | 'encodeStateVector' | 'mergeUpdates'
>;

/** Default largest payload of one chunk: a quarter of the relay's 2 MiB frame limit. */
export const DEFAULT_CHUNK_BYTES = 512 * 1024;

/** Default largest whole message (a document's full state, for a late joiner): 16 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Default wait before resyncing after the connection reported lost frames. */
export const DEFAULT_RESYNC_DELAY_MS = 1000;

/** Options of {@link YjsProvider}. */
export interface YjsProviderOptions {
  /** The connection that carries the channel. */
  connection: YjsConnection;
  /** The channel (see `yjsChannelName`). */
  channel: string;
  /** The document to sync. */
  doc: Y.Doc;
  /** The Yjs module `doc` belongs to. */
  Y: YjsFunctions;
  /** Presence to share with the peers; without it only the document syncs. */
  awareness?: Awareness;
  /** Largest payload per binary frame before a message is split; default 512 KiB. */
  chunkBytes?: number;
  /**
   * Largest message sent or assembled; default 16 MiB. A local message past it is not sent
   * (`document-size-limit-exceeded`); a peer's is dropped (`remote-message-too-large`).
   */
  maxMessageBytes?: number;
  /**
   * Wait before resyncing when the connection reports that frames may have been dropped (the
   * relay's rate limit); default 1000 ms, one rate window.
   */
  resyncDelayMs?: number;
  /**
   * Apply what peers send one task after it arrives, in arrival order, instead of at once;
   * default false. The WordPress editor records the local caret in a timer after each key, and a
   * remote change applied before that timer runs puts the caret back where it was before the key.
   */
  deferRemoteChanges?: boolean;
  /**
   * Makes the room relay-blind: every message is sealed with this cipher before it leaves (and
   * before it is split into chunks), and only messages that open under it are applied. Build one
   * with `roomCipher(key, channel)`. Every peer of the room must use the same key; a message that
   * does not open, and any plain message, is dropped and reported as `decrypt-failed`.
   */
  cipher?: YjsCipher;
}
