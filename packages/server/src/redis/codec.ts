import type { BrokerControl, BrokerMessage } from '@wordsocket/server-core';

const JSON_TAG = 0x4a;
const BINARY_TAG = 0x42;

/**
 * Encodes a broker message for Redis pub/sub. JSON messages are a tag byte and their JSON;
 * binary ones are a tag byte, the u16 length and UTF-8 of `exclude`, then the raw payload, so
 * binary never goes through base64.
 */
export function encodeBrokerMessage(message: BrokerMessage): Buffer {
  if (message.kind === 'message') {
    const { kind: _kind, ...fields } = message;
    return Buffer.concat([Buffer.of(JSON_TAG), Buffer.from(JSON.stringify(fields), 'utf8')]);
  }

  const exclude = Buffer.from(message.exclude ?? '', 'utf8');
  const header = Buffer.alloc(3);
  header[0] = BINARY_TAG;
  header.writeUInt16BE(exclude.length, 1);
  return Buffer.concat([header, exclude, message.payload]);
}

/** Decodes what {@link encodeBrokerMessage} wrote; `undefined` for anything else. */
export function decodeBrokerMessage(bytes: Buffer): BrokerMessage | undefined {
  if (bytes[0] === JSON_TAG) {
    const fields = parseObject(bytes.subarray(1).toString('utf8'));
    if (!fields || typeof fields.event !== 'string') return undefined;
    if (fields.origin !== 'server' && fields.origin !== 'client') return undefined;

    const message: BrokerMessage = {
      kind: 'message',
      event: fields.event,
      data: fields.data,
      origin: fields.origin,
    };
    if (typeof fields.id === 'string') message.id = fields.id;
    if (typeof fields.exclude === 'string') message.exclude = fields.exclude;
    return message;
  }

  if (bytes[0] === BINARY_TAG && bytes.length >= 3) {
    const excludeLength = bytes.readUInt16BE(1);
    if (3 + excludeLength > bytes.length) return undefined;

    const exclude = bytes.subarray(3, 3 + excludeLength).toString('utf8');
    const payload = new Uint8Array(bytes.subarray(3 + excludeLength));
    return exclude ? { kind: 'binary', payload, exclude } : { kind: 'binary', payload };
  }

  return undefined;
}

/** Encodes a control event as JSON. */
export function encodeControl(event: BrokerControl): string {
  return JSON.stringify(event);
}

/** Decodes a control event; `undefined` for anything unknown. */
export function decodeControl(bytes: Buffer): BrokerControl | undefined {
  const fields = parseObject(bytes.toString('utf8'));
  if (fields?.kind === 'site_removed' && typeof fields.site_id === 'string') {
    return { kind: 'site_removed', site_id: fields.site_id };
  }

  return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
