// Enhance: filters, two-pass loudness within 1 LU, upscale, side-by-side preview, stabilisers.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { tempDir } from '../../helpers/core';
import { capabilities, context, inputsOf, integratedLoudness, makeClip, probe, render } from './render-helpers';

let dir: string;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  dir = tempDir('promogpt-render-enhance-');
  // A quiet tone (about −33 LUFS) under a noisy, shaky-ish picture.
  makeClip(path.join(dir, 'quiet.mp4'), { seconds: 3, audio: 'sine=frequency=440:duration=3,volume=0.03' });
  makeClip(path.join(dir, 'loud.mp4'), { seconds: 3, audio: 'anoisesrc=duration=3:amplitude=0.8:color=pink' });
  makeClip(path.join(dir, 'mute.mp4'), { seconds: 2, audio: null });
  inputs = await inputsOf({ quiet: path.join(dir, 'quiet.mp4'), loud: path.join(dir, 'loud.mp4'), mute: path.join(dir, 'mute.mp4') });
});

describe('enhance', { timeout: 120_000 }, () => {
  it('denoises, sharpens, corrects colour and lands loudness within 1 LU of the target (two passes)', async () => {
    const before = integratedLoudness(path.join(dir, 'quiet.mp4'));
    expect(before).toBeLessThan(-25);
    const { file, plan } = await render({ kind: 'enhance', videoId: 'quiet', denoise: true, sharpen: true, brightness: 0.05, contrast: 1.1, saturation: 1.2, loudnorm: -16 }, inputs);
    expect(plan.steps.map((s) => s.output)).toEqual([false, true]);
    const p = probe(file);
    expect(p.video).toMatchObject({ codec: 'h264', width: 320, height: 240, pixFmt: 'yuv420p' });
    expect(Math.abs(p.duration - 3)).toBeLessThanOrEqual(0.1);
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(integratedLoudness(file) - -16)).toBeLessThanOrEqual(1);
  });

  it('brings a loud file down to the target too', async () => {
    const { file } = await render({ kind: 'enhance', videoId: 'loud', loudnorm: -23 }, inputs);
    expect(Math.abs(integratedLoudness(file) - -23)).toBeLessThanOrEqual(1);
  });

  it('upscales to 1080 on the short side with even sides, aspect kept', async () => {
    const { file } = await render({ kind: 'enhance', videoId: 'mute', upscale: 1080, deflicker: true }, inputs);
    const p = probe(file);
    expect(p.video).toMatchObject({ width: 1440, height: 1080 });
    expect(p.audio).toBeUndefined();
  });

  it('previews a segment, original and enhanced side by side', async () => {
    const { file, plan } = await render({ kind: 'enhance', videoId: 'quiet', sharpen: true, preview: { fromSeconds: 1, seconds: 1.5 } }, inputs);
    expect(plan.expectedSeconds).toBeCloseTo(1.5, 6);
    const p = probe(file);
    expect(p.video).toMatchObject({ width: 640, height: 240 });
    expect(Math.abs(p.duration - 1.5)).toBeLessThanOrEqual(0.1);
  });

  it('stabilises with vidstab in two steps (detect, then transform), or deshake in one', async () => {
    const caps = await capabilities();
    expect(caps.stabilise).toBe('vidstab');
    const { file, plan, argvs } = await render({ kind: 'enhance', videoId: 'mute', stabilise: true }, inputs);
    expect(plan.steps).toHaveLength(2);
    expect(argvs[0]?.join(' ')).toContain('vidstabdetect');
    expect(argvs[1]?.join(' ')).toContain('vidstabtransform');
    expect(Math.abs(probe(file).duration - 2)).toBeLessThanOrEqual(0.1);

    const deshake = await context({ capabilities: { ...caps, stabilise: 'deshake' } });
    const one = await render({ kind: 'enhance', videoId: 'mute', stabilise: true }, inputs, deshake);
    expect(one.plan.steps).toHaveLength(1);
    expect(one.argvs[0]?.join(' ')).toContain('deshake');
  });

  it('refuses what this video or ffmpeg cannot do', async () => {
    const none = await context({ capabilities: { ffmpegVersion: 'x', stabilise: null, captions: true, notes: [] } });
    expect(() => planRender({ kind: 'enhance', videoId: 'quiet', stabilise: true }, inputs, none)).toThrow(/no stabiliser/);
    const ctx = await context();
    expect(() => planRender({ kind: 'enhance', videoId: 'mute', loudnorm: -14 }, inputs, ctx)).toThrow(/no sound/);
    expect(() => planRender({ kind: 'enhance', videoId: 'quiet' }, inputs, ctx)).toThrow(/at least one enhancement/);
    expect(() => planRender({ kind: 'enhance', videoId: 'quiet', sharpen: true, preview: { fromSeconds: 5, seconds: 2 } }, inputs, ctx)).toThrow(/after the end/);
  });
});
