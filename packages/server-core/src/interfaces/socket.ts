import type { Frame } from '../frame.js';

/**
 * The one thing a transport adapter implements: a connected socket the relay writes to.
 * The `ws` adapter and the SSE handler are two; another runtime's is a few dozen lines.
 *
 * The relay hands the same {@link Frame} object to every recipient of a message, so an
 * adapter can build its wire form once (`frame.memo(key, build)`) and write those bytes to all.
 */
export interface RelaySocket {
  /** `"websocket"`, `"sse"`, or an adapter's own name; reported in events. */
  readonly transport: string;
  /** Writes one frame. Never throws; a broken socket reports itself through `Connection.closed`. */
  send(frame: Frame): void;
  /** Bytes accepted by `send` that the network has not taken yet. */
  readonly bufferedAmount: number;
  /** Sends a close with this code and reason, then ends the connection. */
  close(code: number, reason: string): void;
  /** Ends the connection at once, without a closing handshake. */
  terminate(): void;
  /**
   * For transports without ping/pong (SSE): called every `sseHeartbeatMs` instead of the
   * relay's `ping` frames, to keep proxies from timing the stream out.
   */
  heartbeat?(): void;
}
