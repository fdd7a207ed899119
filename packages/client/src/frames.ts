/** A JSON frame from the relay (docs/protocol.md §5.3), checked for the fields the client reads. */
export type RelayFrame =
  | {
      type: 'message';
      channel: string;
      event: string;
      data: unknown;
      id?: string;
      origin?: string;
    }
  | {
      type: 'subscribed';
      channels: string[];
      positions?: Record<string, string>;
      recovered?: Record<string, boolean>;
    }
  | { type: 'unsubscribed'; channels: string[] }
  | { type: 'auth_ok'; exp?: number; connection_id?: string }
  | { type: 'ack'; ref: string; id: string }
  | { type: 'error'; code: string; message?: string; channel?: string; ref?: string }
  | { type: 'ping' }
  | { type: 'pong' };

const isString = (value: unknown) => typeof value === 'string';
const isStringList = (value: unknown) => Array.isArray(value) && value.every(isString);
const isOptional = (value: unknown, check: (v: unknown) => boolean) =>
  value === undefined || check(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const checks: Record<string, (frame: Record<string, unknown>) => boolean> = {
  message: (f) =>
    isString(f.channel) && isString(f.event) && isOptional(f.id, isString) && 'data' in f,
  subscribed: (f) =>
    isStringList(f.channels) &&
    isOptional(f.positions, isRecord) &&
    isOptional(f.recovered, isRecord),
  unsubscribed: (f) => isStringList(f.channels),
  auth_ok: (f) => isOptional(f.exp, (v) => typeof v === 'number'),
  ack: (f) => isString(f.ref) && isString(f.id),
  error: (f) => isString(f.code),
  ping: () => true,
  pong: () => true,
};

/**
 * Parses a relay text frame. Returns `undefined` for text that is not JSON, not an object, or a
 * frame of a known type with a field missing or of the wrong type; `null` for an object of a
 * type this client does not know, which a newer relay may send and the client ignores.
 */
export function parseFrame(text: string): RelayFrame | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }

  if (isRecord(value) && isString(value.type) && !Object.hasOwn(checks, value.type as string)) {
    return null;
  }

  return isFrame(value) ? value : undefined;
}

/** Whether an already-parsed value is a well-formed {@link RelayFrame}. */
export function isFrame(value: unknown): value is RelayFrame {
  if (!isRecord(value) || !isString(value.type)) return false;

  const check = checks[value.type as string];

  return check?.(value) === true;
}
