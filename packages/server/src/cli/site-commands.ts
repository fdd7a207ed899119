import { createSiteRecord, DEFAULT_LIMITS, type Site } from '@wordsocket/server-core';
import { resolveConfig, type ServerConfig, type ServerFlags } from '../config.js';
import { ServerError } from '../errors.js';
import { rotateOperatorKey } from '../operator-key.js';
import { broadcastControl } from '../redis/broker.js';
import { validateSiteInput } from '../site-input.js';
import { openStorage, type Storage } from '../storage.js';
import { parseFlags, STORAGE_FLAGS } from './args.js';
import type { CliIo } from './io.js';

const SITE_KEY = /^[0-9a-f]{64}$/;

/**
 * `register --url <site_url> --name <name> [--max-connections <n>] [--json]`: prints the three
 * credentials.
 */
export async function registerFromCli(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    ...STORAGE_FLAGS,
    url: { type: 'string' },
    name: { type: 'string' },
    'max-connections': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (flags.url === undefined)
    throw new ServerError('missing_argument', 'register needs --url <site_url>');
  if (flags.name === undefined)
    throw new ServerError('missing_argument', 'register needs --name <name>');

  const input = validateSiteInput({ site_url: flags.url, site_name: flags.name });
  const maxConnections = parseMaxConnections(flags['max-connections']);
  const site = await withStorage(flags, io, async (storage) => {
    const record = createSiteRecord({
      ...input,
      max_connections: maxConnections,
    });
    await storage.sites.create(record);
    return record;
  });

  if (flags.json) {
    io.out(`${JSON.stringify(credentialsOf(site))}\n`);
    return 0;
  }

  io.out(
    [
      `Registered "${site.site_name}" (${site.site_url}). Keep these secret:`,
      `site_key=${site.site_key}`,
      `publish_secret=${site.publish_secret}`,
      `jwt_secret=${site.jwt_secret}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** `list [--json]`: every site without its secrets. */
export async function listSites(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { ...STORAGE_FLAGS, json: { type: 'boolean' } });
  const sites = await withStorage(flags, io, (storage) => storage.sites.list());
  const rows = sites.map((site) => ({
    site_key: site.site_key,
    site_id: site.site_id,
    site_name: site.site_name,
    site_url: site.site_url,
    created_at: new Date(site.created_at).toISOString(),
  }));

  if (flags.json) {
    io.out(`${JSON.stringify(rows)}\n`);
    return 0;
  }

  if (rows.length === 0) io.out('No site is registered.\n');
  for (const row of rows) {
    io.out(
      `${row.site_key}  ${row.site_id}  ${row.created_at}  ${row.site_name}  ${row.site_url}\n`,
    );
  }
  return 0;
}

/**
 * `remove --site-key <key>`: exits 1 when no such site exists. In Redis mode it also tells every
 * running node, which closes the site's sockets with `4003`.
 */
export async function removeFromCli(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { ...STORAGE_FLAGS, 'site-key': { type: 'string' } });
  const siteKey = flags['site-key'];
  if (siteKey === undefined)
    throw new ServerError('missing_argument', 'remove needs --site-key <key>');
  if (!SITE_KEY.test(siteKey)) {
    throw new ServerError('invalid_value', '--site-key must be 64 lowercase hex characters');
  }

  const removed = await withStorage(flags, io, async (storage, config) => {
    const site = await storage.sites.getByKey(siteKey);
    if (!site || !(await storage.sites.remove(siteKey))) return false;

    if (storage.redis) {
      await broadcastControl(storage.redis, config.redisPrefix, {
        kind: 'site_removed',
        site_id: site.site_id,
      });
    }
    return true;
  });
  if (!removed) throw new ServerError('site_not_found', 'no site has that site_key');

  io.out('Removed.\n');
  return 0;
}

/** `rotate-key`: a new operator key, printed once; the old one stops working on next start. */
export async function rotateKeyFromCli(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, STORAGE_FLAGS);
  const key = await withStorage(flags, io, async (storage) => rotateOperatorKey(storage.db));

  io.out(`${key}\n`);
  io.err(
    'The new operator API key is above; it is shown this once. Restart the server to use it.\n',
  );
  return 0;
}

async function withStorage<T>(
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
  work: (storage: Storage, config: ServerConfig) => Promise<T> | T,
): Promise<T> {
  const config = resolveConfig(flags as ServerFlags, io.env, io.cwd);
  const storage = await openStorage(config);
  try {
    return await work(storage, config);
  } finally {
    await storage.close();
  }
}

function parseMaxConnections(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMITS.defaultMaxConnections;
  if (!/^\d{1,7}$/.test(text) || Number(text) === 0) {
    throw new ServerError(
      'invalid_value',
      '--max-connections must be an integer from 1 to 9999999',
    );
  }

  return Number(text);
}

function credentialsOf(site: Site) {
  return {
    site_key: site.site_key,
    publish_secret: site.publish_secret,
    jwt_secret: site.jwt_secret,
  };
}
