/** An application message before encryption, and after it is opened. */
export interface PlainMessage {
  /** The application's event name, for example `post.published`. */
  event: string;
  /** Any JSON value. */
  data: unknown;
}

/** A v2 message after it is opened: the application message plus its seal time and id. */
export interface OpenedMessageV2 extends PlainMessage {
  /** When it was sealed, in unix milliseconds (the sealer's clock). */
  ts: number;
  /** A random identifier; a client drops a message whose id it has already delivered. */
  id: string;
}

/** `data` of a v1 encrypted message. */
export interface EnvelopeV1 {
  v: 1;
  /** base64(iv[12] ‖ ciphertext ‖ tag[16]) */
  p: string;
}

/** `data` of a v2 encrypted message. */
export interface EnvelopeV2 {
  v: 2;
  /** The bare channel it was sealed for (a hint for diagnostics; the AAD is what binds it). */
  c: string;
  /** base64(iv[12] ‖ ciphertext ‖ tag[16]) */
  p: string;
}

/** What travels on the wire in place of a {@link PlainMessage}. */
export interface EncryptedMessage<E extends EnvelopeV1 | EnvelopeV2 = EnvelopeV1 | EnvelopeV2> {
  event: 'encrypted';
  data: E;
}

/** The result of {@link openMessage}: which version it was, and what it held. */
export type OpenedMessage = ({ version: 1 } & PlainMessage) | ({ version: 2 } & OpenedMessageV2);
