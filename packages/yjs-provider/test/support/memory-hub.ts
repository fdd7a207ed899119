import type { ChannelHandlers, ConnectionSnapshot, YjsConnection } from '../../src/connection';

/**
 * An in-process stand-in for the relay, used by the unit tests of the provider's own logic: it
 * forwards binary payloads to the other subscribers of a channel, in order, a microtask later,
 * and lets a test take a connection offline and back. The integration suites use the real relay.
 */
export class MemoryHub {
  readonly connections = new Set<MemoryConnection>();
  /** Every payload forwarded, for tests that inspect the wire. */
  readonly wire: Array<{ channel: string; payload: Uint8Array }> = [];

  connect(): MemoryConnection {
    const connection = new MemoryConnection(this);
    this.connections.add(connection);
    return connection;
  }

  deliver(from: MemoryConnection, channel: string, payload: Uint8Array): void {
    this.wire.push({ channel, payload });
    for (const connection of this.connections) {
      if (connection !== from) connection.receive(channel, payload);
    }
  }
}

export class MemoryConnection implements YjsConnection {
  private state: ConnectionSnapshot = { state: 'connected' };
  private readonly statusListeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  private readonly channels = new Map<string, Set<ChannelHandlers>>();

  constructor(private readonly hub: MemoryHub) {}

  snapshot(): ConnectionSnapshot {
    return this.state;
  }

  onStatus(listener: (snapshot: ConnectionSnapshot) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  subscribeChannel(channel: string, handlers: ChannelHandlers): () => void {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }

    set.add(handlers);
    if (this.state.state === 'connected') queueMicrotask(() => handlers.onSubscribed());
    return () => set.delete(handlers);
  }

  /** Outgoing payloads to drop silently, as a relay's rate limit does. */
  dropOutgoing = 0;

  publishBinary(channel: string, payload: Uint8Array): void {
    if (this.state.state !== 'connected') return;
    if (this.dropOutgoing > 0) {
      this.dropOutgoing -= 1;
      return;
    }

    const copy = payload.slice();
    queueMicrotask(() => this.hub.deliver(this, channel, copy));
  }

  receive(channel: string, payload: Uint8Array): void {
    if (this.state.state !== 'connected') return;

    for (const handlers of this.channels.get(channel) ?? []) handlers.onBinary(payload);
  }

  /** Listener count, to check that nothing survives a provider's destroy(). */
  get listenerCount(): number {
    let count = this.statusListeners.size;
    for (const set of this.channels.values()) count += set.size;
    return count;
  }

  setSnapshot(snapshot: ConnectionSnapshot): void {
    this.state = snapshot;
    for (const listener of [...this.statusListeners]) listener(snapshot);
    if (snapshot.state !== 'connected') return;

    for (const set of this.channels.values()) {
      for (const handlers of set) handlers.onSubscribed();
    }
  }

  /** Tells the providers that payloads may have been lost, as the client does on `rate_limited`. */
  reportLoss(): void {
    for (const set of this.channels.values()) {
      for (const handlers of set) handlers.onLoss?.();
    }
  }

  goOffline(): void {
    this.setSnapshot({ state: 'reconnecting', attempt: 1, retryInMs: 500, closeCode: 1006 });
  }

  goOnline(): void {
    this.setSnapshot({ state: 'connected' });
  }
}

/** Resolves once every queued microtask and timer of this tick has run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
