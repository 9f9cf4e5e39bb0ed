import type { Aspect, ImageToVideoRequest, Motion } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { AUDIO_RATE, BASE_ARGS, aac, h264, inputArg, inputFor, mp4Out, num, OUTPUT_FPS, requireImage } from './common';
import type { RenderInput, RenderPlan } from './plan';

/** Output size per aspect: 1080 on the short side. */
export const ASPECT_SIZE: Record<Aspect, { width: number; height: number }> = {
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
  '4:5': { width: 1080, height: 1350 },
  '16:9': { width: 1920, height: 1080 },
};

export const CROSSFADE_SECONDS = 0.5;
const DEFAULT_SECONDS_PER_IMAGE = 3;
/** How far a zoom or pan travels over one picture: 15 % of the frame. */
const ZOOM = 0.15;
/**
 * Zoompan picks whole source pixels, so motion on a picture the size of the output jitters; one
 * prescale to 1.5× the output gives sub-pixel steps without the cost of a 4K intermediate.
 */
const PRESCALE = 1.5;
const AUTO_CYCLE: Exclude<Motion, 'auto' | 'none'>[] = ['zoom-in', 'pan-right', 'zoom-out', 'pan-left'];
/** Integrated loudness the music bed is brought to; a voiceover sits on top, the music ducked under it. */
const MUSIC_LUFS = -14;
const VOICE_LUFS = -14;
const MUSIC_UNDER_VOICE_DB = -8;

/** Duration of the video: pictures overlap by the crossfade when fading. */
export function slideshowSeconds(count: number, secondsPerImage: number, fade: boolean): number {
  return count * secondsPerImage - (fade ? (count - 1) * CROSSFADE_SECONDS : 0);
}

export function planImageToVideo(request: ImageToVideoRequest, inputs: ReadonlyMap<string, RenderInput>): RenderPlan {
  const pictures = request.imageIds.map((id) => requireImage(inputs, id, 'A video from pictures'));
  if (pictures.length === 0) throw new AppError('ValidationError', 'Choose at least one picture for the video.');
  const { width, height } = ASPECT_SIZE[request.aspect];
  const perImage = request.secondsPerImage ?? DEFAULT_SECONDS_PER_IMAGE;
  const fade = (request.transition ?? 'fade') === 'fade' && pictures.length > 1;
  const total = slideshowSeconds(pictures.length, perImage, fade);
  const frames = Math.round(perImage * OUTPUT_FPS);

  const args: string[] = [...BASE_ARGS];
  const graph: string[] = [];
  pictures.forEach((p, i) => {
    args.push(...inputArg(p.file));
    graph.push(`[${i}:v]${pictureChain(motionFor(request.motion ?? 'auto', i), width, height, frames)}[p${i}]`);
  });
  if (pictures.length === 1) {
    graph.push('[p0]null[v]');
  } else if (fade) {
    let last = 'p0';
    for (let i = 1; i < pictures.length; i++) {
      const out = i === pictures.length - 1 ? 'v' : `x${i}`;
      const offset = i * (perImage - CROSSFADE_SECONDS);
      graph.push(`[${last}][p${i}]xfade=transition=fade:duration=${num(CROSSFADE_SECONDS)}:offset=${num(offset)}[${out}]`);
      last = out;
    }
  } else {
    graph.push(`${pictures.map((_, i) => `[p${i}]`).join('')}concat=n=${pictures.length}:v=1:a=0[v]`);
  }

  let next = pictures.length;
  const music = request.musicId ? inputFor(inputs, request.musicId) : null;
  const voice = request.voiceId ? inputFor(inputs, request.voiceId) : null;
  for (const [item, role] of [
    [music, 'The music'],
    [voice, 'The voiceover'],
  ] as const) {
    if (item && !item.hasAudio) throw new AppError('ValidationError', `${role} item has no sound. Choose an audio file or a video with sound.`);
  }
  const fadeIn = Math.min(1, total / 4);
  const fadeOut = Math.min(2, total / 4);
  let musicLabel: string | null = null;
  if (music) {
    // Looped so a short track fills the video; trimmed to it.
    args.push('-stream_loop', '-1', ...inputArg(music.file));
    const level = voice ? MUSIC_LUFS + MUSIC_UNDER_VOICE_DB : MUSIC_LUFS;
    graph.push(
      `[${next}:a:0]atrim=duration=${num(total)},asetpts=N/SR/TB,loudnorm=I=${num(level)}:TP=-2:LRA=11,aresample=${AUDIO_RATE},` +
        `afade=t=in:st=0:d=${num(fadeIn)},afade=t=out:st=${num(total - fadeOut)}:d=${num(fadeOut)},aformat=channel_layouts=stereo[music]`,
    );
    musicLabel = 'music';
    next++;
  }
  if (voice) {
    args.push(...inputArg(voice.file));
    // Padded with silence to the video's length, cut if longer.
    graph.push(`[${next}:a:0]loudnorm=I=${num(VOICE_LUFS)}:TP=-1.5:LRA=11,aresample=${AUDIO_RATE},aformat=channel_layouts=stereo,apad,atrim=duration=${num(total)}[voice]`);
    next++;
    if (musicLabel) {
      graph.push('[voice]asplit=2[vmix][vkey]');
      graph.push('[music][vkey]sidechaincompress=threshold=0.03:ratio=8:attack=20:release=500[ducked]');
      // Summed at full level, so a limiter (not auto-levelling) keeps the peaks under 0 dBFS.
      graph.push('[ducked][vmix]amix=inputs=2:duration=first:dropout_transition=0:normalize=0,alimiter=limit=0.89:level=0[a]');
    } else {
      graph.push('[voice]anull[a]');
    }
  } else if (musicLabel) {
    graph.push('[music]anull[a]');
  } else {
    // A silent track: some platforms refuse or mishandle a video without sound. A source in the
    // graph, not a `-f lavfi` input: fluent-ffmpeg would take that `-f` for the output format.
    graph.push(`anullsrc=channel_layout=stereo:sample_rate=${AUDIO_RATE},atrim=duration=${num(total)}[a]`);
  }

  args.push(
    '-filter_complex',
    graph.join(';'),
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...h264(),
    '-r',
    String(OUTPUT_FPS),
    ...aac(),
    '-t',
    num(total),
    ...mp4Out(),
  );
  return { steps: [{ label: 'image-to-video', args, seconds: total, output: true }], outputExt: 'mp4', expectedSeconds: total };
}

function motionFor(motion: Motion, index: number): Exclude<Motion, 'auto'> {
  return motion === 'auto' ? (AUTO_CYCLE[index % AUTO_CYCLE.length] as Exclude<Motion, 'auto'>) : motion;
}

/** One picture: first frame only, cover-cropped once to the prescaled size, then `frames` frames of motion. */
function pictureChain(motion: Exclude<Motion, 'auto'>, width: number, height: number, frames: number): string {
  const k = motion === 'none' ? 1 : PRESCALE;
  const pw = 2 * Math.round((width * k) / 2);
  const ph = 2 * Math.round((height * k) / 2);
  const last = Math.max(1, frames - 1);
  // `on` counts output frames from 0; all expressions are our numbers, no user text.
  const t = `on/${last}`;
  const centreX = 'iw/2-iw/zoom/2';
  const centreY = 'ih/2-ih/zoom/2';
  let z: string;
  let x = centreX;
  const y = centreY;
  switch (motion) {
    case 'zoom-in':
      z = `1+${num(ZOOM)}*${t}`;
      break;
    case 'zoom-out':
      z = `${num(1 + ZOOM)}-${num(ZOOM)}*${t}`;
      break;
    case 'pan-right':
      z = num(1 + ZOOM);
      x = `(iw-iw/zoom)*${t}`;
      break;
    case 'pan-left':
      z = num(1 + ZOOM);
      x = `(iw-iw/zoom)*(1-${t})`;
      break;
    case 'none':
      z = '1';
      break;
  }
  return (
    `trim=end_frame=1,scale=${pw}:${ph}:force_original_aspect_ratio=increase:flags=bicubic,crop=${pw}:${ph},setsar=1,` +
    `zoompan=z=${z}:x=${x}:y=${y}:d=${frames}:s=${width}x${height}:fps=${OUTPUT_FPS},format=yuv420p,setsar=1`
  );
}
