import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/sqlite/database.js';
import { tempDir } from './temp-dir.js';

/**
 * Registers hooks that give each test a database in a fresh temp directory, closed and deleted
 * afterwards. Call inside a `describe` (or at the top of a file).
 */
export function useTempDatabase(): () => SqliteDatabase {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(dir.path);
  });

  afterEach(() => {
    if (db.open) db.close();
    dir.remove();
  });

  return () => db;
}
