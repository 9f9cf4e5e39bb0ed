// Shared by the render-*.test.ts files: small inputs made with lavfi, probing, and running a plan.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MediaCapabilities, RenderRequest } from '../../../src-shared/domain';
import { detectCapabilities } from '../../../src-main/core/media/render/capabilities';
import { planRender, type RenderContext, type RenderInput, type RenderPlan } from '../../../src-main/core/media/render/plan';
import { runRender, type RenderProgress, type RunRenderOptions } from '../../../src-main/core/media/render/run-ffmpeg';
import { probeFile } from '../../../src-main/core/media/probe';
import { tempDir } from '../../helpers/core';

export const FONTS_DIR = path.resolve(__dirname, '../../../resources/fonts');

/** Runs ffmpeg quietly to make a test input. */
export function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** A testsrc video with a sine tone (or none), 25 fps unless given. */
export function makeClip(file: string, opts: { size?: string; seconds?: number; rate?: number; audio?: string | null } = {}): string {
  const { size = '320x240', seconds = 2, rate = 25 } = opts;
  const audio = opts.audio === undefined ? `sine=frequency=440:duration=${seconds}` : opts.audio;
  ffmpeg(
    ...['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${rate}:duration=${seconds}`],
    ...(audio ? ['-f', 'lavfi', '-i', audio] : []),
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ...(audio ? ['-c:a', 'aac', '-shortest'] : []),
    file,
  );
  return file;
}

export function makePicture(file: string, size = '320x240', source = 'testsrc'): string {
  ffmpeg('-f', 'lavfi', '-i', `${source}=size=${size}:rate=1`, '-frames:v', '1', file);
  return file;
}

export function makeAudio(file: string, source: string): string {
  ffmpeg('-f', 'lavfi', '-i', source, '-c:a', 'aac', file);
  return file;
}

/** A RenderInput from the file's real probe, as the library would give it. */
export async function inputOf(id: string, file: string): Promise<RenderInput> {
  const p = await probeFile('ffprobe', file);
  return {
    id,
    file,
    kind: p.kind,
    width: p.width,
    height: p.height,
    durationSeconds: p.durationSeconds,
    frameRate: p.frameRate,
    hasAudio: p.audioCodec !== null,
    hasVideo: p.kind !== 'audio' && p.videoCodec !== null,
  };
}

export async function inputsOf(entries: Record<string, string>): Promise<Map<string, RenderInput>> {
  const map = new Map<string, RenderInput>();
  for (const [id, file] of Object.entries(entries)) map.set(id, await inputOf(id, file));
  return map;
}

let caps: Promise<MediaCapabilities> | undefined;
export const capabilities = (): Promise<MediaCapabilities> => (caps ??= detectCapabilities('ffmpeg'));

export async function context(overrides: Partial<RenderContext> = {}): Promise<RenderContext> {
  return { workDir: tempDir('promogpt-render-work-'), fontsDir: FONTS_DIR, capabilities: await capabilities(), ...overrides };
}

export interface Rendered {
  file: string;
  plan: RenderPlan;
  progress: RenderProgress[];
  argvs: (readonly string[])[];
  /** fluent-ffmpeg's 'start' command line per run. */
  spawned: string[];
}

/** planRender + runRender into a temp file named like the caller's (no extension hint for ffmpeg). */
export async function render(request: RenderRequest, inputs: ReadonlyMap<string, RenderInput>, ctx?: RenderContext, opts: Partial<RunRenderOptions> = {}): Promise<Rendered> {
  const c = ctx ?? (await context());
  const plan = planRender(request, inputs, c);
  const file = path.join(tempDir('promogpt-render-out-'), 'output.tmp');
  const progress: RenderProgress[] = [];
  const argvs: (readonly string[])[] = [];
  const spawned: string[] = [];
  await runRender('ffmpeg', plan, file, {
    signal: new AbortController().signal,
    onProgress: (p) => progress.push(p),
    onCommand: (argv, line) => {
      argvs.push(argv);
      spawned.push(line);
    },
    ...opts,
  });
  return { file, plan, progress, argvs, spawned };
}

export interface Probed {
  duration: number;
  video?: { codec: string; width: number; height: number; pixFmt: string; fps: number; frames?: number };
  audio?: { codec: string; duration: number };
  formatName: string;
}

export function probe(file: string, countFrames = false): Probed {
  const out = execFileSync('ffprobe', ['-v', 'error', ...(countFrames ? ['-count_frames'] : []), '-print_format', 'json', '-show_format', '-show_streams', file]).toString();
  const j = JSON.parse(out) as {
    format: { duration?: string; format_name: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; avg_frame_rate?: string; nb_read_frames?: string; duration?: string }[];
  };
  const v = j.streams.find((s) => s.codec_type === 'video');
  const a = j.streams.find((s) => s.codec_type === 'audio');
  const [n = 0, d = 1] = (v?.avg_frame_rate ?? '0/1').split('/').map(Number);
  return {
    duration: Number(j.format.duration ?? 0),
    formatName: j.format.format_name,
    ...(v
      ? {
          video: {
            codec: v.codec_name,
            width: v.width ?? 0,
            height: v.height ?? 0,
            pixFmt: v.pix_fmt ?? '',
            fps: d ? n / d : 0,
            ...(v.nb_read_frames ? { frames: Number(v.nb_read_frames) } : {}),
          },
        }
      : {}),
    ...(a ? { audio: { codec: a.codec_name, duration: Number(a.duration ?? 0) } } : {}),
  };
}

/** Integrated loudness (LUFS) by ffmpeg's EBU R128 meter (the summary's "I:" line). */
export function integratedLoudness(file: string): number {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  const m = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!m) throw new Error('ebur128 printed no integrated loudness');
  return Number(m[1]);
}

/** Raw RGB24 pixels of one frame at `at` seconds. */
export function rgbFrame(file: string, at: number, width: number, height: number): Buffer {
  const buf = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-']);
  return buf;
}

/** Share of pixels in rows [y0, y1) whose colour differs by more than `threshold` (0–255, any channel). */
export function changedShare(a: Buffer, b: Buffer, width: number, y0: number, y1: number, threshold = 40): number {
  let changed = 0;
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      total++;
      if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > threshold || Math.abs((a[i + 1] ?? 0) - (b[i + 1] ?? 0)) > threshold || Math.abs((a[i + 2] ?? 0) - (b[i + 2] ?? 0)) > threshold) changed++;
    }
  }
  return total ? changed / total : 0;
}

export const exists = (file: string): boolean => fs.existsSync(file);
