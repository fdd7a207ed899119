import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Relay, type RelayOptions, type Site } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';
import { SignJWT } from 'jose';

/** A relay served in-process on 127.0.0.1 at a free port, with one registered site. */
export interface TestRelay {
  relay: Relay;
  server: Server;
  site: Site;
  /** `http://127.0.0.1:<port>`: what the client takes as `url`. */
  base: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 (port 0 unless given) and registers a site on it. */
export async function startRelay(options: RelayOptions = {}, port = 0): Promise<TestRelay> {
  const relay = new Relay(options);
  const server = createServer();
  attachRelay(relay, server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const site = await relay.registerSite({ site_url: 'https://example.test', site_name: 'Test' });
  const address = server.address() as AddressInfo;

  return {
    relay,
    server,
    site,
    port: address.port,
    base: `http://127.0.0.1:${address.port}`,
    async stop() {
      await relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HS256 browser token for `site` (docs/protocol.md §3); `undefined` drops a claim. */
export async function mintToken(
  site: Pick<Site, 'site_id' | 'tenant_id' | 'jwt_secret'>,
  claims: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    site_id: site.site_id,
    tenant_id: site.tenant_id,
    user_id: '1',
    allowed_channel_prefixes: [''],
    iat: now,
    exp: now + 300,
    ...claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];

  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(site.jwt_secret));
}

/** `POST /publish` signed as WordPress does (§4.1); resolves with the message's position. */
export async function publish(
  base: string,
  site: Pick<Site, 'site_key' | 'publish_secret'>,
  body: unknown,
): Promise<string> {
  const text = JSON.stringify(body);
  const ts = String(Date.now());
  const sign = createHmac('sha256', site.publish_secret).update(`${text}.${ts}`).digest('hex');
  const response = await fetch(`${base}/publish`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-wp-signal-key': site.site_key,
      'x-wp-signal-ts': ts,
      'x-wp-signal-sign': sign,
    },
    body: text,
  });
  const answer = (await response.json()) as { id?: string; error?: string };
  if (response.status !== 200 || !answer.id) {
    throw new Error(`publish failed: ${response.status} ${JSON.stringify(answer)}`);
  }

  return answer.id;
}
