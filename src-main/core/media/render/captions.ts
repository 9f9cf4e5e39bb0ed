import fs from 'node:fs';
import path from 'node:path';
import type { CaptionsRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { BASE_ARGS, aac, even, h264, inputArg, mp4Out, num, requireVideo } from './common';
import { escapeFilterPath } from './escape';
import type { RenderContext, RenderInput, RenderPlan } from './plan';
import { parseCaptions, writeAss } from './subtitles';

export const CAPTION_FONT_FILE = 'DejaVuSans-Bold.ttf';

/**
 * Burns captions into the picture. The caption text only ever goes into the .ass file (escaped
 * there); the filter graph holds just the escaped paths of that file and of our fonts folder,
 * so libass draws with the shipped font and never asks the system for one.
 */
export function planCaptions(request: CaptionsRequest, inputs: ReadonlyMap<string, RenderInput>, ctx: RenderContext): RenderPlan {
  const video = requireVideo(inputs, request.videoId, 'Burning in captions');
  if (!ctx.capabilities.captions) {
    throw new AppError('ValidationError', 'This ffmpeg build cannot draw captions (it has no libass). Install an ffmpeg built with libass.');
  }
  if (!fs.existsSync(path.join(ctx.fontsDir, CAPTION_FONT_FILE))) {
    throw new AppError('DependencyMissing', `The caption font ${CAPTION_FONT_FILE} is missing from the app's fonts folder. Reinstall PromoGPT.`);
  }
  const cues = parseCaptions(request.captions);
  const width = even(video.width);
  const height = even(video.height);
  const style = request.style ?? {};
  const ass = writeAss(cues, { size: style.size ?? 48, colour: style.colour ?? '#ffffff', outline: style.outline ?? '#000000', position: style.position ?? 'bottom' }, width, height);
  const assFile = path.join(ctx.workDir, 'captions.ass');
  fs.writeFileSync(assFile, ass, { mode: 0o600 });

  const scale = width !== video.width || height !== video.height ? `scale=${width}:${height},` : '';
  const filter = `${scale}ass=filename=${escapeFilterPath(assFile)}:fontsdir=${escapeFilterPath(ctx.fontsDir)},format=yuv420p`;
  const seconds = video.durationSeconds;
  const args = [
    ...BASE_ARGS,
    ...inputArg(video.file),
    '-map',
    '0:v:0',
    ...(video.hasAudio ? ['-map', '0:a:0', ...aac()] : []),
    '-vf',
    filter,
    ...h264(),
    '-t',
    num(seconds),
    ...mp4Out(),
  ];
  return { steps: [{ label: 'captions', args, seconds, output: true }], outputExt: 'mp4', expectedSeconds: seconds };
}
