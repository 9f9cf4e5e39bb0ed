import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MediaCapabilities, RenderRequest } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { limitsFor } from '../../../src-shared/platforms/limits';
import { capabilitiesFrom } from '../../../src-main/core/media/render/capabilities';
import { num } from '../../../src-main/core/media/render/common';
import { soundBounds } from '../../../src-main/core/media/render/cut-silence';
import { slideshowSeconds } from '../../../src-main/core/media/render/image-to-video';
import { planRender, type FfmpegStep, type RenderInput } from '../../../src-main/core/media/render/plan';
import { PLATFORM_VIDEO_RULES } from '../../../src-main/core/media/render/platform-video';
import { reformatTarget } from '../../../src-main/core/media/render/reformat';
import { lastMeaningfulLine, parseLoudnorm, parseSilences } from '../../../src-main/core/media/render/run-ffmpeg';

const FONTS = path.resolve(__dirname, '../../../resources/fonts');
const caps: MediaCapabilities = { ffmpegVersion: '7.0', stabilise: 'vidstab', captions: true, notes: [] };
const ctx = () => ({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-plan-')), fontsDir: FONTS, capabilities: caps });

const video = (id: string, over: Partial<RenderInput> = {}): RenderInput => ({
  id,
  file: `/media/${id}.mp4`,
  kind: 'video',
  width: 1280,
  height: 720,
  durationSeconds: 10,
  frameRate: 30,
  hasAudio: true,
  hasVideo: true,
  ...over,
});
const image = (id: string): RenderInput => ({ id, file: `/media/${id}.png`, kind: 'image', width: 800, height: 600, durationSeconds: null, frameRate: null, hasAudio: false, hasVideo: true });
const audio = (id: string): RenderInput => ({ ...video(id), file: `/media/${id}.m4a`, kind: 'audio', width: null, height: null, frameRate: null, hasVideo: false });

const inputs = new Map<string, RenderInput>(
  [video('v'), video('mute', { hasAudio: false }), image('i1'), image('i2'), image('i3'), audio('a')].map((x) => [x.id, x]),
);
const argsOf = (step: FfmpegStep | undefined) => (typeof step?.args === 'function' ? step.args({ loudnorm: { inputI: -30, inputTp: -10, inputLra: 3, inputThresh: -40, targetOffset: 0.2 }, silences: [] }).args : (step?.args ?? []));

describe('planRender shapes', () => {
  const cases: [RenderRequest, { steps: number; ext: string; seconds: number }][] = [
    [{ kind: 'image-to-video', imageIds: ['i1', 'i2', 'i3'], aspect: '9:16' }, { steps: 1, ext: 'mp4', seconds: 8 }],
    [{ kind: 'image-to-video', imageIds: ['i1', 'i2'], aspect: '1:1', secondsPerImage: 2, transition: 'none' }, { steps: 1, ext: 'mp4', seconds: 4 }],
    [{ kind: 'enhance', videoId: 'v', denoise: true }, { steps: 1, ext: 'mp4', seconds: 10 }],
    [{ kind: 'enhance', videoId: 'v', loudnorm: -14, stabilise: true }, { steps: 2, ext: 'mp4', seconds: 10 }],
    [{ kind: 'enhance', videoId: 'v', sharpen: true, preview: { fromSeconds: 8, seconds: 5 } }, { steps: 1, ext: 'mp4', seconds: 2 }],
    [{ kind: 'reformat', videoId: 'v', platform: 'x' }, { steps: 1, ext: 'mp4', seconds: 10 }],
    [{ kind: 'captions', videoId: 'v', captions: '1\n00:00:01,000 --> 00:00:02,000\nHi\n' }, { steps: 1, ext: 'mp4', seconds: 10 }],
    [{ kind: 'trim', videoId: 'v', fromSeconds: 2, toSeconds: 5 }, { steps: 1, ext: 'mp4', seconds: 3 }],
    [{ kind: 'trim', videoId: 'a', fromSeconds: 2, toSeconds: 5 }, { steps: 1, ext: 'm4a', seconds: 3 }],
    [{ kind: 'cut-silence', videoId: 'v' }, { steps: 2, ext: 'mp4', seconds: 10 }],
    [{ kind: 'cut-silence', videoId: 'a' }, { steps: 2, ext: 'm4a', seconds: 10 }],
    [{ kind: 'frame', videoId: 'v', atSeconds: 3 }, { steps: 1, ext: 'jpg', seconds: 0 }],
    [{ kind: 'extract-audio', videoId: 'v' }, { steps: 1, ext: 'm4a', seconds: 10 }],
    [{ kind: 'watermark', videoId: 'v', imageId: 'i1' }, { steps: 1, ext: 'mp4', seconds: 10 }],
  ];
  for (const [request, want] of cases) {
    it(`${request.kind}: ${JSON.stringify(want)}`, () => {
      const plan = planRender(request, inputs, ctx());
      expect(plan.steps).toHaveLength(want.steps);
      expect(plan.outputExt).toBe(want.ext);
      expect(plan.expectedSeconds).toBeCloseTo(want.seconds, 6);
      expect(plan.steps.filter((s) => s.output)).toHaveLength(1);
      expect(plan.steps.at(-1)?.output).toBe(true);
      for (const step of plan.steps) {
        const args = argsOf(step);
        // An argv array: progress on stdout, no stdin, inputs behind `file:`, no output path.
        expect(args.slice(0, 5)).toEqual(['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1']);
        for (const [i, a] of args.entries()) if (a === '-i') expect(args[i + 1]).toMatch(/^file:\/media\//);
        expect(args.some((a) => a.endsWith('.mp4') && !a.startsWith('file:'))).toBe(false);
        // The one fluent-ffmpeg reads as the output format must be a muxer.
        const f = args.indexOf('-f');
        expect(['mp4', 'null', 'image2']).toContain(args[f + 1]);
      }
    });
  }

  it('never puts caption text into the ffmpeg arguments', () => {
    const evil = "1\n00:00:00,000 --> 00:00:01,000\n'],;[x]movie=/etc/passwd{\\b1}\n";
    const c = ctx();
    const plan = planRender({ kind: 'captions', videoId: 'v', captions: evil }, inputs, c);
    const joined = argsOf(plan.steps[0]).join(' ');
    expect(joined).not.toContain('passwd');
    expect(fs.readFileSync(path.join(c.workDir, 'captions.ass'), 'utf8')).toContain("'],;[x]movie=/etc/passwd\\{\\\u2060b1}");
  });

  it('uses the two-pass loudnorm values it measured', () => {
    const plan = planRender({ kind: 'enhance', videoId: 'v', loudnorm: -14 }, inputs, ctx());
    expect(plan.steps[0]?.measure).toBe('loudnorm');
    expect(argsOf(plan.steps[1]).join(' ')).toContain('loudnorm=I=-14:TP=-1.5:LRA=11:measured_I=-30:measured_TP=-10:measured_LRA=3:measured_thresh=-40:offset=0.2:linear=true');
  });

  it('refuses impossible requests with a ValidationError saying what to do', () => {
    const refuse = (r: RenderRequest, pattern: RegExp, c = ctx()) => {
      try {
        planRender(r, inputs, c);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).name).toBe('ValidationError');
        expect((e as AppError).message).toMatch(pattern);
      }
    };
    refuse({ kind: 'trim', videoId: 'v', fromSeconds: 2, toSeconds: 11 }, /past the end of this 10 s item/);
    refuse({ kind: 'frame', videoId: 'v', atSeconds: 10 }, /past the end/);
    refuse({ kind: 'frame', videoId: 'i1', atSeconds: 1 }, /needs a video, and this item is a picture/);
    refuse({ kind: 'extract-audio', videoId: 'mute' }, /no sound/);
    refuse({ kind: 'image-to-video', imageIds: ['v'], aspect: '1:1' }, /needs a picture/);
    refuse({ kind: 'enhance', videoId: 'v', stabilise: true }, /no stabiliser/, { ...ctx(), capabilities: { ...caps, stabilise: null } });
    refuse({ kind: 'captions', videoId: 'v', captions: 'no cues here' }, /no time line|no cues/);
    refuse({ kind: 'captions', videoId: 'v', captions: '1\n00:00:01,000 --> 00:00:02,000\nx\n' }, /no libass/, { ...ctx(), capabilities: { ...caps, captions: false } });
    expect(() => planRender({ kind: 'trim', videoId: 'missing', fromSeconds: 0, toSeconds: 1 }, inputs, ctx())).toThrow(/no media item with id missing/);
  });
});

describe('pure helpers', () => {
  it('formats numbers for ffmpeg without exponents', () => {
    expect(num(1e-7)).toBe('0');
    expect(num(0.5)).toBe('0.5');
    expect(num(-0.0000001)).toBe('0');
    expect(num(123456789.1234567)).toBe('123456789.123457');
    expect(() => num(Number.NaN)).toThrow();
    expect(() => num(Infinity)).toThrow();
  });

  it('computes the slideshow length with crossfades', () => {
    expect(slideshowSeconds(5, 3, true)).toBe(13);
    expect(slideshowSeconds(5, 3, false)).toBe(15);
    expect(slideshowSeconds(1, 3, true)).toBe(3);
  });

  it('finds the sound between leading and trailing silence', () => {
    expect(soundBounds([{ start: 0, end: 1.2 }, { start: 4, end: null }], 5)).toEqual({ start: 1.2, end: 4 });
    expect(soundBounds([{ start: 2, end: 2.5 }], 5)).toEqual({ start: 0, end: 5 });
    expect(soundBounds([], 5)).toEqual({ start: 0, end: 5 });
    expect(() => soundBounds([{ start: 0, end: null }], 5)).toThrow(/silent from start to end/);
  });

  it('reads loudnorm JSON and silencedetect lines from stderr', () => {
    const stderr = '[Parsed_loudnorm_0 @ 0x1] \n{\n\t"input_i" : "-27.61",\n\t"input_tp" : "-4.47",\n\t"input_lra" : "18.06",\n\t"input_thresh" : "-39.20",\n\t"target_offset" : "0.58"\n}\n';
    expect(parseLoudnorm(stderr)).toEqual({ inputI: -27.61, inputTp: -4.47, inputLra: 18.06, inputThresh: -39.2, targetOffset: 0.58 });
    expect(() => parseLoudnorm(stderr.replace('-27.61', '-inf'))).toThrow(/silent/);
    expect(() => parseLoudnorm('nothing')).toThrow(/did not report/);
    const silences = '[silencedetect @ 0x1] silence_start: 0\n[silencedetect @ 0x1] silence_end: 1.0034 | silence_duration: 1.0034\n[silencedetect @ 0x1] silence_start: 2.01\n';
    expect(parseSilences(silences)).toEqual([
      { start: 0, end: 1.0034 },
      { start: 2.01, end: null },
    ]);
  });

  it('cuts folders out of ffmpeg’s last meaningful line', () => {
    const args = ['-i', 'file:/home/ann/Secret Project/clip.mp4'];
    const lines = ['file:/home/ann/Secret Project/clip.mp4: Invalid data found when processing input', 'Conversion failed!', ''];
    expect(lastMeaningfulLine(lines, args, '/home/ann/ws/media/out.mp4')).toBe('clip.mp4: Invalid data found when processing input');
    expect(lastMeaningfulLine(['[vidstabtransform @ 0x55d0] cannot open /tmp/work/stabilise.trf'], [], '/x/out.mp4')).toBe('cannot open stabilise.trf');
    expect(lastMeaningfulLine(['cannot open /tmp/my work/stabilise.trf'], [], '/tmp/my work/output.mp4')).toBe('cannot open stabilise.trf');
  });

  it('reads capabilities from -version and -filters', () => {
    const filters = ' ... vidstabdetect     V->V       x\n ... vidstabtransform  V->V       x\n ... deshake  V->V  x\n ... ass  V->V  x\n .S. xfade  VV->V  x\n ... anullsrc  |->A  x\n';
    const c = capabilitiesFrom('ffmpeg version 5.1.9-0+deb12u1 Copyright', filters);
    expect(c).toMatchObject({ ffmpegVersion: '5.1.9-0+deb12u1', stabilise: 'vidstab', captions: true });
    expect(capabilitiesFrom('ffmpeg version n7.1', ' ... deshake  V->V  x\n').stabilise).toBe('deshake');
    const bare = capabilitiesFrom('ffmpeg version n7.1', '');
    expect(bare).toMatchObject({ stabilise: null, captions: false });
    expect(bare.notes.join(' ')).toMatch(/no stabiliser.*no libass/);
  });

  it('fits a platform: keep a taken aspect, 16:9 otherwise, X inside 1280×1024, bitrate under the byte limit', () => {
    const x = limitsFor('x');
    const base = { kind: 'reformat', videoId: 'v', platform: 'x' } as const;
    const hd = video('hd', { width: 1920, height: 1080, durationSeconds: 200 }) as RenderInput & { width: number; height: number; durationSeconds: number };
    const t = reformatTarget(base, hd, x, PLATFORM_VIDEO_RULES.x);
    expect(t).toMatchObject({ width: 1280, height: 720, seconds: 140, fps: 60, fit: 'scale' });
    expect(((t.videoKbps + 128) * 1000 * t.seconds) / 8).toBeLessThanOrEqual(x.video.maxBytes * 0.95);
    const tall = reformatTarget({ ...base, aspect: '9:16' }, hd, x, PLATFORM_VIDEO_RULES.x);
    expect(tall).toMatchObject({ width: 576, height: 1024, fit: 'pad-blur' });
    const wide = video('p', { width: 4000, height: 1000 }) as typeof hd;
    expect(reformatTarget(base, wide, x, PLATFORM_VIDEO_RULES.x)).toMatchObject({ width: 1280, height: 720 });
    const bsky = reformatTarget({ ...base, platform: 'bluesky', aspect: '9:16', fit: 'crop' }, hd, limitsFor('bluesky'), PLATFORM_VIDEO_RULES.bluesky);
    expect(bsky).toMatchObject({ width: 1080, height: 1920, fit: 'crop' });
  });
});
