import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, type SQL } from 'drizzle-orm';
import type { MediaAddResult, MediaItem, MediaKind } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { mediaItems } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { DataLayout } from '../platform/paths';
import { findTool } from '../platform/tools';
import type { Workspaces } from '../workspace/workspaces';
import { probeFile } from './probe';
import { displayFileName } from './file-name';

const log = createLogger('media');

/** Files larger than this are refused unless PROMOGPT_MEDIA_MAX_BYTES says otherwise. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const TEMP_PREFIX = '.incoming-';
/** A temp file this old is left from a crash, not a copy still running. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

export interface MediaLibraryDeps {
  workspaces: Workspaces;
  layout: DataLayout;
  clock: Clock;
  ids: IdGenerator;
  env: NodeJS.ProcessEnv;
}

type Row = typeof mediaItems.$inferSelect;

/** A workspace's media library: files stored by content hash inside its `media/` folder. */
export class MediaLibrary {
  private ffprobe?: Promise<string>;
  private swept = new Set<string>();

  constructor(private readonly deps: MediaLibraryDeps) {}

  /** Adds each path on its own: one refused file never stops the others. */
  async add(workspaceId: string, paths: string[]): Promise<MediaAddResult[]> {
    this.deps.workspaces.get(workspaceId);
    const results: MediaAddResult[] = [];
    for (const p of paths) {
      try {
        const { item, deduplicated } = await this.addOne(workspaceId, p);
        results.push({ path: p, ok: true, item, deduplicated });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ path: p, ok: false, error: { name: error.name, message: error.message } });
      }
    }
    return results;
  }

  list(workspaceId: string, opts: { kind?: MediaKind } = {}): MediaItem[] {
    const where: SQL[] = [];
    if (opts.kind) where.push(eq(mediaItems.kind, opts.kind));
    const db = this.deps.workspaces.db(workspaceId);
    return db.orm
      .select()
      .from(mediaItems)
      .where(and(...where))
      .orderBy(mediaItems.createdAt, mediaItems.id)
      .all()
      .map(toItem);
  }

  get(workspaceId: string, id: string): MediaItem {
    const row = this.deps.workspaces.db(workspaceId).orm.select().from(mediaItems).where(eq(mediaItems.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no media item with id ${id} in this workspace. Run \`promogpt media list\` to see them.`);
    return toItem(row);
  }

  setAltText(workspaceId: string, id: string, altText: string): MediaItem {
    this.get(workspaceId, id);
    const value = altText.trim() === '' ? null : altText;
    this.deps.workspaces.db(workspaceId).write((orm) => orm.update(mediaItems).set({ altText: value }).where(eq(mediaItems.id, id)).run());
    return this.get(workspaceId, id);
  }

  /** Deletes the item and its file (unless another item still points at the same file). */
  remove(workspaceId: string, id: string): { id: string } {
    const item = this.get(workspaceId, id);
    const db = this.deps.workspaces.db(workspaceId);
    const stillUsed = db.write((orm) => {
      orm.delete(mediaItems).where(eq(mediaItems.id, id)).run();
      return orm.select({ id: mediaItems.id }).from(mediaItems).where(eq(mediaItems.storedPath, item.storedPath)).get() !== undefined;
    });
    if (!stillUsed) fs.rmSync(this.storedFile(workspaceId, item.storedPath), { force: true });
    log.info('media removed', { id });
    return { id };
  }

  /** The absolute path of a stored file, checked to lie inside the workspace's media folder. */
  storedFile(workspaceId: string, storedPath: string): string {
    const mediaDir = this.mediaDir(workspaceId);
    const file = path.resolve(this.deps.layout.workspaceDir(workspaceId), storedPath);
    if (!file.startsWith(mediaDir + path.sep)) throw new AppError('Internal', 'A media item points outside its workspace folder; remove it and add the file again.');
    return file;
  }

  maxBytes(): number {
    const raw = this.deps.env.PROMOGPT_MEDIA_MAX_BYTES;
    if (raw === undefined || raw === '') return DEFAULT_MAX_BYTES;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new AppError('ValidationError', `PROMOGPT_MEDIA_MAX_BYTES must be a whole number of bytes above 0, not "${raw}". Fix or unset it.`);
    }
    return n;
  }

  private mediaDir(workspaceId: string): string {
    return path.resolve(this.deps.layout.workspaceDir(workspaceId), 'media');
  }

  private async addOne(workspaceId: string, source: string): Promise<{ item: MediaItem; deduplicated: boolean }> {
    const maxBytes = this.maxBytes();
    const ffprobe = await this.findFfprobe();
    const mediaDir = this.mediaDir(workspaceId);
    fs.mkdirSync(mediaDir, { recursive: true, mode: 0o700 });
    this.sweepStaleTemps(workspaceId, mediaDir);
    const temp = path.join(mediaDir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      const { sha256, bytes } = await copyHashing(path.resolve(source), temp, maxBytes);
      const db = this.deps.workspaces.db(workspaceId);
      const existing = db.orm.select().from(mediaItems).where(eq(mediaItems.sha256, sha256)).get();
      if (existing) {
        // The row outlived its file (deleted by hand?): the copy we just made puts it back.
        const file = this.storedFile(workspaceId, existing.storedPath);
        if (!fs.existsSync(file)) {
          fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
          fs.renameSync(temp, file);
        }
        return { item: toItem(existing), deduplicated: true };
      }

      // The copy is probed, not the original: it has no extension to mislead ffprobe, and cannot change under us.
      const probe = await probeFile(ffprobe, temp);
      const storedPath = `media/${sha256.slice(0, 2)}/${sha256}.${probe.ext}`;
      const final = this.storedFile(workspaceId, storedPath);
      fs.mkdirSync(path.dirname(final), { recursive: true, mode: 0o700 });
      fs.renameSync(temp, final);
      const row: Row = {
        id: this.deps.ids('media'),
        kind: probe.kind,
        sha256,
        fileName: displayFileName(source),
        storedPath,
        mimeType: probe.mimeType,
        bytes,
        width: probe.width,
        height: probe.height,
        durationSeconds: probe.durationSeconds,
        videoCodec: probe.videoCodec,
        audioCodec: probe.audioCodec,
        frameRate: probe.frameRate,
        altText: null,
        createdAt: this.deps.clock.now().toISOString(),
      };
      // Another add of the same content may have finished while we probed: keep its row.
      const inserted = db.write((orm) => {
        const raced = orm.select().from(mediaItems).where(eq(mediaItems.sha256, sha256)).get();
        if (raced) return { row: raced, deduplicated: true };
        orm.insert(mediaItems).values(row).run();
        return { row, deduplicated: false };
      });
      log.info('media added', { id: inserted.row.id, kind: inserted.row.kind, bytes });
      return { item: toItem(inserted.row), deduplicated: inserted.deduplicated };
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /** Removes copies a crash interrupted, once per workspace and process. */
  private sweepStaleTemps(workspaceId: string, mediaDir: string): void {
    if (this.swept.has(workspaceId)) return;
    this.swept.add(workspaceId);
    // File times are wall-clock times, so this compares with the real clock, not the app clock.
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const entry of fs.readdirSync(mediaDir)) {
      if (!entry.startsWith(TEMP_PREFIX)) continue;
      const file = path.join(mediaDir, entry);
      try {
        if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
      } catch {
        // Gone already, or another process is busy with it.
      }
    }
  }

  private findFfprobe(): Promise<string> {
    this.ffprobe ??= findTool('ffprobe', this.deps.env).then(({ found, tried }) => {
      if (found) return found.path;
      this.ffprobe = undefined;
      const detail = tried.length > 0 ? ` (${tried.join('; ')})` : '';
      throw new AppError('DependencyMissing', `ffprobe was not found${detail}. Install ffmpeg, or set FFPROBE_BIN to its ffprobe, then try again.`);
    });
    return this.ffprobe;
  }
}

/**
 * Copies `source` to `temp` while hashing it, then fsyncs. Refuses what is not a regular file,
 * is empty, or grows past `maxBytes` (checked while reading, since a file may still be growing).
 */
async function copyHashing(source: string, temp: string, maxBytes: number): Promise<{ sha256: string; bytes: number }> {
  let input: fs.promises.FileHandle;
  try {
    input = await fs.promises.open(source, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NotFound', 'There is no file at this path. Check the path and try again.');
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('PermissionDenied', 'This file cannot be read: permission denied. Check its permissions.');
    if (code === 'EISDIR') throw new AppError('ValidationError', 'This is a folder, not a file. Give the files inside it.');
    throw new AppError('ValidationError', `This file cannot be opened (${code ?? 'unknown error'}).`);
  }
  try {
    const stat = await input.stat();
    if (stat.isDirectory()) throw new AppError('ValidationError', 'This is a folder, not a file. Give the files inside it.');
    if (!stat.isFile()) throw new AppError('ValidationError', 'This is not a regular file. Give a picture, video or audio file.');
    if (stat.size === 0) throw new AppError('ValidationError', 'This file is empty (0 bytes). Export it again.');
    if (stat.size > maxBytes) throw tooBig(stat.size, maxBytes);
    const output = await fs.promises.open(temp, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      let bytes = 0;
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        bytes += bytesRead;
        if (bytes > maxBytes) throw tooBig(bytes, maxBytes);
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await output.write(chunk);
      }
      if (bytes === 0) throw new AppError('ValidationError', 'This file is empty (0 bytes). Export it again.');
      await output.sync();
      return { sha256: hash.digest('hex'), bytes };
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

function tooBig(bytes: number, maxBytes: number): AppError {
  return new AppError(
    'ValidationError',
    `This file is ${formatBytes(bytes)} or more; the media library takes files up to ${formatBytes(maxBytes)}. Make it smaller, or raise PROMOGPT_MEDIA_MAX_BYTES.`,
  );
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function toItem(row: Row): MediaItem {
  return { ...row, kind: row.kind as MediaKind };
}
