import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledMigrations } from '../../../src-main/core/db/migrations';
import { openDatabase } from '../../../src-main/core/db/open';
import { tempDir } from '../../helpers/core';
import type { World } from '../posts/scheduling-kit';
import { dataFolder, exportAndWait, filledWorld, importAndWait } from './kit';
import { dataOffset, declareSize, flipByte, patchBytes, readAll, writeAll, type RawEntry } from './hostile-zip';

let w: World;
let dir: string;
let good: string;
let encrypted: string;
let entries: RawEntry[];
const PASS = 'a long enough passphrase';

beforeAll(async () => {
  w = await filledWorld();
  dir = tempDir('promogpt-bad-');
  good = path.join(dir, 'good.promogpt');
  encrypted = path.join(dir, 'good-encrypted.promogpt');
  expect((await exportAndWait(w.core, { workspaceId: w.workspaceId, out: good })).state).toBe('succeeded');
  expect((await exportAndWait(w.core, { workspaceId: w.workspaceId, out: encrypted, passphrase: PASS })).state).toBe('succeeded');
  entries = await readAll(good);
}, 120_000);
afterAll(async () => w.close());

let n = 0;
function copyOf(file: string): string {
  const out = path.join(dir, `bad-${++n}.promogpt`);
  fs.copyFileSync(file, out);
  return out;
}

async function rebuilt(change: (entries: RawEntry[]) => RawEntry[]): Promise<string> {
  const out = path.join(dir, `bad-${++n}.promogpt`);
  await writeAll(out, change(entries.map((e) => ({ ...e }))));
  return out;
}

/** Imports, expecting a refusal; proves that nothing in the data folder changed. */
async function refusal(file: string, passphrase?: string): Promise<string> {
  const before = dataFolder(w.core);
  const workspaces = await w.core.call('workspace.list', {});
  let message: string;
  try {
    const job = await importAndWait(w.core, file, passphrase);
    expect(job.state, `expected a refusal, got ${JSON.stringify(job)}`).toBe('failed');
    message = job.error!.message;
  } catch (error) {
    message = (error as Error).message;
  }
  expect(dataFolder(w.core)).toEqual(before);
  expect(await w.core.call('workspace.list', {})).toEqual(workspaces);
  expect(fs.readdirSync(w.core.layout.workspaces).filter((f) => f.startsWith('.'))).toEqual([]);
  return message;
}

const media = () => entries.find((e) => e.name.includes('/media/') && !e.compress)!.name;

describe('import refuses bad files, writing nothing', () => {
  it('a truncated file', async () => {
    const file = copyOf(good);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    expect(await refusal(file)).toMatch(/cannot be imported: it is not a complete export file/);
  });

  it('a truncated encrypted file', async () => {
    const file = copyOf(encrypted);
    fs.truncateSync(file, fs.statSync(file).size - 100);
    expect(await refusal(file, PASS)).toMatch(/damaged or was changed/);
  });

  it('a bit flipped in a table', async () => {
    const file = copyOf(good);
    const at = await dataOffset(file, 'workspaces/0/tables/posts.ndjson');
    flipByte(file, at.start + Math.floor(at.size / 2));
    expect(await refusal(file)).toMatch(/cannot be imported: .*(posts\.ndjson|data line|damaged)/);
  });

  it('a bit flipped in a media file', async () => {
    const file = copyOf(good);
    const at = await dataOffset(file, media());
    flipByte(file, at.start + Math.floor(at.size / 2));
    expect(await refusal(file)).toMatch(/does not match its checksum/);
  });

  it('a bit flipped in an encrypted file', async () => {
    const file = copyOf(encrypted);
    flipByte(file, Math.floor(fs.statSync(file).size / 2));
    expect(await refusal(file, PASS)).toMatch(/damaged or was changed after it was made/);
  });

  it('a media file damaged on disk after the library stored it (its name, the sha256, no longer fits)', async () => {
    const wsDir = w.core.layout.workspaceDir(w.workspaceId);
    const rel = [...fs.readdirSync(path.join(wsDir, 'media'), { recursive: true, encoding: 'utf8' })].find((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.\w+$/.test(f))!;
    expect(rel, 'a content-addressed media file').toBeDefined();
    const stored = path.join(wsDir, 'media', rel);
    const original = fs.readFileSync(stored);
    const out = path.join(dir, `bad-${++n}.promogpt`);
    try {
      flipByte(stored, Math.floor(original.length / 2));
      expect((await exportAndWait(w.core, { workspaceId: w.workspaceId, out })).state).toBe('succeeded');
    } finally {
      fs.writeFileSync(stored, original);
    }
    expect(await refusal(out)).toMatch(new RegExp(`media/${rel.replace('.', '\\.')}" does not match its checksum`));
  });

  it('a wrong passphrase, and none', async () => {
    expect(await refusal(encrypted, 'not the passphrase')).toMatch(/The passphrase is wrong/);
    expect(await refusal(encrypted)).toMatch(/encrypted: give its passphrase/);
  });

  it('a manifest from a newer format', async () => {
    const file = await rebuilt((es) =>
      es.map((e) => (e.name === 'manifest.json' ? { ...e, data: Buffer.from(JSON.stringify({ ...JSON.parse(e.data.toString()), formatVersion: 2 })) } : e)),
    );
    expect(await refusal(file)).toMatch(/made by a newer PromoGPT \(export format 2.*Update PromoGPT/);
  });

  it('a newer workspace schema', async () => {
    const file = await rebuilt((es) =>
      es.map((e) => {
        if (e.name !== 'manifest.json') return e;
        const m = JSON.parse(e.data.toString());
        m.schema.workspace.push({ idx: m.schema.workspace.length, tag: '9999_future', hash: 'f'.repeat(64) });
        return { ...e, data: Buffer.from(JSON.stringify(m)) };
      }),
    );
    expect(await refusal(file)).toMatch(/newer PromoGPT \(workspace schema/);
  });

  for (const [label, name, says] of [
    ['a ../ name', '../../x', /points outside the import folder/],
    ['an absolute name', '/etc/xx', /has an absolute path/],
    ['a backslash name', 'a\\b\\cd', /has a backslash in its name/],
  ] as const) {
    it(`zip slip: ${label}`, async () => {
      const placeholder = 'Q'.repeat(name.length);
      const file = await rebuilt((es) => [{ name: placeholder, data: Buffer.from('boom') }, ...es]);
      patchBytes(file, placeholder, name);
      expect(await refusal(file)).toMatch(says);
    });
  }

  it('a symlink entry', async () => {
    const file = await rebuilt((es) => [...es, { name: 'workspaces/0/media/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]);
    expect(await refusal(file)).toMatch(/is a symbolic link/);
  });

  it('a zip bomb', async () => {
    const file = await rebuilt((es) => [...es, { name: 'workspaces/0/media/zeros.bin', data: Buffer.alloc(64 * 1024 * 1024) }]);
    expect(fs.statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    expect(await refusal(file)).toMatch(/would expand \d+ times \(a "zip bomb"\)/);
  });

  it('duplicate entries', async () => {
    const file = await rebuilt((es) => [...es, es.find((e) => e.name.endsWith('posts.ndjson'))!]);
    expect(await refusal(file)).toMatch(/appears twice/);
  });

  it('an entry the manifest does not list', async () => {
    const file = await rebuilt((es) => [...es, { name: 'workspaces/0/media/extra.txt', data: Buffer.from('hi') }]);
    expect(await refusal(file)).toMatch(/manifest does not list/);
  });

  it('an unknown kind of entry', async () => {
    const file = await rebuilt((es) => [...es, { name: 'autorun.sh', data: Buffer.from('hi') }]);
    expect(await refusal(file)).toMatch(/(does not know|does not list)/);
  });

  // The manifest says the same size, so only the bytes that come out can tell.
  for (const [label, change, says] of [
    ['more than its declared size', -100, /posts\.ndjson.*is damaged \(it inflates to more than the \d+ bytes its zip entry declares\)/],
    ['less than its declared size', +100, /posts\.ndjson.*is damaged \(it inflates to \d+ bytes, not the \d+ its zip entry declares\)/],
  ] as const) {
    it(`a table that inflates to ${label}`, async () => {
      const name = 'workspaces/0/tables/posts.ndjson';
      const real = entries.find((e) => e.name === name)!.data.length;
      const file = await rebuilt((es) =>
        es.map((e) => {
          if (e.name !== 'manifest.json') return e;
          const manifest = JSON.parse(e.data.toString()) as { entries: Record<string, { size: number }> };
          manifest.entries[name]!.size = real + change;
          return { ...e, data: Buffer.from(JSON.stringify(manifest)) };
        }),
      );
      declareSize(file, name, real + change);
      expect(await refusal(file)).toMatch(says);
    });
  }

  it('an entry the manifest lists but the file lacks', async () => {
    const file = await rebuilt((es) => es.filter((e) => !e.name.endsWith('posts.ndjson')));
    expect(await refusal(file)).toMatch(/posts\.ndjson.*is missing/);
  });

  it('a row that does not fit its table', async () => {
    // A consistent file (manifest sizes and hashes updated) whose row has a column the table lacks.
    const file = await rebuilt((es) => {
      const name = 'workspaces/0/tables/workspace_settings.ndjson';
      const changed = es.map((e) => (e.name === name ? { ...e, data: Buffer.concat([e.data, Buffer.from('{"nope":1}\n')]) } : e));
      const data = changed.find((e) => e.name === name)!.data;
      return changed.map((e) => {
        if (e.name !== 'manifest.json') return e;
        const m = JSON.parse(e.data.toString());
        m.entries[name] = { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
        return { ...e, data: Buffer.from(JSON.stringify(m)) };
      });
    });
    expect(await refusal(file)).toMatch(/a row of workspace_settings has a column "nope" the table does not have/);
  });

  it('a wrong row deep in a big table, after whole pages of it went in (in bulk)', async () => {
    const name = 'workspaces/0/tables/audit_log.ndjson';
    let lines = 0;
    const file = await rebuilt((es) => {
      const good = es.find((e) => e.name === name)!.data;
      const row = (i: number, extra = '') => `{"id":${100_000 + i},"at":"2026-01-01T00:00:00.000Z","actor":"bench","action":"note","detail":"row ${i} é 😀"${extra}}\n`;
      let more = '';
      for (let i = 0; i < 12_000; i++) more += row(i, i === 11_000 ? ',"evil":1' : '');
      const data = Buffer.concat([good, Buffer.from(more)]);
      lines = data.toString().split('\n').length - 1;
      const changed = es.map((e) => (e.name === name ? { ...e, data } : e));
      return changed.map((e) => {
        if (e.name !== 'manifest.json') return e;
        const m = JSON.parse(e.data.toString());
        m.entries[name] = { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
        m.workspaces[0].counts.audit_log = lines;
        return { ...e, data: Buffer.from(JSON.stringify(m)) };
      });
    });
    const line = lines - 12_000 + 11_001;
    expect(await refusal(file)).toMatch(new RegExp(`a row of audit_log has a column "evil" the table does not have \\(line ${line}\\)`));
  });

  it('a file that is not a zip', async () => {
    const file = path.join(dir, 'notes.promogpt');
    fs.writeFileSync(file, 'just some text, renamed\n');
    expect(await refusal(file)).toMatch(/is not a PromoGPT export/);
  });

  it('a missing file', async () => {
    expect(await refusal(path.join(dir, 'nowhere.promogpt'))).toMatch(/There is no file at/);
  });
});

describe('staging folders', () => {
  it('a dead import’s folder is swept at the next start; a live process’s folder is left alone', async () => {
    const { testCore } = await import('../../helpers/core');
    const dataDir = tempDir();
    const workspaces = path.join(dataDir, 'workspaces');
    fs.mkdirSync(workspaces, { recursive: true });
    fs.mkdirSync(path.join(workspaces, '.importing-999999999-dead'));
    fs.mkdirSync(path.join(workspaces, `.importing-${process.ppid}-live`));
    const core = testCore({ dataDir });
    try {
      expect(fs.readdirSync(workspaces).sort()).toEqual([`.importing-${process.ppid}-live`]);
    } finally {
      core.close();
    }
  });
});

describe('an export from an older PromoGPT', () => {
  // As PromoGPT wrote it before 0006_media_loudness: the migrations up to 0005, no loudness
  // column, and none of the tables later migrations added.
  const OLDER = 6;
  const tablesAt = (migrations: number) => {
    const db = openDatabase(path.join(tempDir(), 'older.db'), { label: 'workspace', migrations: loadBundledMigrations(path.resolve(import.meta.dirname, '../../../migrations/workspace')).slice(0, migrations) });
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__promogpt%'`).all() as { name: string }[]).map((r) => r.name);
    db.close();
    return new Set(names);
  };
  const tableOf = (entry: string) => /\/tables\/([a-z_0-9]+)\.ndjson$/.exec(entry)?.[1];

  /** Columns that later migrations added to the older tables (other than media_items' loudness). */
  const LATER_COLUMNS: Record<string, string[]> = { jobs: ['concurrency_key'] };

  /** The good export as an older version wrote it; `rows` gives media_items' rows. */
  const olderExport = (rows: () => Buffer) =>
    rebuilt((es) => {
      const known = tablesAt(OLDER);
      const asOlder = (e: { name: string; data: Buffer }) => {
        const table = tableOf(e.name);
        if (table === 'media_items') return { ...e, data: rows() };
        return table && LATER_COLUMNS[table] ? { ...e, data: withoutColumns(e.data, LATER_COLUMNS[table]) } : e;
      };
      const kept = es.filter((e) => {
        const table = tableOf(e.name);
        return !table || known.has(table);
      }).map(asOlder);
      return kept.map((e) => {
        if (e.name !== 'manifest.json') return e;
        const m = JSON.parse(e.data.toString());
        m.schema.workspace = m.schema.workspace.slice(0, OLDER);
        expect(m.schema.workspace.at(-1).tag).toBe('0005_media_renders');
        for (const name of Object.keys(m.entries)) {
          const table = tableOf(name);
          const data = kept.find((k) => k.name === name)?.data;
          if (table && !known.has(table)) delete m.entries[name];
          else if (data) m.entries[name] = { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
        }
        for (const ws of m.workspaces) for (const table of Object.keys(ws.counts)) if (!known.has(table)) delete ws.counts[table];
        return { ...e, data: Buffer.from(JSON.stringify(m)) };
      });
    });

  it('is imported at its schema version and migrated forward', async () => {
    const job = await importAndWait(w.core, await olderExport(olderMediaRows));
    expect(job.error).toBeNull();
    const id = job.imported![0]!.id;
    const items = await w.core.call('media.list', { workspaceId: id });
    expect(items.length).toBe(entries.find((e) => e.name.endsWith('/media_items.ndjson'))!.data.toString().trim().split('\n').length);
    expect(items.every((i) => i.loudnessLufs === null && i.captions.length === 0)).toBe(true);
    const applied = w.core.workspaces.db(id).sqlite.prepare('SELECT tag FROM __promogpt_migrations ORDER BY idx').all() as { tag: string }[];
    expect(applied.length).toBe(loadBundledMigrations(path.resolve(import.meta.dirname, '../../../migrations/workspace')).length);
  });

  it('is read at its own schema: a column that came later is refused', async () => {
    // Says "before 0006", but the rows still have loudness_lufs.
    const asWritten = () => entries.find((e) => e.name.endsWith('/media_items.ndjson'))!.data;
    expect(await refusal(await olderExport(asWritten))).toMatch(/a row of media_items has a column "loudness_lufs" the table does not have/);
  });
});

function olderMediaRows(): Buffer {
  return withoutColumns(entries.find((e) => e.name.endsWith('/media_items.ndjson'))!.data, ['loudness_lufs']);
}

/** NDJSON rows without the given columns. */
function withoutColumns(ndjson: Buffer, columns: string[]): Buffer {
  const rows = ndjson.toString().split('\n').filter((l) => l !== '');
  return Buffer.from(
    rows
      .map((l) => {
        const row = JSON.parse(l) as Record<string, unknown>;
        for (const c of columns) delete row[c];
        return `${JSON.stringify(row)}\n`;
      })
      .join(''),
  );
}
