import type { ClientState, StateReason, TransportName } from './codes.js';
import type { WordSocketError } from './errors.js';

/** Who published a message: WordPress (`POST /publish`) or a client frame. */
export type MessageOrigin = 'server' | 'client' | 'unknown';

/** A state change: the new state, the one before, and why. */
export interface StateChange {
  state: ClientState;
  previous: ClientState;
  /** The close code that caused it (docs/protocol.md §5.5), or 0 when no connection ended. */
  code: number;
  reason: StateReason;
  /** The transport in use once `connected`. */
  transport: TransportName | undefined;
  /** Milliseconds until the next attempt, when the state is `reconnecting`. */
  delay: number | undefined;
}

/** A JSON message delivered on a channel, decrypted when it was encrypted. */
export interface Message {
  /** The channel, in the spelling this client subscribed with. */
  channel: string;
  /** The application's event name (the inner event of an encrypted message). */
  event: string;
  data: unknown;
  /** Its position in the channel's log, when the relay gave one. */
  id: string | undefined;
  /** `'server'` for WordPress publishes; a handler that trusts only WordPress checks this. */
  origin: MessageOrigin;
  /** The envelope version it was decrypted from (1 or 2), or 0 for a plain message. */
  encryption: 0 | 1 | 2;
  /** When a v2 envelope was sealed (unix milliseconds). */
  sealedAt: number | undefined;
}

/** A binary payload (docs/protocol.md §5.6), always as `Uint8Array`. */
export interface BinaryMessage {
  channel: string;
  data: Uint8Array;
}

/** A channel whose history could not be recovered: messages may have been missed. */
export interface Gap {
  channel: string;
  /** The position the client asked to continue from. */
  since: string | undefined;
}

/** A member of a channel's presence set. */
export interface PresenceMember {
  /** The member's connection id. */
  id: string;
  /** The WordPress user id of its token, when the relay says. */
  userId: string | undefined;
  state: unknown;
}

/** A presence change on a channel, with the full member list after it. */
export interface PresenceChange {
  channel: string;
  action: 'sync' | 'join' | 'leave';
  /** The member that joined, updated or left (absent for `sync`). */
  member: PresenceMember | undefined;
  members: PresenceMember[];
}

/** A subscription the relay confirmed. */
export interface Subscribed {
  channel: string;
  /** True or false when the client asked to resume from a position, otherwise undefined. */
  recovered: boolean | undefined;
}

/** A subscription that ended. */
export interface Unsubscribed {
  channel: string;
  /** `requested` by the application, `refused` by the relay, or `revoked` by a token refresh. */
  reason: 'requested' | 'refused' | 'revoked';
}

/** The relay acknowledged a publish. */
export interface Ack {
  ref: string;
  /** The message's position. */
  id: string;
  channel: string;
}

/** Every event of the client, with its payload. */
export interface ClientEvents {
  /** The state changed. */
  state: StateChange;
  /** A JSON message arrived (decrypted, duplicate-free, in order). */
  message: Message;
  /** A binary payload arrived. */
  binary: BinaryMessage;
  /** Recovery failed for a channel after a reconnect: refetch what it shows. */
  gap: Gap;
  /** Something failed without stopping the client: a refusal, a bad frame, a decryption. */
  error: WordSocketError;
  /** A channel's presence set changed. */
  presence: PresenceChange;
  /** The relay confirmed a subscription (also after every reconnect). */
  subscribed: Subscribed;
  /** A subscription ended. */
  unsubscribed: Unsubscribed;
  /** The relay acknowledged a publish. */
  ack: Ack;
  /** The connected transport differs from the last connection's: a fallback to SSE, or back. */
  transport: TransportName;
}
