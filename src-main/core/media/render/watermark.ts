import type { WatermarkPosition, WatermarkRequest } from '../../../../src-shared/domain';
import { BASE_ARGS, aac, even, h264, inputArg, mp4Out, num, requireImage, requireVideo } from './common';
import type { RenderInput, RenderPlan } from './plan';

const MARGIN_AT_1080 = 24;

/** Overlays a picture (a logo) on the video at a corner or the centre, scaled to a share of its width. */
export function planWatermark(request: WatermarkRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const video = requireVideo(inputs, request.videoId, 'A watermark');
  const logo = requireImage(inputs, request.imageId, 'The watermark');
  const width = even(video.width);
  const height = even(video.height);
  const logoWidth = even(Math.max(2, width * (request.scale ?? 0.15)));
  // 24 px on a 1080-pixel frame, scaled with the video's short side.
  const margin = Math.round((MARGIN_AT_1080 * Math.min(width, height)) / 1080);
  const { x, y } = placement(request.position ?? 'bottom-right', margin);
  const graph = [
    `[1:v:0]trim=end_frame=1,scale=${logoWidth}:-2:flags=lanczos,format=rgba,colorchannelmixer=aa=${num(request.opacity ?? 0.8)}[logo]`,
    `[0:v:0]scale=${width}:${height},setsar=1[base]`,
    `[base][logo]overlay=x=${x}:y=${y}:format=auto,format=yuv420p[v]`,
  ];
  const seconds = video.durationSeconds;
  const args = [
    ...BASE_ARGS,
    ...inputArg(video.file),
    ...inputArg(logo.file),
    '-filter_complex',
    graph.join(';'),
    '-map',
    '[v]',
    ...(video.hasAudio ? ['-map', '0:a:0', ...aac()] : []),
    ...h264(),
    '-t',
    num(seconds),
    ...mp4Out(),
  ];
  return { steps: [{ label: 'watermark', args, seconds, output: true }], outputExt: 'mp4', expectedSeconds: seconds };
}

/** overlay's x and y: main_w/overlay_w are the video's and the logo's sizes. */
function placement(position: WatermarkPosition, m: number): { x: string; y: string } {
  const right = `main_w-overlay_w-${m}`;
  const bottom = `main_h-overlay_h-${m}`;
  switch (position) {
    case 'top-left':
      return { x: String(m), y: String(m) };
    case 'top-right':
      return { x: right, y: String(m) };
    case 'bottom-left':
      return { x: String(m), y: bottom };
    case 'bottom-right':
      return { x: right, y: bottom };
    case 'center':
      return { x: '(main_w-overlay_w)/2', y: '(main_h-overlay_h)/2' };
  }
}
