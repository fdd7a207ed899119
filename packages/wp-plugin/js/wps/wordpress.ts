import type { WpSignalConfig } from './config';

/** What `/wpsignal/v1/token` answers. */
export interface TokenAnswer {
  token: string;
  keys: Record<string, string>;
}

/** What `/wpsignal/v1/keys` answers: keys of the granted channels, and the refused ones. */
export interface KeysAnswer {
  keys: Record<string, string>;
  refused: string[];
}

/** A refusal of WordPress's REST API that retrying cannot fix (logged out, forbidden). */
export class RefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`WordPress refused the request (${status} ${code})`);
    this.name = 'RefusedError';
  }
}

/**
 * Talks to the plugin's REST routes with the page's cookie and REST nonce. When the nonce has
 * expired on a page left open for a day, it asks `admin-ajax.php?action=rest-nonce` (core's
 * nonce renewal for logged-in users) once and retries.
 */
export class WordPressApi {
  #nonce: string;

  constructor(private readonly config: WpSignalConfig) {
    this.#nonce = config.nonce;
  }

  /** Mints a token granting `channels` beyond the static namespaces. */
  async token(channels: string[]): Promise<TokenAnswer> {
    const body = (await this.#post(this.config.tokenUrl, { channels })) as Partial<TokenAnswer>;
    if (typeof body.token !== 'string') throw new Error('the token route answered no token');

    return { token: body.token, keys: body.keys ?? {} };
  }

  /** Asks for the keys of `channels`; channels the user may not read come back in `refused`. */
  async keys(channels: string[]): Promise<KeysAnswer> {
    const body = (await this.#post(this.config.keysUrl, { channels })) as Partial<KeysAnswer>;

    return { keys: body.keys ?? {}, refused: Array.isArray(body.refused) ? body.refused : [] };
  }

  async #post(url: string, payload: unknown, renewed = false): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        ...(this.#nonce ? { 'X-WP-Nonce': this.#nonce } : {}),
      },
      body: JSON.stringify(payload),
    });
    const body = (await response.json().catch(() => ({}))) as { code?: unknown };
    if (response.ok) return body;

    const code = typeof body.code === 'string' ? body.code : 'http_error';
    if (code === 'rest_cookie_invalid_nonce' && !renewed && (await this.#renewNonce())) {
      return this.#post(url, payload, true);
    }
    if (response.status === 401 || response.status === 403) {
      throw new RefusedError(response.status, code);
    }

    throw new Error(`WordPress answered ${response.status} ${code}`);
  }

  async #renewNonce(): Promise<boolean> {
    if (!this.config.ajaxUrl) return false;

    const response = await fetch(`${this.config.ajaxUrl}?action=rest-nonce`, {
      credentials: 'same-origin',
    });
    const nonce = response.ok ? (await response.text()).trim() : '';
    if (!/^[0-9a-f]{6,}$/.test(nonce)) return false;

    this.#nonce = nonce;
    return true;
  }
}
