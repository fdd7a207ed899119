import type * as Y from 'yjs';

import { YjsProviderError } from './errors';
import type { WholeMessage } from './inbox';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './messages';
import type { YjsFunctions } from './options';
import type { Presence } from './presence';

/** What a {@link SyncExchange} needs from its provider. */
export interface SyncExchangeOptions {
  doc: Y.Doc;
  Y: YjsFunctions;
  /** The origin of the updates this exchange applies (the provider), so they are not sent back. */
  origin: unknown;
  presence: Presence | undefined;
  /** Sends one whole y-protocols message. */
  publish: (message: Uint8Array) => void;
  /** Called with true when a peer answers this provider's sync step 1. */
  setSynced: (synced: boolean) => void;
  /** Reports a message that could not be applied, as `malformed-message`. */
  report: (error: YjsProviderError) => void;
}

/**
 * The y-protocols sync exchange: what a provider sends when its channel becomes subscribed, and
 * how it applies and answers what the peers send.
 */
export class SyncExchange {
  private readonly options: SyncExchangeOptions;

  constructor(options: SyncExchangeOptions) {
    this.options = options;
  }

  /**
   * Sends what a (re)connect sends: sync step 1, the delete set, and the local awareness state.
   * Peers answer with what this document lacks and ask for what they lack.
   */
  begin(): void {
    const { doc, Y, publish } = this.options;
    const stateVector = Y.encodeStateVector(doc);
    publish(encodeSyncStep1(stateVector));
    publish(encodeUpdate(Y.encodeStateAsUpdate(doc, stateVector)));
    this.options.presence?.sendLocal();
  }

  /** Applies one message from a peer and answers it; one that does not apply is reported. */
  handle(message: WholeMessage): void {
    const { doc, Y, origin, presence } = this.options;
    try {
      switch (message.type) {
        case 'sync-step-1':
          this.answerStep1(message.stateVector);
          break;
        case 'sync-step-2':
          Y.applyUpdate(doc, message.update, origin);
          this.options.setSynced(true);
          break;
        case 'update':
          Y.applyUpdate(doc, message.update, origin);
          break;
        case 'awareness':
          presence?.apply(message.update);
          break;
        case 'query-awareness':
          presence?.sendLocal();
          break;
        case 'ignored':
          break;
      }
    } catch (cause) {
      this.options.report(
        new YjsProviderError('malformed-message', `dropped an unreadable ${message.type}`, {
          cause,
        }),
      );
    }
  }

  /** Sends what the asker lacks, asks back for what this document lacks, and shares presence. */
  private answerStep1(theirVector: Uint8Array): void {
    const { doc, Y, publish } = this.options;
    const theirs = Y.decodeStateVector(theirVector);
    publish(encodeSyncStep2(Y.encodeStateAsUpdate(doc, theirVector)));

    const ours = Y.encodeStateVector(doc);
    if (hasClockBeyond(theirs, Y.decodeStateVector(ours))) publish(encodeSyncStep1(ours));

    this.options.presence?.sendLocal();
  }
}

function hasClockBeyond(theirs: Map<number, number>, ours: Map<number, number>): boolean {
  for (const [client, clock] of theirs) {
    if (clock > (ours.get(client) ?? 0)) return true;
  }

  return false;
}
