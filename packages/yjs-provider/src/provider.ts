import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

import {
  applyAwarenessStates,
  encodeAwarenessStates,
  encodeLocalRemoval,
  removeRemoteStates,
} from './awareness-protocol';
import { Reassembler, splitMessage } from './chunking';
import type { YjsCipher } from './cipher';
import type { ConnectionSnapshot, YjsConnection } from './connection';
import { Emitter } from './emitter';
import { YjsProviderError } from './errors';
import { LinkState } from './link-state';
import {
  decodeMessage,
  encodeAwareness,
  encodeSealed,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type ProtocolMessage,
} from './messages';
import {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_RESYNC_DELAY_MS,
  type YjsFunctions,
  type YjsProviderOptions,
} from './options';
import type { ProviderStatus, YjsProviderEvents } from './provider-events';
import { Sequencer } from './sequencer';

export {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_RESYNC_DELAY_MS,
  type YjsFunctions,
  type YjsProviderOptions,
} from './options';
export type { ProviderStatus, YjsProviderEvents } from './provider-events';

/** The timer functions of the host (the package compiles without DOM or Node types). */
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

type WholeMessage = Exclude<ProtocolMessage, { type: 'chunk' } | { type: 'sealed' }>;

type Listener<K extends keyof YjsProviderEvents> = (payload: YjsProviderEvents[K]) => void;

function randomId(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

function hasClockBeyond(theirs: Map<number, number>, ours: Map<number, number>): boolean {
  for (const [client, clock] of theirs) {
    if (clock > (ours.get(client) ?? 0)) return true;
  }

  return false;
}

/**
 * Binds a `Y.Doc`, and optionally an `Awareness`, to one channel of a connection.
 *
 * Every payload is a standard y-protocols message. Whenever the channel becomes subscribed (the
 * first time and after every reconnect) the provider sends sync step 1 with its state vector, its
 * delete set as an update (so deletions made offline reach peers that already hold every insert),
 * and its awareness state. A peer answers step 1 with step 2 and its awareness, and sends its own
 * step 1 back when the asker holds changes it lacks, so offline work flows both ways. Messages
 * larger than `chunkBytes` are split (see the README); past `maxMessageBytes` the provider emits
 * `document-size-limit-exceeded`.
 *
 * @example
 * ```ts
 * import * as Y from 'yjs';
 * import { Awareness } from 'y-protocols/awareness';
 * import { YjsProvider, fromWordSocketClient, yjsChannelName } from '@wordsocket/yjs-provider';
 *
 * const doc = new Y.Doc();
 * const provider = new YjsProvider({
 *   connection: fromWordSocketClient(client),
 *   channel: yjsChannelName('postType/post', 42),
 *   doc,
 *   awareness: new Awareness(doc),
 *   Y,
 * });
 * provider.on('synced', () => render(doc));
 * ```
 */
export class YjsProvider {
  /** The channel this provider syncs on. */
  readonly channel: string;
  /** The document. */
  readonly doc: Y.Doc;
  /** The awareness, when one was given. */
  readonly awareness: Awareness | undefined;

  private readonly connection: YjsConnection;
  private readonly Y: YjsFunctions;
  private readonly chunkBytes: number;
  private readonly maxMessageBytes: number;
  private readonly reassembler: Reassembler;
  private readonly events = new Emitter<YjsProviderEvents>();
  private readonly releases: Array<() => void> = [];
  private readonly releaseChannel: () => void;
  private readonly resyncDelayMs: number;
  private readonly deferRemoteChanges: boolean;
  private readonly cipher: YjsCipher | undefined;
  private readonly sealing = new Sequencer();
  private readonly opening = new Sequencer();
  private outgoing: Uint8Array[] = [];
  private incoming: Uint8Array[] = [];
  private incomingTimer: unknown;
  private resyncTimer: unknown;
  private readonly link: LinkState;
  private subscribed = false;
  private destroyed = false;

  /** @throws {RangeError} when `chunkBytes` or `maxMessageBytes` is not a positive integer */
  constructor(options: YjsProviderOptions) {
    const { chunkBytes = DEFAULT_CHUNK_BYTES, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES } =
      options;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
      throw new RangeError('YjsProvider: chunkBytes must be a positive integer');
    }

    if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1) {
      throw new RangeError('YjsProvider: maxMessageBytes must be a positive integer');
    }

    this.connection = options.connection;
    this.channel = options.channel;
    this.doc = options.doc;
    this.awareness = options.awareness;
    this.Y = options.Y;
    this.chunkBytes = chunkBytes;
    this.maxMessageBytes = maxMessageBytes;
    this.resyncDelayMs = options.resyncDelayMs ?? DEFAULT_RESYNC_DELAY_MS;
    this.deferRemoteChanges = options.deferRemoteChanges ?? false;
    this.cipher = options.cipher;
    this.reassembler = new Reassembler({ maxMessageBytes });
    this.link = new LinkState(this.events, this.connection.snapshot());

    this.doc.on('update', this.onDocUpdate);
    this.doc.on('destroy', this.onDocDestroy);
    this.releases.push(() => {
      this.doc.off('update', this.onDocUpdate);
      this.doc.off('destroy', this.onDocDestroy);
    });

    if (this.awareness) {
      const awareness = this.awareness;
      awareness.on('update', this.onAwarenessUpdate);
      this.releases.push(() => awareness.off('update', this.onAwarenessUpdate));
    }

    this.releases.push(this.connection.onStatus(this.onConnectionStatus));
    this.releaseChannel = this.connection.subscribeChannel(this.channel, {
      onBinary: (payload) => this.arrive(payload),
      onSubscribed: () => this.onSubscribed(),
      onRefused: (code) => this.onRefused(code),
      onLoss: () => this.scheduleResync(),
      onPeerLeft: (state) => this.onPeerLeft(state),
    });
  }

  /** The current link status. */
  get status(): ProviderStatus {
    return this.link.status;
  }

  /** Whether the channel is subscribed and messages flow. */
  get connected(): boolean {
    return this.subscribed;
  }

  /** Whether a peer has answered this provider's latest sync step 1. */
  get synced(): boolean {
    return this.link.synced;
  }

  /** Whether the room is relay-blind (a cipher was given). */
  get encrypted(): boolean {
    return this.cipher !== undefined;
  }

  /**
   * Resolves once every message sealed or opened so far has been sent, applied or dropped (at
   * once without a cipher). After destroy() it resolves once the last messages have been sent
   * and the channel left.
   */
  whenIdle(): Promise<void> {
    return Promise.all([this.sealing.idle(), this.opening.idle()]).then(() => undefined);
  }

  /** Adds an event listener. */
  on<K extends keyof YjsProviderEvents>(event: K, listener: Listener<K>): void {
    this.events.on(event, listener);
  }

  /** Removes an event listener. */
  off<K extends keyof YjsProviderEvents>(event: K, listener: Listener<K>): void {
    this.events.off(event, listener);
  }

  /**
   * Sends the last local changes, announces that this client's presence is gone, unsubscribes,
   * and releases every listener and timer; nothing received after this is applied. In an
   * encrypted room those last messages are sealed first, so the channel is left once they are
   * sent (see {@link YjsProvider.whenIdle}). The document and the awareness stay usable; they
   * are the caller's. Destroying the document destroys the provider too.
   */
  destroy(): void {
    if (this.destroyed) return;

    this.flushOutgoing();
    this.cancelResync();
    this.dropIncoming();
    this.opening.cancel();
    if (this.subscribed && this.awareness) {
      this.publish(encodeAwareness(encodeLocalRemoval(this.awareness)));
    }

    this.destroyed = true;
    this.subscribed = false;
    for (const release of this.releases.splice(0)) release();
    if (this.sealing.pending === 0) this.releaseChannel();
    else void this.sealing.idle().then(this.releaseChannel);
    this.reassembler.clear();
    this.events.clear();
  }

  private onDocDestroy = (): void => this.destroy();

  private onConnectionStatus = (snapshot: ConnectionSnapshot): void => {
    if (snapshot.state !== 'connected' && this.subscribed) {
      this.subscribed = false;
      this.outgoing = [];
      this.sealing.cancel();
      this.opening.cancel();
      this.cancelResync();
      this.link.setSynced(false);
      this.reassembler.clear();
      if (this.awareness) {
        const others = [...this.awareness.states.keys()];
        removeRemoteStates(this.awareness, others, this);
      }
    }

    this.link.update(this.subscribed, snapshot);
  };

  private onSubscribed(): void {
    if (this.destroyed) return;

    this.subscribed = true;
    this.link.setSynced(false);
    this.link.update(this.subscribed, this.connection.snapshot());
    if (this.awareness) {
      this.connection.announce?.(this.channel, { yjsClients: [this.awareness.clientID] });
    }

    this.resync();
  }

  /**
   * Sends what a (re)connect sends: sync step 1, the delete set, and the local awareness state.
   * Peers answer with what this document lacks and ask for what they lack.
   */
  private resync(): void {
    this.flushOutgoing();
    const stateVector = this.Y.encodeStateVector(this.doc);
    this.publish(encodeSyncStep1(stateVector));
    this.publish(encodeUpdate(this.Y.encodeStateAsUpdate(this.doc, stateVector)));
    this.sendLocalAwareness();
  }

  /** The connection of a peer is gone: its awareness clients go with it, without the 30 s wait. */
  private onPeerLeft(state: unknown): void {
    if (this.destroyed || !this.awareness) return;

    const clients = (state as { yjsClients?: unknown } | null)?.yjsClients;
    if (!Array.isArray(clients)) return;

    const ids = clients.filter((id): id is number => Number.isSafeInteger(id));
    removeRemoteStates(this.awareness, ids, this);
  }

  private onRefused(code: string): void {
    this.emitError(
      new YjsProviderError('channel-refused', `the relay refused ${this.channel}: ${code}`),
    );
  }

  private scheduleResync(): void {
    if (this.destroyed || !this.subscribed || this.resyncTimer !== undefined) return;

    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      if (this.subscribed) this.resync();
    }, this.resyncDelayMs);
  }

  private cancelResync(): void {
    if (this.resyncTimer === undefined) return;

    clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  /** Local updates of one synchronous burst leave as one merged update, one frame. */
  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || !this.subscribed) return;

    this.outgoing.push(update);
    if (this.outgoing.length === 1) void Promise.resolve().then(() => this.flushOutgoing());
  };

  private flushOutgoing(): void {
    const updates = this.outgoing;
    if (updates.length === 0) return;

    this.outgoing = [];
    const [first] = updates;
    const merged = updates.length === 1 && first ? first : this.Y.mergeUpdates(updates);
    this.publish(encodeUpdate(merged));
  }

  private onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || !this.subscribed || !this.awareness) return;

    const clients = [...change.added, ...change.updated, ...change.removed];
    this.publish(encodeAwareness(encodeAwarenessStates(this.awareness, clients)));
  };

  private sendLocalAwareness(): void {
    if (!this.awareness) return;

    const state = this.awareness.getLocalState();
    if (state === null) return;

    // A peer ignores a client it has never seen whose clock is 0 (the clock a fresh Awareness
    // starts at), so renew the state once; the resulting `update` event broadcasts it.
    if ((this.awareness.meta.get(this.awareness.clientID)?.clock ?? 0) === 0) {
      this.awareness.setLocalState(state);
      return;
    }

    const local = encodeAwarenessStates(this.awareness, [this.awareness.clientID]);
    this.publish(encodeAwareness(local));
  }

  private arrive(payload: Uint8Array): void {
    if (!this.deferRemoteChanges) {
      this.receive(payload);
      return;
    }

    this.incoming.push(payload);
    if (this.incomingTimer !== undefined) return;

    this.incomingTimer = setTimeout(() => {
      this.incomingTimer = undefined;
      for (const queued of this.incoming.splice(0)) this.receive(queued);
    }, 0);
  }

  private dropIncoming(): void {
    this.incoming = [];
    if (this.incomingTimer === undefined) return;

    clearTimeout(this.incomingTimer);
    this.incomingTimer = undefined;
  }

  private receive(payload: Uint8Array): void {
    if (this.destroyed) return;

    let message: ProtocolMessage;
    try {
      message = decodeMessage(payload);
    } catch (cause) {
      this.emitError(
        new YjsProviderError('malformed-message', 'dropped an unreadable message', { cause }),
      );
      return;
    }

    if (message.type === 'chunk') {
      const result = this.reassembler.accept(
        message.id,
        message.total,
        message.offset,
        message.bytes,
      );
      if (result.kind === 'too-large') {
        this.emitError(
          new YjsProviderError(
            'document-size-limit-exceeded',
            `a peer sent a ${result.total}-byte message; the limit is ${this.maxMessageBytes}`,
          ),
        );
      } else if (result.kind === 'malformed') {
        this.emitError(new YjsProviderError('malformed-message', result.reason));
      } else if (result.kind === 'complete') {
        const whole = this.decodeWhole(result.message, 'a reassembled message is a chunk');
        if (whole) this.dispatch(whole);
      }

      return;
    }

    this.dispatch(message);
  }

  /** Decodes a message that must not be a chunk (reassembled, or opened). */
  private decodeWhole(
    bytes: Uint8Array,
    chunkReason: string,
  ): Exclude<ProtocolMessage, { type: 'chunk' }> | undefined {
    let message: ProtocolMessage;
    try {
      message = decodeMessage(bytes);
    } catch (cause) {
      this.emitError(
        new YjsProviderError('malformed-message', 'dropped an unreadable message', { cause }),
      );
      return undefined;
    }

    if (message.type === 'chunk') {
      this.emitError(new YjsProviderError('malformed-message', chunkReason));
      return undefined;
    }

    return message;
  }

  /** Opens sealed messages in an encrypted room and refuses every other kind of mix. */
  private dispatch(message: Exclude<ProtocolMessage, { type: 'chunk' }>): void {
    const cipher = this.cipher;
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

    if (cipher && message.type !== 'ignored') {
      this.decryptFailed(`dropped a plain ${message.type} in an encrypted room`);
      return;
    }

    this.handle(message);
  }

  private receiveOpened(bytes: Uint8Array): void {
    if (this.destroyed) return;

    const message = this.decodeWhole(bytes, 'an opened message is a chunk');
    if (!message) return;
    if (message.type === 'sealed') {
      this.emitError(new YjsProviderError('malformed-message', 'an opened message is sealed'));
      return;
    }

    this.handle(message);
  }

  private decryptFailed(reason: string, cause?: unknown): void {
    this.emitError(new YjsProviderError('decrypt-failed', reason, { cause }));
  }

  private handle(message: WholeMessage): void {
    try {
      switch (message.type) {
        case 'sync-step-1':
          this.answerStep1(message.stateVector);
          break;
        case 'sync-step-2':
          this.Y.applyUpdate(this.doc, message.update, this);
          this.link.setSynced(true);
          break;
        case 'update':
          this.Y.applyUpdate(this.doc, message.update, this);
          break;
        case 'awareness':
          if (this.awareness) applyAwarenessStates(this.awareness, message.update, this);
          break;
        case 'query-awareness':
          this.sendLocalAwareness();
          break;
        case 'ignored':
          break;
      }
    } catch (cause) {
      this.emitError(
        new YjsProviderError('malformed-message', `dropped an unreadable ${message.type}`, {
          cause,
        }),
      );
    }
  }

  private answerStep1(theirVector: Uint8Array): void {
    const theirs = this.Y.decodeStateVector(theirVector);
    this.publish(encodeSyncStep2(this.Y.encodeStateAsUpdate(this.doc, theirVector)));

    const ours = this.Y.encodeStateVector(this.doc);
    if (hasClockBeyond(theirs, this.Y.decodeStateVector(ours))) this.publish(encodeSyncStep1(ours));

    this.sendLocalAwareness();
  }

  private publish(message: Uint8Array): void {
    if (!this.subscribed) return;

    const cipher = this.cipher;
    if (!cipher) {
      this.send(message);
      return;
    }

    this.sealing.push(
      () => cipher.seal(message),
      (box) => this.send(encodeSealed(box)),
      (cause) => {
        this.emitError(
          new YjsProviderError('encrypt-failed', 'could not seal a message', { cause }),
        );
      },
    );
  }

  /** Puts a whole message on the wire, split into chunks when it is larger than one frame. */
  private send(message: Uint8Array): void {
    if (message.length > this.maxMessageBytes) {
      this.emitError(
        new YjsProviderError(
          'document-size-limit-exceeded',
          `a ${message.length}-byte message exceeds the ${this.maxMessageBytes}-byte limit`,
        ),
      );
      return;
    }

    if (message.length <= this.chunkBytes) {
      this.connection.publishBinary(this.channel, message);
      return;
    }

    for (const chunk of splitMessage(message, this.chunkBytes, randomId())) {
      this.connection.publishBinary(this.channel, chunk);
    }
  }

  private emitError(error: YjsProviderError): void {
    this.events.emit('error', error);
  }
}
