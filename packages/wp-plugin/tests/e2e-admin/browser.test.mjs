// The plugin's browser side against a real WordPress 7.1 (scripts/wp-env), a real reference relay
// (packages/server) and headless Chromium: the admin app's screens, `window.WPS` on the front end,
// and the block-editor collaboration boot. Skips with the reason when a service is missing,
// unless WORDSOCKET_REQUIRE_SERVICES=1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  connectSite,
  disconnectSite,
  installSwitches,
  launchBrowser,
  loggedInPage,
  missingServices,
  screenshot,
  startRelay,
  startSite,
  stopSite,
  wpPhp,
} from './support.mjs';

const missing = missingServices();
if (missing && process.env.WORDSOCKET_REQUIRE_SERVICES === '1') {
  throw new Error(`wp-plugin browser suite: missing ${missing}`);
}
const skip = missing ? `missing ${missing}` : false;

let site;
let relay;
let browser;
let removeSwitches;

before(async () => {
  if (skip) return;
  site = await startSite();
  relay = await startRelay();
  await connectSite(site, relay);
  wpPhp(
    site,
    "update_option( 'wpsignal_collaboration', '1' ); delete_option( 'wpsignal_custom_triggers' );",
  );
  removeSwitches = installSwitches(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  removeSwitches?.();
  await relay?.stop();
  await stopSite(site);
});

function createPost(title, status = 'draft', author = 1) {
  const content = '<!-- wp:paragraph --><p>Shared paragraph.</p><!-- /wp:paragraph -->';
  const code = `echo wp_insert_post( array( 'post_title' => ${JSON.stringify(title)}, 'post_content' => ${JSON.stringify(content)}, 'post_status' => '${status}', 'post_author' => ${author} ) );`;
  return Number(wpPhp(site, code).trim());
}

const adminPage = () => `${site.url}/wp-admin/options-general.php?page=wordsocket`;

describe('the admin app', { skip }, () => {
  test('the Connection screen shows the connection and asks before disconnecting', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#connection`);
    await page.getByText(`This site publishes to ${relay.url}.`).waitFor();
    await screenshot(page, 'admin-connection-connected');

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnect this site from the relay?').waitFor();
    await screenshot(page, 'admin-connection-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Disconnect this site from the relay?').waitFor({ state: 'detached' });

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Connection screen connects a site with an operator API key', async () => {
    disconnectSite(site);
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#connection`);
    await page.getByRole('heading', { name: 'Connect automatically' }).waitFor();
    await screenshot(page, 'admin-connection-disconnected');

    const manual = page.locator('.wordsocket-section', {
      has: page.getByRole('heading', { name: 'Connect with an API key' }),
    });
    await manual.getByLabel('Relay URL').fill(relay.url);
    await manual.getByLabel('Operator API key').fill(relay.apiKey);
    await manual.getByRole('button', { name: 'Connect with key' }).click();
    await page.getByText(`This site publishes to ${relay.url}.`).waitFor({ timeout: 15_000 });

    assert.equal(wpPhp(site, 'echo WPSignal\\Config::is_connected() ? "yes" : "no";'), 'yes');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Connection screen connects automatically through the relay’s authorize page', async () => {
    disconnectSite(site);
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#connection`);
    const automatic = page.locator('.wordsocket-section', {
      has: page.getByRole('heading', { name: 'Connect automatically' }),
    });
    await automatic.getByLabel('Relay URL').fill(relay.url);
    await automatic.getByRole('button', { name: 'Connect', exact: true }).click();

    await page.waitForURL(`${relay.url}/dashboard/login**`);
    await page.fill('#key', relay.apiKey);
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    await screenshot(page, 'relay-authorize');
    await page.getByRole('button', { name: 'Approve' }).click();

    await page.waitForURL(`${site.url}/wp-admin/options-general.php?page=wordsocket**`);
    await page.getByText(`This site publishes to ${relay.url}.`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'admin-connection-after-authorize');
    assert.equal(wpPhp(site, 'echo WPSignal\\Config::is_connected() ? "yes" : "no";'), 'yes');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Triggers screen adds a hook trigger that the Explorer then lists', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#triggers`);
    await page.getByRole('button', { name: 'Add trigger' }).click();

    await page.getByLabel('Fires when').selectOption('hook');
    await page.getByLabel('Hook name').fill('e2e_custom_hook');
    await page.getByLabel('Priority').fill('5');
    await page.getByLabel('Arguments sent as data').fill('1, 2');
    await page.getByLabel('Channel', { exact: true }).fill('e2e');
    await page.getByLabel('Event', { exact: true }).fill('e2e.fired');
    await screenshot(page, 'admin-triggers-form');
    await page.getByRole('button', { name: 'Save trigger' }).click();

    const row = page.locator('.wordsocket-table tbody tr', { hasText: 'e2e.fired' });
    await row.waitFor();
    assert.match(await row.textContent(), /e2e_custom_hook \(5; 1, 2\)/);
    await screenshot(page, 'admin-triggers');

    await page.getByRole('tab', { name: 'Explorer' }).click();
    const listed = page.locator('.wordsocket-triggers tr', { hasText: 'e2e.fired' });
    await listed.waitFor();
    assert.match(await listed.textContent(), /e2e_custom_hook\s*\(5, 2\)/);

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Triggers screen shows why a bad row is refused', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#triggers`);
    await page.getByRole('button', { name: 'Add trigger' }).click();
    await page.getByLabel('Hook name').fill('init');
    await page.getByLabel('Channel', { exact: true }).fill('yjs:stolen');
    await page.getByLabel('Event', { exact: true }).fill('bad');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await page.locator('.components-notice.is-error').waitFor();

    // The REST call's 400 is logged by the browser as a failed resource; nothing else is.
    assert.deepEqual(
      errors.filter((error) => !error.includes('400 (Bad Request)')),
      [],
    );
    await context.close();
  });

  test('the Settings screen switches collaboration off and on', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#settings`);
    const toggle = page.getByLabel('Real-time collaboration in the block editor');
    await toggle.waitFor();
    assert.equal(await toggle.isChecked(), true);
    await page.getByText('The block editor syncs edits and presence through the relay.').waitFor();
    await screenshot(page, 'admin-settings');

    await toggle.click();
    await page.getByText('The editor keeps whatever collaboration it has').waitFor();
    assert.equal(wpPhp(site, "echo get_option( 'wpsignal_collaboration' );"), '0');
    await toggle.click();
    await page.getByText('The block editor syncs edits and presence through the relay.').waitFor();
    assert.equal(wpPhp(site, "echo get_option( 'wpsignal_collaboration' );"), '1');

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Explorer checks health, shows a published event decrypted and inspects a token', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${adminPage()}#explorer`);
    await page.getByText('Connection: connected over websocket').waitFor({ timeout: 15_000 });
    const config = await page.evaluate(() => JSON.stringify(window.wpSignalConfig));
    for (const secret of ['jwt_secret', 'publish_secret', 'jwtSecret', 'publishSecret']) {
      assert.equal(config.includes(secret), false, `${secret} is not printed`);
    }

    await page.getByRole('button', { name: 'Check health' }).click();
    await page
      .locator('.components-notice__content', { hasText: /The relay answered in \d+ ms\./ })
      .waitFor();

    await page.getByLabel('Data (JSON)').fill('{"hello":"explorer"}');
    await page.getByRole('button', { name: 'Publish' }).click();
    const entry = page.locator('.wordsocket-log-entry', { hasText: 'explorer.test' });
    await entry.waitFor({ timeout: 10_000 });
    const text = await entry.textContent();
    assert.match(text, /decrypted \(v2\)/);
    assert.match(text, /"hello": "explorer"/);

    await page.getByRole('button', { name: 'Mint and inspect a token' }).click();
    const claims = await page.locator('.wordsocket-token').textContent();
    assert.match(claims, /"alg": "HS256"/);
    assert.match(claims, /"allowed_channel_prefixes"/);
    assert.match(claims, /"user_id": "1"/);
    await screenshot(page, 'admin-explorer');

    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('window.WPS on the front end', { skip }, () => {
  test('a logged-in reader receives post.published as a DOM event and through WPS.on', async () => {
    const { context, page, errors } = await loggedInPage(browser, site, 'subscriber');
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 15_000 });
    await page.evaluate(() => {
      window.received = [];
      document.addEventListener('wpsignal:post.published', (event) =>
        window.received.push({ via: 'dom', ...event.detail }),
      );
      window.WPS.on('post.published', (data, context) =>
        window.received.push({ via: 'on', channel: context.channel, data }),
      );
    });

    createPost('Realtime hello', 'publish');
    await page.waitForFunction(() => window.received.length >= 2, null, { timeout: 10_000 });
    const received = await page.evaluate(() => window.received);
    for (const via of ['dom', 'on']) {
      const event = received.find((item) => item.via === via);
      assert.equal(event.channel, 'posts');
      assert.equal(event.data.title, 'Realtime hello');
    }
    await screenshot(page, 'front-received');

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a reader who cannot edit a post is refused its collaboration room', async () => {
    const id = createPost('Private draft');
    const { context, page } = await loggedInPage(browser, site, 'subscriber');
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 15_000 });
    const code = await page.evaluate(
      (room) =>
        window.WPS.subscribe(room).then(
          () => 'subscribed',
          (error) => error.code,
        ),
      `yjs:postType/post:${id}`,
    );
    assert.equal(code, 'forbidden');
    await context.close();
  });

  test('the document save route refuses a user who cannot edit the post', async () => {
    const id = createPost('Not yours');
    const { context, page } = await loggedInPage(browser, site, 'subscriber');
    await page.goto(`${site.url}/`);
    const status = await page.evaluate(
      (room) =>
        fetch('/wp-json/wp-sync/v1/save', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-WP-Nonce': window.wpSignalConfig.nonce,
          },
          body: JSON.stringify({ room, doc: 'e30=' }),
        }).then((response) => response.status),
      `postType/post:${id}`,
    );
    assert.equal(status, 403);
    assert.equal(wpPhp(site, `echo get_post_meta( ${id}, '_crdt_document', true );`), '');
    await context.close();
  });

  test('visitors get no client unless wpsignal_allow_client opens it', async () => {
    const closed = await loggedInPage(browser, site, null);
    await closed.page.goto(`${site.url}/`);
    assert.equal(await closed.page.evaluate(() => typeof window.WPS), 'undefined');
    assert.deepEqual(closed.errors, []);
    await closed.context.close();

    wpPhp(site, "update_option( 'wpsignal_e2e_allow_client', '1' );");
    try {
      const open = await loggedInPage(browser, site, null);
      await open.page.goto(`${site.url}/`);
      await open.page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 15_000 });
      const config = await open.page.evaluate(() => window.wpSignalConfig);
      const keys = Object.keys(config.keys);
      assert.ok(keys.includes('posts') && keys.includes('comments'), keys.join());
      assert.equal(keys.includes('options'), false, 'visitors get no key of the options channel');
      assert.equal(config.ajaxUrl, '');
      assert.deepEqual(open.errors, []);
      await open.context.close();
    } finally {
      wpPhp(site, "delete_option( 'wpsignal_e2e_allow_client' );");
    }
  });

  test('wpsignal_force_sse makes the page receive events over Server-Sent Events', async () => {
    wpPhp(site, "update_option( 'wpsignal_e2e_force_sse', '1' );");
    try {
      const { context, page, errors } = await loggedInPage(browser, site, 'subscriber');
      await page.goto(`${site.url}/`);
      await page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 15_000 });
      assert.equal(await page.evaluate(() => window.WPS.transport()), 'sse');
      await page.evaluate(() => {
        window.received = [];
        document.addEventListener('wpsignal:post.published', (event) =>
          window.received.push(event.detail),
        );
      });

      createPost('Over SSE', 'publish');
      await page.waitForFunction(() => window.received.length > 0, null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.received[0].data.title), 'Over SSE');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      wpPhp(site, "delete_option( 'wpsignal_e2e_force_sse' );");
    }
  });

  test('a channel the first token did not grant is added by replacing the connection', async () => {
    const id = createPost('Room for the admin');
    const { context, page, errors } = await loggedInPage(browser, site, 'admin');
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 15_000 });

    const room = `yjs:postType/post:${id}`;
    const outcome = await page.evaluate(
      (name) =>
        window.WPS.subscribe(name).then(
          () => 'confirmed',
          (error) => error.code,
        ),
      room,
    );
    assert.equal(outcome, 'confirmed');
    assert.equal(await page.evaluate(() => window.WPS.connected()), true);

    await page.evaluate(() => {
      window.received = [];
      window.WPS.on('post.published', (data) => window.received.push(data.title));
    });
    createPost('After the switch', 'publish');
    await page.waitForFunction(() => window.received.length > 0, null, { timeout: 10_000 });
    assert.deepEqual(await page.evaluate(() => window.received), ['After the switch']);

    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('the block-editor collaboration boot', { skip }, () => {
  async function openEditor(user, id) {
    const opened = await loggedInPage(browser, site, user);
    opened.tokens = [];
    opened.page.on('request', (request) => {
      if (request.url().includes('/wpsignal/v1/token')) opened.tokens.push(request.url());
    });
    await opened.page.goto(`${site.url}/wp-admin/post.php?post=${id}&action=edit`);
    await opened.page.waitForFunction(() => window.WPS?.connected(), null, { timeout: 20_000 });
    const guide = opened.page.getByRole('button', { name: 'Close' });
    if (await guide.isVisible().catch(() => false)) await guide.click();
    return opened;
  }

  test('the editor syncs the post through our provider on its room, on its first token', async () => {
    const id = createPost('Collaboration boot');
    const { context, page, errors, tokens } = await openEditor('admin', id);

    assert.equal(await page.evaluate(() => window._wpCollaborationEnabled), true);
    const room = `yjs:postType/post:${id}`;
    await page.waitForFunction((name) => window.WPS.connection.channels.includes(name), room);
    assert.equal(
      await page.evaluate((name) => window.WPS.subscribe(name).then(() => 'confirmed'), room),
      'confirmed',
    );
    await screenshot(page, 'editor-collaboration');
    assert.equal(tokens.length, 1, 'the page minted one token: no second connection was needed');

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('two editors see each other’s typing and presence, and the saved post keeps it', async () => {
    const id = createPost('Two editors', 'draft', 1);
    const admin = await openEditor('admin', id);
    const editor = await openEditor('editor', id);
    const canvas = (page) => page.frameLocator('iframe[name="editor-canvas"]');

    const paragraph = canvas(admin.page).locator('p', { hasText: 'Shared paragraph.' });
    await paragraph.click();
    await admin.page.keyboard.press('End');
    await admin.page.keyboard.type(' Typed by admin.');

    await canvas(editor.page)
      .locator('p', { hasText: 'Typed by admin.' })
      .waitFor({ timeout: 15_000 });
    await screenshot(editor.page, 'editor-sees-admin');

    // The editor lists collaborators only when someone else is present.
    await editor.page.locator('.editor-collaborators-presence').waitFor();
    await admin.page.locator('.editor-collaborators-presence').waitFor();

    await admin.page.keyboard.press('Control+s');
    await admin.page.waitForFunction(
      () =>
        !window.wp.data.select('core/editor').isSavingPost() &&
        !window.wp.data.select('core/editor').isEditedPostDirty(),
      null,
      { timeout: 15_000 },
    );
    const saved = wpPhp(site, `echo get_post_field( 'post_content', ${id} );`);
    assert.match(saved, /Typed by admin\./);
    const persisted = wpPhp(site, `echo get_post_meta( ${id}, '_crdt_document', true );`);
    assert.ok(persisted.length > 20, 'the editor saved the document into _crdt_document');

    assert.deepEqual(admin.errors, []);
    assert.deepEqual(editor.errors, []);
    await admin.context.close();
    await editor.context.close();
  });

  test('with collaboration switched off the editor gets no provider', async () => {
    wpPhp(site, "update_option( 'wpsignal_collaboration', '0' );");
    try {
      const id = createPost('Collaboration off');
      const opened = await loggedInPage(browser, site, 'admin');
      await opened.page.goto(`${site.url}/wp-admin/post.php?post=${id}&action=edit`);
      await opened.page.locator('iframe[name="editor-canvas"]').waitFor();
      assert.equal(await opened.page.evaluate(() => window._wpCollaborationEnabled), undefined);
      const channels = await opened.page.evaluate(() => window.WPS?.connection.channels ?? []);
      assert.equal(
        channels.some((name) => name.startsWith('yjs:')),
        false,
      );
      await opened.context.close();
    } finally {
      wpPhp(site, "update_option( 'wpsignal_collaboration', '1' );");
    }
  });
});
