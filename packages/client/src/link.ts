import type { StateReason, TransportName } from './codes.js';
import type { RelayFrame } from './frames.js';

/** What a transport reports to the client. */
export interface LinkHandlers {
  /** A JSON frame from the relay (SSE events are translated into the same frames). */
  frame(frame: RelayFrame): void;
  /** A binary payload. */
  binary(channel: string, data: Uint8Array): void;
  /** The link ended on its own after it was open. Called at most once. */
  close(code: number, reason: StateReason): void;
}

/** One authenticated connection to the relay over one transport. */
export interface Link {
  readonly name: TransportName;
  /** The relay's id for this connection (needed for presence on SSE). */
  readonly connectionId: string | undefined;
  /** Sends a client frame (docs/protocol.md §5.2). */
  send(frame: Record<string, unknown>): void;
  /** Sends a binary payload on a channel. */
  sendBinary(channel: string, data: Uint8Array): Promise<void>;
  /** Asks the relay for a sign of life; the link closes itself if none comes within `timeout`. */
  probe(timeout: number): void;
  /** Closes the link without calling `close` on its handlers. */
  close(): void;
}

/** Why a link could not be opened. */
export interface LinkFailure {
  code: number;
  reason: StateReason;
  /** True when the next transport should be tried at once (the upgrade failed, or no answer). */
  fallback: boolean;
}
