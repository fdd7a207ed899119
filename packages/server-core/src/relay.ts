import { Admission } from './admission.js';
import { ChannelRegistry, type Subscription } from './channel-registry.js';
import { granted, resolveChannel } from './channels.js';
import { CloseCode, RelayError } from './codes.js';
import { Emitter, type RelayEvents } from './events.js';
import { route } from './http/router.js';
import type { Broker, BrokerMessage, Origin } from './interfaces/broker.js';
import type { ConnectCodes } from './interfaces/connect-codes.js';
import type { ConnectionCounter } from './interfaces/connection-counter.js';
import type { History } from './interfaces/history.js';
import type { PresenceStore } from './interfaces/presence-store.js';
import type { ReplayCache } from './interfaces/replay-cache.js';
import type { Site, SiteStore } from './interfaces/site-store.js';
import type { RelaySocket } from './interfaces/socket.js';
import { randomHex } from './internal/crypto.js';
import { MemoryBroker } from './memory/memory-broker.js';
import { MemoryConnectCodes } from './memory/memory-connect-codes.js';
import { MemoryConnectionCounter } from './memory/memory-connection-counter.js';
import { MemoryHistory } from './memory/memory-history.js';
import { MemoryReplayCache } from './memory/memory-replay-cache.js';
import { MemorySiteStore } from './memory/memory-site-store.js';
import { checkMessage } from './messages.js';
import { createMetrics, type RelayMetrics } from './metrics.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_TIMINGS,
  type RelayLimits,
  type RelayOptions,
  type RelayTimings,
} from './options.js';
import { Presence } from './presence.js';
import { type Connection, Session } from './session.js';
import { createSiteRecord } from './site-record.js';
import { type SubscribeResult, subscribe } from './subscribe.js';
import { type Identity, verifyToken } from './token.js';

const SWEEP_MS = 1000;

/**
 * The relay: sessions, channels, fan-out, presence, history and recovery, limits, and the
 * HTTP endpoints of docs/protocol.md behind {@link Relay.fetch}. It owns no server and no
 * socket: adapters hand it sockets (`relay.connect`) and requests (`relay.fetch`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { Relay } from '@wordsocket/server-core';
 * import { attachRelay } from '@wordsocket/server-core/node';
 *
 * const relay = new Relay();
 * const server = createServer();
 * attachRelay(relay, server);
 * server.listen(8080, '127.0.0.1');
 * ```
 */
export class Relay extends Emitter<RelayEvents> {
  readonly sites: SiteStore;
  readonly broker: Broker;
  readonly history: History;
  readonly replayCache: ReplayCache;
  readonly connectCodes: ConnectCodes;
  readonly connectionCounter: ConnectionCounter;
  readonly presenceStore: PresenceStore | undefined;
  readonly limits: RelayLimits;
  readonly timings: RelayTimings;
  readonly basePath: string;
  readonly echoBinary: boolean;
  readonly cors: boolean;
  readonly now: () => number;
  /** @internal */
  readonly authorizeOperator: RelayOptions['authorizeOperator'];
  /** Resolves when the broker has started. */
  readonly ready: Promise<void>;

  private readonly registry: ChannelRegistry;
  private readonly members: Presence;
  private readonly admission: Admission;
  private readonly counters = createMetrics();
  private readonly sessions = new Set<Session>();
  private readonly byId = new Map<string, Session>();
  private readonly bySite = new Map<string, Set<Session>>();
  private readonly publishQueues = new Map<string, Promise<unknown>>();
  private readonly timer: ReturnType<typeof setInterval>;
  private lastPing: number;
  private lastHeartbeat: number;
  private closing: Promise<void> | undefined;

  constructor(options: RelayOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.sites = options.sites ?? new MemorySiteStore();
    this.broker = options.broker ?? new MemoryBroker();
    this.history = options.history ?? new MemoryHistory({ now: this.now });
    this.replayCache = options.replayCache ?? new MemoryReplayCache(this.now);
    this.connectCodes = options.connectCodes ?? new MemoryConnectCodes(this.now);
    this.connectionCounter = options.connectionCounter ?? new MemoryConnectionCounter();
    this.presenceStore = options.presenceStore;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.echoBinary = options.echoBinary ?? false;
    this.cors = options.cors ?? true;
    this.authorizeOperator = options.authorizeOperator;

    this.registry = new ChannelRegistry(
      async (channel) => {
        await this.broker.subscribe(channel);
      },
      (channel) => this.settle(this.broker.unsubscribe(channel), 'broker.unsubscribe'),
      this.echoBinary,
      this.counters,
    );

    this.members = new Presence(this.registry, {
      publish: (channel, message) =>
        this.settle(this.broker.publish(channel, message), 'broker.publish'),
      store: this.presenceStore,
      report: (error, context) => this.report(error, context),
      maxStateBytes: this.limits.maxPresenceBytes,
      maxStateDepth: this.limits.maxDataDepth,
    });

    this.admission = new Admission(
      this.connectionCounter,
      () => this.admittedPerSite(),
      (error, context) => this.report(error, context),
    );

    const report = (error: unknown, context: string) => this.report(error, context);
    this.ready = Promise.all([
      this.start(
        () =>
          this.broker.start({
            message: (channel, message) => this.registry.deliver(channel, message),
            control: (event) => {
              if (event.kind === 'site_removed') this.closeSite(event.site_id);
            },
          }),
        'broker.start',
      ),
      this.start(
        () => this.connectionCounter.start?.({ local: () => this.admission.local(), report }),
        'connections.start',
      ),
      this.start(
        () =>
          this.presenceStore?.start?.({
            channels: () => this.registry.channels.keys(),
            left: (channel, ids) => this.members.departed(channel, ids),
            restored: (channel, member) => this.members.restored(channel, member),
            report,
          }),
        'presence.start',
      ),
    ]).then(() => undefined);
    // Reported by start(); whoever awaits `ready` still sees the rejection.
    this.ready.catch(() => undefined);

    this.lastPing = this.now();
    this.lastHeartbeat = this.lastPing;
    const tick = Math.min(SWEEP_MS, this.timings.pingIntervalMs, this.timings.authTimeoutMs);
    this.timer = setInterval(() => this.sweep(), tick);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Starts a backend; a failure is reported and rejects {@link ready}. */
  private async start(run: () => unknown, context: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.report(error, context);
      throw error;
    }
  }

  // ---- adapters -------------------------------------------------------------------------

  /**
   * Hands the relay a new socket. With `token` (from the URL, the baseline form) the relay
   * authenticates at once; without, it waits for a first-frame `auth` (§5.1).
   */
  connect(socket: RelaySocket, init: { token?: string | null } = {}): Connection {
    const session = this.track(new Session(socket, this));
    if (this.closing) {
      session.close(CloseCode.RESTARTING, 'relay shutting down');
      return session;
    }
    if (init.token) session.authenticateWith(init.token);
    return session;
  }

  /** @internal A socket whose token was verified before it opened (SSE). */
  adopt(
    socket: RelaySocket,
    identity: Identity,
  ): Session | undefined | Promise<Session | undefined> {
    // A refused stream never becomes a session: nothing to count, nothing to release.
    if (this.closing) return undefined;
    const room = this.hasRoom(identity, socket.transport);
    if (typeof room === 'boolean') return room ? this.adopted(socket, identity) : undefined;
    return room.then((ok) => {
      if (!ok) return undefined;
      if (!this.closing) return this.adopted(socket, identity);
      this.admission.release(identity.site.site_id);
      return undefined;
    });
  }

  private adopted(socket: RelaySocket, identity: Identity): Session {
    const session = this.track(new Session(socket, this));
    this.enter(session, identity);

    // Only streams are looked up by id (`POST /client` presence names its stream).
    this.byId.set(session.id, session);
    session.identity = identity;
    session.state = 'open';
    return session;
  }

  /** @internal The open SSE session with this `connection_id`. */
  session(id: unknown): Session | undefined {
    return typeof id === 'string' ? this.byId.get(id) : undefined;
  }

  private track(session: Session): Session {
    this.sessions.add(session);
    this.counters.connectionsOpened++;
    return session;
  }

  /** Routes a web-standard request to the endpoint of docs/protocol.md §4 it names. */
  fetch(request: Request): Promise<Response> {
    return route(this, request);
  }

  // ---- sites -----------------------------------------------------------------------------

  /** Creates and stores a new site with fresh secrets. */
  async registerSite(input: {
    site_url: string;
    site_name: string;
    max_connections?: number;
  }): Promise<Site> {
    const site = createSiteRecord({
      site_url: input.site_url,
      site_name: input.site_name,
      max_connections: input.max_connections ?? this.limits.defaultMaxConnections,
      created_at: this.now(),
    });
    await this.sites.create(site);
    return site;
  }

  /** @internal Reports a site registered through `POST /api/sites/register`. */
  registeredOverHttp(site: Site): void {
    this.emit('siteRegistered', { siteId: site.site_id, siteUrl: site.site_url, via: 'api' });
  }

  /** Removes a site; its connections on every node close with `4003`. */
  async removeSite(siteKey: string): Promise<boolean> {
    const site = await this.sites.getByKey(siteKey);
    if (!site) return false;

    await this.sites.remove(siteKey);
    await this.broker.broadcast({ kind: 'site_removed', site_id: site.site_id });
    return true;
  }

  /** Stores a single-use connect code for an approved site (§9); returns the code. */
  async issueConnectCode(grant: {
    site_key: string;
    callback_url: string;
    code_challenge: string;
  }): Promise<string> {
    const code = randomHex(24);
    await this.connectCodes.put(code, {
      ...grant,
      expires_at: this.now() + this.timings.connectCodeTtlMs,
    });
    return code;
  }

  /** Connections this node holds for a site. */
  activeConnections(siteId: string): number {
    return this.bySite.get(siteId)?.size ?? 0;
  }

  /**
   * A site's connections across the cluster, as its {@link ConnectionCounter} counts them
   * (`GET /site/stats`); this node's own when the counter fails (reported as an `error`).
   */
  connectionCount(siteId: string): Promise<number> {
    return this.admission.count(siteId);
  }

  private admittedPerSite(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [siteId, sessions] of this.bySite) counts.set(siteId, sessions.size);
    return counts;
  }

  /** A snapshot of counters and gauges, for Prometheus or logs. */
  metrics(): RelayMetrics {
    let subscriptions = 0;
    for (const channel of this.registry.channels.values()) {
      subscriptions += channel.subscriptions.size;
    }
    return {
      ...this.counters,
      connections: this.sessions.size,
      channels: this.registry.channels.size,
      subscriptions,
    };
  }

  // ---- publishing ------------------------------------------------------------------------

  /**
   * Publishes a JSON message on a channel of `site` as the server would (`origin: "server"`).
   * `channel` may be bare or qualified. Resolves the message's position.
   */
  async publish(site: Site, channel: string, event: string, data: unknown): Promise<string> {
    const checked = checkMessage({ channel, event, data }, site.site_id, this.limits);
    return this.publishChecked(site.site_id, checked.channel.full, event, checked.data, 'server');
  }

  /** @internal Appends to history and fans out, in order per channel on this node. */
  publishChecked(
    siteId: string,
    full: string,
    event: string,
    data: unknown,
    origin: Origin,
  ): Promise<string> {
    const previous = this.publishQueues.get(full) ?? Promise.resolve();
    const run = previous.then(async () => {
      const id = await this.history.append(full, { event, data, origin });
      await this.broker.publish(full, { kind: 'message', event, data, id, origin });
      return id;
    });

    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.publishQueues.set(full, tail);
    tail.then(() => {
      if (this.publishQueues.get(full) === tail) this.publishQueues.delete(full);
    });

    return run.then((id) => {
      this.counters.messagesPublished++;
      if (this.has('publish')) this.emit('publish', { siteId, channel: full, id, origin });
      return id;
    });
  }

  /** @internal A client `message` frame (or `POST /client`). */
  publishFromClient(identity: Identity, fields: Record<string, unknown>): Promise<string> {
    const site = identity.site;
    const checked = checkMessage(fields, site.site_id, this.limits);
    if (!granted(identity.publish, checked.channel.bare)) {
      throw new RelayError('forbidden', 'the token may not publish here', {
        channel: checked.channel.spelling,
      });
    }
    return this.publishChecked(
      site.site_id,
      checked.channel.full,
      checked.event,
      checked.data,
      'client',
    );
  }

  /** @internal A client binary frame: forwarded, not kept (§5.6). */
  publishBinary(
    session: Pick<Session, 'id' | 'identity'>,
    name: string,
    payload: Uint8Array,
  ): void {
    const identity = session.identity as Identity;
    const channel = resolveChannel(name, identity.site.site_id);
    if (!granted(identity.publish, channel.bare)) {
      throw new RelayError('forbidden', 'the token may not publish here', { channel: name });
    }

    this.counters.binaryPublished++;
    const message: BrokerMessage = { kind: 'binary', payload, exclude: session.id };
    this.settle(this.broker.publish(channel.full, message), 'broker.publish');
  }

  // ---- sessions --------------------------------------------------------------------------

  /** @internal */
  verify(token: unknown): Promise<Identity> {
    return verifyToken(token, this.sites, {
      clockSkewSec: this.timings.clockSkewSec,
      maxTokenLifetimeSec: this.timings.maxTokenLifetimeSec,
      now: this.now,
    });
  }

  /**
   * @internal Counts a newly authenticated session against its site's limit; synchronous
   * when the connection counter is.
   */
  admit(session: Session, identity: Identity): boolean | Promise<boolean> {
    const room = this.hasRoom(identity, session.socket.transport);
    if (typeof room === 'boolean') return this.admitted(session, identity, room);
    return room.then((ok) => this.admitted(session, identity, ok));
  }

  private admitted(session: Session, identity: Identity, room: boolean): boolean {
    if (!room) {
      session.close(CloseCode.LIMIT, 'connection limit reached');
      return false;
    }
    if (session.state === 'closed') {
      // The socket went while the counter answered: give the slot back.
      this.admission.release(identity.site.site_id);
      return false;
    }
    // Set here, with the count, so a close from now on releases it.
    session.identity = identity;
    this.enter(session, identity);
    return true;
  }

  /** Whether the identity's site is under its connection limit; reports a refusal when not. */
  private hasRoom(identity: Identity, transport: string): boolean | Promise<boolean> {
    const site = identity.site;
    const limit =
      site.max_connections > 0 ? site.max_connections : this.limits.defaultMaxConnections;
    const room = this.admission.acquire(site.site_id, limit);
    if (typeof room === 'boolean') return this.refuseUnless(room, transport);
    return room.then((ok) => this.refuseUnless(ok, transport));
  }

  private refuseUnless(room: boolean, transport: string): boolean {
    if (!room) this.rejected('limit', 'connection limit reached', transport);
    return room;
  }

  /** Counts an admitted session against its site and announces it. */
  private enter(session: Session, identity: Identity): void {
    const site = identity.site;
    let set = this.bySite.get(site.site_id);
    if (!set) {
      set = new Set();
      this.bySite.set(site.site_id, set);
    }
    set.add(session);
    if (this.has('connection')) {
      this.emit('connection', {
        connectionId: session.id,
        siteId: site.site_id,
        userId: identity.userId,
        transport: session.socket.transport,
      });
    }
  }

  /** @internal Cleans up after a session ended. */
  forget(session: Session, code: number, reason: string): void {
    for (const sub of session.subscriptions) this.unsubscribe(session, sub);

    const siteId = session.identity?.site.site_id;
    if (siteId) {
      const set = this.bySite.get(siteId);
      if (set?.delete(session)) this.admission.release(siteId);
      if (set?.size === 0) this.bySite.delete(siteId);
    }
    this.byId.delete(session.id);
    session.gone().then(() => this.sessions.delete(session));
    this.counters.connectionsClosed++;
    if (this.has('disconnect')) {
      this.emit('disconnect', { connectionId: session.id, siteId, code, reason });
    }
  }

  /** @internal Resolves a subscribe; `undefined` when the session ended meanwhile. */
  subscribe(
    session: Session,
    names: string[],
    since: Record<string, string>,
  ): Promise<SubscribeResult | undefined> {
    return subscribe(
      {
        registry: this.registry,
        history: this.history,
        maxChannels: this.limits.maxChannelsPerConnection,
        unsubscribe: (sub) => this.unsubscribe(session, sub),
      },
      session,
      names,
      since,
    );
  }

  /** @internal */
  unsubscribe(session: Session, sub: Subscription): void {
    session.subscriptions = session.subscriptions.filter((s) => s !== sub);

    const stillThere = session.subscriptions.some((s) => s.full === sub.full);
    if (!stillThere && session.presence?.has(sub.full)) this.members.leave(session, sub.full);
    this.registry.remove(sub);
  }

  /** @internal A `presence` frame (§6). */
  presence(session: Session, name: unknown, state: unknown): void | Promise<void> {
    return this.members.update(session, name, state);
  }

  /** @internal A session's outbound queue overflowed. */
  slowConsumer(session: Session): void {
    this.counters.slowConsumers++;
    this.emit('slowConsumer', {
      connectionId: session.id,
      siteId: session.identity?.site.site_id,
      bufferedAmount: session.socket.bufferedAmount,
    });
    session.close(CloseCode.SLOW_CONSUMER, 'slow consumer');
  }

  /** @internal */
  rejected(code: string, reason: string, transport: string): void {
    this.counters.rejections++;
    if (this.has('rejected')) this.emit('rejected', { code, reason, transport });
  }

  /** @internal */
  report(error: unknown, context: string): void {
    this.counters.errors++;
    this.emit('error', { error, context });
  }

  private settle(result: unknown, context: string): void {
    if (result instanceof Promise) result.catch((error: unknown) => this.report(error, context));
  }

  private closeSite(siteId: string): void {
    const sessions = this.bySite.get(siteId);
    for (const session of [...(sessions ?? [])])
      session.close(CloseCode.SITE_UNKNOWN, 'site removed');
    this.emit('siteRemoved', { siteId });
  }

  private sweep(): void {
    const now = this.now();
    const skewMs = this.timings.clockSkewSec * 1000;
    const ping = now - this.lastPing >= this.timings.pingIntervalMs;
    const heartbeat = now - this.lastHeartbeat >= this.timings.sseHeartbeatMs;
    if (ping) this.lastPing = now;
    if (heartbeat) this.lastHeartbeat = now;

    for (const session of this.sessions) {
      if (session.state === 'authenticating') {
        if (now > session.authDeadline) session.close(CloseCode.AUTH_TIMEOUT, 'no auth in time');
        continue;
      }
      if (session.state !== 'open' || !session.identity) continue;

      if (now > session.identity.exp * 1000 + skewMs) {
        session.close(CloseCode.TOKEN_INVALID, 'token expired');
      } else if (session.socket.heartbeat) {
        if (heartbeat) session.socket.heartbeat();
      } else if (ping) {
        session.ping();
      }
    }
  }

  // ---- shutdown --------------------------------------------------------------------------

  /**
   * Closes every connection with `1012`, waits up to `timings.drainTimeoutMs` for them to
   * drain, terminates the rest, then closes the broker and history. New connections are
   * refused with `1012` meanwhile.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    const sessions = [...this.sessions];
    for (const session of sessions) session.close(CloseCode.RESTARTING, 'relay shutting down');

    let timeout: ReturnType<typeof setTimeout> | undefined;
    const drained = Promise.all(sessions.map((s) => s.gone()));
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.timings.drainTimeoutMs);
    });
    await Promise.race([drained, expired]);
    clearTimeout(timeout);
    for (const session of this.sessions) session.socket.terminate();

    await Promise.allSettled(this.publishQueues.values());
    await this.broker.close();
    await this.history.close?.();
    await this.settleClose(() => this.presenceStore?.close?.(), 'presence.close');
    await this.settleClose(() => this.connectionCounter.close?.(), 'connections.close');
  }

  private async settleClose(run: () => unknown, context: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.report(error, context);
    }
  }
}
