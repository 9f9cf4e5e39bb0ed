import path from 'node:path';
import type { EnhanceRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { AUDIO_RATE, BASE_ARGS, aac, analyseOut, even, h264, inputArg, mp4Out, num, requireVideo, secondsText, type VideoInput } from './common';
import { escapeFilterPath } from './escape';
import type { FfmpegStep, LoudnormMeasurement, Measurements, RenderContext, RenderInput, RenderPlan } from './plan';

const TRUE_PEAK = -1.5;
const LRA = 11;
const UPSCALE_SHORT_SIDE = 1080;
const LABEL_FONT = 'DejaVuSans-Bold.ttf';

/**
 * Denoise, sharpen, colour, deflicker, stabilise, loudness and upscale in one encode. Stabilising
 * with vidstab and normalising loudness both need a first pass over the input; they share one
 * analysis run, and the encode uses what it measured.
 */
export function planEnhance(request: EnhanceRequest, inputs: ReadonlyMap<string, RenderInput>, ctx: RenderContext): RenderPlan {
  const video = requireVideo(inputs, request.videoId, 'Enhancing');
  const wantsVideo =
    request.denoise || request.sharpen || request.deflicker || request.stabilise || request.upscale !== undefined || colourChanged(request);
  if (!wantsVideo && request.loudnorm === undefined) {
    throw new AppError('ValidationError', 'Choose at least one enhancement: denoise, sharpen, colour, deflicker, stabilise, loudness or upscale.');
  }
  if (request.loudnorm !== undefined && !video.hasAudio) {
    throw new AppError('ValidationError', 'This video has no sound, so its loudness cannot be set. Turn loudness off.');
  }
  const stabiliser = request.stabilise ? ctx.capabilities.stabilise : undefined;
  if (request.stabilise && !stabiliser) {
    throw new AppError('ValidationError', 'This ffmpeg build has no stabiliser (neither vidstab nor deshake). Turn stabilise off, or install an ffmpeg built with libvidstab.');
  }

  // The segment read: all of it, or the preview's part.
  let from = 0;
  let seconds = video.durationSeconds;
  if (request.preview) {
    from = request.preview.fromSeconds;
    if (from >= video.durationSeconds) {
      throw new AppError('ValidationError', `The preview starts at ${secondsText(from)}, after the end of this ${secondsText(video.durationSeconds)} video. Start it earlier.`);
    }
    seconds = Math.min(request.preview.seconds, video.durationSeconds - from);
  }
  const segment = from > 0 ? ['-ss', num(from), '-t', num(seconds)] : request.preview ? ['-t', num(seconds)] : [];
  const input = [...segment, ...inputArg(video.file)];
  const trf = path.join(ctx.workDir, 'stabilise.trf');
  const vidstab = stabiliser === 'vidstab';
  const measureLoudness = request.loudnorm !== undefined;

  const steps: FfmpegStep[] = [];
  if (vidstab || measureLoudness) {
    const args = [...BASE_ARGS, ...input];
    if (vidstab) args.push('-map', '0:v:0', '-vf', `vidstabdetect=shakiness=5:accuracy=15:result=${escapeFilterPath(trf)}`);
    if (measureLoudness) args.push('-map', '0:a:0', '-af', `${loudnormFilter(request.loudnorm as number)}:print_format=json`);
    args.push(...analyseOut());
    steps.push({ label: 'enhance: measure', args, seconds, output: false, ...(measureLoudness ? { measure: 'loudnorm' as const } : {}) });
  }

  const size = outputSize(video, request.upscale !== undefined);
  const chain = videoChain(request, video, stabiliser ?? null, trf, size);
  const build = (m: Measurements) => {
    const graph: string[] = [];
    if (request.preview) {
      // Original left, enhanced right, each labelled, at the enhanced size.
      const font = escapeFilterPath(path.join(ctx.fontsDir, LABEL_FONT));
      const label = (text: string) =>
        `drawtext=fontfile=${font}:text=${text}:x=16:y=16:fontsize=${Math.max(14, Math.round(size.height / 24))}:fontcolor=white:box=1:boxcolor=black@0.5:boxborderw=8`;
      graph.push('[0:v:0]split=2[orig][work]');
      graph.push(`[orig]scale=${size.width}:${size.height}:flags=lanczos,setsar=1,${label('Original')}[left]`);
      graph.push(`[work]${chain},${label('Enhanced')}[right]`);
      graph.push('[left][right]hstack=inputs=2,format=yuv420p[v]');
    } else {
      graph.push(`[0:v:0]${chain},format=yuv420p[v]`);
    }
    const audio: string[] = [];
    if (video.hasAudio) {
      const target = request.loudnorm;
      if (target !== undefined) {
        if (!m.loudnorm) throw new Error('The loudness measurement is missing');
        // loudnorm leaves the channel layout unset, which the AAC encoder cannot negotiate; name it.
        graph.push(`[0:a:0]${loudnormApply(target, m.loudnorm)},aresample=${AUDIO_RATE},aformat=channel_layouts=stereo[a]`);
        audio.push('-map', '[a]');
      } else {
        audio.push('-map', '0:a:0');
      }
      audio.push(...aac());
    }
    return { args: [...BASE_ARGS, ...input, '-filter_complex', graph.join(';'), '-map', '[v]', ...audio, ...h264(), '-t', num(seconds), ...mp4Out()], seconds };
  };
  steps.push({ label: 'enhance', args: measureLoudness ? build : build({}).args, seconds, output: true });
  return { steps, outputExt: 'mp4', expectedSeconds: seconds };
}

const colourChanged = (r: EnhanceRequest) =>
  (r.brightness !== undefined && r.brightness !== 0) || (r.contrast !== undefined && r.contrast !== 1) || (r.saturation !== undefined && r.saturation !== 1);

/** Upscale: the short side to 1080 with lanczos, aspect kept, sides even; never a downscale. */
export function outputSize(video: VideoInput, upscale: boolean): { width: number; height: number } {
  const short = Math.min(video.width, video.height);
  if (!upscale || short >= UPSCALE_SHORT_SIDE) return { width: even(video.width), height: even(video.height) };
  const k = UPSCALE_SHORT_SIDE / short;
  return { width: even(Math.round(video.width * k)), height: even(Math.round(video.height * k)) };
}

function videoChain(request: EnhanceRequest, video: VideoInput, stabiliser: 'vidstab' | 'deshake' | null, trf: string, size: { width: number; height: number }): string {
  const filters: string[] = [];
  if (stabiliser === 'vidstab') filters.push(`vidstabtransform=input=${escapeFilterPath(trf)}:smoothing=10:optzoom=1:interpol=bicubic`);
  if (stabiliser === 'deshake') filters.push('deshake');
  if (request.deflicker) filters.push('deflicker=size=5:mode=am');
  if (request.denoise) filters.push('hqdn3d=4:3:6:4.5');
  if (colourChanged(request)) {
    filters.push(`eq=brightness=${num(request.brightness ?? 0)}:contrast=${num(request.contrast ?? 1)}:saturation=${num(request.saturation ?? 1)}`);
  }
  if (request.sharpen) filters.push('unsharp=5:5:1.0:5:5:0.0');
  // Also evens odd sides, which libx264 with yuv420p refuses.
  const flags = request.upscale !== undefined ? ':flags=lanczos' : '';
  if (size.width !== video.width || size.height !== video.height || flags) filters.push(`scale=${size.width}:${size.height}${flags}`);
  filters.push('setsar=1');
  return filters.join(',');
}

const loudnormFilter = (target: number) => `loudnorm=I=${num(target)}:TP=${num(TRUE_PEAK)}:LRA=${LRA}`;

/** The second loudnorm pass: linear gain from the measurement, so the result lands on the target. */
function loudnormApply(target: number, m: LoudnormMeasurement): string {
  return (
    `${loudnormFilter(target)}:measured_I=${num(m.inputI)}:measured_TP=${num(m.inputTp)}:measured_LRA=${num(m.inputLra)}` +
    `:measured_thresh=${num(m.inputThresh)}:offset=${num(m.targetOffset)}:linear=true`
  );
}
