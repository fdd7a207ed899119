/**
 * Relay-blind rooms: every y-protocols message of an encrypted room crosses the relay sealed.
 *
 * ```
 * sealed: varUint 101 | varUint8Array (iv[12] ‖ AES-256-GCM ciphertext ‖ tag[16])
 * ```
 *
 * The plaintext is one whole y-protocols message; the key is the room's own 32-byte key (in
 * WordPress, the room's v2 channel key); the additional data is `wordsocket-yjs|` + the bare
 * channel name, so a sealed message opens only in the room it was sealed for and never as a JSON
 * envelope. A message is sealed first and then split into chunks when it is too large for one
 * frame; a receiver reassembles the chunks and then opens the result.
 *
 * @module
 */
import {
  BOX_OVERHEAD,
  bareChannel,
  type CryptoBackend,
  fromBase64,
  KEY_LENGTH,
  openBox,
  sealBox,
} from '@wordsocket/crypto/envelope';

/** Prefix of the additional data of a sealed Yjs message; the bare channel name follows it. */
export const YJS_AAD_PREFIX = 'wordsocket-yjs|';

/** Bytes sealing adds to a message: the IV, the tag, and the sealed message's own header. */
export const SEALED_OVERHEAD = BOX_OVERHEAD + 6;

/** What a provider seals outgoing messages with and opens incoming ones with. */
export interface YjsCipher {
  /** Seals one whole y-protocols message; resolves with the box (`iv ‖ ciphertext ‖ tag`). */
  seal(message: Uint8Array): Promise<Uint8Array>;
  /** Opens a box; rejects when it does not authenticate under this room's key. */
  open(box: Uint8Array): Promise<Uint8Array>;
}

/** A room key: 32 bytes, or their standard base64 (what WordPress hands a page). */
export type RoomKey = Uint8Array | string;

/** Options of {@link roomCipher}. */
export interface RoomCipherOptions {
  /** The crypto backend; WebCrypto where `crypto.subtle` exists, else the pure-JS fallback. */
  backend?: CryptoBackend;
}

/**
 * The cipher of one room: AES-256-GCM under `key`, bound to `channel`.
 *
 * @param key - the room's 32-byte key, or its base64
 * @param channel - the room's channel, bare or qualified (the bare name is bound)
 * @throws {RangeError} when the key is not 32 bytes (or not base64 of 32 bytes)
 * @throws WordSocketCryptoError `invalid_channel` for a channel name that breaks the protocol
 * @example
 * ```ts
 * const cipher = roomCipher(await WPS.connection.channelKey('yjs:postType/post:42'), channel);
 * new YjsProvider({ connection, channel, doc, Y, cipher });
 * ```
 */
export function roomCipher(
  key: RoomKey,
  channel: string,
  options: RoomCipherOptions = {},
): YjsCipher {
  const bytes = readKey(key);
  const aad = YJS_AAD_PREFIX + bareChannel(channel);
  const backend = options.backend ? { backend: options.backend } : undefined;

  return {
    seal: (message) => sealBox(bytes, message, aad, backend),
    open: (box) => openBox(bytes, box, aad, backend),
  };
}

function readKey(key: RoomKey): Uint8Array {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new TypeError('roomCipher: the key must be a Uint8Array or a base64 string');
  }

  let bytes: Uint8Array;
  try {
    bytes = typeof key === 'string' ? fromBase64(key) : key.slice();
  } catch (cause) {
    throw new RangeError('roomCipher: the key is not base64', { cause });
  }
  if (bytes.length !== KEY_LENGTH) {
    throw new RangeError(`roomCipher: the key must be ${KEY_LENGTH} bytes`);
  }

  return bytes;
}
