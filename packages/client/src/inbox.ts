import { WordSocketError } from './errors.js';
import type { Message, MessageOrigin } from './events.js';
import type { ChannelKey } from './options.js';

/** How many v2 inner ids are remembered to drop duplicates. */
const SEEN_IDS = 2048;

type Envelope = typeof import('@wordsocket/crypto/envelope');
let envelope: Promise<Envelope> | undefined;

/**
 * Loads the envelope code of `@wordsocket/crypto` on first use. It is kept out of the entry
 * chunk: the client asks for it at `connect()` when a key callback is set, so it arrives while
 * the connection is being set up, and pages without encrypted channels never download it.
 */
export function loadEnvelope(): Promise<Envelope> {
  envelope ??= import('@wordsocket/crypto/envelope');

  return envelope;
}

type KeyLookup = (channel: string) => ChannelKey | Promise<ChannelKey>;

/** A relay `message` frame as the inbox takes it. */
export interface InboundMessage {
  channel: string;
  event: string;
  data: unknown;
  id?: string | undefined;
  origin?: unknown;
}

/**
 * The ordered delivery line of a client. Everything the application sees passes through one
 * promise chain, so a message that waits for decryption is never overtaken by a later one, and a
 * state change is announced after the messages that preceded it.
 *
 * Encrypted messages (event `encrypted`) are opened with the key of their channel; a v2 message
 * whose inner id was already delivered is dropped. A failure becomes an error, never a message.
 */
export class Inbox {
  #chain: Promise<void> = Promise.resolve();
  readonly #keys = new Map<string, Promise<Uint8Array | undefined>>();
  readonly #seen = new Set<string>();

  readonly #getKey: KeyLookup | undefined;
  readonly #deliver: (message: Message) => void;
  readonly #fail: (error: WordSocketError) => void;

  constructor(
    getKey: KeyLookup | undefined,
    deliver: (message: Message) => void,
    fail: (error: WordSocketError) => void,
  ) {
    this.#getKey = getKey;
    this.#deliver = deliver;
    this.#fail = fail;
  }

  /** Runs `task` after everything queued before it. */
  run(task: () => unknown): void {
    this.#chain = this.#chain.then(task).then(undefined, (error) => this.#fail(asError(error)));
  }

  /** Queues a relay message for delivery: opened if encrypted, dropped if a duplicate. */
  push(frame: InboundMessage): void {
    const origin: MessageOrigin =
      frame.origin === 'server' || frame.origin === 'client' ? frame.origin : 'unknown';
    const base = { channel: frame.channel, id: frame.id, origin };

    if (frame.event !== 'encrypted') {
      this.run(() =>
        this.#deliver({
          ...base,
          event: frame.event,
          data: frame.data,
          encryption: 0,
          sealedAt: undefined,
        }),
      );
      return;
    }

    const opening = this.#open(frame);
    this.run(async () => {
      const opened = await opening;
      if (!opened) return;

      if (opened.version === 2) {
        if (this.#seen.has(opened.id)) return;
        this.#remember(opened.id);
      }

      this.#deliver({
        ...base,
        event: opened.event,
        data: opened.data,
        encryption: opened.version,
        sealedAt: opened.version === 2 ? opened.ts : undefined,
      });
    });
  }

  /** Forgets a channel's cached key, so that the next message asks `getChannelKey` again. */
  forgetKey(channel: string): void {
    this.#keys.delete(channel);
  }

  async #open(frame: InboundMessage) {
    const channel = frame.channel;
    try {
      const envelope = await loadEnvelope();
      const key = await this.#key(channel, envelope);
      if (!key) {
        this.#keys.delete(channel);
        this.#fail(new WordSocketError('key_unavailable', `no key for ${channel}`, { channel }));
        return undefined;
      }

      return await envelope.openMessage(frame, { v1Key: key, channelKey: key, channel });
    } catch (cause) {
      this.#keys.delete(channel);
      this.#fail(
        new WordSocketError('decrypt_failed', `undecryptable message on ${channel}`, {
          channel,
          cause,
        }),
      );
      return undefined;
    }
  }

  #key(channel: string, envelope: Envelope): Promise<Uint8Array | undefined> {
    let key = this.#keys.get(channel);
    if (!key) {
      const lookup = this.#getKey;
      key = lookup
        ? Promise.resolve(lookup(envelope.bareChannel(channel))).then((value) =>
            typeof value === 'string' ? envelope.fromBase64(value) : (value ?? undefined),
          )
        : Promise.resolve(undefined);
      this.#keys.set(channel, key);
    }

    return key;
  }

  #remember(id: string): void {
    this.#seen.add(id);
    if (this.#seen.size > SEEN_IDS) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}

function asError(error: unknown): WordSocketError {
  return error instanceof WordSocketError
    ? error
    : new WordSocketError('bad_frame', 'a delivery step failed', { cause: error });
}
