/**
 * Stable codes for everything the provider reports through its `error` event.
 *
 * - `document-size-limit-exceeded`: a local message to send is larger than `maxMessageBytes`; it
 *   is not sent and the document stops syncing that part (the WordPress editor treats it as final).
 * - `remote-message-too-large`: a peer announced a split message larger than `maxMessageBytes`,
 *   or the unfinished split messages together passed the bytes the provider holds for them; the
 *   message is dropped, the provider resyncs and goes on (never final: anyone on the channel can
 *   send such a chunk).
 * - `malformed-message`: a payload on the channel is not a message this provider can read
 *   (truncated, corrupt, a broken chunk); it is dropped and nothing else changes.
 * - `channel-refused`: the relay refused the channel; the provider cannot sync.
 * - `decrypt-failed`: a message did not open in an encrypted room (another key, altered bytes),
 *   or a plain message (of any outer type) arrived in an encrypted room, or a sealed one in a plain
 *   room; it is dropped unread and the provider goes on with the next one.
 * - `encrypt-failed`: a message could not be sealed (no WebCrypto and no CSPRNG); it is not sent.
 */
export type YjsProviderErrorCode =
  | 'document-size-limit-exceeded'
  | 'remote-message-too-large'
  | 'malformed-message'
  | 'channel-refused'
  | 'decrypt-failed'
  | 'encrypt-failed';

/** An error the provider reports as an event; it never throws these at the caller. */
export class YjsProviderError extends Error {
  /** The stable code to `switch` on. */
  readonly code: YjsProviderErrorCode;

  /**
   * @param code - the stable code
   * @param message - a human-readable explanation
   * @param options - `cause`, when another error led to this one
   */
  constructor(code: YjsProviderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'YjsProviderError';
    this.code = code;
  }
}
