import { encodeBinaryFrame } from '../src/index.js';
import { type Received, TestClient, type TestRelay } from './helpers.js';
import { SseClient } from './sse-client.js';

/** What a client publish came back with, whichever transport carried it. */
export type PublishOutcome = { ok: true; id: string } | { ok: false; code: string };

/** A subscribed client on either transport, seen through one interface. */
export interface Subscriber {
  /** The `subscribed` frame (WebSocket) or the `ready` event (SSE). */
  announcement: Received;
  connectionId: string;
  nextMessage(test?: (m: Received) => boolean): Promise<Received>;
  /** Consumes every message received so far. */
  messages(): Received[];
  nextError(test?: (e: Received) => boolean): Promise<Received>;
  nextBinary(): Promise<{ channel: string; payload: Buffer }>;
  /** Resolves the close code: the WebSocket's, or the SSE `close` event's. */
  closeCode(): Promise<number>;
  publish(frame: Record<string, unknown>): Promise<PublishOutcome>;
  presence(channel: string, state: unknown): Promise<PublishOutcome | undefined>;
  sendBinary(channel: string, payload: Uint8Array): Promise<PublishOutcome | undefined>;
  close(): void;
}

export interface Transport {
  name: 'websocket' | 'sse';
  open(
    t: TestRelay,
    token: string,
    channels: string[],
    since?: Record<string, string>,
  ): Promise<Subscriber>;
}

let refs = 0;

export const websocket: Transport = {
  name: 'websocket',
  async open(t, token, channels, since) {
    const client = await TestClient.connect(t, token);
    const announcement = await client.subscribe(channels, since);
    const connectionId = client.authOk.connection_id as string;

    return {
      announcement,
      connectionId,
      nextMessage: (test = () => true) => client.next((f) => f.type === 'message' && test(f)),
      messages: () => client.take('message'),
      nextError: (test = () => true) => client.next((f) => f.type === 'error' && test(f)),
      async nextBinary() {
        const bytes = await client.nextBinary();
        const length = bytes.readUInt16BE(0);
        return {
          channel: bytes.subarray(2, 2 + length).toString('utf8'),
          payload: bytes.subarray(2 + length),
        };
      },
      async closeCode() {
        return (await client.waitClose()).code;
      },
      async publish(frame) {
        const ref = `r${++refs}`;
        client.send({ type: 'message', ...frame, ref });
        const answer = await client.next((f) => f.ref === ref);
        return answer.type === 'ack'
          ? { ok: true, id: answer.id as string }
          : { ok: false, code: answer.code as string };
      },
      async presence(channel, state) {
        client.send({ type: 'presence', channel, state });
        return undefined;
      },
      async sendBinary(channel, payload) {
        client.ws.send(encodeBinaryFrame(channel, payload));
        return undefined;
      },
      close: () => client.close(),
    };
  },
};

export const sse: Transport = {
  name: 'sse',
  async open(t, token, channels, since) {
    const query = new URLSearchParams({ token, channels: channels.join(',') });
    if (since) query.set('since', JSON.stringify(since));
    const stream = await SseClient.open(`${t.base}/sse?${query}`);
    if (stream.status !== 200)
      throw new Error(`SSE refused: ${stream.status} ${JSON.stringify(stream.body)}`);

    const announcement = await stream.next('ready');
    const connectionId = announcement.connection_id as string;
    const secret = announcement.connection_secret as string;
    const post = async (path: string, body: BodyInit, type: string) => {
      const response = await fetch(`${t.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
      if (response.status === 204) return undefined;
      const answer = await response.json();
      return response.ok
        ? ({ ok: true, id: answer.id } as PublishOutcome)
        : ({ ok: false, code: answer.error } as PublishOutcome);
    };

    return {
      announcement,
      connectionId,
      nextMessage: (test = () => true) => stream.next('message', test),
      messages: () => stream.take('message'),
      nextError: (test = () => true) => stream.next('error', test),
      async nextBinary() {
        const event = await stream.next('binary');
        return {
          channel: event.channel as string,
          payload: Buffer.from(event.data as string, 'base64'),
        };
      },
      async closeCode() {
        const event = await stream.next('close', () => true, 8000);
        return event.code as number;
      },
      async publish(frame) {
        const ref = `r${++refs}`;
        const outcome = await post(
          '/client',
          JSON.stringify({ type: 'message', ...frame, ref }),
          'application/json',
        );
        return outcome as PublishOutcome;
      },
      presence: (channel, state) =>
        post(
          '/client',
          JSON.stringify({
            type: 'presence',
            channel,
            state,
            connection_id: connectionId,
            connection_secret: secret,
          }),
          'application/json',
        ),
      sendBinary: (channel, payload) =>
        post(
          `/client/binary?channel=${encodeURIComponent(channel)}&connection_id=${connectionId}&connection_secret=${secret}`,
          payload,
          'application/octet-stream',
        ),
      close: () => stream.close(),
    };
  },
};

export const transports: Transport[] = [websocket, sse];
