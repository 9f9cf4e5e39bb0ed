import type { CutSilenceRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { BASE_ARGS, analyseOut, inputArg, requireTimed } from './common';
import type { Measurements, RenderInput, RenderPlan } from './plan';
import { segmentArgs } from './trim';

/** Quieter than this counts as silence; a stretch must last this long to be cut. */
export const SILENCE_DB = -50;
export const MIN_SILENCE_SECONDS = 0.3;
/** Silence that starts or ends within this of the file's edge touches it. */
const EDGE = 0.05;

/**
 * Cuts silence at the start and end. silencedetect finds the silent stretches in a first run;
 * the second cuts the item to the sound between them, exact to the frame for video (the same
 * re-encode as trim), so picture and sound stay together.
 */
export function planCutSilence(request: CutSilenceRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const item = requireTimed(inputs, request.videoId, 'Cutting silence');
  if (!item.hasAudio) throw new AppError('ValidationError', 'This video has no sound, so there is no silence to find. Use trim instead.');
  const duration = item.durationSeconds;
  const detect = [...BASE_ARGS, ...inputArg(item.file), '-map', '0:a:0', '-af', `silencedetect=noise=${SILENCE_DB}dB:d=${MIN_SILENCE_SECONDS}`, ...analyseOut()];
  const cut = (m: Measurements) => {
    const { start, end } = soundBounds(m.silences ?? [], duration);
    return { args: segmentArgs(item, start, end - start), seconds: end - start };
  };
  return {
    steps: [
      { label: 'cut-silence: detect', args: detect, seconds: duration, output: false, measure: 'silence' },
      { label: 'cut-silence', args: cut, seconds: duration, output: true },
    ],
    outputExt: item.kind === 'video' && item.hasVideo ? 'mp4' : 'm4a',
    expectedSeconds: duration,
  };
}

/** Where the sound starts and ends, from the silent stretches; a ValidationError when it is all silence. */
export function soundBounds(silences: readonly { start: number; end: number | null }[], duration: number): { start: number; end: number } {
  let start = 0;
  let end = duration;
  for (const s of silences) {
    const sEnd = s.end ?? duration;
    if (s.start <= EDGE && sEnd > start) start = sEnd;
    if (sEnd >= duration - EDGE && s.start < end) end = s.start;
  }
  if (end - start < MIN_SILENCE_SECONDS / 3) {
    throw new AppError('ValidationError', 'This item is silent from start to end, so cutting the silence would leave nothing. Choose an item with sound.');
  }
  return { start, end };
}
