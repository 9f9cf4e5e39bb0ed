import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/app-db';
import { securityEvents } from '../db/schema/app';
import type { Clock } from '../platform/clock';
import { isDiskFull } from '../platform/disk-full';
import type { DataLayout } from '../platform/paths';
import type { Workspaces } from '../workspace/workspaces';
import type { ManifestWorkspace } from './bundle-format';
import { cancelledError, ExportWriter, type Progress } from './export-writer';
import { spoolTables, type SpooledTable } from './table-spool';
import { WorkspaceSnapshot } from './snapshot';
import { AppError } from '../../../src-shared/errors';

export interface ExportDeps {
  workspaces: Workspaces;
  appDb: AppDb;
  layout: DataLayout;
  clock: Clock;
  appVersion: string;
  nativeBinding?: string;
}

export interface ExportRequest {
  workspaceIds: string[];
  scope: 'workspace' | 'app';
  out: string;
  passphrase?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Notes the half-written file while it exists (unfinished-exports.ts). */
  record?: (partial: string) => () => void;
}

export interface ExportResult {
  file: string;
  bytes: number;
  encrypted: boolean;
  workspaces: { id: string; name: string; counts: Record<string, number>; mediaFiles: number }[];
}

/**
 * The media library stores each file as media/<first two hex digits>/<sha256>.<ext> (see
 * media/library.ts): the name is the hash of the bytes, computed when the file was stored.
 */
function contentAddress(rel: string): string | undefined {
  const m = /^media\/([0-9a-f]{2})\/([0-9a-f]{64})\.[a-z0-9]{1,10}$/.exec(rel);
  return m && m[2]!.startsWith(m[1]!) ? m[2] : undefined;
}

/** Regular files under the media folder, skipping work in progress (dot-named temp folders). */
function* mediaFiles(root: string, rel = 'media'): Generator<{ file: string; rel: string; size: number }> {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const childRel = `${rel}/${entry.name}`;
    if (entry.isDirectory()) yield* mediaFiles(root, childRel);
    else if (entry.isFile()) yield { file: path.join(root, childRel), rel: childRel, size: fs.statSync(path.join(root, childRel)).size };
  }
}

/** Adds one media file as it is: already compressed (JPEG, MP4, AAC), stored, which keeps export near disk speed. */
async function addMedia(writer: ExportWriter, name: string, m: { file: string; rel: string }): Promise<void> {
  let stream: fs.ReadStream;
  try {
    // Reads of 512 KiB: with 1 MiB ones the media part of a 1 GB export took about 40 % longer
    // here, most of it system time (fresh memory for every read).
    stream = fs.createReadStream(m.file, { highWaterMark: 512 * 1024 });
  } catch {
    throw new AppError('Conflict', `A media file changed while exporting (${m.rel}). Try the export again.`);
  }
  await writer.add(name, stream, { compress: false, sha256: contentAddress(m.rel) });
}

/** Writes one .promogpt file with the named workspaces (one, or all of the app). */
export async function exportWorkspaces(deps: ExportDeps, req: ExportRequest): Promise<ExportResult> {
  if (req.workspaceIds.length === 0) throw new AppError('NotFound', 'There is no workspace to export yet.');
  const all = req.workspaceIds.map((id) => deps.workspaces.get(id));
  const writer = await ExportWriter.create(req.out, { passphrase: req.passphrase, signal: req.signal, onProgress: req.onProgress, record: req.record });
  const snapshots: WorkspaceSnapshot[] = [];
  try {
    const plans = all.map((ws) => {
      deps.workspaces.db(ws.id); // opened (and migrated) by the app first: the snapshot reads a current schema
      const snapshot = new WorkspaceSnapshot(deps.layout.workspaceDb(ws.id), deps.nativeBinding);
      snapshots.push(snapshot);
      const media = [...mediaFiles(deps.layout.workspaceDir(ws.id))];
      return { ws, snapshot, media };
    });
    writer.totalBytes = plans.reduce((sum, p) => sum + fs.statSync(deps.layout.workspaceDb(p.ws.id)).size + p.media.reduce((s, m) => s + m.size, 0), 0);
    const migrations = plans[0]!.snapshot.migrations();
    const listed: ManifestWorkspace[] = [];
    for (const [i, { ws, snapshot, media }] of plans.entries()) {
      const dir = `workspaces/${i}`;
      await writer.add(`${dir}/workspace.json`, Readable.from([JSON.stringify(ws)]), { compress: true });
      // The tables are spooled while the media is copied (see table-spool.ts), and follow it.
      const stop = new AbortController();
      const cancel = () => stop.abort();
      req.signal?.addEventListener('abort', cancel, { once: true });
      const spooling = spoolTables(snapshot, writer.scratchFolder(), stop.signal);
      let spoolFailed = false;
      spooling.catch(() => (spoolFailed = true));
      let spooled: SpooledTable[];
      try {
        for (const m of media) {
          if (spoolFailed) break; // its error is thrown below
          await addMedia(writer, `${dir}/${m.rel}`, m);
        }
        spooled = await spooling;
      } catch (error) {
        stop.abort();
        await spooling.catch(() => undefined); // stopped before the snapshot closes and the folder goes
        throw req.signal?.aborted ? cancelledError() : error;
      } finally {
        req.signal?.removeEventListener('abort', cancel);
      }
      const counts: Record<string, number> = {};
      for (const t of spooled) {
        await writer.add(`${dir}/tables/${t.table}.ndjson`, fs.createReadStream(t.file, { highWaterMark: 512 * 1024 }), { compress: true, sha256: t.sha256 });
        fs.rmSync(t.file);
        counts[t.table] = t.rows;
      }
      const events = deps.appDb.orm.select().from(securityEvents).where(eq(securityEvents.workspaceId, ws.id)).orderBy(asc(securityEvents.id)).all();
      await writer.add(`${dir}/security-events.ndjson`, Readable.from(events.map((e) => `${JSON.stringify(e)}\n`)), { compress: true });
      listed.push({ dir, id: ws.id, name: ws.name, createdAt: ws.createdAt, updatedAt: ws.updatedAt, counts, securityEvents: events.length, mediaFiles: media.length });
      snapshot.close();
    }
    const done = await writer.finish(
      { appVersion: deps.appVersion, createdAt: deps.clock.now().toISOString(), scope: req.scope, schema: { workspace: migrations } },
      listed,
    );
    return {
      ...done,
      encrypted: req.passphrase !== undefined,
      workspaces: listed.map((w) => ({ id: w.id, name: w.name, counts: w.counts, mediaFiles: w.mediaFiles })),
    };
  } catch (error) {
    await writer.abandon();
    const code = error && typeof error === 'object' ? (error as NodeJS.ErrnoException).code : undefined;
    if (code === 'ENOENT') throw new AppError('Conflict', 'A media file was removed while exporting. Try the export again.');
    if (isDiskFull(error)) {
      throw new AppError('Conflict', `The disk of ${JSON.stringify(path.dirname(req.out))} is full. Free some space there or export to another disk; no file was written.`);
    }
    throw error;
  } finally {
    for (const s of snapshots) s.close();
  }
}
