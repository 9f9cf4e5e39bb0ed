import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { GroupCommit } from './group-commit';

/**
 * One database with its one write path. better-sqlite3 is synchronous, so a write that runs
 * inside `write()` cannot interleave with another in this process; BEGIN IMMEDIATE plus the
 * busy timeout orders it against other processes (a CLI beside a running app).
 * Never hold a write across an `await`.
 */
export class Db<S extends Record<string, unknown>> {
  readonly orm: BetterSQLite3Database<S>;
  /** Built once: better-sqlite3's transaction() wraps a function, and writes run many times a second. */
  private readonly transaction: Database.Transaction<(fn: () => unknown) => unknown>;
  private group: GroupCommit | undefined;

  constructor(
    readonly sqlite: Database.Database,
    schema: S,
  ) {
    this.orm = drizzle(sqlite, { schema });
    this.transaction = sqlite.transaction((fn: () => unknown) => fn());
  }

  write<T>(fn: (orm: BetterSQLite3Database<S>) => T): T {
    return this.transaction.immediate(() => fn(this.orm)) as T;
  }

  /**
   * The same write, committed together with the others asked for in this turn of the event
   * loop (group-commit.ts): for hot paths where many writers finish at once. Resolves once
   * committed; the caller must await it before any step that relies on it being on disk.
   */
  writeSoon<T>(fn: (orm: BetterSQLite3Database<S>) => T): Promise<T> {
    this.group ??= new GroupCommit(this.sqlite);
    return this.group.write(() => fn(this.orm));
  }

  close(): void {
    this.group?.flush(); // what was asked for before closing is still saved
    if (this.sqlite.open) this.sqlite.close();
  }
}
