import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { CsvExportResult, DataJob } from '../../../src-shared/your-data';
import { recordSecurityEvent } from '../app/security-log';
import type { HandlerImpls } from '../dispatch';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import { csvTables, exportCsv } from './csv-export';
import { checkPassphrase } from './encryption';
import { exportWorkspaces, type ExportDeps } from './export-workspaces';
import type { Progress } from './export-writer';
import { importBundle, sniffExport, STAGING_PREFIX, type ImportDeps } from './import-bundle';
import { WorkspaceSnapshot } from './snapshot';
import { UnfinishedExports } from './unfinished-exports';

const log = createLogger('your-data');
/** Progress events at most this often. */
const EVERY_MS = 250;
const KEPT = 20;

export type YourDataDeps = ExportDeps & ImportDeps & { ids: IdGenerator };

/**
 * Exports and imports as jobs of this process: progress events, cancel, a result to wait for.
 * Not the persistent job queue on purpose: a passphrase must never be written to SQLite, and a
 * half-written export is worthless after a restart (its partial file is removed instead).
 */
export class YourData {
  private readonly jobs = new Map<string, { job: DataJob; abort: AbortController; done: Promise<DataJob> }>();
  private readonly unfinished: UnfinishedExports;

  constructor(private readonly deps: YourDataDeps) {
    this.sweepStaging();
    this.unfinished = new UnfinishedExports(path.join(deps.layout.root, 'exports-in-progress'));
    const removed = this.unfinished.sweep(isAlive);
    if (removed.length > 0) log.info('removed what an interrupted export left behind', { files: removed.length });
  }

  startExport(req: { workspaceId?: string; all?: boolean; out: string; passphrase?: string }): DataJob {
    const ids = req.all ? this.deps.workspaces.list().map((w) => w.id) : [this.deps.workspaces.get(req.workspaceId as string).id];
    if (ids.length === 0) throw new AppError('NotFound', 'There is no workspace to export yet.');
    const out = path.resolve(req.out);
    if (!fs.existsSync(path.dirname(out))) throw new AppError('NotFound', `The folder ${JSON.stringify(path.dirname(out))} does not exist. Choose a folder that does.`);
    if (fs.existsSync(out)) throw new AppError('Conflict', `${JSON.stringify(out)} already exists. Choose another file name or move that file away.`);
    if (req.passphrase !== undefined) checkPassphrase(req.passphrase);
    return this.run('export', out, req.passphrase !== undefined, async (signal, onProgress) => {
      const record = (partial: string) => this.unfinished.begin(partial);
      const result = await exportWorkspaces(this.deps, { workspaceIds: ids, scope: req.all ? 'app' : 'workspace', out, passphrase: req.passphrase, signal, onProgress, record });
      for (const ws of result.workspaces) {
        recordSecurityEvent(this.deps.appDb, this.deps.clock, 'workspace.exported', `Workspace ${ws.id} exported${result.encrypted ? ' (encrypted)' : ''}`, ws.id);
      }
      return { imported: null, fileBytes: result.bytes };
    });
  }

  startImport(req: { file: string; passphrase?: string }): DataJob {
    const file = path.resolve(req.file);
    if (sniffExport(file) === 'encrypted' && !req.passphrase) {
      throw new AppError('ValidationError', 'This export is encrypted: give its passphrase to import it.', { field: 'passphrase', needsPassphrase: true });
    }
    return this.run('import', file, req.passphrase !== undefined, async (signal, onProgress) => {
      const result = await importBundle(this.deps, { file, passphrase: req.passphrase, signal, onProgress });
      const imported = result.workspaces.map((w) => ({ id: w.id, name: w.name, accountsToReconnect: w.accountsToReconnect, heldPosts: w.heldPosts }));
      return { imported, fileBytes: null };
    });
  }

  get(jobId: string): DataJob {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new AppError('NotFound', `There is no export or import with id ${jobId} (they are kept until the app quits).`);
    return { ...entry.job };
  }

  /** The job once it has ended. */
  wait(jobId: string): Promise<DataJob> {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new AppError('NotFound', `There is no export or import with id ${jobId}.`);
    return entry.done;
  }

  cancel(jobId: string): DataJob {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new AppError('NotFound', `There is no export or import with id ${jobId}.`);
    if (entry.job.state !== 'running') throw new AppError('Conflict', `This ${entry.job.kind} has already ended; there is nothing to cancel.`);
    entry.abort.abort();
    return { ...entry.job };
  }

  csvTables(workspaceId: string): string[] {
    this.deps.workspaces.db(workspaceId);
    const snapshot = new WorkspaceSnapshot(this.deps.layout.workspaceDb(workspaceId), this.deps.nativeBinding);
    try {
      return csvTables(snapshot);
    } finally {
      snapshot.close();
    }
  }

  exportCsv(req: { workspaceId: string; table: string; out: string }): Promise<CsvExportResult> {
    this.deps.workspaces.db(req.workspaceId);
    return exportCsv(this.deps.layout.workspaceDb(req.workspaceId), req.table, path.resolve(req.out), this.deps.nativeBinding);
  }

  private run(
    kind: DataJob['kind'],
    file: string,
    encrypted: boolean,
    work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<Pick<DataJob, 'imported' | 'fileBytes'>>,
  ): DataJob {
    const job: DataJob = {
      id: this.deps.ids('data'),
      kind,
      state: 'running',
      doneBytes: 0,
      totalBytes: 0,
      file,
      fileBytes: null,
      encrypted,
      startedAt: this.deps.clock.now().toISOString(),
      finishedAt: null,
      error: null,
      imported: null,
    };
    const abort = new AbortController();
    let last = 0;
    const changed = (force: boolean) => {
      const now = Date.now();
      if (!force && now - last < EVERY_MS) return;
      last = now;
      this.deps.events.emit('data.jobChanged', { ...job });
    };
    const done = work(abort.signal, (p) => {
      job.doneBytes = p.doneBytes;
      job.totalBytes = p.totalBytes;
      changed(false);
    }).then(
      (result) => {
        job.state = 'succeeded';
        job.imported = result.imported;
        job.fileBytes = result.fileBytes;
        job.doneBytes = Math.max(job.doneBytes, job.totalBytes);
      },
      (error: unknown) => {
        const info = error instanceof AppError ? error.toInfo() : { name: 'Internal', message: `The ${kind} failed: ${(error as Error)?.message ?? 'unknown error'}.` };
        if (!(error instanceof AppError)) log.error(`${kind} failed`, { error });
        job.state = info.name === 'Cancelled' ? 'cancelled' : 'failed';
        job.error = { name: info.name, message: info.message };
      },
    ).then(() => {
      job.finishedAt = this.deps.clock.now().toISOString();
      changed(true);
      return { ...job };
    });
    this.jobs.set(job.id, { job, abort, done });
    this.forgetOld();
    changed(true);
    return { ...job };
  }

  private forgetOld(): void {
    const ended = [...this.jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of ended.slice(0, Math.max(0, ended.length - KEPT))) this.jobs.delete(j.job.id);
  }

  /** Staging folders of imports that a crash interrupted. */
  private sweepStaging(): void {
    const dir = this.deps.layout.workspaces;
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir)) {
      if (!entry.startsWith(STAGING_PREFIX)) continue;
      const pid = Number(entry.slice(STAGING_PREFIX.length).split('-')[0]);
      if (pid !== process.pid && isAlive(pid)) continue; // another process (the app, a CLI) is importing right now
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function yourDataHandlers(data: YourData): Pick<HandlerImpls, 'data.export' | 'data.import' | 'data.job' | 'data.cancel' | 'data.csvTables' | 'data.exportCsv'> {
  return {
    'data.export': (input) => data.startExport(input),
    'data.import': (input) => data.startImport(input),
    'data.job': ({ jobId }) => data.get(jobId),
    'data.cancel': ({ jobId }) => data.cancel(jobId),
    'data.csvTables': ({ workspaceId }) => data.csvTables(workspaceId),
    'data.exportCsv': (input) => data.exportCsv(input),
  };
}
