import type { Site, SiteStore } from '@wordsocket/server-core';
import type { SqliteDatabase } from './database.js';

const COLUMNS =
  'site_key, site_id, tenant_id, publish_secret, jwt_secret, site_url, site_name, created_at, max_connections';

/**
 * Sites in the SQLite database of the data directory. Every call is synchronous (better-sqlite3),
 * which the relay's `SiteStore` allows; lookups use prepared statements on indexed columns.
 */
export class SqliteSiteStore implements SiteStore {
  readonly #byKey;
  readonly #byId;
  readonly #insert;
  readonly #delete;
  readonly #all;

  constructor(db: SqliteDatabase) {
    this.#byKey = db.prepare<[string], Site>(`SELECT ${COLUMNS} FROM sites WHERE site_key = ?`);
    this.#byId = db.prepare<[string], Site>(`SELECT ${COLUMNS} FROM sites WHERE site_id = ?`);
    this.#insert = db.prepare<[Site]>(
      `INSERT INTO sites (${COLUMNS}) VALUES (@site_key, @site_id, @tenant_id, @publish_secret, @jwt_secret, @site_url, @site_name, @created_at, @max_connections)`,
    );
    this.#delete = db.prepare<[string]>('DELETE FROM sites WHERE site_key = ?');
    this.#all = db.prepare<[], Site>(`SELECT ${COLUMNS} FROM sites ORDER BY created_at, rowid`);
  }

  getByKey(siteKey: string): Site | undefined {
    return this.#byKey.get(siteKey);
  }

  getById(siteId: string): Site | undefined {
    return this.#byId.get(siteId);
  }

  create(site: Site): void {
    this.#insert.run(site);
  }

  remove(siteKey: string): boolean {
    return this.#delete.run(siteKey).changes > 0;
  }

  list(): Site[] {
    return this.#all.all();
  }
}
