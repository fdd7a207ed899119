/**
 * The narrow slice of a `@wordsocket/client` connection the provider needs. The provider is written
 * against this interface only; {@link fromWordSocketClient} adapts the real client to it, and any
 * other transport that can carry binary payloads on a named channel can implement it directly.
 *
 * @module
 */

/** The connection's lifecycle, as readable strings. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'halted';

/** What the connection says about itself at one moment. */
export interface ConnectionSnapshot {
  /** Where the connection is in its lifecycle. */
  state: ConnectionState;
  /** Failed attempts since the connection was last up (0 or absent when it is up). */
  attempt?: number;
  /** While `reconnecting`: milliseconds until the next attempt. */
  retryInMs?: number;
  /** The WebSocket close code that ended the last session, when there was one. */
  closeCode?: number;
  /** While `halted`: a stable code saying why the connection gave up (for example `unauthorized`). */
  reason?: string;
}

/** Callbacks for one channel subscription. */
export interface ChannelHandlers {
  /** A binary payload published on the channel by another connection. */
  onBinary(payload: Uint8Array): void;
  /**
   * The channel is subscribed and payloads flow both ways. Called after the first subscription and
   * again after every reconnect, once the subscription has been replayed.
   */
  onSubscribed(): void;
  /** The relay refused the channel (for example `forbidden`); called with the error code. */
  onRefused?(code: string): void;
  /**
   * Payloads on the channel may have been dropped without the connection ending (the relay's
   * rate limit refused a frame); the provider resyncs.
   */
  onLoss?(): void;
  /**
   * Another connection left the channel's presence set (it unsubscribed, closed, or its socket
   * died); `state` is the presence state it had announced with {@link YjsConnection.announce}.
   * Anyone subscribed can announce any state, so the provider removes only the awareness clients
   * that no remaining member claims (see {@link YjsConnection.memberStates}).
   */
  onPeerLeft?(state: unknown): void;
}

/** A connection that can carry binary payloads on named channels. */
export interface YjsConnection {
  /** The current state of the connection. */
  snapshot(): ConnectionSnapshot;
  /** Calls `listener` on every state change; returns a function that removes it. */
  onStatus(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  /** Subscribes to a channel; returns a function that ends the subscription. */
  subscribeChannel(channel: string, handlers: ChannelHandlers): () => void;
  /** Publishes one binary payload on a channel; may drop it when the connection is down. */
  publishBinary(channel: string, payload: Uint8Array): void;
  /**
   * Optional: sets this connection's presence state on a subscribed channel (protocol §6), so that
   * peers learn when it goes away even if it never says goodbye.
   */
  announce?(channel: string, state: Record<string, unknown>): void;
  /**
   * Optional: the presence states of the channel's current members (protocol §6), read when a
   * member leaves. Without it, a member's leave removes every awareness client it claimed.
   */
  memberStates?(channel: string): unknown[];
}
