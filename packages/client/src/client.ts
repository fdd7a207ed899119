import { fullJitter } from './backoff.js';
import { type ClientState, CloseCode, type StateReason, type TransportName } from './codes.js';
import { Emitter } from './emitter.js';
import { WordSocketError, type WordSocketErrorCode } from './errors.js';
import type { ClientEvents, PresenceMember } from './events.js';
import type { RelayFrame } from './frames.js';
import { Inbox, loadEnvelope } from './inbox.js';
import { watchLifecycle } from './lifecycle.js';
import type { Link, LinkFailure, LinkHandlers } from './link.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { Outbox, type PublishAck } from './outbox.js';
import { isAfter } from './position.js';
import { Roster } from './presence.js';
import type { StreamParams } from './sse-link.js';
import { TokenSource } from './token.js';
import { openWebSocket } from './websocket-link.js';

interface Subscription {
  /** The newest position seen, where a resubscription continues from. */
  position: string | undefined;
  /** The position sent with the latest subscribe, reported in a `gap`. */
  since: string | undefined;
  /** Confirmed on the current connection. */
  live: boolean;
  /** The presence state to (re)announce, or undefined when not a member. */
  presence: unknown;
  waiters: { resolve(): void; reject(error: WordSocketError): void }[];
}

type Timer = ReturnType<typeof setTimeout> | undefined;

/** Error codes with which the relay refuses a subscription (docs/protocol.md §5.3). */
const refusals = new Set(['forbidden', 'invalid_channel', 'too_many_channels']);

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
  readonly #base: string;
  readonly #tokens: TokenSource;
  readonly #inbox: Inbox;
  readonly #outbox: Outbox;
  readonly #roster = new Roster();
  readonly #subs = new Map<string, Subscription>();
  readonly #awaiting = new Set<string>();
  /**
   * Channels confirmed before their replay arrived (SSE sends `ready` first, §8), with the
   * position the replay ends at: `connected` waits until each has been reached.
   */
  readonly #catchingUp = new Map<string, string>();
  #current: ClientState = 'idle';
  #link: Link | undefined;
  #generation = 0;
  #failures = 0;
  #authFailures = 0;
  #usedToken: string | undefined;
  #preferSse = false;
  /** The transport of the last connection that reached `connected`. */
  #lastTransport: TransportName | undefined;
  #streamed = new Set<string>();
  readonly #timers: Record<'retry' | 'refresh' | 'upgrade' | 'ready', Timer> = {
    retry: undefined,
    refresh: undefined,
    upgrade: undefined,
    ready: undefined,
  };
  #unwatch: (() => void) | undefined;

  /**
   * Creates a client; nothing happens until {@link WordSocketClient.connect}.
   *
   * @throws TypeError when `url` or `getToken` is missing, or no transport is available
   */
  constructor(options: ClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#base = this.#options.url.replace(/\/+$/, '').replace(/^ws(s?):/, 'http$1:');
    this.#tokens = new TokenSource(this.#options.getToken);
    this.#outbox = new Outbox(this.#options.maxQueue, this.#options.ackTimeout);
    this.#inbox = new Inbox(
      this.#options.getChannelKey,
      (message) => this.emit('message', message),
      (error) => this.emit('error', error),
    );
  }

  /** The current state. */
  get state(): ClientState {
    return this.#current;
  }

  /** The transport of the current connection, while connected. */
  get transport(): TransportName | undefined {
    return this.#current === 'connected' ? this.#link?.name : undefined;
  }

  /** The channels this client is subscribed to (confirmed or not), in subscription order. */
  get channels(): string[] {
    return [...this.#subs.keys()];
  }

  /** Starts connecting. Does nothing unless the client is `idle` or `halted`. */
  connect(): this {
    if (this.#current !== 'idle' && this.#current !== 'halted') return this;

    if (this.#options.lifecycleEvents) this.#unwatch ??= watchLifecycle(() => this.probe());
    if (this.#options.getChannelKey) loadEnvelope().catch(() => undefined);
    this.#failures = 0;
    this.#authFailures = 0;
    void this.#attempt(0, 'connect');

    return this;
  }

  /**
   * Ends the connection and stops reconnecting (state `idle`). Pending publishes and
   * subscription promises are rejected with `client_closed`; the subscription set is kept for a
   * later `connect()`.
   */
  close(): void {
    if (this.#current === 'idle') return;

    this.#stop();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#abandon(new WordSocketError('client_closed', 'the client was closed'));
    this.#setState('idle', CloseCode.NORMAL, 'closed');
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

    let sub = this.#subs.get(channel);
    if (sub?.live) return Promise.resolve();

    if (!sub) {
      sub = {
        position: undefined,
        since: undefined,
        live: false,
        presence: undefined,
        waiters: [],
      };
      this.#subs.set(channel, sub);
      this.#request([channel]);
    }

    const waiters = sub.waiters;
    const confirmed = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    // A refusal is also announced as `unsubscribed` and `error` events, so a caller that does
    // not await the promise is told anyway, without an unhandled rejection.
    confirmed.catch(() => undefined);

    return confirmed;
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
    if (this.#link?.name === 'sse') this.#link.send({ type: 'unsubscribe' });
    else this.#link?.send({ type: 'unsubscribe', channels: [channel] });
  }

  /**
   * Publishes a JSON message on `channel` (needs the token's publish grant). While offline it
   * waits in a bounded queue.
   *
   * @returns the relay's ack with the message's position; rejects with `queue_full`,
   *   `ack_timeout`, `connection_lost`, `client_closed` or the relay's refusal code
   * @throws TypeError when `channel` or `event` is not a non-empty string
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
   * @returns a promise that resolves once the payload was handed to the transport
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
    const sub = this.#subs.get(channel);
    if (!sub) throw new TypeError(`setPresence: not subscribed to ${String(channel)}`);
    if (typeof state !== 'object' || Array.isArray(state)) {
      throw new TypeError('presence state must be an object or null');
    }

    sub.presence = state ?? undefined;
    if (sub.live) this.#link?.send({ type: 'presence', channel, state });
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
    if (this.#current === 'reconnecting') {
      clearTimeout(this.#timers.retry);
      void this.#attempt(0, 'probe');
    } else if (this.#current === 'connected') {
      this.#link?.probe(this.#options.probeTimeout);
    }
  }

  async #attempt(code: number, reason: StateReason): Promise<void> {
    const generation = ++this.#generation;
    this.#setState('connecting', code, reason);

    let token: string;
    try {
      token = await this.#tokens.get();
    } catch (error) {
      if (generation !== this.#generation) return;
      if (error instanceof WordSocketError) return this.#halt(0, 'token_unavailable');
      this.#tokenFailed(error);
      return this.#retry(0, 'token_failed', this.#backoff());
    }
    if (generation !== this.#generation) return;

    this.#usedToken = token;
    this.#awaiting.clear();
    this.#catchingUp.clear();
    const transports = this.#options.transports;
    const names = this.#preferSse && transports.includes('sse') ? ['sse' as const] : transports;
    let failure: LinkFailure = {
      code: CloseCode.ABNORMAL,
      reason: 'transport_failed',
      fallback: true,
    };
    let webSocketBlocked = false;

    for (const name of names) {
      try {
        const link = await this.#open(name, token, generation);
        if (generation !== this.#generation) return link.close();

        if (name === 'websocket') this.#preferSse = false;
        else if (webSocketBlocked) this.#preferSse = true;

        return this.#adopt(link);
      } catch (error) {
        if (generation !== this.#generation) return;
        failure = error as LinkFailure;
        if (name === 'websocket') webSocketBlocked = failure.fallback;
        // SSE alone failed too: whatever blocked WebSockets may be gone, so try them first again.
        else if (names.length === 1) this.#preferSse = false;
        if (!failure.fallback) break;
      }
    }

    this.#lost(failure.code, failure.reason);
  }

  #open(name: TransportName, token: string, generation: number): Promise<Link> {
    const handlers: LinkHandlers = {
      frame: (frame) => {
        if (generation === this.#generation) this.#onFrame(frame);
      },
      binary: (channel, data) => {
        if (generation === this.#generation && this.#subs.has(channel)) {
          this.#fire('binary', { channel, data });
        }
      },
      close: (code, reason) => {
        if (generation === this.#generation) this.#lost(code, reason);
      },
    };
    const invalid = (error: WordSocketError) => this.#fire('error', error);
    const timeout = this.#options.connectTimeout;

    const opening =
      name === 'websocket'
        ? openWebSocket(
            {
              WebSocket: this.#options.WebSocket,
              url: `${this.#base.replace(/^http/, 'ws')}/ws`,
              token,
              timeout,
              liveness: this.#options.livenessTimeout,
              invalid,
            },
            handlers,
          )
        : // SSE is the fallback most pages never need, so it loads on first use.
          import('./sse-link.js').then(({ openSse }) =>
            openSse(
              {
                EventSource: this.#options.EventSource,
                fetch: this.#options.fetch,
                base: this.#base,
                timeout,
                liveness: this.#options.livenessTimeout,
                params: () => this.#streamParams(),
                token: () => this.#tokens.current ?? this.#usedToken ?? '',
                invalid,
              },
              handlers,
            ),
          );

    return opening.catch((error) => {
      throw typeof error?.code === 'number'
        ? error
        : ({
            code: CloseCode.ABNORMAL,
            reason: 'transport_failed',
            fallback: true,
          } satisfies LinkFailure);
    });
  }

  #adopt(link: Link): void {
    this.#link = link;
    this.#scheduleRefresh();

    if (link.name === 'websocket') {
      this.#request(this.channels);
    } else {
      if (this.channels.some((channel) => !this.#streamed.has(channel)))
        link.send({ type: 'subscribe' });
      if (this.#options.transports[0] === 'websocket') this.#scheduleUpgrade();
    }

    const generation = this.#generation;
    this.#timers.ready = setTimeout(() => {
      if (generation === this.#generation && this.#current === 'connecting') {
        this.#lost(CloseCode.ABNORMAL, 'transport_failed');
      }
    }, this.#options.connectTimeout);
    this.#checkReady();
  }

  #checkReady(): void {
    if (this.#current !== 'connecting' || !this.#link) return;
    if (this.#awaiting.size > 0 || this.#catchingUp.size > 0) return;

    clearTimeout(this.#timers.ready);
    this.#failures = 0;
    this.#setState('connected', 0, 'ready');
    this.#announceTransport(this.#link.name);
    this.#flush();
  }

  /** Emits `transport` when the connected transport differs from the last connection's. */
  #announceTransport(name: TransportName): void {
    const previous = this.#lastTransport;
    this.#lastTransport = name;
    if (previous !== undefined && previous !== name) this.#fire('transport', name);
  }

  #flush(): void {
    if (this.#current === 'connected' && this.#link) this.#outbox.flush(this.#link);
  }

  /** Asks the relay for `channels` on the current link, from their last positions. */
  #request(channels: string[]): void {
    const link = this.#link;
    if (!link || channels.length === 0) return;
    if (link.name === 'sse') {
      link.send({ type: 'subscribe' });
      return;
    }

    const since: Record<string, string> = {};
    for (const channel of channels) {
      const sub = this.#subs.get(channel) as Subscription;
      sub.since = sub.position;
      if (sub.position !== undefined) since[channel] = sub.position;
      this.#awaiting.add(channel);
    }

    link.send({ type: 'subscribe', channels, ...(Object.keys(since).length > 0 ? { since } : {}) });
  }

  /** What the next SSE stream opens with: every channel, each from its last position. */
  #streamParams(): StreamParams {
    const channels = this.channels;
    const since: Record<string, string> = {};
    this.#awaiting.clear();
    this.#catchingUp.clear();

    for (const channel of channels) {
      const sub = this.#subs.get(channel) as Subscription;
      sub.since = sub.position;
      if (sub.position !== undefined) since[channel] = sub.position;
      this.#awaiting.add(channel);
    }
    this.#streamed = new Set(channels);

    return { token: this.#tokens.current ?? this.#usedToken ?? '', channels, since };
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
          if (this.#subs.has(channel)) {
            this.#drop(
              channel,
              'revoked',
              new WordSocketError('forbidden', 'subscription revoked', { channel }),
            );
          }
        }
        return;
      case 'auth_ok':
        this.#authFailures = 0;
        if (this.#link) this.#scheduleRefresh();
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
    const sub = this.#subs.get(frame.channel);
    if (!sub) return;

    if (frame.id !== undefined) {
      if (!isAfter(frame.id, sub.position)) return;
      sub.position = frame.id;
    }

    if (frame.event !== 'wps.presence') {
      this.#inbox.push(frame);
      this.#caughtUp(frame.channel, frame.id);
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

  /** Marks `channel` as replayed once the message at the end of its replay was queued. */
  #caughtUp(channel: string, id: string | undefined): void {
    const end = this.#catchingUp.get(channel);
    if (end === undefined || id === undefined || isAfter(end, id)) return;

    this.#catchingUp.delete(channel);
    this.#checkReady();
  }

  #onSubscribed(frame: Extract<RelayFrame, { type: 'subscribed' }>): void {
    for (const channel of frame.channels) {
      const sub = this.#subs.get(channel);
      if (!sub) continue;

      this.#awaiting.delete(channel);
      const recovered = frame.recovered?.[channel];
      const position = frame.positions?.[channel];
      if (typeof position === 'string' && (recovered !== true || sub.position === undefined)) {
        sub.position = position;
      } else if (typeof position === 'string' && isAfter(position, sub.position)) {
        this.#catchingUp.set(channel, position);
      }

      if (recovered === false) this.#fire('gap', { channel, since: sub.since });
      sub.live = true;
      for (const waiter of sub.waiters.splice(0)) waiter.resolve();
      this.#fire('subscribed', { channel, recovered });
      if (sub.presence !== undefined)
        this.#link?.send({ type: 'presence', channel, state: sub.presence });
    }

    this.#checkReady();
  }

  #onError(frame: Extract<RelayFrame, { type: 'error' }>): void {
    const { channel, ref } = frame;
    const error = new WordSocketError(
      frame.code as WordSocketErrorCode,
      frame.message ?? frame.code,
      {
        channel,
        ref,
      },
    );

    if (ref !== undefined && this.#outbox.settle(ref, error) !== undefined) return;

    if (channel !== undefined && this.#awaiting.has(channel) && refusals.has(frame.code)) {
      this.#awaiting.delete(channel);
      this.#drop(channel, 'refused', error);
      this.#checkReady();
    }

    this.#fire('error', error);
  }

  #drop(
    channel: string,
    reason: 'requested' | 'refused' | 'revoked',
    error: WordSocketError,
  ): void {
    const sub = this.#subs.get(channel);
    if (!sub) return;

    this.#subs.delete(channel);
    this.#awaiting.delete(channel);
    this.#catchingUp.delete(channel);
    this.#roster.clear(channel);
    for (const waiter of sub.waiters.splice(0)) waiter.reject(error);
    this.#fire('unsubscribed', { channel, reason });
  }

  /** The link ended (or could not be opened): decide what comes next from its close code. */
  #lost(code: number, reason: StateReason): void {
    const wasConnected = this.#current === 'connected';
    this.#stop();

    if (code === CloseCode.SITE_UNKNOWN) {
      this.#halt(code, 'site_unknown');
      return;
    }

    if (code === CloseCode.TOKEN_INVALID) {
      this.#tokens.invalidate(this.#usedToken);
      if (++this.#authFailures >= 2) this.#halt(code, 'token_rejected');
      else this.#retry(code, reason, 0);
      return;
    }

    const max = this.#options.maxReconnectDelay;
    let delay: number;
    if (code === CloseCode.LIMIT) {
      this.#failures++;
      delay = max / 2 + Math.random() * (max / 2);
    } else if (wasConnected || code === CloseCode.RESTARTING || code === CloseCode.GOING_AWAY) {
      const { restartWindow, reconnectDelay } = this.#options;
      delay = Math.random() * restartWindow;
      // Should this attempt fail too, the backoff goes on from a window as wide as this one
      // rather than from reconnectDelay: a fleet that lost a relay must stay spread out however
      // long the relay takes to come back (measured by the herd test).
      const level = Math.floor(Math.log2(Math.max(1, restartWindow / Math.max(1, reconnectDelay))));
      this.#failures = Math.max(this.#failures, level);
    } else {
      delay = this.#backoff();
    }

    this.#retry(code, reason, Math.floor(delay));
  }

  #backoff(): number {
    return fullJitter(
      this.#failures++,
      this.#options.reconnectDelay,
      this.#options.maxReconnectDelay,
    );
  }

  #retry(code: number, reason: StateReason, delay: number): void {
    this.#setState('reconnecting', code, reason, delay);
    this.#timers.retry = setTimeout(() => void this.#attempt(0, 'retry'), delay);
  }

  #halt(code: number, reason: 'token_rejected' | 'token_unavailable' | 'site_unknown'): void {
    this.#stop();
    const error = new WordSocketError(reason, `halted: ${reason}`);
    this.#abandon(error);
    this.#fire('error', error);
    this.#setState('halted', code, reason);
  }

  /** Ends the current link and every timer, invalidating callbacks of the current attempt. */
  #stop(): void {
    this.#generation++;
    for (const timer of Object.values(this.#timers)) clearTimeout(timer);
    this.#link?.close();
    this.#link = undefined;
    this.#outbox.disconnected();
    this.#awaiting.clear();
    this.#catchingUp.clear();
    this.#roster.clear();
    for (const sub of this.#subs.values()) sub.live = false;
  }

  /** Rejects every pending publish and subscription promise with `error`. */
  #abandon(error: WordSocketError): void {
    this.#outbox.clear(error);
    for (const sub of this.#subs.values()) {
      for (const waiter of sub.waiters.splice(0)) waiter.reject(error);
    }
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#timers.refresh);
    const generation = this.#generation;
    this.#timers.refresh = setTimeout(
      () => void this.#refresh(generation),
      this.#tokens.refreshIn(),
    );
  }

  /** Tells the application why no token came: `getToken()` threw or rejected with `cause`. */
  #tokenFailed(cause: unknown): void {
    const why = cause instanceof Error ? cause.message : String(cause);
    this.#fire(
      'error',
      new WordSocketError('token_failed', `getToken() failed: ${why}`, { cause }),
    );
  }

  /** Replaces the token in-band (§5.1), on the connection it was scheduled for and no other. */
  async #refresh(generation: number): Promise<void> {
    let token: string;
    try {
      token = await this.#tokens.get();
    } catch (error) {
      if (generation !== this.#generation) return;
      if (error instanceof WordSocketError) return this.#halt(0, 'token_unavailable');
      this.#tokenFailed(error);
      this.#timers.refresh = setTimeout(
        () => void this.#refresh(generation),
        this.#options.reconnectDelay * 5,
      );
      return;
    }

    if (generation !== this.#generation || !this.#link) return;
    if (token === this.#usedToken) return this.#scheduleRefresh();

    this.#usedToken = token;
    this.#link.send({ type: 'auth', token });
  }

  #scheduleUpgrade(): void {
    clearTimeout(this.#timers.upgrade);
    const generation = this.#generation;
    this.#timers.upgrade = setTimeout(
      () => void this.#upgrade(generation),
      this.#options.upgradeInterval,
    );
  }

  /** While on SSE, tries WebSocket again; on success moves every subscription over to it. */
  async #upgrade(generation: number): Promise<void> {
    if (generation !== this.#generation || this.#link?.name !== 'sse') return;

    let link: Link;
    try {
      link = await this.#open('websocket', await this.#tokens.get(), generation);
    } catch {
      if (generation === this.#generation) this.#scheduleUpgrade();
      return;
    }

    if (generation !== this.#generation || this.#link?.name !== 'sse') return link.close();

    this.#link.close();
    this.#link = link;
    this.#preferSse = false;
    this.#request(this.channels);
    this.#announceTransport('websocket');
  }

  #setState(state: ClientState, code: number, reason: StateReason, delay?: number): void {
    const previous = this.#current;
    this.#current = state;
    const transport = state === 'connected' ? this.#link?.name : undefined;
    this.#fire('state', { state, previous, code, reason, transport, delay });
  }

  /** Emits through the inbox, so events keep their order relative to decrypted messages. */
  #fire<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    this.#inbox.run(() => this.emit(event, payload));
  }
}

function assertChannel(value: unknown, label = 'channel'): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${label} must be a non-empty string`);
  }
}
