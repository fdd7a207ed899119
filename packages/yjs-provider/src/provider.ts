import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

import type { ConnectionSnapshot, YjsConnection } from './connection';
import { Emitter } from './emitter';
import { YjsProviderError } from './errors';
import { Inbox } from './inbox';
import { LinkState } from './link-state';
import { OneShotTimer } from './one-shot-timer';
import {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_RESYNC_DELAY_MS,
  type YjsProviderOptions,
} from './options';
import { Outbox } from './outbox';
import { Presence } from './presence';
import type { ProviderStatus, YjsProviderEvents } from './provider-events';
import { SyncExchange } from './sync-exchange';

export {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_RESYNC_DELAY_MS,
  type YjsFunctions,
  type YjsProviderOptions,
} from './options';
export type { ProviderStatus, YjsProviderEvents } from './provider-events';

type Listener<K extends keyof YjsProviderEvents> = (payload: YjsProviderEvents[K]) => void;

/**
 * Binds a `Y.Doc`, and optionally an `Awareness`, to one channel of a connection.
 *
 * Every payload is a standard y-protocols message. Whenever the channel becomes subscribed (the
 * first time and after every reconnect) the provider sends sync step 1 with its state vector, its
 * delete set as an update (so deletions made offline reach peers that already hold every insert),
 * and its awareness state. A peer answers step 1 with step 2 and its awareness, and sends its own
 * step 1 back when the asker holds changes it lacks, so offline work flows both ways. Messages
 * larger than `chunkBytes` are split (see the README); past `maxMessageBytes` the provider emits
 * `document-size-limit-exceeded` for a message it would send and `remote-message-too-large` for
 * one a peer announces (dropped; the provider goes on).
 *
 * The provider wires together its {@link Outbox} (what leaves), its {@link Inbox} (what arrives),
 * the {@link SyncExchange} that applies and answers messages, its {@link Presence} (awareness),
 * and its {@link LinkState} (status and synced); it owns the lifecycle: subscribe, lose the link,
 * resync, destroy.
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
  private readonly events = new Emitter<YjsProviderEvents>();
  private readonly link: LinkState;
  private readonly outbox: Outbox;
  private readonly inbox: Inbox;
  private readonly presence: Presence | undefined;
  private readonly exchange: SyncExchange;
  private readonly resyncTimer = new OneShotTimer();
  private readonly resyncDelayMs: number;
  private readonly isEncrypted: boolean;
  private readonly releases: Array<() => void> = [];
  private readonly releaseChannel: () => void;
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

    const { connection, channel, doc, awareness, Y, cipher } = options;
    this.connection = connection;
    this.channel = channel;
    this.doc = doc;
    this.awareness = awareness;
    this.resyncDelayMs = options.resyncDelayMs ?? DEFAULT_RESYNC_DELAY_MS;
    this.isEncrypted = cipher !== undefined;
    this.link = new LinkState(this.events, connection.snapshot());

    const report = (error: YjsProviderError) => this.events.emit('error', error);
    const canPublish = () => this.subscribed;
    this.outbox = new Outbox({
      connection,
      channel,
      Y,
      cipher,
      chunkBytes,
      maxMessageBytes,
      canPublish,
      report,
    });

    const publish = (message: Uint8Array) => this.outbox.publish(message);
    this.presence = awareness && new Presence({ awareness, origin: this, publish, canPublish });
    this.exchange = new SyncExchange({
      doc,
      Y,
      origin: this,
      presence: this.presence,
      publish,
      setSynced: (synced) => this.link.setSynced(synced),
      report,
    });
    this.inbox = new Inbox({
      cipher,
      maxMessageBytes,
      deferRemoteChanges: options.deferRemoteChanges ?? false,
      deliver: (message) => this.exchange.handle(message),
      report,
      lost: () => this.scheduleResync(),
    });

    this.listen();
    this.releaseChannel = connection.subscribeChannel(channel, {
      onBinary: (payload) => this.inbox.arrive(payload),
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
    return this.isEncrypted;
  }

  /**
   * Resolves once every message sealed or opened so far has been sent, applied or dropped (at
   * once without a cipher). After destroy() it resolves once the last messages have been sent
   * and the channel left.
   */
  whenIdle(): Promise<void> {
    return Promise.all([this.outbox.idle(), this.inbox.idle()]).then(() => undefined);
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

    this.outbox.flushUpdates();
    this.resyncTimer.cancel();
    this.inbox.close();
    this.presence?.sendRemoval();

    this.destroyed = true;
    this.subscribed = false;
    for (const release of this.releases.splice(0)) release();
    this.outbox.afterSent(this.releaseChannel);
    this.events.clear();
  }

  /** Follows the document, the awareness and the connection until destroy(). */
  private listen(): void {
    this.doc.on('update', this.onDocUpdate);
    this.doc.on('destroy', this.onDocDestroy);
    this.releases.push(() => {
      this.doc.off('update', this.onDocUpdate);
      this.doc.off('destroy', this.onDocDestroy);
    });

    if (this.presence) this.releases.push(this.presence.listen());
    this.releases.push(this.connection.onStatus(this.onConnectionStatus));
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || !this.subscribed) return;

    this.outbox.queueUpdate(update);
  };

  private onDocDestroy = (): void => this.destroy();

  private onConnectionStatus = (snapshot: ConnectionSnapshot): void => {
    if (snapshot.state !== 'connected' && this.subscribed) {
      this.subscribed = false;
      this.outbox.discard();
      this.inbox.reset();
      this.resyncTimer.cancel();
      this.link.setSynced(false);
      this.presence?.removeAllPeers();
    }

    this.link.update(this.subscribed, snapshot);
  };

  private onSubscribed(): void {
    if (this.destroyed) return;

    this.subscribed = true;
    this.link.setSynced(false);
    this.link.update(this.subscribed, this.connection.snapshot());
    if (this.presence) this.connection.announce?.(this.channel, this.presence.announcement);

    this.resync();
  }

  private resync(): void {
    this.outbox.flushUpdates();
    this.exchange.begin();
  }

  private onPeerLeft(state: unknown): void {
    if (this.destroyed) return;

    this.presence?.removeLeftPeer(state, this.connection.memberStates?.(this.channel));
  }

  private onRefused(code: string): void {
    this.events.emit(
      'error',
      new YjsProviderError('channel-refused', `the relay refused ${this.channel}: ${code}`),
    );
  }

  private scheduleResync(): void {
    if (this.destroyed || !this.subscribed) return;

    this.resyncTimer.start(this.resyncDelayMs, () => {
      if (this.subscribed) this.resync();
    });
  }
}
