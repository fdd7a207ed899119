/**
 * One block-editor "tab" in a worker thread: jsdom for the browser globals, the real
 * @wordpress/data, @wordpress/core-data and @wordpress/sync from npm, and the WordSocket provider
 * registered through the `sync.providers` filter, talking to the relay on 127.0.0.1.
 *
 * The only stand-in is the WordPress REST API (there is no WordPress here): a fetch handler for
 * @wordpress/api-fetch that serves the post type list, one post and the current user.
 *
 * Commands arrive as `{ id, command, ...args }` messages; each is answered `{ id, result }` or
 * `{ id, error }`.
 *
 * Plain Node runs this file, so it loads the built packages (`dist/`, CommonJS, as a bundler
 * would): `npm test` builds first; after changing `src/`, run `npm run build` before this suite.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { JSDOM, VirtualConsole } from 'jsdom';
import WebSocket from 'ws';

const { relayUrl, token, userId, userName } = workerData;

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  url: 'http://127.0.0.1/wp-admin/post.php?post=1&action=edit',
  pretendToBeVisual: true,
  virtualConsole: new VirtualConsole(),
});
const browserGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'HTMLElement',
  'Element',
  'Node',
  'Event',
  'CustomEvent',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'localStorage',
  'sessionStorage',
  'MutationObserver',
];
for (const key of browserGlobals) {
  const value = key === 'window' ? dom.window : dom.window[key];
  Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
}
dom.window.__experimentalEnableRealTimeCollaboration = true;

const require = createRequire(import.meta.url);
const { addFilter } = require('@wordpress/hooks');
const apiFetch = require('@wordpress/api-fetch').default;
const data = require('@wordpress/data');
const core = require('@wordpress/core-data');
const { WordSocketClient } = require('@wordsocket/client');
const { fromWordSocketClient } = require('@wordsocket/yjs-provider');
const { createWordSocketProviderCreator } = require('@wordsocket/yjs-provider/wordpress');

const post = {
  id: 1,
  type: 'post',
  status: 'draft',
  slug: 'shared',
  title: { raw: 'Shared post', rendered: 'Shared post' },
  content: { raw: '', rendered: '', block_version: 1 },
  excerpt: { raw: '', rendered: '' },
  meta: {},
  author: 1,
};

const routes = [
  [
    /^\/wp\/v2\/types(\?|$)/,
    () => ({
      post: {
        slug: 'post',
        name: 'Posts',
        rest_base: 'posts',
        rest_namespace: 'wp/v2',
        labels: { singular_name: 'Post' },
        supports: { title: true, editor: true },
        taxonomies: [],
      },
    }),
  ],
  [/^\/wp\/v2\/taxonomies(\?|$)/, () => ({})],
  [/^\/wp\/v2\/posts\/1(\?|$)/, () => structuredClone(post)],
  [/^\/wp\/v2\/users\/me(\?|$)/, () => ({ id: userId, name: userName, slug: userName })],
];

const unknownPaths = [];
apiFetch.setFetchHandler(async (options) => {
  const path = options.path ?? options.url ?? '';
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) unknownPaths.push(`${options.method ?? 'GET'} ${path}`);

  const body = route ? route[1]() : {};
  if (options.parse !== false) return body;

  return new Response(JSON.stringify(body), {
    headers: { 'content-type': 'application/json', allow: 'GET, POST, PUT, PATCH, DELETE' },
  });
});

const client = new WordSocketClient({
  url: relayUrl,
  getToken: () => token,
  WebSocket,
  transports: ['websocket'],
  lifecycleEvents: false,
});
const creator = createWordSocketProviderCreator({ connection: fromWordSocketClient(client) });

/** What the editor handed the creator, per entity, so the test can look at its awareness. */
const entities = new Map();
addFilter('sync.providers', 'wordsocket/test', () => [
  async (options) => {
    const key = `${options.objectType}:${options.objectId}`;
    const result = await creator(options);
    const statuses = [];
    result.on('status', (status) => statuses.push(status));
    entities.set(key, { options, statuses });
    return result;
  },
]);
client.connect();

const commands = {
  async load() {
    await data.resolveSelect(core.store).getEntityRecord('postType', 'post', 1);
    return true;
  },
  /** What the editor's awareness hook does once the editor UI mounts (no React here). */
  async setUpAwareness() {
    const deadline = Date.now() + 10_000;
    while (!entities.has('postType/post:1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    entities.get('postType/post:1')?.options.awareness?.setUp();
    return true;
  },
  status() {
    return entities.get('postType/post:1')?.statuses.at(-1)?.status ?? null;
  },
  edit({ title }) {
    data.dispatch(core.store).editEntityRecord('postType', 'post', 1, { title });
    return true;
  },
  title() {
    return data.select(core.store).getEditedEntityRecord('postType', 'post', 1)?.title;
  },
  /**
   * Which clients' changes the post's document holds (its state vector), and this tab's own id:
   * two tabs hold each other's document once their vectors are equal.
   */
  document() {
    const entity = entities.get('postType/post:1');
    if (!entity) return null;

    const { ydoc, Y } = entity.options;
    const clients = [...Y.decodeStateVector(Y.encodeStateVector(ydoc))].sort(([x], [y]) => x - y);
    return { clientID: ydoc.clientID, clients };
  },
  awareness() {
    const awareness = entities.get('postType/post:1')?.options.awareness;
    if (!awareness) return [];

    return [...awareness.getStates().values()].map((state) => state.collaboratorInfo?.name ?? '?');
  },
  diagnostics() {
    return { unknownPaths, entities: [...entities.keys()], clientState: client.state };
  },
  close() {
    client.close();
    return true;
  },
};

parentPort.on('message', async ({ id, command, ...args }) => {
  try {
    const result = await commands[command](args);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
