import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { AppError } from '../../../src-shared/errors';
import type { Workspace } from '../../../src-shared/domain';
import type { AppDb, DbOptions, WorkspaceDb } from '../db/app-db';
import { openWorkspaceDb } from '../db/app-db';
import { openElsewhere } from '../db/open-elsewhere';
import { workspaces } from '../db/schema/app';
import { recordSecurityEvent } from '../app/security-log';
import type { EventBus } from '../events';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import type { DataLayout } from '../platform/paths';
import { createLogger } from '../platform/logger';

const log = createLogger('workspaces');
const TRASH_PREFIX = '.deleting-';

export interface WorkspaceDeps {
  appDb: AppDb;
  layout: DataLayout;
  clock: Clock;
  ids: IdGenerator;
  dbOptions: DbOptions;
  events: EventBus;
}

/** The registry of workspaces (one per brand or client) and their folders. */
export class Workspaces {
  private open = new Map<string, WorkspaceDb>();

  constructor(private readonly deps: WorkspaceDeps) {
    this.sweepTrash();
  }

  // Prepared once: the scheduler lists workspaces every time it looks for work.
  private listStatement?: ReturnType<Workspaces['prepareList']>;
  private prepareList() {
    return this.deps.appDb.orm.select().from(workspaces).orderBy(workspaces.createdAt, workspaces.id).prepare();
  }

  list(): Workspace[] {
    this.listStatement ??= this.prepareList();
    return this.listStatement.all();
  }

  get(id: string): Workspace {
    const row = this.deps.appDb.orm.select().from(workspaces).where(eq(workspaces.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no workspace with id ${id}. Run \`promogpt workspace list\` to see them.`);
    return row;
  }

  /** The workspace a command means: the one named, or the only one there is. */
  resolve(id: string | undefined): Workspace {
    if (id) return this.get(id);
    const all = this.list();
    if (all.length === 1) return all[0] as Workspace;
    if (all.length === 0) throw new AppError('NotFound', 'There is no workspace yet. Create one with `promogpt workspace create NAME`.');
    const names = all.map((w) => `${w.id} (${w.name})`).join(', ');
    throw new AppError('ValidationError', `There are ${all.length} workspaces; choose one with --workspace ID: ${names}.`, {
      workspaces: all.map((w) => ({ id: w.id, name: w.name })),
    });
  }

  create(name: string): Workspace {
    this.assertNameFree(name);
    const now = this.deps.clock.now().toISOString();
    const ws: Workspace = { id: this.deps.ids('ws'), name, createdAt: now, updatedAt: now };
    const dir = this.dirOf(ws.id);
    fs.mkdirSync(path.join(dir, 'media'), { recursive: true, mode: 0o700 });
    try {
      this.open.set(ws.id, openWorkspaceDb(this.deps.layout.workspaceDb(ws.id), name, this.deps.dbOptions));
      this.deps.appDb.write((orm) => orm.insert(workspaces).values(ws).run());
    } catch (error) {
      this.open.get(ws.id)?.close();
      this.open.delete(ws.id);
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    recordSecurityEvent(this.deps.appDb, this.deps.clock, 'workspace.created', `Workspace ${ws.id} created`, ws.id);
    log.info('workspace created', { id: ws.id });
    this.changed();
    return ws;
  }

  rename(id: string, name: string): Workspace {
    const current = this.get(id);
    if (current.name === name) return current;
    this.assertNameFree(name, id);
    const updatedAt = this.deps.clock.now().toISOString();
    this.deps.appDb.write((orm) => orm.update(workspaces).set({ name, updatedAt }).where(eq(workspaces.id, id)).run());
    this.changed();
    return { ...current, name, updatedAt };
  }

  /**
   * Removes the workspace's folder (database, media, everything in it) and its registry row.
   * The folder is first renamed aside, so a crash midway never leaves a half-deleted workspace
   * that still looks alive; leftovers are swept at the next start.
   */
  delete(id: string, confirmName: string, detail = `Workspace ${id} and all its files deleted`): { id: string } {
    const ws = this.get(id);
    if (confirmName !== ws.name) {
      throw new AppError('ValidationError', `To delete workspace "${ws.name}", type its name exactly.`, { field: 'confirmName' });
    }
    this.open.get(id)?.close();
    this.open.delete(id);
    const dir = this.dirOf(id);
    const trash = path.join(this.deps.layout.workspaces, `${TRASH_PREFIX}${id}`);
    const hadDir = fs.existsSync(dir);
    if (hadDir) fs.renameSync(dir, trash);
    try {
      this.deps.appDb.write((orm) => orm.delete(workspaces).where(eq(workspaces.id, id)).run());
    } catch (error) {
      if (hadDir) fs.renameSync(trash, dir);
      throw error;
    }
    fs.rmSync(trash, { recursive: true, force: true });
    recordSecurityEvent(this.deps.appDb, this.deps.clock, 'workspace.deleted', detail, id);
    log.info('workspace deleted', { id });
    this.changed();
    return { id };
  }

  /** The workspace's own database, opened (and migrated) on first use. */
  db(id: string): WorkspaceDb {
    const existing = this.open.get(id);
    if (existing) return existing;
    const ws = this.get(id);
    const db = openWorkspaceDb(this.deps.layout.workspaceDb(id), ws.name, this.deps.dbOptions);
    this.open.set(id, db);
    return db;
  }

  /**
   * Before replacing or removing a workspace's database: refuses (Conflict, nothing changed)
   * while another process has it open, which would go on writing to a file no longer there.
   * Closes this process's own connection to look; the next `db()` reopens it.
   */
  assertNotOpenElsewhere(id: string, retry: string): void {
    const ws = this.get(id);
    this.closeDb(id);
    if (openElsewhere(this.deps.layout.workspaceDb(id), this.deps.dbOptions.nativeBinding)) {
      throw new AppError(
        'Conflict',
        `Workspace "${ws.name}" is open in another PromoGPT process (the desktop app, \`promogpt serve\` or \`promogpt scheduler run\`) or an export of it is still running. Close that or let it finish, then ${retry} again. Nothing was changed.`,
      );
    }
  }

  /** Closes one workspace's database (a restore swaps its file); the next `db()` reopens it. */
  closeDb(id: string): void {
    this.open.get(id)?.close();
    this.open.delete(id);
  }

  close(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }

  private dirOf(id: string): string {
    const dir = path.resolve(this.deps.layout.workspaceDir(id));
    // Ids are validated, but a folder we delete must provably sit inside the workspaces folder.
    if (path.dirname(dir) !== path.resolve(this.deps.layout.workspaces)) throw new AppError('ValidationError', 'not a valid workspace id');
    return dir;
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const wanted = name.toLocaleLowerCase();
    const clash = this.list().find((w) => w.id !== exceptId && w.name.toLocaleLowerCase() === wanted);
    if (clash) throw new AppError('Conflict', `A workspace named "${clash.name}" already exists. Choose another name.`);
  }

  private sweepTrash(): void {
    if (!fs.existsSync(this.deps.layout.workspaces)) return;
    for (const entry of fs.readdirSync(this.deps.layout.workspaces)) {
      if (entry.startsWith(TRASH_PREFIX)) fs.rmSync(path.join(this.deps.layout.workspaces, entry), { recursive: true, force: true });
    }
  }

  private changed(): void {
    this.deps.events.emit('workspaces.changed', { workspaces: this.list() });
  }
}
