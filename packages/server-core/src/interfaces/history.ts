import type { Awaitable } from './awaitable.js';
import type { Origin } from './broker.js';

/** A JSON message as history keeps it. */
export interface HistoryMessage {
  /** Its position, `"<epoch>:<offset>"`. */
  id: string;
  event: string;
  data: unknown;
  origin: Origin;
}

/** What a history read answers (docs/protocol.md §7). */
export interface HistoryRead {
  /** Position of the newest message in the log, or `"<epoch>:0"` for an empty log. */
  head: string;
  /**
   * With a `since`: whether the log reached back to it in the same epoch. `messages` then holds
   * every message after `since` up to `head`, oldest first; otherwise it is empty.
   */
  recovered: boolean;
  messages: HistoryMessage[];
}

/**
 * Per-channel bounded logs of recent JSON messages. Channel names are full names.
 *
 * Positions are `"<epoch>:<offset>"`: the offset grows by one per appended message, starting at
 * 1; the epoch is chosen when a channel's log is created (including by a read of an empty log,
 * so the `"<epoch>:0"` a subscriber was given stays valid) and changes when a log is lost.
 */
export interface History {
  /** Appends a message; resolves its position. */
  append(
    channel: string,
    message: { event: string; data: unknown; origin: Origin },
  ): Awaitable<string>;
  /** The head, and with `since` the messages after it (see {@link HistoryRead}). */
  read(channel: string, since?: string): Awaitable<HistoryRead>;
  /** Releases resources; the relay calls it from `close()`. */
  close?(): Awaitable<void>;
}
