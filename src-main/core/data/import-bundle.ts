import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type yauzl from 'yauzl';
import type { Workspace } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { recordSecurityEvent } from '../app/security-log';
import type { AppDb } from '../db/app-db';
import { compareMigrations, loadBundledMigrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { securityEvents, workspaces as workspacesTable } from '../db/schema/app';
import type { EventBus } from '../events';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import type { DataLayout } from '../platform/paths';
import type { Workspaces } from '../workspace/workspaces';
import { classifyEntry, FORMAT_NAME, FORMAT_VERSION, LIMITS, MANIFEST, manifestSchema, RECONNECT_REASON, refuseFile, type Manifest, type ManifestWorkspace } from './bundle-format';
import { ENCRYPTED_MAGIC } from './encryption';
import { holdSchedule } from './hold-schedule';
import type { Progress } from './export-writer';
import { CopyFailed, MediaCopier } from './media-copier';
import { hasTable, TableLoader } from './table-rows';
import { openCheckedZip, openEntry, type CheckedEntry } from './zip-reader';
import { openZipSource } from './zip-source';
import { isDiskFull } from '../platform/disk-full';
import { syncFile, syncFileInBackground, syncFolder } from '../platform/sync-file';

export const STAGING_PREFIX = '.importing-';
const MAX_LINE = 64 * 1024 * 1024;

export interface ImportDeps {
  workspaces: Workspaces;
  appDb: AppDb;
  layout: DataLayout;
  clock: Clock;
  ids: IdGenerator;
  events: EventBus;
  migrationsDir: string;
  nativeBinding?: string;
}

export interface ImportRequest {
  file: string;
  passphrase?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface ImportResult {
  /** heldPosts: posts' copies held because the original workspace is on this computer too (hold-schedule.ts). */
  workspaces: (Workspace & { importedFrom: string; accountsToReconnect: number; heldPosts: number })[];
}

/** What kind of file this is, from its first bytes. */
export function sniffExport(file: string): 'zip' | 'encrypted' {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new AppError('NotFound', `There is no file at ${JSON.stringify(file)}. Check the path.`);
  }
  const head = Buffer.alloc(8);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new AppError('ValidationError', `${JSON.stringify(file)} is not a file.`);
    fs.readSync(fd, head, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.equals(ENCRYPTED_MAGIC)) return 'encrypted';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  throw refuseFile('it is not a PromoGPT export (a .promogpt file is a zip or an encrypted zip; this is neither)');
}

const importCancelled = () => new AppError('Cancelled', 'The import was cancelled; nothing was imported.');
const damagedEntry = (name: string, why: string) => refuseFile(`the entry ${JSON.stringify(name)} is damaged (${why})`);
const notItsChecksum = (name: string) => refuseFile(`the entry ${JSON.stringify(name)} does not match its checksum (the file was damaged or changed)`);

/** Counts and hashes bytes passing through, and stops at a cancel. */
function meter(onBytes: (n: number) => void, signal?: AbortSignal): { stream: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _enc, next) {
      if (signal?.aborted) return next(importCancelled());
      hash.update(chunk);
      onBytes(chunk.length);
      next(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** Splits NDJSON into parsed lines, with a bound on a line's length. */
function lines(onLine: (value: unknown) => void): Writable {
  let rest = '';
  const take = (text: string) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw refuseFile('a data line is not valid JSON');
    }
    onLine(value);
  };
  // A chunk may end inside a multi-byte character: the decoder holds its first bytes back.
  const decoder = new StringDecoder('utf8');
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _enc, done) {
      try {
        const parts = (rest + decoder.write(chunk)).split('\n');
        rest = parts.pop() ?? '';
        if (rest.length > MAX_LINE) throw refuseFile('a data line is longer than 64 MB');
        for (const p of parts) take(p);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    final(done) {
      try {
        take(rest + decoder.end());
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * Imports a .promogpt file as new workspaces, all or nothing: everything is unpacked, checked
 * (every hash, every row, the schema) and migrated in a staging folder beside the workspaces,
 * and moved into place only once all of it is; any problem removes the staging folder.
 */
export async function importBundle(deps: ImportDeps, req: ImportRequest): Promise<ImportResult> {
  const kind = sniffExport(req.file);
  if (kind === 'encrypted' && !req.passphrase) {
    throw new AppError('ValidationError', 'This export is encrypted: give its passphrase to import it.', { field: 'passphrase', needsPassphrase: true });
  }
  fs.mkdirSync(deps.layout.workspaces, { recursive: true, mode: 0o700 });
  // The pid in the name: another PromoGPT process starting meanwhile sweeps only dead imports' folders.
  const staging = path.join(deps.layout.workspaces, `${STAGING_PREFIX}${process.pid}-${randomBytes(8).toString('hex')}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  let zip: yauzl.ZipFile | undefined;
  let unpackedBytes = 0;
  let copier: MediaCopier | undefined;
  try {
    let done = 0;
    const progress = (n: number, total: number) => {
      done += n;
      req.onProgress?.({ doneBytes: done, totalBytes: total });
    };
    // An encrypted file is decrypted where it is read, chunk by chunk, each authenticated first.
    const opened = await openCheckedZip(await openZipSource(req.file, kind === 'encrypted' ? req.passphrase : undefined));
    zip = opened.zip;
    const manifest = await readManifest(zip, opened.entries);
    const bundled = loadBundledMigrations(path.join(deps.migrationsDir, 'workspace'));
    const verdict = compareMigrations(manifest.schema.workspace, bundled);
    if (verdict.kind === 'newer') {
      throw refuseFile(`it was made by a newer PromoGPT (workspace schema ${verdict.applied}; this version knows ${verdict.known}). Update PromoGPT to import it`);
    }
    if (verdict.kind === 'diverged') throw refuseFile(`its workspace schema has a step this version does not know ('${verdict.appliedTag}')`);
    const plan = planEntries(manifest, opened.entries);
    unpackedBytes = [...opened.entries.values()].reduce((s, e) => s + e.entry.uncompressedSize, 0);
    const totalBytes = done + unpackedBytes;
    req.signal?.addEventListener('abort', () => copier?.cancel(), { once: true });
    const prepared: PreparedWorkspace[] = [];
    // The originals still on this computer: their copies must not post what they will post.
    const besideOriginal = new Set(deps.workspaces.list().map((w) => w.id));
    for (const [i, ws] of manifest.workspaces.entries()) {
      const folder = path.join(staging, `ws-${i}`);
      fs.mkdirSync(path.join(folder, 'media'), { recursive: true, mode: 0o700 });
      const read = async (entry: CheckedEntry, sink: Writable) => {
        const expected = manifest.entries[entry.name]!;
        const m = meter((n) => progress(n, totalBytes), req.signal);
        await pipeline(await openEntry(zip as yauzl.ZipFile, entry.entry), m.stream, sink).catch((error: unknown) => {
          if (error instanceof AppError || isDiskFull(error)) throw error;
          throw damagedEntry(entry.name, (error as Error).message);
        });
        if (m.digest() !== expected.sha256) throw notItsChecksum(entry.name);
      };
      /**
       * A stored media entry, copied on the copying thread: read from the export by its place in
       * it. False if that thread could not run (then the entry is streamed here, as any other).
       */
      const copyStored = async (into: MediaCopier, entry: CheckedEntry, target: string): Promise<boolean> => {
        const header = await (zip as yauzl.ZipFile).readLocalFileHeaderPromise(entry.entry, { minimal: true }).catch((error: unknown) => {
          throw damagedEntry(entry.name, (error as Error).message);
        });
        const sha256 = await into.copy(req.file, header.fileDataStart, entry.entry.uncompressedSize, target).catch((error: unknown) => {
          if (!(error instanceof CopyFailed)) return undefined;
          if (error.cancelled && req.signal?.aborted) throw importCancelled();
          if (isDiskFull(error)) throw error;
          throw damagedEntry(entry.name, error.message);
        });
        if (sha256 === undefined) {
          fs.rmSync(target, { force: true });
          return false;
        }
        if (sha256 !== manifest.entries[entry.name]!.sha256) throw notItsChecksum(entry.name);
        return true;
      };
      const mine = plan.get(ws.dir)!;
      let info: Workspace | undefined;
      await read(mine.info, lines((v) => (info = parseWorkspaceInfo(v))));
      const stop = new AbortController();
      const copyMedia = async (files: number) => {
        const queue = [...mine.media];
        // Each file is flushed to the disk once written, while the next is copied; all are on the
        // disk before the folder takes its place (as the media library's own files are).
        const flushed: Promise<void>[] = [];
        const copyOne = async (media: Plan['media'][number]) => {
          const target = path.resolve(folder, media.rel);
          if (!target.startsWith(path.resolve(folder) + path.sep)) throw refuseFile(`the entry ${JSON.stringify(media.entry.name)} points outside its workspace`);
          fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
          if (kind !== 'encrypted' && media.entry.entry.compressionMethod === 0) {
            // On a thread of its own, started for the first such file, while SQLite loads the rows here.
            copier ??= new MediaCopier((n) => progress(n, totalBytes));
            if (await copyStored(copier, media.entry, target)) return;
          }
          await read(media.entry, fs.createWriteStream(target, { mode: 0o600, flags: 'wx' }));
          const flush = syncFileInBackground(target);
          flush.catch(() => undefined); // awaited below; not an unhandled rejection if a copy fails first
          flushed.push(flush);
        };
        let first: { error: unknown } | undefined;
        const copyNext = async (): Promise<void> => {
          for (let media = queue.shift(); media && !stop.signal.aborted; media = queue.shift()) await copyOne(media);
        };
        // The first failure stops the others (after their current file, or at once on the copying
        // thread); it is the one named, not the stops it caused. All have ended when this does.
        await Promise.allSettled(
          Array.from({ length: files }, () =>
            copyNext().catch((error: unknown) => {
              first ??= { error };
              stop.abort();
            }),
          ),
        );
        if (first) throw first.error;
        await Promise.all(flushed);
      };
      stop.signal.addEventListener('abort', () => copier?.cancel(), { once: true });
      const dbFile = path.join(folder, 'workspace.db');
      // A database at the export's schema version: the rows fit it exactly; migrated forward below.
      const db = openDatabase(dbFile, { label: 'The imported workspace database', migrations: bundled.slice(0, manifest.schema.workspace.length), nativeBinding: deps.nativeBinding, now: () => deps.clock.now() });
      // A plain file's media is copied while SQLite loads the rows: on the copying thread, three
      // files asked for at a time so that it never waits for the next. Not an encrypted one: its
      // reader keeps one decrypted chunk, which readers at two places would take turns throwing away.
      const early: Promise<{ error: unknown } | undefined> | undefined = kind !== 'encrypted' ? copyMedia(3).then(() => undefined, (error: unknown) => ({ error })) : undefined;
      const mediaFailure = async () => (await early)?.error ?? new AppError('Internal', 'Copying the media stopped without saying why.');
      try {
        db.pragma('foreign_keys = OFF'); // rows arrive table by table; checked all at once below
        // A staging database is thrown away on any failure: no write-ahead log (every row would be
        // written twice) and no syncs while loading; WAL again, and synced, when it is closed below.
        db.pragma('journal_mode = MEMORY');
        db.pragma('synchronous = OFF');
        db.exec('BEGIN');
        for (const [table, entry] of mine.tables) {
          if (stop.signal.aborted) throw await mediaFailure(); // the media failed: that is the problem to name
          const loader = new TableLoader(db, table);
          await read(entry, loader.sink());
          const counted = loader.count;
          if (counted !== ws.counts[table]) throw refuseFile(`the table ${table} has ${counted} rows but its manifest says ${ws.counts[table]}`);
        }
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw refuseFile(`${broken.length} rows refer to rows that are not in the file`);
        const reconnect = disconnectAccounts(db);
        const held = besideOriginal.has(ws.id) ? holdSchedule(db, deps.clock.now().toISOString()) : 0;
        db.exec('COMMIT');
        db.pragma('journal_mode = WAL');
        const events: SecurityRow[] = [];
        if (mine.events) await read(mine.events, lines((v) => events.push(parseSecurityRow(v))));
        const copied = early ? await early : await copyMedia(1).then(() => undefined);
        if (copied) throw copied.error;
        prepared.push({ ws, info: info!, folder, events, reconnect, held });
      } catch (error) {
        stop.abort();
        await early; // nothing is still writing into the staging folder when it is removed
        throw error;
      } finally {
        db.close();
      }
      // Older exports are brought up to this version's schema with the bundled migrations.
      openDatabase(dbFile, { label: 'The imported workspace database', migrations: bundled, nativeBinding: deps.nativeBinding, now: () => deps.clock.now() }).close();
      // Loaded without syncs (above): one sync now, before the folder is moved into place.
      syncFile(dbFile);
    }
    zip.close();
    zip = undefined;
    if (req.signal?.aborted) throw importCancelled();
    return { workspaces: register(deps, prepared) };
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    const needs = unpackedBytes > 0 ? ` (the import needs about ${Math.ceil(unpackedBytes / 1024 / 1024)} MB there)` : '';
    throw new AppError('Conflict', `The disk of ${JSON.stringify(deps.layout.workspaces)} is full${needs}. Free some space there and import again; nothing was imported.`);
  } finally {
    zip?.close();
    await copier?.close(); // nothing is still writing into the staging folder when it is removed
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function readManifest(zip: yauzl.ZipFile, entries: Map<string, CheckedEntry>): Promise<Manifest> {
  const entry = entries.get(MANIFEST)!.entry;
  if (entry.uncompressedSize > LIMITS.manifestBytes) throw refuseFile('its manifest is larger than any export would write');
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer);
  } catch {
    throw refuseFile('its manifest is damaged');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw refuseFile('its manifest is not valid JSON (the file is damaged)');
  }
  const head = raw as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== FORMAT_NAME) throw refuseFile('its manifest does not describe a PromoGPT export');
  if (typeof head.formatVersion === 'number' && head.formatVersion > FORMAT_VERSION) {
    throw refuseFile(`it was made by a newer PromoGPT (export format ${head.formatVersion}; this version reads format ${FORMAT_VERSION}). Update PromoGPT to import it`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw refuseFile(`its manifest is not valid (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  if (parsed.data.formatVersion !== FORMAT_VERSION) throw refuseFile(`its export format ${parsed.data.formatVersion} is not one this version reads`);
  return parsed.data;
}

interface Plan {
  info: CheckedEntry;
  events?: CheckedEntry;
  tables: Map<string, CheckedEntry>;
  media: { rel: string; entry: CheckedEntry }[];
}

/** Matches the zip's entries with the manifest's, both ways, and sorts them per workspace. */
function planEntries(manifest: Manifest, entries: Map<string, CheckedEntry>): Map<string, Plan> {
  const dirs = new Set(manifest.workspaces.map((w) => w.dir));
  if (dirs.size !== manifest.workspaces.length) throw refuseFile('its manifest lists a workspace twice');
  for (const name of Object.keys(manifest.entries)) {
    if (!entries.has(name)) throw refuseFile(`the entry ${JSON.stringify(name.slice(0, 120))} listed in its manifest is missing (the file is incomplete)`);
  }
  const plans = new Map<string, Partial<Plan> & Pick<Plan, 'tables' | 'media'>>();
  for (const dir of dirs) plans.set(dir, { tables: new Map(), media: [] });
  for (const [name, entry] of entries) {
    if (name === MANIFEST) continue;
    const listed = manifest.entries[name];
    if (!listed) throw refuseFile(`it holds an entry its manifest does not list: ${JSON.stringify(name.slice(0, 120))}`);
    if (listed.size !== entry.entry.uncompressedSize) throw refuseFile(`the entry ${JSON.stringify(name.slice(0, 120))} has another size than its manifest says`);
    const kind = classifyEntry(name);
    const plan = plans.get(kind.dir);
    if (!plan) throw refuseFile(`the entry ${JSON.stringify(name.slice(0, 120))} belongs to no workspace of the manifest`);
    if (kind.kind === 'workspace-info') plan.info = entry;
    else if (kind.kind === 'security-events') plan.events = entry;
    else if (kind.kind === 'table') plan.tables.set(kind.table, entry);
    else plan.media.push({ rel: kind.rel, entry });
  }
  for (const ws of manifest.workspaces) {
    const plan = plans.get(ws.dir)!;
    if (!plan.info) throw refuseFile(`workspace "${ws.name}" has no workspace.json`);
    for (const table of Object.keys(ws.counts)) if (!plan.tables.has(table)) throw refuseFile(`the table ${table} of workspace "${ws.name}" is missing`);
    for (const table of plan.tables.keys()) if (!(table in ws.counts)) throw refuseFile(`the table ${table} is not counted in the manifest`);
  }
  return plans as Map<string, Plan>;
}

/** Secrets never travel in the file: every imported account must be signed in again. */
function disconnectAccounts(db: Database.Database): number {
  if (hasTable(db, 'app_credentials')) db.prepare('UPDATE app_credentials SET secret_ref = NULL').run();
  if (!hasTable(db, 'accounts')) return 0;
  return db
    .prepare(`UPDATE accounts SET status = 'needs_reconnect', status_reason = ?, secret_ref = NULL, token_expires_at = NULL WHERE status <> 'disconnected'`)
    .run(RECONNECT_REASON).changes;
}

interface SecurityRow {
  at: string;
  kind: string;
  detail: string;
}

function parseWorkspaceInfo(v: unknown): Workspace {
  const o = v as Record<string, unknown>;
  if (!o || typeof o.name !== 'string' || typeof o.createdAt !== 'string' || o.name.length === 0 || o.name.length > 200) throw refuseFile('its workspace.json is not valid');
  return { id: String(o.id), name: o.name, createdAt: o.createdAt, updatedAt: String(o.updatedAt ?? o.createdAt) };
}

function parseSecurityRow(v: unknown): SecurityRow {
  const o = v as Record<string, unknown>;
  if (!o || typeof o.at !== 'string' || typeof o.kind !== 'string' || typeof o.detail !== 'string') throw refuseFile('a security event in it is not valid');
  return { at: o.at.slice(0, 40), kind: o.kind.slice(0, 60), detail: o.detail.slice(0, 2000) };
}

/** A name not taken yet: the original, or "<name> (imported)", "(imported 2)"… */
function freeName(taken: Set<string>, name: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name} (imported${n === 2 ? '' : ` ${n - 1}`})`;
    if (!taken.has(candidate.toLocaleLowerCase())) {
      taken.add(candidate.toLocaleLowerCase());
      return candidate;
    }
  }
}

/** Moves the checked folders into place and registers them in one transaction; undone on failure. */
interface PreparedWorkspace {
  ws: ManifestWorkspace;
  info: Workspace;
  folder: string;
  events: SecurityRow[];
  reconnect: number;
  held: number;
}

function register(deps: ImportDeps, prepared: PreparedWorkspace[]): ImportResult['workspaces'] {
  const taken = new Set(deps.workspaces.list().map((w) => w.name.toLocaleLowerCase()));
  const now = deps.clock.now().toISOString();
  const moved: string[] = [];
  const result: ImportResult['workspaces'] = [];
  try {
    for (const p of prepared) {
      const ws: Workspace = { id: deps.ids('ws'), name: freeName(taken, p.info.name), createdAt: now, updatedAt: now };
      const dir = deps.layout.workspaceDir(ws.id);
      fs.renameSync(p.folder, dir);
      moved.push(dir);
      // On the disk under its own name before the app's database lists it.
      syncFolder(path.dirname(dir));
      result.push({ ...ws, importedFrom: p.ws.id, accountsToReconnect: p.reconnect, heldPosts: p.held });
    }
    deps.appDb.write((orm) => {
      for (const [i, ws] of result.entries()) {
        orm.insert(workspacesTable).values({ id: ws.id, name: ws.name, createdAt: ws.createdAt, updatedAt: ws.updatedAt }).run();
        for (const e of prepared[i]!.events) orm.insert(securityEvents).values({ ...e, workspaceId: ws.id }).run();
      }
    });
  } catch (error) {
    for (const dir of moved) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  for (const ws of result) {
    recordSecurityEvent(deps.appDb, deps.clock, 'workspace.imported', `Workspace ${ws.id} imported from an export of workspace ${ws.importedFrom}`, ws.id);
  }
  deps.events.emit('workspaces.changed', { workspaces: deps.workspaces.list() });
  return result;
}
