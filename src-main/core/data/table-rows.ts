import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { AppError } from '../../../src-shared/errors';
import { isDiskFull } from '../platform/disk-full';
import { decodeValue, refuseFile } from './bundle-format';

/** Whether the (staging) database has this table: an older export's schema may lack a newer one. */
export function hasTable(db: Database.Database, table: string): boolean {
  return (db.pragma(`table_info("${table}")`) as unknown[]).length > 0;
}

/**
 * Rows are loaded a page of whole lines at a time. A page of 256 KiB holds SQLite for a few
 * milliseconds; the media copied meanwhile (import-bundle.ts: asked of the copying thread, or
 * streamed here) gets the event loop back between pages. With 1 MiB pages an import of 1 GB of media and 1M rows took longer here (in 6 of 8
 * alternated runs; by a median of 0.9 s of about 6.5 s).
 */
const PAGE_BYTES = 256 * 1024;
const MAX_LINE = 64 * 1024 * 1024;
const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Column {
  name: string;
  /** SQLite's affinity of the column, from its declared type (sqlite.org/datatype3.html §3.1). */
  affinity: 'integer' | 'text' | 'blob' | 'real' | 'numeric';
}

function affinityOf(declared: string): Column['affinity'] {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  return 'numeric';
}

/**
 * The statement that inserts a whole page of NDJSON lines inside SQLite, or nothing: it takes
 * only rows it can vouch for, so a page is kept only if every line was taken (see `inBulk`).
 *
 * - The page's lines become one JSON array (each newline becomes ",\n"); `json_valid` holds it
 *   to strict RFC 8259 (SQLite's reader alone also takes JSON5, which JSON.parse refuses).
 * - Every line begins with "{" and ends with "}" (checked before), and the array must have as
 *   many elements as the page has lines. Values must be scalars (below), so no object can reach
 *   across a line break (inside an object, "," must be followed by a key, never by "{"; a raw
 *   newline cannot be inside a string); then as many elements as lines means one object a line.
 * - Each object must have every column, each a JSON null, number or string (no booleans, arrays
 *   or objects: a tagged blob or big integer goes the careful way), and no other key: with the
 *   columns removed it must be empty (jsonb_remove takes out only the first of a repeated key).
 * - A number only into a column of numeric affinity: JavaScript binds every number as a double
 *   (5 into a TEXT column is "5.0"), SQLite's JSON keeps integers; elsewhere the two would differ.
 */
function bulkStatement(db: Database.Database, table: string, columns: Column[]): Database.Statement | undefined {
  if (columns.length > 100 || !columns.every((c) => SIMPLE_NAME.test(c.name))) return undefined;
  const paths = columns.map((c) => `'$.${c.name}'`);
  const types = columns.map((c, i) => {
    const allowed = c.affinity === 'text' ? `'null', 'text'` : c.affinity === 'blob' ? `'null', 'text', 'real'` : `'null', 'text', 'integer', 'real'`;
    return `json_type(e.value, ${paths[i]}) IN (${allowed})`;
  });
  const sql = `
    WITH joined(a) AS MATERIALIZED (SELECT '[' || replace(CAST(@page AS TEXT), char(10), ',' || char(10)) || ']'),
    page(a) AS MATERIALIZED (SELECT a FROM joined WHERE json_valid(a) AND json_array_length(a) = @lines)
    INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')})
    SELECT ${columns.map((c, i) => `e.value ->> ${paths[i]}`).join(', ')}
    FROM page, jsonb_each(page.a) AS e
    WHERE e.type = 'object' AND ${types.join(' AND ')} AND jsonb_remove(e.value, ${paths.join(', ')}) = x'0c'`;
  try {
    return db.prepare(sql);
  } catch {
    return undefined; // a SQLite without JSONB (before 3.45): every page the careful way
  }
}

/**
 * Loads a table's NDJSON rows into the (staging) database. A page at a time SQLite inserts the
 * rows itself (about twice as fast as parsing and binding each row in JavaScript); a page it
 * cannot vouch for entirely is undone and loaded again line by line in JavaScript, which checks
 * every row and names the line of the first that is wrong. Either way a row goes in only as it
 * would line by line, and a wrong row fails the whole import.
 */
export class TableLoader {
  /** Rows inserted so far. */
  count = 0;
  /** Pages loaded line by line in JavaScript (the rest went in whole): for tests and the bench. */
  carefulPages = 0;
  /** Lines read so far, blank ones included: what an error names. */
  private line = 0;
  private readonly columns: Column[];
  private readonly names: Set<string>;
  private readonly bulk: Database.Statement | undefined;
  private readonly full: Database.Statement | undefined;
  private readonly partial = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    /** `false` loads every page line by line (tests compare the two ways). */
    opts: { bulk?: boolean } = {},
  ) {
    const info = db.pragma(`table_info("${table}")`) as { name: string; type: string }[];
    if (info.length === 0) throw refuseFile(`it has a table ${table} that this workspace schema does not have`);
    this.columns = info.map((c) => ({ name: c.name, affinity: affinityOf(c.type) }));
    this.names = new Set(this.columns.map((c) => c.name));
    this.bulk = opts.bulk === false ? undefined : bulkStatement(db, table, this.columns);
    // A row with every column (the usual case) binds the parsed object by name: no arrays per row.
    const all = this.columns.map((c) => c.name);
    this.full = all.every((c) => SIMPLE_NAME.test(c)) ? db.prepare(`INSERT INTO "${table}" (${quoted(all)}) VALUES (${all.map((c) => `@${c}`).join(', ')})`) : undefined;
  }

  /** A writable taking the NDJSON bytes, cut into pages of whole lines. */
  sink(): Writable {
    let held: Buffer[] = [];
    let heldBytes = 0;
    // Waits for more when the bytes held have no newline yet (a long line), so they are not
    // joined again for every chunk.
    let want = PAGE_BYTES;
    const flush = (final: boolean) => {
      const bytes = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      const cut = final ? bytes.length : bytes.lastIndexOf(10) + 1;
      want = cut === 0 ? bytes.length * 2 : PAGE_BYTES;
      if (cut > 0) this.page(bytes.subarray(0, cut));
      if (cut < bytes.length) {
        held = [bytes.subarray(cut)];
        heldBytes = bytes.length - cut;
        if (heldBytes > MAX_LINE) throw refuseFile(`a line of table ${this.table} is longer than 64 MB (line ${this.line + 1})`);
      }
    };
    return new Writable({
      highWaterMark: PAGE_BYTES,
      write: (chunk: Buffer, _enc, done) => {
        try {
          held.push(chunk);
          heldBytes += chunk.length;
          if (heldBytes >= want) flush(false);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      final: (done) => {
        try {
          flush(true);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    });
  }

  /** Whole lines (the last may lack its newline). */
  private page(bytes: Buffer): void {
    const body = bytes[bytes.length - 1] === 10 ? bytes.subarray(0, bytes.length - 1) : bytes;
    if (this.bulk && this.inBulk(body)) return;
    this.lineByLine(bytes);
  }

  private inBulk(body: Buffer): boolean {
    // Invalid UTF-8 is read as U+FFFD by the careful way; NUL and lone surrogates SQLite may keep
    // otherwise than JavaScript does (a "\ud" also matches an escaped backslash: harmless).
    if (body.length === 0 || !isUtf8(body) || body.includes('\\u0000') || body.includes('\\ud') || body.includes('\\uD')) return false;
    if (body[0] !== 0x7b || body[body.length - 1] !== 0x7d) return false;
    let lines = 1;
    for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) {
      if (body[at - 1] !== 0x7d || body[at + 1] !== 0x7b) return false; // "}\n{" only
      lines++;
    }
    this.db.exec('SAVEPOINT bulk_rows');
    let taken = 0;
    try {
      taken = this.bulk!.run({ page: body, lines }).changes;
    } catch {
      taken = -1; // a row the table refuses (a constraint): the careful way names it
    }
    if (taken !== lines) {
      this.db.exec('ROLLBACK TO bulk_rows');
      this.db.exec('RELEASE bulk_rows');
      return false;
    }
    this.db.exec('RELEASE bulk_rows');
    this.count += lines;
    this.line += lines;
    return true;
  }

  private lineByLine(bytes: Buffer): void {
    this.carefulPages++;
    // Pages end at a newline, so a character is never cut; invalid bytes become U+FFFD.
    const decoder = new StringDecoder('utf8');
    const text = decoder.write(bytes) + decoder.end();
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      this.line++;
      if (line.trim() === '') continue;
      this.insert(line);
    }
  }

  private refuse(problem: string): AppError {
    return refuseFile(`${problem} (line ${this.line})`);
  }

  private insert(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw this.refuse(`a line of table ${this.table} is not valid JSON`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw this.refuse(`a row of ${this.table} is not an object`);
    const row = value as Record<string, unknown>;
    let n = 0;
    for (const k in row) {
      if (!this.names.has(k)) throw this.refuse(`a row of ${this.table} has a column ${JSON.stringify(k.slice(0, 60))} the table does not have`);
      n++;
      const v = row[k];
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
        try {
          row[k] = decodeValue(v);
        } catch {
          throw this.refuse(`a row of ${this.table} has a value in ${JSON.stringify(k.slice(0, 60))} that is not text, a number, null or a tagged blob`);
        }
      }
    }
    try {
      if (this.full && n === this.columns.length) {
        this.full.run(row);
      } else {
        const keys = Object.keys(row);
        const shape = keys.join(',');
        let insert = this.partial.get(shape);
        if (!insert) {
          insert = this.db.prepare(`INSERT INTO "${this.table}" (${quoted(keys)}) VALUES (${keys.map(() => '?').join(', ')})`);
          this.partial.set(shape, insert);
        }
        insert.run(...keys.map((k) => row[k]));
      }
    } catch (error) {
      if (isDiskFull(error)) throw error; // the disk's problem, not the row's
      throw this.refuse(`a row of ${this.table} does not fit the table (${(error as Error).message})`);
    }
    this.count++;
  }
}

function quoted(keys: string[]): string {
  return keys.map((k) => `"${k.replaceAll('"', '""')}"`).join(', ');
}
