import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo, BackupReason, IntegrityResult, RestoreResult } from '../../../src-shared/backups';
import { AppError } from '../../../src-shared/errors';
import type { SecurityRecorder } from '../app/security-log';
import type { Notices } from '../accounts/notices';
import type { EventBus } from '../events';
import type { Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { DataLayout } from '../platform/paths';
import type { Workspaces } from '../workspace/workspaces';
import { backupFile, backupsDirOf, previewOf, readBackups, removeBackup, writeBackupInfo } from './backup-files';
import type { BackupSettingsStore } from './backup-settings';
import { checkFileIntegrity, integrityProblems } from './integrity';
import { syncFile } from '../platform/sync-file';

const log = createLogger('backups');

export interface BackupsDeps {
  workspaces: Workspaces;
  scheduler: Pick<Scheduler, 'runningIn' | 'forget' | 'wake'>;
  layout: DataLayout;
  clock: Clock;
  ids: IdGenerator;
  notices: Notices;
  events: EventBus;
  security: SecurityRecorder;
  settings: BackupSettingsStore;
  nativeBinding?: string;
  /** Told after a restore replaced a workspace's database: caches are dropped, UIs reload. */
  onRestored?(workspaceId: string): void;
}

/**
 * Online backups of workspace databases with SQLite's backup API (consistent while the app
 * writes), kept in `<data dir>/backups/<workspace id>/`, and their safe restore.
 * Media files are content-addressed files beside the database and are not part of a backup.
 */
export class Backups {
  /** Databases whose last integrity check failed, by workspace id. */
  private readonly failures = new Map<string, IntegrityResult>();

  constructor(private readonly deps: BackupsDeps) {}

  dirOf(workspaceId: string): string {
    return backupsDirOf(this.deps.layout.root, workspaceId);
  }

  list(workspaceId: string): BackupInfo[] {
    this.deps.workspaces.get(workspaceId); // a clear NotFound for an unknown workspace
    return readBackups(this.dirOf(workspaceId));
  }

  /** The last failed checks, for the UI's alert and its restore offer. */
  failed(): IntegrityResult[] {
    return [...this.failures.values()];
  }

  /**
   * Runs `PRAGMA integrity_check` on a workspace's database (opening it if needed). A failure is
   * remembered, logged to the security log and raised as a notice that offers a restore.
   */
  check(workspaceId: string): IntegrityResult {
    const ws = this.deps.workspaces.get(workspaceId);
    let problems: string[];
    try {
      problems = integrityProblems(this.deps.workspaces.db(workspaceId).sqlite);
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    const result: IntegrityResult = { workspaceId, ok: problems.length === 0, problems, checkedAt: this.deps.clock.now().toISOString() };
    if (result.ok) {
      this.failures.delete(workspaceId);
      return result;
    }
    const known = this.failures.has(workspaceId);
    this.failures.set(workspaceId, result);
    if (!known) {
      const offer = readBackups(this.dirOf(workspaceId)).length
        ? 'Restore a backup in Settings → Backups, or with `promogpt backup restore`.'
        : 'There is no backup of it yet: copy the workspace folder somewhere safe before changing anything.';
      this.deps.notices.raise('problem', `The database of workspace "${ws.name}" is damaged (integrity check failed: ${problems[0]}). ${offer}`, workspaceId);
      this.deps.security('integrity.failed', `Integrity check failed: ${problems.slice(0, 3).join('; ')}`, workspaceId);
      log.error('integrity check failed', { workspaceId, problems });
    }
    return result;
  }

  /** Checks every workspace (at startup): the results that failed. */
  checkAll(): IntegrityResult[] {
    return this.deps.workspaces.list().map((w) => this.check(w.id)).filter((r) => !r.ok);
  }

  /**
   * Takes a backup now: checks the live database first (a damaged one is never backed up over
   * good backups), copies it with the backup API, verifies the copy, then keeps the newest N.
   */
  async create(workspaceId: string, reason: BackupReason = 'manual'): Promise<BackupInfo> {
    const ws = this.deps.workspaces.get(workspaceId);
    const checked = this.check(workspaceId);
    if (!checked.ok) {
      throw new AppError('DatabaseRefused', `The database of workspace "${ws.name}" failed its integrity check (${checked.problems[0]}), so no backup was taken. Restore an earlier backup with \`promogpt backup restore\`.`, { problems: checked.problems });
    }
    const dir = this.dirOf(workspaceId);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const id = this.deps.ids('bk');
    const takenAt = this.deps.clock.now().toISOString();
    const target = backupFile(dir, id);
    const partial = `${target}.partial`;
    try {
      await this.deps.workspaces.db(workspaceId).sqlite.backup(partial);
      const preview = this.verify(partial, true);
      const size = fs.statSync(partial).size;
      fs.renameSync(partial, target);
      const info: BackupInfo = { id, workspaceId, takenAt, reason, size, preview };
      writeBackupInfo(dir, info);
      this.prune(workspaceId);
      this.deps.security('backup.taken', `Backup ${id} taken (${reason}): ${preview.posts} posts, ${preview.accounts} accounts, ${preview.media} media, ${size} bytes`, workspaceId);
      this.deps.events.emit('backups.changed', { workspaceId });
      log.info('backup taken', { workspaceId, id, reason, size });
      return info;
    } catch (error) {
      for (const f of [partial, `${partial}-journal`]) fs.rmSync(f, { force: true });
      throw error;
    }
  }

  /**
   * Replaces a workspace's database with a backup: verifies the backup, backs up the current
   * state first, then swaps the file while this process holds no connection and runs no job of
   * the workspace, and reopens it through the registry.
   */
  async restore(workspaceId: string, backupId: string): Promise<RestoreResult> {
    const ws = this.deps.workspaces.get(workspaceId);
    const chosen = readBackups(this.dirOf(workspaceId)).find((b) => b.id === backupId);
    if (!chosen) throw new AppError('NotFound', `Workspace "${ws.name}" has no backup ${backupId}. Run \`promogpt backup list --workspace ${workspaceId}\` to see them.`);
    const source = backupFile(this.dirOf(workspaceId), backupId);
    const problems = checkFileIntegrity(source, this.deps.nativeBinding);
    if (problems.length) throw new AppError('DatabaseRefused', `Backup ${backupId} failed its integrity check (${problems[0]}); nothing was changed. Choose another backup.`, { problems });

    this.assertNoJobRunning(ws.name, workspaceId);
    this.deps.workspaces.assertNotOpenElsewhere(workspaceId, 'restore the backup');
    let safetyBackup: BackupInfo | null = null;
    if (this.check(workspaceId).ok) safetyBackup = await this.create(workspaceId, 'before-restore');
    else this.keepDamagedCopy(workspaceId);

    // From here to the reopen nothing awaits: no write of this process can come in between.
    this.assertNoJobRunning(ws.name, workspaceId);
    const live = this.deps.layout.workspaceDb(workspaceId);
    const incoming = `${live}.restoring`;
    fs.copyFileSync(source, incoming);
    syncFile(incoming);
    this.deps.scheduler.forget(workspaceId);
    // Again, right before the swap: a process may have opened it while the safety backup was taken.
    try {
      this.deps.workspaces.assertNotOpenElsewhere(workspaceId, 'restore the backup');
    } catch (error) {
      fs.rmSync(incoming, { force: true });
      throw error;
    }
    // The old file's WAL belongs to the old database: applied to the new one it would corrupt it.
    for (const f of [`${live}-wal`, `${live}-shm`]) fs.rmSync(f, { force: true });
    fs.renameSync(incoming, live);

    const integrity = this.check(workspaceId);
    this.deps.security('backup.restored', `Backup ${backupId} of ${chosen.takenAt} restored${safetyBackup ? `; the state before was saved as backup ${safetyBackup.id}` : ''}`, workspaceId);
    this.deps.events.emit('backups.changed', { workspaceId });
    this.deps.onRestored?.(workspaceId);
    this.deps.scheduler.wake();
    log.info('backup restored', { workspaceId, backupId });
    return { restored: chosen, safetyBackup, integrity };
  }

  /** Removes all backups of a workspace (it is being deleted): how many there were. */
  removeAll(workspaceId: string): number {
    const dir = this.dirOf(workspaceId);
    const count = readBackups(dir).length;
    fs.rmSync(dir, { recursive: true, force: true });
    this.failures.delete(workspaceId);
    return count;
  }

  private assertNoJobRunning(name: string, workspaceId: string): void {
    if (this.deps.scheduler.runningIn(workspaceId) > 0) {
      throw new AppError('Conflict', `Jobs of workspace "${name}" are running (publishing, rendering or a backup). Try the restore again when they have finished.`);
    }
  }

  /** Keeps the newest N backups of a workspace. */
  private prune(workspaceId: string): void {
    const { keep } = this.deps.settings.get();
    const dir = this.dirOf(workspaceId);
    for (const old of readBackups(dir).slice(keep)) removeBackup(dir, old.id);
  }

  /**
   * Opens a fresh copy, makes it one self-contained file (no WAL beside it), checks it and
   * counts what it holds. Throws when the copy is not sound.
   */
  private verify(file: string, selfContained: boolean) {
    const db = new Database(file, { nativeBinding: this.deps.nativeBinding });
    try {
      if (selfContained) db.pragma('journal_mode = DELETE');
      const problems = integrityProblems(db);
      if (problems.length) throw new AppError('Internal', `The backup copy failed its integrity check (${problems[0]}); it was discarded.`);
      return previewOf(db);
    } finally {
      db.close();
    }
  }

  /** A damaged database that is about to be replaced is kept aside, not backed up over good backups. */
  private keepDamagedCopy(workspaceId: string): void {
    const live = this.deps.layout.workspaceDb(workspaceId);
    if (!fs.existsSync(live)) return;
    this.deps.workspaces.closeDb(workspaceId);
    this.deps.scheduler.forget(workspaceId);
    const stamp = this.deps.clock.now().toISOString().replace(/[:.]/g, '-');
    const dir = path.join(this.dirOf(workspaceId), 'damaged');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.copyFileSync(live, path.join(dir, `workspace-${stamp}.db`));
    if (fs.existsSync(`${live}-wal`)) fs.copyFileSync(`${live}-wal`, path.join(dir, `workspace-${stamp}.db-wal`));
  }
}
