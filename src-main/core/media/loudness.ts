import { execFile } from 'node:child_process';
import { createLogger } from '../platform/logger';

const log = createLogger('media.loudness');

/** Files with sound up to this long are measured when added; longer ones would cost too much time. */
export const MAX_LOUDNESS_SECONDS = 15 * 60;
const TIMEOUT_MS = 60_000;
/** ffmpeg's stderr at `info`: the input's description (tags can be long) and the summary. */
const MAX_STDERR = 8 * 1024 * 1024;
/** ebur128's absolute gate: a file this quiet (or quieter) is silent and has no loudness to speak of. */
const SILENCE_LUFS = -70;

/** What decides whether a file is measured: it has sound, and it is not longer than `maxSeconds`. */
export function shouldMeasureLoudness(probe: { audioCodec: string | null; durationSeconds: number | null }, maxSeconds = MAX_LOUDNESS_SECONDS): boolean {
  const d = probe.durationSeconds;
  return probe.audioCodec !== null && d !== null && Number.isFinite(d) && d > 0 && d <= maxSeconds;
}

/** The ffmpeg arguments that measure the first audio stream of `file` (and decode nothing else). Pure, so tested. */
export function loudnessArgs(file: string): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    // The summary is logged at `info`; `framelog=verbose` keeps the per-100 ms lines below it.
    '-v',
    'info',
    // `file:` stops ffmpeg reading the path as a URL or an option.
    '-i',
    `file:${file}`,
    '-vn',
    '-sn',
    '-dn',
    '-map',
    '0:a:0',
    '-af',
    'ebur128=framelog=verbose',
    '-f',
    'null',
    '-',
  ];
}

/**
 * The integrated loudness (LUFS) from ebur128's summary in ffmpeg's stderr, rounded to 0.1; null when
 * there is no summary, or the value is not a finite number above the absolute gate (silence).
 */
export function parseIntegratedLoudness(stderr: string): number | null {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) return null;
  const match = /Integrated loudness:\s*I:\s*(\S+)\s*LUFS/.exec(stderr.slice(at));
  if (!match) return null;
  const value = Number(match[1]);
  if (!Number.isFinite(value) || value <= SILENCE_LUFS) return null;
  return Math.round(value * 10) / 10;
}

export interface MeasureLoudnessOptions {
  timeoutMs?: number;
}

/**
 * Measures a file's integrated loudness (EBU R128) with ffmpeg. Never throws: a file ffmpeg cannot
 * read, a timeout or silence all give null (logged), since loudness is a nice-to-have fact.
 */
export function measureLoudness(ffmpegPath: string, file: string, opts: MeasureLoudnessOptions = {}): Promise<number | null> {
  const timeout = opts.timeoutMs ?? TIMEOUT_MS;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(ffmpegPath, loudnessArgs(file), { timeout, killSignal: 'SIGKILL', maxBuffer: MAX_STDERR, windowsHide: true, encoding: 'utf8' }, (error, _stdout, stderr) => {
      const ms = Date.now() - started;
      if (error) {
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: number | string | null };
        // Paths are the user's business: they stay out of the log line.
        const detail = String(stderr ?? '')
          .split(file)
          .join('<input>')
          .slice(-500);
        log.warn('loudness not measured', { exit: e.code ?? null, signal: e.signal ?? null, timedOut: e.killed === true && e.signal === 'SIGKILL', ms, detail });
        return resolve(null);
      }
      const lufs = parseIntegratedLoudness(String(stderr));
      if (lufs === null) log.info('loudness not measured: silent, or no summary from ffmpeg', { ms });
      else log.debug('loudness measured', { lufs, ms });
      resolve(lufs);
    });
  });
}
