// The product end to end, the way a site owner uses it: WordPress 7.1 (scripts/wp-env) with the
// plugin installed from dist/wordsocket.zip, the reference relay started here, a recording proxy
// in front of it (support/front.mjs), and headless Chromium. The scenarios run in order on one
// stack: the site is connected by the first one and stays connected.
//
//   npm run test:e2e      (after npm run build && npm run dist:plugin)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeMessage } from '@wordsocket/yjs-provider';
import * as Y from 'yjs';
import {
  launchBrowser,
  loggedInPage,
  missingServices,
  wpPhp,
} from '../../packages/wp-plugin/tests/e2e-admin/support.mjs';

import { artifacts } from './support/paths.mjs';
import { openRawSubscriber } from './support/raw-subscriber.mjs';
import { missingBuilds, startStack } from './support/stack.mjs';

const requireServices = process.env.WORDSOCKET_REQUIRE_SERVICES === '1';
const missing = [missingServices(), ...missingBuilds()].filter(Boolean).join(', ');
if (missing && requireServices) throw new Error(`e2e suite: missing ${missing}`);
const skip = missing ? `missing ${missing}` : false;

let stack;
let browser;
const measured = {};

before(async () => {
  if (skip) return;
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (Object.keys(measured).length > 0) {
    writeFileSync(join(artifacts, 'measurements.json'), `${JSON.stringify(measured, null, 2)}\n`);
  }
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

const settingsPage = () => `${stack.site.url}/wp-admin/options-general.php?page=wordsocket`;

/**
 * The text anyone reading `frames` could recover: the strings of every Yjs item in the plain
 * y-protocols updates and sync steps 2 among them, joined per client in clock order (one
 * keystroke's item follows the last). Sealed payloads (type 101) and chunks hold none.
 */
function readableText(frames) {
  const clients = new Map();
  for (const { payload } of frames) {
    let structs = [];
    try {
      const message = decodeMessage(payload);
      if (message.type === 'update' || message.type === 'sync-step-2') {
        structs = Y.decodeUpdate(message.update).structs;
      }
    } catch {
      structs = [];
    }
    for (const struct of structs) {
      const text = struct.content?.str;
      if (typeof text !== 'string') continue;
      if (!clients.has(struct.id.client)) clients.set(struct.id.client, new Map());
      clients.get(struct.id.client).set(struct.id.clock, text);
    }
  }
  return [...clients.values()]
    .map((items) =>
      [...items]
        .sort(([a], [b]) => a - b)
        .map(([, text]) => text)
        .join(''),
    )
    .join('\n');
}

/** A unique, plain-ASCII marker, so a search of raw bytes cannot miss it through escaping. */
const marker = (words) => `${words} ${randomBytes(4).toString('hex')}`;

function php(code) {
  return wpPhp(stack.site, code);
}

function createPost(title, status = 'draft', content = '') {
  const code = `echo wp_insert_post( array( 'post_title' => ${JSON.stringify(title)}, 'post_content' => ${JSON.stringify(content)}, 'post_status' => '${status}', 'post_author' => 1 ) );`;
  return Number(php(code).trim());
}

/**
 * Runs in the page before its scripts: records in `window.roomRefusals` every collaboration room
 * (`yjs:…`) whose subscription through `WPS.connection` is rejected, with the error's code.
 */
function trackRoomRefusals() {
  window.roomRefusals = [];
  window.connectionErrors = [];
  let wps;
  Object.defineProperty(window, 'WPS', {
    configurable: true,
    get: () => wps,
    set(value) {
      wps = value;
      value.connection.on('error', (error) =>
        window.connectionErrors.push(`${error?.code}${error?.channel ? ` ${error.channel}` : ''}`),
      );
      const subscribe = value.connection.subscribe.bind(value.connection);
      value.connection.subscribe = (channel) =>
        subscribe(channel).catch((error) => {
          if (channel.startsWith('yjs:')) window.roomRefusals.push(`${channel}: ${error?.code}`);
          throw error;
        });
    },
  });
}

/** A logged-in page on the block editor at `path` (under wp-admin), once the editor is ready. */
async function openEditor(user, path) {
  const opened = await loggedInPage(browser, stack.site, user);
  await opened.page.addInitScript(trackRoomRefusals);
  await opened.page.goto(`${stack.site.url}/wp-admin/${path}`);
  await opened.page.waitForFunction(
    () => window.wp?.data?.select('core/editor')?.getCurrentPostId() != null,
    null,
    { timeout: 30_000 },
  );
  await opened.page.frameLocator('iframe[name="editor-canvas"]').locator('body').waitFor();
  return opened;
}

/** A subscriber's page on the front end, listening for `wpsignal:post.published`. */
async function visitorPage(name) {
  const opened = await loggedInPage(browser, stack.site, 'subscriber');
  await opened.page.goto(`${stack.site.url}/`);
  try {
    await opened.page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 30_000 });
  } catch (error) {
    error.message += `\n(the visitor page's connection: ${await connectionOf(opened.page)})`;
    throw error;
  }
  await opened.page.evaluate(() => {
    window.received = [];
    document.addEventListener('wpsignal:post.published', (event) =>
      window.received.push({ at: Date.now(), detail: event.detail }),
    );
  });
  opened.name = name;
  return opened;
}

/** Milliseconds between keys when two people type at once: a fast typist's pace. */
const TYPING_DELAY = 100;

const canvas = (page) => page.frameLocator('iframe[name="editor-canvas"]');
const paragraph = (page) => canvas(page).locator('[data-type="core/paragraph"]').first();

/** Waits until both editors show the other one in the editor's collaborators list. */
async function waitForPresence(pages) {
  for (const [page, other] of pages) {
    try {
      const button = page.locator('.editor-collaborators-presence__button');
      await button.waitFor({ timeout: 30_000 });
      assert.match((await button.getAttribute('aria-label')) ?? '', /2 online/);
      await button.click();
      await page
        .locator('.editor-collaborators-presence__list-item-name', { hasText: other })
        .waitFor();
      await page.keyboard.press('Escape');
    } catch (error) {
      error.message += `\n(waiting to see ${other}; the page's connection: ${await connectionOf(page)})`;
      throw error;
    }
  }
}

/** What a page's `WPS.connection` holds, for a failure message. */
async function connectionOf(page) {
  return page
    .evaluate(() =>
      JSON.stringify({
        state: window.WPS?.connection?.state,
        transport: window.WPS?.connection?.transport,
        channels: window.WPS?.connection?.channels,
        refusals: window.roomRefusals,
        errors: window.connectionErrors,
      }),
    )
    .catch((error) => `unreadable: ${error.message}`);
}

/**
 * Fails when the editor's connection dialog ("Unable to connect") is open on one of the pages,
 * naming the page.
 */
async function assertNoConnectionDialog(pages) {
  for (const [name, page] of pages) {
    const dialog = page.locator('.components-modal__frame', { hasText: 'Unable to connect' });
    assert.equal(await dialog.count(), 0, `the ${name}'s editor shows "Unable to connect"`);
  }
}

/**
 * Saves the post from `page` and waits until the editor says it is saved. A collaborator's change
 * that lands while the save is under way leaves the post dirty again, as it would for a person,
 * who then saves once more: so does this, for up to 30 s.
 */
async function save(page) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.keyboard.press('Control+s');
    try {
      await page.waitForFunction(
        () =>
          !window.wp.data.select('core/editor').isSavingPost() &&
          !window.wp.data.select('core/editor').isEditedPostDirty(),
        null,
        { timeout: 8_000 },
      );
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The first paragraph's text in the editor canvas of `page`. */
function paragraphText(page) {
  return page.evaluate(
    () =>
      document
        .querySelector('iframe[name="editor-canvas"]')
        ?.contentDocument?.querySelector('[data-type="core/paragraph"]')?.textContent ?? null,
  );
}

/** Waits until every page's first paragraph reads `expected`; fails with what each one shows. */
async function waitForParagraph(pages, expected, timeout, name) {
  try {
    for (const page of pages) {
      await page.waitForFunction(
        (want) =>
          document
            .querySelector('iframe[name="editor-canvas"]')
            ?.contentDocument?.querySelector('[data-type="core/paragraph"]')?.textContent === want,
        expected,
        { timeout },
      );
    }
  } catch (error) {
    const shown = [];
    for (const [index, page] of pages.entries()) {
      shown.push(await paragraphText(page));
      await shot(page, `${name}-failed-${index}`);
    }
    assert.fail(
      `expected ${JSON.stringify(expected)}; the pages show ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`,
    );
  }
}

/**
 * Waits until every page's first paragraph has `length` characters and all read the same;
 * returns that text, or fails with what each page shows.
 */
async function waitForSameParagraph(pages, length, timeout, name) {
  const deadline = Date.now() + timeout;
  let shown = [];
  while (Date.now() < deadline) {
    shown = await Promise.all(pages.map((page) => paragraphText(page)));
    if (shown[0]?.length === length && shown.every((text) => text === shown[0])) return shown[0];
    await pages[0].waitForTimeout(250);
  }
  for (const [index, page] of pages.entries()) await shot(page, `${name}-failed-${index}`);
  assert.fail(`the pages did not converge on ${length} characters: ${JSON.stringify(shown)}`);
}

/** Chromium logs a refused WebSocket handshake as a console error; that one is expected here. */
function isRefusedUpgrade(error) {
  return /WebSocket connection to '.*' failed/.test(error);
}

function waitForEvent(page, title, timeout = 15_000) {
  return page.waitForFunction(
    (wanted) => window.received.find((item) => item.detail?.data?.title === wanted),
    title,
    { timeout },
  );
}

describe('WordSocket on WordPress 7.1 in Chromium', { skip }, () => {
  test('1. connect: the admin connects the site with the one-click flow, authorizing on the relay', async () => {
    const { front, relay, site } = stack;
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${settingsPage()}#connection`);

    const automatic = page.locator('.wordsocket-section', {
      has: page.getByRole('heading', { name: 'Connect automatically' }),
    });
    await automatic.getByLabel('Relay URL').fill(front.url);
    await shot(page, '1-connect-wordpress');
    await automatic.getByRole('button', { name: 'Connect', exact: true }).click();

    await page.waitForURL((url) => url.href.startsWith(`${front.url}/dashboard/login`));
    await shot(page, '1-connect-relay-login');
    await page.fill('#key', relay.apiKey);
    await page.click('button[type=submit]');

    await page.waitForURL((url) => url.href.startsWith(`${front.url}/dashboard/connect`));
    await page.locator('button[value=approve]').waitFor();
    await shot(page, '1-connect-relay-authorize');
    await page.click('button[value=approve]');

    await page.waitForURL(
      (url) => url.href.startsWith(site.url) && url.searchParams.get('wpsignal-connected') !== null,
    );
    assert.equal(new URL(page.url()).searchParams.get('wpsignal-connected'), 'connected');
    await page.getByText(`This site publishes to ${front.url}.`).waitFor();
    await shot(page, '1-connect-connected');

    assert.equal(php('echo WPSignal\\Config::relay_url();'), front.url);
    const siteKey = php('echo WPSignal\\Config::site_key();');
    assert.match(relay.output(), /"event":"site_registered"/);
    assert.ok(siteKey.length === 64, 'the site holds the credentials the relay handed over');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('2. events: a visitor receives post.published within a second of an editor publishing; the relay never sees the title, neither in the event nor in the relay-blind collaboration room', async () => {
    const { front, relay } = stack;
    // Collaboration is on with its defaults: relay-blind rooms, so the editor's Yjs document
    // (the title included) crosses the relay sealed with the room's key. Everything the relay
    // handles from here on is recorded, from before the editor opens.
    const start = front.mark();
    const raw = await openRawSubscriber(relay, {
      siteKey: php('echo WPSignal\\Config::site_key();'),
      jwtSecret: php('echo WPSignal\\Config::jwt_secret();'),
      channels: ['posts'],
    });
    const visitor = await visitorPage('visitor');
    const editor = await openEditor('editor', 'post-new.php');
    try {
      assert.equal(await visitor.page.evaluate(() => window.WPS.transport()), 'websocket');
      const title = marker('Published from the block editor');
      const titleField = editor.page
        .frameLocator('iframe[name="editor-canvas"]')
        .getByRole('textbox', { name: 'Add title' });
      await titleField.click();
      await editor.page.keyboard.type(title);
      await shot(editor.page, '2-events-editor-before-publish');

      assert.deepEqual(
        await editor.page.evaluate(() => [
          window._wpCollaborationEnabled,
          window.wpSignalCollaboration?.relayBlind,
        ]),
        [true, true],
      );
      const postId = await editor.page.evaluate(() =>
        window.wp.data.select('core/editor').getCurrentPostId(),
      );

      const mark = front.mark();
      const saving = editor.page.waitForRequest(
        (request) =>
          request.method() === 'POST' &&
          /\/wp\/v2\/posts\/\d+/.test(request.url()) &&
          (request.postData() ?? '').includes('"publish"'),
      );
      const clickedAt = Date.now();
      await editor.page
        .getByRole('region', { name: 'Editor top bar' })
        .getByRole('button', { name: 'Publish', exact: true })
        .click();
      const confirm = editor.page
        .locator('.editor-post-publish-panel')
        .getByRole('button', { name: 'Publish', exact: true });
      if (await confirm.isVisible().catch(() => false)) await confirm.click();

      const event = await (await waitForEvent(visitor.page, title)).jsonValue();
      const request = await saving;
      await request.response();
      const timing = request.timing();
      const answeredAt = timing.startTime + timing.responseStart;
      const latency = {
        fromWordPressAnswer: event.at - answeredAt,
        fromPublishClick: event.at - clickedAt,
        saveRequestMs: timing.responseStart,
      };
      measured.publishToVisitor = latency;
      await shot(visitor.page, '2-events-visitor-received');
      await shot(editor.page, '2-events-editor-published');

      assert.equal(event.detail.channel, 'posts');
      assert.equal(event.detail.data.title, title);
      // "Within a second": from the moment WordPress answered the editor's publish request to
      // the visitor's DOM event. Measured at tens of milliseconds; the bound is the issue's.
      assert.ok(
        latency.fromWordPressAnswer < 1000,
        `the event arrived ${latency.fromWordPressAnswer} ms after WordPress published`,
      );

      // What the relay handled: the signed publish from WordPress and every frame it sent or
      // (unmasked) received through the proxy, plus the message as a raw subscriber gets it.
      const message = await raw.next((frame) => frame.type === 'message');
      assert.equal(message.event, 'encrypted');
      const opened = JSON.parse(
        php(
          `echo wp_json_encode( WPSignal\\Crypto::open( WPSignal\\Crypto::key_for( 'posts' ), json_decode( ${JSON.stringify(JSON.stringify(message))}, true ), 'posts' ) );`,
        ),
      );
      assert.equal(opened.data.title, title, 'the sealed message holds the title');
      assert.ok(
        front.requests(mark).includes('POST /publish'),
        'the publish went through the proxy',
      );
      const handled = front.handled(start).toString('latin1');
      assert.ok(handled.includes(message.data.p), 'the proxy saw the sealed message');
      assert.equal(handled.includes(title), false, 'the relay never handled the title');
      assert.equal(JSON.stringify(message).includes(title), false);
      assert.equal(handled.includes('post.published'), false, 'nor the event name');

      // The room's binary frames: the editor sent one update per keystroke, each holding a
      // character or two of the title. Joining the text of every plain update among them puts
      // the title back together, so that check fails on a plain room.
      const room = `yjs:postType/post:${postId}`;
      const frames = front.binaryFrames(start).filter(({ channel }) => channel.endsWith(room));
      assert.ok(frames.length >= title.length, `the room carried ${frames.length} frames`);
      assert.equal(
        readableText(frames).includes(title),
        false,
        'the room never carried the title readably',
      );
      // Every payload is a sealed message (type 101) or a chunk of one (100), never a plain
      // y-protocols message (0 sync, 1 awareness, 3 query).
      const types = [...new Set(frames.map(({ payload }) => payload[0]))].sort();
      assert.deepEqual(
        types.filter((type) => type !== 100 && type !== 101),
        [],
        `payload types ${types}`,
      );
      assert.ok(types.includes(101));

      assert.deepEqual(visitor.errors, []);
      assert.deepEqual(editor.errors, []);
    } finally {
      raw.close();
      await visitor.context.close();
      await editor.context.close();
    }
  });

  test('3. fallback: with WebSocket upgrades refused in front of the relay, pages receive the event over SSE', async () => {
    const { front } = stack;
    const before = await visitorPage('before');
    const refusedBefore = front.refused;
    let fresh;
    try {
      assert.equal(await before.page.evaluate(() => window.WPS.transport()), 'websocket');

      // From now on the proxy answers every Upgrade with 403, as a proxy without WebSocket
      // support does, and the open WebSockets are cut: the page that was on WebSocket has to
      // fall back, and a page loaded now never gets one.
      front.refuseUpgrades = true;
      const cutAt = Date.now();
      front.dropUpgraded();
      await before.page.waitForFunction(
        () => window.WPS.connected() && window.WPS.transport() === 'sse',
        null,
        { timeout: 60_000 },
      );
      measured.fallbackToSseMs = Date.now() - cutAt;
      fresh = await visitorPage('fresh');
      assert.equal(await fresh.page.evaluate(() => window.WPS.transport()), 'sse');
      assert.ok(front.refused > refusedBefore, 'the pages asked for a WebSocket and were refused');

      const mark = front.mark();
      const title = marker('Delivered over SSE');
      createPost(title, 'publish');
      for (const visitor of [before, fresh]) {
        const event = await (await waitForEvent(visitor.page, title)).jsonValue();
        assert.equal(event.detail.channel, 'posts');
        assert.equal(event.detail.data.title, title);
        assert.equal(await visitor.page.evaluate(() => window.WPS.transport()), 'sse');
        await shot(visitor.page, `3-fallback-${visitor.name}-received`);
        assert.deepEqual(
          visitor.errors.filter((error) => !isRefusedUpgrade(error)),
          [],
        );
      }
      assert.ok(front.requests(mark).includes('POST /publish'));
      assert.equal(front.handled(mark).toString('latin1').includes(title), false);
    } finally {
      front.refuseUpgrades = false;
      await before.context.close();
      await fresh?.context.close();
    }
  });

  test('6. admin: Connection, Triggers and Explorer load without console errors; the live log shows a published event decrypted', async () => {
    const { front, site } = stack;
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(settingsPage());

    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByText(`This site publishes to ${front.url}.`).waitFor();
    await shot(page, '6-admin-connection');

    await page.getByRole('tab', { name: 'Triggers' }).click();
    await page.getByRole('button', { name: 'Add trigger' }).waitFor();
    await shot(page, '6-admin-triggers');

    await page.getByRole('tab', { name: 'Explorer' }).click();
    await page.getByText(/Connection: connected over (websocket|sse)/).waitFor({ timeout: 30_000 });
    const title = marker('Seen in the Explorer');
    createPost(title, 'publish');
    const entry = page.locator('.wordsocket-log-entry', { hasText: title });
    await entry.waitFor({ timeout: 15_000 });
    const text = await entry.textContent();
    assert.match(text, /post\.published/);
    assert.match(text, /decrypted/);
    await shot(page, '6-admin-explorer');

    assert.deepEqual(errors, []);
    await context.close();
  });
  test('4. collaboration: two editors type into the same paragraph at once, see each other, and the saved post keeps both edits', async () => {
    const id = createPost(
      marker('Written together'),
      'draft',
      '<!-- wp:paragraph -->\n<p>Shared paragraph.</p>\n<!-- /wp:paragraph -->',
    );
    const admin = await openEditor('admin', `post.php?post=${id}&action=edit`);
    const editor = await openEditor('editor', `post.php?post=${id}&action=edit`);
    try {
      assert.equal(await admin.page.evaluate(() => window._wpCollaborationEnabled), true);
      await waitForPresence([
        [admin.page, 'editor'],
        [editor.page, 'admin'],
      ]);
      await shot(admin.page, '4-collaboration-presence');
      await assertNoConnectionDialog([
        ['admin', admin.page],
        ['editor', editor.page],
      ]);

      // The admin is already writing when the editor starts. (Stock 7.1 gives a collaborator who
      // joins the block IDs of its own parse until a remote change reaches it; one who types
      // before that replaces the block's ID in the shared document and the other editor's caret
      // drops out of the block. Reported on issue 7; here the editor joins a live document.)
      await paragraph(admin.page).click();
      await admin.page.keyboard.press('End');
      await admin.page.keyboard.type(' Admin was here.', { delay: 25 });
      await waitForParagraph(
        [editor.page],
        'Shared paragraph. Admin was here.',
        30_000,
        '4-joined',
      );

      // Then both type into the paragraph at once: the admin at its end, the editor at its start.
      const byAdmin = ' Typed by the admin at the end.';
      const byEditor = 'Typed by the editor at the start. ';
      await paragraph(editor.page).click();
      await editor.page.keyboard.press('Home');
      await Promise.all([
        admin.page.keyboard.type(byAdmin, { delay: TYPING_DELAY }),
        editor.page.keyboard.type(byEditor, { delay: TYPING_DELAY }),
      ]);

      const expected = `${byEditor}Shared paragraph. Admin was here.${byAdmin}`;
      const merged = await waitForSameParagraph(
        [admin.page, editor.page],
        expected.length,
        30_000,
        '4-collaboration',
      );
      await shot(admin.page, '4-collaboration-admin');
      await shot(editor.page, '4-collaboration-editor');
      assert.deepEqual(
        [...merged].sort().join(''),
        [...expected].sort().join(''),
        'every key either editor pressed is in the paragraph',
      );

      const refusals = [
        ...(await admin.page.evaluate(() => window.roomRefusals)),
        ...(await editor.page.evaluate(() => window.roomRefusals)),
      ];
      await save(admin.page);
      const saved = php(`echo get_post_field( 'post_content', ${id} );`);
      assert.ok(saved.includes(merged), `the saved post holds the merged paragraph: ${saved}`);
      assert.deepEqual(admin.errors, []);
      assert.deepEqual(editor.errors, []);
      await admin.page.reload();
      await paragraph(admin.page).waitFor({ timeout: 30_000 });
      assert.equal(await paragraph(admin.page).textContent(), merged);
      await shot(admin.page, '4-collaboration-reloaded');

      // Each editor's words arrive whole, in the order typed. WordPress 7.1's core-data records
      // the local selection in a setTimeout after each key; a remote update applied before that
      // timer runs shifts the caret from the previous selection, and the next key lands one place
      // early. Delivering remote updates one macrotask later made 4 of 4 runs pass where 5 of 8
      // failed (issue 7).
      assert.equal(merged, expected, `both edits are intact (rooms refused: [${refusals}])`);
    } finally {
      await admin.context.close();
      await editor.context.close();
    }
  });

  test('4b. collaboration: no room an editor may edit is refused while the page widens its token', async () => {
    // Pins a race in packages/wp-plugin/js/wps/connection.ts: the editor subscribes the post's
    // room and `yjs:root/comment:collection` together; the replacement connection minted for
    // the first may be asked for the second before its token grants it, the relay answers
    // `forbidden`, and the provider reports `channel-refused`, which the editor shows as
    // "Unable to connect: couldn't verify your permissions". Likewise a room still waiting on the
    // connection that the replacement closes (`client_closed`).
    const id = createPost(marker('Rooms granted'), 'draft');
    const admin = await openEditor('admin', `post.php?post=${id}&action=edit`);
    const editor = await openEditor('editor', `post.php?post=${id}&action=edit`);
    try {
      await waitForPresence([
        [admin.page, 'editor'],
        [editor.page, 'admin'],
      ]);
      const refusals = {
        admin: await admin.page.evaluate(() => window.roomRefusals),
        editor: await editor.page.evaluate(() => window.roomRefusals),
      };
      await shot(admin.page, '4b-rooms-admin');
      await shot(editor.page, '4b-rooms-editor');
      assert.deepEqual(refusals, { admin: [], editor: [] });
      await assertNoConnectionDialog([
        ['admin', admin.page],
        ['editor', editor.page],
      ]);
    } finally {
      await admin.context.close();
      await editor.context.close();
    }
  });

  test('5. outage: the relay is killed and restarted while both editors type; they reconnect and no edit is lost', async () => {
    const { relay } = stack;
    const id = createPost(
      marker('Through an outage'),
      'draft',
      '<!-- wp:paragraph -->\n<p>First.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Second.</p>\n<!-- /wp:paragraph -->',
    );
    const admin = await openEditor('admin', `post.php?post=${id}&action=edit`);
    const editor = await openEditor('editor', `post.php?post=${id}&action=edit`);
    const paragraphs = (page) => canvas(page).locator('[data-type="core/paragraph"]');
    try {
      await waitForPresence([
        [admin.page, 'editor'],
        [editor.page, 'admin'],
      ]);
      await paragraphs(admin.page).nth(0).click();
      await admin.page.keyboard.press('End');
      await admin.page.keyboard.type(' Admin was here.', { delay: 25 });
      await waitForParagraph([editor.page], 'First. Admin was here.', 30_000, '5-joined');
      await paragraphs(editor.page).nth(1).click();
      await editor.page.keyboard.press('End');

      const adminWords = ' one two three four five six seven eight nine ten'.split(/(?= )/);
      const editorWords = ' alpha beta gamma delta epsilon zeta eta theta iota kappa'.split(
        /(?= )/,
      );
      const outage = {};
      // The admin's typing drives the outage: the relay is killed (SIGKILL) after the third word
      // and started again on the same port with the same data folder after the sixth, while the
      // editor keeps typing throughout.
      const adminTyping = (async () => {
        for (const [index, word] of adminWords.entries()) {
          await admin.page.keyboard.type(word, { delay: TYPING_DELAY });
          if (index === 2) {
            await relay.kill();
            outage.killedAt = Date.now();
          }
          if (index === 5) {
            await relay.restart();
            outage.restartedAt = Date.now();
          }
        }
      })();
      const editorTyping = (async () => {
        for (const word of editorWords) {
          await editor.page.keyboard.type(word, { delay: TYPING_DELAY });
        }
      })();
      await Promise.all([adminTyping, editorTyping]);
      const typedAt = Date.now();
      await shot(admin.page, '5-outage-admin-typed');

      for (const page of [admin.page, editor.page]) {
        await page.waitForFunction(() => window.WPS.connected(), null, { timeout: 60_000 });
      }
      outage.bothConnectedMsAfterTyping = Date.now() - typedAt;

      const expected = [
        `First. Admin was here.${adminWords.join('')}`,
        `Second.${editorWords.join('')}`,
      ];
      const deadline = Date.now() + 60_000;
      let shown = [];
      while (Date.now() < deadline) {
        shown = await Promise.all(
          [admin.page, editor.page].map((page) => paragraphs(page).allTextContents()),
        );
        if (shown.every((texts) => JSON.stringify(texts) === JSON.stringify(expected))) break;
        await admin.page.waitForTimeout(250);
      }
      outage.convergedMsAfterTyping = Date.now() - typedAt;
      measured.outage = outage;
      await shot(admin.page, '5-outage-admin');
      await shot(editor.page, '5-outage-editor');
      assert.deepEqual(shown, [expected, expected], 'both editors hold every edit');

      await save(editor.page);
      const saved = php(`echo get_post_field( 'post_content', ${id} );`);
      for (const text of expected) assert.ok(saved.includes(text), `saved: ${saved}`);
    } finally {
      await admin.context.close();
      await editor.context.close();
    }
  });
});
