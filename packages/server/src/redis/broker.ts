import type { Broker, BrokerControl, BrokerListener, BrokerMessage } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import { decodeBrokerMessage, decodeControl, encodeBrokerMessage, encodeControl } from './codec.js';

/** What a {@link RedisBroker} reports instead of throwing. */
export interface RedisBrokerHooks {
  /** A message arrived on one of our Redis channels but could not be decoded. */
  onUndecodable?: (redisChannel: string) => void;
  /** The subscribing connection failed (it keeps reconnecting and resubscribes). */
  onError?: (error: Error) => void;
}

/**
 * Cross-node fan-out over Redis pub/sub. Each relay channel is the Redis channel
 * `{prefix}ch:{channel}`; control events travel on `{prefix}control`. One connection publishes,
 * a duplicate of it subscribes (a subscribed Redis connection can do nothing else). Redis keeps
 * the order of messages from one publishing connection, which gives the per-node order the
 * `Broker` contract asks for.
 */
export class RedisBroker implements Broker {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #controlChannel: string;
  readonly #onUndecodable: (redisChannel: string) => void;

  /**
   * @param publisher a ready connection; the broker duplicates it for subscribing and closes
   *   only the duplicate.
   */
  constructor(publisher: Redis, prefix: string, hooks: RedisBrokerHooks = {}) {
    this.#publisher = publisher;
    this.#subscriber = publisher.duplicate();
    this.#subscriber.on('error', hooks.onError ?? (() => {}));
    this.#prefix = `${prefix}ch:`;
    this.#controlChannel = controlChannel(prefix);
    this.#onUndecodable = hooks.onUndecodable ?? (() => {});
  }

  async start(listener: BrokerListener): Promise<void> {
    this.#subscriber.on('messageBuffer', (channelBytes: Buffer, bytes: Buffer) => {
      const redisChannel = channelBytes.toString('utf8');

      if (redisChannel === this.#controlChannel) {
        const event = decodeControl(bytes);
        if (event) listener.control(event);
        else this.#onUndecodable(redisChannel);
        return;
      }

      if (!redisChannel.startsWith(this.#prefix)) return;

      const message = decodeBrokerMessage(bytes);
      if (message) listener.message(redisChannel.slice(this.#prefix.length), message);
      else this.#onUndecodable(redisChannel);
    });

    await this.#subscriber.subscribe(this.#controlChannel);
  }

  async publish(channel: string, message: BrokerMessage): Promise<void> {
    await this.#publisher.publish(this.#prefix + channel, encodeBrokerMessage(message));
  }

  async subscribe(channel: string): Promise<void> {
    await this.#subscriber.subscribe(this.#prefix + channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    await this.#subscriber.unsubscribe(this.#prefix + channel);
  }

  async broadcast(event: BrokerControl): Promise<void> {
    await this.#publisher.publish(this.#controlChannel, encodeControl(event));
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
  }
}

/** The Redis channel control events travel on. */
export function controlChannel(prefix: string): string {
  return `${prefix}control`;
}

/**
 * Sends a control event to every node listening under `prefix`, without a broker of its own:
 * the CLI uses it so that `remove` closes the site's sockets on running nodes.
 */
export async function broadcastControl(
  redis: Redis,
  prefix: string,
  event: BrokerControl,
): Promise<void> {
  await redis.publish(controlChannel(prefix), encodeControl(event));
}
