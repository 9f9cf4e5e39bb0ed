import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadBundledMigrations } from '../../../src-main/core/db/migrations';
import { openDatabase } from '../../../src-main/core/db/open';
import { tempDir } from '../../helpers/core';

type Schema = Record<string, Record<string, string>>; // table → column → "TYPE [NOT NULL] [PK]"

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function schemaOf(kind: 'app' | 'workspace'): Schema {
  const file = path.join(tempDir(), `${kind}.db`);
  const db: Database.Database = openDatabase(file, { label: kind, migrations: loadBundledMigrations(path.join(ROOT, 'migrations', kind)) });
  const schema: Schema = {};
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  for (const { name } of tables) {
    const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
    schema[name] = Object.fromEntries(cols.map((c) => [c.name, [c.type, c.notnull ? 'NOT NULL' : '', c.pk ? 'PK' : ''].filter(Boolean).join(' ')]));
  }
  db.close();
  return schema;
}

describe.each(['app', 'workspace'] as const)('the %s database schema', (kind) => {
  const snapshotFile = path.join(ROOT, 'tests', 'fixtures', 'schema', `${kind}.json`);

  it('never loses or changes a table or column that a released version had', () => {
    const current = schemaOf(kind);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') fs.writeFileSync(snapshotFile, `${JSON.stringify(current, null, 2)}\n`);
    const recorded = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as Schema;

    const lost: string[] = [];
    for (const [table, cols] of Object.entries(recorded)) {
      if (!current[table]) lost.push(`table ${table}`);
      else for (const [col, def] of Object.entries(cols)) if (current[table][col] !== def) lost.push(`${table}.${col} (${def} → ${current[table][col] ?? 'gone'})`);
    }
    expect(lost, 'A migration dropped, renamed or changed these. Shipped data would be lost: add a new column instead.').toEqual([]);

    const added = Object.entries(current).flatMap(([t, cols]) => Object.keys(cols).filter((c) => !recorded[t]?.[c]).map((c) => `${t}.${c}`));
    expect(added, 'New schema: record it with UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/unit/core/schema-snapshot.test.ts').toEqual([]);
  });
});
