import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ASPECTS, CAPTION_POSITIONS, MOTIONS, WATERMARK_POSITIONS, type RenderRequest, type RenderStatus } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORMS } from '../../../src-shared/platforms/platform';
import { workspaceOf, type CommandContext } from '../context';
import { itemLine } from './media';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const DONE: readonly RenderStatus['state'][] = ['succeeded', 'failed', 'cancelled'];
/** Captions files larger than this are not subtitles. */
const MAX_CAPTIONS_BYTES = 1_000_000;

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new AppError('ValidationError', `${flag} must be a number, not "${raw}".`);
  return n;
}

function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new AppError('ValidationError', `${flag} must be one of ${allowed.join(', ')}, not "${raw}".`);
}

/** Drops the options the user did not give, so the request carries only what they chose. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function readCaptions(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('NotFound', `There is no captions file at ${JSON.stringify(file)}. Check the path.`);
  }
  if (!stat.isFile()) throw new AppError('ValidationError', `${JSON.stringify(file)} is not a file. Give an .srt or .vtt file.`);
  if (stat.size > MAX_CAPTIONS_BYTES) throw new AppError('ValidationError', 'This captions file is over 1 MB; an SRT or WebVTT file is much smaller. Check that it is the right file.');
  return fs.readFileSync(file, 'utf8');
}

function progressLine(kind: string, s: RenderStatus): string {
  const pct = s.progress === null ? 'waiting' : `${Math.floor(s.progress * 100)}%`;
  const speed = s.speed === null ? '' : `  ${s.speed.toFixed(1)}× realtime`;
  const eta = s.etaSeconds === null ? '' : `  about ${Math.ceil(s.etaSeconds)} s left`;
  return `${kind}: ${pct}${speed}${eta}`;
}

/**
 * Queues the render, runs it in this process (or, when the app already runs it, follows it),
 * printing a progress line a second on stderr; Ctrl+C cancels it and leaves nothing behind.
 */
async function renderAndWait(ctx: CommandContext, workspaceId: string, request: RenderRequest): Promise<void> {
  const core = ctx.core();
  let latest = await core.call('media.render', { workspaceId, request });
  const renderId = latest.id;
  const off = core.events.onAny((event, payload) => {
    if (event !== 'media.renderChanged') return;
    const change = payload as { workspaceId: string; render: RenderStatus };
    if (change.workspaceId === workspaceId && change.render.id === renderId) latest = change.render;
  });
  const ticker = setInterval(() => {
    process.stderr.write(ctx.out.json ? `${JSON.stringify({ renderId, state: latest.state, progress: latest.progress, etaSeconds: latest.etaSeconds, speed: latest.speed })}\n` : `${progressLine(request.kind, latest)}\n`);
  }, 1000);
  const cancel = () => void core.call('media.cancelRender', { workspaceId, renderId }).catch(() => undefined);
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    if (!(await core.scheduler.runNow(workspaceId, renderId))) {
      // Another PromoGPT process (the app) runs it: follow it until it ends.
      for (;;) {
        latest = await core.call('media.getRender', { workspaceId, renderId });
        if (DONE.includes(latest.state)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    latest = await core.call('media.getRender', { workspaceId, renderId });
  } finally {
    clearInterval(ticker);
    off();
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  if (latest.state === 'cancelled') throw new AppError('Cancelled', 'The render was cancelled; nothing was stored.');
  if (latest.state !== 'succeeded' || !latest.outputMediaId) {
    throw new AppError((latest.error?.name as never) ?? 'Internal', latest.error?.message ?? `The render ended as ${latest.state}.`);
  }
  const item = await core.call('media.get', { workspaceId, mediaId: latest.outputMediaId });
  const file = path.join(core.layout.workspaceDir(workspaceId), item.storedPath);
  ctx.out.result({ render: latest, item: { ...item, path: file } }, () => `${itemLine(item)}\n${file}`);
}

/** `media render …`: make new media items from others with ffmpeg on this machine. */
export function registerMediaRenderCommands(media: Command, run: Run): void {
  const render = media.command('render').description('Make a new media item with ffmpeg on this machine; progress on stderr, Ctrl+C cancels');
  const command = (name: string, description: string) =>
    render.command(name).description(description).option('--workspace <id>', 'the workspace (default: the only one)');
  type Options = Record<string, string | string[] | boolean | undefined> & { workspace?: string };
  const action = (build: (o: Options) => RenderRequest) =>
    run(async (ctx, options: Options) => {
      const request = build(options);
      await renderAndWait(ctx, workspaceOf(ctx, options), request);
    });
  const str = (o: Options, key: string) => o[key] as string | undefined;

  command('image-to-video', 'Pictures into an MP4 with slow zoom/pan, crossfades, music and voiceover')
    .requiredOption('--image <id...>', 'the pictures, in order')
    .requiredOption('--aspect <ratio>', `the frame: ${ASPECTS.join(', ')}`)
    .option('--music <id>', 'an audio item as the music bed (faded in and out)')
    .option('--voice <id>', 'an audio item as voiceover (the music is ducked under it)')
    .option('--seconds-per-image <n>', 'how long each picture shows (default 3)')
    .option('--motion <motion>', `${MOTIONS.join(', ')} (default auto)`)
    .option('--transition <transition>', 'fade or none (default fade)')
    .action(
      action((o) =>
        defined({
          kind: 'image-to-video' as const,
          imageIds: o.image as string[],
          aspect: oneOf('--aspect', str(o, 'aspect'), ASPECTS) as (typeof ASPECTS)[number],
          musicId: str(o, 'music'),
          voiceId: str(o, 'voice'),
          secondsPerImage: num('--seconds-per-image', str(o, 'secondsPerImage')),
          motion: oneOf('--motion', str(o, 'motion'), MOTIONS),
          transition: oneOf('--transition', str(o, 'transition'), ['fade', 'none'] as const),
        }),
      ),
    );

  command('enhance', 'Denoise, sharpen, colour, deflicker, stabilise, loudness and upscale')
    .requiredOption('--video <id>', 'the video')
    .option('--denoise', 'reduce noise')
    .option('--sharpen', 'sharpen')
    .option('--brightness <n>', '-1…1 (0 = unchanged)')
    .option('--contrast <n>', '0…3 (1 = unchanged)')
    .option('--saturation <n>', '0…3 (1 = unchanged)')
    .option('--deflicker', 'even out flickering brightness')
    .option('--stabilise', 'steady a shaky video (where this ffmpeg has a stabiliser)')
    .option('--loudnorm <lufs>', 'normalise loudness to this target, e.g. -14')
    .option('--upscale <height>', 'upscale to 1080 lines')
    .option('--preview-from <s>', 'render only a short before/after preview starting here')
    .option('--preview-seconds <n>', 'length of the preview (default 5)')
    .action(
      action((o) => {
        const upscale = num('--upscale', str(o, 'upscale'));
        if (upscale !== undefined && upscale !== 1080) throw new AppError('ValidationError', '--upscale takes 1080 (the only size it makes).');
        const from = num('--preview-from', str(o, 'previewFrom'));
        const seconds = num('--preview-seconds', str(o, 'previewSeconds'));
        if (seconds !== undefined && from === undefined) throw new AppError('ValidationError', '--preview-seconds needs --preview-from.');
        return defined({
          kind: 'enhance' as const,
          videoId: str(o, 'video') as string,
          denoise: o.denoise as boolean | undefined,
          sharpen: o.sharpen as boolean | undefined,
          brightness: num('--brightness', str(o, 'brightness')),
          contrast: num('--contrast', str(o, 'contrast')),
          saturation: num('--saturation', str(o, 'saturation')),
          deflicker: o.deflicker as boolean | undefined,
          stabilise: o.stabilise as boolean | undefined,
          loudnorm: num('--loudnorm', str(o, 'loudnorm')),
          upscale: upscale === 1080 ? (1080 as const) : undefined,
          preview: from === undefined ? undefined : { fromSeconds: from, seconds: seconds ?? 5 },
        });
      }),
    );

  command('reformat', "Fit a video to a platform's rules: aspect, length, size, codec, frame rate")
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--platform <platform>', PLATFORMS.join(', '))
    .option('--aspect <ratio>', `${ASPECTS.join(', ')} (default: keep it when the platform takes it)`)
    .option('--fit <fit>', 'crop or pad-blur (default pad-blur)')
    .action(
      action((o) =>
        defined({
          kind: 'reformat' as const,
          videoId: str(o, 'video') as string,
          platform: oneOf('--platform', str(o, 'platform'), PLATFORMS) as (typeof PLATFORMS)[number],
          aspect: oneOf('--aspect', str(o, 'aspect'), ASPECTS),
          fit: oneOf('--fit', str(o, 'fit'), ['crop', 'pad-blur'] as const),
        }),
      ),
    );

  command('captions', 'Burn captions from an SRT or WebVTT file into a video')
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--srt <path>', 'the .srt or .vtt file')
    .option('--size <px>', 'text height on a 1080-line frame (default 48)')
    .option('--colour <hex>', 'text colour, e.g. #ffffff')
    .option('--outline <hex>', 'outline colour, e.g. #000000')
    .option('--position <where>', CAPTION_POSITIONS.join(', '))
    .action(
      action((o) => {
        const style = defined({
          size: num('--size', str(o, 'size')),
          colour: str(o, 'colour'),
          outline: str(o, 'outline'),
          position: oneOf('--position', str(o, 'position'), CAPTION_POSITIONS),
        });
        return defined({
          kind: 'captions' as const,
          videoId: str(o, 'video') as string,
          captions: readCaptions(str(o, 'srt') as string),
          style: Object.keys(style).length > 0 ? style : undefined,
        });
      }),
    );

  command('trim', 'Keep only the part between two times (exact to a frame)')
    .requiredOption('--video <id>', 'the video or audio item')
    .requiredOption('--from <s>', 'start, in seconds')
    .requiredOption('--to <s>', 'end, in seconds')
    .action(
      action((o) => ({
        kind: 'trim' as const,
        videoId: str(o, 'video') as string,
        fromSeconds: num('--from', str(o, 'from')) as number,
        toSeconds: num('--to', str(o, 'to')) as number,
      })),
    );

  command('cut-silence', 'Cut the silence at the start and end')
    .requiredOption('--video <id>', 'the video or audio item')
    .action(action((o) => ({ kind: 'cut-silence' as const, videoId: str(o, 'video') as string })));

  command('frame', 'Save one frame as a picture (a cover or thumbnail)')
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--at <s>', 'the time of the frame, in seconds')
    .action(action((o) => ({ kind: 'frame' as const, videoId: str(o, 'video') as string, atSeconds: num('--at', str(o, 'at')) as number })));

  command('extract-audio', "Save a video's sound as an audio item")
    .requiredOption('--video <id>', 'the video')
    .action(action((o) => ({ kind: 'extract-audio' as const, videoId: str(o, 'video') as string })));

  command('watermark', 'Put a logo (a picture item) on a video')
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--image <id>', 'the logo picture')
    .option('--position <where>', `${WATERMARK_POSITIONS.join(', ')} (default bottom-right)`)
    .option('--opacity <n>', '0.1…1 (default 0.8)')
    .option('--scale <n>', "logo width as a share of the video's, 0.05…0.5 (default 0.15)")
    .action(
      action((o) =>
        defined({
          kind: 'watermark' as const,
          videoId: str(o, 'video') as string,
          imageId: str(o, 'image') as string,
          position: oneOf('--position', str(o, 'position'), WATERMARK_POSITIONS),
          opacity: num('--opacity', str(o, 'opacity')),
          scale: num('--scale', str(o, 'scale')),
        }),
      ),
    );
}
