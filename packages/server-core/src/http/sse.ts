import { RelayError } from '../codes.js';
import { decodeBinaryFrame, type Frame } from '../frame.js';
import type { RelaySocket } from '../interfaces/socket.js';
import type { Relay } from '../relay.js';
import type { Connection } from '../session.js';
import { bearer } from './respond.js';

const encoder = new TextEncoder();
/**
 * WebSocket's "internal error" close code, for the `disconnect` event of a stream whose
 * subscribe failed; the client gets the HTTP error instead and never sees it.
 */
const INTERNAL_ERROR = 1011;
const SSE_WIRE = Symbol('sse');
// A comment for proxies, and a `ping` event for clients: EventSource hides comments (§8).
const HEARTBEAT = encoder.encode(': ping\n\nevent: ping\ndata: {}\n\n');

/** The SSE form of a frame (§8), built once per frame and shared by every stream. */
function sseWire(frame: Frame): Uint8Array {
  return frame.memo(SSE_WIRE, () => {
    if (frame.binary) {
      const decoded = decodeBinaryFrame(frame.data);
      if (!decoded) return new Uint8Array(0);
      const data = JSON.stringify({
        channel: decoded.channel,
        data: base64(decoded.payload),
      });
      return encoder.encode(`event: binary\ndata: ${data}\n\n`);
    }

    const json = new TextDecoder().decode(frame.data);
    const event = frame.event === undefined ? '' : `event: ${frame.event}\n`;
    const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
    return encoder.encode(`${event}${id}data: ${json}\n\n`);
  });
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** A {@link RelaySocket} writing Server-Sent Events into a `ReadableStream`. */
class SseSocket implements RelaySocket {
  readonly transport = 'sse';
  readonly stream: ReadableStream<Uint8Array>;
  connection: Connection | undefined;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private open = true;

  constructor() {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => {
          this.open = false;
          this.connection?.closed(1001, 'stream cancelled');
        },
      },
      { highWaterMark: 0, size: (chunk) => chunk.byteLength },
    );
  }

  get bufferedAmount(): number {
    return this.open ? Math.max(0, -(this.controller.desiredSize ?? 0)) : 0;
  }

  send(frame: Frame): void {
    this.write(sseWire(frame));
  }

  /** Writes a named event with a JSON body. */
  event(name: string, data: unknown): void {
    this.write(encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
  }

  heartbeat(): void {
    this.write(HEARTBEAT);
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.event('close', { code, reason });
    this.open = false;
    this.controller.close();
    queueMicrotask(() => this.connection?.closed(code, reason));
  }

  terminate(): void {
    if (!this.open) return;
    this.open = false;
    this.controller.error(new Error('terminated'));
    queueMicrotask(() => this.connection?.closed(1006, 'terminated'));
  }

  private write(bytes: Uint8Array): void {
    if (this.open && bytes.byteLength > 0) this.controller.enqueue(bytes);
  }
}

/**
 * `GET /sse` (§8): authenticates before the stream starts (HTTP errors), then streams
 * `ready`, the refused channels as `error` events, the replay, and the live messages.
 */
export async function handleSse(relay: Relay, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const identity = await relay.verify(url.searchParams.get('token') ?? bearer(request));

  const channels = (url.searchParams.get('channels') ?? '').split(',').filter((c) => c !== '');
  const since = parseSince(url.searchParams.get('since'));
  const lastEventId = request.headers.get('last-event-id');
  if (lastEventId && channels.length === 1 && since[channels[0] as string] === undefined) {
    since[channels[0] as string] = lastEventId;
  }

  const socket = new SseSocket();
  const adopted = relay.adopt(socket, identity);
  const session = adopted instanceof Promise ? await adopted : adopted;
  if (!session) throw new RelayError('quota_exceeded', 'the site’s connection limit is reached');
  socket.connection = session;

  let result: Awaited<ReturnType<Relay['subscribe']>>;
  try {
    result = await relay.subscribe(session, channels, since);
  } catch (error) {
    // The stream never started: release its session before the HTTP error answers.
    session.close(INTERNAL_ERROR, 'subscribe failed');
    throw error;
  }
  if (result) {
    socket.event('ready', {
      connection_id: session.id,
      connection_secret: session.secret,
      ...result.announcement,
    });
    for (const refusal of result.refused) {
      socket.event('error', { type: 'error', ...refusal });
    }
    result.replay();
    result.goLive();
  }

  return new Response(socket.stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    },
  });
}

function parseSince(raw: string | null): Record<string, string> {
  if (raw === null || raw === '') return {};

  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new RelayError('invalid_request', 'since must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RelayError('invalid_request', 'since must be a JSON object');
  }
  for (const position of Object.values(value)) {
    if (typeof position !== 'string') throw new RelayError('invalid_request', 'bad since position');
  }
  return value as Record<string, string>;
}
