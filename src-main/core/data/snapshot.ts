import Database from 'better-sqlite3';
import { Readable } from 'node:stream';
import { encodeValue, TABLE_NAME } from './bundle-format';
import type { AppliedMigration } from '../db/migrations';

const MIGRATIONS_TABLE = '__promogpt_migrations';
const PIECE_CHARS = 1024 * 1024;

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

  /**
   * The table as NDJSON, one row a line, in pieces of about 1 MiB. SQLite writes each line
   * (json_object, in C: several times faster than a row object and JSON.stringify), with the
   * columns in table order; `replace` puts a fixed value in place of a column's. A BLOB cannot
   * be JSON in SQLite, so it comes out as {"$hex": …} and is turned into the file's
   * {"$blob": base64} here (a quote inside a string is escaped, so the marker is never text).
   * `pieceBytes` sizes the pieces: smaller ones hand the event loop back more often.
   */
  ndjson(table: string, replace: Record<string, string | null> = {}, pieceBytes = PIECE_CHARS): Readable & { rows: number } {
    const columns = this.columns(table);
    const params: (string | null)[] = [];
    const pairs = columns.map((c) => {
      const name = `'${c.replaceAll("'", "''")}'`;
      if (Object.hasOwn(replace, c)) {
        params.push(replace[c]!);
        return `${name}, ?`;
      }
      const q = `"${c.replaceAll('"', '""')}"`;
      return `${name}, CASE WHEN typeof(${q}) = 'blob' THEN json_object('$hex', hex(${q})) ELSE ${q} END`;
    });
    // A function takes at most 127 arguments in some SQLite builds: a wider table goes the slow way.
    if (pairs.length > 60) return this.linesFrom(this.jsonLinesInJs(table, replace));
    const json = `json_object(${pairs.join(', ')})`;
    let page: Database.Statement;
    try {
      // Many lines joined by SQLite and handed over as bytes: no JavaScript string per row. No
      // ORDER BY inside group_concat: the subquery already yields rowid order and the aggregate
      // takes rows as they come; an ORDER BY there sorts every page again (half the query's time).
      // The round-trip test checks the lines come in rowid order.
      page = this.db.prepare(
        `SELECT max(r) AS last, count(*) AS n, CAST(group_concat(j || char(10), '') AS BLOB) AS text FROM (SELECT rowid AS r, ${json} AS j FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
      );
    } catch {
      // A WITHOUT ROWID table: a line at a time.
      return this.linesFrom(this.db.prepare(`SELECT ${json} FROM "${table}"`).pluck().iterate(...params) as IterableIterator<string>, true);
    }
    return pagesFrom(page.safeIntegers(true), params, pieceBytes);
  }

  /** Rows made into JSON in JavaScript, for tables too wide for json_object. */
  private *jsonLinesInJs(table: string, replace: Record<string, string | null>): Generator<string> {
    for (const row of this.rows(table)) {
      for (const k in row) {
        if (Object.hasOwn(replace, k)) row[k] = replace[k];
        else if (row[k] !== null && typeof row[k] === 'object') row[k] = encodeValue(row[k]);
      }
      yield JSON.stringify(row);
    }
  }

  /** A stream of NDJSON from lines, in pieces of about 1 MiB, counting them. */
  private linesFrom(lines: Iterator<string>, hexBlobs = false): Readable & { rows: number } {
    const stream = new Readable({
      read() {
        let text = '';
        while (text.length < PIECE_CHARS) {
          const next = lines.next();
          if (next.done) {
            if (text) this.push(text);
            this.push(null);
            return;
          }
          stream.rows++;
          text += `${hexBlobs && next.value.includes('{"$hex":"') ? blobsAsBase64(next.value) : next.value}\n`;
        }
        this.push(text);
      },
      destroy(error, done) {
        lines.return?.();
        done(error);
      },
    }) as Readable & { rows: number };
    stream.rows = 0;
    return stream;
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

/** A line with BLOBs as {"$hex": …}: the same line with them as {"$blob": base64}, keys in order. */
function blobsAsBase64(line: string): string {
  const row = JSON.parse(line) as Record<string, unknown>;
  for (const k in row) {
    const v = row[k] as { $hex?: unknown } | null;
    if (v !== null && typeof v === 'object' && typeof v.$hex === 'string') row[k] = encodeValue(Buffer.from(v.$hex, 'hex'));
  }
  return JSON.stringify(row);
}

/**
 * NDJSON read a page of rows at a time (a page sized to about `pieceBytes` from the rows before it),
 * each page one Buffer. A page holding a BLOB marker is redone line by line.
 */
function pagesFrom(page: Database.Statement, params: (string | null)[], pieceBytes: number): Readable & { rows: number } {
  let last = -(2n ** 63n); // below every rowid
  let size = 256;
  const stream = new Readable({
    read() {
      const got = page.get(...params, last, size) as { last: bigint | null; n: bigint; text: Buffer | null };
      const n = Number(got.n);
      if (n === 0 || got.text === null || got.last === null) return void this.push(null);
      last = got.last;
      stream.rows += n;
      size = Math.max(16, Math.min(20_000, Math.floor((n * pieceBytes) / Math.max(got.text.length, 1))));
      let text = got.text;
      if (text.includes('{"$hex":"')) {
        text = Buffer.from(
          text
            .toString('utf8')
            .split('\n')
            .map((line) => (line.includes('{"$hex":"') ? blobsAsBase64(line) : line))
            .join('\n'),
        );
      }
      this.push(text);
    },
  }) as Readable & { rows: number };
  stream.rows = 0;
  return stream;
}

