import { Reassembler } from './chunking';
import type { YjsCipher } from './cipher';
import { YjsProviderError } from './errors';
import { decodeMessage, type ProtocolMessage } from './messages';
import { OneShotTimer } from './one-shot-timer';
import { Sequencer } from './sequencer';

/** A message the provider acts on: neither a chunk of one nor a sealed one. */
export type WholeMessage = Exclude<ProtocolMessage, { type: 'chunk' } | { type: 'sealed' }>;

type UnchunkedMessage = Exclude<ProtocolMessage, { type: 'chunk' }>;

/** What an {@link Inbox} needs from its provider. */
export interface InboxOptions {
  cipher: YjsCipher | undefined;
  maxMessageBytes: number;
  /** Handle payloads one task after they arrive, in arrival order, instead of at once. */
  deferRemoteChanges: boolean;
  /** Takes each message that decoded (and opened) whole, in arrival order. */
  deliver: (message: WholeMessage) => void;
  /** Reports `malformed-message`, `decrypt-failed` and `remote-message-too-large`. */
  report: (error: YjsProviderError) => void;
  /** A peer's message was dropped unread although it may have been sound; resync to recover it. */
  lost: () => void;
}

/**
 * The incoming path of a provider: turns the payloads of the channel into whole messages. It
 * decodes each payload, reassembles chunks, opens sealed messages in an encrypted room (in
 * arrival order) and refuses a plain message there or a sealed one in a plain room. What it
 * cannot read is reported and dropped; the next payload is handled as usual.
 */
export class Inbox {
  private readonly options: InboxOptions;
  private readonly reassembler: Reassembler;
  private readonly opening = new Sequencer();
  private readonly deferral = new OneShotTimer();
  private deferred: Uint8Array[] = [];
  private closed = false;

  constructor(options: InboxOptions) {
    this.options = options;
    this.reassembler = new Reassembler({
      maxMessageBytes: options.maxMessageBytes,
      onEvict: (heldBytes) => this.evicted(heldBytes),
    });
  }

  /** Takes one payload from the channel. */
  arrive(payload: Uint8Array): void {
    if (!this.options.deferRemoteChanges) {
      this.receive(payload);
      return;
    }

    this.deferred.push(payload);
    this.deferral.start(0, () => {
      for (const queued of this.deferred.splice(0)) this.receive(queued);
    });
  }

  /** Forgets what is still being opened and the chunks of unfinished messages (a lost link). */
  reset(): void {
    this.opening.cancel();
    this.reassembler.clear();
  }

  /** Drops everything not handled yet; nothing that arrives later is handled. */
  close(): void {
    this.deferred = [];
    this.deferral.cancel();
    this.opening.cancel();
    this.closed = true;
    this.reassembler.clear();
  }

  /** Resolves once every sealed message received so far has been opened or dropped. */
  idle(): Promise<void> {
    return this.opening.idle();
  }

  private receive(payload: Uint8Array): void {
    if (this.closed) return;

    let message: ProtocolMessage;
    try {
      message = decodeMessage(payload);
    } catch (cause) {
      this.unreadable(cause);
      return;
    }

    if (message.type === 'chunk') this.acceptChunk(message);
    else this.dispatch(message);
  }

  /** Adds a chunk to its message, and handles the message once its last chunk is in. */
  private acceptChunk(chunk: Extract<ProtocolMessage, { type: 'chunk' }>): void {
    const result = this.reassembler.accept(chunk.id, chunk.total, chunk.offset, chunk.bytes);
    if (result.kind === 'too-large') {
      const limit = this.options.maxMessageBytes;
      this.tooLarge(`dropped a ${result.total}-byte message from a peer; the limit is ${limit}`);
    } else if (result.kind === 'malformed') {
      this.options.report(new YjsProviderError('malformed-message', result.reason));
    } else if (result.kind === 'complete') {
      const whole = this.decodeUnchunked(result.message, 'a reassembled message is a chunk');
      if (whole) this.dispatch(whole);
    }
  }

  /** Decodes a message that must not be a chunk (reassembled, or opened). */
  private decodeUnchunked(bytes: Uint8Array, chunkReason: string): UnchunkedMessage | undefined {
    let message: ProtocolMessage;
    try {
      message = decodeMessage(bytes);
    } catch (cause) {
      this.unreadable(cause);
      return undefined;
    }

    if (message.type === 'chunk') {
      this.options.report(new YjsProviderError('malformed-message', chunkReason));
      return undefined;
    }

    return message;
  }

  /** Opens sealed messages in an encrypted room and refuses every other kind of mix. */
  private dispatch(message: UnchunkedMessage): void {
    const cipher = this.options.cipher;
    if (message.type === 'sealed') {
      if (!cipher) {
        this.decryptFailed('dropped an encrypted message in a plain room');
        return;
      }

      this.opening.push(
        () => cipher.open(message.box),
        (bytes) => this.receiveOpened(bytes),
        (cause) => this.decryptFailed('dropped a message that does not open with this key', cause),
      );
      return;
    }

    if (cipher) {
      const kind =
        message.type === 'ignored' ? `message of outer type ${message.messageType}` : message.type;
      this.decryptFailed(`dropped a plain ${kind} in an encrypted room`);
      return;
    }

    this.options.deliver(message);
  }

  private receiveOpened(bytes: Uint8Array): void {
    if (this.closed) return;

    const message = this.decodeUnchunked(bytes, 'an opened message is a chunk');
    if (!message) return;
    if (message.type === 'sealed') {
      this.options.report(new YjsProviderError('malformed-message', 'an opened message is sealed'));
      return;
    }

    this.options.deliver(message);
  }

  /** An unfinished message made room for others; a sound one comes back with the resync. */
  private evicted(heldBytes: number): void {
    this.tooLarge(`dropped an unfinished ${heldBytes}-byte part of a message to bound memory`);
    this.options.lost();
  }

  private tooLarge(reason: string): void {
    this.options.report(new YjsProviderError('remote-message-too-large', reason));
  }

  private unreadable(cause: unknown): void {
    this.options.report(
      new YjsProviderError('malformed-message', 'dropped an unreadable message', { cause }),
    );
  }

  private decryptFailed(reason: string, cause?: unknown): void {
    this.options.report(new YjsProviderError('decrypt-failed', reason, { cause }));
  }
}
