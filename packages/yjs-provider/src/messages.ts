/**
 * The y-protocols message vocabulary, byte for byte what `y-protocols/sync` and the y-websocket
 * family put on the wire, so any y-protocols peer can read what this provider sends.
 *
 * ```
 * sync:      varUint 0, varUint subtype (0 step 1, 1 step 2, 2 update), varUint8Array body
 * awareness: varUint 1, varUint8Array awareness update
 * query:     varUint 3                         (asks peers to send their awareness)
 * chunk:     varUint 100, see ./chunking.ts    (WordSocket's framing for large messages)
 * sealed:    varUint 101, varUint8Array box    (an encrypted room's message, see ./cipher.ts)
 * ```
 *
 * @module
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Outer message type of a sync message. */
export const MESSAGE_SYNC = 0;
/** Outer message type of an awareness update. */
export const MESSAGE_AWARENESS = 1;
/** Outer message type y-websocket uses for auth; read and ignored here. */
export const MESSAGE_AUTH = 2;
/** Outer message type of an awareness query. */
export const MESSAGE_QUERY_AWARENESS = 3;
/** Outer message type of one chunk of a larger message (WordSocket's framing). */
export const MESSAGE_CHUNK = 100;
/** Outer message type of a sealed (encrypted) message: `iv ‖ ciphertext ‖ tag` of a message. */
export const MESSAGE_SEALED = 101;

/** Sync subtype: the sender's state vector. */
export const SYNC_STEP_1 = 0;
/** Sync subtype: the updates the receiver of a step 1 was missing. */
export const SYNC_STEP_2 = 1;
/** Sync subtype: an incremental update. */
export const SYNC_UPDATE = 2;

/** One decoded message. */
export type ProtocolMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'chunk'; id: number; total: number; offset: number; bytes: Uint8Array }
  | { type: 'sealed'; box: Uint8Array }
  | { type: 'ignored'; messageType: number };

function syncMessage(subtype: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}

/** Encodes sync step 1 carrying a state vector. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP_1, stateVector);
}

/** Encodes sync step 2 carrying the update that answers a step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP_2, update);
}

/** Encodes an incremental document update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_UPDATE, update);
}

/** Encodes an awareness update (the body `encodeAwarenessUpdate` produces). */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encodes an awareness query. */
export function encodeQueryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS);
  return encoding.toUint8Array(encoder);
}

/** Encodes one chunk of a larger message. */
export function encodeChunk(id: number, total: number, offset: number, bytes: Uint8Array) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CHUNK);
  encoding.writeVarUint(encoder, id);
  encoding.writeVarUint(encoder, total);
  encoding.writeVarUint(encoder, offset);
  encoding.writeVarUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
}

/** Encodes a sealed message around a box made by a room's cipher. */
export function encodeSealed(box: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SEALED);
  encoding.writeVarUint8Array(encoder, box);
  return encoding.toUint8Array(encoder);
}

/** Thrown by {@link decodeMessage} for bytes that are not a well-formed message. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

function readVarUint(decoder: decoding.Decoder): number {
  if (!decoding.hasContent(decoder)) throw new MalformedMessageError('message ends early');

  try {
    return decoding.readVarUint(decoder);
  } catch (cause) {
    throw new MalformedMessageError('varint runs past the end or out of range', { cause });
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) {
    throw new MalformedMessageError('length prefix runs past the end');
  }

  return decoding.readUint8Array(decoder, length);
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes');
}

/**
 * Decodes one message. Message types this provider does not use (y-websocket's auth, anything
 * newer) come back as `ignored`.
 *
 * @throws {MalformedMessageError} when the bytes are truncated, padded or otherwise not a message
 */
export function decodeMessage(payload: Uint8Array): ProtocolMessage {
  const decoder = decoding.createDecoder(payload);
  const messageType = readVarUint(decoder);

  switch (messageType) {
    case MESSAGE_SYNC: {
      const subtype = readVarUint(decoder);
      const body = readBytes(decoder);
      expectEnd(decoder);
      if (subtype === SYNC_STEP_1) return { type: 'sync-step-1', stateVector: body };
      if (subtype === SYNC_STEP_2) return { type: 'sync-step-2', update: body };
      if (subtype === SYNC_UPDATE) return { type: 'update', update: body };
      throw new MalformedMessageError(`unknown sync subtype ${subtype}`);
    }

    case MESSAGE_AWARENESS: {
      const update = readBytes(decoder);
      expectEnd(decoder);
      return { type: 'awareness', update };
    }

    case MESSAGE_QUERY_AWARENESS:
      return { type: 'query-awareness' };

    case MESSAGE_CHUNK: {
      const id = readVarUint(decoder);
      const total = readVarUint(decoder);
      const offset = readVarUint(decoder);
      const bytes = readBytes(decoder);
      expectEnd(decoder);
      return { type: 'chunk', id, total, offset, bytes };
    }

    case MESSAGE_SEALED: {
      const box = readBytes(decoder);
      expectEnd(decoder);
      return { type: 'sealed', box };
    }

    default:
      return { type: 'ignored', messageType };
  }
}
