import type { CaptionPosition } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';

/** One caption: shown from `start` to `end` seconds; `text` is plain text, lines split by \n. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** The shipped caption font (resources/fonts/DejaVuSans-Bold.ttf): family name, drawn bold. */
export const CAPTION_FONT_FAMILY = 'DejaVu Sans';

const bad = (message: string) => new AppError('ValidationError', message);

/**
 * Parses SRT or WebVTT text into cues. Accepts a BOM, CRLF or CR line ends, `,` or `.` before
 * the milliseconds, hours left out, VTT cue settings, NOTE/STYLE/REGION blocks and identifiers.
 * Overlapping cues are kept (libass stacks them). Throws a ValidationError naming the cue and
 * line for a time it cannot read, an end before its start, or text with no cues.
 */
export function parseCaptions(source: string): Cue[] {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const vtt = /^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '');
  const cues: Cue[] = [];
  let i = 0;
  if (vtt) {
    // The header runs to the first blank line.
    while (i < lines.length && lines[i]?.trim() !== '') i++;
  }
  let ordinal = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i]?.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]?.trim() !== '') block.push(lines[i++] as string);
    const first = block[0] as string;
    if (vtt && /^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    ordinal++;
    // An identifier (SRT's number, VTT's optional id) comes before the line with "-->".
    const timingAt = block.findIndex((l) => l.includes('-->'));
    const id = timingAt === 1 ? first.trim() : null;
    const name = vtt ? `Cue ${ordinal}${id ? ` (“${id.slice(0, 40)}”)` : ''}` : `Caption ${id && /^\d+$/.test(id) ? id : ordinal}`;
    if (timingAt < 0 || timingAt > 1) {
      throw bad(`${name} at line ${blockStart + 1} has no time line like “00:00:01,000 --> 00:00:02,500”. Check the captions file around that line.`);
    }
    const lineNo = blockStart + timingAt + 1;
    const timing = block[timingAt] as string;
    const [startText = '', rest = ''] = timing.split('-->');
    // VTT cue settings (align:start, position:10%) and SRT coordinates (X1:…) follow the end time.
    const endText = rest.trim().split(/[ \t]+/)[0] ?? '';
    const start = parseTimestamp(startText.trim());
    const end = parseTimestamp(endText);
    if (start === null) throw bad(`${name} at line ${lineNo}: “${startText.trim().slice(0, 40)}” is not a time like 00:01:02,500. Fix that time in the captions.`);
    if (end === null) throw bad(`${name} at line ${lineNo}: “${endText.slice(0, 40)}” is not a time like 00:01:02,500. Fix that time in the captions.`);
    if (end <= start) throw bad(`${name} at line ${lineNo} ends before it starts. Fix its times in the captions.`);
    const body = block
      .slice(timingAt + 1)
      .map((l) => cleanMarkup(l, vtt))
      .join('\n');
    cues.push({ start, end, text: body });
  }
  if (cues.length === 0) throw bad('These captions have no cues. Give SRT or WebVTT text with at least one timed caption.');
  return cues;
}

/** `HH:MM:SS,mmm`, `HH:MM:SS.mmm` or `MM:SS.mmm` (VTT leaves hours out); null if not a time. */
export function parseTimestamp(s: string): number | null {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})$/.exec(s);
  if (!m) return null;
  const [, h = '0', min = '0', sec = '0', ms = '0'] = m;
  if (Number(min) > 59 || Number(sec) > 59) return null;
  return Number(h) * 3600 + Number(min) * 60 + Number(sec) + Number(ms.padEnd(3, '0')) / 1000;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

/** Drops the formatting tags SRT and VTT use (<i>, <b>, <font …>, <c.x>, <v Name>, <00:01.000>); keeps any other text. */
function cleanMarkup(line: string, vtt: boolean): string {
  let out = line.replace(/<\/?(?:i|b|u|s|font|c|v|lang|ruby|rt)(?:[ .\t][^<>]*)?>/gi, '').replace(/<\d{1,3}(?::\d{2}){1,2}\.\d{3}>/g, '');
  if (vtt) out = out.replace(/&(amp|lt|gt|nbsp|lrm|rlm|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');
  return out;
}

export interface AssStyle {
  /** Text height in pixels of a 1080-pixel-high frame. */
  size: number;
  /** #rrggbb */
  colour: string;
  /** #rrggbb */
  outline: string;
  position: CaptionPosition;
}

const ALIGNMENT: Record<CaptionPosition, number> = { bottom: 2, middle: 5, top: 8 };

/** An ASS script drawing the cues on a width×height video in the shipped font. */
export function writeAss(cues: readonly Cue[], style: AssStyle, width: number, height: number): string {
  const scale = height / 1080;
  const fontSize = Math.max(8, Math.round(style.size * scale));
  const outline = Math.max(1, Math.round(style.size * scale * 0.06 * 10) / 10);
  const margin = Math.round(Math.min(width, height) * 0.06);
  const lines = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: Caption,${CAPTION_FONT_FAMILY},${fontSize},${assColour(style.colour)},&H000000FF,${assColour(style.outline)},&H80000000,-1,0,0,0,100,100,0,0,1,${outline},0,${ALIGNMENT[style.position]},${margin},${margin},${margin},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...cues.map((c) => `Dialogue: 0,${assTime(c.start)},${assTime(c.end)},Caption,,0,0,0,,${escapeAssText(c.text)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** #rrggbb → ASS &H00BBGGRR (alpha first, blue before red). */
export function assColour(hex: string): string {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw bad(`“${hex.slice(0, 20)}” is not a colour like #ffffff. Choose another colour.`);
  return `&H00${m[3]}${m[2]}${m[1]}`.toUpperCase();
}

/** H:MM:SS.cc, rounded to the centisecond ASS keeps. */
export function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const c = cs % 100;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(c).padStart(2, '0')}`;
}

/**
 * Caption text drawn as written: `{` would open an override block and `\N`, `\n`, `\h` are
 * escapes, so a `{` becomes libass's `\{` and a backslash is followed by a WORD JOINER (U+2060,
 * invisible, in the shipped font) so that it escapes nothing; newlines become ASS line breaks.
 * Control characters are dropped.
 */
export function escapeAssText(text: string): string {
  return text
    .replace(/\\/g, '\\\u2060')
    .replace(/\{/g, '\\{')
    .replace(/\n/g, '\\N')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('');
}

/** The cues as WebVTT (what platforms take as a captions file); text is escaped, never markup. */
export function writeWebVtt(cues: readonly Cue[]): string {
  const blocks = cues.map((c) => `${vttTime(c.start)} --> ${vttTime(c.end)}\n${escapeVttText(c.text)}`);
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}

/** HH:MM:SS.mmm */
export function vttTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** A cue's text may not hold "-->" or a blank line (either would end the cue), nor raw < and &. */
function escapeVttText(text: string): string {
  const lines = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.length ? lines.join('\n') : '&nbsp;';
}
