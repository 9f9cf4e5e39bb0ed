import type { ExtractAudioRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { BASE_ARGS, aac, inputArg, mp4Out, num, requireTimed } from './common';
import type { RenderInput, RenderPlan } from './plan';

/** The first audio track as AAC in an .m4a. */
export function planExtractAudio(request: ExtractAudioRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const item = requireTimed(inputs, request.videoId, 'Extracting the sound');
  if (!item.hasAudio) throw new AppError('ValidationError', 'This video has no sound to extract. Choose a video with sound.');
  const seconds = item.durationSeconds;
  const args = [...BASE_ARGS, ...inputArg(item.file), '-map', '0:a:0', '-vn', ...aac('192k'), '-t', num(seconds), ...mp4Out()];
  return { steps: [{ label: 'extract-audio', args, seconds, output: true }], outputExt: 'm4a', expectedSeconds: seconds };
}
