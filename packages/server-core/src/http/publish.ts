import { RelayError } from '../codes.js';
import { type CheckedMessage, checkMessage } from '../messages.js';
import type { Relay } from '../relay.js';
import { fromRelayError, json, parseObject, readBody } from './respond.js';
import { verifySignature } from './signature.js';

/**
 * `POST /publish` (§4.2): one message, or a batch of 1 to `maxBatch` validated whole before
 * any is delivered.
 */
export async function handlePublish(relay: Relay, request: Request): Promise<Response> {
  const body = await readBody(request, relay.limits.maxBodyBytes);
  const site = await verifySignature(relay, request, body, true);
  const fields = parseObject(body);

  if (fields.messages === undefined) {
    const checked = check(fields, site.site_id, relay);
    const id = await relay.publishChecked(
      site.site_id,
      checked.channel.full,
      checked.event,
      checked.data,
      'server',
    );
    return json({ ok: true, id });
  }

  const { messages } = fields;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new RelayError('invalid_request', 'messages must be a non-empty array');
  }
  if (messages.length > relay.limits.maxBatch) {
    throw new RelayError('payload_too_large', `a batch holds at most ${relay.limits.maxBatch}`);
  }

  const checked: CheckedMessage[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      if (typeof message !== 'object' || message === null || Array.isArray(message)) {
        throw new RelayError('invalid_request', 'each message must be an object');
      }
      checked.push(check(message as Record<string, unknown>, site.site_id, relay));
    } catch (error) {
      if (error instanceof RelayError) return fromRelayError(error, { index });
      throw error;
    }
  }

  const ids = await Promise.all(
    checked.map((m) =>
      relay.publishChecked(site.site_id, m.channel.full, m.event, m.data, 'server'),
    ),
  );
  return json({ ok: true, ids });
}

function check(fields: Record<string, unknown>, siteId: string, relay: Relay): CheckedMessage {
  try {
    return checkMessage(fields, siteId, relay.limits);
  } catch (error) {
    if (error instanceof RelayError && error.code === 'invalid_frame') {
      throw new RelayError('invalid_request', error.message, error.details);
    }
    throw error;
  }
}
