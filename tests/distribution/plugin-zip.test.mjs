// dist/wordsocket.zip installed into a fresh WordPress 7.1 the way a site owner does it: the
// zip unzipped into wp-content/plugins (scripts/wp-env's --plugin-zip, no build tools and no
// link to the source tree), the plugin deactivated and activated again through WordPress's own
// activate_plugin() as the Plugins screen calls it, and its REST namespace answering; then
// deleted as the Plugins screen does (uninstall.php runs) and installed again from the zip by
// Plugin_Upgrader, the installer behind the "Upload Plugin" screen.
//
//   npm run dist:plugin && node --test tests/distribution/plugin-zip.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { down, phpEnv, reset } from '../../scripts/wp-env/index.mjs';
import { freePort, removeDir, root, tempDir } from './support/processes.mjs';

const zip = join(root, 'dist/wordsocket.zip');
const site = 'dist-zip';
const pluginFile = 'wordsocket/wordsocket.php';

const missing = [];
if (spawnSync('php', ['-v']).status !== 0) missing.push('php');
if (spawnSync('unzip', ['-v']).status !== 0) missing.push('unzip');
const mariadb = spawnSync('php', ['-r', 'exit(@fsockopen("127.0.0.1", 3306) ? 0 : 1);']);
if (mariadb.status !== 0) missing.push('MariaDB on 127.0.0.1:3306');
if (missing.length > 0 && process.env.WORDSOCKET_REQUIRE_SERVICES === '1') {
  throw new Error(`missing ${missing.join(', ')}; WORDSOCKET_REQUIRE_SERVICES=1 requires it`);
}
if (!existsSync(zip)) throw new Error(`${zip} does not exist; run npm run dist:plugin first`);

/** Runs PHP inside the site's WordPress (as wp-cli would) and returns its JSON answer. */
function inWordPress(env, dir, body) {
  const script = join(dir, 'call.php');
  writeFileSync(
    script,
    [
      '<?php',
      `$_SERVER['HTTP_HOST'] = '127.0.0.1:${env.port}';`,
      "$_SERVER['REQUEST_URI'] = '/';",
      `require ${JSON.stringify(join(env.core, 'wp-load.php'))};`,
      "require_once ABSPATH . 'wp-admin/includes/plugin.php';",
      body,
      '',
    ].join('\n'),
  );
  const result = spawnSync('php', [script], { env: phpEnv(env), encoding: 'utf8' });
  assert.equal(result.status, 0, `php exited ${result.status}: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout);
}

describe('wordsocket.zip in a fresh WordPress 7.1', {
  skip: missing.length ? `missing ${missing.join(', ')}` : false,
}, () => {
  let env;
  let dir;

  before(async () => {
    dir = tempDir('wordsocket-zip-install-');
    env = await reset({ site, port: await freePort(), pluginZip: zip });
  });

  after(async () => {
    if (env) await down({ site });
    if (dir) removeDir(dir);
  });

  test('the plugin folder is what the zip holds, with nothing to build', () => {
    const installed = join(env.dir, 'wp-content/plugins/wordsocket');
    assert.equal(lstatSync(installed).isSymbolicLink(), false, 'not a link to the source tree');

    const listing = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
    const inZip = listing.stdout.split('\n').filter((line) => line && !line.endsWith('/'));
    for (const file of inZip)
      assert.ok(existsSync(join(env.dir, 'wp-content/plugins', file)), file);

    const top = readdirSync(installed).sort();
    for (const devFile of ['js', 'node_modules', 'package.json', 'tests', 'tsconfig.json']) {
      assert.ok(!top.includes(devFile), `${devFile} is not installed`);
    }
  });

  test('activate_plugin() activates it without output or errors', () => {
    const result = inWordPress(
      env,
      dir,
      [
        `deactivate_plugins( '${pluginFile}' );`,
        `$inactive = ! is_plugin_active( '${pluginFile}' );`,
        'ob_start();',
        `$result = activate_plugin( '${pluginFile}' );`,
        '$output = ob_get_clean();',
        'echo wp_json_encode( array(',
        "  'inactive_before' => $inactive,",
        "  'error' => is_wp_error( $result ) ? $result->get_error_message() : null,",
        "  'output' => $output,",
        `  'active' => is_plugin_active( '${pluginFile}' ),`,
        `  'version' => get_plugin_data( WP_PLUGIN_DIR . '/${pluginFile}', false, false )['Version'],`,
        "  'wordpress' => get_bloginfo( 'version' ),",
        ') );',
      ].join('\n'),
    );

    assert.match(result.wordpress, /^7\.1(\.|$)/);
    assert.equal(result.inactive_before, true);
    assert.equal(result.error, null);
    assert.equal(result.output, '', 'activation printed nothing');
    assert.equal(result.active, true);
    const pkg = JSON.parse(readFileSync(join(root, 'packages/wp-plugin/package.json'), 'utf8'));
    assert.equal(result.version, pkg.version);
  });

  test('its REST namespace answers over HTTP', async () => {
    const index = await fetch(`${env.url}/wp-json/`);
    assert.equal(index.status, 200);
    assert.ok((await index.json()).namespaces.includes('wpsignal/v1'));

    const namespace = await fetch(`${env.url}/wp-json/wpsignal/v1`);
    assert.equal(namespace.status, 200);
    const routes = Object.keys((await namespace.json()).routes);
    assert.ok(routes.includes('/wpsignal/v1/token'), routes.join(', '));

    const home = await fetch(`${env.url}/`);
    assert.equal(home.status, 200);
    await home.arrayBuffer();
  });

  test('deleted from the Plugins screen, it comes back through the upload installer', async () => {
    const result = inWordPress(
      env,
      dir,
      [
        "require_once ABSPATH . 'wp-admin/includes/file.php';",
        "require_once ABSPATH . 'wp-admin/includes/misc.php';",
        "require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';",
        'ob_start();',
        `deactivate_plugins( '${pluginFile}' );`,
        `$deleted = delete_plugins( array( '${pluginFile}' ) );`,
        `$gone = ! file_exists( WP_PLUGIN_DIR . '/${pluginFile}' );`,
        // What wp-admin/update.php?action=upload-plugin does with the uploaded file.
        '$skin = new WP_Ajax_Upgrader_Skin();',
        '$upgrader = new Plugin_Upgrader( $skin );',
        `$installed = $upgrader->install( ${JSON.stringify(zip)} );`,
        `$activated = activate_plugin( '${pluginFile}' );`,
        '$output = ob_get_clean();',
        'echo wp_json_encode( array(',
        "  'deleted' => true === $deleted,",
        "  'gone' => $gone,",
        "  'installed' => true === $installed,",
        "  'errors' => $skin->get_error_messages(),",
        "  'plugin' => $upgrader->plugin_info(),",
        "  'activated' => is_wp_error( $activated ) ? $activated->get_error_message() : true,",
        ') );',
      ].join('\n'),
    );

    assert.equal(result.deleted, true, 'delete_plugins() succeeded');
    assert.equal(result.gone, true, 'the folder was removed');
    assert.equal(result.errors, '');
    assert.equal(result.installed, true);
    assert.equal(result.plugin, pluginFile);
    assert.equal(result.activated, true);
    assert.equal(lstatSync(join(env.dir, 'wp-content/plugins/wordsocket')).isDirectory(), true);

    const namespace = await fetch(`${env.url}/wp-json/wpsignal/v1`);
    assert.equal(namespace.status, 200);
    await namespace.arrayBuffer();
  });

  test('WordPress logged no PHP error for the plugin', () => {
    const log = existsSync(env.debugLog) ? readFileSync(env.debugLog, 'utf8') : '';
    const lines = log
      .split('\n')
      .filter((line) => /PHP (Fatal|Warning|Parse|Notice|Deprecated)/.test(line));
    assert.deepEqual(
      lines.filter((line) => line.includes('/plugins/wordsocket/')),
      [],
    );
  });
});
