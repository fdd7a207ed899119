import { assertChannel } from './assert.js';
import type { ClientState, TransportName } from './codes.js';
import { Connection } from './connection.js';
import { Emitter } from './emitter.js';
import { WordSocketError, type WordSocketErrorCode } from './errors.js';
import type { ClientEvents, PresenceMember } from './events.js';
import type { RelayFrame } from './frames.js';
import { Inbox, loadEnvelope } from './inbox.js';
import type { Link } from './link.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { Outbox, type PublishAck } from './outbox.js';
import { Roster } from './presence.js';
import { SubscriptionRegistry } from './subscriptions.js';

/**
 * The WordSocket transport client: one connection to a relay, WebSocket first and Server-Sent
 * Events when WebSockets do not get through, kept alive across sleep, network changes, relay
 * restarts and expiring tokens, with every subscribed channel recovered from where it left off.
 *
 * @example
 * ```ts
 * const client = new WordSocketClient({
 *   url: 'https://relay.example.com',
 *   getToken: () => fetch('/wp-json/wpsignal/v1/token').then((r) => r.json()).then((b) => b.token),
 * });
 * client.on('message', ({ channel, event, data }) => showNotice(channel, event, data));
 * client.subscribe('posts');
 * client.connect();
 * ```
 */
export class WordSocketClient extends Emitter<ClientEvents> {
  readonly #options: ResolvedOptions;
  readonly #inbox: Inbox;
  readonly #outbox: Outbox;
  readonly #roster = new Roster();
  readonly #subs = new SubscriptionRegistry();
  readonly #connection: Connection;

  /**
   * Creates a client; nothing happens until {@link WordSocketClient.connect}.
   *
   * @throws TypeError when `url` or `getToken` is missing, or no transport is available
   */
  constructor(options: ClientOptions) {
    super();
    this.#options = resolveOptions(options);
    const { maxQueue, ackTimeout, maxFrameBytes } = this.#options;
    this.#outbox = new Outbox(maxQueue, ackTimeout, maxFrameBytes);
    this.#inbox = new Inbox(
      this.#options.getChannelKey,
      (message) => this.emit('message', message),
      (error) => this.emit('error', error),
    );
    this.#connection = new Connection(this.#options, {
      fire: (event, payload) => this.#fire(event, payload),
      frame: (frame) => this.#onFrame(frame),
      binary: (channel, data) => {
        if (this.#subs.has(channel)) this.#fire('binary', { channel, data });
      },
      stream: () => this.#subs.openStream(),
      opening: () => this.#subs.forgetRequests(),
      adopted: (link) => this.#adopted(link),
      settled: () => this.#subs.settled,
      connected: () => this.#flush(),
      stopped: () => {
        this.#outbox.disconnected();
        this.#subs.disconnected();
        this.#roster.clear();
      },
      abandon: (error) => {
        this.#outbox.clear(error);
        this.#subs.rejectAll(error);
      },
    });
  }

  /** The current state. */
  get state(): ClientState {
    return this.#connection.state;
  }

  /** The transport of the current connection, while connected. */
  get transport(): TransportName | undefined {
    return this.#connection.transport;
  }

  /** The channels this client is subscribed to (confirmed or not), in subscription order. */
  get channels(): string[] {
    return this.#subs.channels;
  }

  /** Starts connecting. Does nothing unless the client is `idle` or `halted`. */
  connect(): this {
    const state = this.#connection.state;
    if (state !== 'idle' && state !== 'halted') return this;

    if (this.#options.getChannelKey) loadEnvelope().catch(() => undefined);
    this.#connection.start();

    return this;
  }

  /**
   * Ends the connection and stops reconnecting (state `idle`). Pending publishes and
   * subscription promises are rejected with `client_closed`; the subscription set is kept for a
   * later `connect()`.
   */
  close(): void {
    if (this.#connection.state !== 'idle') this.#connection.close();
  }

  /**
   * Adds `channel` to the subscription set. The set is replayed on every reconnect, each channel
   * from the last position seen, so nothing published meanwhile is missed.
   *
   * @returns a promise that resolves once the relay confirms, and rejects with a
   *   `WordSocketError` when it refuses (`forbidden`, `invalid_channel`, `too_many_channels`)
   * @throws TypeError when `channel` is not a non-empty string
   */
  subscribe(channel: string): Promise<void> {
    assertChannel(channel);
    if (this.#subs.isLive(channel)) return Promise.resolve();

    if (this.#subs.add(channel)) this.#request([channel]);

    return this.#subs.confirmation(channel);
  }

  /**
   * Removes `channel` from the subscription set (and its presence). Unknown channels are ignored.
   *
   * @throws TypeError when `channel` is not a non-empty string
   */
  unsubscribe(channel: string): void {
    assertChannel(channel);
    if (!this.#subs.has(channel)) return;

    this.#drop(
      channel,
      'requested',
      new WordSocketError('client_closed', 'unsubscribed', { channel }),
    );
    const link = this.#connection.link;
    if (link?.name === 'sse') {
      link.send({ type: 'unsubscribe' });
    } else if (link) {
      this.#subs.leave(channel);
      link.send({ type: 'unsubscribe', channels: [channel] });
    }
  }

  /**
   * Publishes a JSON message on `channel` (needs the token's publish grant). While offline it
   * waits in a bounded queue.
   *
   * @returns the relay's ack with the message's position; rejects with `queue_full`,
   *   `payload_too_large` (over `maxFrameBytes`, not sent), `ack_timeout`, `connection_lost`,
   *   `client_closed` or the relay's refusal code
   * @throws TypeError when `channel` or `event` is not a non-empty string
   * @throws WordSocketError `invalid_payload` when `data` has no JSON form (a BigInt, a cycle,
   *   `undefined`); nothing is queued or sent
   */
  publish(channel: string, event: string, data: unknown): Promise<PublishAck> {
    assertChannel(channel);
    assertChannel(event, 'event');

    const ack = this.#outbox.message(channel, event, data);
    this.#flush();

    return ack;
  }

  /**
   * Publishes a binary payload on `channel` (docs/protocol.md §5.6). The relay forwards it to
   * the channel's other subscribers; binary payloads are not acknowledged or kept in history.
   *
   * @returns a promise that resolves once the payload was handed to the transport; rejects with
   *   `payload_too_large` when the frame is over `maxFrameBytes` (not sent), `queue_full`,
   *   `connection_lost`, `client_closed` or the relay's refusal code
   * @throws TypeError when `data` is not a Uint8Array
   */
  publishBinary(channel: string, data: Uint8Array): Promise<void> {
    assertChannel(channel);
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');

    const sent = this.#outbox.binary(channel, data);
    this.#flush();

    return sent;
  }

  /**
   * Joins the presence set of a subscribed `channel` with `state` (a JSON object of at most
   * 2 KiB), updates it, or leaves with `null`. Re-announced after every reconnect.
   *
   * @throws TypeError when `channel` is not subscribed, or `state` is not an object or null
   */
  setPresence(channel: string, state: Record<string, unknown> | null): void {
    if (!this.#subs.has(channel)) {
      throw new TypeError(`setPresence: not subscribed to ${String(channel)}`);
    }
    if (typeof state !== 'object' || Array.isArray(state)) {
      throw new TypeError('presence state must be an object or null');
    }

    this.#subs.setPresence(channel, state ?? undefined);
    if (this.#subs.isLive(channel)) {
      this.#connection.link?.send({ type: 'presence', channel, state });
    }
  }

  /** The presence members of `channel` as last reported by the relay. */
  members(channel: string): PresenceMember[] {
    return this.#roster.members(channel);
  }

  /**
   * Checks the connection now: when waiting to reconnect, tries at once; when connected over
   * WebSocket, sends a `ping` and reconnects if nothing answers within `probeTimeout`. Called on
   * `online` and `visibilitychange`; call it yourself on other hints that the network changed.
   */
  probe(): void {
    this.#connection.probe();
  }

  #onFrame(frame: RelayFrame): void {
    switch (frame.type) {
      case 'message':
        this.#onMessage(frame);
        return;
      case 'subscribed':
        this.#onSubscribed(frame);
        return;
      case 'unsubscribed':
        for (const channel of frame.channels) {
          if (this.#subs.answers(channel) || !this.#subs.has(channel)) continue;
          this.#drop(
            channel,
            'revoked',
            new WordSocketError('forbidden', 'subscription revoked', { channel }),
          );
        }
        return;
      case 'auth_ok':
        this.#connection.authenticated();
        return;
      case 'ack': {
        const channel = this.#outbox.settle(frame.ref, frame.id);
        if (channel !== undefined) this.#fire('ack', { ref: frame.ref, id: frame.id, channel });
        return;
      }
      case 'error':
        this.#onError(frame);
        return;
    }
  }

  #onMessage(frame: Extract<RelayFrame, { type: 'message' }>): void {
    if (!this.#subs.advance(frame.channel, frame.id)) return;

    if (frame.event !== 'wps.presence') {
      this.#inbox.push(frame);
      if (this.#subs.caughtUp(frame.channel, frame.id)) this.#connection.checkReady();
      return;
    }

    const change = this.#roster.apply(frame.channel, frame.data);
    if (change) this.#fire('presence', change);
    else
      this.#fire(
        'error',
        new WordSocketError('bad_frame', 'malformed presence message', { channel: frame.channel }),
      );
  }

  #onSubscribed(frame: Extract<RelayFrame, { type: 'subscribed' }>): void {
    for (const channel of frame.channels) {
      const recovered = frame.recovered?.[channel];
      const confirmed = this.#subs.confirm(channel, frame.positions?.[channel], recovered);
      if (!confirmed) continue;

      if (recovered === false) this.#fire('gap', { channel, since: confirmed.since });
      this.#subs.release(channel);
      this.#fire('subscribed', { channel, recovered });
      if (confirmed.presence !== undefined) {
        this.#connection.link?.send({ type: 'presence', channel, state: confirmed.presence });
      }
    }

    this.#connection.checkReady();
  }

  #onError(frame: Extract<RelayFrame, { type: 'error' }>): void {
    const { channel, ref } = frame;
    const code = frame.code as WordSocketErrorCode;
    const error = new WordSocketError(code, frame.message ?? frame.code, { channel, ref });

    if (ref !== undefined && this.#outbox.settle(ref, error) !== undefined) return;

    const reason = channel === undefined ? undefined : this.#subs.refusal(channel, frame.code);
    if (channel !== undefined && reason !== undefined) {
      this.#drop(channel, reason, error);
      this.#connection.checkReady();
      // A revocation is announced by `unsubscribed` alone, as on WebSocket.
      if (reason === 'revoked') return;
    }

    this.#fire('error', error);
  }

  #drop(
    channel: string,
    reason: 'requested' | 'refused' | 'revoked',
    error: WordSocketError,
  ): void {
    if (!this.#subs.remove(channel, error)) return;

    this.#roster.clear(channel);
    this.#fire('unsubscribed', { channel, reason });
  }

  /** Asks a newly adopted link for the channels it does not carry yet. */
  #adopted(link: Link): void {
    if (link.name === 'websocket') this.#request(this.channels);
    else if (this.#subs.outsideStream()) link.send({ type: 'subscribe' });
  }

  /** Asks the relay for `channels` on the current link, from their last positions. */
  #request(channels: string[]): void {
    const link = this.#connection.link;
    if (!link || channels.length === 0) return;
    if (link.name === 'sse') {
      link.send({ type: 'subscribe' });
      return;
    }

    const since = this.#subs.resume(channels);
    link.send({ type: 'subscribe', channels, ...(Object.keys(since).length > 0 ? { since } : {}) });
  }

  #flush(): void {
    const link = this.#connection.link;
    if (this.#connection.state === 'connected' && link) this.#outbox.flush(link);
  }

  /** Emits through the inbox, so events keep their order relative to decrypted messages. */
  #fire<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    this.#inbox.run(() => this.emit(event, payload));
  }
}
