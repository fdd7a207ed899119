import type { ConnectionSnapshot } from './connection';
import type { YjsProviderError } from './errors';

/** The provider's own view of its link: the connection's state, narrowed to the channel. */
export type ProviderStatus =
  | { status: 'connecting'; connection: ConnectionSnapshot }
  | { status: 'connected'; connection: ConnectionSnapshot }
  | { status: 'disconnected'; connection: ConnectionSnapshot };

/** Events of {@link YjsProvider}. */
export interface YjsProviderEvents {
  /** The link changed: connecting, connected (channel subscribed, sync started) or disconnected. */
  status: ProviderStatus;
  /** A peer answered this provider's sync step 1: the document holds what the peers had. */
  synced: boolean;
  /** Something went wrong that the provider recovered from or cannot fix; see the error codes. */
  error: YjsProviderError;
}
