import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeValue } from '../../../src-main/core/data/bundle-format';
import { WorkspaceSnapshot } from '../../../src-main/core/data/snapshot';

// The export's NDJSON is written by SQLite (json_object, a page of rows at a time); these pin
// that it says exactly what the rows hold, as the format (docs/export-format.md) promises.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-ndjson-'));
const file = path.join(dir, 'w.db');
const db = new Database(file);
db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n REAL, k INTEGER, b BLOB, secret_ref TEXT);
  CREATE TABLE w (a TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;`);
const insert = db.prepare('INSERT INTO t (name, n, k, b, secret_ref) VALUES (?, ?, ?, ?, ?)');
const texts = ['plain', 'é ü ß — 😀 中文', 'quote " backslash \\ newline \n tab \t', '{"$hex":"00"} as text', '\u2028\u2029', ''];
db.transaction(() => {
  for (let i = 0; i < 30_000; i++) {
    insert.run(`${texts[i % texts.length]} ${i}`, i % 7 === 0 ? null : i / 3, i * 1000, i % 1000 === 0 ? Buffer.from([0, 255, i % 256]) : null, `keychain:${i}`);
  }
  db.prepare('INSERT INTO w (a, v) VALUES (?, ?)').run('x', 1);
  db.prepare('INSERT INTO w (a, v) VALUES (?, ?)').run('é', 2);
})();
db.close();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

describe('a table as NDJSON', () => {
  it('holds every row, in rowid order, with the values SQLite holds (text, numbers, null, blobs), columns replaced where asked', async () => {
    const snapshot = new WorkspaceSnapshot(file);
    const stream = snapshot.ndjson('t', { secret_ref: null });
    const lines = (await text(stream)).split('\n');
    expect(lines.pop()).toBe(''); // every line ends with a newline
    expect(stream.rows).toBe(30_000);
    expect(lines.length).toBe(30_000);
    const check = new Database(file, { readonly: true });
    const rows = check.prepare('SELECT * FROM t ORDER BY rowid').all() as Record<string, unknown>[];
    check.close();
    for (const [i, line] of lines.entries()) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['id', 'name', 'n', 'k', 'b', 'secret_ref']);
      const decoded = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, decodeValue(v)]));
      expect(decoded).toEqual({ ...rows[i], secret_ref: null });
    }
    expect(lines.filter((l) => l.includes('"$blob"')).length).toBe(30);
    snapshot.close();
  });

  it('reads a WITHOUT ROWID table too', async () => {
    const snapshot = new WorkspaceSnapshot(file);
    const stream = snapshot.ndjson('w');
    expect(await text(stream)).toBe('{"a":"x","v":1}\n{"a":"é","v":2}\n');
    expect(stream.rows).toBe(2);
    snapshot.close();
  });
});
