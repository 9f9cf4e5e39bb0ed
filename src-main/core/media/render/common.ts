import { AppError } from '../../../../src-shared/errors';
import type { RenderInput } from './plan';

/**
 * x264 preset for every render: `veryfast` is ~2× quicker than `medium` on two cores for a few
 * per cent more bytes at the same CRF, which suits a desktop app waiting on a preview.
 */
export const X264_PRESET = 'veryfast';
export const CRF = '21';
export const OUTPUT_FPS = 30;
export const AUDIO_RATE = '48000';

/** Common to every run: no stdin (ffmpeg would read keys from it), progress on stdout as key=value. */
export const BASE_ARGS = ['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1'] as const;

export const h264 = (): string[] => ['-c:v', 'libx264', '-preset', X264_PRESET, '-crf', CRF, '-pix_fmt', 'yuv420p'];
export const aac = (bitrate = '160k'): string[] => ['-c:a', 'aac', '-b:a', bitrate, '-ar', AUDIO_RATE];
/** An MP4 that starts playing before it is fully downloaded; the muxer is named since outFile has a temp name. */
export const mp4Out = (): string[] => ['-movflags', '+faststart', '-f', 'mp4'];
/** Analysis runs write nothing: the null muxer; the runner gives '-' as their output. */
export const analyseOut = (): string[] => ['-f', 'null'];

/** `file:` stops ffmpeg reading a stored path as a protocol (`concat:`, `http:`…). */
export const inputArg = (file: string): string[] => ['-i', `file:${file}`];

/**
 * A number as ffmpeg reads it: plain decimal, at most 6 places, never exponent notation.
 * Only finite numbers we computed reach a filter graph; anything else is a bug.
 */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Not a finite number for ffmpeg: ${n}`);
  const s = n.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** Rounds down to an even integer ≥ 2 (H.264 with yuv420p needs even sides). */
export function even(n: number): number {
  return Math.max(2, 2 * Math.floor(n / 2));
}

/** The item or a NotFound naming the id: the caller resolved inputs from the request's ids. */
export function inputFor(inputs: ReadonlyMap<string, RenderInput>, id: string): RenderInput {
  const input = inputs.get(id);
  if (!input) throw new AppError('NotFound', `There is no media item with id ${id} in this workspace. Choose an item from the media library.`);
  return input;
}

/** A video with a picture size and a length, or a ValidationError saying what to choose instead. */
export function requireVideo(inputs: ReadonlyMap<string, RenderInput>, id: string, what: string): VideoInput {
  const input = inputFor(inputs, id);
  if (input.kind !== 'video' || !input.hasVideo) {
    throw new AppError('ValidationError', `${what} needs a video, and this item is ${article(input.kind)}. Choose a video from the media library.`);
  }
  if (!input.width || !input.height || !input.durationSeconds || input.durationSeconds <= 0) {
    throw new AppError('ValidationError', 'This video has no size or length ffprobe could read. Add the file to the library again, or export it again.');
  }
  return input as VideoInput;
}

/** A video or audio item with a length (trim and cut-silence take either). */
export function requireTimed(inputs: ReadonlyMap<string, RenderInput>, id: string, what: string): RenderInput & { durationSeconds: number } {
  const input = inputFor(inputs, id);
  if (input.kind === 'image') throw new AppError('ValidationError', `${what} needs a video or an audio file, and this item is a picture. Choose a video or audio item.`);
  if (!input.durationSeconds || input.durationSeconds <= 0) {
    throw new AppError('ValidationError', 'This item has no length ffprobe could read. Add the file to the library again, or export it again.');
  }
  return input as RenderInput & { durationSeconds: number };
}

export function requireImage(inputs: ReadonlyMap<string, RenderInput>, id: string, what: string): RenderInput & { width: number; height: number } {
  const input = inputFor(inputs, id);
  if (input.kind !== 'image') throw new AppError('ValidationError', `${what} needs a picture, and this item is ${article(input.kind)}. Choose a PNG, JPEG or WebP picture.`);
  if (!input.width || !input.height) throw new AppError('ValidationError', 'This picture has no size ffprobe could read. Add the file to the library again.');
  return input as RenderInput & { width: number; height: number };
}

export type VideoInput = RenderInput & { width: number; height: number; durationSeconds: number };

const article = (kind: RenderInput['kind']) => (kind === 'image' ? 'a picture' : kind === 'audio' ? 'an audio file' : 'a video');

/** Seconds as the user reads them in a message: "3.2 s". */
export const secondsText = (s: number): string => `${Math.round(s * 10) / 10} s`;
