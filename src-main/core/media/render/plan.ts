import { missingCaseError } from '../../../../src-shared/assert';
import type { MediaCapabilities, RenderRequest } from '../../../../src-shared/domain';
import type { PlatformLimits } from '../../../../src-shared/platforms/limits';
import type { Platform } from '../../../../src-shared/platforms/platform';
import { planCaptions } from './captions';
import { planCutSilence } from './cut-silence';
import { planEnhance } from './enhance';
import { planExtractAudio } from './extract-audio';
import { planFrame } from './frame';
import { planImageToVideo } from './image-to-video';
import { planReformat } from './reformat';
import { planTrim } from './trim';
import { planWatermark } from './watermark';

/** One stored media item as a render reads it (from its media row and probe). */
export interface RenderInput {
  id: string;
  /** Absolute path of the stored file. */
  file: string;
  kind: 'image' | 'video' | 'audio';
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  frameRate: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
}

export interface RenderContext {
  /** An empty private temp folder for side files (the .ass file, vidstab transforms). */
  workDir: string;
  /** Absolute path of resources/fonts: captions use only the fonts in it. */
  fontsDir: string;
  capabilities: MediaCapabilities;
  /** A platform's limits with the user's overrides (a Mastodon instance's own); default: DEFAULT_LIMITS. */
  platformLimits?: Partial<Record<Platform, PlatformLimits>>;
}

/** What analysis steps measured, for the steps after them. */
export interface Measurements {
  loudnorm?: LoudnormMeasurement;
  /** Silent stretches silencedetect found, in input seconds; `end` null = silent to the end. */
  silences?: { start: number; end: number | null }[];
}

export interface LoudnormMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

/** Arguments worked out from earlier measurements, with the seconds this step will write. */
export interface BuiltArgs {
  args: readonly string[];
  seconds: number;
}

/**
 * One ffmpeg run. `args` never holds the output file: the runner appends `outFile` to the step
 * with `output: true` and nothing to analysis steps (their args end in `-f null -`).
 */
export interface FfmpegStep {
  label: string;
  /** Fixed args, or args built from what earlier steps measured (two-pass loudnorm, silence bounds). */
  args: readonly string[] | ((m: Measurements) => BuiltArgs);
  /** Seconds this step reads or writes, for progress; an upper bound for built args. */
  seconds: number;
  output: boolean;
  /** What the runner reads from this step's log for later steps. */
  measure?: 'loudnorm' | 'silence';
}

export interface RenderPlan {
  /** Usually 1; 2 for vidstab detect→transform, two-pass loudnorm or silence detection. */
  steps: FfmpegStep[];
  outputExt: 'mp4' | 'jpg' | 'png' | 'm4a';
  /** Duration of the output, for progress; 0 for a single frame; an upper bound for cut-silence. */
  expectedSeconds: number;
}

/**
 * Turns a validated request into ffmpeg runs. Pure: it reads nothing but may write side files
 * (captions) into ctx.workDir. Throws a ValidationError saying what to do for a request the
 * inputs cannot meet.
 */
export function planRender(request: RenderRequest, inputs: ReadonlyMap<string, RenderInput>, ctx: RenderContext): RenderPlan {
  switch (request.kind) {
    case 'image-to-video':
      return planImageToVideo(request, inputs);
    case 'enhance':
      return planEnhance(request, inputs, ctx);
    case 'reformat':
      return planReformat(request, inputs, ctx);
    case 'captions':
      return planCaptions(request, inputs, ctx);
    case 'trim':
      return planTrim(request, inputs);
    case 'cut-silence':
      return planCutSilence(request, inputs);
    case 'frame':
      return planFrame(request, inputs);
    case 'extract-audio':
      return planExtractAudio(request, inputs);
    case 'watermark':
      return planWatermark(request, inputs);
    default:
      throw missingCaseError(request);
  }
}

