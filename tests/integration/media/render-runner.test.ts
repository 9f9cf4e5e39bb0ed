// The runner: cancel mid-render, failures in one sentence without folders, progress, and the argv fluent-ffmpeg spawns.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { runRender } from '../../../src-main/core/media/render/run-ffmpeg';
import { AppError } from '../../../src-shared/errors';
import { tempDir } from '../../helpers/core';
import { context, inputsOf, makeClip, makePicture, probe, render } from './render-helpers';

let dir: string;
let inputs: Map<string, RenderInput>;

beforeAll(async () => {
  dir = tempDir('promogpt-render-runner-');
  makeClip(path.join(dir, 'clip.mp4'), { seconds: 3, rate: 30 });
  for (const i of [1, 2, 3, 4]) makePicture(path.join(dir, `p${i}.png`), '640x480');
  inputs = await inputsOf({
    clip: path.join(dir, 'clip.mp4'),
    p1: path.join(dir, 'p1.png'),
    p2: path.join(dir, 'p2.png'),
    p3: path.join(dir, 'p3.png'),
    p4: path.join(dir, 'p4.png'),
  });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runRender', { timeout: 120_000 }, () => {
  it('stops on abort: rejects with Cancelled, leaves no output, and ffmpeg is gone', async () => {
    const ctx = await context();
    const plan = planRender({ kind: 'image-to-video', imageIds: ['p1', 'p2', 'p3', 'p4'], aspect: '9:16', secondsPerImage: 6 }, inputs, ctx);
    const out = path.join(tempDir('promogpt-render-cancel-'), 'output.mp4');
    const controller = new AbortController();
    const pids: number[] = [];
    let error: unknown;
    let abortedAt = 0;
    try {
      await runRender('ffmpeg', plan, out, {
        signal: controller.signal,
        onSpawn: (pid) => pids.push(pid),
        onProgress: (p) => {
          if (p.fraction > 0 && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      });
    } catch (e) {
      error = e;
    }
    // SIGTERM, and SIGKILL 1.5 s later at the latest.
    expect(Date.now() - abortedAt).toBeLessThan(3000);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).name).toBe('Cancelled');
    expect((error as AppError).message).toBe('The render was cancelled.');
    expect(fs.existsSync(out)).toBe(false);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0] as number)).toBe(false);
  });

  it('does not start when already aborted', async () => {
    const plan = planRender({ kind: 'extract-audio', videoId: 'clip' }, inputs, await context());
    const out = path.join(tempDir('promogpt-render-cancel-'), 'output.m4a');
    const controller = new AbortController();
    controller.abort();
    await expect(runRender('ffmpeg', plan, out, { signal: controller.signal, onProgress: () => {} })).rejects.toMatchObject({ name: 'Cancelled' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('says in one sentence what went wrong, with file names but no folders, and deletes the output', async () => {
    const bad = path.join(dir, 'secret folder', 'broken.mp4');
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    fs.writeFileSync(bad, Buffer.alloc(4096, 7));
    const broken = new Map(inputs);
    broken.set('broken', { ...(inputs.get('clip') as RenderInput), id: 'broken', file: bad });
    const plan = planRender({ kind: 'trim', videoId: 'broken', fromSeconds: 0, toSeconds: 1 }, broken, await context());
    const out = path.join(tempDir('promogpt-render-fail-'), 'output.mp4');
    let error: unknown;
    try {
      await runRender('ffmpeg', plan, out, { signal: new AbortController().signal, onProgress: () => {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toMatch(/^The render failed: ffmpeg stopped with “.+”; .+\.$/);
    expect(message).toContain('broken.mp4');
    expect(message).not.toContain(dir);
    expect(message).not.toContain('secret folder');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('reports progress at most ~4 times a second, rising to 1, with speed and ETA', async () => {
    const started = Date.now();
    const { progress, file } = await render({ kind: 'image-to-video', imageIds: ['p1', 'p2'], aspect: '1:1', secondsPerImage: 2 }, inputs);
    const wallSeconds = (Date.now() - started) / 1000;
    // One report per 250 ms, plus each step's end and the final 1.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(wallSeconds * 4) + 3);
    expect(probe(file).video?.codec).toBe('h264');
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    expect(progress.some((p) => p.speed !== null && p.speed > 0)).toBe(true);
    expect(progress.some((p) => p.etaSeconds !== null)).toBe(true);
  });

  it('spawns exactly the argv it reports: each value one argument, nothing split on spaces', async () => {
    const spaced = path.join(tempDir('promogpt render spaced '), 'my clip.mp4');
    fs.copyFileSync(path.join(dir, 'clip.mp4'), spaced);
    const spacedInputs = await inputsOf({ clip: spaced });
    const { argvs, spawned, file } = await render({ kind: 'trim', videoId: 'clip', fromSeconds: 0, toSeconds: 1 }, spacedInputs);
    expect(argvs).toHaveLength(1);
    const argv = argvs[0] as readonly string[];
    // fluent-ffmpeg added, dropped or reordered nothing.
    expect(spawned[0]).toBe(`ffmpeg ${argv.join(' ')}`);
    expect(argv[0]).toBe('-y');
    expect(argv).toContain(`file:${spaced}`);
    expect(argv.at(-1)).toMatch(/^file:/);
    expect(Math.abs(probe(file).duration - 1)).toBeLessThan(0.05);
  });
});
