// Random bytes and random JSON thrown at the frame parser and the publish handler: every input
// gets a defined answer, nothing throws, and a bystander keeps receiving.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Frame, Relay, type RelaySocket, type Site } from '../src/index.js';

/** An in-memory socket that records what the relay writes. */
class FakeSocket implements RelaySocket {
  readonly transport = 'fake';
  readonly sent: Frame[] = [];
  closedWith: number | undefined;
  bufferedAmount = 0;

  send(frame: Frame): void {
    this.sent.push(frame);
  }

  close(code: number): void {
    this.closedWith = code;
  }

  terminate(): void {
    this.closedWith = 1006;
  }

  json(): Record<string, unknown>[] {
    return this.sent
      .filter((f) => !f.binary)
      .map((f) => JSON.parse(new TextDecoder().decode(f.data)));
  }
}

const FRAME_ERRORS = new Set([
  'invalid_frame',
  'unknown_type',
  'invalid_channel',
  'forbidden',
  'not_subscribed',
  'payload_too_large',
  'too_many_channels',
  'rate_limited',
]);
const HTTP_ERRORS: Record<string, number> = {
  invalid_request: 400,
  invalid_channel: 400,
  forbidden: 403,
  payload_too_large: 413,
  // Two equal bodies signed in the same millisecond carry the same signature.
  replayed: 409,
};

let relay: Relay;
let site: Site;
let token: string;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  relay = new Relay({ limits: { maxFramesPerSecond: 1_000_000, maxViolations: 1_000_000 } });
  relay.on('error', (e) => internalErrors.push(e));
  site = await relay.registerSite({ site_url: 'x', site_name: 'x' });
  const now = Math.floor(Date.now() / 1000);
  token = await new SignJWT({
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '1',
    allowed_channel_prefixes: [''],
    iat: now,
    exp: now + 3600,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(site.jwt_secret));
});

afterAll(() => relay.close());

async function authenticated(): Promise<FakeSocket> {
  const socket = new FakeSocket();
  const connection = relay.connect(socket);
  connection.receive(JSON.stringify({ type: 'auth', token }), false);
  connection.receive(JSON.stringify({ type: 'subscribe', channels: ['posts'] }), false);
  await until(() => socket.json().some((f) => f.type === 'subscribed'));
  socket.sent.length = 0;
  (socket as FakeSocket & { connection: typeof connection }).connection = connection;
  return socket;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(test()).toBe(true);
}

/** JSON values shaped like frames, with the fields the relay reads given wrong types too. */
const frameLike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('subscribe', 'unsubscribe', 'message', 'presence', 'ping', 'pong', 'auth'),
      fc.jsonValue(),
    ),
    channels: fc.oneof(fc.array(fc.oneof(fc.string(), fc.jsonValue())), fc.jsonValue()),
    channel: fc.oneof(
      fc.string(),
      fc.constantFrom('posts', 'site:', `site:${'a'.repeat(64)}:x`),
      fc.jsonValue(),
    ),
    event: fc.oneof(fc.string(), fc.constant('wps.presence'), fc.jsonValue()),
    data: fc.jsonValue(),
    state: fc.oneof(fc.object(), fc.jsonValue()),
    since: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
    ref: fc.oneof(fc.string({ maxLength: 80 }), fc.jsonValue()),
    token: fc.oneof(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

describe('the frame parser', () => {
  it('answers random text frames with valid frames or a close, never an exception', async () => {
    const socket = await authenticated();
    const { connection } = socket as FakeSocket & {
      connection: { receive: (d: string, b: boolean) => void };
    };

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          frameLike.map((f) => JSON.stringify(f)),
        ),
        async (text) => {
          connection.receive(text, false);
          await settle();
          for (const frame of socket.json()) {
            expect(typeof frame.type).toBe('string');
            if (frame.type === 'error') expect(FRAME_ERRORS.has(frame.code as string)).toBe(true);
          }
          socket.sent.length = 0;
        },
      ),
      { numRuns: 400 },
    );
    expect(internalErrors).toEqual([]);
  });

  it('answers random binary frames without an exception', async () => {
    const socket = await authenticated();
    const { connection } = socket as FakeSocket & {
      connection: { receive: (d: Uint8Array, b: boolean) => void };
    };

    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        connection.receive(bytes, true);
        await settle();
        for (const frame of socket.json())
          expect(FRAME_ERRORS.has(frame.code as string)).toBe(true);
        socket.sent.length = 0;
      }),
      { numRuns: 300 },
    );
    expect(internalErrors).toEqual([]);
  });

  it('keeps delivering to a bystander meanwhile', async () => {
    const bystander = await authenticated();
    await relay.publish(site, 'posts', 'still', 1);
    await until(() => bystander.json().some((f) => f.event === 'still'));
  });
});

describe('the publish handler', () => {
  function signed(body: Uint8Array): Request {
    const ts = String(Date.now());
    const sign = createHmac('sha256', site.publish_secret)
      .update(Buffer.concat([body, Buffer.from(`.${ts}`)]))
      .digest('hex');
    return new Request('http://relay.test/publish', {
      method: 'POST',
      headers: { 'x-wp-signal-key': site.site_key, 'x-wp-signal-ts': ts, 'x-wp-signal-sign': sign },
      body,
    });
  }

  const message = fc.record(
    {
      channel: frameLike.map((f) => f.channel),
      event: frameLike.map((f) => f.event),
      data: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.json().map((j) => new TextEncoder().encode(j)),
    message.map((m) => new TextEncoder().encode(JSON.stringify(m))),
    fc
      .record({ messages: fc.oneof(fc.array(message, { maxLength: 5 }), fc.jsonValue()) })
      .map((m) => new TextEncoder().encode(JSON.stringify(m))),
  );

  it('answers random signed bodies with 200 or an error of the contract', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await relay.fetch(signed(body));
        const answer = await response.json();
        if (response.status === 200) {
          expect(answer.ok).toBe(true);
        } else {
          expect(HTTP_ERRORS[answer.error]).toBe(response.status);
          expect(typeof answer.message).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
    expect(internalErrors).toEqual([]);
  });

  it('answers random unsigned requests with invalid_signature or unknown_site_key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 100 }),
        fc.string(),
        fc.string(),
        async (body, key, sign) => {
          const response = await relay.fetch(
            new Request('http://relay.test/publish', {
              method: 'POST',
              headers: {
                'x-wp-signal-key': key.replace(/[^\x20-\x7e]/g, ''),
                'x-wp-signal-ts': '1',
                'x-wp-signal-sign': sign.replace(/[^\x20-\x7e]/g, ''),
              },
              body,
            }),
          );
          expect([401, 404]).toContain(response.status);
        },
      ),
      { numRuns: 200 },
    );
  });
});
