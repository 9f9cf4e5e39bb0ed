// Media renders: our runRender(planRender(…)) against the very same ffmpeg argv run raw with
// child_process.spawn, in adjacent pairs whose order alternates (each side goes first equally
// often, so neither pays for going first); the ratio is the median of the pairs' ratios, which
// a shared machine's load drift moves far less than a ratio of medians. Inputs are made with
// lavfi in a temp folder. `node bench/run.mjs media` runs only this.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectCapabilities } from '../src-main/core/media/render/capabilities';
import { planRender, type RenderContext, type RenderInput } from '../src-main/core/media/render/plan';
import { runRender } from '../src-main/core/media/render/run-ffmpeg';
import { probeFile } from '../src-main/core/media/probe';
import { findTool } from '../src-main/core/platform/tools';
import type { RenderRequest } from '../src-shared/domain';

// Even, so each side goes first in half of the pairs.
const RUNS = 2 * Math.ceil(Number(process.env.BENCH_MEDIA_RUNS ?? 4) / 2);
const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const TMP = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'media-render-'));

const ffmpegPath = (await findTool('ffmpeg')).found?.path;
const ffprobePath = (await findTool('ffprobe')).found?.path;
if (!ffmpegPath || !ffprobePath) {
  process.stdout.write('ffmpeg or ffprobe not found: media render benchmark skipped.\n');
  process.exit(0);
}
const FFMPEG: string = ffmpegPath;

function make(...args: string[]): void {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-y', ...args]);
  if (r.status !== 0) throw new Error(`making a bench input failed: ${r.stderr.toString()}`);
}

const file = (name: string) => path.join(TMP, name);
process.stdout.write(`Inputs in ${TMP}; ffmpeg ${(await detectCapabilities(FFMPEG)).ffmpegVersion}; ${os.cpus().length} cores; ${RUNS} runs each.\n\n`);
const sources = ['testsrc2', 'mandelbrot', 'rgbtestsrc', 'smptehdbars', 'testsrc'];
sources.forEach((src, i) => make('-f', 'lavfi', '-i', `${src}=size=1920x1080:rate=1`, '-frames:v', '1', file(`pic${i}.png`)));
make('-f', 'lavfi', '-i', 'sine=frequency=220:duration=20,volume=0.5', '-c:a', 'aac', file('music.m4a'));
// ~10 s of 720p with grain (for the denoiser) and a quiet, uneven sound (for loudnorm).
make(
  ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=10,noise=alls=12:allf=t', '-f', 'lavfi', '-i', 'anoisesrc=duration=10:color=pink:amplitude=0.05'],
  ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file('clip.mp4')],
);

async function inputOf(id: string, f: string): Promise<RenderInput> {
  const p = await probeFile(ffprobePath as string, f);
  return { id, file: f, kind: p.kind, width: p.width, height: p.height, durationSeconds: p.durationSeconds, frameRate: p.frameRate, hasAudio: p.audioCodec !== null, hasVideo: p.kind !== 'audio' };
}
const inputs = new Map<string, RenderInput>();
for (let i = 0; i < sources.length; i++) inputs.set(`pic${i}`, await inputOf(`pic${i}`, file(`pic${i}.png`)));
inputs.set('music', await inputOf('music', file('music.m4a')));
inputs.set('clip', await inputOf('clip', file('clip.mp4')));

const captions = Array.from({ length: 5 }, (_, i) => `${i + 1}\n00:00:0${i * 2},000 --> 00:00:0${i * 2 + 1},900\nCaption number ${i + 1}, burned in\n`).join('\n');
const cases: { name: string; request: RenderRequest }[] = [
  { name: 'image-to-video (5 × 1920x1080 → 9:16, 2 s each, music)', request: { kind: 'image-to-video', imageIds: ['pic0', 'pic1', 'pic2', 'pic3', 'pic4'], aspect: '9:16', secondsPerImage: 2, musicId: 'music' } },
  { name: 'enhance (10 s 720p: denoise + sharpen + loudnorm)', request: { kind: 'enhance', videoId: 'clip', denoise: true, sharpen: true, loudnorm: -14 } },
  { name: 'captions burn-in (10 s 720p)', request: { kind: 'captions', videoId: 'clip', captions } },
];

const capabilities = await detectCapabilities(FFMPEG);

// Warm-up: fluent-ffmpeg reads `ffmpeg -formats` and `-encoders` once per process, before its first run.
{
  const warm = fs.mkdtempSync(path.join(TMP, 'warm-'));
  const plan = planRender({ kind: 'extract-audio', videoId: 'music' }, inputs, { workDir: warm, fontsDir: path.join(ROOT, 'resources', 'fonts'), capabilities });
  await runRender(FFMPEG, plan, path.join(warm, 'warm.m4a'), { signal: new AbortController().signal, onProgress: () => {} });
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2 : (sorted[Math.floor(mid)] as number);
};

function spawnRaw(argv: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, [...argv], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`raw ffmpeg exited with ${code}`))));
  });
}

interface Row {
  name: string;
  ours: number;
  raw: number;
  ratio: number;
  seconds: number;
}
const rows: Row[] = [];
for (const c of cases) {
  const ours: number[] = [];
  const raw: number[] = [];
  let seconds = 0;
  const workDir = fs.mkdtempSync(path.join(TMP, 'work-'));
  const ctx: RenderContext = { workDir, fontsDir: path.join(ROOT, 'resources', 'fonts'), capabilities };
  const oursOut = path.join(workDir, 'ours.tmp');
  const rawOut = path.join(workDir, 'raw.tmp');
  let argvs: (readonly string[])[] = [];
  const runOurs = async () => {
    argvs = [];
    const t0 = performance.now();
    const plan = planRender(c.request, inputs, ctx);
    await runRender(FFMPEG, plan, oursOut, { signal: new AbortController().signal, onProgress: () => {}, onCommand: (argv) => argvs.push(argv) });
    seconds = plan.expectedSeconds;
    return (performance.now() - t0) / 1000;
  };
  // The argvs ours spawned (the two-pass loudnorm's second built from the first's measurement),
  // the final output redirected.
  const runRaw = async () => {
    const t0 = performance.now();
    for (const argv of argvs) await spawnRaw(argv.map((a) => (a === `file:${oursOut}` ? `file:${rawOut}` : a)));
    return (performance.now() - t0) / 1000;
  };
  // Ours and raw in turns, alternating which goes first; raw replays the argvs ours spawned last.
  for (let run = 0; run < RUNS; run++) {
    if (run % 2 === 0) {
      ours.push(await runOurs());
      raw.push(await runRaw());
    } else {
      raw.push(await runRaw());
      ours.push(await runOurs());
    }
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  rows.push({ name: c.name, ours: median(ours), raw: median(raw), ratio: median(ours.map((o, i) => o / (raw[i] as number))), seconds });
}

process.stdout.write(`| pipeline | ours s (median) | raw ffmpeg s (median) | ratio, median of ${RUNS} pairs (goal ≤ 1.05) | output x-realtime |\n|---|---:|---:|---:|---:|\n`);
for (const r of rows) {
  process.stdout.write(`| ${r.name} | ${r.ours.toFixed(2)} | ${r.raw.toFixed(2)} | ${r.ratio.toFixed(3)} | ${(r.seconds / r.ours).toFixed(2)}x |\n`);
}
fs.rmSync(TMP, { recursive: true, force: true });
