/**
 * The three systems the benchmark compares, each as `start()` → `{ join(room, doc), stop() }`,
 * every server on 127.0.0.1 at a free port, every client in this process:
 *
 * - WordSocket: the relay of @wordsocket/server-core, @wordsocket/client and this provider;
 * - WordSocket relay-blind: the same with every room sealed (`roomCipher`, AES-256-GCM on
 *   WebCrypto), what the WordPress plugin runs by default;
 * - y-websocket 2.1: its standard server (`setupWSConnection` of `y-websocket/bin/utils`) and its
 *   `WebsocketProvider`;
 * - Hocuspocus 3.4: its `Hocuspocus` core behind a `ws` server and `HocuspocusProvider`.
 *   (Hocuspocus's own `Server.listen()` passes `address`, which node:http ignores, and would
 *   listen on every interface; the core is mounted on a 127.0.0.1 server instead.)
 */

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { Hocuspocus } from '@hocuspocus/server';
import { WordSocketClient } from '@wordsocket/client';
import { Relay } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';
import { fromWordSocketClient, roomCipher, YjsProvider } from '@wordsocket/yjs-provider';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

import { mintToken } from './token.mjs';

const require = createRequire(import.meta.url);

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
  );
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Resolves once `provider` emits `event` with a payload `accept` likes. */
function once(subscribe, accept) {
  return new Promise((resolve) => subscribe((value) => accept(value) && resolve()));
}

/** WordSocket, with every room sealed under one random key per room when `encrypted`. */
function wordsocketSystem(name, encrypted) {
  return { name, start: () => startWordSocket(encrypted) };
}

async function startWordSocket(encrypted) {
  const relay = new Relay();
  const server = createServer();
  attachRelay(relay, server);
  const port = await listen(server);
  const site = await relay.registerSite({ site_url: 'http://127.0.0.1', site_name: 'bench' });
  const url = `http://127.0.0.1:${port}`;
  const clients = [];
  const keys = new Map();
  const cipherFor = (channel) => {
    if (!encrypted) return undefined;
    if (!keys.has(channel)) keys.set(channel, randomBytes(32));
    return roomCipher(keys.get(channel), channel);
  };

  return {
    async join(room, doc) {
      const client = new WordSocketClient({
        url,
        getToken: () => mintToken(site),
        WebSocket,
        transports: ['websocket'],
        lifecycleEvents: false,
      });
      const channel = `yjs:bench:${room}`;
      const provider = new YjsProvider({
        connection: fromWordSocketClient(client),
        channel,
        doc,
        Y,
        cipher: cipherFor(channel),
      });
      const connected = once(
        (l) => provider.on('status', l),
        (s) => s.status === 'connected',
      );
      client.connect();
      clients.push(client);
      await connected;
      return () => {
        provider.destroy();
        client.close();
      };
    },
    async stop() {
      for (const client of clients) client.close();
      await relay.close();
      await closeServer(server);
    },
  };
}

export const wordsocket = wordsocketSystem('WordSocket', false);

export const wordsocketRelayBlind = wordsocketSystem('WordSocket relay-blind', true);

export const yWebsocket = {
  name: 'y-websocket 2.1',
  async start() {
    const { setupWSConnection } = require('y-websocket/bin/utils');
    const server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket, request) => setupWSConnection(socket, request));
    const port = await listen(server);

    return {
      async join(room, doc) {
        const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, {
          WebSocketPolyfill: WebSocket,
          disableBc: true,
        });
        await once(
          (l) => provider.on('sync', l),
          (synced) => synced === true,
        );
        return () => provider.destroy();
      },
      async stop() {
        for (const client of wss.clients) client.terminate();
        wss.close();
        await closeServer(server);
      },
    };
  },
};

export const hocuspocus = {
  name: 'Hocuspocus 3.4',
  async start() {
    const core = new Hocuspocus({ quiet: true });
    const server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket, request) => core.handleConnection(socket, request));
    const port = await listen(server);

    return {
      async join(room, doc) {
        let provider;
        await new Promise((resolve) => {
          provider = new HocuspocusProvider({
            url: `ws://127.0.0.1:${port}`,
            WebSocketPolyfill: WebSocket,
            name: room,
            document: doc,
            onSynced: () => resolve(),
          });
        });
        return () => provider.destroy();
      },
      async stop() {
        for (const client of wss.clients) client.terminate();
        wss.close();
        await closeServer(server);
      },
    };
  },
};
