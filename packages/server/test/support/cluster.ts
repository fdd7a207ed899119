import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { Credentials } from './relay-http.js';

let statsClock = Date.now();

/**
 * Opens `{base}/ws` and authenticates with a first frame: resolves `"admitted"` on `auth_ok`,
 * or the close code when the relay refuses the connection. Admitted sockets stay open in
 * `open` for the caller to close.
 */
export async function attempt(
  baseUrl: string,
  token: string,
  open: WebSocket[] = [],
): Promise<'admitted' | number> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type?: string }).type !== 'auth_ok') return;
      open.push(ws);
      resolve('admitted');
    });
    ws.once('close', (code) => resolve(code));
  });
}

/** `GET /site/stats`, each call with its own timestamp so no signature repeats across nodes. */
export async function siteStats(
  baseUrl: string,
  site: Credentials,
): Promise<{ active_connections: number; max_connections: number }> {
  statsClock += 1;
  const ts = String(statsClock);
  const sign = createHmac('sha256', site.publish_secret).update(`.${ts}`).digest('hex');
  const response = await fetch(`${baseUrl}/site/stats`, {
    headers: { 'x-wp-signal-key': site.site_key, 'x-wp-signal-ts': ts, 'x-wp-signal-sign': sign },
  });
  if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
  return (await response.json()) as { active_connections: number; max_connections: number };
}

/** Polls `check` until it holds or `ms` pass; answers whether it held (a bounded wait). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}
