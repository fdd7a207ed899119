/**
 * `window.wpSignalConfig`, printed by the plugin's PHP (includes/Assets) before the `wpsignal`
 * script. It never holds a secret of the site: only URLs, the REST nonce, channel names and the
 * keys of channels the current user may read.
 */
export interface WpSignalConfig {
  /** The relay's base URL, `''` when the site is not connected. */
  relayUrl: string;
  /** `sha256hex("site:" + site_key)`. */
  siteId: string;
  /** The current user's id, 0 for a visitor. */
  userId: number;
  /** `wp-json/wpsignal/v1/token`. */
  tokenUrl: string;
  /** `wp-json/wpsignal/v1/keys`. */
  keysUrl: string;
  /** `admin-ajax.php`, to renew an expired REST nonce (`action=rest-nonce`); `''` for visitors. */
  ajaxUrl: string;
  /** The REST nonce (`wp_rest`). */
  nonce: string;
  /** Channels the page subscribes to as soon as it loads. */
  channels: string[];
  /** Channel prefixes the user may read without asking (the token's static grants). */
  prefixes: string[];
  /** Channels every token of this user grants whole (the `wpsignal_token_channels` filter). */
  exact: string[];
  /** Channels the page's first token asks for (already cleared by WordPress). */
  grant: string[];
  /** Base64 keys by bare channel name (`*` is the site-wide v1 key). */
  keys: Record<string, string>;
  /** Use the SSE transport only (the `wpsignal_force_sse` filter). */
  forceSse: boolean;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads and checks the configuration; missing or ill-typed fields become empty values. */
export function readConfig(raw: unknown): WpSignalConfig {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const keys: Record<string, string> = {};
  if (source.keys && typeof source.keys === 'object') {
    for (const [name, key] of Object.entries(source.keys as Record<string, unknown>)) {
      if (typeof key === 'string') keys[name] = key;
    }
  }

  return {
    relayUrl: text(source.relayUrl),
    siteId: text(source.siteId),
    userId: typeof source.userId === 'number' ? source.userId : 0,
    tokenUrl: text(source.tokenUrl),
    keysUrl: text(source.keysUrl),
    ajaxUrl: text(source.ajaxUrl),
    nonce: text(source.nonce),
    channels: strings(source.channels),
    prefixes: strings(source.prefixes),
    exact: strings(source.exact),
    grant: strings(source.grant),
    keys,
    forceSse: source.forceSse === true,
  };
}

/** The bare form of a channel name: `site:{site_id}:posts` becomes `posts`. */
export function bareChannel(channel: string, siteId: string): string {
  const prefix = `site:${siteId}:`;
  return siteId !== '' && channel.startsWith(prefix) ? channel.slice(prefix.length) : channel;
}

/** Whether one of the prefixes grants the bare channel (docs/protocol.md §3). */
export function granted(bare: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => prefix === '' || bare.startsWith(prefix));
}
