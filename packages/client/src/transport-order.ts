import type { TransportName } from './codes.js';
import type { LinkFailure } from './link.js';

/**
 * The transports an attempt tries, in order. Once WebSockets were blocked and SSE got through,
 * later attempts go straight to SSE (whose upgrade timer keeps trying WebSocket); when SSE alone
 * fails too, whatever blocked WebSockets may be gone, so they come first again.
 */
export class TransportOrder {
  readonly #transports: TransportName[];
  #preferSse = false;
  #attempt: TransportName[] = [];
  #webSocketBlocked = false;

  constructor(transports: TransportName[]) {
    this.#transports = transports;
  }

  /** Starts an attempt: the transports it tries, in order. */
  begin(): TransportName[] {
    const transports = this.#transports;
    this.#attempt = this.#preferSse && transports.includes('sse') ? ['sse'] : transports;
    this.#webSocketBlocked = false;

    return this.#attempt;
  }

  /** The attempt opened a link over `name`. */
  opened(name: TransportName): void {
    if (name === 'websocket') this.#preferSse = false;
    else if (this.#webSocketBlocked) this.#preferSse = true;
  }

  /** The attempt could not open a link over `name`. */
  failed(name: TransportName, failure: LinkFailure): void {
    if (name === 'websocket') this.#webSocketBlocked = failure.fallback;
    else if (this.#attempt.length === 1) this.#preferSse = false;
  }

  /** A client on SSE moved over to WebSocket. */
  upgraded(): void {
    this.#preferSse = false;
  }
}
