// Reformat for a platform: aspect kept or changed (crop, blurred pad), length, frame rate, size budget.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { limitsFor } from '../../../src-shared/platforms/limits';
import { tempDir } from '../../helpers/core';
import { changedShare, context, inputsOf, makeClip, probe, render, rgbFrame } from './render-helpers';

let dir: string;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  dir = tempDir('promogpt-render-reformat-');
  makeClip(path.join(dir, 'clip.mp4'), { seconds: 2 });
  makeClip(path.join(dir, 'fast.mp4'), { seconds: 1, rate: 120, size: '320x180' });
  makeClip(path.join(dir, 'panorama.mp4'), { seconds: 1, size: '640x120' });
  inputs = await inputsOf({ clip: path.join(dir, 'clip.mp4'), fast: path.join(dir, 'fast.mp4'), panorama: path.join(dir, 'panorama.mp4') });
});

describe('reformat', { timeout: 120_000 }, () => {
  it('keeps an aspect the platform takes, as H.264/AAC MP4', async () => {
    const { file } = await render({ kind: 'reformat', videoId: 'clip', platform: 'x' }, inputs);
    const p = probe(file);
    expect(p.formatName).toContain('mp4');
    expect(p.video).toMatchObject({ codec: 'h264', width: 320, height: 240, pixFmt: 'yuv420p' });
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 2)).toBeLessThanOrEqual(0.1);
  });

  it('pads to 9:16 with a blurred copy behind, or crops the middle', async () => {
    const pad = await render({ kind: 'reformat', videoId: 'clip', platform: 'bluesky', aspect: '9:16' }, inputs);
    const crop = await render({ kind: 'reformat', videoId: 'clip', platform: 'bluesky', aspect: '9:16', fit: 'crop' }, inputs);
    for (const r of [pad, crop]) expect(probe(r.file).video).toMatchObject({ width: 180, height: 320 });
    // The padded version shows the whole (smaller) picture in the middle and blur above it:
    // the top band differs between the two.
    const a = rgbFrame(pad.file, 0.5, 180, 320);
    const b = rgbFrame(crop.file, 0.5, 180, 320);
    expect(changedShare(a, b, 180, 0, 60)).toBeGreaterThan(0.2);
  });

  it('turns an aspect the platform refuses (X: wider than 3:1) into 16:9', async () => {
    const { file } = await render({ kind: 'reformat', videoId: 'panorama', platform: 'x' }, inputs);
    const v = probe(file).video;
    expect(v?.width).toBe(640);
    expect(v?.height).toBe(360);
  });

  it('caps the frame rate at 60', async () => {
    const { file } = await render({ kind: 'reformat', videoId: 'fast', platform: 'mastodon' }, inputs);
    expect(probe(file).video?.fps).toBeLessThanOrEqual(60);
  });

  it('trims to the platform length and keeps under its byte limit', async () => {
    const x = limitsFor('x');
    const tight = { ...x, video: { ...x.video, maxSeconds: 1, maxBytes: 60_000 } };
    const ctx = await context({ platformLimits: { x: tight } });
    const { file } = await render({ kind: 'reformat', videoId: 'clip', platform: 'x' }, inputs, ctx);
    expect(Math.abs(probe(file).duration - 1)).toBeLessThanOrEqual(0.1);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(60_000);
  });

  it('refuses a video too long to fit the byte limit at a watchable quality, or too short', async () => {
    const m = limitsFor('mastodon');
    const ctx = await context({ platformLimits: { mastodon: { ...m, video: { ...m.video, maxBytes: 20_000 } }, x: { ...limitsFor('x'), video: { ...limitsFor('x').video, minSeconds: 5 } } } });
    expect(() => planRender({ kind: 'reformat', videoId: 'clip', platform: 'mastodon' }, inputs, ctx)).toThrow(/cannot fit in Mastodon's/);
    expect(() => planRender({ kind: 'reformat', videoId: 'clip', platform: 'x' }, inputs, ctx)).toThrow(/at least 5 s/);
  });
});
