import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/app';
import { memorySecretStore } from '../../src-main/core/platform/secrets';
import { AppError } from '../../src-shared/errors';
import { snapshotFiles, tempDir, testCore } from '../helpers/core';

const opened: { close(): void }[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

function openCore(dataDir: string) {
  const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
  opened.push(core);
  return core;
}

function expectRefused(dataDir: string, reason: string, says: RegExp) {
  const before = snapshotFiles(dataDir);
  let error: unknown;
  try {
    openCore(dataDir);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).name).toBe('DatabaseRefused');
  expect((error as AppError).details).toEqual({ reason: expect.stringContaining(reason) });
  expect((error as AppError).message).toMatch(says);
  expect((error as AppError).message).toContain('left untouched');
  expect(snapshotFiles(dataDir)).toEqual(before);
}

/** A data dir with a real app.db made by the current version. */
function existingDataDir(): string {
  const core = testCore();
  core.close();
  return core.dataDir;
}

describe('opening databases', () => {
  it('creates app.db with WAL, foreign keys and every bundled migration', () => {
    const dir = tempDir();
    openCore(dir).close();
    const db = new Database(path.join(dir, 'app.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT tag FROM __promogpt_migrations ORDER BY idx').all()).toEqual([{ tag: '0000_init' }]);
    db.close();
  });

  it('reopens its own database without changing the schema history', () => {
    const dir = existingDataDir();
    openCore(dir).close();
    const db = new Database(path.join(dir, 'app.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM __promogpt_migrations').get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'app.db'), 'these are my notes, not a database\n'.repeat(100));
    expectRefused(dir, 'not a SQLite database', /not a SQLite database/);
  });

  it('refuses a SQLite file whose pages are corrupted', () => {
    const dir = existingDataDir();
    const file = path.join(dir, 'app.db');
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 100); // keep the header, ruin everything after it
    fs.writeFileSync(file, bytes);
    expectRefused(dir, 'not a SQLite database', /damaged/);
  });

  it('refuses an empty file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'app.db'), '');
    expectRefused(dir, 'not a SQLite database', /not a SQLite database/);
  });

  it('refuses a database written by a newer version', () => {
    const dir = existingDataDir();
    const db = new Database(path.join(dir, 'app.db'));
    db.prepare(`INSERT INTO __promogpt_migrations VALUES (1, '0001_from_the_future', 'abc', '2030-01-01')`).run();
    db.close();
    expectRefused(dir, 'newer version', /newer version of PromoGPT \(schema 2; this version knows 1\)\. .*Update PromoGPT/);
  });

  it('refuses a database whose applied migrations are not a prefix of ours', () => {
    const dir = existingDataDir();
    const db = new Database(path.join(dir, 'app.db'));
    db.prepare(`UPDATE __promogpt_migrations SET hash = 'edited' WHERE idx = 0`).run();
    db.close();
    expectRefused(dir, 'schema history', /schema history this version does not know/);
  });

  it('refuses the SQLite database of another program', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'app.db'));
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();
    expectRefused(dir, 'another program', /another program/);
  });

  it('refuses a damaged workspace database with its name in the message, leaving the others usable', async () => {
    const core = testCore();
    const acme = await core.call('workspace.create', { name: 'Acme' });
    await core.call('workspace.create', { name: 'Globex' });
    core.close();
    fs.writeFileSync(path.join(core.dataDir, 'workspaces', acme.id, 'workspace.db'), 'garbage');
    const again = openCore(core.dataDir);
    expect(() => again.workspaces.db(acme.id)).toThrow(/workspace "Acme".*not a SQLite database/);
    expect((await again.call('workspace.list', {})).map((w) => w.name)).toEqual(['Acme', 'Globex']);
  });
});
