import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { MediaKind } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../platform/logger';

const log = createLogger('media.thumbnails');

/** Pictures and frames fit in this box; smaller ones are not blown up. */
export const THUMBNAIL_BOX_PX = 480;
export const WAVEFORM_SIZE = '640x160';
const TIMEOUT_MS = 30_000;
const MAX_STDERR = 1024 * 1024;

/** The extension (no dot) a thumbnail of this kind is stored under: a JPEG for pictures and video, a PNG waveform for audio. */
export function thumbnailExt(kind: MediaKind): 'jpg' | 'png' {
  switch (kind) {
    case 'image':
    case 'video':
      return 'jpg';
    case 'audio':
      return 'png';
    default:
      throw new Error(`Unknown media kind: ${String(kind satisfies never)}`);
  }
}

export interface ThumbnailOptions {
  /** For video: the frame is taken at 10 % of it (or at 0 when unknown). */
  durationSeconds?: number | null;
  signal?: AbortSignal;
}

// Fit inside the box, keep the aspect ratio, never upscale, never reach 0 on a side (a 2x4000
// strip would, with force_original_aspect_ratio).
const FACTOR = `min(1,${THUMBNAIL_BOX_PX}/max(iw,ih))`;
const FIT = `scale=w='max(1,round(iw*${FACTOR}))':h='max(1,round(ih*${FACTOR}))'`;

/** The ffmpeg arguments for one thumbnail. Pure, so the argument list itself is tested. */
export function thumbnailArgs(file: string, kind: MediaKind, tempOut: string, atSeconds = 0): string[] {
  const common = ['-nostdin', '-v', 'error', '-y'];
  // A leading `-` in a path would read as an option; `file:` also stops ffmpeg treating it as a URL.
  const input = `file:${file}`;
  const output = `file:${tempOut}`;
  // One frame as a JPEG file (`-update 1`: a single picture, not an image sequence).
  const jpeg = ['-frames:v', '1', '-q:v', '4', '-f', 'image2', '-c:v', 'mjpeg', '-update', '1', output];
  switch (kind) {
    case 'image':
      // JPEG has no transparency: a logo's see-through parts go white, not black.
      return [
        ...common,
        '-i',
        input,
        '-filter_complex',
        `[0:v:0]${FIT},format=rgba,split[fg][bg0];[bg0]drawbox=c=white@1:t=fill[bg];[bg][fg]overlay=format=auto,format=yuvj420p[out]`,
        '-map',
        '[out]',
        ...jpeg,
      ];
    case 'video':
      return [
        ...common,
        ...(atSeconds > 0 ? ['-ss', atSeconds.toFixed(3)] : []),
        '-i',
        input,
        '-map',
        '0:v:0',
        '-vf',
        `${FIT},format=yuvj420p`,
        ...jpeg,
      ];
    case 'audio':
      // Mono and a low rate first: showwavespic keeps every sample until the end, and 640 columns need few.
      return [
        ...common,
        '-i',
        input,
        '-filter_complex',
        `[0:a:0]aformat=channel_layouts=mono,aresample=8000,showwavespic=s=${WAVEFORM_SIZE}:scale=sqrt:colors=0x5b8def[out]`,
        '-map',
        '[out]',
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-c:v',
        'png',
        '-update',
        '1',
        output,
      ];
    default:
      throw new Error(`Unknown media kind: ${String(kind satisfies never)}`);
  }
}

/**
 * Makes a small preview of a media file at `outFile` with ffmpeg: pictures and video frames
 * as JPEG fitted in 480x480, audio as a 640x160 PNG waveform. Written to a temp file next to
 * `outFile` and renamed, so `outFile` is either whole or absent. Throws an AppError when no
 * thumbnail can be made; callers treat that as "no thumbnail", never as a failed upload.
 */
export async function makeThumbnail(ffmpegPath: string, file: string, kind: MediaKind, outFile: string, opts: ThumbnailOptions = {}): Promise<void> {
  const at = kind === 'video' ? frameTime(opts.durationSeconds) : 0;
  const temp = `${outFile}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await runFfmpeg(ffmpegPath, thumbnailArgs(file, kind, temp, at), { file, temp, kind, signal: opts.signal });
    // Seeking past the last frame (a duration that was wrong) writes nothing: try the first frame.
    if (!hasContent(temp) && at > 0) {
      await runFfmpeg(ffmpegPath, thumbnailArgs(file, kind, temp, 0), { file, temp, kind, signal: opts.signal });
    }
    if (!hasContent(temp)) throw new AppError('ValidationError', 'No thumbnail could be made: ffmpeg found no picture in this file.');
    fs.renameSync(temp, outFile);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function frameTime(duration: number | null | undefined): number {
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) return 0;
  return duration * 0.1;
}

function hasContent(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

function runFfmpeg(ffmpegPath: string, args: string[], ctx: { file: string; temp: string; kind: MediaKind; signal: AbortSignal | undefined }): Promise<void> {
  if (ctx.signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    execFile(
      ffmpegPath,
      args,
      { timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: MAX_STDERR, windowsHide: true, encoding: 'utf8', ...(ctx.signal ? { signal: ctx.signal } : {}) },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        if (ctx.signal?.aborted) return reject(cancelled());
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: number | string | null };
        if (e.code === 'ENOENT') return reject(new AppError('DependencyMissing', 'ffmpeg was not found, so no thumbnail was made. Install ffmpeg, or set FFMPEG_BIN.'));
        // Paths are the user's business: they stay out of the log line.
        const detail = String(stderr ?? '')
          .split(ctx.file)
          .join('<input>')
          .split(ctx.temp)
          .join('<output>')
          .slice(0, 500);
        log.warn('thumbnail failed', { kind: ctx.kind, exit: e.code ?? null, signal: e.signal ?? null, detail });
        if (e.killed && e.signal === 'SIGKILL') {
          return reject(new AppError('Transient', `No thumbnail was made: ffmpeg took longer than ${TIMEOUT_MS / 1000} seconds.`));
        }
        reject(new AppError('ValidationError', 'No thumbnail could be made: ffmpeg could not read this file.'));
      },
    );
  });
}

function cancelled(): AppError {
  return new AppError('Cancelled', 'Making the thumbnail was cancelled.');
}
