import { type ResolvedChannel, resolveChannel } from './channels.js';
import { RelayError } from './codes.js';
import type { RelayLimits } from './options.js';

/** A message checked against docs/protocol.md §4.2, ready to publish. */
export interface CheckedMessage {
  channel: ResolvedChannel;
  event: string;
  data: unknown;
}

/**
 * Checks `{channel, event, data}` from a publisher or a client. Throws {@link RelayError}:
 * `invalid_frame` for a wrong field or data nested deeper than `maxDataDepth`,
 * `invalid_channel`/`forbidden` for the channel, `payload_too_large` for data over
 * `maxMessageBytes`.
 */
export function checkMessage(
  fields: Record<string, unknown>,
  siteId: string,
  limits: Pick<RelayLimits, 'maxMessageBytes' | 'maxDataDepth'>,
): CheckedMessage {
  const channel = resolveChannel(fields.channel, siteId);
  const { event } = fields;

  if (typeof event !== 'string' || event.length < 1 || event.length > 200) {
    throw new RelayError('invalid_frame', 'event must be a string of 1 to 200 characters', {
      channel: channel.spelling,
    });
  }
  if (event.startsWith('wps.')) {
    throw new RelayError('invalid_frame', 'events starting with wps. are the relay’s own', {
      channel: channel.spelling,
    });
  }

  const data = fields.data ?? null;
  if (!nestedWithin(data, limits.maxDataDepth)) {
    throw new RelayError(
      'invalid_frame',
      `data is nested deeper than ${limits.maxDataDepth} levels`,
      {
        channel: channel.spelling,
      },
    );
  }
  if (byteLength(JSON.stringify(data)) > limits.maxMessageBytes) {
    throw new RelayError('payload_too_large', 'data is over the message limit', {
      channel: channel.spelling,
    });
  }
  return { channel, event, data };
}

/**
 * Whether no array or object in `value` sits more than `maxDepth` levels deep (`[]` is one
 * level). Walks without recursion, so no input can exhaust the stack.
 */
export function nestedWithin(value: unknown, maxDepth: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) return false;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ node: child, depth: depth + 1 });
    }
  }
  return true;
}

/** UTF-8 byte length of a string, without encoding it. */
export function byteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}
