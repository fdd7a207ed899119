import { assertString } from './assert.js';
import { utf8Encode } from './encoding/utf8.js';
import { WordSocketCryptoError } from './errors.js';

/** The longest bare channel name, in UTF-8 bytes (docs/protocol.md §2). */
export const MAX_CHANNEL_BYTES = 200;

const qualified = /^site:[0-9a-f]{64}:/;
// Controls (C0, DEL, C1), Unicode whitespace, and lone surrogates (which have no UTF-8 form).
const forbidden = /[\p{Cc}\s\p{Cs}]/u;

/**
 * The bare form of a channel name: `site:{site_id}:posts` becomes `posts`, and `posts` stays
 * `posts`. v2 keys and AAD are always computed over the bare name, so a subscriber that spells
 * a channel qualified and one that spells it bare derive the same key.
 *
 * @throws WordSocketCryptoError `invalid_channel` when the name breaks docs/protocol.md §2:
 *   empty, over 200 bytes, whitespace or control characters, or a malformed `site:` prefix
 * @throws TypeError when `channel` is not a string
 * @example
 * ```ts
 * bareChannel(`site:${siteId}:comments:42`); // 'comments:42'
 * ```
 */
export function bareChannel(channel: string): string {
  assertString(channel, 'channel');

  const bare = qualified.test(channel) ? channel.slice(70) : channel;
  if (bare.length === 0) invalid(channel, 'empty');
  if (bare.startsWith('site:')) invalid(channel, 'malformed site: prefix');
  if (forbidden.test(bare)) invalid(channel, 'whitespace or control character');
  if (utf8Encode(bare).length > MAX_CHANNEL_BYTES) invalid(channel, 'longer than 200 bytes');

  return bare;
}

function invalid(channel: string, reason: string): never {
  const shown = channel.length > 80 ? `${channel.slice(0, 80)}…` : channel;

  throw new WordSocketCryptoError(
    'invalid_channel',
    `invalid channel ${JSON.stringify(shown)}: ${reason}`,
  );
}
