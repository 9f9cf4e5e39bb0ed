import Database from 'better-sqlite3';
import { Readable } from 'node:stream';
import { encodeValue, TABLE_NAME } from './bundle-format';
import type { AppliedMigration } from '../db/migrations';

const MIGRATIONS_TABLE = '__promogpt_migrations';
const ROWS_PER_READ = 500;

/**
 * A consistent, read-only view of a workspace database for an export: its own connection
 * holding one read transaction (WAL lets the app keep writing meanwhile), so every table is
 * read as of the same moment and a long export never blocks or is blocked by the app.
 */
export class WorkspaceSnapshot {
  private readonly db: Database.Database;

  constructor(file: string, nativeBinding?: string) {
    this.db = new Database(file, { fileMustExist: true, nativeBinding });
    // Plain numbers: BigInt for every integer cost more than all the rest of reading a row.
    // The workspace schema keeps ids as text and times as ISO text; its integers are far below 2^53.
    this.db.exec('BEGIN');
    // The read transaction starts at the first read: take it now.
    this.db.prepare('SELECT count(*) FROM sqlite_master').get();
  }

  /** Every table of the workspace schema, read from SQLite so tables added later are included. */
  tables(): string[] {
    const rows = this.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string; sql: string | null }[];
    // Full-text indexes and their shadow tables are derived data, rebuilt from their tables.
    const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
    return rows
      .map((r) => r.name)
      .filter((name) => !name.startsWith('sqlite_') && name !== MIGRATIONS_TABLE)
      .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
      .filter((name) => TABLE_NAME.test(name));
  }

  migrations(): AppliedMigration[] {
    return this.db.prepare(`SELECT idx, tag, hash FROM ${MIGRATIONS_TABLE} ORDER BY idx`).all() as AppliedMigration[];
  }

  columns(table: string): string[] {
    return (this.db.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name);
  }

  count(table: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }

  /** The table as NDJSON, one row a line, read a few hundred rows at a time. */
  ndjson(table: string, transform?: (row: Record<string, unknown>) => Record<string, unknown>): Readable {
    const iterator = this.rows(table);
    return new Readable({
      read() {
        let text = '';
        for (let i = 0; i < ROWS_PER_READ; i++) {
          const next = iterator.next();
          if (next.done) {
            if (text) this.push(text);
            this.push(null);
            return;
          }
          const row = next.value;
          for (const k in row) if (row[k] !== null && typeof row[k] === 'object') row[k] = encodeValue(row[k]);
          text += `${JSON.stringify(transform ? transform(row) : row)}\n`;
        }
        this.push(text);
      },
      destroy(error, done) {
        iterator.return?.();
        done(error);
      },
    });
  }

  /** Every row of a table, for CSV. */
  rows(table: string): IterableIterator<Record<string, unknown>> {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`);
    } catch {
      statement = this.db.prepare(`SELECT * FROM "${table}"`); // a WITHOUT ROWID table
    }
    return statement.iterate() as IterableIterator<Record<string, unknown>>;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('COMMIT');
    } finally {
      this.db.close();
    }
  }
}
