import type { Awaitable } from './awaitable.js';

/** Who published a JSON message: WordPress over `POST /publish`, or a connected client. */
export type Origin = 'server' | 'client';

/** A JSON message on its way to every subscriber of a channel, on every node. */
export interface BrokerJsonMessage {
  kind: 'message';
  event: string;
  data: unknown;
  /** The position (`"<epoch>:<offset>"`); absent for presence, which is not kept in history. */
  id?: string;
  origin: Origin;
  /** A `connection_id` that must not receive this message (presence join/leave go to others). */
  exclude?: string;
}

/** A binary payload (docs/protocol.md §5.6); never in history. */
export interface BrokerBinaryMessage {
  kind: 'binary';
  payload: Uint8Array;
  /** The sender's `connection_id`: binary is not echoed to its sender unless configured. */
  exclude?: string;
}

/** What travels on a channel between relay nodes. */
export type BrokerMessage = BrokerJsonMessage | BrokerBinaryMessage;

/** Events every node must hear, whatever channels it subscribes to. */
export type BrokerControl = {
  kind: 'site_removed';
  site_id: string;
};

/** What the relay hands the broker to receive messages with. */
export interface BrokerListener {
  /** A message published on `channel` (a full name, `site:{site_id}:{name}`). */
  message(channel: string, message: BrokerMessage): void;
  /** A control event broadcast by any node, this one included. */
  control(event: BrokerControl): void;
}

/**
 * Cross-node fan-out. A single-node relay uses {@link MemoryBroker}; a cluster uses one over
 * Redis pub/sub or similar. Channel names are always full names.
 *
 * Contract: after `subscribe(channel)` resolves, every message published on that channel by any
 * node (this one included) reaches `listener.message`, in the order each node published it.
 */
export interface Broker {
  /** Called once by the relay before anything else. */
  start(listener: BrokerListener): Awaitable<void>;
  /** Sends a message to every node subscribed to `channel`, this one included. */
  publish(channel: string, message: BrokerMessage): Awaitable<void>;
  /** Starts receiving `channel`. The relay calls it once per channel it holds subscribers for. */
  subscribe(channel: string): Awaitable<void>;
  /** Stops receiving `channel`. */
  unsubscribe(channel: string): Awaitable<void>;
  /** Sends a control event to every node, this one included. */
  broadcast(event: BrokerControl): Awaitable<void>;
  /** Releases connections; the relay calls it from `close()`. */
  close(): Awaitable<void>;
}
