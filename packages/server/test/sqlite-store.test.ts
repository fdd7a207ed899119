import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase, type SqliteDatabase } from '../src/sqlite/database.js';
import { SqliteSiteStore } from '../src/sqlite/site-store.js';
import { makeSite } from './support/sites.js';
import { tempDir } from './support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let db: SqliteDatabase;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(join(dir.path, 'nested', 'data'));
});

afterEach(() => {
  if (db.open) db.close();
  dir.remove();
});

describe('openDatabase', () => {
  it('creates the data directory and an owner-only database file', () => {
    const file = join(dir.path, 'nested', 'data', DATABASE_FILE);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'nested', 'data')).mode & 0o077).toBe(0);
  });

  it('uses write-ahead logging', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('opens an existing database again without rerunning migrations', () => {
    db.close();
    db = openDatabase(join(dir.path, 'nested', 'data'));

    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('refuses a database written by a newer server', () => {
    db.pragma('user_version = 99');
    db.close();

    expect(() => openDatabase(join(dir.path, 'nested', 'data'))).toThrow(/newer/);
  });
});

describe('SqliteSiteStore', () => {
  it('finds a created site by key and by id with every field', () => {
    const store = new SqliteSiteStore(db);
    const site = makeSite();
    store.create(site);

    expect(store.getByKey(site.site_key)).toEqual(site);
    expect(store.getById(site.site_id)).toEqual(site);
  });

  it('answers undefined for an unknown site', () => {
    const store = new SqliteSiteStore(db);

    expect(store.getByKey('0'.repeat(64))).toBeUndefined();
    expect(store.getById('nope')).toBeUndefined();
  });

  it('throws when the site_key already exists', () => {
    const store = new SqliteSiteStore(db);
    const site = makeSite();
    store.create(site);

    expect(() => store.create({ ...site, site_id: 'other' })).toThrow();
  });

  it('removes a site and says whether one was removed', () => {
    const store = new SqliteSiteStore(db);
    const site = makeSite();
    store.create(site);

    expect(store.remove(site.site_key)).toBe(true);
    expect(store.remove(site.site_key)).toBe(false);
    expect(store.getByKey(site.site_key)).toBeUndefined();
  });

  it('lists sites in creation order', () => {
    const store = new SqliteSiteStore(db);
    const first = makeSite({ created_at: 1000 });
    const second = makeSite({ created_at: 2000 });
    store.create(second);
    store.create(first);

    expect(store.list().map((site) => site.site_key)).toEqual([first.site_key, second.site_key]);
  });

  it('keeps sites across a reopen of the same directory', () => {
    const site = makeSite();
    new SqliteSiteStore(db).create(site);
    db.close();
    db = openDatabase(join(dir.path, 'nested', 'data'));

    expect(new SqliteSiteStore(db).getByKey(site.site_key)).toEqual(site);
  });
});
