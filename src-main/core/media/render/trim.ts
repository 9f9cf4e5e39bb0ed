import type { TrimRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { BASE_ARGS, aac, h264, inputArg, mp4Out, num, requireTimed, secondsText } from './common';
import type { RenderInput, RenderPlan } from './plan';

/** Up to this far past the end still counts as "the end": probed lengths are rounded. */
const END_SLACK = 0.05;

/**
 * Re-encodes [from, to): seeking before the input while transcoding is exact to the frame, and
 * re-encoding starts the cut on a frame that need not be a keyframe. Audio items give an m4a.
 */
export function planTrim(request: TrimRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const item = requireTimed(inputs, request.videoId, 'Trimming');
  const duration = item.durationSeconds;
  if (request.fromSeconds >= duration) {
    throw new AppError('ValidationError', `The trim starts at ${secondsText(request.fromSeconds)}, after the end of this ${secondsText(duration)} item. Choose a start before ${secondsText(duration)}.`);
  }
  if (request.toSeconds > duration + END_SLACK) {
    throw new AppError('ValidationError', `The trim ends at ${secondsText(request.toSeconds)}, past the end of this ${secondsText(duration)} item. Choose an end at or before ${secondsText(duration)}.`);
  }
  if (request.toSeconds <= request.fromSeconds) throw new AppError('ValidationError', 'The trim must end after it starts. Choose a later end.');
  const to = Math.min(request.toSeconds, duration);
  return segmentPlan(item, request.fromSeconds, to - request.fromSeconds, 'trim');
}

/** [from, from+seconds) of a video (mp4) or audio item (m4a), re-encoded. */
export function segmentPlan(item: RenderInput, from: number, seconds: number, label: string): RenderPlan {
  const args = segmentArgs(item, from, seconds);
  const video = item.kind === 'video' && item.hasVideo;
  return { steps: [{ label, args, seconds, output: true }], outputExt: video ? 'mp4' : 'm4a', expectedSeconds: seconds };
}

export function segmentArgs(item: RenderInput, from: number, seconds: number): string[] {
  const video = item.kind === 'video' && item.hasVideo;
  const seek = from > 0 ? ['-ss', num(from)] : [];
  const streams = video
    ? ['-map', '0:v:0', ...(item.hasAudio ? ['-map', '0:a:0', ...aac()] : []), ...h264()]
    : ['-map', '0:a:0', '-vn', ...aac()];
  return [...BASE_ARGS, ...seek, '-t', num(seconds), ...inputArg(item.file), ...streams, ...(video ? ['-vf', 'setsar=1,format=yuv420p'] : []), ...mp4Out()];
}
