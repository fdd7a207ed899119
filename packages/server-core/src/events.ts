/** What a relay reports; subscribe with `relay.on(name, listener)`. */
export interface RelayEvents {
  /** A connection authenticated. */
  connection: { connectionId: string; siteId: string; userId: string; transport: string };
  /** A connection ended, with the close code the relay sent or received. */
  disconnect: { connectionId: string; siteId: string | undefined; code: number; reason: string };
  /** A JSON message was accepted for a channel (full name). */
  publish: { siteId: string; channel: string; id: string; origin: 'server' | 'client' };
  /** A connection's outbound queue overflowed; it is being closed with `4009`. */
  slowConsumer: { connectionId: string; siteId: string | undefined; bufferedAmount: number };
  /** A token or signature was refused, or a connection over a limit turned away. */
  rejected: { code: string; reason: string; transport: string };
  /**
   * A site was registered through `POST /api/sites/register`. A host calling
   * `relay.registerSite()` itself reports its own registrations.
   */
  siteRegistered: { siteId: string; siteUrl: string; via: 'api' };
  /** A site was removed (on this node or another) and its connections closed with `4003`. */
  siteRemoved: { siteId: string };
  /** A backend (history, broker, site store) failed, or a listener threw. */
  error: { error: unknown; context: string };
}

export type RelayEventName = keyof RelayEvents;
type Listener<T> = (payload: T) => void;

/** A small typed event emitter; a listener that throws is reported as an `error` event. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(name, listener);
  }

  /** Removes a listener. */
  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.listeners.get(name)?.delete(listener as Listener<never>);
  }

  /** Whether anything listens to `name`. */
  has(name: keyof Events): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  protected emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;

    for (const listener of set) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        if (name !== 'error') this.emit('error' as K, { error, context: 'listener' } as Events[K]);
      }
    }
  }
}
