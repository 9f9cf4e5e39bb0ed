import type { Aspect, ReformatRequest } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { limitsFor, type PlatformLimits } from '../../../../src-shared/platforms/limits';
import { BASE_ARGS, X264_PRESET, aac, even, inputArg, mp4Out, num, requireVideo, secondsText, type VideoInput } from './common';
import { PLATFORM_VIDEO_RULES, type PlatformVideoRules } from './platform-video';
import type { RenderContext, RenderInput, RenderPlan } from './plan';

const ASPECT_RATIO: Record<Aspect, number> = { '9:16': 9 / 16, '1:1': 1, '4:5': 4 / 5, '16:9': 16 / 9 };
const PLATFORM_NAME = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon' } as const;
const AUDIO_KBPS = 128;
/** The file may use 95 % of the platform's byte limit; the rest covers muxing overhead and VBV slack. */
const SIZE_HEADROOM = 0.95;
/** Below this a video turns to mush; refuse rather than upload it. */
const MIN_VIDEO_KBPS = 200;
/** No point spending more than this on a ≤1080p upload at CRF 21. */
const MAX_VIDEO_KBPS = 8000;

export interface ReformatTarget {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  videoKbps: number;
  /** How the picture reaches the new aspect; `scale` when it already has it. */
  fit: 'scale' | 'crop' | 'pad-blur';
}

export function planReformat(request: ReformatRequest, inputs: ReadonlyMap<string, RenderInput>, ctx: RenderContext): RenderPlan {
  const video = requireVideo(inputs, request.videoId, 'Reformatting');
  const limits = ctx.platformLimits?.[request.platform] ?? limitsFor(request.platform);
  const target = reformatTarget(request, video, limits, PLATFORM_VIDEO_RULES[request.platform]);
  const { width: w, height: h } = target;
  const graph: string[] = [];
  if (target.fit === 'pad-blur') {
    // The background is blurred small (cheap) and scaled back up behind the fitted video.
    const bw = even(w / 8);
    const bh = even(h / 8);
    graph.push('[0:v:0]split=2[bgsrc][fgsrc]');
    // boxblur's radius must fit in the chroma plane (half size) of that small copy.
    const radius = Math.max(1, Math.min(8, Math.floor(Math.min(bw, bh) / 4) - 1));
    graph.push(`[bgsrc]scale=${bw}:${bh}:force_original_aspect_ratio=increase,crop=${bw}:${bh},boxblur=${radius}:2,scale=${w}:${h},setsar=1[bg]`);
    graph.push(`[fgsrc]scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bicubic,setsar=1[fg]`);
    graph.push('[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2[fitted]');
  } else if (target.fit === 'crop') {
    graph.push(`[0:v:0]scale=${w}:${h}:force_original_aspect_ratio=increase:flags=bicubic,crop=${w}:${h},setsar=1[fitted]`);
  } else {
    graph.push(`[0:v:0]scale=${w}:${h}:flags=bicubic,setsar=1[fitted]`);
  }
  const fps = video.frameRate && video.frameRate > target.fps ? `,fps=${target.fps}` : '';
  graph.push(`[fitted]format=yuv420p${fps}[v]`);
  const kbps = target.videoKbps;
  const args = [
    ...BASE_ARGS,
    ...inputArg(video.file),
    '-filter_complex',
    graph.join(';'),
    '-map',
    '[v]',
    ...(video.hasAudio ? ['-map', '0:a:0', ...aac(`${AUDIO_KBPS}k`), '-ac', '2'] : []),
    // CRF for quality, capped by VBV so the whole file stays under the platform's size.
    ...['-c:v', 'libx264', '-preset', X264_PRESET, '-crf', '21', '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-pix_fmt', 'yuv420p', '-profile:v', 'high'],
    '-t',
    num(target.seconds),
    ...mp4Out(),
  ];
  return { steps: [{ label: 'reformat', args, seconds: target.seconds, output: true }], outputExt: 'mp4', expectedSeconds: target.seconds };
}

/** Size, frame rate, length and bit rate for a video on a platform; a ValidationError if none can work. */
export function reformatTarget(request: ReformatRequest, video: VideoInput, limits: PlatformLimits, rules: PlatformVideoRules): ReformatTarget {
  const name = PLATFORM_NAME[request.platform];
  if (!limits.video.allowed) throw new AppError('ValidationError', `${name} does not take videos here. Post a picture instead.`);
  if (!limits.video.mimeTypes.includes('video/mp4')) {
    throw new AppError('ValidationError', `${name} here takes no MP4 video (${limits.video.mimeTypes.join(', ')}). Post it somewhere else.`);
  }
  const seconds = limits.video.maxSeconds ? Math.min(video.durationSeconds, limits.video.maxSeconds) : video.durationSeconds;
  if (limits.video.minSeconds && video.durationSeconds < limits.video.minSeconds) {
    throw new AppError('ValidationError', `${name} takes videos of at least ${secondsText(limits.video.minSeconds)}, and this one is ${secondsText(video.durationSeconds)}. Choose a longer video.`);
  }

  const sourceAspect = video.width / video.height;
  const fits = sourceAspect >= rules.minAspect && sourceAspect <= rules.maxAspect;
  const aspect = request.aspect ? ASPECT_RATIO[request.aspect] : fits ? sourceAspect : ASPECT_RATIO['16:9'];
  const size = frameSize(aspect, video, rules);
  const sameAspect = Math.abs(size.width / size.height - sourceAspect) < 0.01;
  const fit = sameAspect ? 'scale' : (request.fit ?? 'pad-blur');

  const budgetKbps = (limits.video.maxBytes * SIZE_HEADROOM * 8) / 1000 / seconds;
  const videoKbps = Math.floor(Math.min(MAX_VIDEO_KBPS, budgetKbps - (video.hasAudio ? AUDIO_KBPS : 0)));
  if (videoKbps < MIN_VIDEO_KBPS) {
    const mb = Math.round(limits.video.maxBytes / 1e6);
    throw new AppError('ValidationError', `At ${secondsText(seconds)} this video cannot fit in ${name}'s ${mb} MB at a watchable quality. Trim it shorter first.`);
  }
  return { ...size, fps: rules.maxFps, seconds, videoKbps, fit };
}

/** The largest even frame of this aspect inside the platform's box, no bigger than the source's long side. */
function frameSize(aspect: number, video: VideoInput, rules: PlatformVideoRules): { width: number; height: number } {
  const portrait = aspect < 1;
  const boxW = rules.rotatable && portrait ? rules.maxHeight : rules.maxWidth;
  const boxH = rules.rotatable && portrait ? rules.maxWidth : rules.maxHeight;
  const long = Math.max(video.width, video.height);
  let width = aspect >= 1 ? long : long * aspect;
  let height = width / aspect;
  const shrink = Math.min(1, boxW / width, boxH / height);
  width *= shrink;
  height *= shrink;
  return { width: Math.max(rules.minSide, even(width)), height: Math.max(rules.minSide, even(height)) };
}
