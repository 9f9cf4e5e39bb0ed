// Watermark: a picture overlaid at a corner with a scaled margin, at the opacity asked.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { tempDir } from '../../helpers/core';
import { context, ffmpeg, inputsOf, probe, render, rgbFrame } from './render-helpers';

const W = 320;
const H = 240;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  const dir = tempDir('promogpt-render-watermark-');
  ffmpeg(
    ...['-f', 'lavfi', '-i', `color=c=black:size=${W}x${H}:rate=25:duration=2`, '-f', 'lavfi', '-i', 'sine=duration=2'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(dir, 'black.mp4')],
  );
  ffmpeg('-f', 'lavfi', '-i', 'color=c=white:size=100x50', '-frames:v', '1', path.join(dir, 'logo.png'));
  inputs = await inputsOf({ black: path.join(dir, 'black.mp4'), logo: path.join(dir, 'logo.png') });
});

const luma = (frame: Buffer, x: number, y: number) => frame[(y * W + x) * 3] ?? 0;

describe('watermark', { timeout: 120_000 }, () => {
  it('puts the logo bottom-right, 15 % of the width, 24 px margin scaled, at 0.8 opacity', async () => {
    const { file } = await render({ kind: 'watermark', videoId: 'black', imageId: 'logo' }, inputs);
    const p = probe(file);
    expect(p.video).toMatchObject({ codec: 'h264', width: W, height: H });
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 2)).toBeLessThanOrEqual(0.1);
    const f = rgbFrame(file, 1, W, H);
    // Logo 48×24 px; margin round(24 × 240 / 1080) = 5 px: it spans x 267–314, y 211–234.
    expect(luma(f, 290, 222)).toBeGreaterThan(170);
    expect(luma(f, 290, 222)).toBeLessThan(235);
    expect(luma(f, 318, 237)).toBeLessThan(40);
    expect(luma(f, 40, 40)).toBeLessThan(40);
  });

  it('places it top-left at full opacity', async () => {
    const { file } = await render({ kind: 'watermark', videoId: 'black', imageId: 'logo', position: 'top-left', opacity: 1, scale: 0.3 }, inputs);
    const f = rgbFrame(file, 1, W, H);
    expect(luma(f, 30, 15)).toBeGreaterThan(235);
    expect(luma(f, 2, 2)).toBeLessThan(40);
    expect(luma(f, 300, 220)).toBeLessThan(40);
  });

  it('refuses a video as the logo', async () => {
    const ctx = await context();
    expect(() => planRender({ kind: 'watermark', videoId: 'black', imageId: 'black' }, inputs, ctx)).toThrow(/needs a picture/);
  });
});
