// The rows of a table are loaded a page at a time inside SQLite, or line by line in JavaScript
// for a page SQLite cannot vouch for. Both ways must give the same rows, and a wrong line must be
// refused the same way, naming its table and line.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TableLoader } from '../../../src-main/core/data/table-rows';

const TABLE = `CREATE TABLE notes (
  id integer PRIMARY KEY NOT NULL,
  name text NOT NULL,
  score real,
  n numeric,
  raw blob,
  note text
)`;
const COLUMNS = ['id', 'name', 'score', 'n', 'raw', 'note'];

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec(TABLE);
  db.exec('BEGIN');
  return db;
}

/** Loads NDJSON through the loader, fed in chunks of `chunk` bytes (so pieces end inside characters). */
async function load(text: string | Buffer, opts: { bulk: boolean; chunk?: number }): Promise<{ rows: unknown[]; careful: number; count: number }> {
  const db = database();
  try {
    const loader = new TableLoader(db, 'notes', { bulk: opts.bulk });
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const size = opts.chunk ?? 7777;
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    await pipeline(Readable.from(chunks), loader.sink());
    const typed = COLUMNS.map((c) => `${c}, typeof(${c}) AS ${c}_type`).join(', ');
    return { rows: db.prepare(`SELECT ${typed} FROM notes ORDER BY rowid`).all(), careful: loader.carefulPages, count: loader.count };
  } finally {
    db.close();
  }
}

async function refusal(text: string): Promise<string> {
  const db = database();
  try {
    const loader = new TableLoader(db, 'notes');
    await pipeline(Readable.from([Buffer.from(text)]), loader.sink());
  } catch (error) {
    // The page that failed was undone: the loader left no savepoint open behind it.
    expect(() => db.exec('RELEASE bulk_rows')).toThrow(/no such savepoint/);
    return (error as Error).message;
  } finally {
    db.close();
  }
  throw new Error('expected a refusal');
}

const line = (row: Record<string, unknown>) => `${JSON.stringify(row)}\n`;
/** Good rows, enough of them for several pages (a page is about 1 MiB). */
function goodRows(count: number, from = 1): string {
  let out = '';
  for (let i = from; i < from + count; i++) {
    out += line({
      id: i,
      name: `row ${i} é ü 😀 中文 "quoted" back\\slash tab\t newline\n ${'ß'.repeat(i % 37)} \u001f`,
      score: i % 5 === 0 ? null : i % 3 === 0 ? i : i / 7,
      n: i % 4 === 0 ? `${i}` : i % 4 === 1 ? i * 1.5 : i % 4 === 2 ? 'not a number' : null,
      raw: i % 2 === 0 ? null : i % 3 === 0 ? 0.25 : `raw ${i}`,
      note: i % 6 === 0 ? null : `note ${i}`,
    });
  }
  return out;
}

describe('loading a table’s rows', () => {
  it('gives the same rows in bulk as line by line, across many pages', async () => {
    const text = goodRows(12_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    const bulk = await load(text, { bulk: true });
    const careful = await load(text, { bulk: false });
    expect(bulk.careful).toBe(0); // every page went in whole
    expect(careful.careful).toBeGreaterThan(2);
    expect(bulk.count).toBe(12_000);
    expect(bulk.rows).toEqual(careful.rows);
    expect(bulk.rows[2]).toMatchObject({ id: 3, score: 3, score_type: 'real', n_type: 'null', raw: 0.25, raw_type: 'real' });
    expect(bulk.rows[3]).toMatchObject({ id: 4, n: 4, n_type: 'integer', name: expect.stringContaining('😀 中文 "quoted" back\\slash tab\t newline\n') });
  });

  it('takes a line longer than a page that arrives in many pieces', async () => {
    const text = goodRows(3) + line({ id: 10, name: 'x'.repeat(3 * 1024 * 1024) }).replace('}', ',"score":null,"n":null,"raw":null,"note":null}') + goodRows(3, 20);
    const bulk = await load(text, { bulk: true, chunk: 16 * 1024 });
    expect(bulk.count).toBe(7);
    expect(bulk.rows).toEqual((await load(text, { bulk: false })).rows);
  });

  // Pages SQLite cannot vouch for are loaded line by line, exactly as before.
  const unusual: [string, string][] = [
    ['a repeated key (the last one counts)', '{"id":1,"name":"first","name":"last","score":1,"n":1,"raw":null,"note":null}\n'],
    ['a number in a TEXT column', '{"id":1,"name":5,"score":1,"n":1,"raw":null,"note":2.5}\n'],
    ['an integer in a BLOB column', '{"id":1,"name":"a","score":1,"n":1,"raw":7,"note":null}\n'],
    ['tagged blobs and big integers', '{"id":1,"name":"a","score":null,"n":{"$int":"-9223372036854775808"},"raw":{"$blob":"AAEC/w=="},"note":null}\n'],
    ['Windows line ends and blank lines', '{"id":1,"name":"a","score":1,"n":1,"raw":null,"note":null}\r\n\n  \n{"id":2,"name":"b","score":1,"n":1,"raw":null,"note":null}\r\n'],
    ['a row without its nullable columns', '{"id":1,"name":"a"}\n'],
    ['spaces around a row', ' {"id":1,"name":"a","score":1,"n":1,"raw":null,"note":null} \n'],
    ['an escaped NUL', '{"id":1,"name":"a\\u0000b","score":1,"n":1,"raw":null,"note":null}\n'],
    ['an escaped lone surrogate', '{"id":1,"name":"a","score":1,"n":1,"raw":null,"note":"\\ud800"}\n'],
    ['bytes that are not UTF-8', '{"id":1,"name":"a<FF>","score":1,"n":1,"raw":null,"note":null}\n'],
    ['no newline after the last row', '{"id":1,"name":"a","score":1,"n":1,"raw":null,"note":null}'],
  ];
  for (const [what, lines] of unusual) {
    it(`loads ${what} line by line, as before`, async () => {
      const text = goodRows(50) + lines.replaceAll('"id":1,', '"id":1001,').replaceAll('"id":2,', '"id":1002,');
      // <FF>: a byte that cannot be in UTF-8 (read as U+FFFD, as before).
      const bytes = Buffer.concat(text.split('<FF>').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xff]), Buffer.from(part)])));
      const bulk = await load(bytes, { bulk: true });
      const careful = await load(bytes, { bulk: false });
      expect(bulk.rows).toEqual(careful.rows);
      expect(bulk.count).toBe(careful.count);
      if (!what.startsWith('no newline')) expect(bulk.careful).toBe(1);
    });
  }

  // A wrong line after pages already loaded in bulk: refused, naming the table and the line.
  const before = goodRows(9000); // about 2.6 MB: two pages went in whole before the wrong line
  const at = 9001;
  // Each wrong row has every column, so only the check meant for it can stop it in bulk.
  const all = '"score":null,"n":null,"raw":null,"note":null';
  const wrong: [string, string, RegExp][] = [
    ['cut short', `{"id":9001,"name":"a",${all}`, /a line of table notes is not valid JSON/],
    ['JSON5, which SQLite alone would take', `{id:9001,name:'a',score:null,n:null,raw:null,note:null,}`, /a line of table notes is not valid JSON/],
    ['not an object', '[9001,"a"]', /a row of notes is not an object/],
    ['a boolean', `{"id":9001,"name":true,${all}}`, /a row of notes has a value in "name" that is not text, a number, null or a tagged blob/],
    ['an array', `{"id":9001,"name":["a"],${all}}`, /a row of notes has a value in "name" that is not text/],
    ['an object that is not a tag', `{"id":9001,"name":{"a":1},${all}}`, /a row of notes has a value in "name" that is not text/],
    ['a column the table lacks', `{"id":9001,"name":"a",${all},"evil":"1; DROP TABLE notes"}`, /a row of notes has a column "evil" the table does not have/],
    ['a null where the table needs a value', `{"id":9001,"name":null,${all}}`, /a row of notes does not fit the table \(NOT NULL constraint failed: notes.name\)/],
    ['a repeated primary key', `{"id":17,"name":"a",${all}}`, /a row of notes does not fit the table \(UNIQUE constraint failed: notes.id\)/],
    // Two objects on one line, and one object over two lines: as many objects as lines in all.
    ['objects not one a line', `{"id":9001,"name":"a",${all}},{"id":9002,"name":"b",${all}}\n{"id":9003,"name":"c","score":null,"n":null,"raw":null,"note":[1\n2]}`, /a line of table notes is not valid JSON/],
    // The same, with a row SQLite would leave out, so that it inserts as many rows as lines.
    ['two objects on one line, beside a row SQLite leaves out', `{"id":9001,"name":"a",${all}},{"id":9002,"name":"b",${all}}\n{"id":9003,"name":true,${all}}`, /a line of table notes is not valid JSON/],
    // One line as two objects, two lines as one: each object whole and right, as many as lines.
    ['a row cut over two lines, beside two rows on one', `{"id":9001,"name":"a",${all}},{"id":9002,"name":"b",${all}}\n{"id":9003,"name":"c","score":null\n"n":null,"raw":null,"note":null}`, /a line of table notes is not valid JSON/],
  ];
  for (const [what, bad, message] of wrong) {
    it(`refuses a row: ${what}`, async () => {
      const text = `${before}${bad}\n${goodRows(10, 20_000)}`;
      const refused = await refusal(text);
      expect(refused).toMatch(message);
      expect(refused).toMatch(new RegExp(`\\(line ${at}\\)`));
    });
  }

  // A full disk is not the file's fault: it must not be reported as a wrong row.
  for (const bulk of [true, false]) {
    it(`gives a full database back as SQLite's "full", not as a wrong row (${bulk ? 'in bulk' : 'line by line'})`, async () => {
      const db = database();
      db.pragma('max_page_count = 20'); // a real SQLITE_FULL, as when the disk has no room
      try {
        const loader = new TableLoader(db, 'notes', { bulk });
        const failed = await pipeline(Readable.from([Buffer.from(goodRows(3_000))]), loader.sink()).then(
          () => undefined,
          (error: unknown) => error as Error & { code?: string },
        );
        expect(failed?.code).toBe('SQLITE_FULL');
        expect(failed?.message).not.toMatch(/cannot be imported/);
      } finally {
        db.close();
      }
    });
  }
});
