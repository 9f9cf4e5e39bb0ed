import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import { redactText } from '../platform/redact';
import type { AppliedMigration, BundledMigration } from './migrations';
import { compareMigrations } from './migrations';

/** Marks our files (PRAGMA application_id), so a foreign SQLite file is never migrated. */
export const PROMOGPT_APPLICATION_ID = 0x50474d54; // "PGMT"
const MIGRATIONS_TABLE = '__promogpt_migrations';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Which database, in the user's words: "the app database", "workspace Acme's database". */
  label: string;
  migrations: BundledMigration[];
  /** Path to a better-sqlite3 binary built for another runtime (Electron). */
  nativeBinding?: string;
  now?: () => Date;
}

function refuse(file: string, label: string, reason: string, todo: string): AppError {
  return new AppError('DatabaseRefused', `${label} (${redactText(file)}) ${reason}. It was left untouched. ${todo}`, { reason });
}

/**
 * Checks an existing file without writing to it: a SQLite file, ours, and from a schema
 * history this version knows. Throws DatabaseRefused otherwise.
 */
function inspectExisting(file: string, opts: OpenOptions): void {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw refuse(file, opts.label, 'is not a file', 'Move it away, then start PromoGPT again.');
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  const notSqlite = 'is not a SQLite database (the file is damaged or something else)';
  const restore = 'Move it away or restore it from a backup, then start PromoGPT again.';
  if (!header.equals(SQLITE_HEADER)) throw refuse(file, opts.label, notSqlite, restore);

  // A read-only look at a WAL database still creates -wal/-shm files: remove the ones we made.
  const sideFiles = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
    const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n;
    if (appId !== PROMOGPT_APPLICATION_ID && (appId !== 0 || tableCount > 0)) {
      throw refuse(file, opts.label, 'is a SQLite database of another program', 'Move it away, then start PromoGPT again.');
    }
    if (!hasTable) return;
    const applied = db.prepare(`SELECT idx, tag, hash FROM ${MIGRATIONS_TABLE} ORDER BY idx`).all() as AppliedMigration[];
    const verdict = compareMigrations(applied, opts.migrations);
    if (verdict.kind === 'newer') {
      throw refuse(
        file,
        opts.label,
        `was written by a newer version of PromoGPT (schema ${verdict.applied}; this version knows ${verdict.known})`,
        'Update PromoGPT to open it.',
      );
    }
    if (verdict.kind === 'diverged') {
      throw refuse(
        file,
        opts.label,
        `has a schema history this version does not know (step ${verdict.idx} is '${verdict.appliedTag}', expected '${verdict.bundledTag}')`,
        'Open it with the PromoGPT version that wrote it, or restore a backup.',
      );
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(file, opts.label, notSqlite, restore);
  } finally {
    db?.close();
    for (const f of sideFiles) fs.rmSync(f, { force: true });
  }
}

/** Opens (creating if absent) a PromoGPT database and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions): Database.Database {
  const exists = fs.existsSync(file);
  if (exists) inspectExisting(file, opts);
  else fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });

  const db = new Database(file, { nativeBinding: opts.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, opts);
  } catch (error) {
    db.close();
    if (!exists) removeQuietly(file);
    throw error;
  }
  return db;
}

function applyMigrations(db: Database.Database, opts: OpenOptions): void {
  const now = opts.now ?? (() => new Date());
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = db.prepare(`SELECT idx, tag, hash FROM ${MIGRATIONS_TABLE} ORDER BY idx`).all() as AppliedMigration[];
    const verdict = compareMigrations(applied, opts.migrations);
    // inspectExisting already refused these; a second writer could have raced us here.
    if (verdict.kind !== 'ok') throw new AppError('DatabaseRefused', `${opts.label} changed while opening; try again.`);
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)`);
    for (const m of verdict.pending) {
      for (const statement of m.statements) db.exec(statement);
      record.run(m.idx, m.tag, m.hash, now().toISOString());
    }
    db.pragma(`application_id = ${PROMOGPT_APPLICATION_ID}`);
    db.pragma(`user_version = ${opts.migrations.length}`);
  }).immediate();
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}
