// Pictures into an MP4: size per aspect, length with crossfades, motion, music and voiceover, silent track.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { AppError } from '../../../src-shared/errors';
import { tempDir } from '../../helpers/core';
import { context, inputsOf, integratedLoudness, makeAudio, makeClip, makePicture, probe, render, rgbFrame, changedShare } from './render-helpers';

let dir: string;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  dir = tempDir('promogpt-render-i2v-');
  makePicture(path.join(dir, 'wide.png'), '640x360');
  makePicture(path.join(dir, 'tall.jpg'), '240x320', 'mandelbrot');
  makePicture(path.join(dir, 'square.png'), '300x300', 'rgbtestsrc');
  makeAudio(path.join(dir, 'music.m4a'), 'sine=frequency=220:duration=1.2');
  makeAudio(path.join(dir, 'voice.m4a'), 'sine=frequency=880:duration=1,volume=0.5');
  makeClip(path.join(dir, 'clip.mp4'));
  inputs = await inputsOf({
    wide: path.join(dir, 'wide.png'),
    tall: path.join(dir, 'tall.jpg'),
    square: path.join(dir, 'square.png'),
    music: path.join(dir, 'music.m4a'),
    voice: path.join(dir, 'voice.m4a'),
    clip: path.join(dir, 'clip.mp4'),
  });
});

/** moov before mdat: the file starts playing before it is all downloaded. */
const fastStart = (file: string) => {
  const head = fs.readFileSync(file);
  return head.indexOf('moov') >= 0 && head.indexOf('moov') < head.indexOf('mdat');
};

describe('image-to-video', { timeout: 120_000 }, () => {
  it('makes a 9:16 1080x1920 H.264/AAC MP4 with 0.5 s crossfades and a silent track', async () => {
    const { file, plan } = await render({ kind: 'image-to-video', imageIds: ['wide', 'tall', 'square'], aspect: '9:16', secondsPerImage: 1.5 }, inputs);
    // 3 × 1.5 − 2 × 0.5
    expect(plan.expectedSeconds).toBeCloseTo(3.5, 6);
    const p = probe(file);
    expect(p.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920, pixFmt: 'yuv420p' });
    expect(p.video?.fps).toBeCloseTo(30, 3);
    expect(Math.abs(p.duration - 3.5)).toBeLessThanOrEqual(0.1);
    expect(p.audio?.codec).toBe('aac');
    expect(fastStart(file)).toBe(true);
  });

  it('sizes each aspect, cuts without fades, and holds still with motion none', async () => {
    const sizes = { '1:1': [1080, 1080], '4:5': [1080, 1350], '16:9': [1920, 1080] } as const;
    for (const [aspect, [w, h]] of Object.entries(sizes) as [keyof typeof sizes, readonly [number, number]][]) {
      const { file } = await render({ kind: 'image-to-video', imageIds: ['wide', 'square'], aspect, secondsPerImage: 1, transition: 'none', motion: 'none' }, inputs);
      const p = probe(file);
      expect(p.video).toMatchObject({ width: w, height: h });
      expect(Math.abs(p.duration - 2)).toBeLessThanOrEqual(0.1);
      if (aspect === '1:1') {
        // Still: the first picture's frames at 0.1 s and 0.8 s are the same.
        const a = rgbFrame(file, 0.1, 108, 108);
        const b = rgbFrame(file, 0.8, 108, 108);
        expect(changedShare(a, b, 108, 0, 108)).toBeLessThan(0.02);
      }
    }
  });

  it('moves the picture with a zoom', async () => {
    const { file } = await render({ kind: 'image-to-video', imageIds: ['wide'], aspect: '1:1', secondsPerImage: 2, motion: 'zoom-in' }, inputs);
    const a = rgbFrame(file, 0.05, 108, 108);
    const b = rgbFrame(file, 1.9, 108, 108);
    expect(changedShare(a, b, 108, 0, 108, 30)).toBeGreaterThan(0.05);
  });

  it('lays a looped music bed, ducked under a voiceover, to the video length', async () => {
    const { file, plan } = await render({ kind: 'image-to-video', imageIds: ['wide', 'square'], aspect: '1:1', secondsPerImage: 2, musicId: 'music', voiceId: 'voice' }, inputs);
    expect(plan.expectedSeconds).toBeCloseTo(3.5, 6);
    const p = probe(file);
    expect(p.audio?.codec).toBe('aac');
    // The 1.2 s music was looped to cover the whole 3.5 s.
    expect(Math.abs((p.audio?.duration ?? 0) - 3.5)).toBeLessThanOrEqual(0.1);
    expect(integratedLoudness(file)).toBeGreaterThan(-30);
  });

  it('refuses a video or audio item where a picture is needed', async () => {
    const ctx = await context();
    expect(() => planRender({ kind: 'image-to-video', imageIds: ['wide', 'clip'], aspect: '1:1' }, inputs, ctx)).toThrow(AppError);
    expect(() => planRender({ kind: 'image-to-video', imageIds: ['music'], aspect: '1:1' }, inputs, ctx)).toThrow(/needs a picture/);
  });
});
