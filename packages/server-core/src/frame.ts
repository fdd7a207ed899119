const encoder = new TextEncoder();

/**
 * One outbound frame, built once and written to every recipient. `data` is the WebSocket
 * payload: UTF-8 JSON for text frames, `[u16 length][channel][payload]` for binary frames
 * (docs/protocol.md §5.6). Adapters cache their wire form with {@link Frame.memo}.
 */
export class Frame {
  /** For SSE: the event name (`undefined` is the default `message` event). */
  readonly event: string | undefined;
  /** For SSE: the event id (a message's position). */
  readonly id: string | undefined;
  // The first memoised value sits in two fields: the fan-out reads it once per recipient.
  private firstKey: unknown;
  private firstValue: unknown;
  private cache: Map<unknown, unknown> | undefined;

  private constructor(
    readonly binary: boolean,
    readonly data: Uint8Array,
    event?: string,
    id?: string,
  ) {
    this.event = event;
    this.id = id;
  }

  /** A text frame carrying `value` as JSON. */
  static json(value: unknown, sse?: { event?: string; id?: string }): Frame {
    return Frame.text(JSON.stringify(value), sse);
  }

  /** A text frame carrying already serialised JSON. */
  static text(json: string, sse?: { event?: string; id?: string }): Frame {
    return new Frame(false, encoder.encode(json), sse?.event, sse?.id);
  }

  /** A binary frame: the channel as the recipient spells it, then the payload. */
  static binary(channel: string, payload: Uint8Array): Frame {
    return new Frame(true, encodeBinaryFrame(channel, payload), 'binary');
  }

  /** The value `build` returns for `key`, built on first use and kept with this frame. */
  memo<T>(key: unknown, build: (frame: Frame) => T): T {
    if (this.firstKey === key) return this.firstValue as T;
    if (this.firstKey === undefined) {
      this.firstValue = build(this);
      this.firstKey = key;
      return this.firstValue as T;
    }

    this.cache ??= new Map();
    if (this.cache.has(key)) return this.cache.get(key) as T;

    const value = build(this);
    this.cache.set(key, value);
    return value;
  }
}

/** `[u16 big-endian: byte length of channel][channel, UTF-8][payload]`. */
export function encodeBinaryFrame(channel: string, payload: Uint8Array): Uint8Array {
  const name = encoder.encode(channel);
  const out = new Uint8Array(2 + name.length + payload.length);
  out[0] = name.length >> 8;
  out[1] = name.length & 0xff;
  out.set(name, 2);
  out.set(payload, 2 + name.length);
  return out;
}

/** The channel and payload of a binary frame, or `undefined` when it is malformed. */
export function decodeBinaryFrame(
  bytes: Uint8Array,
): { channel: string; payload: Uint8Array } | undefined {
  if (bytes.length < 2) return undefined;

  const length = ((bytes[0] as number) << 8) | (bytes[1] as number);
  if (2 + length > bytes.length) return undefined;

  let channel: string;
  try {
    channel = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(2, 2 + length));
  } catch {
    return undefined;
  }
  return { channel, payload: bytes.subarray(2 + length) };
}
