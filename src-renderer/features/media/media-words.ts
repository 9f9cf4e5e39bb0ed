import type { Aspect, MediaItem, MediaKind, Motion, RenderKind, RenderRequest, RenderState, RenderStatus, WatermarkPosition } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';

export const KIND_LABELS: Record<MediaKind, string> = { image: 'Picture', video: 'Video', audio: 'Audio' };
/** In a sentence: "Added as an audio file". */
export const KIND_WORDS: Record<MediaKind, string> = { image: 'a picture', video: 'a video', audio: 'an audio file' };
export const KIND_FILTERS: readonly { value: MediaKind | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'image', label: 'Pictures' },
  { value: 'video', label: 'Video' },
  { value: 'audio', label: 'Audio' },
];

export const RENDER_KIND_LABELS: Record<RenderKind, string> = {
  'image-to-video': 'Pictures to video',
  enhance: 'Enhance',
  reformat: 'Reformat',
  captions: 'Burn in captions',
  trim: 'Trim',
  'cut-silence': 'Cut silence',
  frame: 'Extract a frame',
  'extract-audio': 'Extract audio',
  watermark: 'Watermark',
};

export const RENDER_STATE_LABELS: Record<RenderState, string> = {
  queued: 'Waiting',
  running: 'Rendering',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const MOTION_LABELS: Record<Motion, string> = {
  auto: 'Auto (a different move per picture)',
  'zoom-in': 'Zoom in',
  'zoom-out': 'Zoom out',
  'pan-left': 'Pan left',
  'pan-right': 'Pan right',
  none: 'None (still)',
};

export const WATERMARK_POSITION_LABELS: Record<WatermarkPosition, string> = {
  'top-left': 'Top left',
  'top-right': 'Top right',
  'bottom-left': 'Bottom left',
  'bottom-right': 'Bottom right',
  center: 'Centre',
};

export const ASPECT_LABELS: Record<Aspect, string> = { '9:16': '9:16 upright', '1:1': '1:1 square', '4:5': '4:5 portrait', '16:9': '16:9 wide' };

/** 1536 → "1.5 KB"; decimal units, as file managers show them. */
export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** 75.4 → "1:15"; 3725 → "1:02:05"; 4.25 → "0:04.3" when `precise`. */
export function durationText(seconds: number, precise = false): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const tenths = precise ? Math.round((seconds - whole) * 10) : 0;
  const sec = `${String(s).padStart(2, '0')}${tenths > 0 && tenths < 10 ? `.${tenths}` : ''}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** What the grid says under a name: "1920 × 1080 · 0:42 · 12.5 MB". */
export function itemFacts(item: MediaItem): string {
  const parts: string[] = [];
  if (item.width && item.height) parts.push(`${item.width} × ${item.height}`);
  if (item.durationSeconds !== null) parts.push(durationText(item.durationSeconds));
  parts.push(bytesText(item.bytes));
  return parts.join(' · ');
}

/** "about 12 s left", "about 3 min left". */
export function etaText(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** 2.5 → "2.5× real time". */
export const speedText = (speed: number): string => `${speed >= 10 ? Math.round(speed) : speed.toFixed(1)}× real time`;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A render's settings, in words: "9:16, 3 s per picture, fade between pictures, with music". */
export function settingsText(request: RenderRequest): string {
  switch (request.kind) {
    case 'image-to-video': {
      const parts = [
        request.aspect,
        `${request.secondsPerImage ?? 3} s per picture`,
        `${MOTION_LABELS[request.motion ?? 'auto'].replace(/ \(.*\)$/, '').toLowerCase()} motion`,
        (request.transition ?? 'fade') === 'fade' ? 'fade between pictures' : 'hard cuts',
      ];
      if (request.musicId) parts.push('with music');
      if (request.voiceId) parts.push('with a voiceover');
      return parts.join(', ');
    }
    case 'enhance': {
      const parts: string[] = [];
      if (request.denoise) parts.push('denoise');
      if (request.sharpen) parts.push('sharpen');
      if (request.brightness !== undefined && request.brightness !== 0) parts.push(`brightness ${signed(request.brightness)}`);
      if (request.contrast !== undefined && request.contrast !== 1) parts.push(`contrast ${request.contrast}`);
      if (request.saturation !== undefined && request.saturation !== 1) parts.push(`saturation ${request.saturation}`);
      if (request.deflicker) parts.push('deflicker');
      if (request.stabilise) parts.push('stabilise');
      if (request.loudnorm !== undefined) parts.push(`loudness ${request.loudnorm} LUFS`);
      if (request.upscale) parts.push(`upscale to ${request.upscale}p`);
      if (request.preview) parts.push(`a ${request.preview.seconds} s preview from ${durationText(request.preview.fromSeconds, true)}`);
      return parts.length > 0 ? parts.join(', ') : 'no changes';
    }
    case 'reformat':
      return [
        `for ${PLATFORM_NAMES[request.platform]}`,
        request.aspect ? request.aspect : 'its own aspect where allowed',
        (request.fit ?? 'pad-blur') === 'crop' ? 'cropped' : 'padded with a blurred copy',
      ].join(', ');
    case 'captions': {
      const style = request.style ?? {};
      return `${style.size ?? 48} px text, ${style.colour ?? '#ffffff'} with a ${style.outline ?? '#000000'} outline, at the ${style.position ?? 'bottom'}`;
    }
    case 'trim':
      return `from ${durationText(request.fromSeconds, true)} to ${durationText(request.toSeconds, true)}`;
    case 'cut-silence':
      return 'silence at the start and end removed';
    case 'frame':
      return `at ${durationText(request.atSeconds, true)}`;
    case 'extract-audio':
      return 'the sound track only';
    case 'watermark':
      return `${WATERMARK_POSITION_LABELS[request.position ?? 'bottom-right'].toLowerCase()}, ${percent(request.opacity ?? 0.8)} opacity, ${percent(request.scale ?? 0.15)} of the width`;
    default:
      return missingCase(request);
  }
}

/** The media a render reads, in order (the first is what it works on). */
export function sourceIdsOf(request: RenderRequest): string[] {
  switch (request.kind) {
    case 'image-to-video':
      return [...request.imageIds, ...(request.musicId ? [request.musicId] : []), ...(request.voiceId ? [request.voiceId] : [])];
    case 'watermark':
      return [request.videoId, request.imageId];
    case 'enhance':
    case 'reformat':
    case 'captions':
    case 'trim':
    case 'cut-silence':
    case 'frame':
    case 'extract-audio':
      return [request.videoId];
    default:
      return missingCase(request);
  }
}

/** "Enhance", or "Enhance (preview)". */
export function renderTitle(render: Pick<RenderStatus, 'kind' | 'request'>): string {
  const label = RENDER_KIND_LABELS[render.kind];
  return render.request.kind === 'enhance' && render.request.preview ? `${label} (preview)` : label;
}

/** A crossfade overlaps neighbouring pictures by this many seconds. */
export const FADE_SECONDS = 0.5;

/** How long a pictures-to-video render comes out: n·s, less the crossfades' overlap. */
export function slideshowSeconds(pictures: number, secondsPerPicture: number, transition: 'fade' | 'none'): number {
  if (pictures <= 0) return 0;
  return pictures * secondsPerPicture - (transition === 'fade' ? (pictures - 1) * FADE_SECONDS : 0);
}

export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
