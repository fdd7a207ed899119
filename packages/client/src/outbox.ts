import { WordSocketError } from './errors.js';
import type { Link } from './link.js';
import { checkBinary, checkMessage } from './payload.js';

/** The relay's answer to a publish. */
export interface PublishAck {
  /** The message's position in its channel's log. */
  id: string;
}

interface Item {
  channel: string;
  frame?: Record<string, unknown>;
  bytes?: Uint8Array;
  resolve(value: never): void;
  reject(error: WordSocketError): void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Publishes waiting for a connection, and publishes waiting for their ack. The waiting queue is
 * bounded: one publish too many is rejected with `queue_full` at once, never dropped quietly.
 * When a connection ends, publishes awaiting an ack are rejected with `connection_lost`, since
 * the relay may or may not have taken them; queued ones stay for the next connection.
 */
export class Outbox {
  #queue: Item[] = [];
  readonly #inflight = new Map<string, Item>();
  #sequence = 0;

  readonly #limit: number;
  readonly #ackTimeout: number;
  readonly #maxFrameBytes: number;

  /**
   * @param limit - publishes kept while offline
   * @param ackTimeout - how long a sent publish waits for its ack, ms
   * @param maxFrameBytes - the relay's frame limit; a larger publish is refused before queueing
   */
  constructor(limit: number, ackTimeout: number, maxFrameBytes: number) {
    this.#limit = limit;
    this.#ackTimeout = ackTimeout;
    this.#maxFrameBytes = maxFrameBytes;
  }

  /**
   * Queues a JSON message; resolves with its position once acked, rejects at once with
   * `payload_too_large` when its frame is over the relay's limit.
   *
   * @throws WordSocketError `invalid_payload` when `data` has no JSON form; nothing is queued
   */
  message(channel: string, event: string, data: unknown): Promise<PublishAck> {
    const ref = `p${++this.#sequence}`;
    const tooLarge = checkMessage({ channel, event, ref }, data, this.#maxFrameBytes);
    if (tooLarge) return Promise.reject(tooLarge);

    return this.#add({ channel, frame: { type: 'message', channel, event, data, ref } });
  }

  /**
   * Queues a binary payload; resolves once it was handed to the transport, rejects at once with
   * `payload_too_large` when its frame is over the relay's limit.
   */
  binary(channel: string, bytes: Uint8Array): Promise<void> {
    const tooLarge = checkBinary(channel, bytes, this.#maxFrameBytes);
    if (tooLarge) return Promise.reject(tooLarge);

    return this.#add({ channel, bytes });
  }

  /** Sends everything queued over `link`. */
  flush(link: Link): void {
    const items = this.#queue;
    this.#queue = [];

    for (const item of items) {
      if (item.bytes) {
        link
          .sendBinary(item.channel, item.bytes)
          .then(() => item.resolve(undefined as never), item.reject);
        continue;
      }

      const ref = item.frame?.ref as string;
      this.#inflight.set(ref, item);
      item.timer = setTimeout(() => {
        this.settle(ref, new WordSocketError('ack_timeout', 'no ack from the relay', { ref }));
      }, this.#ackTimeout);
      try {
        link.send(item.frame as Record<string, unknown>);
      } catch (cause) {
        // Checked when queued; only data changed since then can fail here.
        this.settle(
          ref,
          new WordSocketError('invalid_payload', 'data is not JSON', { ref, cause }),
        );
      }
    }
  }

  /**
   * Settles the publish with `ref`: resolved with `id`, or rejected with `error`. Returns the
   * channel it was published on, or `undefined` for a ref this client never sent.
   */
  settle(ref: string, outcome: string | WordSocketError): string | undefined {
    const item = this.#inflight.get(ref);
    if (!item) return undefined;

    this.#inflight.delete(ref);
    clearTimeout(item.timer);
    if (typeof outcome === 'string') item.resolve({ id: outcome } as never);
    else item.reject(outcome);

    return item.channel;
  }

  /** Rejects every publish awaiting an ack with `connection_lost`. */
  disconnected(): void {
    for (const ref of [...this.#inflight.keys()]) {
      this.settle(
        ref,
        new WordSocketError('connection_lost', 'the connection ended before the ack', { ref }),
      );
    }
  }

  /** Rejects every publish, queued or in flight, with `error`. */
  clear(error: WordSocketError): void {
    for (const ref of [...this.#inflight.keys()]) this.settle(ref, error);
    for (const item of this.#queue.splice(0)) item.reject(error);
  }

  #add<T>(item: Omit<Item, 'resolve' | 'reject'>): Promise<T> {
    if (this.#queue.length >= this.#limit) {
      const error = new WordSocketError(
        'queue_full',
        `more than ${this.#limit} publishes waiting`,
        {
          channel: item.channel,
        },
      );
      return Promise.reject(error);
    }

    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ ...item, resolve: resolve as (value: never) => void, reject });
    });
  }
}
