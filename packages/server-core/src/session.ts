import type { Subscription } from './channel-registry.js';
import { granted } from './channels.js';
import { CloseCode, type FrameErrorCode, RelayError } from './codes.js';
import { decodeBinaryFrame, Frame } from './frame.js';
import type { RelaySocket } from './interfaces/socket.js';
import { connectionIdOf, randomConnectionSecret } from './internal/crypto.js';
import type { Relay } from './relay.js';
import { type Identity, TokenError } from './token.js';

/** The handle an adapter gets from `relay.connect()` and reports inbound traffic to. */
export interface Connection {
  /** The `connection_id`. */
  readonly id: string;
  /** An inbound frame: a string (or UTF-8 bytes) for text, bytes for binary. */
  receive(data: string | Uint8Array, binary: boolean): void;
  /** The socket is gone (closed by the peer, or after our close). */
  closed(code: number, reason: string): void;
}

const PING = Frame.json({ type: 'ping' });
const PONG = Frame.json({ type: 'pong' });
const decoder = new TextDecoder();
const IDLE = Promise.resolve();
const NONE: readonly Subscription[] = Object.freeze([]);

type State = 'authenticating' | 'open' | 'closed';

/** One connection: authentication, inbound frames, subscriptions, presence, liveness. */
export class Session implements Connection {
  /** Proves ownership of {@link id} over HTTP (§4.3); only this connection's own stream gets it. */
  readonly secret = randomConnectionSecret();
  readonly id = connectionIdOf(this.secret);
  identity: Identity | undefined;
  state: State = 'authenticating';
  /**
   * Subscriptions, one per spelling the client used: an array replaced on every change (at
   * most 100, changed rarely), so each holds exactly its entries and iteration needs no copy.
   */
  subscriptions: readonly Subscription[] = NONE;
  /** Presence memberships: full channel → the spelling the member used; made on first join. */
  presence: Map<string, string> | undefined;
  /** Unix ms after which the session must be authenticated. */
  authDeadline: number;
  missedPings = 0;

  private firstFrameSeen = false;
  private inbound: Promise<void> = IDLE;
  private rateWindowStart = 0;
  private rateCount = 0;
  private violations: number[] | undefined;
  private overflowed = false;
  private isGone = false;
  /**
   * The client closed an open session: binary frames it sent before closing, still waiting
   * behind a slower frame, are forwarded (a last Yjs update must reach the room).
   */
  private drainBinary = false;
  private goneWaiters: (() => void)[] | undefined;

  constructor(
    readonly socket: RelaySocket,
    private readonly relay: Relay,
  ) {
    this.authDeadline = relay.now() + relay.timings.authTimeoutMs;
  }

  /** Writes a frame, closing the session with `4009` when its queue overflows. */
  send(frame: Frame): void {
    if (this.state === 'closed') return;

    this.socket.send(frame);
    if (this.socket.bufferedAmount > this.relay.limits.maxBufferedBytes && !this.overflowed) {
      this.overflowed = true;
      this.relay.slowConsumer(this);
    }
  }

  /** Sends an `error` frame. */
  sendError(code: FrameErrorCode, message: string, extra: { channel?: string; ref?: string } = {}) {
    this.send(Frame.json({ type: 'error', code, message, ...extra }));
  }

  /** Authenticates with a token from the URL (baseline) right after the upgrade. */
  authenticateWith(token: string): void {
    this.firstFrameSeen = true;
    this.enqueue(() => this.authenticate(token));
  }

  receive(data: string | Uint8Array, binary: boolean): void {
    if (this.state === 'closed') return;

    if (!this.firstFrameSeen) {
      this.firstFrameSeen = true;
      if (binary || !isAuthFrame(data)) {
        this.close(CloseCode.AUTH_TIMEOUT, 'first frame must be auth');
        return;
      }
    }

    if (!this.withinRate()) {
      this.sendError('rate_limited', 'too many frames');
      return;
    }

    if (binary) {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      this.enqueue(() => this.onBinary(bytes));
      return;
    }

    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
    } catch {
      this.violation('invalid_frame', 'frame is not JSON');
      return;
    }
    this.enqueue(() => this.onFrame(frame));
  }

  closed(code: number, reason: string): void {
    this.drainBinary = this.state === 'open';
    this.end(code, reason);
    this.isGone = true;
    for (const resolve of this.goneWaiters?.splice(0) ?? []) resolve();
  }

  /** Resolves once the adapter reports the socket gone. */
  gone(): Promise<void> {
    if (this.isGone) return IDLE;
    return new Promise((resolve) => {
      this.goneWaiters ??= [];
      this.goneWaiters.push(resolve);
    });
  }

  /** Closes the socket with a code and cleans up at once. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.socket.close(code, reason);
    this.end(code, reason);
  }

  private end(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.relay.forget(this, code, reason);
  }

  /** Sends a `ping`, or terminates the socket after two unanswered ones (§5.7). */
  ping(): void {
    if (this.missedPings >= 2) {
      this.socket.terminate();
      this.end(1006, 'no pong');
      return;
    }
    this.missedPings++;
    this.send(PING);
  }

  private enqueue(task: () => Promise<void> | void): void {
    const next: Promise<void> = this.inbound
      .then(task)
      .catch((error: unknown) => {
        this.relay.report(error, 'frame');
      })
      .then(() => {
        // An idle session keeps no promise of its own.
        if (this.inbound === next) this.inbound = IDLE;
      });
    this.inbound = next;
  }

  private withinRate(): boolean {
    const now = this.relay.now();
    if (now - this.rateWindowStart >= 1000) {
      this.rateWindowStart = now;
      this.rateCount = 0;
    }
    return ++this.rateCount <= this.relay.limits.maxFramesPerSecond;
  }

  private violation(
    code: 'invalid_frame' | 'unknown_type',
    message: string,
    extra: { channel?: string; ref?: string } = {},
  ): void {
    this.sendError(code, message, extra);

    const now = this.relay.now();
    const window = this.relay.limits.violationWindowMs;
    this.violations = (this.violations ?? []).filter((at) => now - at < window);
    this.violations.push(now);
    if (this.violations.length >= this.relay.limits.maxViolations) {
      this.close(CloseCode.POLICY, 'repeated protocol violations');
    }
  }

  private async onFrame(frame: unknown): Promise<void> {
    if (this.state === 'closed') return;
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      this.violation('invalid_frame', 'frame must be a JSON object');
      return;
    }

    const fields = frame as Record<string, unknown>;
    if (fields.type === 'auth') return this.authenticate(fields.token);
    if (this.state !== 'open') return;

    try {
      switch (fields.type) {
        case 'subscribe':
          return await this.onSubscribe(fields);
        case 'unsubscribe':
          return this.onUnsubscribe(fields);
        case 'message':
          return await this.onMessage(fields);
        case 'presence':
          return this.onPresence(fields);
        case 'pong':
          this.missedPings = 0;
          return;
        case 'ping':
          this.send(PONG);
          return;
        default:
          if (typeof fields.type !== 'string')
            this.violation('invalid_frame', 'type must be a string');
          else this.violation('unknown_type', 'unknown frame type');
      }
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;

      const ref = typeof fields.ref === 'string' ? fields.ref : undefined;
      const extra = {
        ...(error.details.channel === undefined ? {} : { channel: error.details.channel }),
        ...(ref === undefined ? {} : { ref }),
      };
      if (error.code === 'invalid_frame') this.violation('invalid_frame', error.message, extra);
      else this.sendError(error.code as FrameErrorCode, error.message, extra);
    }
  }

  private async authenticate(token: unknown): Promise<void> {
    if (this.state === 'closed') return;

    let identity: Identity;
    try {
      identity = await this.relay.verify(token);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      this.relay.rejected(error.code, error.message, this.socket.transport);
      const code =
        error.code === 'site_not_found' ? CloseCode.SITE_UNKNOWN : CloseCode.TOKEN_INVALID;
      this.close(code, error.message);
      return;
    }
    if ((this.state as State) === 'closed') return;

    const previous = this.identity;
    if (previous) {
      if (previous.site.site_id !== identity.site.site_id || previous.userId !== identity.userId) {
        this.close(CloseCode.TOKEN_INVALID, 'token names another identity');
        return;
      }
      this.identity = identity;
      this.dropUngranted();
    } else {
      const admitted = this.relay.admit(this, identity);
      if (!(typeof admitted === 'boolean' ? admitted : await admitted)) return;
      if ((this.state as State) === 'closed') return;
      this.identity = identity;
      this.state = 'open';
    }
    this.send(Frame.json({ type: 'auth_ok', exp: identity.exp, connection_id: this.id }));
  }

  private dropUngranted(): void {
    const identity = this.identity as Identity;
    const dropped: string[] = [];
    for (const sub of this.subscriptions) {
      if (!granted(identity.subscribe, sub.bare)) {
        this.relay.unsubscribe(this, sub);
        dropped.push(sub.spelling);
      }
    }
    if (dropped.length > 0) this.send(Frame.json({ type: 'unsubscribed', channels: dropped }));
  }

  private async onSubscribe(fields: Record<string, unknown>): Promise<void> {
    const channels = stringList(fields.channels);
    const since = fields.since === undefined ? {} : stringMap(fields.since);
    if (!since) throw new RelayError('invalid_frame', 'since must map channels to positions');

    const result = await this.relay.subscribe(this, channels, since);
    if (!result) return;

    for (const refusal of result.refused) {
      this.sendError(refusal.code as FrameErrorCode, refusal.message, { channel: refusal.channel });
    }
    result.replay();
    this.send(Frame.json({ type: 'subscribed', ...result.announcement }));
    result.goLive();
  }

  private onUnsubscribe(fields: Record<string, unknown>): void {
    const channels = stringList(fields.channels);
    for (const name of channels) {
      const sub = this.subscriptions.find((s) => s.spelling === name);
      if (sub) this.relay.unsubscribe(this, sub);
    }
    this.send(Frame.json({ type: 'unsubscribed', channels }));
  }

  private async onMessage(fields: Record<string, unknown>): Promise<void> {
    const ref = fields.ref;
    if (ref !== undefined && (typeof ref !== 'string' || ref.length > 64)) {
      throw new RelayError('invalid_frame', 'ref must be a string of at most 64 characters');
    }

    const id = await this.relay.publishFromClient(this.identity as Identity, fields);
    if (ref !== undefined) this.send(Frame.json({ type: 'ack', ref, id }));
  }

  private onPresence(fields: Record<string, unknown>): void | Promise<void> {
    return this.relay.presence(this, fields.channel, fields.state);
  }

  private onBinary(bytes: Uint8Array): void {
    if (this.state !== 'open' && !this.drainBinary) return;

    const decoded = decodeBinaryFrame(bytes);
    if (!decoded) {
      this.violation('invalid_frame', 'malformed binary frame');
      return;
    }
    try {
      this.relay.publishBinary(this, decoded.channel, decoded.payload);
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      this.sendError(error.code as FrameErrorCode, error.message, { channel: decoded.channel });
    }
  }
}

function isAuthFrame(data: string | Uint8Array): boolean {
  try {
    const frame = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
    return typeof frame === 'object' && frame !== null && frame.type === 'auth';
  } catch {
    return false;
  }
}

/** A `channels` field: an array of strings (each checked later). */
export function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 1000) {
    throw new RelayError('invalid_frame', 'channels must be an array');
  }
  for (const item of value) {
    if (typeof item !== 'string') throw new RelayError('invalid_frame', 'channels must be strings');
  }
  return value as string[];
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const item of Object.values(value)) if (typeof item !== 'string') return undefined;
  return value as Record<string, string>;
}
