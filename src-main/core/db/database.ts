import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';

/**
 * One database with its one write path. better-sqlite3 is synchronous, so a write that runs
 * inside `write()` cannot interleave with another in this process; BEGIN IMMEDIATE plus the
 * busy timeout orders it against other processes (a CLI beside a running app).
 * Never hold a write across an `await`.
 */
export class Db<S extends Record<string, unknown>> {
  readonly orm: BetterSQLite3Database<S>;

  constructor(
    readonly sqlite: Database.Database,
    schema: S,
  ) {
    this.orm = drizzle(sqlite, { schema });
  }

  write<T>(fn: (orm: BetterSQLite3Database<S>) => T): T {
    return this.sqlite.transaction(() => fn(this.orm)).immediate();
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}
