#!/usr/bin/env node
// `npm run demo:wordpress`: the whole product on this machine for a person to click through. It
// builds what is missing, brings up a WordPress 7.1 site (scripts/wp-env, site "demo") with the
// plugin installed from dist/wordsocket.zip, starts the reference relay, connects the site to it,
// switches collaboration on, prints where to click and the logins, and stops everything on Ctrl-C.
// Everything listens on 127.0.0.1.
//
//   npm run demo:wordpress [-- --site-port 8890 --relay-port 8090 --fresh]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

import { connectSite, wpPhp } from '../../packages/wp-plugin/tests/e2e-admin/support.mjs';
import { missingBuilds, startStack } from '../../tests/e2e/support/stack.mjs';

const { values } = parseArgs({
  options: {
    'site-port': { type: 'string', default: '8890' },
    'relay-port': { type: 'string', default: '8090' },
    fresh: { type: 'boolean', default: false },
  },
});

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

// A person who has not built yet gets the build; a rebuilt tree needs `npm run dist:plugin` again
// for the site to run the new plugin (the zip is what gets installed, as on a real site).
if (missingBuilds().length > 0) {
  run('npm', ['run', 'build']);
  run('npm', ['run', 'dist:plugin']);
}

const stack = await startStack({
  siteName: 'demo',
  sitePort: Number(values['site-port']),
  relayPort: Number(values['relay-port']),
  fresh: values.fresh,
  logName: 'demo-relay.log',
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\nstopping the relay and the site...\n');
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  const { site, relay } = stack;
  // The relay's data folder is new on every start, so the site is registered afresh each time.
  wpPhp(site, 'WPSignal\\Config::clear_credentials();');
  await connectSite(site, relay);
  wpPhp(site, "update_option( 'wpsignal_collaboration', '1' );");

  const logins = Object.entries(site.users)
    .map(([role, user]) => `    ${role.padEnd(11)} ${user.login} / ${user.password}`)
    .join('\n');
  process.stdout.write(`
WordSocket demo: WordPress 7.1 connected to a local relay.

  WordPress      ${site.url}/
  wp-admin       ${site.adminUrl}
  WordSocket     ${site.adminUrl}options-general.php?page=wordsocket  (Connection, Triggers, Explorer)
  relay          ${relay.url}/dashboard  (operator key: ${relay.apiKey})
  relay demo     ${relay.url}/demo

  logins:
${logins}

Try it:
  1. Log in as admin and open Settings > WordSocket > Explorer: the live log shows events decrypted.
  2. In another browser (or a private window) log in as subscriber and open ${site.url}/ ;
     the console shows nothing yet. Run there:
       document.addEventListener('wpsignal:post.published', (e) => console.log(e.detail))
  3. As admin, publish a post: the Explorer and the subscriber's console show post.published.
  4. Open the same draft as admin and as editor (two browsers): both edit it together.

The relay's log is in artifacts/e2e/demo-relay.log. Ctrl-C stops the relay and the site.
`);
} catch (error) {
  process.stderr.write(`${error.stack ?? error}\n`);
  await stop();
}
