import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, count, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { CaptionTrack, CaptionTrackInfo, MediaAddResult, MediaItem, MediaKind, MediaLineage } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { mediaItems, postTargets } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { DataLayout } from '../platform/paths';
import { findTool } from '../platform/tools';
import type { Workspaces } from '../workspace/workspaces';
import type { EventBus } from '../events';
import { assertVideo, captionsByItem, captionTracks, deleteCaptions, saveCaptions } from './captions';
import { probeFile, type MediaProbe } from './probe';
import { displayFileName } from './file-name';
import { makeThumbnail, thumbnailExt } from './thumbnails';
import { MAX_LOUDNESS_SECONDS, measureLoudness, shouldMeasureLoudness } from './loudness';

const log = createLogger('media');

/** Files larger than this are refused unless PROMOGPT_MEDIA_MAX_BYTES says otherwise. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const TEMP_PREFIX = '.incoming-';
/** Where the media route streams uploads before they are added (inside the media folder: same disk, so a rename moves them). */
const UPLOADS = '.uploads';
/** A temp file this old is left from a crash, not a copy still running. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

export interface MediaLibraryDeps {
  workspaces: Workspaces;
  layout: DataLayout;
  clock: Clock;
  ids: IdGenerator;
  env: NodeJS.ProcessEnv;
  events?: EventBus;
  /** Files with sound up to this many seconds get their loudness measured (default 15 minutes). */
  loudnessMaxSeconds?: number;
}

/** A file PromoGPT made, ready to join the library: where it is now (it is moved), and how it was made. */
export interface DerivedFile {
  file: string;
  fileName: string;
  /** Null for a file made from no library item (an AI generation: its history row links to it). */
  lineage: MediaLineage | null;
}

type Row = typeof mediaItems.$inferSelect;

/** A workspace's media library: files stored by content hash inside its `media/` folder. */
export class MediaLibrary {
  private ffprobe?: Promise<string>;
  private ffmpeg?: Promise<string>;
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
    if (results.some((r) => r.ok)) this.changed(workspaceId);
    return results;
  }

  /** Adds a file the media route received: `file` is a temp file in `uploadDir`, `fileName` what the user's file was called. */
  async addUpload(workspaceId: string, file: string, fileName: string): Promise<MediaAddResult> {
    try {
      const { item, deduplicated } = await this.addOne(workspaceId, file, fileName);
      this.changed(workspaceId);
      return { path: displayFileName(fileName), ok: true, item, deduplicated };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { path: displayFileName(fileName), ok: false, error: { name: error.name, message: error.message } };
    }
  }

  /** Where uploads wait while they stream in. */
  uploadDir(workspaceId: string): string {
    this.deps.workspaces.get(workspaceId);
    return path.join(this.mediaDir(workspaceId), UPLOADS);
  }

  /**
   * Moves a file a render made into the library, with its lineage. The file is probed like any
   * upload: a render that produced something unreadable fails here, not in the user's post.
   */
  async addDerived(workspaceId: string, derived: DerivedFile): Promise<MediaItem> {
    const { sha256, bytes } = await hashFile(derived.file);
    const { item } = await this.store(workspaceId, derived.file, { sha256, bytes, fileName: derived.fileName, lineage: derived.lineage });
    this.changed(workspaceId);
    return item;
  }

  /** Newest first. `search` matches the file name, alt text and tags. */
  list(workspaceId: string, opts: { kind?: MediaKind; tag?: string; search?: string } = {}): MediaItem[] {
    const where: SQL[] = [];
    if (opts.kind) where.push(eq(mediaItems.kind, opts.kind));
    if (opts.tag) where.push(sql`exists (select 1 from json_each(${mediaItems.tags}) where value = ${opts.tag.trim().toLowerCase()})`);
    const search = opts.search?.trim().toLowerCase();
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        sql`(lower(${mediaItems.fileName}) like ${like} escape '\\' or lower(coalesce(${mediaItems.altText}, '')) like ${like} escape '\\' or ${mediaItems.tags} like ${like} escape '\\')`,
      );
    }
    const db = this.deps.workspaces.db(workspaceId);
    const captions = captionsByItem(db);
    return db.orm
      .select()
      .from(mediaItems)
      .where(and(...where))
      .orderBy(desc(mediaItems.createdAt), desc(mediaItems.id))
      .all()
      .map((row) => toItem(row, captions.get(row.id)));
  }

  get(workspaceId: string, id: string): MediaItem {
    const db = this.deps.workspaces.db(workspaceId);
    const row = db.orm.select().from(mediaItems).where(eq(mediaItems.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no media item with id ${id} in this workspace. Run \`promogpt media list\` to see them.`);
    return toItem(row, captionsByItem(db).get(id));
  }

  /** Keeps SRT or WebVTT text as a video's captions file in `lang` (replacing that language's). */
  setCaptions(workspaceId: string, id: string, lang: string, text: string): MediaItem {
    assertVideo(this.get(workspaceId, id));
    saveCaptions(this.deps.workspaces.db(workspaceId), id, lang, text, this.deps.clock.now().toISOString());
    this.changed(workspaceId);
    return this.get(workspaceId, id);
  }

  removeCaptions(workspaceId: string, id: string, lang: string): MediaItem {
    this.get(workspaceId, id);
    deleteCaptions(this.deps.workspaces.db(workspaceId), id, lang);
    this.changed(workspaceId);
    return this.get(workspaceId, id);
  }

  /** A video's caption files as WebVTT, by language. */
  captions(workspaceId: string, id: string): CaptionTrack[] {
    this.get(workspaceId, id);
    return captionTracks(this.deps.workspaces.db(workspaceId), id);
  }

  setAltText(workspaceId: string, id: string, altText: string): MediaItem {
    this.get(workspaceId, id);
    const value = altText.trim() === '' ? null : altText;
    this.deps.workspaces.db(workspaceId).write((orm) => orm.update(mediaItems).set({ altText: value }).where(eq(mediaItems.id, id)).run());
    this.changed(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Replaces the tags: lower-cased, trimmed, duplicates dropped, in the order given. */
  setTags(workspaceId: string, id: string, tags: string[]): MediaItem {
    this.get(workspaceId, id);
    const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
    this.deps.workspaces.db(workspaceId).write((orm) => orm.update(mediaItems).set({ tags: JSON.stringify(clean) }).where(eq(mediaItems.id, id)).run());
    this.changed(workspaceId);
    return this.get(workspaceId, id);
  }

  /** The absolute path of an item's thumbnail, or null when it has none (or the file went missing). */
  thumbnailFile(workspaceId: string, item: Pick<MediaItem, 'id'>): string | null {
    const row = this.deps.workspaces.db(workspaceId).orm.select({ thumbnailPath: mediaItems.thumbnailPath }).from(mediaItems).where(eq(mediaItems.id, item.id)).get();
    if (!row?.thumbnailPath) return null;
    const file = this.storedFile(workspaceId, row.thumbnailPath);
    return fs.existsSync(file) ? file : null;
  }

  /**
   * Deletes the item and its file (unless another item still points at the same file). Refused
   * while a post not yet published (waiting, or failed and retryable) carries the file: its
   * publish would find it gone.
   */
  remove(workspaceId: string, id: string): { id: string } {
    const item = this.get(workspaceId, id);
    const waiting = this.deps.workspaces
      .db(workspaceId)
      .orm.select({ n: count() })
      .from(postTargets)
      .where(and(inArray(postTargets.state, ['queued', 'publishing', 'failed', 'needs_attention']), like(postTargets.variant, `%${item.sha256}%`)))
      .get()?.n;
    if (waiting) {
      throw new AppError(
        'Conflict',
        `"${item.fileName}" is attached to ${waiting === 1 ? 'a post' : `${waiting} posts`} not yet published. Cancel ${waiting === 1 ? 'that post' : 'those posts'} or change ${waiting === 1 ? 'its' : 'their'} media first, then remove it.`,
        { posts: waiting },
      );
    }
    const thumbnail = this.thumbnailFile(workspaceId, item);
    const db = this.deps.workspaces.db(workspaceId);
    const stillUsed = db.write((orm) => {
      orm.delete(mediaItems).where(eq(mediaItems.id, id)).run();
      return orm.select({ id: mediaItems.id }).from(mediaItems).where(eq(mediaItems.storedPath, item.storedPath)).get() !== undefined;
    });
    if (!stillUsed) {
      fs.rmSync(this.storedFile(workspaceId, item.storedPath), { force: true });
      if (thumbnail) fs.rmSync(thumbnail, { force: true });
    }
    log.info('media removed', { id });
    this.changed(workspaceId);
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

  private async addOne(workspaceId: string, source: string, fileName = source): Promise<{ item: MediaItem; deduplicated: boolean }> {
    const maxBytes = this.maxBytes();
    const mediaDir = this.mediaDir(workspaceId);
    fs.mkdirSync(mediaDir, { recursive: true, mode: 0o700 });
    this.sweepStaleTemps(workspaceId, mediaDir);
    const temp = path.join(mediaDir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      const { sha256, bytes } = await copyHashing(path.resolve(source), temp, maxBytes);
      return await this.store(workspaceId, temp, { sha256, bytes, fileName, lineage: null });
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /**
   * Files `temp` (inside the media folder; moved, not copied) under its hash, with a row and a
   * thumbnail. Content already in the library keeps its row: the same file is never stored twice.
   */
  private async store(
    workspaceId: string,
    temp: string,
    file: { sha256: string; bytes: number; fileName: string; lineage: MediaLineage | null },
  ): Promise<{ item: MediaItem; deduplicated: boolean }> {
    const { sha256, bytes } = file;
    const ffprobe = await this.findTool('ffprobe');
    const db = this.deps.workspaces.db(workspaceId);
    const existing = db.orm.select().from(mediaItems).where(eq(mediaItems.sha256, sha256)).get();
    if (existing) {
      // The row outlived its file (deleted by hand?): the copy we just made puts it back.
      const stored = this.storedFile(workspaceId, existing.storedPath);
      if (!fs.existsSync(stored)) {
        fs.mkdirSync(path.dirname(stored), { recursive: true, mode: 0o700 });
        fs.renameSync(temp, stored);
      }
      return { item: this.get(workspaceId, existing.id), deduplicated: true };
    }

    // The copy is probed, not the original: it has no extension to mislead ffprobe, and cannot change under us.
    const probe = await probeFile(ffprobe, temp);
    const storedPath = `media/${sha256.slice(0, 2)}/${sha256}.${probe.ext}`;
    const final = this.storedFile(workspaceId, storedPath);
    fs.mkdirSync(path.dirname(final), { recursive: true, mode: 0o700 });
    fs.renameSync(temp, final);
    // Both read the whole stored file and are best effort: run side by side.
    const [thumbnailPath, loudnessLufs] = await Promise.all([this.thumbnail(workspaceId, final, sha256, probe), this.loudness(final, probe)]);
    const row: Row = {
      id: this.deps.ids('media'),
      kind: probe.kind,
      sha256,
      fileName: displayFileName(file.fileName),
      storedPath,
      mimeType: probe.mimeType,
      bytes,
      width: probe.width,
      height: probe.height,
      durationSeconds: probe.durationSeconds,
      videoCodec: probe.videoCodec,
      audioCodec: probe.audioCodec,
      frameRate: probe.frameRate,
      loudnessLufs,
      altText: null,
      tags: '[]',
      thumbnailPath,
      renderId: file.lineage?.renderId ?? null,
      sourceIds: file.lineage ? JSON.stringify(file.lineage.sourceIds) : null,
      renderRequest: file.lineage ? JSON.stringify(file.lineage.request) : null,
      createdAt: this.deps.clock.now().toISOString(),
    };
    // Another add of the same content may have finished while we probed: keep its row.
    const inserted = db.write((orm) => {
      const raced = orm.select().from(mediaItems).where(eq(mediaItems.sha256, sha256)).get();
      if (raced) return { row: raced, deduplicated: true };
      orm.insert(mediaItems).values(row).run();
      return { row, deduplicated: false };
    });
    log.info('media added', { id: inserted.row.id, kind: inserted.row.kind, bytes, derived: file.lineage !== null });
    return { item: toItem(inserted.row), deduplicated: inserted.deduplicated };
  }

  /** A preview picture, best effort: a file ffmpeg cannot draw is still a fine upload, just without one. */
  private async thumbnail(workspaceId: string, file: string, sha256: string, probe: MediaProbe): Promise<string | null> {
    const thumbnailPath = `media/thumbs/${sha256}.${thumbnailExt(probe.kind)}`;
    const out = this.storedFile(workspaceId, thumbnailPath);
    if (fs.existsSync(out)) return thumbnailPath;
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
      await makeThumbnail(await this.findTool('ffmpeg'), file, probe.kind, out, { durationSeconds: probe.durationSeconds });
      return thumbnailPath;
    } catch (error) {
      log.warn('no thumbnail for a media file', { kind: probe.kind, error });
      return null;
    }
  }

  /** Integrated loudness, only where cheap: files with sound up to `loudnessMaxSeconds`. Null otherwise, or on any failure. */
  private async loudness(file: string, probe: MediaProbe): Promise<number | null> {
    if (!shouldMeasureLoudness(probe, this.deps.loudnessMaxSeconds ?? MAX_LOUDNESS_SECONDS)) return null;
    try {
      return await measureLoudness(await this.findTool('ffmpeg'), file);
    } catch (error) {
      log.warn('loudness not measured', { kind: probe.kind, error });
      return null;
    }
  }

  private changed(workspaceId: string): void {
    this.deps.events?.emit('media.changed', { workspaceId });
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
        // Files are interrupted copies; folders are renders' work folders.
        if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true, recursive: true });
      } catch {
        // Gone already, or another process is busy with it.
      }
    }
  }

  /** The ffmpeg or ffprobe binary, looked up once per library. */
  findTool(tool: 'ffmpeg' | 'ffprobe'): Promise<string> {
    const cached = tool === 'ffmpeg' ? this.ffmpeg : this.ffprobe;
    if (cached) return cached;
    const lookup = findTool(tool, this.deps.env).then(({ found, tried }) => {
      if (found) return found.path;
      if (tool === 'ffmpeg') this.ffmpeg = undefined;
      else this.ffprobe = undefined;
      const detail = tried.length > 0 ? ` (${tried.join('; ')})` : '';
      const variable = tool === 'ffmpeg' ? 'FFMPEG_BIN' : 'FFPROBE_BIN';
      throw new AppError('DependencyMissing', `${tool} was not found${detail}. Install ffmpeg, or set ${variable} to its ${tool}, then try again.`);
    });
    if (tool === 'ffmpeg') this.ffmpeg = lookup;
    else this.ffprobe = lookup;
    return lookup;
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

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function toItem(row: Row, captions: CaptionTrackInfo[] = []): MediaItem {
  const { tags, thumbnailPath, renderId, sourceIds, renderRequest, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as MediaKind,
    tags: JSON.parse(tags) as string[],
    hasThumbnail: thumbnailPath !== null,
    lineage: renderId && sourceIds && renderRequest ? { renderId, sourceIds: JSON.parse(sourceIds) as string[], request: JSON.parse(renderRequest) as MediaLineage['request'] } : null,
    captions,
  };
}
