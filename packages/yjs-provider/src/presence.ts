import type { Awareness } from 'y-protocols/awareness';

import {
  type AwarenessChange,
  applyAwarenessStates,
  encodeAwarenessStates,
  encodeLocalRemoval,
  removeRemoteStates,
} from './awareness-protocol';
import { encodeAwareness } from './messages';

/** What a {@link Presence} needs from its provider. */
export interface PresenceOptions {
  awareness: Awareness;
  /**
   * The origin of the changes this presence applies (the provider): they are not sent back, and
   * the awareness's listeners can tell them from local ones.
   */
  origin: unknown;
  /** Sends one whole y-protocols message. */
  publish: (message: Uint8Array) => void;
  /** Whether messages may leave now (the channel is subscribed). */
  canPublish: () => boolean;
}

/**
 * The awareness side of a provider: sends the local state and its changes, applies the peers'
 * states, and removes peers that left, or every peer when the link is lost.
 */
export class Presence {
  private readonly options: PresenceOptions;

  constructor(options: PresenceOptions) {
    this.options = options;
  }

  /** The relay presence state that names this client's awareness (protocol §6). */
  get announcement(): { yjsClients: number[] } {
    return { yjsClients: [this.options.awareness.clientID] };
  }

  /** Sends every local awareness change from now on; returns a function that stops it. */
  listen(): () => void {
    const awareness = this.options.awareness;
    awareness.on('update', this.onUpdate);
    return () => awareness.off('update', this.onUpdate);
  }

  /** Sends the local state, if there is one. */
  sendLocal(): void {
    const awareness = this.options.awareness;
    const state = awareness.getLocalState();
    if (state === null) return;

    // A peer ignores a client it has never seen whose clock is 0 (the clock a fresh Awareness
    // starts at), so renew the state once; the resulting `update` event broadcasts it.
    if ((awareness.meta.get(awareness.clientID)?.clock ?? 0) === 0) {
      awareness.setLocalState(state);
      return;
    }

    const local = encodeAwarenessStates(awareness, [awareness.clientID]);
    this.options.publish(encodeAwareness(local));
  }

  /** Sends that this client's state is gone; the awareness itself keeps it (it is the caller's). */
  sendRemoval(): void {
    this.options.publish(encodeAwareness(encodeLocalRemoval(this.options.awareness)));
  }

  /**
   * Applies a peer's awareness update.
   *
   * @throws {MalformedMessageError} when the update cannot be decoded
   */
  apply(update: Uint8Array): void {
    applyAwarenessStates(this.options.awareness, update, this.options.origin);
  }

  /**
   * A peer's connection is gone: its awareness clients go with it, without the 30 s wait. A
   * client that a remaining member still claims stays: the presence state is whatever a member
   * announced, so a member that claims another's client and leaves must not remove it.
   *
   * @param state - the presence state the member that left had announced
   * @param remaining - the presence states of the members still on the channel
   */
  removeLeftPeer(state: unknown, remaining: readonly unknown[] = []): void {
    const claimed = new Set(remaining.flatMap(claimedClients));
    const ids = claimedClients(state).filter((id) => !claimed.has(id));
    removeRemoteStates(this.options.awareness, ids, this.options.origin);
  }

  /** Removes every peer's state (the link is lost, so this client is alone). */
  removeAllPeers(): void {
    const others = [...this.options.awareness.states.keys()];
    removeRemoteStates(this.options.awareness, others, this.options.origin);
  }

  private onUpdate = (change: AwarenessChange, origin: unknown): void => {
    if (origin === this.options.origin || !this.options.canPublish()) return;

    const clients = [...change.added, ...change.updated, ...change.removed];
    this.options.publish(encodeAwareness(encodeAwarenessStates(this.options.awareness, clients)));
  };
}

/** The awareness client ids a relay presence state names (`{ yjsClients: [...] }`). */
function claimedClients(state: unknown): number[] {
  const clients = (state as { yjsClients?: unknown } | null)?.yjsClients;
  if (!Array.isArray(clients)) return [];

  return clients.filter((id): id is number => Number.isSafeInteger(id));
}
