import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/app-db';
import { securityEvents } from '../db/schema/app';
import type { Clock } from '../platform/clock';
import type { DataLayout } from '../platform/paths';
import type { Workspaces } from '../workspace/workspaces';
import type { ManifestWorkspace } from './bundle-format';
import { ExportWriter, type Progress } from './export-writer';
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
}

export interface ExportResult {
  file: string;
  bytes: number;
  encrypted: boolean;
  workspaces: { id: string; name: string; counts: Record<string, number>; mediaFiles: number }[];
}

/** Secrets never travel: a sign-in's keychain reference is dropped and the account must be reconnected. */
export const RECONNECT_REASON = 'Imported from an export file: sign in again to reconnect this account.';

/** Columns changed as rows go into the file. Only references to keychain entries are changed; the keychain is never asked. */
function replacedColumns(table: string): Record<string, string | null> {
  if (table === 'accounts') return { status: 'needs_reconnect', status_reason: RECONNECT_REASON, secret_ref: null, token_expires_at: null };
  if (table === 'app_credentials') return { secret_ref: null };
  return {};
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

/** Writes one .promogpt file with the named workspaces (one, or all of the app). */
export async function exportWorkspaces(deps: ExportDeps, req: ExportRequest): Promise<ExportResult> {
  if (req.workspaceIds.length === 0) throw new AppError('NotFound', 'There is no workspace to export yet.');
  const all = req.workspaceIds.map((id) => deps.workspaces.get(id));
  const writer = await ExportWriter.create(req.out, { passphrase: req.passphrase, signal: req.signal, onProgress: req.onProgress });
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
      const counts: Record<string, number> = {};
      for (const table of snapshot.tables()) {
        const rows = snapshot.ndjson(table, replacedColumns(table));
        await writer.add(`${dir}/tables/${table}.ndjson`, rows, { compress: true });
        counts[table] = rows.rows;
      }
      const events = deps.appDb.orm.select().from(securityEvents).where(eq(securityEvents.workspaceId, ws.id)).orderBy(asc(securityEvents.id)).all();
      await writer.add(`${dir}/security-events.ndjson`, Readable.from(events.map((e) => `${JSON.stringify(e)}\n`)), { compress: true });
      // Media is already compressed (JPEG, MP4, AAC): stored as is, which is also what keeps export near disk speed.
      for (const m of media) {
        let stream: fs.ReadStream;
        try {
          stream = fs.createReadStream(m.file, { highWaterMark: 1024 * 1024 });
        } catch {
          throw new AppError('Conflict', `A media file changed while exporting (${m.rel}). Try the export again.`);
        }
        await writer.add(`${dir}/${m.rel}`, stream, { compress: false, sha256: contentAddress(m.rel) });
      }
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
    if (error && typeof error === 'object' && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('Conflict', 'A media file was removed while exporting. Try the export again.');
    }
    throw error;
  } finally {
    for (const s of snapshots) s.close();
  }
}
