import fs from 'node:fs';
import path from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { AppError } from '../../../../src-shared/errors';
import { createLogger } from '../../platform/logger';
import type { FfmpegStep, LoudnormMeasurement, Measurements, RenderPlan } from './plan';

const log = createLogger('media-render');

export interface RenderProgress {
  /** 0…1 over all steps. */
  fraction: number;
  /** Seconds of output written so far (0 during an analysis step). */
  outSeconds: number;
  /** Output seconds per wall-clock second, from ffmpeg; null until known. */
  speed: number | null;
  etaSeconds: number | null;
}

export interface RunRenderOptions {
  signal: AbortSignal;
  onProgress(p: RenderProgress): void;
  /**
   * Each ffmpeg argv as spawned (for the benchmark), and fluent-ffmpeg's own account of the
   * command line (`ffmpeg ` + its argv joined by spaces). They hold the user's paths: never log them.
   */
  onCommand?(argv: readonly string[], spawnedCommandLine: string): void;
  /** The pid of each ffmpeg started (tests check it is gone after a cancel). */
  onSpawn?(pid: number): void;
}

const CANCEL_MESSAGE = 'The render was cancelled.';
/** SIGTERM lets ffmpeg stop cleanly; past this it is killed. */
const KILL_GRACE_MS = 1500;
const PROGRESS_INTERVAL_MS = 250;
/** Analysis only decodes: it counts for less of the progress bar than an encode of the same length. */
const ANALYSIS_WEIGHT = 0.3;
const STDERR_TAIL = 40;

export function isRenderCancelled(error: unknown): boolean {
  return error instanceof AppError && error.name === 'Cancelled';
}

/**
 * Runs a plan's steps in order. Writes only `outFile` (and the plan's side files in its work
 * folder); on failure or abort it stops ffmpeg (SIGTERM, then SIGKILL), deletes `outFile` and
 * throws an AppError saying what went wrong.
 *
 * fluent-ffmpeg spawns ffmpeg with our argv unchanged (every option passed as its own argument,
 * so none is split on spaces). We never add a 'progress' listener, which would make it run
 * ffprobe first; progress comes from `-progress pipe:1` instead. It checks `ffmpeg -formats`
 * and `-encoders` once per process before the first run.
 */
export async function runRender(ffmpegPath: string, plan: RenderPlan, outFile: string, opts: RunRenderOptions): Promise<void> {
  const measurements: Measurements = {};
  const weights = plan.steps.map((s) => Math.max(0.1, s.seconds) * (s.output ? 1 : ANALYSIS_WEIGHT));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const started = Date.now();
  let done = 0;
  try {
    for (const [i, step] of plan.steps.entries()) {
      if (opts.signal.aborted) throw cancelled();
      const built = typeof step.args === 'function' ? step.args(measurements) : { args: step.args, seconds: step.seconds };
      const weight = weights[i] as number;
      const stderr = await runStep(ffmpegPath, step, built.args, outFile, opts, (stepFraction, outSeconds, speed) => {
        const fraction = Math.min(1, (done + weight * stepFraction) / totalWeight);
        const elapsed = (Date.now() - started) / 1000;
        const etaSeconds = fraction > 0.01 ? Math.max(0, (elapsed * (1 - fraction)) / fraction) : null;
        opts.onProgress({ fraction, outSeconds: step.output ? outSeconds : 0, speed, etaSeconds });
      }, built.seconds);
      if (step.measure === 'loudnorm') measurements.loudnorm = parseLoudnorm(stderr);
      if (step.measure === 'silence') measurements.silences = parseSilences(stderr);
      done += weight;
    }
    const size = fs.statSync(outFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size === 0) throw new AppError('Internal', 'ffmpeg finished but wrote nothing (the time may be past the last frame). Choose an earlier time or other settings.');
    opts.onProgress({ fraction: 1, outSeconds: plan.expectedSeconds, speed: null, etaSeconds: 0 });
  } catch (error) {
    await fs.promises.rm(outFile, { force: true });
    throw error;
  }
}

function cancelled(): AppError {
  return new AppError('Cancelled', CANCEL_MESSAGE, { cancelled: true });
}

/** One ffmpeg run; resolves with its stderr (all of it for analysis steps, the tail otherwise). */
function runStep(
  ffmpegPath: string,
  step: FfmpegStep,
  args: readonly string[],
  outFile: string,
  opts: RunRenderOptions,
  report: (fraction: number, outSeconds: number, speed: number | null) => void,
  seconds: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const target = step.output ? `file:${outFile}` : '-';
    // fluent-ffmpeg puts `-y` first for a plain file target ('-'); for `file:` we give it.
    const options = step.output ? ['-y', ...args] : [...args];
    if (options.length < 2) throw new Error('An ffmpeg step needs arguments');
    const argv = ['-y', ...args, target];
    const command = ffmpeg({ stdoutLines: 20 }).setFfmpegPath(ffmpegPath).output(target).outputOptions(...options);
    const lines: string[] = [];
    const keepAll = step.measure !== undefined;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    let lastReport = 0;
    let outSeconds = 0;
    let speed: number | null = null;

    const stop = () => {
      aborted = true;
      const proc = command.ffmpegProc;
      if (!proc) return; // Not spawned yet: 'start' stops it.
      proc.kill('SIGTERM');
      killTimer = setTimeout(() => proc.kill('SIGKILL'), KILL_GRACE_MS);
    };
    opts.signal.addEventListener('abort', stop, { once: true });
    const finish = () => {
      opts.signal.removeEventListener('abort', stop);
      clearTimeout(killTimer);
    };

    command.on('start', (commandLine: string) => {
      opts.onCommand?.(argv, commandLine);
      const proc = command.ffmpegProc;
      if (proc?.pid) opts.onSpawn?.(proc.pid);
      if (aborted) stop();
      let pending = '';
      proc?.stdout?.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) {
          const eq = line.indexOf('=');
          const key = line.slice(0, eq).trim();
          const value = line.slice(eq + 1).trim();
          if (key === 'out_time_us' && /^-?\d+$/.test(value)) outSeconds = Math.max(0, Number(value) / 1e6);
          else if (key === 'speed') speed = /^\d+(\.\d+)?x$/.test(value) ? Number(value.slice(0, -1)) || null : speed;
          else if (key === 'progress') {
            const now = Date.now();
            if (value === 'end' || now - lastReport >= PROGRESS_INTERVAL_MS) {
              lastReport = now;
              report(value === 'end' ? 1 : seconds > 0 ? Math.min(1, outSeconds / seconds) : 0, outSeconds, speed);
            }
          }
        }
      });
    });
    command.on('stderr', (line: string) => {
      lines.push(line);
      if (!keepAll && lines.length > STDERR_TAIL) lines.shift();
    });
    command.on('end', () => {
      finish();
      if (aborted) return reject(cancelled());
      resolve(lines.join('\n'));
    });
    command.on('error', (error: Error) => {
      finish();
      if (aborted) return reject(cancelled());
      const spawnFailed = /ENOENT|EACCES|Cannot find ffmpeg/.test(error.message);
      log.warn('ffmpeg failed', { step: step.label, reason: lastMeaningfulLine(lines, args, outFile) });
      reject(spawnFailed ? new AppError('DependencyMissing', 'ffmpeg could not be started. Install ffmpeg or set FFMPEG_BIN to one that runs.') : failure(lines, args, outFile));
    });
    command.run();
  });
}

/** One sentence: what ffmpeg said last (file names only, no folders) and what to do. */
function failure(lines: readonly string[], args: readonly string[], outFile: string): AppError {
  const said = lastMeaningfulLine(lines, args, outFile);
  const damaged = /Invalid data|could not find codec|moov atom not found|Error while decoding|corrupt/i.test(said);
  const reason = said ? `ffmpeg stopped with “${said}”` : 'ffmpeg stopped without saying why';
  const advice = damaged ? 'check that the source file plays, or add it to the library again' : 'try other settings, or check that the source files play';
  return new AppError(damaged ? 'ValidationError' : 'Internal', `The render failed: ${reason}; ${advice}.`);
}

// Progress and ffmpeg's generic follow-up lines ("Conversion failed!") hide the line that says why.
const NOISE =
  /^(Conversion failed!|Exiting normally|Press \[q\]|Error reinitializing filters|Failed to inject frame|Error while (processing the decoded data|filtering)|Error initializing (complex )?filters?|Error opening output files?|\d+ frames? left in the queue|\s*$|\s*(frame|size|video|audio|subtitle|global headers|muxing overhead)[=:])/;

/** The last stderr line that says something, with the user's folders cut down to file names. */
export function lastMeaningfulLine(lines: readonly string[], args: readonly string[], outFile: string): string {
  const paths = new Set<string>([outFile, ...args.filter((a) => a.startsWith('file:')).map((a) => a.slice(5))]);
  for (let i = lines.length - 1; i >= 0; i--) {
    let line = (lines[i] ?? '').trim();
    if (NOISE.test(line)) continue;
    for (const p of paths) line = line.split(`file:${p}`).join(path.basename(p)).split(p).join(path.basename(p));
    // Side files sit next to the output or the inputs (the work folder): drop those folders.
    for (const p of paths) line = line.split(`${path.dirname(p)}${path.sep}`).join('');
    // Any other absolute path (a filter's side file): its name only.
    line = line.replace(/(?:[A-Za-z]:)?[\\/][^\s'"]*[\\/]([^\s'"\\/]+)/g, '$1');
    // ffmpeg's "[filter @ 0x55d…] " prefixes say nothing to a user.
    line = line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '');
    return line.length > 200 ? `${line.slice(0, 197)}…` : line;
  }
  return '';
}

/** loudnorm's print_format=json block: the measured input, for the second pass. */
export function parseLoudnorm(stderr: string): LoudnormMeasurement {
  const at = stderr.lastIndexOf('{');
  const close = stderr.indexOf('}', at);
  let json: Record<string, string> | undefined;
  try {
    json = at >= 0 && close > at ? (JSON.parse(stderr.slice(at, close + 1)) as Record<string, string>) : undefined;
  } catch {
    json = undefined;
  }
  const read = (key: string) => Number(json?.[key]);
  const m = { inputI: read('input_i'), inputTp: read('input_tp'), inputLra: read('input_lra'), inputThresh: read('input_thresh'), targetOffset: read('target_offset') };
  if (!json) throw new AppError('Internal', 'ffmpeg did not report the loudness it measured. Try again, or turn loudness off.');
  if (!Number.isFinite(m.inputI) || !Number.isFinite(m.inputTp) || !Number.isFinite(m.inputThresh)) {
    throw new AppError('ValidationError', 'The sound of this video is silent, so its loudness cannot be set. Turn loudness off.');
  }
  return { ...m, inputLra: Number.isFinite(m.inputLra) ? m.inputLra : 0, targetOffset: Number.isFinite(m.targetOffset) ? m.targetOffset : 0 };
}

/** silencedetect's `silence_start: 1.2` / `silence_end: 3.4 | …` lines as stretches (an open one runs to the end). */
export function parseSilences(stderr: string): { start: number; end: number | null }[] {
  const out: { start: number; end: number | null }[] = [];
  for (const line of stderr.split('\n')) {
    const start = /silence_start:\s*(-?[\d.]+)/.exec(line);
    if (start) out.push({ start: Math.max(0, Number(start[1])), end: null });
    const end = /silence_end:\s*([\d.]+)/.exec(line);
    const open = out[out.length - 1];
    if (end && open && open.end === null) open.end = Number(end[1]);
  }
  return out;
}
