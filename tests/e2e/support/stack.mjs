// The whole stack on loopback, for the end-to-end suite and the demo command: a WordPress 7.1 site
// from scripts/wp-env with the plugin installed from dist/wordsocket.zip, the reference relay as a
// child process, and the recording proxy in front of it. Helpers for browsers and PHP come from
// the plugin's browser suite (packages/wp-plugin/tests/e2e-admin/support.mjs).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { wpPhp } from '../../../packages/wp-plugin/tests/e2e-admin/support.mjs';
import { down, reset, up } from '../../../scripts/wp-env/index.mjs';
import { startFront } from './front.mjs';
import { artifacts, pluginZip, repoRoot } from './paths.mjs';
import { startRelay } from './relay.mjs';

/** What must be built before the stack can start, as messages naming the command that builds it. */
export function missingBuilds() {
  const missing = [];
  if (!existsSync(pluginZip)) missing.push('dist/wordsocket.zip (npm run dist:plugin)');
  if (!existsSync(join(repoRoot, 'packages/server/dist/bin.js'))) {
    missing.push('packages/server/dist/bin.js (npm run build)');
  }
  return missing;
}

/**
 * Switches the block editor's welcome guide and pre-publish panel off for every test login, so
 * the scenarios meet the editor a returning user sees.
 */
export function quietEditor(site) {
  wpPhp(
    site,
    `foreach ( array( 'admin', 'editor' ) as $login ) {
      $user = get_user_by( 'login', $login );
      $key  = $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences';
      update_user_meta( $user->ID, $key, array(
        'core/edit-post' => array( 'welcomeGuide' => false, 'fullscreenMode' => true ),
        'core'           => array( 'isPublishSidebarEnabled' => false ),
        '_modified'      => gmdate( 'c' ),
      ) );
    }`,
  );
}

/**
 * Brings the stack up. `fresh` resets the site (new database, plugin unzipped again); otherwise a
 * running site is reused. Returns `{site, relay, front, stop()}`; `stop()` stops what this call
 * started, site included unless `keepSite`.
 */
export async function startStack({
  siteName = 'e2e',
  sitePort,
  relayPort,
  fresh = true,
  logName = 'relay.log',
  logLevel,
} = {}) {
  const missing = missingBuilds();
  if (missing.length > 0) throw new Error(`build first: ${missing.join(', ')}`);

  mkdirSync(artifacts, { recursive: true });
  const log = join(artifacts, logName);
  writeFileSync(log, '');

  const options = { site: siteName, port: sitePort, pluginZip };
  const site = fresh ? await reset(options) : await up(options);
  quietEditor(site);

  let relay;
  let front;
  try {
    relay = await startRelay({ port: relayPort, log, logLevel });
    front = await startFront(relay.port);
  } catch (error) {
    await relay?.stop();
    await down({ site: siteName });
    throw error;
  }

  return {
    site,
    relay,
    front,
    async stop({ keepSite = false } = {}) {
      await front?.close();
      await relay?.stop();
      if (!keepSite) await down({ site: siteName });
    },
  };
}
