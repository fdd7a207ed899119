import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
// @ts-expect-error: the example is plain JavaScript.
import { signPublish, start } from '../server.mjs';

let app: Awaited<ReturnType<typeof start>> | undefined;
afterEach(async () => {
  await app?.stop();
});

it('serves its own routes and the relay under /realtime, and delivers a signed publish', async () => {
  app = await start({ port: 0 });
  expect((await fetch(`${app.url}/`)).status).toBe(200);
  expect(await (await fetch(`${app.url}/realtime/healthz`)).json()).toEqual({ status: 'ok' });

  const { token } = await (await fetch(`${app.url}/token`)).json();
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/realtime/ws`);
  const frames: Record<string, unknown>[] = [];
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const i = frames.findIndex((f) => f.type === type);
        if (i >= 0) resolve(frames.splice(i, 1)[0] as Record<string, unknown>);
        else setTimeout(check, 5);
      };
      check();
    });
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve) => ws.once('open', resolve));

  ws.send(JSON.stringify({ type: 'auth', token }));
  await next('auth_ok');
  ws.send(JSON.stringify({ type: 'subscribe', channels: ['news'] }));
  await next('subscribed');

  const body = JSON.stringify({ channel: 'news', event: 'published', data: { title: 'Hi' } });
  const response = await fetch(`${app.url}/realtime/publish`, {
    method: 'POST',
    headers: signPublish(app.site, body),
    body,
  });
  expect(response.status).toBe(200);
  expect(await next('message')).toMatchObject({ channel: 'news', data: { title: 'Hi' } });

  await fetch(`${app.url}/announce`, { method: 'POST' });
  expect(await next('message')).toMatchObject({ event: 'announcement' });

  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  await app.stop();
  app = undefined;
  expect(await closed).toBe(1012);
});
