import { type ClientState, CloseCode, type StateReason, type TransportName } from './codes.js';
import { WordSocketError } from './errors.js';
import type { ClientEvents } from './events.js';
import type { RelayFrame } from './frames.js';
import { watchLifecycle } from './lifecycle.js';
import type { Link, LinkFailure, LinkHandlers } from './link.js';
import { openLink, relayBase, transportFailed } from './open-link.js';
import type { ResolvedOptions } from './options.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import type { StreamParams } from './sse-link.js';
import { TokenKeeper, tokenFailure } from './token-keeper.js';
import { TransportOrder } from './transport-order.js';

type Timer = ReturnType<typeof setTimeout>;

/** What the connection needs from the client it serves. */
export interface ConnectionHooks {
  /** Emits an event to the application, in order with the messages delivered before it. */
  fire<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void;
  /** A frame from the relay on the current connection. */
  frame(frame: RelayFrame): void;
  /** A binary payload on the current connection. */
  binary(channel: string, data: Uint8Array): void;
  /** What the next SSE stream opens with: every channel, each from its last position. */
  stream(): Omit<StreamParams, 'token'>;
  /** An attempt is about to open a link: what earlier attempts asked for is void. */
  opening(): void;
  /** `link` became the connection's link: ask it for the channels it does not carry yet. */
  adopted(link: Link): void;
  /** Whether every channel asked for is confirmed and replayed. */
  settled(): boolean;
  /** The connection reached `connected`. */
  connected(): void;
  /** The link ended: forget what was confirmed on it. */
  stopped(): void;
  /** Rejects every pending promise with `error`. */
  abandon(error: WordSocketError): void;
}

/**
 * The client's one connection to the relay, kept up: each attempt tries the transports in
 * {@link TransportOrder} and adopts the first link that opens, a client on SSE moves back to
 * WebSocket when it can, the token is refreshed in-band, and after a loss the connection waits
 * as {@link ReconnectPolicy} says before trying again, or halts.
 *
 * Every attempt has a generation: a callback of an earlier attempt or link finds a newer
 * generation and does nothing.
 */
export class Connection {
  readonly #options: ResolvedOptions;
  readonly #hooks: ConnectionHooks;
  readonly #base: string;
  readonly #tokens: TokenKeeper;
  readonly #reconnect: ReconnectPolicy;
  readonly #order: TransportOrder;
  #state: ClientState = 'idle';
  #link: Link | undefined;
  #generation = 0;
  /** The transport of the last connection that reached `connected`. */
  #lastTransport: TransportName | undefined;
  readonly #timers: Partial<Record<'retry' | 'upgrade' | 'ready', Timer>> = {};
  #unwatch: (() => void) | undefined;

  constructor(options: ResolvedOptions, hooks: ConnectionHooks) {
    this.#options = options;
    this.#hooks = hooks;
    this.#base = relayBase(options.url);
    this.#reconnect = new ReconnectPolicy(options);
    this.#order = new TransportOrder(options.transports);
    this.#tokens = new TokenKeeper(options.getToken, options.reconnectDelay * 5, {
      unavailable: () => this.#halt(0, 'token_unavailable'),
      failed: (cause) => hooks.fire('error', tokenFailure(cause)),
    });
  }

  get state(): ClientState {
    return this.#state;
  }

  /** The current link, once adopted (it may still be `connecting`). */
  get link(): Link | undefined {
    return this.#link;
  }

  /** The transport of the current connection, while connected. */
  get transport(): TransportName | undefined {
    return this.#state === 'connected' ? this.#link?.name : undefined;
  }

  /** Starts connecting from `idle` or `halted`. */
  start(): void {
    if (this.#options.lifecycleEvents) this.#unwatch ??= watchLifecycle(() => this.probe());
    this.#reconnect.reset();
    void this.#attempt(0, 'connect');
  }

  /** Ends the connection and stops reconnecting; pending promises get `client_closed`. */
  close(): void {
    // Before the link ends, so a publish awaiting its ack gets `client_closed` too.
    this.#hooks.abandon(new WordSocketError('client_closed', 'the client was closed'));
    this.#stop();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#setState('idle', CloseCode.NORMAL, 'closed');
  }

  /** Checks the connection now: retries at once when waiting, pings when connected. */
  probe(): void {
    if (this.#state === 'reconnecting') {
      clearTimeout(this.#timers.retry);
      void this.#attempt(0, 'probe');
    } else if (this.#state === 'connected') {
      this.#link?.probe(this.#options.probeTimeout);
    }
  }

  /** The relay accepted the token (`auth_ok`): schedule its refresh. */
  authenticated(): void {
    this.#reconnect.authenticated();
    if (this.#link) this.#scheduleRefresh();
  }

  /** Becomes `connected` once the link is adopted and every channel is confirmed and replayed. */
  checkReady(): void {
    if (this.#state !== 'connecting' || !this.#link) return;
    if (!this.#hooks.settled()) return;

    clearTimeout(this.#timers.ready);
    this.#reconnect.connected();
    this.#setState('connected', 0, 'ready');
    this.#announceTransport(this.#link.name);
    this.#hooks.connected();
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
      this.#hooks.fire('error', tokenFailure(error));
      return this.#retry(0, 'token_failed', this.#reconnect.backoff());
    }
    if (generation !== this.#generation) return;

    this.#tokens.use(token);
    this.#hooks.opening();
    const names = this.#order.begin();
    let failure = transportFailed();

    for (const name of names) {
      try {
        const link = await this.#open(name, token, generation);
        if (generation !== this.#generation) return link.close();

        this.#order.opened(name);

        return this.#adopt(link);
      } catch (error) {
        if (generation !== this.#generation) return;
        failure = error as LinkFailure;
        this.#order.failed(name, failure);
        if (!failure.fallback) break;
      }
    }

    this.#lost(failure.code, failure.reason);
  }

  #open(name: TransportName, token: string, generation: number): Promise<Link> {
    const handlers: LinkHandlers = {
      frame: (frame) => {
        if (generation === this.#generation) this.#hooks.frame(frame);
      },
      binary: (channel, data) => {
        if (generation === this.#generation) this.#hooks.binary(channel, data);
      },
      close: (code, reason) => {
        if (generation === this.#generation) this.#lost(code, reason);
      },
    };

    return openLink(
      name,
      this.#options,
      {
        base: this.#base,
        token,
        latestToken: () => this.#tokens.latest,
        stream: () => this.#hooks.stream(),
        invalid: (error) => this.#hooks.fire('error', error),
      },
      handlers,
    );
  }

  #adopt(link: Link): void {
    this.#link = link;
    this.#scheduleRefresh();
    this.#hooks.adopted(link);
    if (link.name === 'sse' && this.#options.transports[0] === 'websocket') {
      this.#scheduleUpgrade();
    }

    const generation = this.#generation;
    this.#timers.ready = setTimeout(() => {
      if (generation === this.#generation && this.#state === 'connecting') {
        this.#lost(CloseCode.ABNORMAL, 'transport_failed');
      }
    }, this.#options.connectTimeout);
    this.checkReady();
  }

  /** Emits `transport` when the connected transport differs from the last connection's. */
  #announceTransport(name: TransportName): void {
    const previous = this.#lastTransport;
    this.#lastTransport = name;
    if (previous !== undefined && previous !== name) this.#hooks.fire('transport', name);
  }

  /** The link ended (or could not be opened): decide what comes next from its close code. */
  #lost(code: number, reason: StateReason): void {
    const wasConnected = this.#state === 'connected';
    this.#stop();

    if (code === CloseCode.TOKEN_INVALID) this.#tokens.rejected();
    const next = this.#reconnect.next(code, wasConnected);
    if ('halt' in next) this.#halt(code, next.halt);
    else this.#retry(code, reason, next.delay);
  }

  #retry(code: number, reason: StateReason, delay: number): void {
    this.#setState('reconnecting', code, reason, delay);
    this.#timers.retry = setTimeout(() => void this.#attempt(0, 'retry'), delay);
  }

  #halt(code: number, reason: 'token_rejected' | 'token_unavailable' | 'site_unknown'): void {
    this.#stop();
    const error = new WordSocketError(reason, `halted: ${reason}`);
    this.#hooks.abandon(error);
    this.#hooks.fire('error', error);
    this.#setState('halted', code, reason);
  }

  /** Ends the current link and every timer, invalidating callbacks of the current attempt. */
  #stop(): void {
    this.#generation++;
    for (const timer of Object.values(this.#timers)) clearTimeout(timer);
    this.#tokens.cancel();
    this.#link?.close();
    this.#link = undefined;
    this.#hooks.stopped();
  }

  #scheduleRefresh(): void {
    const generation = this.#generation;
    this.#tokens.schedule(() => (generation === this.#generation ? this.#link : undefined));
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
    this.#order.upgraded();
    this.#hooks.adopted(link);
    this.#announceTransport('websocket');
  }

  #setState(state: ClientState, code: number, reason: StateReason, delay?: number): void {
    const previous = this.#state;
    this.#state = state;
    const transport = state === 'connected' ? this.#link?.name : undefined;
    this.#hooks.fire('state', { state, previous, code, reason, transport, delay });
  }
}
