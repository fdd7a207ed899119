import { splitMessage } from './chunking';
import type { YjsCipher } from './cipher';
import type { YjsConnection } from './connection';
import { YjsProviderError } from './errors';
import { encodeSealed, encodeUpdate } from './messages';
import type { YjsFunctions } from './options';
import { Sequencer } from './sequencer';

/** What an {@link Outbox} needs from its provider. */
export interface OutboxOptions {
  connection: YjsConnection;
  channel: string;
  Y: YjsFunctions;
  cipher: YjsCipher | undefined;
  chunkBytes: number;
  maxMessageBytes: number;
  /** Whether messages may leave now (the channel is subscribed); checked at every publish. */
  canPublish: () => boolean;
  /** Reports `encrypt-failed` and `document-size-limit-exceeded`. */
  report: (error: YjsProviderError) => void;
}

/**
 * The outgoing path of a provider: merges the local updates of one synchronous burst, seals every
 * message in an encrypted room (results leave in the order the messages were published), and puts
 * each on the wire, split into chunks when it is larger than one frame.
 */
export class Outbox {
  private readonly options: OutboxOptions;
  private readonly sealing = new Sequencer();
  private updates: Uint8Array[] = [];

  constructor(options: OutboxOptions) {
    this.options = options;
  }

  /** Queues a local update; the updates of one synchronous burst leave as one merged update. */
  queueUpdate(update: Uint8Array): void {
    this.updates.push(update);
    if (this.updates.length === 1) void Promise.resolve().then(() => this.flushUpdates());
  }

  /** Publishes the queued local updates now, merged into one update. */
  flushUpdates(): void {
    const updates = this.updates;
    if (updates.length === 0) return;

    this.updates = [];
    const [first] = updates;
    const merged = updates.length === 1 && first ? first : this.options.Y.mergeUpdates(updates);
    this.publish(encodeUpdate(merged));
  }

  /** Sends one whole y-protocols message, sealed first in an encrypted room. */
  publish(message: Uint8Array): void {
    if (!this.options.canPublish()) return;

    const cipher = this.options.cipher;
    if (!cipher) {
      this.send(message);
      return;
    }

    this.sealing.push(
      () => cipher.seal(message),
      (box) => this.send(encodeSealed(box)),
      (cause) => {
        this.options.report(
          new YjsProviderError('encrypt-failed', 'could not seal a message', { cause }),
        );
      },
    );
  }

  /** Forgets the queued local updates and every message still being sealed. */
  discard(): void {
    this.updates = [];
    this.sealing.cancel();
  }

  /** Resolves once every message published so far has been sent or dropped. */
  idle(): Promise<void> {
    return this.sealing.idle();
  }

  /** Calls `callback` once every message published so far has been sent: at once if none waits. */
  afterSent(callback: () => void): void {
    if (this.sealing.pending === 0) callback();
    else void this.sealing.idle().then(callback);
  }

  /** Puts a whole message on the wire, split into chunks when it is larger than one frame. */
  private send(message: Uint8Array): void {
    const { connection, channel, chunkBytes, maxMessageBytes } = this.options;
    if (message.length > maxMessageBytes) {
      this.options.report(
        new YjsProviderError(
          'document-size-limit-exceeded',
          `a ${message.length}-byte message exceeds the ${maxMessageBytes}-byte limit`,
        ),
      );
      return;
    }

    if (message.length <= chunkBytes) {
      connection.publishBinary(channel, message);
      return;
    }

    for (const chunk of splitMessage(message, chunkBytes, randomId())) {
      connection.publishBinary(channel, chunk);
    }
  }
}

function randomId(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
