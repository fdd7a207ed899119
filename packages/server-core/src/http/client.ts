import { RelayError } from '../codes.js';
import { connectionIdOf, constantTimeEqual } from '../internal/crypto.js';
import type { Relay } from '../relay.js';
import { bearer, json, parseObject, readBody } from './respond.js';

/**
 * Whether `secret` is the connection secret of `connectionId` (§4.3): the id is public, the
 * secret went only to that stream's `ready` event. Checked by hashing, so it holds on any node.
 */
function owns(connectionId: string, secret: unknown): boolean {
  return typeof secret === 'string' && constantTimeEqual(connectionIdOf(secret), connectionId);
}

/**
 * `POST /client` (§4.3): a client frame over HTTP for the SSE transport. `message` answers an
 * `ack`; `presence` acts for the SSE stream named by `connection_id`, proven by its
 * `connection_secret`, and answers `204`.
 */
export async function handleClientFrame(relay: Relay, request: Request): Promise<Response> {
  const identity = await relay.verify(bearer(request));
  const frame = parseObject(await readBody(request, relay.limits.maxBodyBytes));

  if (frame.type === 'message') {
    const { ref } = frame;
    if (ref !== undefined && (typeof ref !== 'string' || ref.length > 64)) {
      throw new RelayError('invalid_request', 'ref must be a string of at most 64 characters');
    }
    const id = await relay.publishFromClient(identity, frame);
    return json({ type: 'ack', ...(ref === undefined ? {} : { ref }), id });
  }

  if (frame.type === 'presence') {
    const session = relay.session(frame.connection_id);
    const owner = session?.identity;
    if (
      !session ||
      owner?.site.site_id !== identity.site.site_id ||
      owner.userId !== identity.userId
    ) {
      throw new RelayError('invalid_request', 'connection_id names no stream of this token');
    }
    if (!owns(session.id, frame.connection_secret)) {
      throw new RelayError('forbidden', 'connection_secret does not match connection_id');
    }
    await relay.presence(session, frame.channel, frame.state);
    return new Response(null, { status: 204 });
  }

  throw new RelayError('invalid_request', 'POST /client takes message and presence frames');
}

/**
 * `POST /client/binary?channel=…` (§4.3): a binary payload, answered `204`. With
 * `connection_id` (and that stream's `connection_secret`) the sender's own stream is left out.
 */
export async function handleClientBinary(relay: Relay, request: Request): Promise<Response> {
  const identity = await relay.verify(bearer(request));
  const url = new URL(request.url);
  const channel = url.searchParams.get('channel');
  if (channel === null) throw new RelayError('invalid_request', 'channel is required');

  const payload = await readBody(request, relay.limits.maxFrameBytes);
  const connectionId = url.searchParams.get('connection_id') ?? '';
  if (connectionId !== '' && !owns(connectionId, url.searchParams.get('connection_secret'))) {
    throw new RelayError('forbidden', 'connection_secret does not match connection_id');
  }
  relay.publishBinary({ id: connectionId, identity }, channel, payload);
  return new Response(null, { status: 204 });
}
