import type { Relay, Site } from '@wordsocket/server-core';
import type { SqliteDatabase } from '../sqlite/database.js';

const SETTING = 'demo_site_key';

/**
 * The site the demo page uses, registered on first use and remembered in the settings table.
 * If an operator removes it, the next demo visit registers a new one.
 */
export class DemoSite {
  readonly #db: SqliteDatabase;
  readonly #relay: Pick<Relay, 'sites' | 'registerSite'>;
  #pending: Promise<Site> | undefined;

  constructor(db: SqliteDatabase, relay: Pick<Relay, 'sites' | 'registerSite'>) {
    this.#db = db;
    this.#relay = relay;
  }

  /** The demo site, registering it when there is none. Concurrent callers share one result. */
  ensure(origin: string): Promise<Site> {
    this.#pending ??= this.#ensure(origin).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #ensure(origin: string): Promise<Site> {
    const row = this.#db.prepare('SELECT value FROM settings WHERE name = ?').get(SETTING) as
      | { value: string }
      | undefined;
    const existing = row ? await this.#relay.sites.getByKey(row.value) : undefined;
    if (existing) return existing;

    const site = await this.#relay.registerSite({
      site_url: `${origin}/demo`,
      site_name: 'WordSocket demo',
    });
    this.#db
      .prepare(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
      )
      .run(SETTING, site.site_key);
    return site;
  }
}
