import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { MediaKind } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';

const run = promisify(execFile);

/** Pictures larger than this on either side are refused: decoding them would take gigabytes. */
export const MAX_SIDE_PX = 16_384;
const PROBE_TIMEOUT_MS = 30_000;

/** What probing a file's content found, in our words. */
export interface MediaProbe {
  kind: MediaKind;
  /** The extension the file is stored under, from its content (never from its name). */
  ext: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  frameRate: number | null;
}

// Only the fields we read; ffprobe prints many more.
const ffprobeOutput = z.object({
  format: z.object({
    format_name: z.string(),
    duration: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
  streams: z.array(
    z.object({
      codec_type: z.string().optional(),
      codec_name: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      duration: z.string().optional(),
      avg_frame_rate: z.string().optional(),
      r_frame_rate: z.string().optional(),
      disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
    }),
  ),
});
type FfprobeOutput = z.infer<typeof ffprobeOutput>;
type Stream = FfprobeOutput['streams'][number];

/** Single-frame picture formats: ffprobe's demuxer name → our extension and MIME type. */
const IMAGE_FORMATS: Record<string, { ext: string; mimeType: string }> = {
  png_pipe: { ext: 'png', mimeType: 'image/png' },
  jpeg_pipe: { ext: 'jpg', mimeType: 'image/jpeg' },
  webp_pipe: { ext: 'webp', mimeType: 'image/webp' },
  gif: { ext: 'gif', mimeType: 'image/gif' },
  bmp_pipe: { ext: 'bmp', mimeType: 'image/bmp' },
  tiff_pipe: { ext: 'tiff', mimeType: 'image/tiff' },
};
const IMAGE_CODECS = new Set(['png', 'mjpeg', 'webp', 'gif', 'bmp', 'tiff']);

const unsupported = (what: string) =>
  new AppError('ValidationError', `This file is ${what}, which the media library does not take. Use a PNG, JPEG, WebP or GIF picture, an MP4, MOV or WebM video, or an MP3, WAV, M4A, FLAC or OGG audio file.`);

/**
 * Runs ffprobe on a file and decides from its content what it is. The path is passed as one
 * argument (never through a shell), and callers give a file they named themselves.
 */
export async function probeFile(ffprobe: string, file: string): Promise<MediaProbe> {
  let stdout: string;
  try {
    // `file:` stops ffprobe reading a name as a protocol (`http:`, `concat:`…).
    ({ stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', `file:${file}`], {
      timeout: PROBE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      windowsHide: true,
    }));
  } catch (error) {
    const timedOut = (error as { killed?: boolean }).killed === true;
    throw new AppError(
      'ValidationError',
      timedOut
        ? 'Reading this file took too long; it may be damaged. Check that it plays, or export it again.'
        : 'This file is not a picture, video or audio file ffprobe can read, or it is damaged or incomplete. Check that it opens in a player, or export it again.',
    );
  }
  let parsed: FfprobeOutput;
  try {
    parsed = ffprobeOutput.parse(JSON.parse(stdout));
  } catch {
    throw new AppError('ValidationError', 'ffprobe could not describe this file; it may be damaged. Check that it opens in a player.');
  }
  return classify(parsed);
}

/** Decides image, video or audio from probe output; throws a ValidationError for anything else. */
export function classify(probe: FfprobeOutput): MediaProbe {
  const formats = probe.format.format_name.split(',');
  const videos = probe.streams.filter((s) => s.codec_type === 'video');
  const audios = probe.streams.filter((s) => s.codec_type === 'audio');
  // Cover art in a music file is a video stream too, but not a moving picture.
  const moving = videos.filter((s) => s.disposition?.attached_pic !== 1);
  const image = IMAGE_FORMATS[probe.format.format_name];

  if (image || probe.format.format_name === 'image2') {
    const stream = videos[0];
    if (!stream?.codec_name || !IMAGE_CODECS.has(stream.codec_name) || audios.length > 0) throw unsupported('an unusual picture format');
    const type = image ?? IMAGE_FORMATS[`${stream.codec_name === 'mjpeg' ? 'jpeg' : stream.codec_name}_pipe`];
    if (!type) throw unsupported(`a ${stream.codec_name} picture`);
    const { width, height } = dimensions(stream);
    return { kind: 'image', ...type, width, height, durationSeconds: null, videoCodec: stream.codec_name, audioCodec: null, frameRate: null };
  }

  const duration = durationOf(probe);
  if (moving.length > 0) {
    const stream = moving[0] as Stream;
    const container = videoContainer(formats, probe, stream, audios[0]);
    if (!container) throw unsupported(`a video in the ${probe.format.format_name} format`);
    if (!(duration > 0)) throw new AppError('ValidationError', 'This video has no length ffprobe can read; it may be damaged or incomplete. Export it again.');
    const { width, height } = dimensions(stream);
    return {
      kind: 'video',
      ...container,
      width,
      height,
      durationSeconds: duration,
      videoCodec: stream.codec_name ?? null,
      audioCodec: audios[0]?.codec_name ?? null,
      frameRate: frameRate(stream),
    };
  }

  if (audios.length > 0) {
    const container = audioContainer(formats, probe.format.format_name);
    if (!container) throw unsupported(`audio in the ${probe.format.format_name} format`);
    if (!(duration > 0)) throw new AppError('ValidationError', 'This audio file has no length ffprobe can read; it may be damaged or incomplete. Export it again.');
    return {
      kind: 'audio',
      ...container,
      width: null,
      height: null,
      durationSeconds: duration,
      videoCodec: null,
      audioCodec: audios[0]?.codec_name ?? null,
      frameRate: null,
    };
  }
  throw unsupported('neither a picture, a video nor audio');
}

function dimensions(stream: Stream): { width: number; height: number } {
  const { width, height } = stream;
  if (!width || !height || width <= 0 || height <= 0) throw new AppError('ValidationError', 'This file has no picture size ffprobe can read; it may be damaged. Export it again.');
  if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) {
    throw new AppError('ValidationError', `This picture is ${width}×${height} pixels; the media library takes at most ${MAX_SIDE_PX} pixels a side. Scale it down first.`);
  }
  return { width, height };
}

function durationOf(probe: FfprobeOutput): number {
  const candidates = [probe.format.duration, ...probe.streams.map((s) => s.duration)];
  for (const value of candidates) {
    const n = Number(value);
    if (value !== undefined && Number.isFinite(n) && n > 0) return n;
  }
  return 0;
}

function frameRate(stream: Stream): number | null {
  for (const value of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const [num, den] = (value ?? '').split('/').map(Number);
    if (num && den && Number.isFinite(num / den) && num / den > 0) return Math.round((num / den) * 1000) / 1000;
  }
  return null;
}

function videoContainer(formats: string[], probe: FfprobeOutput, video: Stream, audio: Stream | undefined): { ext: string; mimeType: string } | undefined {
  if (formats.includes('mov') || formats.includes('mp4')) {
    return probe.format.tags?.major_brand?.trim() === 'qt' ? { ext: 'mov', mimeType: 'video/quicktime' } : { ext: 'mp4', mimeType: 'video/mp4' };
  }
  if (formats.includes('matroska') || formats.includes('webm')) {
    const webm = ['vp8', 'vp9', 'av1'].includes(video.codec_name ?? '') && (!audio || ['opus', 'vorbis'].includes(audio.codec_name ?? ''));
    return webm ? { ext: 'webm', mimeType: 'video/webm' } : { ext: 'mkv', mimeType: 'video/x-matroska' };
  }
  if (formats.includes('avi')) return { ext: 'avi', mimeType: 'video/x-msvideo' };
  if (formats.includes('mpegts')) return { ext: 'ts', mimeType: 'video/mp2t' };
  // An animated GIF is kept as a picture above; anything else is not a container we support.
  return undefined;
}

function audioContainer(formats: string[], name: string): { ext: string; mimeType: string } | undefined {
  if (name === 'mp3') return { ext: 'mp3', mimeType: 'audio/mpeg' };
  if (name === 'wav') return { ext: 'wav', mimeType: 'audio/wav' };
  if (name === 'flac') return { ext: 'flac', mimeType: 'audio/flac' };
  if (name === 'ogg') return { ext: 'ogg', mimeType: 'audio/ogg' };
  if (name === 'aac') return { ext: 'aac', mimeType: 'audio/aac' };
  if (formats.includes('mov') || formats.includes('mp4')) return { ext: 'm4a', mimeType: 'audio/mp4' };
  if (formats.includes('matroska') || formats.includes('webm')) return { ext: 'webm', mimeType: 'audio/webm' };
  return undefined;
}
