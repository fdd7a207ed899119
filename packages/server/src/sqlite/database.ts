import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ServerError } from '../errors.js';

/** The open SQLite database of a data directory. */
export type SqliteDatabase = Database.Database;

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'wordsocket.db';

/**
 * Each entry moves the schema one version forward; `PRAGMA user_version` records how many ran.
 * Append only: an entry that shipped is never edited.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT;
   CREATE TABLE sites (
     site_key TEXT PRIMARY KEY,
     site_id TEXT NOT NULL UNIQUE,
     tenant_id TEXT NOT NULL,
     publish_secret TEXT NOT NULL,
     jwt_secret TEXT NOT NULL,
     site_url TEXT NOT NULL,
     site_name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     max_connections INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE connect_codes (
     code_hash TEXT PRIMARY KEY,
     site_key TEXT NOT NULL,
     callback_url TEXT NOT NULL,
     code_challenge TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;`,
];

/**
 * Opens (creating if needed) the database in `dataDir`: the directory is created owner-only,
 * the file is owner-only, journal mode is WAL, and pending migrations run in one transaction.
 *
 * @throws {ServerError} `data_dir_unusable` when the directory or file cannot be opened.
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  const file = join(dataDir, DATABASE_FILE);
  let db: SqliteDatabase;

  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(file);
    chmodSync(file, 0o600);
  } catch (error) {
    throw new ServerError(
      'data_dir_unusable',
      `cannot open the data directory ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ServerError(
      'data_dir_unusable',
      `the database schema (version ${current}) is newer than this server understands (${MIGRATIONS.length})`,
    );
  }

  const run = db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version += 1) {
      db.exec(MIGRATIONS[version] as string);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  run();
}
