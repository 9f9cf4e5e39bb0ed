import type { FrameRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { BASE_ARGS, inputArg, num, requireVideo, secondsText } from './common';
import type { RenderInput, RenderPlan } from './plan';

/** One JPEG at `atSeconds`. */
export function planFrame(request: FrameRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const video = requireVideo(inputs, request.videoId, 'Taking a frame');
  const duration = video.durationSeconds;
  if (request.atSeconds >= duration) {
    throw new AppError('ValidationError', `${secondsText(request.atSeconds)} is past the end of this ${secondsText(duration)} video. Choose a time before ${secondsText(duration)}.`);
  }
  // A seek past the last frame's start finds no frame; stay a frame and a half before the end.
  const frame = 1 / (video.frameRate ?? 25);
  const at = Math.max(0, Math.min(request.atSeconds, duration - 1.5 * frame));
  const args = [
    ...BASE_ARGS,
    ...(at > 0 ? ['-ss', num(at)] : []),
    ...inputArg(video.file),
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-vf',
    'setsar=1',
    '-c:v',
    'mjpeg',
    '-q:v',
    '2',
    '-update',
    '1',
    '-f',
    'image2',
  ];
  return { steps: [{ label: 'frame', args, seconds: 0, output: true }], outputExt: 'jpg', expectedSeconds: 0 };
}
