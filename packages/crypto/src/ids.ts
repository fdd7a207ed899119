import { assertString } from './assert.js';
import { chooseBackend } from './backend/select.js';
import type { BackendOptions } from './backend/types.js';
import { toHex } from './encoding/hex.js';
import { utf8Encode } from './encoding/utf8.js';

/**
 * A site's public id inside channel names: `sha256hex("site:" + site_key)` (docs/protocol.md §1).
 *
 * @throws TypeError when `siteKey` is not a string
 * @example
 * ```ts
 * const channel = `site:${await siteId(siteKey)}:posts`;
 * ```
 */
export async function siteId(siteKey: string, options?: BackendOptions): Promise<string> {
  return prefixedSha256('site:', siteKey, options);
}

/**
 * The token claim `tenant_id`: `sha256hex("tenant:" + site_key)` (docs/protocol.md §1).
 *
 * @throws TypeError when `siteKey` is not a string
 */
export async function tenantId(siteKey: string, options?: BackendOptions): Promise<string> {
  return prefixedSha256('tenant:', siteKey, options);
}

async function prefixedSha256(prefix: string, siteKey: string, options?: BackendOptions) {
  assertString(siteKey, 'siteKey');
  const backend = await chooseBackend(options);

  return toHex(await backend.sha256(utf8Encode(prefix + siteKey)));
}
