import type { ConnectionSnapshot } from './connection';
import type { Emitter } from './emitter';
import type { ProviderStatus, YjsProviderEvents } from './provider-events';

/**
 * The status and the synced flag of a provider. Each change is announced once, through the
 * provider's `status` and `synced` events; a repeat of the current value is not.
 */
export class LinkState {
  private current: ProviderStatus;
  private isSynced = false;

  /** @param initial - what the connection said when the provider was made (not subscribed yet) */
  constructor(
    private readonly events: Emitter<YjsProviderEvents>,
    initial: ConnectionSnapshot,
  ) {
    this.current = statusOf(false, initial);
  }

  /** The current link status. */
  get status(): ProviderStatus {
    return this.current;
  }

  /** Whether a peer has answered the latest sync step 1. */
  get synced(): boolean {
    return this.isSynced;
  }

  /** Takes the status that `connection` means for a channel that is (or is not) `subscribed`. */
  update(subscribed: boolean, connection: ConnectionSnapshot): void {
    const previous = this.current;
    const next = statusOf(subscribed, connection);
    this.current = next;
    if (previous.status === next.status && sameSnapshot(previous.connection, next.connection)) {
      return;
    }

    this.events.emit('status', next);
  }

  /** Sets the synced flag. */
  setSynced(synced: boolean): void {
    if (this.isSynced === synced) return;

    this.isSynced = synced;
    this.events.emit('synced', synced);
  }
}

/** Only a subscribed channel on a connected connection is `connected`; until then `connecting`. */
function statusOf(subscribed: boolean, connection: ConnectionSnapshot): ProviderStatus {
  if (subscribed && connection.state === 'connected') return { status: 'connected', connection };
  if (connection.state === 'connecting' || connection.state === 'idle') {
    return { status: 'connecting', connection };
  }

  if (connection.state === 'connected') return { status: 'connecting', connection };
  return { status: 'disconnected', connection };
}

function sameSnapshot(a: ConnectionSnapshot, b: ConnectionSnapshot): boolean {
  return (
    a.state === b.state &&
    a.attempt === b.attempt &&
    a.retryInMs === b.retryInMs &&
    a.closeCode === b.closeCode &&
    a.reason === b.reason
  );
}
