/**
 * Caption cues as the Captions form edits them: times kept as the text typed, so a bad time can
 * be shown next to its cue. Reads SRT and WebVTT as the core does (src-main/core/media/render/
 * subtitles.ts, which the renderer may not import) and writes SRT for the render request.
 */

export interface CueDraft {
  /** Stable across edits, for React keys. */
  key: number;
  /** `mm:ss.mmm` (or `h:mm:ss.mmm`) as typed. */
  start: string;
  end: string;
  text: string;
}

export interface ParsedCaptions {
  cues: CueDraft[];
  /** Why the text could not be read as cues at all; null when it could. */
  error: string | null;
}

let nextKey = 1;
export const newCueKey = (): number => nextKey++;

/** `mm:ss.mmm`, `h:mm:ss.mmm`, with `,` or `.`, milliseconds optional; seconds, or null if not a time. */
export function parseCueTime(text: string): number | null {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const [, h = '0', min = '0', sec = '0', ms = '0'] = m;
  if (Number(min) > 59 || Number(sec) > 59) return null;
  return Number(h) * 3600 + Number(min) * 60 + Number(sec) + Number(ms.padEnd(3, '0')) / 1000;
}

const split = (seconds: number) => {
  const total = Math.max(0, Math.round(seconds * 1000));
  return { h: Math.floor(total / 3_600_000), m: Math.floor((total % 3_600_000) / 60_000), s: Math.floor((total % 60_000) / 1000), ms: total % 1000 };
};
const two = (n: number) => String(n).padStart(2, '0');
const three = (n: number) => String(n).padStart(3, '0');

/** `mm:ss.mmm`, or `h:mm:ss.mmm` from an hour on: the form's time fields. */
export function formatCueTime(seconds: number): string {
  const { h, m, s, ms } = split(seconds);
  return `${h > 0 ? `${h}:` : ''}${two(m)}:${two(s)}.${three(ms)}`;
}

/** `HH:MM:SS,mmm`: SRT's time. */
export function srtTime(seconds: number): string {
  const { h, m, s, ms } = split(seconds);
  return `${two(h)}:${two(m)}:${two(s)},${three(ms)}`;
}

/** What is wrong with a cue's start, end and text, in words; each null when fine. `n` counts from 1. */
export function cueErrors(cue: CueDraft, n: number): { start: string | null; end: string | null; text: string | null } {
  const start = parseCueTime(cue.start);
  const end = parseCueTime(cue.end);
  const notTime = (which: 'start' | 'end', value: string) =>
    value.trim() === ''
      ? `Cue ${n} needs ${which === 'start' ? 'a start' : 'an end'} time, like 01:02.500.`
      : `Cue ${n} ${which}: “${value.trim().slice(0, 20)}” is not a time like 01:02.500.`;
  return {
    start: start === null ? notTime('start', cue.start) : null,
    end: end === null ? notTime('end', cue.end) : start !== null && end <= start ? `Cue ${n} must end after it starts.` : null,
    text: cue.text.trim() === '' ? `Cue ${n} has no text: write some, or remove the cue.` : null,
  };
}

/** The first thing wrong with the cues, for the render button's reason; null when they can be sent. */
export function cuesBlocker(cues: readonly CueDraft[]): string | null {
  if (cues.length === 0) return 'Add at least one cue, or import an .srt or .vtt file.';
  for (const [i, cue] of cues.entries()) {
    const errors = cueErrors(cue, i + 1);
    const first = errors.start ?? errors.end ?? errors.text;
    if (first) return first;
  }
  return null;
}

/**
 * SRT text of the cues: numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, blank lines inside a
 * cue's text dropped (they would end the cue). A time that is not one is written as typed, so
 * switching to text keeps it for fixing.
 */
export function cuesToSrt(cues: readonly CueDraft[]): string {
  const time = (t: string) => {
    const s = parseCueTime(t);
    return s === null ? t.trim() : srtTime(s);
  };
  return cues
    .map((c, i) => {
      const lines = c.text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .filter((l) => l.trim() !== '');
      return [String(i + 1), `${time(c.start)} --> ${time(c.end)}`, ...lines].join('\n') + '\n';
    })
    .join('\n');
}

/** Cues for the form from SRT or WebVTT text. Times that are not times are kept as typed (cueErrors names them). */
export function parseCaptionText(source: string): ParsedCaptions {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const vtt = /^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '');
  const cues: CueDraft[] = [];
  let i = 0;
  if (vtt) while (i < lines.length && lines[i]?.trim() !== '') i++;
  while (i < lines.length) {
    while (i < lines.length && lines[i]?.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]?.trim() !== '') block.push(lines[i++] as string);
    if (vtt && /^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0] as string)) continue;
    const timingAt = block.findIndex((l) => l.includes('-->'));
    if (timingAt < 0 || timingAt > 1) {
      return { cues, error: `Cue ${cues.length + 1} at line ${blockStart + 1} has no time line like “00:00:01,000 --> 00:00:02,500”. Fix the text around that line.` };
    }
    const [startText = '', rest = ''] = (block[timingAt] as string).split('-->');
    // VTT cue settings (align:start) and SRT coordinates follow the end time.
    const endText = rest.trim().split(/[ \t]+/)[0] ?? '';
    const text = block
      .slice(timingAt + 1)
      .map((l) => cleanMarkup(l, vtt))
      .join('\n');
    cues.push({ key: newCueKey(), start: tidyTime(startText), end: tidyTime(endText), text });
  }
  if (cues.length === 0) return { cues, error: 'This text has no cues. Give SRT or WebVTT text with at least one timed caption.' };
  return { cues, error: null };
}

/** A time the form can read, in the form's own shape; anything else as written. */
function tidyTime(text: string): string {
  const s = parseCueTime(text);
  return s === null ? text.trim() : formatCueTime(s);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

/** Drops the formatting tags the core drops anyway (<i>, <font …>, <c.x>, <v Name>, <00:01.000>), so the form shows what will be drawn. */
function cleanMarkup(line: string, vtt: boolean): string {
  let out = line.replace(/<\/?(?:i|b|u|s|font|c|v|lang|ruby|rt)(?:[ .\t][^<>]*)?>/gi, '').replace(/<\d{1,3}(?::\d{2}){1,2}\.\d{3}>/g, '');
  if (vtt) out = out.replace(/&(amp|lt|gt|nbsp|lrm|rlm|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');
  return out;
}
