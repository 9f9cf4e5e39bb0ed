// Trim, cut-silence, frame and extract-audio with real ffmpeg on small lavfi inputs.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { AppError } from '../../../src-shared/errors';
import { tempDir } from '../../helpers/core';
import { context, ffmpeg, inputsOf, makeAudio, makeClip, probe, render } from './render-helpers';

let dir: string;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  dir = tempDir('promogpt-render-cuts-');
  makeClip(path.join(dir, 'clip.mp4'), { seconds: 3, rate: 30 });
  makeClip(path.join(dir, 'mute.mp4'), { seconds: 2, audio: null });
  makeAudio(path.join(dir, 'tone.m4a'), 'sine=frequency=440:duration=3');
  // 1 s silence, 1 s tone, 1 s silence: as audio, and under a 30 fps video.
  const padded = 'sine=frequency=440:duration=1,adelay=1000|1000,apad=whole_dur=3';
  makeAudio(path.join(dir, 'padded.m4a'), padded);
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30:duration=3', '-f', 'lavfi', '-i', padded],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', '3', path.join(dir, 'padded.mp4')],
  );
  makeAudio(path.join(dir, 'silent.m4a'), 'anullsrc=sample_rate=48000:channel_layout=stereo:duration=2');
  inputs = await inputsOf({
    clip: path.join(dir, 'clip.mp4'),
    mute: path.join(dir, 'mute.mp4'),
    tone: path.join(dir, 'tone.m4a'),
    padded: path.join(dir, 'padded.m4a'),
    paddedVideo: path.join(dir, 'padded.mp4'),
    silent: path.join(dir, 'silent.m4a'),
  });
});

const validation = async (f: () => unknown, pattern: RegExp) => {
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).name).toBe('ValidationError');
  expect((error as AppError).message).toMatch(pattern);
};

describe('trim', { timeout: 120_000 }, () => {
  it('cuts a video exactly to the frame, re-encoded to H.264/AAC', async () => {
    const { file, plan } = await render({ kind: 'trim', videoId: 'clip', fromSeconds: 0.5, toSeconds: 1.7 }, inputs);
    expect(plan.outputExt).toBe('mp4');
    const p = probe(file, true);
    expect(p.video).toMatchObject({ codec: 'h264', width: 320, height: 240, pixFmt: 'yuv420p' });
    // 1.2 s at 30 fps: 36 frames, not one more or less.
    expect(p.video?.frames).toBe(36);
    expect(Math.abs(p.duration - 1.2)).toBeLessThanOrEqual(1 / 30 + 0.001);
    expect(p.audio?.codec).toBe('aac');
  });

  it('cuts an audio item into an m4a', async () => {
    const { file, plan } = await render({ kind: 'trim', videoId: 'tone', fromSeconds: 1, toSeconds: 2.5 }, inputs);
    expect(plan.outputExt).toBe('m4a');
    const p = probe(file);
    expect(p.video).toBeUndefined();
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 1.5)).toBeLessThan(0.05);
  });

  it('refuses a trim past the end, saying how long the item is', async () => {
    const ctx = await context();
    await validation(() => planRender({ kind: 'trim', videoId: 'clip', fromSeconds: 1, toSeconds: 9 }, inputs, ctx), /past the end of this 3 s item/);
    await validation(() => planRender({ kind: 'trim', videoId: 'clip', fromSeconds: 4, toSeconds: 5 }, inputs, ctx), /after the end/);
  });
});

describe('cut-silence', () => {
  it('cuts the silence at both ends of an audio item', async () => {
    const { file, plan } = await render({ kind: 'cut-silence', videoId: 'padded' }, inputs);
    expect(plan.steps.map((s) => s.output)).toEqual([false, true]);
    const p = probe(file);
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 1)).toBeLessThan(0.1);
  });

  it('cuts a video to the sound, picture and sound together', async () => {
    const { file } = await render({ kind: 'cut-silence', videoId: 'paddedVideo' }, inputs);
    const p = probe(file);
    expect(p.video?.codec).toBe('h264');
    expect(Math.abs(p.duration - 1)).toBeLessThan(0.1);
  });

  it('refuses an item that is silent throughout, and one with no sound', async () => {
    await validation(() => render({ kind: 'cut-silence', videoId: 'silent' }, inputs), /silent from start to end/);
    await validation(async () => planRender({ kind: 'cut-silence', videoId: 'mute' }, inputs, await context()), /no sound/);
  });
});

describe('frame', () => {
  it('takes one JPEG at the time asked, even just before the end', async () => {
    for (const at of [0, 1.5, 2.99]) {
      const { file, plan } = await render({ kind: 'frame', videoId: 'clip', atSeconds: at }, inputs);
      expect(plan.outputExt).toBe('jpg');
      const p = probe(file);
      expect(p.video).toMatchObject({ codec: 'mjpeg', width: 320, height: 240 });
    }
  });

  it('refuses a time at or past the end', async () => {
    await validation(async () => planRender({ kind: 'frame', videoId: 'clip', atSeconds: 3 }, inputs, await context()), /past the end/);
    await validation(async () => planRender({ kind: 'frame', videoId: 'tone', atSeconds: 1 }, inputs, await context()), /needs a video/);
  });
});

describe('extract-audio', () => {
  it('extracts the sound as AAC in an m4a', async () => {
    const { file, plan } = await render({ kind: 'extract-audio', videoId: 'clip' }, inputs);
    expect(plan.outputExt).toBe('m4a');
    const p = probe(file);
    expect(p.video).toBeUndefined();
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 3)).toBeLessThan(0.1);
  });

  it('refuses a video without sound', async () => {
    await validation(async () => planRender({ kind: 'extract-audio', videoId: 'mute' }, inputs, await context()), /no sound to extract/);
  });
});
